/*
 * This file implements files uploaded to inspection tasks (see upload.h): one row each in table
 * "upload", bytes included, written once.
 */
#include "store/upload.h"

#include <stdio.h>
#include <string.h>

#include "store/store-internal.h"

long store_upload_insert(struct store *st, const struct upload_row *u, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO upload(task_id, name, type, sha256, size, data, added_at, added_by)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, u->task_id);
	sqlite3_bind_text(s, 2, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, u->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, u->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, u->size);
	sqlite3_bind_blob64(s, 6, u->size ? u->data : "", (sqlite3_uint64)u->size, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, u->added_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, u->added_by, -1, SQLITE_STATIC);
	long id = sqlite3_step(s) == SQLITE_DONE ? (long)sqlite3_last_insert_rowid(st->db) : -1;
	sqlite3_finalize(s);
	if (id < 0)
		db_fail(st, "保存附件", err);
	return id;
}

static void from_row(sqlite3_stmt *s, struct upload_row *u, int data)
{
	*u = (struct upload_row){
	    .id = (long)sqlite3_column_int64(s, 0),
	    .task_id = (long)sqlite3_column_int64(s, 1),
	    .name = db_col(s, 2),
	    .type = db_col(s, 3),
	    .sha256 = db_col(s, 4),
	    .size = (long)sqlite3_column_int64(s, 5),
	    .added_at = db_col(s, 6),
	    .added_by = db_col(s, 7),
	};
	if (data) {
		u->data = sqlite3_column_blob(s, 8);
		u->size = sqlite3_column_bytes(s, 8);
	}
}

int store_upload_get(struct store *st, long id, int data, int (*fn)(const struct upload_row *u, void *arg),
		     void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		data ? "SELECT id, task_id, name, type, sha256, size, added_at, added_by, data FROM upload"
		       " WHERE id = ?"
		     : "SELECT id, task_id, name, type, sha256, size, added_at, added_by FROM upload"
		       " WHERE id = ?",
		&s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		struct upload_row u;
		from_row(s, &u, data);
		rc = fn(&u, arg);
		sqlite3_finalize(s);
		return rc;
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 1 : db_fail(st, "读取附件", err);
}

int store_upload_each(struct store *st, long task_id, int (*fn)(const struct upload_row *u, void *arg),
		      void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       task_id
			   ? "SELECT id, task_id, name, type, sha256, size, added_at, added_by FROM upload"
			     " WHERE task_id = ? ORDER BY id"
			   : "SELECT id, task_id, name, type, sha256, size, added_at, added_by FROM upload"
			     " ORDER BY id",
		       &s, err))
		return -1;
	if (task_id)
		sqlite3_bind_int64(s, 1, task_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct upload_row u;
		from_row(s, &u, 0);
		int r = fn(&u, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取附件", err);
}

int store_upload_ref(struct store *st, long id, char *ref, char **err)
{
	*ref = 0;
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT CASE"
		       " WHEN EXISTS (SELECT 1 FROM attachment a JOIN result r ON r.id = a.result_id"
		       "   WHERE r.task_id = u.task_id AND a.sha256 = u.sha256 AND a.name = u.name) THEN 'r'"
		       " WHEN EXISTS (SELECT 1 FROM attachment a JOIN problem_step ps ON ps.id = a.step_id"
		       "   JOIN problem p ON p.id = ps.problem_id"
		       "   WHERE p.task_id = u.task_id AND a.sha256 = u.sha256 AND a.name = u.name) THEN 'e'"
		       " ELSE '' END FROM upload u WHERE u.id = ?",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*ref = *db_col(s, 0);
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, "读取附件", err);
}
