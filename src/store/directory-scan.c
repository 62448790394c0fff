/*
 * This file implements store_dir_scan (see directory.h): the bulk walk the draw's frame is built
 * from. A million objects take about a second for SQLite to read on one core, most of it decoding
 * pages and records; so when the caller holds the write lock — no other connection can commit, and a
 * second connection sees exactly what this one sees — the rows above the middle rowid are read by a
 * second connection on a second thread into a buffer, while this thread reads the lower half and
 * hands its rows to the callback; the buffered rows follow, in order. The callback never runs on the
 * second thread and sees the same rows in the same order as a single walk.
 */
#include "store/directory.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Below this many rowids a second connection costs more than it saves. */
#define SPLIT_MIN_ROWS 50000

/* SELECT t.k, <wanted fields> FROM <table> t WHERE <as of ?1[, not removed]> <and the rowid range>. */
static char *scan_sql(const struct dirkind *d, const unsigned char *want, int removed, const char *range)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "SELECT t.k");
	for (size_t i = 0; i < d->nfields; i++)
		if (!want || want[i])
			strbuf_addf(&sb, ", t.%s", d->fields[i].col);
	strbuf_addf(&sb,
		    " FROM %s t WHERE t.valid_from <= ?1 AND (t.valid_to IS NULL OR t.valid_to > ?1)%s%s",
		    d->table, removed ? "" : " AND t.removed = 0", range);
	return strbuf_detach(&sb);
}

/* Steps "s" and calls fn per row until fn returns non-zero (kept in *stopped). Returns 0, or 1 when
 * SQLite failed. */
static int walk_rows(sqlite3_stmt *s, const struct dirkind *d, const unsigned char *want, dir_each_fn fn,
		     void *arg, int *stopped)
{
	const char **vals = xcalloc(d->nfields + 1, sizeof(*vals));
	struct dir_entry e = {
	    .vals = vals, .valid_from = "", .valid_to = "", .change = "", .actor = "", .source = ""};
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int col = 1;
		for (size_t i = 0; i < d->nfields; i++)
			vals[i] = !want || want[i] ? db_col(s, col++) : "";
		e.k = db_col(s, 0);
		*stopped = fn(&e, arg);
		if (*stopped) {
			free(vals);
			return 0;
		}
	}
	free(vals);
	return rc != SQLITE_DONE;
}

/* The upper half, read on the second thread into "rows": per row its key and wanted fields, each
 * NUL-terminated, one after the other. */
struct upper {
	const char *path, *as_of, *sql;
	const struct dirkind *d;
	const unsigned char *want;
	sqlite3_int64 from; /* rowids above this */
	struct strbuf rows;
	size_t nrows;
	char *err;
};

static int buffer_row(const struct dir_entry *e, void *arg)
{
	struct upper *u = arg;
	strbuf_add(&u->rows, e->k, strlen(e->k) + 1);
	for (size_t i = 0; i < u->d->nfields; i++)
		if (!u->want || u->want[i])
			strbuf_add(&u->rows, e->vals[i], strlen(e->vals[i]) + 1);
	u->nrows++;
	return 0;
}

static void *read_upper(void *arg)
{
	struct upper *u = arg;
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	if (sqlite3_open_v2(u->path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
	    sqlite3_busy_timeout(db, 5000) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, u->sql, -1, &s, NULL) != SQLITE_OK) {
		u->err =
		    xasprintf("读取名录失败（第二个连接）: %s", db ? sqlite3_errmsg(db) : "无法打开数据库");
	} else {
		sqlite3_bind_text(s, 1, u->as_of, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 2, u->from);
		int stopped = 0;
		if (walk_rows(s, u->d, u->want, buffer_row, u, &stopped))
			u->err = xasprintf("读取名录失败（第二个连接）: %s", sqlite3_errmsg(db));
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
	return NULL;
}

/* Hands the buffered rows to fn, in order. */
static int replay(const struct upper *u, dir_each_fn fn, void *arg)
{
	const struct dirkind *d = u->d;
	const char **vals = xcalloc(d->nfields + 1, sizeof(*vals));
	struct dir_entry e = {
	    .vals = vals, .valid_from = "", .valid_to = "", .change = "", .actor = "", .source = ""};
	const char *p = u->rows.buf;
	int r = 0;
	for (size_t n = 0; n < u->nrows && !r; n++) {
		e.k = p;
		p += strlen(p) + 1;
		for (size_t i = 0; i < d->nfields; i++) {
			if (u->want && !u->want[i]) {
				vals[i] = "";
				continue;
			}
			vals[i] = p;
			p += strlen(p) + 1;
		}
		r = fn(&e, arg);
	}
	free(vals);
	return r;
}

int store_dir_scan(struct store *st, const struct dirkind *d, const char *as_of, int removed,
		   const unsigned char *want, dir_each_fn fn, void *arg, char **err)
{
	sqlite3_int64 lo = 0, hi = 0;
	int split = 0;
	sqlite3_stmt *s;
	if (sqlite3_txn_state(st->db, "main") == SQLITE_TXN_WRITE && st->path &&
	    strcmp(st->path, ":memory:")) {
		char *sql = xasprintf("SELECT min(id), max(id) FROM %s", d->table);
		int rc = db_prepare(st, sql, &s, err);
		free(sql);
		if (rc)
			return -1;
		if (sqlite3_step(s) == SQLITE_ROW) {
			lo = sqlite3_column_int64(s, 0);
			hi = sqlite3_column_int64(s, 1);
		}
		sqlite3_finalize(s);
		const char *env = getenv("SUIJI_SCAN_SPLIT"); /* "0": one connection, for comparison */
		split = hi - lo >= SPLIT_MIN_ROWS && !(env && !strcmp(env, "0"));
	}

	struct upper u = {.path = st->path, .as_of = as_of, .d = d, .want = want, .from = lo + (hi - lo) / 2};
	pthread_t tid;
	int started = 0;
	char *sql = scan_sql(d, want, removed, split ? " AND t.id <= ?2" : "");
	if (split) {
		u.sql = scan_sql(d, want, removed, " AND t.id > ?2");
		started = !pthread_create(&tid, NULL, read_upper, &u);
		if (!started) { /* no thread: one walk over every row */
			free(sql);
			sql = scan_sql(d, want, removed, "");
			split = 0;
		}
	}
	int rc = db_prepare(st, sql, &s, err);
	free(sql);
	if (!rc) {
		sqlite3_bind_text(s, 1, as_of, -1, SQLITE_STATIC);
		if (split)
			sqlite3_bind_int64(s, 2, u.from);
		int stopped = 0;
		if (walk_rows(s, d, want, fn, arg, &stopped))
			rc = db_fail(st, "读取名录", err);
		else
			rc = stopped;
		sqlite3_finalize(s);
	}
	if (started) {
		pthread_join(tid, NULL);
		if (!rc && u.err)
			rc = set_err(err, "%s", u.err);
		if (!rc)
			rc = replay(&u, fn, arg);
	}
	free(u.err);
	free((char *)u.sql);
	strbuf_release(&u.rows);
	return rc;
}
