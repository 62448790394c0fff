/*
 * This file implements "suiji backup" and "suiji restore" (docs/SECURITY.md, "No data lost").
 *
 *   suiji backup 文件 [--force]
 *       SQLite's online backup of the database as of one moment, while the server or an import keeps
 *       working; written beside as 文件.tmp-PID, checked (the audit chain of the copy) and renamed into
 *       place, so that "文件" is always a whole backup. The private key is not in it (cmd-key.c).
 *   suiji restore 文件 [--force]
 *       checks the backup first — an SQLite database of suiji, of a schema version this program
 *       knows, intact (quick_check), and whose audit chain verifies — on a private copy, then copies
 *       it into the database (which may be open elsewhere) in one step. An existing database is only
 *       replaced with --force, and the chain heads before and after are printed for the record.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "op/authz.h"
#include "core/sign.h"
#include "store/audit.h"
#include "io/outfile.h"
#include "store/backup.h"
#include "store/org.h"
#include "util/error.h"
#include "util/xalloc.h"

/* Removes a database file and its WAL and shared-memory companions. */
static void remove_db(const char *path)
{
	char *wal = xasprintf("%s-wal", path), *shm = xasprintf("%s-shm", path),
	     *journal = xasprintf("%s-journal", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	unlink(journal);
	free(wal);
	free(shm);
	free(journal);
}

/* Opens the copy at "path" and verifies its audit chain; the store (to be closed), or NULL after printing. */
static struct store *open_checked(const char *path, const char *shown, struct audit_report *r)
{
	char *err = NULL;
	struct store *st = store_open(path, 0, &err);
	if (!st) {
		error("%s: %s", shown, err);
		free(err);
		return NULL;
	}
	struct org o;
	int has = store_org_get(st, &o, &err);
	int rc = has == 1 ? store_audit_verify(st, r, &err) : -1;
	if (has != 1) {
		error("%s 中没有本单位信息：不是已初始化的 suiji 数据库", shown);
	} else if (rc < 0) {
		error("%s: %s", shown, err);
	} else if (rc > 0) {
		error("%s 未通过审计核验: %s", shown, r->problem);
		audit_report_release(r);
	}
	free(err);
	if (rc) {
		store_close(st);
		return NULL;
	}
	return st;
}

int cmd_backup(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"force", no_argument, 0, 'f'}, {0, 0, 0, 0}};
	int force = 0, c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 'f')
			die_usage("suiji backup 备份文件 [--force]");
		force = 1;
	}
	if (argc - optind != 1)
		die_usage("suiji backup 备份文件 [--force]");
	const char *file = argv[optind];
	if (!force && access(file, F_OK) == 0)
		return error("备份文件 %s 已存在；要覆盖它请加 --force", file), 1;
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_BACKUP))
		return 1;

	char *tmp = store_backup_tmp_path(file), *err = NULL;
	if (outfile_check_target(file, &err)) { /* never onto a link, a device or a directory */
		error("%s", err);
		free(err);
		free(tmp);
		return 1;
	}
	remove_db(tmp);
	int rc = 1;
	if (store_backup(st, tmp, &err)) {
		error("%s", err);
		goto out;
	}
	/* check the copy, not the live database: it is the copy that must be restorable */
	struct audit_report r;
	struct store *copy = store_open(tmp, 0, &err);
	if (!copy) {
		error("%s", err);
		goto out;
	}
	int v = store_audit_verify(copy, &r, &err);
	store_close(copy);
	if (v < 0) {
		error("%s", err);
		goto out;
	}
	if (store_file_seal(tmp, &err)) {
		error("%s", err);
		goto out;
	}
	if (rename(tmp, file)) {
		error("无法把 %s 改名为 %s", tmp, file);
		goto out;
	}
	printf("已备份到 %s（审计链共 %ld 条，链头 %s）\n", file, r.head_seq, r.head_hash);
	if (v > 0) /* a backup is kept even so: it preserves the evidence */
		warning("数据库未通过审计核验，备份照常保存（保留现状作为证据）: %s", r.problem);
	audit_report_release(&r);
	rc = 0;
out:
	if (rc)
		remove_db(tmp);
	free(tmp);
	free(err);
	return rc;
}

int cmd_restore(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"force", no_argument, 0, 'f'}, {0, 0, 0, 0}};
	int force = 0, c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 'f')
			die_usage("suiji restore 备份文件 [--force]");
		force = 1;
	}
	if (argc - optind != 1)
		die_usage("suiji restore 备份文件 [--force]");
	const char *file = argv[optind];
	char *err = NULL;
	int version, intact;

	/* 1. the file itself, read-only */
	if (access(file, R_OK))
		return error("备份文件 %s 不存在或不可读", file), 1;
	if (store_file_inspect(file, &version, &intact, &err)) {
		error("%s", err);
		free(err);
		return 1;
	}
	if (version < 1)
		return error("%s 不是 suiji 数据库（没有数据库版本号）", file), 1;
	if (!intact)
		return error("备份文件 %s 已损坏（SQLite 完整性检查未通过）", file), 1;
	int exists = access(ctx->db_path, F_OK) == 0;
	/* replacing a database is a 系统管理员's decision; a new file is only a copy of the backup */
	if (exists && (!ctx_session(ctx) || ctx_require(ctx, ACT_RESTORE)))
		return 1;
	if (exists && !force)
		return error("数据库 %s 已存在：恢复会以备份内容整体替换它。确认请加 --force（建议先用 suiji "
			     "backup 另存当前数据库）",
			     ctx->db_path),
		       1;

	/* 2. a private copy, migrated to this program's schema and verified */
	char *tmp = xasprintf("%s.restore-%ld", ctx->db_path, (long)getpid());
	remove_db(tmp);
	struct store *from = NULL;
	struct audit_report r = {0};
	int rc = 1;
	if (store_copy_file(file, tmp, &err)) {
		error("%s", err);
		goto out;
	}
	from = open_checked(tmp, file, &r);
	if (!from)
		goto out;

	/*
	 * 3. into the database, in one step: a new database is the checked copy itself, renamed into
	 * place; an existing one (perhaps open in the server) receives the pages in one write transaction
	 */
	char before[65];
	long before_seq = 0;
	if (!exists) {
		store_close(from);
		from = NULL;
		if (store_file_seal(tmp, &err)) {
			error("%s", err);
			goto out;
		}
		if (rename(tmp, ctx->db_path)) {
			error("无法把 %s 改名为 %s", tmp, ctx->db_path);
			goto out;
		}
	}
	struct store *st = ctx_store(ctx, 1);
	if (!st)
		goto out;
	if (exists &&
	    (store_audit_head(st, before, &before_seq, &err) || store_restore_from(st, from, &err))) {
		error("%s", err);
		goto out;
	}
	printf("已从 %s 恢复数据库 %s（审计链共 %ld 条，链头 %s）\n", file, ctx->db_path, r.head_seq,
	       r.head_hash);
	if (before_seq)
		printf("恢复前的审计链头: 第 %ld 条 %s\n", before_seq, before);
	if (before_seq > r.head_seq)
		warning("恢复后的审计链比恢复前少 %ld 条：第 %ld 至 %ld 条记录的操作已不在数据库中",
			before_seq - r.head_seq, r.head_seq + 1, before_seq);

	/* the key file stays where it is: say when it no longer matches */
	long key_id;
	char pub[65];
	char *key = ctx_key_path(ctx);
	if (store_key_current(st, &key_id, pub, &err) == 1 && access(key, F_OK) == 0) {
		struct sign_key *k = key_file_read(key);
		char mine[65] = "";
		if (k)
			sign_key_public_hex(k, mine);
		if (strcmp(mine, pub))
			warning("私钥文件 %s 与恢复后的数据库登记的签名密钥不符：签名前请核对", key);
		sign_key_free(k);
	}
	free(key);
	rc = 0;
out:
	audit_report_release(&r);
	store_close(from);
	remove_db(tmp);
	free(tmp);
	free(err);
	return rc;
}
