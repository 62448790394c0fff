/*
 * This file implements "suiji user": the users of a database, their roles and units (op/user.h;
 * docs/ROLES.md says what each role may do).
 *
 *   suiji user add 姓名 --role 角色[、角色…] [--person 人员编号] [--unit 单位] [--password-stdin]
 *   suiji user role 姓名 角色[、角色…] [--person 人员编号] [--unit 单位]
 *   suiji user disable|enable 姓名
 *   suiji user passwd 姓名            (the new password from standard input when it is not a terminal)
 *   suiji user lock 姓名 [--until 时间] | unlock 姓名
 *   suiji user list | whoami
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/roles.h"
#include "op/user.h"
#include "util/error.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "用法: suiji user add 姓名 --role 角色[、角色…] [--person 人员编号] [--unit 单位] [--password-stdin]\n"
    "      suiji user role 姓名 角色[、角色…] [--person 人员编号]\n"
    "      suiji user disable|enable 姓名\n"
    "      suiji user passwd 姓名\n"
    "      suiji user lock 姓名 [--until 时间] | unlock 姓名\n"
    "      suiji user list | whoami\n"
    "角色: 市局管理员 分局管理员 科室人员 执法人员 监督 公开审核 系统管理员 安全管理员 审计管理员";

static int print_user(const struct user *u, const struct unit *unit)
{
	printf("%-12s %-24s %-10s %-14s %s%s%s  登记 %s（%s）\n", u->name, u->roles,
	       *u->person_id ? u->person_id : "-", unit ? unit->name : "?", u->active ? "在用" : "已停用",
	       *u->locked_until ? "，锁定至 " : "", u->locked_until, u->created_at, u->created_by);
	return 0;
}

static int user_list(struct op_session *s)
{
	struct op_diag d = OP_DIAG_INIT;
	struct user *v;
	size_t n;
	if (op_user_list(s, &v, &n, &d))
		return ctx_fail(&d);
	for (size_t i = 0; i < n; i++) {
		struct unit unit;
		char *err = NULL;
		int f = store_unit_get(s->st, v[i].unit_id, &unit, &err);
		free(err);
		print_user(&v[i], f == 1 ? &unit : NULL);
	}
	printf("共 %zu 个用户\n", n);
	free(v);
	return 0;
}

/* A role that does not exist is a usage error, named. */
static void check_roles(const char *list)
{
	unsigned mask;
	char bad[64];
	if (roles_parse(list, &mask, bad) || !mask)
		die_usage("“%s”不是角色。%s", *bad ? bad : list, usage_text);
}

int cmd_user(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"role", required_argument, 0, 'r'},
	    {"person", required_argument, 0, 'p'},
	    {"until", required_argument, 0, 'u'},
	    {"password-stdin", no_argument, 0, 'P'},
	    {0, 0, 0, 0},
	};
	const char *role = NULL, *person = NULL, *until = NULL;
	int pw_stdin = 0, c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'r':
			role = optarg;
			break;
		case 'p':
			person = optarg;
			break;
		case 'u':
			until = optarg;
			break;
		case 'P':
			pw_stdin = 1;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	int nargs = argc - optind;
	char **args = argv + optind;
	if (nargs < 1)
		die_usage("%s", usage_text);
	const char *action = args[0];
	struct op_session *s = ctx->session;
	struct op_diag d = OP_DIAG_INIT;
	if (!strcmp(action, "list") && nargs == 1)
		return user_list(s);
	if (!strcmp(action, "whoami") && nargs == 1) {
		char roles[256];
		printf("%s %s%s%s（%s）\n", s->name, op_session_roles(s, roles, sizeof(roles)),
		       *s->person_id ? " 人员编号 " : "", s->person_id, s->own.name);
		return 0;
	}
	if (nargs != 2 + !strcmp(action, "role"))
		die_usage("%s", usage_text);
	struct op_user_args a = {.name = args[1], .person = person, .unit = ctx->unit};
	int rc;
	char *pw = NULL;
	if (!strcmp(action, "add")) {
		if (!role)
			die_usage("%s", usage_text);
		check_roles(role);
		if (pw_stdin && !(pw = read_password("新用户的口令")))
			return 1;
		a.roles = role;
		a.password = pw;
		rc = op_user_add(s, &a, &d);
		if (!rc)
			printf("已登记用户 %s（%s）\n", a.name, role);
	} else if (!strcmp(action, "role")) {
		a.roles = args[2];
		check_roles(a.roles);
		rc = op_user_change(s, &a, &d);
		if (!rc)
			printf("已修改用户 %s 的角色：%s\n", a.name, args[2]);
	} else if (!strcmp(action, "disable") || !strcmp(action, "enable")) {
		int on = !strcmp(action, "enable");
		rc = op_user_set_active(s, a.name, on, &d);
		if (!rc)
			printf("已%s用户 %s\n", on ? "启用" : "停用", a.name);
	} else if (!strcmp(action, "passwd")) {
		if (!(pw = read_password("新口令")))
			return 1;
		rc = op_user_passwd(s, a.name, pw, &d);
		if (!rc)
			printf("已设置用户 %s 的口令\n", a.name);
	} else if (!strcmp(action, "lock") || !strcmp(action, "unlock")) {
		int lock = !strcmp(action, "lock");
		rc = op_user_lock(s, a.name, lock ? (until ? until : "9999-12-31T23:59:59+08:00") : "", &d);
		if (!rc)
			printf("已%s用户 %s\n", lock ? "锁定" : "解锁", a.name);
	} else {
		die_usage("%s", usage_text);
	}
	if (pw) {
		explicit_bzero(pw, strlen(pw));
		free(pw);
	}
	return rc ? ctx_fail(&d) : 0;
}
