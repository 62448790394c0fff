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
/*
 * The same, and in the same transaction registers the bureau's signing key: "public_key" is the
 * Ed25519 public key in hex (core/sign.h); NULL registers none. One audit entry "org" covers both.
 */
int store_org_init_key(struct store *st, const struct org *o, const char *actor, const char *public_key,
		       char **err);

/*
 * Signing keys (签名密钥): the public halves of the bureau's Ed25519 keys, the newest being the one
 * in use. The private key never enters the database (docs/SECURITY.md).
 */
/* The key in use: 1 with *id and public_key (hex) filled, 0 when none is registered, -1 on error. */
int store_key_current(struct store *st, long *id, char public_key[65], char **err);
/* 1 when "public_key" (hex) is, or was, one of the bureau's keys; 0 when not; -1 on error. */
int store_key_known(struct store *st, const char *public_key, char **err);
/* Registers a new key in use and appends an entry "org" (action "key add"), in one transaction; N or -1. */
long store_key_add(struct store *st, const char *public_key, const char *at, const char *actor, char **err);

/* 1 when "uscc" has a recorded override, 0 when not. */
int store_uscc_override_has(struct store *st, const char *uscc);
/*
 * Records an override inside the caller's transaction, as part of batch "batch" whose audit entry
 * covers it. A code already overridden keeps its first record (the decision and its reason stay
 * as they were audited).
 */
int store_uscc_override_add(struct store *st, const char *uscc, const char *reason, const char *actor,
			    const char *at, long batch, char **err);

#endif
