/*
 * This file declares the sessions of the web application (table web_session): one row per signed-in
 * browser, keyed by the SHA-256 of its random session id (the cookie), holding the user, the SHA-256
 * of its CSRF token, when it began and when it was last used (Unix seconds) and the client's address.
 * The rules (idle and absolute expiry, who may sign in) live in op/signin.c; the store keeps rows.
 * Each function is one statement: it runs inside the caller's transaction when there is one.
 */
#ifndef SUIJI_STORE_SESSION_H
#define SUIJI_STORE_SESSION_H

#include "store/store.h"

struct web_session {
	char id_hash[65];
	char user[128];
	char csrf_hash[65];
	long long created, seen;
	char ip[64];
};

int store_websession_add(struct store *st, const struct web_session *w, char **err);
/* 1 with *w filled when a session with "id_hash" exists, 0 when not, -1 with *err. */
int store_websession_get(struct store *st, const char *id_hash, struct web_session *w, char **err);
int store_websession_touch(struct store *st, const char *id_hash, long long seen, char **err);
int store_websession_delete(struct store *st, const char *id_hash, char **err);
/* Ends every session of "user" (a lock, a disabled account, a new password). */
int store_websession_delete_user(struct store *st, const char *user, char **err);
/* Removes sessions last used before "seen_before" or begun before "created_before". */
int store_websession_purge(struct store *st, long long seen_before, long long created_before, char **err);

#endif
