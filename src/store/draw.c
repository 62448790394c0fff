/*
 * This file implements the stored draws (see draw.h) over the tables "draw" and "draw_input". The
 * frame of a draw is written once, compressed with zstd, into draw_input; the draw row keeps
 * inputs = '' so that the updates of a run, a reveal or a void do not rewrite it, and the row walks
 * do not read it.
 */
#include "store/draw.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#include "store/store-internal.h"
#include "util/error.h"
#include "util/xalloc.h"

/* every column but inputs, which store_draw_inputs reads on demand */
#define DRAW_COLS                                                                                            \
	"id, year, period, lines, plan_version, inputs_hash, salt, salt_commitment,"                         \
	" announcement, beacon_source, announced_at, announced_by, beacon_value, result, run_at,"            \
	" run_by, state, supersedes, reason, revealed_at, reveal_reason, meta, unit_id, beacon_date, "       \
	"attempt,"                                                                                           \
	" redraw_approved_by, redraw_approved_at, redraw_approval"

/*
 * Stores the frame "text" ("len" bytes) of draw "id" in draw_input as one zstd frame at level 1
 * (about 9:1 on CJ text) with its content size and checksum, compressed by two worker threads when
 * the library was built with them. The blob is bound where it was compressed, not copied.
 */
static int insert_input(struct store *st, long id, const char *text, size_t len, char **err)
{
	size_t cap = ZSTD_compressBound(len);
	if (ZSTD_isError(cap))
		return set_err(err, "抽取框架过大（%zu 字节），无法压缩", len);
	ZSTD_CCtx *cctx = ZSTD_createCCtx();
	if (!cctx)
		return set_err(err, "无法创建压缩上下文");
	ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, 1);
	ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, 1);	 /* a damaged frame fails to decompress */
	(void)ZSTD_CCtx_setParameter(cctx, ZSTD_c_nbWorkers, 2); /* an error here: single-threaded zstd */
	void *buf = xmalloc(cap);
	size_t n = ZSTD_compress2(cctx, buf, cap, text, len);
	ZSTD_freeCCtx(cctx);
	int rc = -1;
	if (ZSTD_isError(n)) {
		set_err(err, "压缩抽取框架失败: %s", ZSTD_getErrorName(n));
		goto out;
	}
	sqlite3_stmt *s;
	if (db_prepare(st, "INSERT INTO draw_input(draw_id, codec, size, data) VALUES (?, 'zstd', ?, ?)", &s,
		       err))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int64(s, 2, (sqlite3_int64)len);
	sqlite3_bind_blob64(s, 3, buf, n, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "保存抽取框架", err);
	sqlite3_finalize(s);
out:
	free(buf);
	return rc;
}

long store_draw_insert(struct store *st, const struct draw_row *d, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO draw(year, period, lines, plan_version, inputs, inputs_hash, salt,"
		       " salt_commitment, announcement, beacon_source, announced_at, announced_by, state,"
		       " supersedes, reason, unit_id, beacon_date, attempt)"
		       " VALUES (?, ?, ?, ?, '', ?, ?, ?, ?, ?, ?, ?, 'announced', ?, ?, ?, ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_int(s, 1, d->year);
	sqlite3_bind_text(s, 2, d->period, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, d->lines, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, d->plan_version);
	sqlite3_bind_text(s, 5, d->inputs_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, d->salt, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, d->salt_commitment, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, d->announcement, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, d->beacon_source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, d->announced_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, d->announced_by, -1, SQLITE_STATIC);
	if (d->supersedes)
		sqlite3_bind_int64(s, 12, d->supersedes);
	db_bind_text(s, 13, d->reason);
	if (d->unit_id > 1) /* the top unit stays NULL: its row hash is what older entries vouch for */
		sqlite3_bind_int64(s, 14, d->unit_id);
	if (d->beacon_date && *d->beacon_date)
		sqlite3_bind_text(s, 15, d->beacon_date, -1, SQLITE_STATIC);
	if (d->attempt)
		sqlite3_bind_int64(s, 16, d->attempt);
	long id = -1;
	if (sqlite3_step(s) == SQLITE_DONE)
		id = (long)sqlite3_last_insert_rowid(st->db);
	else
		db_fail(st, "保存抽取公告", err);
	sqlite3_finalize(s);
	if (id < 0)
		return -1;
	const char *text = d->inputs ? d->inputs : "";
	size_t len = d->inputs_len ? d->inputs_len : strlen(text);
	return insert_input(st, id, text, len, err) ? -1 : id;
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
		    .inputs = NULL,
		    .inputs_hash = db_col(s, 5),
		    .salt = db_col(s, 6),
		    .salt_commitment = db_col(s, 7),
		    .announcement = db_col(s, 8),
		    .beacon_source = db_col(s, 9),
		    .announced_at = db_col(s, 10),
		    .announced_by = db_col(s, 11),
		    .beacon_value = db_col(s, 12),
		    .result = db_col(s, 13),
		    .run_at = db_col(s, 14),
		    .run_by = db_col(s, 15),
		    .state = db_col(s, 16),
		    .supersedes = (long)sqlite3_column_int64(s, 17),
		    .reason = db_col(s, 18),
		    .revealed_at = db_col(s, 19),
		    .reveal_reason = db_col(s, 20),
		    .meta = db_col(s, 21),
		    .unit_id =
			sqlite3_column_type(s, 22) == SQLITE_NULL ? 0 : (long)sqlite3_column_int64(s, 22),
		    .beacon_date = db_col(s, 23),
		    .attempt = (long)sqlite3_column_int64(s, 24),
		    .redraw_approved_by = db_col(s, 25),
		    .redraw_approved_at = db_col(s, 26),
		    .redraw_approval = db_col(s, 27),
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

int store_draw_live(struct store *st, long unit_id, int year, const char *period, struct draw_live **out,
		    size_t *n, char **err)
{
	sqlite3_stmt *s;
	*out = NULL;
	*n = 0;
	if (db_prepare(
		st,
		"SELECT id, lines, state, coalesce(attempt, 0), coalesce(redraw_approved_by, '') FROM draw"
		" WHERE coalesce(unit_id, 1) = ? AND year = ? AND period = ?"
		" AND state != 'void' ORDER BY id",
		&s, err))
		return -1;
	sqlite3_bind_int64(s, 1, unit_id > 1 ? unit_id : 1);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_text(s, 3, period, -1, SQLITE_STATIC);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(*out, *n + 1, alloc);
		struct draw_live *l = &(*out)[(*n)++];
		l->id = (long)sqlite3_column_int64(s, 0);
		snprintf(l->lines, sizeof(l->lines), "%s", db_col(s, 1));
		snprintf(l->state, sizeof(l->state), "%s", db_col(s, 2));
		l->attempt = (long)sqlite3_column_int64(s, 3);
		snprintf(l->approved_by, sizeof(l->approved_by), "%s", db_col(s, 4));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(st, "查询抽取记录", err);
	}
	return 0;
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
	int rc = sqlite3_step(s) == SQLITE_DONE ? (sqlite3_changes(st->db) ? 0 : 1)
						: db_fail(st, "保存抽取结果", err);
	sqlite3_finalize(s);
	return rc;
}

int store_draw_set_state(struct store *st, long id, const char *state, const char *at, const char *reason,
			 char **err)
{
	sqlite3_stmt *s;
	if (!strcmp(state, "revealed")) {
		if (db_prepare(
			st,
			"UPDATE draw SET state = 'revealed', revealed_at = ?, reveal_reason = ? WHERE id = ?",
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

int store_draw_approve_redraw(struct store *st, long id, const char *by, const char *at, const char *reason,
			      char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "UPDATE draw SET redraw_approved_by = ?, redraw_approved_at = ?, redraw_approval = ? "
		       "WHERE id = ?",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, by, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 4, id);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "记录重新抽取的批准", err);
	sqlite3_finalize(s);
	return rc;
}

int store_draw_set_salt(struct store *st, long id, const char *salt, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "UPDATE draw SET salt = ? WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, salt, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "保存盐值", err);
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

/* The frame as stored in draw_input (current row of "s": codec, size, data at 1..3) into *text. */
static int inflate_input(long id, sqlite3_stmt *s, char **text, size_t *len, char **err)
{
	const char *codec = db_col(s, 1);
	sqlite3_int64 size = sqlite3_column_int64(s, 2);
	const void *data = sqlite3_column_blob(s, 3);
	size_t n = (size_t)sqlite3_column_bytes(s, 3);
	if (strcmp(codec, "zstd"))
		return set_err(err, "第 %ld 号抽取的抽取框架数据已损坏（未知的压缩方式 “%s”）", id, codec);
	if (size < 0 || (uint64_t)size >= SIZE_MAX)
		return set_err(err, "第 %ld 号抽取的抽取框架数据已损坏（长度 %lld 无效）", id,
			       (long long)size);
	unsigned long long framed = ZSTD_getFrameContentSize(data, n);
	if (framed == ZSTD_CONTENTSIZE_ERROR)
		return set_err(err, "第 %ld 号抽取的抽取框架数据已损坏（解压失败: 不是 zstd 数据）", id);
	if (framed != ZSTD_CONTENTSIZE_UNKNOWN && framed != (unsigned long long)size)
		return set_err(
		    err,
		    "第 %ld 号抽取的抽取框架数据已损坏（长度不符: 登记为 %lld 字节，压缩数据中为 %llu 字节）",
		    id, (long long)size, framed);
	char *out = malloc((size_t)size + 1); /* not xmalloc: a forged size must not abort the program */
	if (!out)
		return set_err(err, "内存不足，无法读取第 %ld 号抽取的抽取框架（%lld 字节）", id,
			       (long long)size);
	size_t got = ZSTD_decompress(out, (size_t)size, data, n);
	if (ZSTD_isError(got)) {
		free(out);
		return set_err(err, "第 %ld 号抽取的抽取框架数据已损坏（解压失败: %s）", id,
			       ZSTD_getErrorName(got));
	}
	if (got != (size_t)size) {
		free(out);
		return set_err(
		    err, "第 %ld 号抽取的抽取框架数据已损坏（长度不符: 登记为 %lld 字节，解压得到 %zu 字节）",
		    id, (long long)size, got);
	}
	out[got] = 0;
	*text = out;
	*len = got;
	return 0;
}

int store_draw_inputs(struct store *st, long id, char **text, size_t *len, char **err)
{
	sqlite3_stmt *s;
	*text = NULL;
	*len = 0;
	if (db_prepare(st,
		       "SELECT d.inputs, i.codec, i.size, i.data FROM draw d LEFT JOIN draw_input i ON "
		       "i.draw_id = d.id"
		       " WHERE d.id = ?",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW && sqlite3_column_type(s, 1) != SQLITE_NULL) {
		rc = inflate_input(id, s, text, len, err);
	} else if (rc == SQLITE_ROW) { /* announced before schema step 7: the text in the draw row */
		const char *p = db_col(s, 0);
		size_t n = (size_t)sqlite3_column_bytes(s, 0);
		*text = xmalloc(n + 1);
		memcpy(*text, p, n);
		(*text)[n] = 0;
		*len = n;
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 1 : db_fail(st, "读取抽取框架", err);
	}
	sqlite3_finalize(s);
	return rc;
}
