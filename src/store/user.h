/*
 * This file declares the users of a database: each holds one or more roles (core/roles.h, stored as
 * their names joined by 、), belongs to a unit, may be linked to a person of the inspector directory
 * (an inspector must be), and may have a password for the web application (argon2id, encoded with its
 * parameters: core/password.h). Who may do what is decided above the store (src/op/authz.c); the
 * store only keeps the rows. Writes happen inside the caller's transaction and append an audit entry
 * "user:NAME" whose content hash covers every column but the bookkeeping times.
 */
#ifndef SUIJI_STORE_USER_H
#define SUIJI_STORE_USER_H

#include "store/store.h"

struct user {
	char name[128];
	char person_id[64]; /* "" when none */
	char roles[256];    /* role names joined by 、 (as stored) */
	unsigned mask;	    /* the same as bits (core/roles.h), filled when read */
	long unit_id;
	int active;
	char password[160];    /* the encoded argon2id hash, "" when none */
	int failed;	       /* failed sign-ins since the last success */
	char locked_until[32]; /* "" when not locked */
	char created_at[32], created_by[128], updated_at[32], updated_by[128];
};

/* 1 with *u filled when "name" is registered (active or not), 0 when not, -1 with *err on error. */
int store_user_get(struct store *st, const char *name, struct user *u, char **err);
/* Number of registered users; with "role_mask" only the active ones holding any of those roles. -1 on error.
 */
long store_user_count(struct store *st, unsigned role_mask, char **err);
/*
 * Registers "u" as active, inside the caller's transaction, with an audit entry (action "user add").
 * -1 with *err on error, e.g. a name already registered.
 */
int store_user_add(struct store *st, const struct user *u, const char *at, const char *actor, char **err);
/*
 * Writes every field of "u->name" (roles, person, unit, active, password, failed, lock) inside the
 * caller's transaction, with an audit entry "action" ("user role", "user passwd", "sign-in failed" …).
 */
int store_user_update(struct store *st, const struct user *u, const char *action, const char *at,
		      const char *actor, char **err);
/* Calls fn for every user, by name. */
int store_user_each(struct store *st, int (*fn)(const struct user *u, void *arg), void *arg, char **err);
/* The content hash of a user's row as the audit chain records it (hex). */
void store_user_hash(const struct user *u, char hex[65]);
/* The same from the database: 0, 1 when there is no such user, -1 on error. */
int store_user_hash_of(struct store *st, const char *name, char hex[65], char **err);

#endif
