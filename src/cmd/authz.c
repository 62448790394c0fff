/*
 * This file implements the authorisation rules of authz.h: one table of actions, the roles that may
 * take each, and whether an inspector is limited to the tasks of their own team.
 */
#include "cmd/authz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/task.h"
#include "store/user.h"
#include "util/error.h"
#include "util/xalloc.h"

#define R_ADMIN 1u
#define R_INSPECTOR 2u /* any task (rarely wanted) */
#define R_TEAM 4u      /* 执法人员, only a task of their own team */
#define R_OVERSIGHT 8u
#define R_PUBLISHER 16u
#define R_ALL (R_ADMIN | R_INSPECTOR | R_OVERSIGHT | R_PUBLISHER)

static const struct action {
	const char *name;
	unsigned roles;
	const char *zh; /* what the refusal says the operator tried */
} actions[] = {
	{"task.read", R_ADMIN | R_OVERSIGHT | R_PUBLISHER | R_TEAM, "查看检查任务"},
	{"task.create", R_ADMIN, "创建检查任务"},
	{"task.cancel", R_ADMIN, "作废检查任务"},
	{"result.record", R_ADMIN | R_TEAM, "录入检查结果"},
	{"penalty.record", R_ADMIN | R_TEAM, "录入行政处罚决定"},
	{"problem.step", R_ADMIN | R_TEAM, "办理问题（交办、督办、销号）"},
	{"disclosure.publish", R_ADMIN | R_PUBLISHER | R_TEAM, "公开检查结果"},
	{"disclosure.withhold", R_ADMIN | R_PUBLISHER, "决定不予公开"},
	{"site.publish", R_ADMIN | R_PUBLISHER, "生成公开网站"},
	{"report.read", R_ALL, "查看统计和清单"},
	{"draw.read", R_ADMIN | R_OVERSIGHT, "查看抽取结果"},
	{"draw.announce", R_ADMIN, "发布抽取公告"},
	{"draw.run", R_ADMIN, "执行随机抽取"},
	{"draw.reveal", R_ADMIN, "公开抽取包"},
	{"directory.write", R_ADMIN, "修改名录"},
	{"plan.write", R_ADMIN, "修改抽查计划"},
	{"user.manage", R_ADMIN, "管理用户"},
};

static const struct action *action_find(const char *name)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(actions[i].name, name))
			return &actions[i];
	return NULL;
}

int authz_team_has(const char *team, const char *person_id)
{
	size_t n = strlen(person_id);
	if (!team || !n)
		return 0;
	for (const char *p = team; *p;) {
		const char *q = strstr(p, "、");
		size_t l = q ? (size_t)(q - p) : strlen(p);
		if (l == n && !memcmp(p, person_id, n))
			return 1;
		if (!q)
			break;
		p = q + strlen("、");
	}
	return 0;
}

int authz_whoami(struct ctx *ctx, struct authz_who *w, char **err)
{
	memset(w, 0, sizeof(*w));
	snprintf(w->name, sizeof(w->name), "%s", ctx->actor ? ctx->actor : "");
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return set_err(err, "无法打开数据库");
	long n = store_user_count(st, 0, err);
	if (n < 0)
		return -1;
	if (n == 0) {
		w->open = 1;
		snprintf(w->role, sizeof(w->role), "%s", ROLE_ADMIN);
		return 0;
	}
	struct user u;
	int found = store_user_get(st, w->name, &u, err);
	if (found < 0)
		return -1;
	if (found && u.active) {
		w->registered = 1;
		snprintf(w->role, sizeof(w->role), "%s", u.role);
		snprintf(w->person_id, sizeof(w->person_id), "%s", u.person_id);
	}
	return 0;
}

static unsigned role_bit(const char *role)
{
	if (!strcmp(role, ROLE_ADMIN))
		return R_ADMIN;
	if (!strcmp(role, ROLE_INSPECTOR))
		return R_INSPECTOR;
	if (!strcmp(role, ROLE_OVERSIGHT))
		return R_OVERSIGHT;
	if (!strcmp(role, ROLE_PUBLISHER))
		return R_PUBLISHER;
	return 0;
}

int authz_check(struct ctx *ctx, const char *action, const struct task *t, char **why)
{
	const struct action *a = action_find(action);
	if (!a)
		return set_err(why, "程序错误：未知的权限项“%s”", action);
	struct authz_who w;
	if (authz_whoami(ctx, &w, why))
		return -1;
	if (w.open)
		return 0;
	if (!w.registered) {
		set_err(why, "无权限：操作人“%s”未登记或已停用，不能%s（请管理员用 suiji user add 登记）", w.name,
			a->zh);
		return 1;
	}
	unsigned bit = role_bit(w.role);
	if (bit & a->roles)
		return 0;
	if (bit == R_INSPECTOR && (a->roles & R_TEAM)) {
		if (t && authz_team_has(t->team, w.person_id))
			return 0;
		if (t)
			set_err(why, "无权限：%s（%s，人员编号 %s）不是任务 %ld 的检查组成员，不能%s（谁检查、谁录入、谁公开）",
				w.name, w.role, w.person_id, t->id, a->zh);
		else
			set_err(why, "无权限：%s（%s）只能对本检查组的任务%s", w.name, w.role, a->zh);
		return 1;
	}
	set_err(why, "无权限：%s 的角色是%s，不能%s", w.name, w.role, a->zh);
	return 1;
}

int authz_require(struct ctx *ctx, const char *action, const struct task *t)
{
	char *why = NULL;
	int rc = authz_check(ctx, action, t, &why);
	if (rc) {
		error("%s", why ? why : "无权限");
		free(why);
		return 1;
	}
	return 0;
}

int authz_visible(struct ctx *ctx, const struct task *t)
{
	char *why = NULL;
	int rc = authz_check(ctx, "task.read", t, &why);
	free(why);
	return rc == 0;
}

const char *authz_role(struct ctx *ctx)
{
	static _Thread_local char role[32];
	struct authz_who w;
	char *err = NULL;
	if (authz_whoami(ctx, &w, &err)) {
		free(err);
		return "";
	}
	snprintf(role, sizeof(role), "%s", w.role);
	return role;
}
