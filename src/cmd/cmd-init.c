/*
 * This file implements "suiji init": creates the database for one bureau (the organisation, its
 * jurisdiction and level) with its Ed25519 signing key (the private key in "<数据库>.key", the public
 * key in the database) and records both as the first entry of the audit chain.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/password.h"
#include "core/region.h"
#include "op/user.h"
#include "core/utf8.h"
#include "op/org.h"
#include "util/clock.h"
#include "util/error.h"

static const char usage_text[] =
    "用法: suiji init --org 单位名称 --region 行政区划代码 --level city|county --admin 姓名\n"
    "  --admin 登记第一位管理员（市局管理员、系统管理员），口令从终端输入，或非终端时从标准输入读一行\n"
    "  已初始化但尚无用户的数据库（旧版本升级而来）: suiji init --admin 姓名";

/* "init --admin NAME" on a database that is initialised but has no user yet (one written before users
 * were required): registers the first administrator. Refused once any user exists (op/user.c). */
static int claim(struct ctx *ctx, const char *admin)
{
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	struct org o;
	struct op_diag d = OP_DIAG_INIT;
	int has = op_org_get(st, &o, &d);
	op_diag_release(&d);
	if (has <= 0) {
		return error("数据库 %s 尚未初始化：suiji init --org … --region … --level … --admin 姓名",
			     ctx->db_path);
	}
	char *pw = read_password("第一位管理员的口令");
	if (!pw)
		return 1;
	int rc = op_user_first_admin(st, admin, pw, ctx->actor, &d);
	explicit_bzero(pw, strlen(pw));
	free(pw);
	if (rc)
		return ctx_fail(&d);
	printf("已登记 %s 的第一位管理员: %s（市局管理员、系统管理员）\n", o.name, admin);
	return 0;
}

int cmd_init(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"org", required_argument, 0, 'o'},
	    {"region", required_argument, 0, 'r'},
	    {"level", required_argument, 0, 'l'},
	    {"admin", required_argument, 0, 'a'},
	    {0, 0, 0, 0},
	};
	const char *name = NULL, *region = NULL, *level = NULL, *admin = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'o':
			name = optarg;
			break;
		case 'r':
			region = optarg;
			break;
		case 'l':
			level = optarg;
			break;
		case 'a':
			admin = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (admin && !name && !region && !level && optind == argc)
		return claim(ctx, admin);
	if (!name || !region || !level || !admin || optind != argc)
		die_usage("%s", usage_text);
	if (strcmp(level, "city") && strcmp(level, "county"))
		die_usage("--level 应为 city（市级）或 county（县级），而不是 “%s”", level);
	if (!*name || strlen(name) > 200)
		die_usage("--org 单位名称不能为空且不超过200字节");
	if (!utf8_valid(name, strlen(name)) || utf8_has_control(name, strlen(name)))
		die_usage("--org 单位名称应为有效的 UTF-8 文本，且不含控制字符（如换行）");
	const struct region *r = region_find(region);
	if (!r)
		return error("行政区划代码 %s 不在区划表中（GB/T 2260，见 data/regions.csv）", region);
	int want = !strcmp(level, "city") ? 2 : 3;
	if (region_level(region) != want)
		return error("行政区划 %s（%s）不是%s级区划，与 --level %s 不符", region, r->name,
			     want == 2 ? "地市" : "县", level);

	char *pw = read_password("第一位管理员的口令");
	if (!pw)
		return 1;
	char why[256];
	if (password_policy(pw, why)) {
		free(pw);
		return error("%s", why);
	}
	struct store *st = ctx_store(ctx, 1);
	if (!st) {
		free(pw);
		return 1;
	}
	struct org o = {0};
	struct op_diag d = OP_DIAG_INIT;
	int has = op_org_get(st, &o, &d);
	if (has) {
		free(pw);
		if (has > 0)
			return error("数据库 %s 已初始化为 %s（%s），不能重复初始化", ctx->db_path, o.name,
				     o.region);
		return ctx_fail(&d);
	}
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.region, sizeof(o.region), "%s", region);
	snprintf(o.level, sizeof(o.level), "%s", level);
	clock_now(o.created_at);
	if (init_org_with_key(ctx, st, &o)) {
		free(pw);
		return 1;
	}
	int rc = op_user_first_admin(st, admin, pw, ctx->actor, &d);
	explicit_bzero(pw, strlen(pw));
	free(pw);
	if (rc)
		return ctx_fail(&d);
	char *key = ctx_key_path(ctx);
	printf("已初始化: %s（%s %s，%s级）数据库 %s\n", o.name, o.region, r->name, want == 2 ? "市" : "县",
	       ctx->db_path);
	printf("签名私钥: %s（仅本机可读；请另行妥善备份，公钥可用 suiji key export 导出）\n", key);
	free(key);
	printf("第一位管理员: %s（市局管理员、系统管理员）\n", admin);
	return 0;
}
