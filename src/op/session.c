/*
 * This file implements op/session.h: who the operator is, from the users table, and which unit a
 * call acts on.
 */
#include "op/session.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "store/user.h"

static int unit_load(struct op_session *s, long id, struct unit *u, struct op_diag *d)
{
	char *err = NULL;
	int found = store_unit_get(s->st, id, u, &err);
	if (found < 0)
		return op_fail_take(d, OP_ERROR, err, "读取单位失败");
	if (!found)
		return op_fail(d, OP_ERROR, "数据库尚未初始化单位（请先运行 suiji init）");
	return 0;
}

int op_session_open(struct op_session *s, struct store *st, const char *name, const char *unit,
		    struct op_diag *d)
{
	memset(s, 0, sizeof(*s));
	s->st = st;
	s->via = "命令行";
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "");
	for (const char *p = s->name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return op_fail(d, OP_DENIED, "操作人含有控制字符（如换行），不是有效的用户名");
	struct user u;
	char *err = NULL;
	int found = store_user_get(st, s->name, &u, &err);
	if (found < 0)
		return op_fail_take(d, OP_ERROR, err, "读取用户失败");
	if (!found || !u.active) {
		long n = store_user_count(st, 0, &err);
		free(err);
		return op_fail(d, OP_DENIED, "无权限：操作人“%s”未登记或已停用，不能使用本数据库%s", s->name,
			       n == 0
				   ? "（本数据库还没有用户：请用 suiji init --admin 姓名 登记第一位管理员）"
				   : "（请系统管理员用 suiji user add 登记）");
	}
	s->roles = u.mask;
	snprintf(s->person_id, sizeof(s->person_id), "%s", u.person_id);
	if (unit_load(s, u.unit_id ? u.unit_id : 1, &s->own, d))
		return -1;
	s->unit = s->own;
	if (unit && *unit) {
		int f = store_unit_find(st, unit, &s->unit, &err);
		if (f < 0)
			return op_fail_take(d, OP_ERROR, err, "读取单位失败");
		if (!f)
			return op_fail(d, OP_INVALID, "没有名为“%s”的单位（suiji unit list 列出全部单位）",
				       unit);
	}
	return 0;
}

int op_session_bootstrap(struct op_session *s, struct store *st, const char *name)
{
	memset(s, 0, sizeof(*s));
	s->st = st;
	s->via = "命令行";
	snprintf(s->name, sizeof(s->name), "%s", name ? name : "");
	s->roles = 0; /* nothing but registering the first administrator (op/user.c) */
	char *err = NULL;
	if (store_unit_get(st, 1, &s->own, &err) < 0)
		free(err);
	s->unit = s->own;
	return 0;
}

int op_unit_within(struct op_session *s, long u, long top)
{
	/* The tree is two levels deep today (city, branches), but walk parents in case it grows. */
	for (int depth = 0; u && depth < 16; depth++) {
		if (u == top)
			return 1;
		struct unit x;
		char *err = NULL;
		int found = store_unit_get(s->st, u, &x, &err);
		free(err);
		if (found <= 0)
			return 0;
		u = x.parent;
	}
	return 0;
}

const char *op_session_roles(const struct op_session *s, char *buf, unsigned long n)
{
	roles_format(s->roles, buf, n);
	return buf;
}
