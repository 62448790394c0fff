/*
 * This file implements appending to the audit chain, reading its head and entries, and the generic
 * content hash of a row that most subject families use (see audit.h). Verifying is audit-verify.c.
 */
#include "store/audit.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/merkle.h"
#include "core/sign.h"
#include "core/utf8.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int store_audit_head(struct store *st, char hash[65], long *seq, char **err)
{
	sqlite3_stmt *s;
	hash[0] = '\0';
	*seq = 0;
	if (db_prepare(st, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &s, err))
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		snprintf(hash, 65, "%s", db_col(s, 1));
	}
	sqlite3_finalize(s);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, "读取审计链", err);
}

int store_audit_entry_hash(struct store *st, long seq, char hash[65], char **err)
{
	sqlite3_stmt *s;
	hash[0] = '\0';
	if (db_prepare(st, "SELECT hash FROM audit WHERE seq = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(hash, 65, "%s", db_col(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "读取审计链", err);
	return rc == SQLITE_ROW;
}

/* The columns of an audit entry, in the order entry_of() reads them. */
#define ENTRY_SELECT "SELECT seq, at, actor, action, subject, content_hash, prev_hash, hash FROM audit"

/* The entry in the current row of a statement that selects ENTRY_SELECT's columns (strings borrowed
 * from the statement, valid until its next step). */
static struct audit_entry entry_of(sqlite3_stmt *s)
{
	return (struct audit_entry){
	    .seq = (long)sqlite3_column_int64(s, 0),
	    .at = db_col(s, 1),
	    .actor = db_col(s, 2),
	    .action = db_col(s, 3),
	    .subject = db_col(s, 4),
	    .content_hash = db_col(s, 5),
	    .prev_hash = db_col(s, 6),
	    .hash = db_col(s, 7),
	};
}

int store_audit_each(struct store *st, long limit, int (*fn)(const struct audit_entry *e, void *arg),
		     void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, ENTRY_SELECT " ORDER BY seq DESC LIMIT ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, limit > 0 ? limit : -1);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_entry e = entry_of(s);
		int r = fn(&e, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取审计链", err);
}

/* A field of an entry must be non-empty UTF-8 without control characters (the hash joins them by LF). */
static int check_field(const char *what, const char *v, char **err)
{
	size_t n = v ? strlen(v) : 0;
	if (!n)
		return set_err(err, "审计记录的%s不能为空", what);
	if (!utf8_valid(v, n))
		return set_err(err, "审计记录的%s不是有效的 UTF-8 文本", what);
	if (utf8_has_control(v, n))
		return set_err(err, "审计记录的%s含有控制字符（如换行），不能记入审计链", what);
	return 0;
}

int store_audit_append(struct store *st, const char *at, const char *actor, const char *action,
		       const char *subject, const char *content_hash, char **err)
{
	if (check_field("时间", at, err) || check_field("操作人", actor, err) ||
	    check_field("操作", action, err) || check_field("对象", subject, err) ||
	    check_field("内容哈希", content_hash, err))
		return -1;
	char prev[65], hash[65], prev_at[64] = "";
	long seq = 0;
	sqlite3_stmt *h;
	prev[0] = '\0';
	if (db_prepare(st, "SELECT seq, hash, at FROM audit ORDER BY seq DESC LIMIT 1", &h, err))
		return -1;
	int hrc = sqlite3_step(h);
	if (hrc == SQLITE_ROW) {
		seq = sqlite3_column_int64(h, 0);
		snprintf(prev, sizeof(prev), "%s", db_col(h, 1));
		snprintf(prev_at, sizeof(prev_at), "%s", db_col(h, 2));
	}
	sqlite3_finalize(h);
	if (hrc != SQLITE_ROW && hrc != SQLITE_DONE)
		return db_fail(st, "读取审计链", err);
	/* time only moves forward: an entry dated before the previous one is refused (all in +08:00) */
	if (*prev_at && strcmp(at, prev_at) < 0)
		return set_err(err,
			       "时间 %s 早于上一条审计记录（第 %ld 条，%s）：审计链的时间只能向前，拒绝记录，"
			       "未做任何更改（请检查本机时钟）",
			       at, seq, prev_at);
	seq++;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\n%ld\n%s\n%s\n%s\n%s\n%s", prev, seq, at, actor, action, subject, content_hash);
	sha256_hex(sb.buf, sb.len, hash);
	strbuf_release(&sb);

	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO audit(seq, at, actor, action, subject, content_hash, prev_hash, hash)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, content_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "写入审计记录", err);
	sqlite3_finalize(s);
	return rc;
}

int store_audit_record(struct store *st, const char *at, const char *actor, const char *action,
		       const char *subject, char **err)
{
	const struct audit_family *f = store_audit_family(subject);
	if (!f)
		return set_err(err, "审计对象“%s”的类型未登记（见 store/audit-verify.c）", subject);
	const char *colon = strchr(subject, ':');
	char hex[65];
	int rc = audit_family_rehash(st, f, colon ? colon + 1 : "", hex, err);
	if (rc < 0)
		return -1;
	if (rc > 0)
		return set_err(err, "审计对象“%s”不存在", subject);
	return store_audit_append(st, at, actor, action, subject, hex, err);
}

/* Appends the identifier "name" quoted for SQL ("" doubled). */
static void add_ident(struct strbuf *sb, const char *name)
{
	strbuf_addc(sb, '"');
	for (const char *p = name; *p; p++) {
		if (*p == '"')
			strbuf_addc(sb, '"');
		strbuf_addc(sb, *p);
	}
	strbuf_addc(sb, '"');
}

/* The generic row hash of the current row of "s" (columns named as in the table) into hex. */
static void row_hash_of(sqlite3_stmt *s, const char *table, char hex[65])
{
	struct sha256_stream *h = sha256_stream_new();
	sha256_stream_add(h, "suiji-row-v1", 13);
	sha256_stream_add(h, table, strlen(table) + 1);
	char num[32];
	int n = sqlite3_column_count(s);
	for (int i = 0; i < n; i++) {
		int type = sqlite3_column_type(s, i);
		if (type == SQLITE_NULL)
			continue;
		const char *name = sqlite3_column_name(s, i);
		sha256_stream_add(h, name, strlen(name) + 1);
		if (type == SQLITE_INTEGER) {
			int len = snprintf(num, sizeof(num), "i%lld", (long long)sqlite3_column_int64(s, i));
			sha256_stream_add(h, num, (size_t)len);
		} else if (type == SQLITE_FLOAT) {
			int len = snprintf(num, sizeof(num), "r%.17g", sqlite3_column_double(s, i));
			sha256_stream_add(h, num, (size_t)len);
		} else {
			/* text and blobs byte for byte, with their length: a value may hold NUL bytes */
			const void *p =
			    type == SQLITE_BLOB ? sqlite3_column_blob(s, i) : sqlite3_column_text(s, i);
			int len = sqlite3_column_bytes(s, i);
			int hl = snprintf(num, sizeof(num), "%c%d:", type == SQLITE_BLOB ? 'b' : 't', len);
			sha256_stream_add(h, num, (size_t)hl);
			sha256_stream_add(h, p, (size_t)len);
		}
		sha256_stream_add(h, "", 1);
	}
	sha256_stream_finish(h, hex);
}

/* "SELECT <the ordinary columns of table but skip> FROM table " into sql; 0, or -1 with *err. */
static int select_columns(struct store *st, const char *table, const char *const *skip, struct strbuf *sql,
			  char **err)
{
	sqlite3_stmt *s;
	/* the ordinary columns in schema order: hidden 0 (1: virtual table, 2/3: generated) */
	if (db_prepare(st, "SELECT name FROM pragma_table_xinfo(?) WHERE hidden = 0 ORDER BY cid", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, table, -1, SQLITE_STATIC);
	strbuf_adds(sql, "SELECT ");
	int n = 0, rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = db_col(s, 0);
		int skipped = 0;
		for (const char *const *k = skip; k && *k && !skipped; k++)
			skipped = !strcmp(*k, name);
		if (skipped)
			continue;
		if (n++)
			strbuf_adds(sql, ", ");
		add_ident(sql, name);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, "读取表结构", err);
	if (!n)
		return set_err(err, "数据库中没有表 %s", table);
	strbuf_adds(sql, " FROM ");
	add_ident(sql, table);
	strbuf_addc(sql, ' ');
	return 0;
}

int store_row_hash(struct store *st, const char *table, long long rowid, char hex[65], char **err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	int rc = -1;
	if (select_columns(st, table, NULL, &sql, err))
		goto out;
	strbuf_adds(&sql, "WHERE rowid = ?");
	if (db_prepare(st, sql.buf, &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, rowid);
	int step = sqlite3_step(s);
	if (step == SQLITE_DONE) {
		rc = 1;
		goto out;
	}
	if (step != SQLITE_ROW) {
		rc = db_fail(st, "读取记录", err);
		goto out;
	}
	row_hash_of(s, table, hex);
	rc = 0;
out:
	sqlite3_finalize(s);
	strbuf_release(&sql);
	return rc;
}

long audit_add_rows(struct store *st, struct sha256_stream *h, const char *table, const char *where,
		    const char *const *skip, long long id, const char *text, char **err)
{
	struct strbuf sql = STRBUF_INIT;
	sqlite3_stmt *s = NULL;
	long n = -1;
	if (select_columns(st, table, skip, &sql, err))
		goto out;
	strbuf_adds(&sql, where);
	if (db_prepare(st, sql.buf, &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, id);
	if (text)
		sqlite3_bind_text(s, 2, text, -1, SQLITE_STATIC);
	int step;
	char hex[65];
	n = 0;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		row_hash_of(s, table, hex);
		sha256_stream_add(h, hex, 64);
		sha256_stream_add(h, "\n", 1);
		n++;
	}
	if (step != SQLITE_DONE)
		n = db_fail(st, "读取记录", err);
out:
	sqlite3_finalize(s);
	strbuf_release(&sql);
	return n;
}

int store_audit_leaves(struct store *st, long n, merkle_hash **leaves, long *count, char **err)
{
	sqlite3_stmt *s;
	*leaves = NULL;
	*count = 0;
	if (db_prepare(st, "SELECT seq, hash FROM audit WHERE seq <= ? ORDER BY seq", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, n > 0 ? n : INT64_MAX);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long seq = (long)sqlite3_column_int64(s, 0);
		unsigned char raw[MERKLE_HASH];
		if (seq != *count + 1 || sign_hex_decode(db_col(s, 1), raw, MERKLE_HASH)) {
			sqlite3_finalize(s);
			free(*leaves);
			*leaves = NULL;
			return set_err(err,
				       seq != *count + 1
					   ? "第 %ld 条审计记录缺失（审计链不连续），无法计算默克尔树"
					   : "第 %ld 条审计记录的哈希不是 64 位十六进制数字",
				       seq != *count + 1 ? *count + 1 : seq);
		}
		ALLOC_GROW(*leaves, (size_t)*count + 1, alloc);
		merkle_leaf(raw, (*leaves)[*count]);
		(*count)++;
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*leaves);
		*leaves = NULL;
		return db_fail(st, "读取审计链", err);
	}
	return 0;
}

int store_audit_entry(struct store *st, long seq, int (*fn)(const struct audit_entry *e, void *arg),
		      void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       ENTRY_SELECT " "
				    "WHERE seq = ?",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	int rc = sqlite3_step(s), r = 0;
	if (rc == SQLITE_ROW) {
		struct audit_entry e = entry_of(s);
		r = fn(&e, arg);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "读取审计链", err);
	return rc == SQLITE_ROW ? (r ? r : 1) : 0;
}

int store_audit_subject_each(struct store *st, const char *subject, long max_seq,
			     int (*fn)(const struct audit_entry *e, void *arg), void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       ENTRY_SELECT " "
				    "WHERE subject = ? AND seq <= ? ORDER BY seq",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, max_seq > 0 ? max_seq : INT64_MAX);
	int rc = SQLITE_DONE, r = 0;
	while (!r && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct audit_entry e = entry_of(s);
		r = fn(&e, arg);
	}
	sqlite3_finalize(s);
	if (!r && rc != SQLITE_DONE)
		return db_fail(st, "读取审计链", err);
	return r;
}
