/*
 * This file implements the users table and its audit entries (see user.h).
 */
#include "store/user.h"

#include <stdio.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"

const char *const user_roles[] = {ROLE_ADMIN, ROLE_INSPECTOR, ROLE_OVERSIGHT, ROLE_PUBLISHER, NULL};

int user_role_valid(const char *role)
{
	for (int i = 0; role && user_roles[i]; i++)
		if (!strcmp(role, user_roles[i]))
			return 1;
	return 0;
}

#define USER_COLS "name, person_id, role, active, created_at, created_by, updated_at, updated_by"

static void user_from_row(sqlite3_stmt *s, struct user *u)
{
	snprintf(u->name, sizeof(u->name), "%s", db_col(s, 0));
	snprintf(u->person_id, sizeof(u->person_id), "%s", db_col(s, 1));
	snprintf(u->role, sizeof(u->role), "%s", db_col(s, 2));
	u->active = sqlite3_column_int(s, 3);
	snprintf(u->created_at, sizeof(u->created_at), "%s", db_col(s, 4));
	snprintf(u->created_by, sizeof(u->created_by), "%s", db_col(s, 5));
	snprintf(u->updated_at, sizeof(u->updated_at), "%s", db_col(s, 6));
	snprintf(u->updated_by, sizeof(u->updated_by), "%s", db_col(s, 7));
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

long store_user_count(struct store *st, int active_admins, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       active_admins ? "SELECT count(*) FROM users WHERE role = '" ROLE_ADMIN "' AND active = 1"
				     : "SELECT count(*) FROM users",
		       &s, err))
		return -1;
	long n = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : db_fail(st, "统计用户", err);
	sqlite3_finalize(s);
	return n;
}

void store_user_hash(const struct user *u, char hex[65])
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\n%s\n%s\n%d", u->name, u->person_id, u->role, u->active ? 1 : 0);
	sha256_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
}

int store_user_hash_of(struct store *st, const char *name, char hex[65], char **err)
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

static int audit_user(struct store *st, const char *name, const char *action, const char *at, const char *actor,
		      char **err)
{
	char hex[65], subject[160];
	if (store_user_hash_of(st, name, hex, err))
		return -1;
	snprintf(subject, sizeof(subject), "user:%s", name);
	return store_audit_append(st, at, actor, action, subject, hex, err);
}

int store_user_add(struct store *st, const struct user *u, const char *at, const char *actor, char **err)
{
	if (store_begin(st, err))
		return -1;
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO users(name, person_id, role, active, created_at, created_by, updated_at, updated_by)"
		       " VALUES (?1, ?2, ?3, 1, ?4, ?5, ?4, ?5)",
		       &s, err))
		goto fail;
	sqlite3_bind_text(s, 1, u->name, -1, SQLITE_STATIC);
	db_bind_text(s, 2, u->person_id);
	sqlite3_bind_text(s, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT) {
		set_err(err, "用户“%s”已登记（改角色请用 suiji user role）", u->name);
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		db_fail(st, "登记用户", err);
		goto fail;
	}
	if (audit_user(st, u->name, "user add", at, actor, err))
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_user_update(struct store *st, const struct user *u, const char *action, const char *at, const char *actor,
		      char **err)
{
	if (store_begin(st, err))
		return -1;
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "UPDATE users SET person_id = ?2, role = ?3, active = ?4, updated_at = ?5, updated_by = ?6"
		       " WHERE name = ?1",
		       &s, err))
		goto fail;
	sqlite3_bind_text(s, 1, u->name, -1, SQLITE_STATIC);
	db_bind_text(s, 2, u->person_id);
	sqlite3_bind_text(s, 3, u->role, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, u->active ? 1 : 0);
	sqlite3_bind_text(s, 5, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		db_fail(st, "修改用户", err);
		goto fail;
	}
	if (!sqlite3_changes(st->db)) {
		set_err(err, "用户“%s”未登记", u->name);
		goto fail;
	}
	long admins = store_user_count(st, 1, err);
	if (admins < 0)
		goto fail;
	if (admins == 0) {
		set_err(err, "不能这样修改：修改后将没有在用的管理员（至少保留一名管理员）");
		goto fail;
	}
	if (audit_user(st, u->name, action, at, actor, err))
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
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
