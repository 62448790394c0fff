/*
 * This file declares reading the audit chain (oversight, the audit administrator: audit.read): its
 * entries, newest first, and a verification of the whole chain and of the rows behind it. Nothing is
 * written. The command line's "suiji audit" and the server both may call these.
 */
#ifndef SUIJI_OP_AUDIT_H
#define SUIJI_OP_AUDIT_H

#include "op/session.h"
#include "store/audit.h"

/* Calls fn for the newest "limit" entries (0: all), newest first. audit.read. 0, or -1 with *d. */
int op_audit_entries(struct op_session *s, long limit, int (*fn)(const struct audit_entry *e, void *arg),
		     void *arg, struct op_diag *d);
/* Verifies the chain (store_audit_verify) into *r: 0 when everything holds, 1 when r->problem says what
 * does not, -1 with *d (refused, or the database failed). audit.read. Release *r with audit_report_release.
 */
int op_audit_verify(struct op_session *s, struct audit_report *r, struct op_diag *d);

#endif
