/*
 * This file implements whole-database copies with SQLite's online backup API (see backup.h).
 */
#include "store/backup.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store-internal.h"
#include "util/error.h"
#include "util/xalloc.h"

/* Copies every page of src's main database into dst's, in one step, retrying while either is busy. */
static int copy_pages(sqlite3 *dst, sqlite3 *src, const char *what, char **err)
{
	sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
	if (!b)
		return set_err(err, "%s失败: %s", what, sqlite3_errmsg(dst));
	int rc;
	for (int tries = 0; tries < 600; tries++) {
		rc = sqlite3_backup_step(b, -1);
		if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED)
			break;
		sqlite3_sleep(50); /* another connection holds a lock: wait (at most 30 s in all) */
	}
	int fin = sqlite3_backup_finish(b);
	if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
		return set_err(err, "%s失败: 数据库正被另一项操作占用，请稍后重试", what);
	if (rc != SQLITE_DONE || fin != SQLITE_OK)
		return set_err(err, "%s失败: %s", what, sqlite3_errstr(rc != SQLITE_DONE ? rc : fin));
	return 0;
}

int store_backup(struct store *st, const char *path, char **err)
{
	sqlite3 *dst = NULL;
	int rc = -1;
	db_precreate_private(path);
	if (sqlite3_open_v2(path, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		set_err(err, "无法创建备份文件 %s: %s", path, dst ? sqlite3_errmsg(dst) : "内存不足");
		goto out;
	}
	if (copy_pages(dst, st->db, "备份", err))
		goto out;
	rc = 0;
out:
	if (dst && sqlite3_close(dst) != SQLITE_OK && !rc)
		rc = set_err(err, "关闭备份文件 %s 失败", path);
	/* the copy carries the source's WAL flag: make it one self-contained file */
	return rc ? rc : store_file_seal(path, err);
}

static void remove_db_files(const char *path)
{
	static const char *const ext[] = {"", "-journal", "-wal", "-shm"};
	for (size_t i = 0; i < sizeof(ext) / sizeof(ext[0]); i++) {
		char *p = xasprintf("%s%s", path, ext[i]);
		unlink(p);
		free(p);
	}
}

char *store_backup_tmp_path(const char *file)
{
	const char *slash = strrchr(file, '/');
	char *dir = slash ? xstrndup(file, slash == file ? 1 : (size_t)(slash - file)) : xstrdup(".");
	char *prefix = xasprintf("%s.tmp-", slash ? slash + 1 : file);
	DIR *d = opendir(dir);
	struct dirent *e;
	while (d && (e = readdir(d))) {
		size_t n = strlen(prefix);
		if (strncmp(e->d_name, prefix, n) || !e->d_name[n] ||
		    strspn(e->d_name + n, "0123456789") != strlen(e->d_name + n))
			continue;
		long pid = strtol(e->d_name + n, NULL, 10);
		if (pid > 0 && kill((pid_t)pid, 0) && errno == ESRCH) { /* its backup was killed */
			char *stale = xasprintf("%s/%s", dir, e->d_name);
			remove_db_files(stale);
			free(stale);
		}
	}
	if (d)
		closedir(d);
	free(dir);
	free(prefix);
	return xasprintf("%s.tmp-%ld", file, (long)getpid());
}

int store_file_seal(const char *path, char **err)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	int rc = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(db, "PRAGMA journal_mode=DELETE", NULL, NULL, &msg) != SQLITE_OK)
		rc = set_err(err, "备份文件 %s: %s", path, msg ? msg : db ? sqlite3_errmsg(db) : "内存不足");
	sqlite3_free(msg);
	if (sqlite3_close(db) != SQLITE_OK && !rc)
		rc = set_err(err, "关闭备份文件 %s 失败", path);
	return rc;
}

int store_copy_file(const char *path, const char *to, char **err)
{
	sqlite3 *src = NULL, *dst = NULL;
	int rc = -1;
	if (sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		set_err(err, "无法打开 %s: %s", path, src ? sqlite3_errmsg(src) : "内存不足");
		goto out;
	}
	db_precreate_private(to);
	if (sqlite3_open_v2(to, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
		set_err(err, "无法创建 %s: %s", to, dst ? sqlite3_errmsg(dst) : "内存不足");
		goto out;
	}
	if (copy_pages(dst, src, "读取备份", err))
		goto out;
	rc = 0;
out:
	sqlite3_close(src);
	sqlite3_close(dst);
	return rc;
}

int store_file_inspect(const char *path, int *version, int *intact, char **err)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	int rc = -1;
	*version = 0;
	*intact = 0;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		set_err(err, "无法打开 %s: %s", path, db ? sqlite3_errmsg(db) : "内存不足");
		goto out;
	}
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &s, NULL) != SQLITE_OK ||
	    sqlite3_step(s) != SQLITE_ROW) {
		set_err(err, "%s 不是 SQLite 数据库（%s）", path, sqlite3_errmsg(db));
		goto out;
	}
	*version = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &s, NULL) == SQLITE_OK &&
	    sqlite3_step(s) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(s, 0);
		*intact = t && !sqlite3_stricmp((const char *)t, "ok");
	}
	rc = 0;
out:
	sqlite3_finalize(s);
	sqlite3_close(db);
	return rc;
}

int store_restore_from(struct store *st, struct store *from, char **err)
{
	return copy_pages(st->db, from->db, "恢复", err);
}
