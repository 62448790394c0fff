/*
 * This file declares the audit chain: an append-only list of every change, each entry hashing the
 * one before it, so that a change after the fact shows (see docs/SECURITY.md once written).
 */
#ifndef SUIJI_STORE_AUDIT_H
#define SUIJI_STORE_AUDIT_H

#include "store/store.h"

/*
 * Appends an entry inside the caller's transaction: who ("actor"), when ("at"), what ("action",
 * e.g. "import objects"), on what ("subject", e.g. "batch:12"), and the hash of the new content.
 * entry hash = SHA-256(prev_hash 0x0A seq 0x0A at 0x0A actor 0x0A action 0x0A subject 0x0A content_hash).
 */
int store_audit_append(struct store *st, const char *at, const char *actor, const char *action,
		       const char *subject, const char *content_hash, char **err);
/* The newest entry's hash and sequence number ("" and 0 for an empty chain). */
int store_audit_head(struct store *st, char hash[65], long *seq, char **err);

#endif
