/*
 * This file implements the audit family "batch": what the entry of a change set (an import into a
 * directory) vouches for, and how "suiji audit verify" checks it (see audit.h, audit-internal.h).
 *
 * A batch's entry covers the batch row, every version it wrote (fields through dir_row_hash, key,
 * change kind, removed flag, valid_from, file line) and the credit-code overrides recorded with it.
 * valid_to is the one column a later batch changes (closing a version); it is not hashed but derived:
 * a version's valid_to must equal the valid_from of the next version of the same key (by id), and
 * the newest version's must be NULL. Each version also keeps a 64-bit locator (row_tag) of its hash,
 * so that when a batch no longer matches its entry, verify can name the row that was edited.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dirschema.h"
#include "core/hash.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

void dir_version_hash(const char *k, const char *change, int removed, const char *valid_from, long src_line,
		      const char *row_hash, char hex[65])
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, k, strlen(k) + 1);
	strbuf_add(&sb, change, strlen(change) + 1);
	strbuf_addf(&sb, "%d", removed ? 1 : 0);
	strbuf_addc(&sb, 0);
	strbuf_add(&sb, valid_from, strlen(valid_from) + 1);
	if (src_line > 0)
		strbuf_addf(&sb, "%ld", src_line);
	strbuf_addc(&sb, 0);
	strbuf_add(&sb, row_hash, strlen(row_hash) + 1);
	sha256_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
}

long long dir_version_tag(const char *version_hash)
{
	uint64_t v = 0;
	for (int i = 0; i < 16; i++) {
		char c = version_hash[i];
		v = v << 4 | (uint64_t)(c >= 'a' ? c - 'a' + 10 : c - '0');
	}
	/* two's complement without implementation-defined conversion */
	return v <= INT64_MAX ? (long long)v : -(long long)(UINT64_MAX - v) - 1;
}

int batch_content_hash(struct store *st, long id, const char *versions, char hex[65], char **err)
{
	char row[65];
	int rc = store_row_hash(st, "batch", id, row, err);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT rowid FROM uscc_override WHERE batch_id = ? ORDER BY uscc", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	struct sha256_stream *h = sha256_stream_new();
	char one[65];
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_row_hash(st, "uscc_override", sqlite3_column_int64(s, 0), one, err)) {
			rc = -1;
			break;
		}
		sha256_stream_add(h, one, 64);
	}
	char overrides[65];
	sha256_stream_finish(h, overrides);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return rc == -1 ? -1 : db_fail(st, "读取信用代码例外", err);

	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "suiji-batch-v1", 15);
	strbuf_addf(&sb, "%s\n%s\n%s", row, versions, overrides);
	sha256_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
	return 0;
}

/* Parses a batch id ("12"); 0 when it is not a positive decimal number. */
static long parse_id(const char *id)
{
	char *end;
	if (!*id || *id == '0' || strspn(id, "0123456789") != strlen(id) || strlen(id) > 15)
		return 0;
	long v = strtol(id, &end, 10);
	return *end ? 0 : v;
}

/* Selects id, k, change, removed, valid_from, src_line, row_tag and the fields of d's rows of one batch. */
static int prepare_versions(struct store *st, const struct dirkind *d, sqlite3_stmt **s, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "SELECT id, k, change, removed, valid_from, src_line, row_tag");
	for (size_t i = 0; i < d->nfields; i++)
		strbuf_addf(&sb, ", %s", d->fields[i].col);
	strbuf_addf(&sb, " FROM %s WHERE batch_id = ? ORDER BY id", d->table);
	int rc = db_prepare(st, sb.buf, s, err);
	strbuf_release(&sb);
	return rc;
}
#define VCOLS 7

/* The version hash of the current row of a statement from prepare_versions. */
static void row_version_hash(const struct dirkind *d, sqlite3_stmt *s, const char **vals, char vh[65])
{
	char rh[65];
	for (size_t i = 0; i < d->nfields; i++)
		vals[i] = db_col(s, VCOLS + (int)i);
	dir_row_hash(d, vals, rh);
	dir_version_hash(db_col(s, 1), db_col(s, 2), sqlite3_column_int(s, 3), db_col(s, 4),
			 (long)sqlite3_column_int64(s, 5), rh, vh);
}

static int batch_rehash(struct store *st, const char *id_text, char hex[65], char **err)
{
	long id = parse_id(id_text);
	if (!id)
		return 1;
	struct sha256_stream *h = sha256_stream_new();
	int rc = 0;
	for (const struct dirkind *const *d = dir_kinds; *d && !rc; d++) {
		sqlite3_stmt *s;
		if (prepare_versions(st, *d, &s, err)) {
			rc = -1;
			break;
		}
		sqlite3_bind_int64(s, 1, id);
		const char **vals = xcalloc((*d)->nfields, sizeof(*vals));
		char vh[65];
		int step;
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			row_version_hash(*d, s, vals, vh);
			sha256_stream_add(h, vh, 64);
			/*
			 * row_tag is derived (the first 64 bits of the version hash): one that disagrees is
			 * reported as a change of the batch, and batch_locate names the row
			 */
			if (sqlite3_column_type(s, 6) != SQLITE_NULL &&
			    (sqlite3_column_type(s, 6) != SQLITE_INTEGER ||
			     sqlite3_column_int64(s, 6) != dir_version_tag(vh)))
				sha256_stream_add(h, "row_tag", 7);
		}
		if (step != SQLITE_DONE)
			rc = db_fail(st, "读取名录", err);
		free(vals);
		sqlite3_finalize(s);
	}
	char versions[65];
	sha256_stream_finish(h, versions);
	return rc ? rc : batch_content_hash(st, id, versions, hex, err);
}

/* "检查对象名录中键为 K 的记录（版本号 N，文件第 L 行）" */
static char *describe(const struct dirkind *d, sqlite3_stmt *s)
{
	long line = (long)sqlite3_column_int64(s, 5);
	if (line > 0)
		return xasprintf("%s中键为 %s 的记录（版本号 %lld，导入文件第 %ld 行）", d->zh, db_col(s, 1),
				 (long long)sqlite3_column_int64(s, 0), line);
	return xasprintf("%s中键为 %s 的记录（版本号 %lld）", d->zh, db_col(s, 1),
			 (long long)sqlite3_column_int64(s, 0));
}

/* The number of rows of "table" with lo < id < hi, or -1. */
static long long count_between(struct store *st, const char *table, long long lo, long long hi)
{
	char sql[160];
	sqlite3_stmt *s;
	long long n = -1;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM %s WHERE id > ? AND id < ?", table);
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(s, 1, lo);
	sqlite3_bind_int64(s, 2, hi);
	if (sqlite3_step(s) == SQLITE_ROW)
		n = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return n;
}

static int batch_locate(struct store *st, const char *id_text, char **where, char **err)
{
	long id = parse_id(id_text);
	long long total = 0;
	int rc = 0;
	if (!id)
		return 0;
	for (const struct dirkind *const *d = dir_kinds; *d && !rc; d++) {
		sqlite3_stmt *s;
		if (prepare_versions(st, *d, &s, err))
			return -1;
		sqlite3_bind_int64(s, 1, id);
		const char **vals = xcalloc((*d)->nfields, sizeof(*vals));
		long long prev = 0;
		int step;
		char vh[65];
		while ((step = sqlite3_step(s)) == SQLITE_ROW) {
			long long vid = sqlite3_column_int64(s, 0);
			total++;
			if (prev && vid != prev + 1) {
				/* a batch's versions were inserted one after another: a gap is a deleted row,
				 * or this row joined the batch afterwards */
				long long between = count_between(st, (*d)->table, prev, vid);
				if (between < 0) {
					rc = db_fail(st, "读取名录", err);
				} else if (between == 0) {
					*where = xasprintf("%s中版本号 %lld 至 %lld 的记录已被删除", (*d)->zh,
							   prev + 1, vid - 1);
					rc = 1;
				} else {
					char *what = describe(*d, s);
					*where = xasprintf("%s不是该批次写入的（版本号与批次的其他记录不相连"
							   "：被插入，或改了所属批次）",
							   what);
					free(what);
					rc = 1;
				}
				break;
			}
			prev = vid;
			row_version_hash(*d, s, vals, vh);
			if (sqlite3_column_type(s, 6) != SQLITE_NULL &&
			    (sqlite3_column_type(s, 6) != SQLITE_INTEGER ||
			     sqlite3_column_int64(s, 6) != dir_version_tag(vh))) {
				char *what = describe(*d, s);
				*where = xasprintf("%s的内容已被改动", what);
				free(what);
				rc = 1;
				break;
			}
		}
		if (!rc && step != SQLITE_DONE)
			rc = db_fail(st, "读取名录", err);
		free(vals);
		sqlite3_finalize(s);
	}
	if (rc)
		return rc;
	/* every version the batch wrote was counted as added, changed or removed */
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT added + changed + removed FROM batch WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW && sqlite3_column_int64(s, 0) != total) {
		*where =
		    xasprintf("该批次记录写入 %lld 条，现有 %lld 条：有记录被删除或插入，或批次的计数被改动",
			      (long long)sqlite3_column_int64(s, 0), total);
		rc = 1;
	}
	sqlite3_finalize(s);
	if (!rc) {
		*where = xstrdup("各条记录未见改动：批次信息（操作人、时间、来源文件、生效日期、计数）或随批"
				 "次记录的信用代码例外已被改动");
		rc = 1;
	}
	return rc;
}

/*
 * What no batch entry vouches for: a batch without an entry, a version of no batch, a valid_to that
 * is not the next version's valid_from, an override of no batch.
 */
static int batch_check(struct store *st, char **problem, char **err)
{
	sqlite3_stmt *s;
	int rc = 0;

	/* a batch without an entry (committed outside suiji, or its entry deleted) */
	if (db_prepare(st,
		       "SELECT id, at, actor, command FROM batch WHERE ('batch:' || id) NOT IN"
		       " (SELECT subject FROM audit) ORDER BY id LIMIT 1",
		       &s, err))
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*problem = xasprintf("第 %lld 号导入批次（%s %s %s）没有审计记录",
				     (long long)sqlite3_column_int64(s, 0), db_col(s, 1), db_col(s, 2),
				     db_col(s, 3));
		rc = 1;
	}
	sqlite3_finalize(s);
	for (const struct dirkind *const *d = dir_kinds; *d && !rc; d++) {
		char sql[512];
		/* a version of no batch */
		snprintf(sql, sizeof(sql),
			 "SELECT id, k, batch_id FROM %s WHERE batch_id NOT IN (SELECT id FROM batch) ORDER "
			 "BY id LIMIT 1",
			 (*d)->table);
		if (db_prepare(st, sql, &s, err))
			return -1;
		if (sqlite3_step(s) == SQLITE_ROW) {
			*problem = xasprintf("%s中键为 %s 的记录（版本号 %lld）属于不存在的导入批次 %lld",
					     (*d)->zh, db_col(s, 1), (long long)sqlite3_column_int64(s, 0),
					     (long long)sqlite3_column_int64(s, 2));
			rc = 1;
		}
		sqlite3_finalize(s);
		if (rc)
			break;
		/*
		 * ids: versions are only ever appended, a batch's one after another, so the ids of a table
		 * run 1..n without a gap and never go back to an earlier batch; an id changed by hand breaks
		 * that (the batch's own hash covers the order of its versions)
		 */
		snprintf(sql, sizeof(sql),
			 "SELECT id, k FROM (SELECT id, k, batch_id, lag(id) OVER (ORDER BY id) AS pid,"
			 " lag(batch_id) OVER (ORDER BY id) AS pb FROM %s)"
			 " WHERE id <> coalesce(pid, 0) + 1 OR batch_id < pb ORDER BY id LIMIT 1",
			 (*d)->table);
		if (db_prepare(st, sql, &s, err))
			return -1;
		if (sqlite3_step(s) == SQLITE_ROW) {
			*problem = xasprintf(
			    "%s中键为 %s 的记录的版本号 %lld 不在其导入批次写入的顺序中：版本号被改动，"
			    "或有记录被删除、插入（所属导入批次 batch）",
			    (*d)->zh, db_col(s, 1), (long long)sqlite3_column_int64(s, 0));
			rc = 1;
		}
		sqlite3_finalize(s);
		if (rc)
			break;
		/* valid_to: the next version's valid_from, NULL for the newest */
		snprintf(sql, sizeof(sql),
			 "SELECT id, k, valid_to, nxt FROM (SELECT id, k, valid_to,"
			 " lead(valid_from) OVER (PARTITION BY k ORDER BY id) AS nxt FROM %s)"
			 " WHERE valid_to IS NOT nxt ORDER BY id LIMIT 1",
			 (*d)->table);
		if (db_prepare(st, sql, &s, err))
			return -1;
		int step = sqlite3_step(s);
		if (step == SQLITE_ROW) {
			const char *to = db_col(s, 2), *nxt = db_col(s, 3);
			*problem = xasprintf("%s中键为 %s 的记录（版本号 %lld）的失效日期为“%s”，应为%s%s%s",
					     (*d)->zh, db_col(s, 1), (long long)sqlite3_column_int64(s, 0),
					     *to ? to : "空", *nxt ? "“" : "空（当前版本）", nxt,
					     *nxt ? "”（下一版本的生效日期）" : "");
			rc = 1;
		} else if (step != SQLITE_DONE) {
			rc = db_fail(st, "核对名录有效期", err);
		}
		sqlite3_finalize(s);
	}
	if (rc)
		return rc;
	/* an override no batch vouches for */
	if (db_prepare(st,
		       "SELECT uscc FROM uscc_override WHERE batch_id IS NULL OR batch_id NOT IN"
		       " (SELECT id FROM batch) ORDER BY uscc LIMIT 1",
		       &s, err))
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*problem = xasprintf("信用代码例外 %s 不属于任何导入批次（未记入审计链）", db_col(s, 0));
		rc = 1;
	}
	sqlite3_finalize(s);
	return rc;
}

const struct audit_family audit_family_batch = {
    .name = "batch",
    .zh = "导入批次",
    .rehash = batch_rehash,
    .locate = batch_locate,
    .check = batch_check,
};
