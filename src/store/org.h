/*
 * This file declares the organisation (the bureau) a database belongs to, and the logged
 * overrides of credit codes that fail their check but are accepted by an operator's decision.
 */
#ifndef SUIJI_STORE_ORG_H
#define SUIJI_STORE_ORG_H

#include "store/store.h"

struct org {
	char name[256];
	char region[7];
	char level[8]; /* "city" or "county" */
	char created_at[26];
};

/* 1 with *o filled when the database is initialised, 0 when not, -1 on error. */
int store_org_get(struct store *st, struct org *o, char **err);
/* Records the organisation (and an audit entry) in one transaction; -1 when already initialised. */
int store_org_init(struct store *st, const struct org *o, const char *actor, char **err);

/* 1 when "uscc" has a recorded override, 0 when not. */
int store_uscc_override_has(struct store *st, const char *uscc);
/* Records an override inside the caller's transaction. */
int store_uscc_override_add(struct store *st, const char *uscc, const char *reason, const char *actor,
			    const char *at, long batch, char **err);

#endif
