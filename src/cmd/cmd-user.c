/*
 * This file implements "suiji user": registering the users of a bureau's database and their roles
 * (管理员、执法人员、监督、公开审核), see cmd/authz.h for what each role may do.
 *
 *   suiji user add 姓名 --role 角色 [--person 人员编号]   register (执法人员 need their person id)
 *   suiji user role 姓名 角色 [--person 人员编号]        change the role
 *   suiji user disable|enable 姓名                       stop / restore a user
 *   suiji user list                                      every user
 *   suiji user whoami                                    the operator and their role
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/authz.h"
#include "cmd/cmd.h"
#include "core/dirschema.h"
#include "store/directory.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/error.h"

static const char usage_text[] =
	"用法: suiji user add 姓名 --role 管理员|执法人员|监督|公开审核 [--person 人员编号]\n"
	"      suiji user role 姓名 角色 [--person 人员编号]\n"
	"      suiji user disable|enable 姓名\n"
	"      suiji user list\n"
	"      suiji user whoami";

static int fail(char *msg)
{
	error("%s", msg ? msg : "未知错误");
	free(msg);
	return 1;
}

static int check_name(const char *name)
{
	size_t n = strlen(name);
	if (!n || n > 100)
		return error("用户名不能为空且不超过100字节");
	for (const char *p = name; *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return error("用户名不能含有控制字符");
	if (strstr(name, "、"))
		return error("用户名不能含有顿号“、”");
	return 0;
}

/* The person must be in the inspector directory now; required for 执法人员. */
static int check_person(struct store *st, const char *role, const char *person)
{
	if (!strcmp(role, ROLE_INSPECTOR) && (!person || !*person))
		return error("角色“执法人员”需要用 --person 指定其在检查人员名录中的人员编号（用于确定所在检查组）");
	if (person && *person) {
		char *err = NULL;
		int ex = store_dir_exists(st, &dir_people, person, &err);
		if (ex < 0)
			return fail(err);
		if (!ex)
			return error("检查人员名录中没有人员编号“%s”", person);
	}
	return 0;
}

static int print_user(const struct user *u, void *arg)
{
	(void)arg;
	printf("%-12s %-8s %-10s %s  登记 %s（%s）\n", u->name, u->role, *u->person_id ? u->person_id : "-",
	       u->active ? "在用" : "已停用", u->created_at, u->created_by);
	return 0;
}

static int user_list(struct ctx *ctx)
{
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (authz_require(ctx, "report.read", NULL))
		return 1;
	char *err = NULL;
	long n = store_user_count(st, 0, &err);
	if (n < 0)
		return fail(err);
	if (n == 0) {
		printf("尚未登记用户：任何操作人都按管理员处理。登记第一个管理员后启用权限控制：\n"
		       "  suiji user add 姓名 --role 管理员\n");
		return 0;
	}
	if (store_user_each(st, print_user, NULL, &err))
		return fail(err);
	printf("共 %ld 个用户\n", n);
	return 0;
}

static int user_whoami(struct ctx *ctx)
{
	struct authz_who w;
	char *err = NULL;
	if (!ctx_store(ctx, 0))
		return 1;
	if (authz_whoami(ctx, &w, &err))
		return fail(err);
	if (w.open)
		printf("%s（尚未登记用户，按管理员处理）\n", w.name);
	else if (!w.registered)
		printf("%s（未登记或已停用，无任何权限）\n", w.name);
	else
		printf("%s %s%s%s\n", w.name, w.role, *w.person_id ? " 人员编号 " : "", w.person_id);
	return 0;
}

int cmd_user(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{"role", required_argument, 0, 'r'},
		{"person", required_argument, 0, 'p'},
		{0, 0, 0, 0},
	};
	const char *role = NULL, *person = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'r': role = optarg; break;
		case 'p': person = optarg; break;
		default: die_usage("%s", usage_text);
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs < 1)
		die_usage("%s", usage_text);
	const char *action = args[0];
	if (!strcmp(action, "list") && nargs == 1 && !role && !person)
		return user_list(ctx);
	if (!strcmp(action, "whoami") && nargs == 1 && !role && !person)
		return user_whoami(ctx);

	struct user u = {0};
	const char *audit_action;
	if (!strcmp(action, "add") && nargs == 2 && role)
		audit_action = "user add";
	else if (!strcmp(action, "role") && nargs == 3 && !role)
		audit_action = "user role", role = args[2];
	else if ((!strcmp(action, "disable") || !strcmp(action, "enable")) && nargs == 2 && !role && !person)
		audit_action = !strcmp(action, "disable") ? "user disable" : "user enable";
	else
		die_usage("%s", usage_text);
	if (role && !user_role_valid(role))
		die_usage("角色应为 管理员、执法人员、监督 或 公开审核，而不是“%s”", role);
	if (check_name(args[1]))
		return 1;

	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (authz_require(ctx, "user.manage", NULL))
		return 1;
	char *err = NULL, now[26];
	clock_now(now);
	if (!strcmp(action, "add")) {
		long n = store_user_count(st, 0, &err);
		if (n < 0)
			return fail(err);
		if (n == 0 && strcmp(role, ROLE_ADMIN))
			return error("第一个登记的用户必须是管理员（否则登记后就没有人能管理用户）");
		if (check_person(st, role, person))
			return 1;
		snprintf(u.name, sizeof(u.name), "%s", args[1]);
		snprintf(u.role, sizeof(u.role), "%s", role);
		snprintf(u.person_id, sizeof(u.person_id), "%s", person ? person : "");
		if (store_user_add(st, &u, now, ctx->actor, &err))
			return fail(err);
		printf("已登记用户 %s（%s%s%s）\n", u.name, u.role, *u.person_id ? "，人员编号 " : "", u.person_id);
		if (n == 0)
			printf("已启用权限控制：此后未登记的操作人不能进行任何操作\n");
		return 0;
	}
	int found = store_user_get(st, args[1], &u, &err);
	if (found < 0)
		return fail(err);
	if (!found)
		return error("用户“%s”未登记", args[1]);
	if (!strcmp(action, "role")) {
		if (person)
			snprintf(u.person_id, sizeof(u.person_id), "%s", person);
		if (check_person(st, role, u.person_id))
			return 1;
		snprintf(u.role, sizeof(u.role), "%s", role);
	} else {
		u.active = !strcmp(action, "enable");
	}
	if (store_user_update(st, &u, audit_action, now, ctx->actor, &err))
		return fail(err);
	printf("已修改用户 %s：%s，%s\n", u.name, u.role, u.active ? "在用" : "已停用");
	return 0;
}
