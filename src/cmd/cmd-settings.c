/*
 * This file implements "suiji settings": the bureau's rules and settings — Article 7's minimums for its
 * level, the draw's risk weights, the repeat window, the yearly cap, suspended objects, the positive
 * list, the team size — with the regulation's defaults; every change is kept with its reason.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "op/authz.h"
#include "core/quota.h"
#include "store/org.h"
#include "store/plan.h"
#include "util/clock.h"
#include "util/error.h"

static const char usage_text[] = "suiji settings [show] [--json]\n"
				 "       suiji settings set 设置项 值 [--reason 理由]\n"
				 "       suiji settings history";

static int fail(char *err)
{
	error("%s", err ? err : "未知错误");
	free(err);
	return 1;
}

static int settings_show(struct ctx *ctx, int json)
{
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_REPORT_READ))
		return 1;
	char *err = NULL;
	struct plan_settings s;
	struct org o;
	if (store_org_get(st, &o, &err) != 1)
		return err ? fail(err) : error("数据库尚未初始化，请先运行 suiji init");
	if (store_settings_load(st, &s, &err))
		return fail(err);
	int county = !strcmp(o.level, "county");
	json_t *arr = json ? json_object() : NULL;
	if (!json)
		printf("%s（%s级）的规则与设置；未设置的项取焦环文〔2024〕82号的规定或系统默认值\n", o.name,
		       county ? "县" : "市");
	for (size_t i = 0; i < plan_setting_count; i++) {
		const struct setting_def *d = &plan_setting_defs[i];
		char v[32], dflt[32];
		struct plan_settings def;
		plan_settings_default(&def, county);
		plan_setting_format(&s, d, v);
		plan_setting_format(&def, d, dflt);
		int changed = strcmp(v, dflt) != 0;
		if (json) {
			json_t *j = json_object();
			json_object_set_new(j, "value", json_string(v));
			json_object_set_new(j, "default", json_string(dflt));
			json_object_set_new(j, "label", json_string(d->zh));
			json_object_set_new(j, "article7_minimum", json_boolean(d->minimum));
			json_object_set_new(arr, d->key, j);
		} else {
			printf("  %-22s %-6s %s%s%s%s\n", d->key, v, d->zh, changed ? "（默认 " : "",
			       changed ? dflt : "", changed ? "）" : "");
			if (d->minimum && plan_setting_value(&s, d) < plan_setting_value(&def, d))
				printf("  %-22s        注意: 低于第七条的要求\n", "");
		}
	}
	if (json) {
		char *out = json_dumps(arr, JSON_INDENT(1) | JSON_SORT_KEYS);
		json_decref(arr);
		puts(out ? out : "{}");
		free(out);
	}
	return 0;
}

static int settings_set(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"reason", required_argument, 0, 'r'}, {0, 0, 0, 0}};
	const char *reason = "";
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 'r')
			die_usage("%s", usage_text);
		reason = optarg;
	}
	if (argc - optind != 2)
		die_usage("%s", usage_text);
	const char *key = argv[optind], *value = argv[optind + 1];
	const struct setting_def *d = plan_setting_find(key);
	if (!d)
		die_usage("没有名为“%s”的设置项（suiji settings 列出全部设置项）", key);
	struct plan_settings probe;
	const char *why;
	char why_buf[128];
	plan_settings_default(&probe, 0);
	if (plan_setting_set(&probe, d, value, &why, why_buf))
		die_usage("%s（%s）: “%s”%s", d->key, d->zh, value, why);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_SETTINGS_WRITE))
		return 1;
	char *err = NULL, at[26];
	struct org o;
	if (store_org_get(st, &o, &err) != 1)
		return err ? fail(err) : error("数据库尚未初始化，请先运行 suiji init");
	struct plan_settings def;
	plan_settings_default(&def, !strcmp(o.level, "county"));
	if (d->minimum && plan_setting_value(&probe, d) < plan_setting_value(&def, d) && !*reason)
		die_usage("%s 低于第七条的要求，须用 --reason 写明理由（记入设置记录和审计链）", d->key);
	clock_now(at);
	if (store_setting_set(st, key, value, reason, ctx->actor, at, &err))
		return fail(err);
	char v[32];
	plan_setting_format(&probe, d, v);
	printf("已设置 %s = %s（%s）\n", d->key, v, d->zh);
	return 0;
}

static int print_change(const char *key, const char *value, const char *reason, const char *at,
			const char *actor, void *arg)
{
	printf("%s  %s  %s = %s%s%s\n", at, actor, key, value, *reason ? "  理由: " : "", reason);
	(*(int *)arg)++;
	return 0;
}

int cmd_settings(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2 || !strcmp(argv[1], "show") || !strcmp(argv[1], "--json")) {
		int json = 0;
		for (int i = 1; i < argc; i++) {
			if (!strcmp(argv[i], "--json"))
				json = 1;
			else if (strcmp(argv[i], "show"))
				die_usage("%s", usage_text);
		}
		return settings_show(ctx, json);
	}
	if (!strcmp(argv[1], "set"))
		return settings_set(argc - 1, argv + 1, ctx);
	if (!strcmp(argv[1], "history")) {
		if (argc != 2)
			die_usage("%s", usage_text);
		struct store *st = ctx_store(ctx, 0);
		if (!st)
			return 1;
		char *err = NULL;
		int n = 0;
		if (store_setting_history(st, print_change, &n, &err) < 0)
			return fail(err);
		if (!n)
			printf("尚无设置记录，全部采用默认值\n");
		return 0;
	}
	die_usage("%s", usage_text);
}
