/*
 * This file implements the check of the database's own structure (issue 12 item 1, docs/SECURITY.md
 * "数据库结构"): the tables, indexes, triggers and views of a suiji database are exactly those its
 * schema steps create. A trigger or view planted with sqlite3 (AFTER INSERT ON result … SET outcome =
 * …) silently changes what every later command writes or reads, so store_open refuses a database
 * holding an object the steps do not create, or one whose definition differs, naming them. The
 * reference is built by running the same steps, up to the database's version, on an empty database
 * in memory: its sqlite_schema is what the file's must be. Objects SQLite keeps for itself
 * (sqlite_*) are left out. An object the steps create that is missing (a protective trigger
 * dropped) is not refused here: the hashes find what it let through, and docs/SECURITY.md says so.
 *
 * The schema hash (store_schema_hash) is SHA-256 over the sorted rows "type 0x1F name 0x1F tbl_name
 * 0x1F sql 0x1E" of sqlite_schema without sqlite_* objects: the "schema" subject of the audit chain,
 * appended at every migration of a database that already has a chain.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define SCHEMA_ROWS                                                                                          \
	"SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema"                                  \
	" WHERE name NOT LIKE 'sqlite\\_%' ESCAPE '\\' ORDER BY type, name"

int store_schema_hash(struct store *st, char hex[65], char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, SCHEMA_ROWS, &s, err))
		return -1;
	struct sha256_stream *h = sha256_stream_new();
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		for (int i = 0; i < 4; i++) {
			const char *v = db_col(s, i);
			sha256_stream_add(h, v, strlen(v));
			sha256_stream_add(h, i < 3 ? "\x1f" : "\x1e", 1);
		}
	}
	sqlite3_finalize(s);
	sha256_stream_finish(h, hex);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取数据库结构", err);
}

static const char *type_zh(const char *type)
{
	if (!strcmp(type, "table"))
		return "表";
	if (!strcmp(type, "index"))
		return "索引";
	if (!strcmp(type, "trigger"))
		return "触发器";
	if (!strcmp(type, "view"))
		return "视图";
	return type;
}

/* The reference: the steps up to "version" run on an empty database in memory. */
static struct store *reference(int version, char **err)
{
	struct store *ref = xcalloc(1, sizeof(*ref));
	ref->path = xstrdup(":memory:");
	if (sqlite3_open_v2(":memory:", &ref->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL) !=
	    SQLITE_OK) {
		set_err(err, "无法建立数据库结构的参照（内存不足）");
		store_close(ref);
		return NULL;
	}
	if (store_unit_register_sql(ref, err)) {
		store_close(ref);
		return NULL;
	}
	for (int i = 0; i < version && i < store_migration_count; i++)
		if (db_exec(ref, store_migrations[i], err)) {
			store_close(ref);
			return NULL;
		}
	return ref;
}

int store_schema_check(struct store *st, char **problem, char **err)
{
	*problem = NULL;
	int version = store_schema_version(st);
	struct store *ref = reference(version, err);
	if (!ref)
		return -1;
	sqlite3_stmt *s = NULL, *r = NULL;
	int rc = -1;
	if (db_prepare(st, SCHEMA_ROWS, &s, err) ||
	    db_prepare(ref, "SELECT coalesce(sql, '') FROM sqlite_schema WHERE type = ? AND name = ?", &r,
		       err))
		goto out;
	struct strbuf unknown = STRBUF_INIT, changed = STRBUF_INIT;
	long nunknown = 0, nchanged = 0;
	int step;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *type = db_col(s, 0), *name = db_col(s, 1), *tbl = db_col(s, 2),
			   *sql = db_col(s, 3);
		sqlite3_reset(r);
		sqlite3_bind_text(r, 1, type, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(r, 2, name, -1, SQLITE_TRANSIENT);
		int found = sqlite3_step(r);
		if (found != SQLITE_ROW && found != SQLITE_DONE) {
			db_fail(ref, "读取数据库结构的参照", err);
			strbuf_release(&unknown);
			strbuf_release(&changed);
			goto out;
		}
		struct strbuf *list = NULL;
		if (found == SQLITE_DONE)
			list = &unknown, nunknown++;
		else if (strcmp(db_col(r, 0), sql))
			list = &changed, nchanged++;
		if (!list)
			continue;
		if (list->len)
			strbuf_adds(list, "、");
		strbuf_addf(list, "%s“%s”", type_zh(type), name);
		if (strcmp(type, "table") && strcmp(name, tbl))
			strbuf_addf(list, "（表 %s）", tbl);
	}
	if (step != SQLITE_DONE) {
		db_fail(st, "读取数据库结构", err);
		strbuf_release(&unknown);
		strbuf_release(&changed);
		goto out;
	}
	rc = 0;
	if (nunknown || nchanged) {
		struct strbuf msg = STRBUF_INIT;
		strbuf_addf(&msg, "数据库 %s 的结构与 suiji（第 %d 版结构）不符：", st->path, version);
		if (nunknown)
			strbuf_addf(&msg, "有 %ld 个不属于 suiji 的对象：%s；", nunknown,
				    strbuf_str(&unknown));
		if (nchanged)
			strbuf_addf(&msg, "有 %ld 个对象的定义被改动：%s；", nchanged, strbuf_str(&changed));
		strbuf_adds(
		    &msg,
		    "它们可能是有人用 sqlite3 直接植入的，会悄悄改变写入或读出的数据。拒绝使用该数据库，"
		    "未做任何更改（请交安全管理员检查，或从备份恢复）");
		*problem = strbuf_detach(&msg);
		rc = 1;
	}
	strbuf_release(&unknown);
	strbuf_release(&changed);
out:
	sqlite3_finalize(s);
	sqlite3_finalize(r);
	store_close(ref);
	return rc;
}

/* The "schema" family of the audit chain: the schema hash as it is now. */
int store_schema_rehash(struct store *st, const char *id, char hex[65], char **err)
{
	(void)id;
	return store_schema_hash(st, hex, err);
}
