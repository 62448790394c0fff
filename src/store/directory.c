/*
 * This file implements the versioned directories (see directory.h) over the *_version tables
 * (schema.c). Writing: per row one indexed lookup of the current version, then, when the content
 * differs, the old version is closed (valid_to = effective date) and a new one inserted.
 * Bulk load: a table with no current rows at the start (the first import) skips the lookup, drops the
 * unique index of current keys inside the transaction and builds it again at the end — one sort
 * instead of a million random B-tree inserts; duplicates within the file then show when the index is
 * rebuilt and are listed from the rows' file lines.
 */
#include "store/directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Number of bookkeeping columns before the fields in every SELECT below. */
#define META 9
#define META_COLS "t.k, t.valid_from, t.valid_to, t.change, t.removed, t.batch_id, b.actor, b.source, t.id"

struct dir_writer {
	struct store *st;
	const struct dirkind *d;
	long batch;
	char *effective;
	char *at;
	char *actor;
	char *command;
	int empty; /* the table had no current rows: bulk load without the index (see above) */
	int index_dropped;
	long unit_id;	/* a full import replaces only this unit's objects or people (0: every entry) */
	char **indexes; /* bulk load: the CREATE INDEX statements of the table, to run again at the end */
	size_t nindexes;
	/* seen: the keys this batch listed, with their first line, in a temporary table (not marked on the
	 * directory's rows, which would rewrite every unchanged row of a re-import) */
	sqlite3_stmt *sel, *ins, *close_old, *seen_add, *seen_line;
	struct sha256_stream *content;
	struct dir_counts counts;
	struct strbuf key;
};

static char *fields_sql(const struct dirkind *d, const char *prefix)
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < d->nfields; i++)
		strbuf_addf(&sb, ", %s%s", prefix, d->fields[i].col);
	return strbuf_detach(&sb);
}

static int prepare_writer(struct dir_writer *w, char **err)
{
	const struct dirkind *d = w->d;
	char *cols = fields_sql(d, ""), *tcols = fields_sql(d, "t.");
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	strbuf_addf(&sb,
		    "SELECT t.id, t.valid_from, t.removed%s FROM %s t WHERE t.k = ? AND t.valid_to IS NULL",
		    tcols, d->table);
	if (db_prepare(w->st, sb.buf, &w->sel, err))
		goto out;
	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "INSERT INTO %s(valid_from, batch_id, src_line, change, removed,"
		    " seen_batch, seen_line, row_tag%s) VALUES (?, ?, ?, ?, ?, ?, ?, ?",
		    d->table, cols);
	for (size_t i = 0; i < d->nfields; i++)
		strbuf_adds(&sb, ", ?");
	strbuf_adds(&sb, ")");
	if (db_prepare(w->st, sb.buf, &w->ins, err))
		goto out;
	strbuf_reset(&sb);
	strbuf_addf(&sb, "UPDATE %s SET valid_to = ? WHERE id = ?", d->table);
	if (db_prepare(w->st, sb.buf, &w->close_old, err))
		goto out;
	if (!w->empty &&
	    (db_exec(w->st,
		     "CREATE TEMP TABLE IF NOT EXISTS dir_seen(k TEXT PRIMARY KEY, line INTEGER NOT NULL)"
		     " WITHOUT ROWID; DELETE FROM temp.dir_seen; PRAGMA temp.cache_size = -16384;",
		     err) ||
	     db_prepare(w->st, "INSERT OR IGNORE INTO temp.dir_seen(k, line) VALUES (?, ?)", &w->seen_add,
			err) ||
	     db_prepare(w->st, "SELECT line FROM temp.dir_seen WHERE k = ?", &w->seen_line, err)))
		goto out;
	rc = 0;
out:
	strbuf_release(&sb);
	free(cols);
	free(tcols);
	return rc;
}

static void free_writer(struct dir_writer *w)
{
	sqlite3_finalize(w->sel);
	sqlite3_finalize(w->ins);
	sqlite3_finalize(w->close_old);
	sqlite3_finalize(w->seen_add);
	sqlite3_finalize(w->seen_line);
	if (w->content) {
		char hex[65];
		sha256_stream_finish(w->content, hex);
	}
	strbuf_release(&w->key);
	for (size_t i = 0; i < w->nindexes; i++)
		free(w->indexes[i]);
	free(w->indexes);
	free(w->effective);
	free(w->at);
	free(w->actor);
	free(w->command);
	free(w);
}

long store_dir_count(struct store *st, const struct dirkind *d)
{
	char sql[160];
	sqlite3_stmt *s;
	long n = 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE valid_to IS NULL AND removed = 0",
		 d->table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			n = sqlite3_column_int64(s, 0);
		sqlite3_finalize(s);
	}
	return n;
}

static int any_current(struct store *st, const struct dirkind *d)
{
	char sql[160];
	sqlite3_stmt *s;
	int any = 1;
	snprintf(sql, sizeof(sql), "SELECT 1 FROM %s WHERE valid_to IS NULL LIMIT 1", d->table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) == SQLITE_OK) {
		any = sqlite3_step(s) == SQLITE_ROW;
		sqlite3_finalize(s);
	}
	return any;
}

/* Bulk load: drops every index of the table, keeping their definitions to build them again. */
static int drop_indexes(struct dir_writer *w, char **err)
{
	sqlite3_stmt *s;
	size_t alloc = 0;
	if (db_prepare(w->st,
		       "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS "
		       "NOT NULL"
		       " ORDER BY name",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, w->d->table, -1, SQLITE_STATIC);
	char **names = NULL;
	size_t nnames = 0, nalloc = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		ALLOC_GROW(w->indexes, w->nindexes + 1, alloc);
		w->indexes[w->nindexes++] = xstrdup(db_col(s, 1));
		ALLOC_GROW(names, nnames + 1, nalloc);
		names[nnames++] = xstrdup(db_col(s, 0));
	}
	sqlite3_finalize(s);
	int rc = 0;
	for (size_t i = 0; i < nnames; i++) {
		char *sql = xasprintf("DROP INDEX \"%s\"", names[i]);
		if (!rc && db_exec(w->st, sql, err))
			rc = -1;
		free(sql);
		free(names[i]);
	}
	free(names);
	w->index_dropped = !rc;
	return rc;
}

struct dir_writer *store_dir_writer_begin(struct store *st, const struct dirkind *d,
					  const struct dir_batch *b, char **err)
{
	struct dir_writer *w = xcalloc(1, sizeof(*w));
	w->st = st;
	w->d = d;
	w->effective = xstrdup(b->effective);
	w->at = xstrdup(b->at);
	w->actor = xstrdup(b->actor);
	w->command = xstrdup(b->command);
	w->unit_id = b->unit_id;
	strbuf_init(&w->key);
	w->empty = !any_current(st, d);

	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO batch(at, actor, command, source, source_sha256, effective, note)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		goto fail;
	sqlite3_bind_text(s, 1, b->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, b->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, b->command, -1, SQLITE_STATIC);
	db_bind_text(s, 4, b->source);
	db_bind_text(s, 5, b->source_sha256);
	sqlite3_bind_text(s, 6, b->effective, -1, SQLITE_STATIC);
	db_bind_text(s, 7, b->note);
	int ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok) {
		db_fail(st, "记录导入批次", err);
		goto fail;
	}
	w->batch = (long)sqlite3_last_insert_rowid(st->db);
	if (w->empty && drop_indexes(w, err))
		goto fail;
	if (prepare_writer(w, err))
		goto fail;
	w->content = sha256_stream_new();
	return w;
fail:
	free_writer(w);
	store_rollback(st);
	return NULL;
}

long store_dir_writer_batch(const struct dir_writer *w)
{
	return w->batch;
}

static int insert_version(struct dir_writer *w, const char *k, const char *const *vals, long line,
			  const char *change, int removed, const char *hash, int seen)
{
	sqlite3_stmt *s = w->ins;
	char vh[65];
	dir_version_hash(k, change, removed, w->effective, line, hash, vh);
	sqlite3_reset(s);
	sqlite3_clear_bindings(s);
	sqlite3_bind_text(s, 1, w->effective, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, w->batch);
	if (line > 0)
		sqlite3_bind_int64(s, 3, line);
	sqlite3_bind_text(s, 4, change, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 5, removed);
	if (seen) {
		sqlite3_bind_int64(s, 6, w->batch);
		sqlite3_bind_int64(s, 7, line);
	}
	sqlite3_bind_int64(s, 8, dir_version_tag(vh));
	for (size_t i = 0; i < w->d->nfields; i++)
		db_bind_text(s, 9 + (int)i, vals[i]);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE)
		sha256_stream_add(w->content, vh, 64);
	return rc;
}

int store_dir_writer_row(struct dir_writer *w, const char *const *vals, long line, long *dup_line, char **err)
{
	const struct dirkind *d = w->d;
	char hash[65];
	dir_key(d, vals, &w->key);
	const char *k = w->key.buf;
	dir_row_hash(d, vals, hash);

	if (w->empty) {
		if (insert_version(w, k, vals, line, "new", 0, hash, 1) != SQLITE_DONE)
			return db_fail(w->st, "写入名录", err);
		w->counts.added++;
		return 0;
	}

	/* listed before in this file: a duplicate, named with its first line */
	sqlite3_reset(w->seen_add);
	sqlite3_bind_text(w->seen_add, 1, k, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->seen_add, 2, line);
	if (sqlite3_step(w->seen_add) != SQLITE_DONE)
		return db_fail(w->st, "记录已读条目", err);
	if (!sqlite3_changes(w->st->db)) {
		sqlite3_reset(w->seen_line);
		sqlite3_bind_text(w->seen_line, 1, k, -1, SQLITE_STATIC);
		if (sqlite3_step(w->seen_line) != SQLITE_ROW)
			return db_fail(w->st, "查询已读条目", err);
		*dup_line = sqlite3_column_int64(w->seen_line, 0);
		return 1;
	}

	sqlite3_stmt *s = w->sel;
	sqlite3_reset(s);
	sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_DONE) {
		if (insert_version(w, k, vals, line, "new", 0, hash, 1) != SQLITE_DONE)
			return db_fail(w->st, "写入名录", err);
		w->counts.added++;
		return 0;
	}
	if (rc != SQLITE_ROW)
		return db_fail(w->st, "查询名录", err);

	long id = sqlite3_column_int64(s, 0);
	const char *from = db_col(s, 1);
	int old_removed = sqlite3_column_int(s, 2);
	int same = !old_removed;
	for (size_t i = 0; same && i < d->nfields; i++)
		same = !strcmp(db_col(s, 3 + (int)i), vals[i]);
	if (same) {
		w->counts.unchanged++;
		return 0;
	}
	if (strcmp(from, w->effective) > 0)
		return set_err(err, "生效日期 %s 早于该条目现有记录的日期 %s（名录历史只能向后追加）",
			       w->effective, from);

	const char **old = xcalloc(d->nfields, sizeof(*old));
	for (size_t i = 0; i < d->nfields; i++)
		old[i] = xstrdup(db_col(s, 3 + (int)i));
	const char *change = dir_change_kind(d, old, old_removed, vals, 0);
	for (size_t i = 0; i < d->nfields; i++)
		free((char *)old[i]);
	free(old);
	sqlite3_reset(s);

	sqlite3_reset(w->close_old);
	sqlite3_bind_text(w->close_old, 1, w->effective, -1, SQLITE_STATIC);
	sqlite3_bind_int64(w->close_old, 2, id);
	if (sqlite3_step(w->close_old) != SQLITE_DONE ||
	    insert_version(w, k, vals, line, change ? change : "changed", 0, hash, 1) != SQLITE_DONE)
		return db_fail(w->st, "写入名录", err);
	if (old_removed)
		w->counts.added++; /* back in the directory */
	else if (change && !strcmp(change, "deregistered"))
		w->counts.removed++; /* an object whose status became 注销 */
	else
		w->counts.changed++;
	return 0;
}

/* Marks every current, not removed entry that this batch did not list as removed. */
static int remove_unseen(struct dir_writer *w, char **err)
{
	const struct dirkind *d = w->d;
	char *tcols = fields_sql(d, "t.");
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc = -1;
	if (w->empty) { /* every current entry came from this batch */
		rc = 0;
		goto out;
	}
	strbuf_addf(&sb,
		    "SELECT t.id, t.k, t.valid_from%s FROM %s t WHERE t.valid_to IS NULL AND t.removed = 0"
		    " AND t.k NOT IN (SELECT k FROM temp.dir_seen)",
		    tcols, d->table);
	if (w->unit_id && d == &dir_objects)
		strbuf_addf(&sb, " AND " UNIT_OF("t.region", "t.class", "t.city_managed") " = %ld",
			    w->unit_id);
	else if (w->unit_id && d == &dir_people)
		strbuf_addf(&sb, " AND " UNIT_OF("t.region", "''", "''") " = %ld", w->unit_id);
	strbuf_adds(&sb, " ORDER BY t.k");
	if (db_prepare(w->st, sb.buf, &s, err))
		goto out;
	const char **vals = xcalloc(d->nfields, sizeof(*vals));
	int status = dirkind_field_index(d, "status");
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long id = sqlite3_column_int64(s, 0);
		char *k = xstrdup(db_col(s, 1));
		if (strcmp(db_col(s, 2), w->effective) > 0) {
			set_err(err, "生效日期 %s 早于条目 %s 现有记录的日期 %s", w->effective, k,
				db_col(s, 2));
			free(k);
			rc = -1;
			break;
		}
		for (size_t i = 0; i < d->nfields; i++)
			vals[i] = xstrdup(db_col(s, 3 + (int)i));
		if (status >= 0) { /* an object no longer listed is deregistered */
			free((char *)vals[status]);
			vals[status] = xstrdup("注销");
		}
		char hash[65];
		dir_row_hash(d, vals, hash);
		sqlite3_reset(w->close_old);
		sqlite3_bind_text(w->close_old, 1, w->effective, -1, SQLITE_STATIC);
		sqlite3_bind_int64(w->close_old, 2, id);
		int ok = sqlite3_step(w->close_old) == SQLITE_DONE &&
			 insert_version(w, k, vals, 0, d == &dir_objects ? "deregistered" : "removed", 1,
					hash, 0) == SQLITE_DONE;
		for (size_t i = 0; i < d->nfields; i++)
			free((char *)vals[i]);
		free(k);
		if (!ok) {
			db_fail(w->st, "标记移出", err);
			rc = -1;
			break;
		}
		w->counts.removed++;
	}
	free(vals);
	rc = rc == SQLITE_DONE ? 0 : -1;
	if (rc && err && !*err)
		db_fail(w->st, "标记移出", err);
out:
	sqlite3_finalize(s);
	strbuf_release(&sb);
	free(tcols);
	return rc;
}

int store_dir_writer_duplicates(struct dir_writer *w, void (*fn)(long line, long first, void *arg), void *arg,
				char **err)
{
	if (!w->index_dropped)
		return 0;
	char sql[400];
	const char *t = w->d->table;
	/* the unique index of current keys first: it is the one that can fail */
	int failed = 0;
	for (size_t i = 0; i < w->nindexes && !failed; i++)
		if (strstr(w->indexes[i], "UNIQUE") &&
		    sqlite3_exec(w->st->db, w->indexes[i], NULL, NULL, NULL) != SQLITE_OK)
			failed = 1;
	for (size_t i = 0; i < w->nindexes && !failed; i++)
		if (!strstr(w->indexes[i], "UNIQUE") &&
		    sqlite3_exec(w->st->db, w->indexes[i], NULL, NULL, NULL) != SQLITE_OK)
			return db_fail(w->st, "建立索引", err);
	if (!failed) {
		w->index_dropped = 0;
		return 0;
	}
	if (sqlite3_errcode(w->st->db) != SQLITE_CONSTRAINT)
		return db_fail(w->st, "建立索引", err);
	/* Some key is listed twice: name every later line and the first line of its key. */
	snprintf(sql, sizeof(sql),
		 "SELECT t.seen_line, d.first FROM %s t JOIN (SELECT k, min(seen_line) AS first FROM %s"
		 " WHERE valid_to IS NULL GROUP BY k HAVING count(*) > 1) d ON d.k = t.k"
		 " WHERE t.valid_to IS NULL AND t.seen_line > d.first ORDER BY t.seen_line",
		 t, t);
	sqlite3_stmt *s;
	if (db_prepare(w->st, sql, &s, err))
		return -1;
	int n = 0;
	while (sqlite3_step(s) == SQLITE_ROW) {
		fn((long)sqlite3_column_int64(s, 0), (long)sqlite3_column_int64(s, 1), arg);
		n++;
	}
	sqlite3_finalize(s);
	return n;
}

static void ignore_duplicate(long line, long first, void *arg)
{
}

int store_dir_writer_end(struct dir_writer *w, int full, int commit, struct dir_counts *c, char **err)
{
	struct store *st = w->st;
	int rc = 0;
	if (commit && w->index_dropped && store_dir_writer_duplicates(w, ignore_duplicate, NULL, err))
		rc = err && *err ? -1 : set_err(err, "文件中有重复条目");
	if (!rc && full && remove_unseen(w, err))
		rc = -1;
	*c = w->counts;
	if (!rc && commit) {
		char versions[65], content[65], subject[32];
		sqlite3_stmt *s;
		sha256_stream_finish(w->content, versions);
		w->content = NULL;
		snprintf(subject, sizeof(subject), "batch:%ld", w->batch);
		rc = db_prepare(
		    st, "UPDATE batch SET added = ?, changed = ?, unchanged = ?, removed = ? WHERE id = ?",
		    &s, err);
		if (!rc) {
			sqlite3_bind_int64(s, 1, c->added);
			sqlite3_bind_int64(s, 2, c->changed);
			sqlite3_bind_int64(s, 3, c->unchanged);
			sqlite3_bind_int64(s, 4, c->removed);
			sqlite3_bind_int64(s, 5, w->batch);
			rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "更新批次", err);
			sqlite3_finalize(s);
		}
		if (!rc)
			rc = batch_content_hash(st, w->batch, versions, content, err) ? -1 : 0;
		if (!rc)
			rc = store_audit_append(st, w->at, w->actor, w->command, subject, content, err);
	}
	free_writer(w);
	return rc;
}

/* Walks the rows of a prepared SELECT of META_COLS and the fields. */
static int walk(struct store *st, const struct dirkind *d, sqlite3_stmt *s, dir_each_fn fn, void *arg,
		char **err)
{
	const char **vals = xcalloc(d->nfields, sizeof(*vals));
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (size_t i = 0; i < d->nfields; i++)
			vals[i] = db_col(s, META + (int)i);
		struct dir_entry e = {
		    .k = db_col(s, 0),
		    .vals = vals,
		    .valid_from = db_col(s, 1),
		    .valid_to = db_col(s, 2),
		    .change = db_col(s, 3),
		    .removed = sqlite3_column_int(s, 4),
		    .batch_id = (long)sqlite3_column_int64(s, 5),
		    .actor = db_col(s, 6),
		    .source = db_col(s, 7),
		};
		int r = fn(&e, arg);
		if (r) {
			free(vals);
			return r;
		}
	}
	free(vals);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取名录", err);
}

static int select_walk(struct store *st, const struct dirkind *d, const char *where, const char *order,
		       const char *p1, const char *p2, dir_each_fn fn, void *arg, char **err)
{
	char *tcols = fields_sql(d, "t.");
	struct strbuf sb = STRBUF_INIT;
	sqlite3_stmt *s;
	strbuf_addf(&sb,
		    "SELECT " META_COLS "%s FROM %s t JOIN batch b ON b.id = t.batch_id WHERE %s ORDER BY %s",
		    tcols, d->table, where, order);
	free(tcols);
	int rc = db_prepare(st, sb.buf, &s, err);
	strbuf_release(&sb);
	if (rc)
		return -1;
	if (p1)
		sqlite3_bind_text(s, 1, p1, -1, SQLITE_STATIC);
	if (p2)
		sqlite3_bind_text(s, 2, p2, -1, SQLITE_STATIC);
	rc = walk(st, d, s, fn, arg, err);
	sqlite3_finalize(s);
	return rc;
}

int store_dir_each(struct store *st, const struct dirkind *d, const char *as_of, int include_removed,
		   dir_each_fn fn, void *arg, char **err)
{
	const char *where;
	if (as_of)
		where =
		    include_removed
			? "t.valid_from <= ?1 AND (t.valid_to IS NULL OR t.valid_to > ?1)"
			: "t.valid_from <= ?1 AND (t.valid_to IS NULL OR t.valid_to > ?1) AND t.removed = 0";
	else
		where = include_removed ? "t.valid_to IS NULL" : "t.valid_to IS NULL AND t.removed = 0";
	return select_walk(st, d, where, "t.k", as_of, NULL, fn, arg, err);
}

/* ---- the list: one WHERE for the count and the page ---- */

/* The statement's parameters, in order: text or integer. */
struct params {
	struct param {
		const char *text; /* NULL: num */
		long num;
	} * v;
	size_t n, alloc;
	char *needle; /* the list element searched for (tag_sql), owned */
};

/* Appends "?N" for a new parameter to sb. */
static void param(struct strbuf *sb, struct params *p, const char *text, long num)
{
	ALLOC_GROW(p->v, p->n + 1, p->alloc);
	p->v[p->n] = (struct param){text, num};
	strbuf_addf(sb, "?%zu", ++p->n);
}

static void bind_params(sqlite3_stmt *s, const struct params *p)
{
	for (size_t i = 0; i < p->n; i++) {
		if (p->v[i].text)
			sqlite3_bind_text(s, (int)i + 1, p->v[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(s, (int)i + 1, p->v[i].num);
	}
}

/* " IN (?a, ?b, …)" of the units. */
static void units_in(struct strbuf *sb, struct params *p, const struct dir_filter *f)
{
	strbuf_adds(sb, " IN (");
	for (size_t i = 0; i < f->nunits; i++) {
		if (i)
			strbuf_adds(sb, ", ");
		param(sb, p, NULL, f->units[i]);
	}
	strbuf_adds(sb, ")");
}

/* The tag rule of struct dir_filter, as an SQL expression over the row "t". */
static void tag_sql(struct strbuf *sb, struct params *p, const struct dirkind *d, const char *tag)
{
	int terms = 0;
	size_t tag_arg = 0, list_arg = 0; /* the parameter numbers of the tag and of the needle, once bound */
	strbuf_adds(sb, "(");
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field *fd = &d->fields[i];
		if (fd->type == FT_BOOL) {
			if ((!strcmp(fd->col, "city_managed") && !strcmp(tag, "市管")) ||
			    !strcmp(tag, fd->zh))
				strbuf_addf(sb, "%st.%s = '是'", terms++ ? " OR " : "", fd->col);
			continue;
		}
		if (fd->type == FT_ENUM || fd->type == FT_INDUSTRY) {
			strbuf_addf(sb, "%scoalesce(t.%s, '') = ", terms++ ? " OR " : "", fd->col);
			if (tag_arg) {
				strbuf_addf(sb, "?%zu", tag_arg);
			} else {
				param(sb, p, tag, 0);
				tag_arg = p->n;
			}
			continue;
		}
		/* a list element never holds the separator, nor is an empty one ever found */
		if (fd->type != FT_LIST || !*tag || strstr(tag, "、"))
			continue;
		strbuf_addf(sb, "%sinstr(CAST('、' || coalesce(t.%s, '') || '、' AS BLOB), ",
			    terms++ ? " OR " : "", fd->col);
		strbuf_adds(sb, "CAST(");
		if (list_arg) {
			strbuf_addf(sb, "?%zu", list_arg);
		} else {
			p->needle = xasprintf("、%s、", tag);
			param(sb, p, p->needle, 0);
			list_arg = p->n;
		}
		strbuf_adds(sb, " AS BLOB)) > 0");
	}
	strbuf_adds(sb, terms ? ")" : "0)");
}

/* The WHERE of the list (after "WHERE "), over the version table "t". */
static void list_where(struct strbuf *sb, struct params *p, const struct dirkind *d,
		       const struct dir_filter *f)
{
	if (f->as_of) {
		strbuf_adds(sb, "t.valid_from <= ");
		param(sb, p, f->as_of, 0);
		strbuf_addf(sb, " AND (t.valid_to IS NULL OR t.valid_to > ?%zu)", p->n);
	} else {
		strbuf_adds(sb, "t.valid_to IS NULL");
	}
	strbuf_adds(sb, " AND t.removed = 0");
	if (f->klass) {
		strbuf_adds(sb, " AND t.class = ");
		param(sb, p, f->klass, 0);
	}
	if (f->by_region) {
		strbuf_adds(sb, " AND t.region IN (");
		for (size_t i = 0; i < f->nregions; i++) {
			if (i)
				strbuf_adds(sb, ", ");
			param(sb, p, f->regions[i], 0);
		}
		strbuf_adds(sb, f->nregions ? ")" : "NULL)");
	}
	if (f->tag) {
		strbuf_adds(sb, " AND ");
		tag_sql(sb, p, d, f->tag);
	}
	if (f->q) { /* bytes, as strstr: instr on blobs compares bytes */
		strbuf_adds(sb, " AND (instr(CAST(t.k AS BLOB), CAST(");
		param(sb, p, f->q, 0);
		strbuf_adds(sb, " AS BLOB)) > 0");
		if (dirkind_field_index(d, "name") >= 0)
			strbuf_addf(sb, " OR instr(CAST(t.name AS BLOB), CAST(?%zu AS BLOB)) > 0", p->n);
		strbuf_adds(sb, ")");
	}
}

/*
 * The scope of the list (" AND …", or ""), its parameters after those of list_where: over the row "t", or
 * with "grouped" over "g", the rows grouped by the columns that place them in a unit (objects, people).
 */
static void scope_where(struct strbuf *sb, struct params *p, const struct dirkind *d,
			const struct dir_filter *f, int grouped)
{
	if (!f->scoped)
		return;
	if (d == &dir_objects)
		strbuf_adds(sb, grouped ? " AND " UNIT_OF("g.region", "g.class", "g.city_managed")
					: " AND " UNIT_OF("t.region", "t.class", "t.city_managed"));
	else if (d == &dir_people)
		strbuf_adds(sb, grouped ? " AND " UNIT_OF("g.region", "''", "''")
					: " AND " UNIT_OF("t.region", "''", "''"));
	else if (d == &dir_conflicts)
		strbuf_adds(sb, " AND EXISTS (SELECT 1 FROM person_version p WHERE p.k = t.person AND"
				" p.valid_to IS NULL AND " UNIT_OF("p.region", "''", "''"));
	else
		return;
	units_in(sb, p, f);
	if (d == &dir_conflicts)
		strbuf_adds(sb, ")");
}

int store_dir_list(struct store *st, const struct dirkind *d, const struct dir_filter *f, long offset,
		   long limit, dir_each_fn fn, void *arg, long *total, char **err)
{
	struct strbuf where = STRBUF_INIT, scope = STRBUF_INIT, gscope = STRBUF_INIT, sql = STRBUF_INIT;
	struct params p = {0};
	sqlite3_stmt *s = NULL;
	char *tcols = fields_sql(d, "t.");
	int rc = -1, own_txn = sqlite3_get_autocommit(st->db);
	*total = 0;
	list_where(&where, &p, d, f);
	size_t nbase = p.n;
	scope_where(&scope, &p, d, f, 0);
	p.n = nbase; /* the same parameters, numbered alike, for the grouped form */
	scope_where(&gscope, &p, d, f, 1);
	if (own_txn && db_exec(st, "BEGIN", err))
		goto out;
	/*
	 * The access paths, chosen here (the database has no statistics for the planner). A search or a tag
	 * reads fields no index holds: it is counted by reading the table once in storage order (a few ms for
	 * 20 000 objects, where a walk of an index with a lookup of each row takes several times that). Its
	 * page is read the same way and sorted when the matches are few or lie together; when they are many
	 * (the page within the first third of them), the walk in key order below finds the page after a few
	 * lookups. Otherwise the current entries are counted from the partial index of the columns that place
	 * them in a unit (schema step 17: it covers the unit, the class and the region), and the page read in
	 * key order from the index of current keys, stopping after the page — or, for a unit's entries, from
	 * the table read once and sorted.
	 */
	const char *count_by = "", *page_by = "";
	if (f->q || f->tag)
		count_by = " NOT INDEXED";
	else if (!f->as_of && (d == &dir_objects || d == &dir_people))
		count_by =
		    d == &dir_objects ? " INDEXED BY object_version_unit" : " INDEXED BY person_version_unit";
	/* a unit is placed by a function of a few columns: it runs once per group of them, not per row */
	if (f->scoped && d == &dir_objects)
		strbuf_addf(
		    &sql,
		    "SELECT coalesce(sum(g.n), 0) FROM (SELECT t.region AS region, t.class AS class,"
		    " t.city_managed AS city_managed, count(*) AS n FROM %s t%s WHERE %s GROUP BY 1, 2, 3) g"
		    " WHERE 1%s",
		    d->table, count_by, where.buf, strbuf_str(&gscope));
	else if (f->scoped && d == &dir_people)
		strbuf_addf(
		    &sql,
		    "SELECT coalesce(sum(g.n), 0) FROM (SELECT t.region AS region, count(*) AS n FROM %s t%s"
		    " WHERE %s GROUP BY 1) g WHERE 1%s",
		    d->table, count_by, where.buf, strbuf_str(&gscope));
	else
		strbuf_addf(&sql, "SELECT count(*) FROM %s t%s WHERE %s%s", d->table, count_by, where.buf,
			    strbuf_str(&scope));
	if (db_prepare(st, sql.buf, &s, err))
		goto out;
	bind_params(s, &p);
	if (sqlite3_step(s) != SQLITE_ROW) {
		db_fail(st, "统计名录", err);
		goto out;
	}
	*total = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (offset >= *total || !fn) {
		rc = 0;
		goto out;
	}
	/* a unit's or a region's entries lie together in key order (a credit code holds the region code): the
	 * walk would pass over the others first */
	int clustered = f->scoped || f->by_region;
	if ((f->q || f->tag) ? clustered || limit <= 0 || (offset + limit) * 3 >= *total : f->scoped)
		page_by = " NOT INDEXED";
	/* the same rows: the batch only adds who wrote them (LEFT JOIN, so that it can drop none) */
	strbuf_reset(&sql);
	strbuf_addf(&sql,
		    "SELECT " META_COLS
		    "%s FROM %s t%s LEFT JOIN batch b ON b.id = t.batch_id WHERE %s%s ORDER BY t.k"
		    " LIMIT %ld OFFSET %ld",
		    tcols, d->table, page_by, where.buf, strbuf_str(&scope), limit > 0 ? limit : -1L, offset);
	if (db_prepare(st, sql.buf, &s, err))
		goto out;
	bind_params(s, &p);
	rc = walk(st, d, s, fn, arg, err);
out:
	sqlite3_finalize(s);
	if (own_txn && !sqlite3_get_autocommit(st->db))
		db_exec(st, "COMMIT", NULL);
	free(p.v);
	free(p.needle);
	free(tcols);
	strbuf_release(&where);
	strbuf_release(&scope);
	strbuf_release(&gscope);
	strbuf_release(&sql);
	return rc;
}

int store_dir_changes(struct store *st, const struct dirkind *d, const char *from, const char *to,
		      dir_each_fn fn, void *arg, char **err)
{
	return select_walk(st, d, "t.valid_from >= ?1 AND t.valid_from <= ?2", "t.valid_from, t.k, t.id",
			   from, to, fn, arg, err);
}

int store_dir_history(struct store *st, const struct dirkind *d, const char *k, dir_each_fn fn, void *arg,
		      char **err)
{
	return select_walk(st, d, "t.k = ?1", "t.id", k, NULL, fn, arg, err);
}

int store_dir_exists(struct store *st, const struct dirkind *d, const char *k, char **err)
{
	char sql[160];
	sqlite3_stmt *s;
	snprintf(sql, sizeof(sql), "SELECT removed FROM %s WHERE k = ? AND valid_to IS NULL", d->table);
	if (db_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_text(s, 1, k, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int(s, 0) == 0;
	sqlite3_finalize(s);
	return found;
}
