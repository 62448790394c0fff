/*
 * This file declares the bureau a database belongs to (store/org.h) as operations for setting a
 * database up, before any user exists: reading the organisation, and recording it with the public half
 * of its signing key as the first entry of the audit chain ("suiji init", "suiji demo"). No session and
 * no role: whoever holds the new database file sets it up; the first administrator follows
 * (op_user_first_admin).
 */
#ifndef SUIJI_OP_ORG_H
#define SUIJI_OP_ORG_H

#include "op/diag.h"
#include "store/org.h"

/* 1 with *o filled when the database is initialised, 0 when not, -1 with *d. */
int op_org_get(struct store *st, struct org *o, struct op_diag *d);
/*
 * Records the organisation "o" and its signing key "pub" (hex; NULL: none) with one audit entry by
 * "actor", in one transaction. Refused (OP_CONFLICT) when the database is initialised already. 0, or -1
 * with *d.
 */
int op_org_init(struct store *st, const struct org *o, const char *actor, const char *pub, struct op_diag *d);

#endif
