/*
 * This file declares the operations on users and units (系统管理员、安全管理员): registering the first
 * administrator at init, adding users, changing their roles, unit, person or password, disabling and
 * enabling, locking and unlocking; and adding branches. Each checks the session's roles itself
 * (op/authz.h), runs in its own transaction with its audit entry, and never prints.
 */
#ifndef SUIJI_OP_USER_H
#define SUIJI_OP_USER_H

#include <stddef.h>

#include "op/session.h"
#include "store/user.h"

struct op_user_args {
	const char *name;
	const char *roles;  /* role names joined by 、，, (NULL: unchanged) */
	const char *person; /* person id (NULL: unchanged, "" to clear) */
	const char *unit; /* unit name or id (NULL: the session's chosen unit on add, unchanged otherwise) */
	const char *password; /* NULL: none / unchanged */
};

/*
 * Registers the first administrator of a database that has no user (市局管理员 and 系统管理员 of the
 * top unit) with "password". Refused (OP_CONFLICT) once any user exists.
 */
int op_user_first_admin(struct store *st, const char *name, const char *password, const char *actor,
			struct op_diag *d);
/* A random password that meets the policy (for the demo's logins), into out[OP_PASSWORD_GENERATED]. */
#define OP_PASSWORD_GENERATED 20
int op_password_generate(char out[OP_PASSWORD_GENERATED], struct op_diag *d);
/* Registers a user (user.manage; the three administrators' roles need role.assign). */
int op_user_add(struct op_session *s, const struct op_user_args *a, struct op_diag *d);
/* Changes roles, person or unit of an existing user. */
int op_user_change(struct op_session *s, const struct op_user_args *a, struct op_diag *d);
/* Disables (active = 0) or enables a user. */
int op_user_set_active(struct op_session *s, const char *name, int active, struct op_diag *d);
/* Sets a user's password (an administrator's reset, or the user's own change: "self"). */
int op_user_passwd(struct op_session *s, const char *name, const char *password, struct op_diag *d);
/* Locks a user until "until" ("" : unlocks and clears the count of failed sign-ins). */
int op_user_lock(struct op_session *s, const char *name, const char *until, struct op_diag *d);
/* Every user, by name, into a new array (*out, *n; free it). Needs user.manage or audit.read. */
int op_user_list(struct op_session *s, struct user **out, size_t *n, struct op_diag *d);

/* Adds a branch (level county) under the top unit with its jurisdiction "regions" (codes joined by ,、). */
int op_unit_add(struct op_session *s, const char *name, const char *regions, struct unit *out,
		struct op_diag *d);

struct op_unit_row {
	struct unit u;
	long staff; /* on-duty business staff (执法 or 监管, 在岗) whose region is in the unit's jurisdiction
		     */
	long objects; /* objects of the unit now */
	long people;  /* people of the unit now */
};
/* Every unit with its staff count and directory sizes. Needs directory.read on the top unit's tree. */
int op_unit_list(struct op_session *s, struct op_unit_row **out, size_t *n, struct op_diag *d);

#endif
