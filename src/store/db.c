/*
 * This file implements opening the SQLite database (WAL, foreign keys, busy timeout), running the
 * schema migrations in order, transactions, and the small helpers the other store files share.
 * Two writers never interleave: a change set takes the write lock first (BEGIN IMMEDIATE); another
 * waits up to the busy timeout (SUIJI_BUSY_TIMEOUT ms, default 5000) and then gives up with a
 * message saying so, having changed nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/xalloc.h"

/* How long a connection waits for another's write lock: SUIJI_BUSY_TIMEOUT (ms), default 5 s. */
static int busy_timeout_ms(void)
{
	const char *env = getenv("SUIJI_BUSY_TIMEOUT");
	long v = env && *env ? strtol(env, NULL, 10) : 5000;
	return v < 0 ? 0 : v > 3600000 ? 3600000 : (int)v;
}

/* The message for a lock that another connection kept for longer than the busy timeout. */
static int busy_fail(char **err)
{
	return set_err(err,
		       "数据库正被另一项操作占用（如另一个导入或抽取正在进行，已等待 %.1f 秒）。"
		       "本次操作未做任何更改，请等对方完成后重试",
		       busy_timeout_ms() / 1000.0);
}

/* The Chinese name of a fatal error class, NULL when "code" is not fatal. */
static const char *fatal_zh(int code)
{
	switch (code & 0xff) {
	case SQLITE_FULL:
		return "磁盘空间不足（SQLITE_FULL）";
	case SQLITE_IOERR:
		return "磁盘读写错误（SQLITE_IOERR）";
	case SQLITE_CORRUPT:
		return "数据库文件已损坏（SQLITE_CORRUPT）";
	case SQLITE_NOTADB:
		return "文件不是 SQLite 数据库（SQLITE_NOTADB）";
	default:
		return NULL;
	}
}

/* Records a fatal error and sets *err to the one message for it; -1. 0 when the error is not fatal. */
static int fatal_fail(struct store *st, const char *what, char **err)
{
	int code = sqlite3_extended_errcode(st->db);
	const char *zh = fatal_zh(code);
	if (!zh)
		return 0;
	if (!st->fatal)
		st->fatal = code;
	set_err(err, "数据库%s失败: %s。操作已中止，本次未写入任何数据（%s）", what ? what : "操作", zh,
		sqlite3_errmsg(st->db));
	return -1;
}

void db_precreate_private(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0)
		close(fd);
}

int store_fatal(const struct store *st)
{
	return st ? st->fatal : 0;
}

int db_fail(struct store *st, const char *what, char **err)
{
	if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_BUSY)
		return busy_fail(err);
	if (fatal_fail(st, what, err))
		return -1;
	return set_err(err, "数据库错误（%s）: %s", what, sqlite3_errmsg(st->db));
}

int db_exec(struct store *st, const char *sql, char **err)
{
	char *msg = NULL;
	if (sqlite3_exec(st->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		if ((sqlite3_errcode(st->db) & 0xff) == SQLITE_BUSY) {
			sqlite3_free(msg);
			return busy_fail(err);
		}
		if (fatal_fail(st, NULL, err)) {
			sqlite3_free(msg);
			return -1;
		}
		set_err(err, "数据库错误: %s", msg ? msg : sqlite3_errmsg(st->db));
		sqlite3_free(msg);
		return -1;
	}
	return 0;
}

int db_prepare(struct store *st, const char *sql, sqlite3_stmt **out, char **err)
{
	if (sqlite3_prepare_v2(st->db, sql, -1, out, NULL) != SQLITE_OK)
		return db_fail(st, "准备语句", err);
	return 0;
}

void db_bind_text(sqlite3_stmt *s, int i, const char *v)
{
	if (v && *v)
		sqlite3_bind_text(s, i, v, -1, SQLITE_STATIC);
	else
		sqlite3_bind_null(s, i);
}

const char *db_col(sqlite3_stmt *s, int i)
{
	const unsigned char *t = sqlite3_column_text(s, i);
	return t ? (const char *)t : "";
}

int store_schema_version(struct store *st)
{
	sqlite3_stmt *s;
	int v = 0;
	if (sqlite3_prepare_v2(st->db, "PRAGMA user_version", -1, &s, NULL) == SQLITE_OK) {
		if (sqlite3_step(s) == SQLITE_ROW)
			v = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	return v;
}

static int migrate(struct store *st, char **err)
{
	int v = store_schema_version(st);
	if (v > store_migration_count)
		return set_err(err, "数据库版本 %d 高于本程序支持的版本 %d，请升级 suiji", v,
			       store_migration_count);
	if (v == store_migration_count)
		return 0;
	if (store_begin(st, err))
		return -1;
	for (int i = v; i < store_migration_count; i++) {
		if (db_exec(st, store_migrations[i], err))
			goto fail;
	}
	if (v < 9 && store_migration_count >= 9 && store_after_units_step(st, err))
		goto fail;
	if (v < ROWS_V2_STEP && store_migration_count >= ROWS_V2_STEP && store_rows_v2_migrate(st, err))
		goto fail;
	/* the new structure enters the chain of a database that has one (a new database's is empty) */
	char head[65], at[26];
	long seq;
	if (store_audit_head(st, head, &seq, err))
		goto fail;
	clock_now(at);
	if (seq && store_audit_record(st, at, "suiji", "migrate schema", "schema", err))
		goto fail;
	char pragma[64];
	snprintf(pragma, sizeof(pragma), "PRAGMA user_version = %d", store_migration_count);
	if (db_exec(st, pragma, err))
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

struct store *store_open(const char *path, int create, char **err)
{
	if (!create && access(path, F_OK) != 0) {
		set_err(err, "数据库文件 %s 不存在，请先运行 suiji init（或用 --db 指定）", path);
		return NULL;
	}
	struct store *st = xcalloc(1, sizeof(*st));
	st->path = xstrdup(path);
	/* one connection per thread (DESIGN.md): no mutexes needed around it */
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (create ? SQLITE_OPEN_CREATE : 0);
	if (create)
		db_precreate_private(path);
	if (sqlite3_open_v2(path, &st->db, flags, NULL) != SQLITE_OK) {
		set_err(err, "无法打开数据库 %s: %s", path, st->db ? sqlite3_errmsg(st->db) : "内存不足");
		store_close(st);
		return NULL;
	}
	sqlite3_busy_timeout(st->db, busy_timeout_ms());
	if (db_exec(st,
		    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
		    "PRAGMA cache_size=-16384;",
		    err) ||
	    store_unit_register_sql(st, err) || migrate(st, err)) {
		store_close(st);
		return NULL;
	}
	/* a trigger or view planted with sqlite3 would change what every command writes or reads */
	char *problem = NULL;
	int bad = store_schema_check(st, &problem, err);
	if (bad) {
		if (bad > 0 && err)
			*err = problem;
		else
			free(problem);
		store_close(st);
		return NULL;
	}
	return st;
}

int db_prepare_cached(struct store *st, const char *sql, sqlite3_stmt **out, char **err)
{
	for (int i = 0; i < STORE_STMT_CACHE; i++) {
		if (st->cache[i].sql == sql) {
			sqlite3_reset(st->cache[i].stmt);
			sqlite3_clear_bindings(st->cache[i].stmt);
			*out = st->cache[i].stmt;
			return 0;
		}
		if (!st->cache[i].sql) {
			if (sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL) !=
			    SQLITE_OK)
				return db_fail(st, "准备语句", err);
			st->cache[i].sql = sql;
			st->cache[i].stmt = *out;
			return 0;
		}
	}
	return set_err(err, "语句缓存已满（程序错误：STORE_STMT_CACHE 需要加大）");
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (int i = 0; i < STORE_STMT_CACHE; i++)
		sqlite3_finalize(st->cache[i].stmt);
	sqlite3_close_v2(st->db);
	free(st->path);
	free(st);
}

int store_begin(struct store *st, char **err)
{
	return db_exec(st, "BEGIN IMMEDIATE", err);
}

int store_commit(struct store *st, char **err)
{
	return db_exec(st, "COMMIT", err);
}

void store_rollback(struct store *st)
{
	sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}
