/*
 * This file implements "suiji demo": the options, then op/demo.h (Jiaozuo's structure, realistic
 * deterministic directories imported through the real path, a login for every role), then what was
 * made, with each demo login's password printed once as a table (用户名 / 角色 / 单位 / 口令). On a new
 * database it first records the organisation with its signing key, as "suiji init" does, and makes
 * the operator the first administrator.
 */
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "op/demo.h"
#include "op/org.h"
#include "util/clock.h"
#include "util/error.h"

static const char usage_text[] =
    "suiji demo [--objects N（默认2000，最多1000000）] [--seed S] [--out 目录（默认 demo-data）] [--date "
    "YYYY-MM-DD]\n"
    "           [--people N（默认为对象数的1%，至少200）] [--files-only（只生成导入文件，不写数据库）]";

/* Prints "s" padded with spaces to "width" terminal columns (a CJK character takes two). */
static void cell(const char *s, int width)
{
	int w = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x80)
			w++;
		else if ((*p & 0xC0) != 0x80)
			w += 2;
	printf("%s%*s", s, width > w ? width - w : 0, "");
}

static void login_row(const char *name, const char *roles, const char *unit, const char *pw)
{
	cell(name, 18);
	cell(roles, 24);
	cell(unit, 20);
	printf("%s\n", pw);
}

int cmd_demo(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"objects", required_argument, 0, 'n'},
	    {"seed", required_argument, 0, 's'},
	    {"out", required_argument, 0, 'o'},
	    {"date", required_argument, 0, 'd'},
	    {"files-only", no_argument, 0, 'F'},
	    {"people", required_argument, 0, 'P'},
	    {0, 0, 0, 0},
	};
	long nobjects = 2000;
	uint64_t seed = 20241030;
	long seed_arg;
	const char *dir = "demo-data", *effective = NULL;
	int c, files_only = 0;
	char first_pw[OP_PASSWORD_GENERATED] = "";
	long npeople = 0;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'n':
			if (parse_long(optarg, 10, 1000000, &nobjects))
				die_usage("--objects 应为 10 到 1000000 之间的整数");
			break;
		case 's':
			if (parse_long(optarg, 0, 999999999999999999L, &seed_arg))
				die_usage("--seed 应为非负整数");
			seed = (uint64_t)seed_arg;
			break;
		case 'o':
			dir = optarg;
			break;
		case 'd':
			effective = optarg;
			break;
		case 'F':
			files_only = 1;
			break;
		case 'P':
			if (parse_long(optarg, 10, 100000, &npeople))
				die_usage("--people 应为 10 到 100000 之间的整数");
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	struct op_demo_args a = {nobjects, npeople, seed, dir, effective};
	struct op_demo_result r;
	struct op_diag d = OP_DIAG_INIT;
	if (files_only) {
		if (op_demo_files(&a, &r, &d))
			return ctx_fail(&d);
		printf("已生成演示数据到 %s/: 检查对象 %ld 个，人员 %ld 名\n", dir, nobjects, r.people);
		op_demo_result_release(&r);
		return 0;
	}

	struct store *st = ctx_store(ctx, 1);
	if (!st)
		return 1;
	struct org o;
	struct op_diag od = OP_DIAG_INIT;
	int has = op_org_get(st, &o, &od);
	if (has < 0)
		return ctx_fail(&od);
	if (!has) {
		memset(&o, 0, sizeof(o));
		snprintf(o.name, sizeof(o.name), "焦作市生态环境局");
		snprintf(o.region, sizeof(o.region), "410800");
		snprintf(o.level, sizeof(o.level), "city");
		clock_now(o.created_at);
		if (init_org_with_key(ctx, st, &o)) /* the bureau's signing key, as "suiji init" makes */
			return 1;
		printf("已初始化: 焦作市生态环境局（410800，市级）数据库 %s\n", ctx->db_path);
		/* the operator becomes the first administrator, with a password made here and printed once */
		if (op_password_generate(first_pw, &d) ||
		    op_user_first_admin(st, ctx->actor, first_pw, ctx->actor, &d))
			return ctx_fail(&d);
	} else if (strcmp(o.region, "410800")) {
		return error("演示数据属于焦作市（410800），而数据库 %s 属于 %s（%s）", ctx->db_path, o.name,
			     o.region),
		       1;
	}
	/* on an existing database only an administrator may add demo data (op_demo_setup checks) */
	if (!ctx_session(ctx))
		return 1;
	int rc = op_demo_setup(ctx->session, &a, &r, &d);
	if (r.paths[3])
		printf("生成演示数据到 %s/: 检查对象 %ld 个，人员 %ld 名\n", dir, nobjects, r.people);
	if (r.nunits) {
		printf("单位: %s 及分局", ctx->session->own.name);
		for (size_t i = 0; i < r.nunits; i++)
			printf("%s%s（%s）", i ? "、" : " ", r.units[i].name, r.units[i].regions);
		printf("；市区（解放区、中站区、马村区、山阳区）和高新区由市局直接管理\n");
	}
	if (r.counts[3].added || r.counts[3].unchanged || (!rc && r.paths[3])) {
		static const struct dirkind *const order[] = {&dir_items, &dir_objects, &dir_people,
							      &dir_conflicts};
		printf("导入:\n");
		for (int i = 0; i < 4; i++)
			printf("  %-12s 新增 %ld，变更 %ld，未变 %ld（%s）\n", order[i]->zh,
			       r.counts[i].added, r.counts[i].changed, r.counts[i].unchanged, r.paths[i]);
	}
	if (rc) {
		op_demo_result_release(&r);
		return ctx_fail(&d);
	}
	/* the logins, each password printed this once */
	printf("\n演示登录（口令只显示这一次）:\n");
	login_row("用户名", "角色", "单位", "口令");
	if (*first_pw)
		login_row(ctx->actor, "市局管理员、系统管理员", ctx->session->own.name, first_pw);
	for (size_t i = 0; i < r.nlogins; i++)
		login_row(r.logins[i].name, r.logins[i].roles, r.logins[i].unit,
			  *r.logins[i].password ? r.logins[i].password : "（已存在，口令未改）");
	op_demo_result_release(&r);
	return 0;
}
