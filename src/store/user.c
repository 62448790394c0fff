/*
 * This file implements the users table and its audit entries (see user.h).
 */
#include "store/user.h"

#include <stdio.h>
#include <string.h>

#include "core/hash.h"
#include "core/roles.h"
#include "store/audit.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"

#define USER_COLS                                                                                            \
	"name, person_id, roles, unit_id, active, password, failed, locked_until, created_at, created_by, "  \
	"updated_at, updated_by"

static void user_from_row(sqlite3_stmt *s, struct user *u)
{
	snprintf(u->name, sizeof(u->name), "%s", db_col(s, 0));
	snprintf(u->person_id, sizeof(u->person_id), "%s", db_col(s, 1));
	snprintf(u->roles, sizeof(u->roles), "%s", db_col(s, 2));
	char bad[64];
	if (roles_parse(u->roles, &u->mask, bad))
		u->mask = 0; /* an unknown role name grants nothing */
	u->unit_id = (long)sqlite3_column_int64(s, 3);
	u->active = sqlite3_column_int(s, 4);
	snprintf(u->password, sizeof(u->password), "%s", db_col(s, 5));
	u->failed = sqlite3_column_int(s, 6);
	snprintf(u->locked_until, sizeof(u->locked_until), "%s", db_col(s, 7));
	snprintf(u->created_at, sizeof(u->created_at), "%s", db_col(s, 8));
	snprintf(u->created_by, sizeof(u->created_by), "%s", db_col(s, 9));
	snprintf(u->updated_at, sizeof(u->updated_at), "%s", db_col(s, 10));
	snprintf(u->updated_by, sizeof(u->updated_by), "%s", db_col(s, 11));
}

int store_user_get(struct store *st, const char *name, struct user *u, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " USER_COLS " FROM users WHERE name = ?", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, name, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	int found = 0;
	if (rc == SQLITE_ROW) {
		user_from_row(s, u);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(st, "读取用户", err);
	}
	sqlite3_finalize(s);
	return found;
}

struct count_arg {
	unsigned mask;
	long n;
};

static int count_one(const struct user *u, void *arg)
{
	struct count_arg *c = arg;
	if (!c->mask || (u->active && (u->mask & c->mask)))
		c->n++;
	return 0;
}

long store_user_count(struct store *st, unsigned role_mask, char **err)
{
	struct count_arg c = {role_mask, 0};
	return store_user_each(st, count_one, &c, err) ? -1 : c.n;
}

void store_user_hash(const struct user *u, char hex[65])
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "suiji-user-v2\n%s\n%s\n%s\n%ld\n%d\n%s\n%d\n%s", u->name, u->person_id, u->roles,
		    u->unit_id, u->active ? 1 : 0, u->password, u->failed, u->locked_until);
	sha256_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
}

int store_user_hash_v1(struct store *st, const char *name, char hex[65], char **err)
{
	struct user u;
	int found = store_user_get(st, name, &u, err);
	if (found < 0)
		return -1;
	if (!found)
		return 1;
	store_user_hash(&u, hex);
	return 0;
}

static int audit_user(struct store *st, const char *name, const char *action, const char *at,
		      const char *actor, char **err)
{
	char hex[65], subject[160];
	if (store_user_hash_of(st, name, hex, err))
		return -1;
	snprintf(subject, sizeof(subject), "user:%s", name);
	return store_audit_append(st, at, actor, action, subject, hex, err);
}

static void bind_user(sqlite3_stmt *s, const struct user *u)
{
	sqlite3_bind_text(s, 1, u->name, -1, SQLITE_STATIC);
	db_bind_text(s, 2, u->person_id);
	sqlite3_bind_text(s, 3, u->roles, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, u->unit_id ? u->unit_id : 1);
	sqlite3_bind_int(s, 5, u->active ? 1 : 0);
	db_bind_text(s, 6, u->password);
	sqlite3_bind_int(s, 7, u->failed);
	db_bind_text(s, 8, u->locked_until);
}

int store_user_add(struct store *st, const struct user *u, const char *at, const char *actor, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"INSERT INTO users(name, person_id, roles, unit_id, active, password, failed, locked_until,"
		" created_at, created_by, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
		"?9, ?10, ?9, ?10)",
		&s, err))
		return -1;
	bind_user(s, u);
	sqlite3_bind_text(s, 9, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT)
		return set_err(err, "用户“%s”已登记（改角色请用 suiji user role）", u->name);
	if (rc != SQLITE_DONE)
		return db_fail(st, "登记用户", err);
	return audit_user(st, u->name, "user add", at, actor, err);
}

int store_user_update(struct store *st, const struct user *u, const char *action, const char *at,
		      const char *actor, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "UPDATE users SET person_id = ?2, roles = ?3, unit_id = ?4, active = ?5, password = "
		       "?6, failed = ?7,"
		       " locked_until = ?8, updated_at = ?9, updated_by = ?10 WHERE name = ?1",
		       &s, err))
		return -1;
	bind_user(s, u);
	sqlite3_bind_text(s, 9, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, "修改用户", err);
	if (!sqlite3_changes(st->db))
		return set_err(err, "用户“%s”未登记", u->name);
	return audit_user(st, u->name, action, at, actor, err);
}

int store_user_each(struct store *st, int (*fn)(const struct user *u, void *arg), void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " USER_COLS " FROM users ORDER BY name", &s, err))
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct user u;
		user_from_row(s, &u);
		int r = fn(&u, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取用户", err);
}
