/*
 * This file declares the users of a bureau's database and their roles (谁检查、谁录入、谁公开):
 *   管理员   administers everything (users, draws, plans, results, disclosure);
 *   执法人员 an inspector linked to a person of the inspector directory: sees and records only the
 *            tasks of the teams that person is in;
 *   监督     oversight (纪检、法制): reads everything, changes nothing;
 *   公开审核 approves disclosure (公开 / 不予公开) and publishes the public site.
 * Who may do what is decided in one place above the store (src/cmd/authz.c); the store only keeps
 * the rows. Every change is one transaction with an audit entry "user:NAME" whose content hash is
 * store_user_hash() of the row after the change.
 */
#ifndef SUIJI_STORE_USER_H
#define SUIJI_STORE_USER_H

#include "store/store.h"

#define ROLE_ADMIN "管理员"
#define ROLE_INSPECTOR "执法人员"
#define ROLE_OVERSIGHT "监督"
#define ROLE_PUBLISHER "公开审核"

/* The four roles, NULL-terminated. */
extern const char *const user_roles[];
/* 1 when "role" is one of them. */
int user_role_valid(const char *role);

struct user {
	char name[128];
	char person_id[64]; /* "" when none */
	char role[32];
	int active;
	char created_at[32], created_by[128], updated_at[32], updated_by[128];
};

/* 1 with *u filled when "name" is registered (active or not), 0 when not, -1 with *err on error. */
int store_user_get(struct store *st, const char *name, struct user *u, char **err);
/* Number of registered users; with "active_admins" only the active 管理员. -1 on error. */
long store_user_count(struct store *st, int active_admins, char **err);
/*
 * Registers "u" (name, person_id, role) as active, in its own transaction with an audit entry
 * (action "user add"). -1 with *err on error, e.g. a name already registered.
 */
int store_user_add(struct store *st, const struct user *u, const char *at, const char *actor, char **err);
/*
 * Changes the role, person and active flag of "u->name" in its own transaction with an audit entry
 * ("action", e.g. "user role"). Refuses (-1, *err) to leave the database without an active 管理员
 * once users are registered.
 */
int store_user_update(struct store *st, const struct user *u, const char *action, const char *at, const char *actor,
		      char **err);
/* Calls fn for every user, by name. */
int store_user_each(struct store *st, int (*fn)(const struct user *u, void *arg), void *arg, char **err);
/*
 * The content hash of a user's row as the audit chain records it: SHA-256 of
 * "name 0x0A person_id 0x0A role 0x0A active" (hex). For the audit verifier.
 */
void store_user_hash(const struct user *u, char hex[65]);
/* The same from the database: 0, 1 when there is no such user, -1 on error. */
int store_user_hash_of(struct store *st, const char *name, char hex[65], char **err);

#endif
