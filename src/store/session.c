/*
 * This file implements the web application's session rows (store/session.h).
 */
#include "store/session.h"

#include <stdio.h>
#include <string.h>

#include "store/store-internal.h"

static int run(struct store *st, sqlite3_stmt *s, const char *what, char **err)
{
	int rc = sqlite3_step(s);
	sqlite3_reset(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, what, err);
}

int store_websession_add(struct store *st, const struct web_session *w, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare_cached(st,
			      "INSERT INTO web_session(id_hash, user_name, csrf_hash, created, seen, ip)"
			      " VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			      &s, err))
		return -1;
	sqlite3_bind_text(s, 1, w->id_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, w->user, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, w->csrf_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, w->created);
	sqlite3_bind_int64(s, 5, w->seen);
	sqlite3_bind_text(s, 6, w->ip, -1, SQLITE_STATIC);
	return run(st, s, "登记会话", err);
}

int store_websession_get(struct store *st, const char *id_hash, struct web_session *w, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare_cached(
		st,
		"SELECT id_hash, user_name, csrf_hash, created, seen, ip FROM web_session WHERE id_hash = ?1",
		&s, err))
		return -1;
	sqlite3_bind_text(s, 1, id_hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s), found = 0;
	if (rc == SQLITE_ROW) {
		snprintf(w->id_hash, sizeof(w->id_hash), "%s", db_col(s, 0));
		snprintf(w->user, sizeof(w->user), "%s", db_col(s, 1));
		snprintf(w->csrf_hash, sizeof(w->csrf_hash), "%s", db_col(s, 2));
		w->created = sqlite3_column_int64(s, 3);
		w->seen = sqlite3_column_int64(s, 4);
		snprintf(w->ip, sizeof(w->ip), "%s", db_col(s, 5));
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(st, "读取会话", err);
	}
	sqlite3_reset(s);
	return found;
}

int store_websession_touch(struct store *st, const char *id_hash, long long seen, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare_cached(st, "UPDATE web_session SET seen = ?2 WHERE id_hash = ?1", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, id_hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, seen);
	return run(st, s, "更新会话", err);
}

int store_websession_delete(struct store *st, const char *id_hash, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare_cached(st, "DELETE FROM web_session WHERE id_hash = ?1", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, id_hash, -1, SQLITE_STATIC);
	return run(st, s, "结束会话", err);
}

int store_websession_delete_user(struct store *st, const char *user, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare_cached(st, "DELETE FROM web_session WHERE user_name = ?1", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, user, -1, SQLITE_STATIC);
	return run(st, s, "结束会话", err);
}

int store_websession_purge(struct store *st, long long seen_before, long long created_before, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare_cached(st, "DELETE FROM web_session WHERE seen < ?1 OR created < ?2", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seen_before);
	sqlite3_bind_int64(s, 2, created_before);
	return run(st, s, "清理会话", err);
}
