/*
 * This file implements backing up and restoring the database (op/backup.h) over store/backup.h and
 * the audit chain's verification.
 */
#include "op/backup.h"

#include <stdlib.h>
#include <string.h>

#include "op/authz.h"
#include "op/org.h"
#include "store/backup.h"

int op_backup(struct op_session *s, const char *tmp, struct audit_report *r, struct op_diag *d)
{
	memset(r, 0, sizeof(*r));
	if (op_authorize(s, ACT_BACKUP, 0, NULL, d))
		return -1;
	char *err = NULL;
	if (store_backup(s->st, tmp, &err))
		return op_fail_take(d, OP_ERROR, err, "备份失败");
	/* check the copy, not the live database: it is the copy that must be restorable */
	struct store *copy = store_open(tmp, 0, &err);
	if (!copy)
		return op_fail_take(d, OP_ERROR, err, "无法打开备份的副本");
	int v = store_audit_verify(copy, r, &err);
	store_close(copy);
	if (v < 0)
		return op_fail_take(d, OP_ERROR, err, "核验备份的审计链失败");
	if (store_file_seal(tmp, &err)) {
		audit_report_release(r);
		return op_fail_take(d, OP_ERROR, err, "备份失败");
	}
	return v > 0;
}

char *op_backup_tmp_path(const char *file)
{
	return store_backup_tmp_path(file);
}

int op_restore_inspect(const char *file, struct op_diag *d)
{
	int version, intact;
	char *err = NULL;
	if (store_file_inspect(file, &version, &intact, &err))
		return op_fail_take(d, OP_INVALID, err, "备份文件无法读取");
	if (version < 1)
		return op_fail(d, OP_INVALID, "%s 不是 suiji 数据库（没有数据库版本号）", file);
	if (!intact)
		return op_fail(d, OP_INVALID, "备份文件 %s 已损坏（SQLite 完整性检查未通过）", file);
	return 0;
}

int op_restore_prepare(const char *file, const char *tmp, struct store **copy, struct audit_report *r,
		       struct op_diag *d)
{
	*copy = NULL;
	memset(r, 0, sizeof(*r));
	char *err = NULL;
	if (store_copy_file(file, tmp, &err))
		return op_fail_take(d, OP_ERROR, err, "无法复制备份文件");
	struct store *st = store_open(tmp, 0, &err);
	if (!st) {
		op_fail(d, OP_INVALID, "%s: %s", file, err ? err : "无法打开");
		free(err);
		return -1;
	}
	struct org o;
	int has = op_org_get(st, &o, d);
	int rc = has == 1 ? store_audit_verify(st, r, &err) : -1;
	if (has == 0) {
		op_fail(d, OP_INVALID, "%s 中没有本单位信息：不是已初始化的 suiji 数据库", file);
	} else if (has == 1 && rc < 0) {
		op_fail(d, OP_ERROR, "%s: %s", file, err ? err : "核验审计链失败");
	} else if (rc > 0) {
		op_fail(d, OP_INVALID, "%s 未通过审计核验: %s", file, r->problem);
		audit_report_release(r);
	}
	free(err);
	if (rc) {
		store_close(st);
		return -1;
	}
	*copy = st;
	return 0;
}

int op_restore_seal(const char *tmp, struct op_diag *d)
{
	char *err = NULL;
	if (store_file_seal(tmp, &err))
		return op_fail_take(d, OP_ERROR, err, "恢复失败");
	return 0;
}

int op_restore_into(struct op_session *s, struct store *from, long *before_seq, char before[65],
		    struct op_diag *d)
{
	*before_seq = 0;
	before[0] = '\0';
	if (op_authorize(s, ACT_RESTORE, 0, NULL, d))
		return -1;
	char *err = NULL;
	if (store_audit_head(s->st, before, before_seq, &err) || store_restore_from(s->st, from, &err))
		return op_fail_take(d, OP_ERROR, err, "恢复失败");
	return 0;
}

void op_restore_close(struct store *copy)
{
	store_close(copy);
}
