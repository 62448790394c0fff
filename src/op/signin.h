/*
 * This file declares signing in to the web application and the sessions that follow (等保2.0 三级):
 * a password checked against the user's argon2id hash; 5 failed sign-ins in a row lock the account
 * for 30 minutes; a session is a random 256-bit id (the cookie) kept in the database only as its
 * SHA-256, with a CSRF token derived from it (also kept only hashed); it ends after 30 minutes idle
 * and 12 hours in all, at sign-out, and when the account is locked or disabled. Every sign-in, failed
 * sign-in, lock and sign-out is an entry of the audit chain. The server (src/http/) calls these; they
 * never print.
 */
#ifndef SUIJI_OP_SIGNIN_H
#define SUIJI_OP_SIGNIN_H

#include "op/session.h"

#define SIGNIN_IDLE_SECONDS (30 * 60)
#define SIGNIN_MAX_SECONDS (12 * 3600)
#define SIGNIN_MAX_FAILED 5
#define SIGNIN_LOCK_SECONDS (30 * 60)

/* A session id or CSRF token as 64 hex digits. */
struct op_token {
	char hex[65];
};

/*
 * Signs "name" in with "password" from address "ip": on success a new session (its id in *sid, its
 * CSRF token in *csrf) and *s opened for the user. Refusals: OP_UNAUTH (unknown name or wrong
 * password, counted), OP_DENIED (locked or disabled), OP_INVALID (empty or overlong input).
 * The password hash is checked outside any transaction (it takes tens of milliseconds).
 */
int op_signin(struct store *st, const char *name, const char *password, const char *ip, struct op_session *s,
	      struct op_token *sid, struct op_token *csrf, struct op_diag *d);
/* Ends the session "sid" (audited as "sign-out"); an unknown or ended session: OP_UNAUTH. */
int op_signout(struct store *st, const char *sid, struct op_diag *d);
/*
 * Opens *s for the session "sid" (a cookie's value) acting on unit "unit" (NULL: the user's own).
 * "csrf" is the request's token for a state-changing request, NULL for a safe one. OP_UNAUTH when the
 * session is unknown, expired, or its user locked or disabled (the session is then removed);
 * OP_DENIED when the CSRF token is missing or wrong. Records the session's use at most once a minute.
 */
int op_session_check(struct store *st, const char *sid, const char *csrf, const char *unit,
		     struct op_session *s, struct op_diag *d);
/*
 * The signed-in user changes their own password: "old" must be the current one (a wrong one counts as
 * a failed sign-in and is refused with OP_DENIED), "password" must meet the policy. Audited.
 */
int op_password_change(struct op_session *s, const char *old, const char *password, struct op_diag *d);
/* The CSRF token of session "sid" (for a page that asks for it again). 0, or -1 when "sid" is malformed. */
int op_session_csrf(const char *sid, struct op_token *csrf);

#endif
