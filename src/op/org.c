/*
 * This file implements the operations that set a database up (op/org.h) over store/org.h.
 */
#include "op/org.h"

int op_org_get(struct store *st, struct org *o, struct op_diag *d)
{
	char *err = NULL;
	int has = store_org_get(st, o, &err);
	if (has < 0)
		return op_fail_take(d, OP_ERROR, err, "读取本单位信息失败");
	return has;
}

int op_org_init(struct store *st, const struct org *o, const char *actor, const char *pub, struct op_diag *d)
{
	struct org have;
	int has = op_org_get(st, &have, d);
	if (has < 0)
		return -1;
	if (has)
		return op_fail(d, OP_CONFLICT, "数据库已初始化为 %s（%s），不能重复初始化", have.name,
			       have.region);
	char *err = NULL;
	if (store_org_init_key(st, o, actor, pub, &err))
		return op_fail_take(d, OP_ERROR, err, "初始化数据库失败");
	return 0;
}
