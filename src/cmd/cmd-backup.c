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
#include "op/backup.h"
#include "op/key.h"
#include "core/sign.h"
#include "io/outfile.h"
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
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	/* the role first: no temporary file is made for an operator who may not */
	if (op_authorize(s, ACT_BACKUP, 0, NULL, &d))
		return ctx_fail(&d);

	char *tmp = op_backup_tmp_path(file), *err = NULL;
	if (outfile_check_target(file, &err)) { /* never onto a link, a device or a directory */
		error("%s", err);
		free(err);
		free(tmp);
		return 1;
	}
	remove_db(tmp);
	int rc = 1;
	struct audit_report r;
	int v = op_backup(s, tmp, &r, &d);
	if (v < 0) {
		ctx_fail(&d);
		goto out;
	}
	if (rename(tmp, file)) {
		error("无法把 %s 改名为 %s", tmp, file);
		audit_report_release(&r);
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
	struct op_diag d = OP_DIAG_INIT;

	/* 1. the file itself, read-only */
	if (access(file, R_OK))
		return error("备份文件 %s 不存在或不可读", file), 1;
	if (op_restore_inspect(file, &d))
		return ctx_fail(&d);
	int exists = access(ctx->db_path, F_OK) == 0;
	/* replacing a database is a 系统管理员's decision (asked again by op_restore_into); a new file is
	 * only a copy of the backup */
	struct op_session *s = exists ? ctx_session(ctx) : NULL;
	if (exists && (!s || op_authorize(s, ACT_RESTORE, 0, NULL, &d)))
		return s ? ctx_fail(&d) : 1;
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
	if (op_restore_prepare(file, tmp, &from, &r, &d)) {
		ctx_fail(&d);
		goto out;
	}

	/*
	 * 3. into the database, in one step: a new database is the checked copy itself, renamed into
	 * place; an existing one (perhaps open in the server) receives the pages in one write transaction
	 */
	char before[65];
	long before_seq = 0;
	if (!exists) {
		op_restore_close(from);
		from = NULL;
		if (op_restore_seal(tmp, &d)) {
			ctx_fail(&d);
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
	if (exists && op_restore_into(s, from, &before_seq, before, &d)) {
		ctx_fail(&d);
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
	if (op_key_current(st, &key_id, pub, &d) == 1 && access(key, F_OK) == 0) {
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
	op_diag_release(&d);
	audit_report_release(&r);
	op_restore_close(from);
	remove_db(tmp);
	free(tmp);
	return rc;
}
