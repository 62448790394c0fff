/*
 * This file implements the stored draws (see draw.h) over the table "draw".
 */
#include "store/draw.h"

#include <stdio.h>
#include <string.h>

#include "store/store-internal.h"
#include "util/error.h"

#define DRAW_COLS                                                                                  \
	"id, year, period, lines, plan_version, inputs, inputs_hash, salt, salt_commitment,"         \
	" announcement, beacon_source, announced_at, announced_by, beacon_value, result, run_at,"    \
	" run_by, state, supersedes, reason, revealed_at, reveal_reason, meta"

long store_draw_insert(struct store *st, const struct draw_row *d, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO draw(year, period, lines, plan_version, inputs, inputs_hash, salt,"
		       " salt_commitment, announcement, beacon_source, announced_at, announced_by, state,"
		       " supersedes, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'announced', ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_int(s, 1, d->year);
	sqlite3_bind_text(s, 2, d->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, d->lines, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, d->plan_version);
	sqlite3_bind_text(s, 5, d->inputs, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, d->inputs_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, d->salt, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, d->salt_commitment, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, d->announcement, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, d->beacon_source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, d->announced_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 12, d->announced_by, -1, SQLITE_STATIC);
	if (d->supersedes)
		sqlite3_bind_int64(s, 13, d->supersedes);
	db_bind_text(s, 14, d->reason);
	long id = -1;
	if (sqlite3_step(s) == SQLITE_DONE)
		id = (long)sqlite3_last_insert_rowid(st->db);
	else
		db_fail(st, "保存抽取公告", err);
	sqlite3_finalize(s);
	return id;
}

static int walk(struct store *st, sqlite3_stmt *s, int (*fn)(const struct draw_row *d, void *arg), void *arg,
		char **err, int *found)
{
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct draw_row d = {
			.id = (long)sqlite3_column_int64(s, 0),
			.year = sqlite3_column_int(s, 1),
			.period = db_col(s, 2),
			.lines = db_col(s, 3),
			.plan_version = sqlite3_column_int(s, 4),
			.inputs = db_col(s, 5),
			.inputs_hash = db_col(s, 6),
			.salt = db_col(s, 7),
			.salt_commitment = db_col(s, 8),
			.announcement = db_col(s, 9),
			.beacon_source = db_col(s, 10),
			.announced_at = db_col(s, 11),
			.announced_by = db_col(s, 12),
			.beacon_value = db_col(s, 13),
			.result = db_col(s, 14),
			.run_at = db_col(s, 15),
			.run_by = db_col(s, 16),
			.state = db_col(s, 17),
			.supersedes = (long)sqlite3_column_int64(s, 18),
			.reason = db_col(s, 19),
			.revealed_at = db_col(s, 20),
			.reveal_reason = db_col(s, 21),
			.meta = db_col(s, 22),
		};
		if (found)
			*found = 1;
		int r = fn(&d, arg);
		if (r)
			return r;
	}
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取抽取记录", err);
}

int store_draw_get(struct store *st, long id, int (*fn)(const struct draw_row *d, void *arg), void *arg,
		   char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " DRAW_COLS " FROM draw WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int found = 0;
	int rc = walk(st, s, fn, arg, err, &found);
	sqlite3_finalize(s);
	return rc ? rc : found ? 0 : 1;
}

int store_draw_each(struct store *st, int (*fn)(const struct draw_row *d, void *arg), void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " DRAW_COLS " FROM draw ORDER BY id DESC", &s, err))
		return -1;
	int rc = walk(st, s, fn, arg, err, NULL);
	sqlite3_finalize(s);
	return rc;
}

long store_draw_find_active(struct store *st, int year, const char *period, const char *lines, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT id FROM draw WHERE year = ? AND period = ? AND lines = ? AND state != 'void'"
		       " ORDER BY id DESC LIMIT 1",
		       &s, err))
		return -1;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_text(s, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, lines, -1, SQLITE_STATIC);
	long id = 0;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		id = (long)sqlite3_column_int64(s, 0);
	else if (rc != SQLITE_DONE)
		id = db_fail(st, "查询抽取记录", err);
	sqlite3_finalize(s);
	return id;
}

int store_draw_set_result(struct store *st, long id, const char *beacon_value, const char *result,
			  const char *run_at, const char *run_by, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "UPDATE draw SET beacon_value = ?, result = ?, run_at = ?, run_by = ?, state = 'drawn'"
		       " WHERE id = ? AND state = 'announced'",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, beacon_value, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, result, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, run_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, run_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, id);
	int rc = sqlite3_step(s) == SQLITE_DONE ? (sqlite3_changes(st->db) ? 0 : 1) : db_fail(st, "保存抽取结果", err);
	sqlite3_finalize(s);
	return rc;
}

int store_draw_set_state(struct store *st, long id, const char *state, const char *at, const char *reason,
			 char **err)
{
	sqlite3_stmt *s;
	if (!strcmp(state, "revealed")) {
		if (db_prepare(st, "UPDATE draw SET state = 'revealed', revealed_at = ?, reveal_reason = ? WHERE id = ?",
			       &s, err))
			return -1;
		sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC);
		db_bind_text(s, 2, reason);
		sqlite3_bind_int64(s, 3, id);
	} else {
		if (db_prepare(st, "UPDATE draw SET state = ? WHERE id = ?", &s, err))
			return -1;
		sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, id);
	}
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "更新抽取状态", err);
	sqlite3_finalize(s);
	return rc;
}

int store_draw_set_meta(struct store *st, long id, const char *meta, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "UPDATE draw SET meta = ? WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, meta, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "保存抽取信息", err);
	sqlite3_finalize(s);
	return rc;
}
