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
#include "core/region.h"
#include "core/utf8.h"
#include "store/org.h"
#include "util/clock.h"
#include "util/error.h"

static const char usage_text[] = "suiji init --org 单位名称 --region 行政区划代码 --level city|county";

int cmd_init(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{"org", required_argument, 0, 'o'},
		{"region", required_argument, 0, 'r'},
		{"level", required_argument, 0, 'l'},
		{0, 0, 0, 0},
	};
	const char *name = NULL, *region = NULL, *level = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': name = optarg; break;
		case 'r': region = optarg; break;
		case 'l': level = optarg; break;
		default: die_usage("%s", usage_text);
		}
	}
	if (!name || !region || !level || optind != argc)
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

	struct store *st = ctx_store(ctx, 1);
	if (!st)
		return 1;
	struct org o = {0};
	char *err = NULL;
	if (store_org_get(st, &o, &err) == 1) {
		error("数据库 %s 已初始化为 %s（%s），不能重复初始化", ctx->db_path, o.name, o.region);
		return 1;
	}
	snprintf(o.name, sizeof(o.name), "%s", name);
	snprintf(o.region, sizeof(o.region), "%s", region);
	snprintf(o.level, sizeof(o.level), "%s", level);
	clock_now(o.created_at);
	if (init_org_with_key(ctx, st, &o))
		return 1;
	char *key = ctx_key_path(ctx);
	printf("已初始化: %s（%s %s，%s级）数据库 %s\n", o.name, o.region, r->name, want == 2 ? "市" : "县",
	       ctx->db_path);
	printf("签名私钥: %s（仅本机可读；请另行妥善备份，公钥可用 suiji key export 导出）\n", key);
	free(key);
	return 0;
}
