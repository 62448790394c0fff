/*
 * This file implements "suiji settings": the chosen unit's rules and settings — Article 7's minimums for its
 * level, the draw's risk weights, the repeat window, the yearly cap, suspended objects, the positive
 * list, the team size — with the regulation's defaults; every change is kept with its reason.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "op/settings.h"
#include "util/error.h"

static const char usage_text[] = "suiji settings [show] [--json]\n"
				 "       suiji settings set 设置项 值 [--reason 理由]\n"
				 "       suiji settings history";

static int settings_show(struct ctx *ctx, int json)
{
	struct op_diag d = OP_DIAG_INIT;
	struct op_settings st;
	if (op_settings_show(ctx->session, &st, &d))
		return ctx_fail(&d);
	int county = !strcmp(st.unit.level, "county");
	json_t *arr = json ? json_object() : NULL;
	if (!json)
		printf("%s（%s级）的规则与设置；未设置的项取焦环文〔2024〕82号的规定或系统默认值\n",
		       st.unit.name, county ? "县" : "市");
	for (size_t i = 0; i < plan_setting_count; i++) {
		const struct setting_def *def = &plan_setting_defs[i];
		char v[32], dflt[32];
		plan_setting_format(&st.now, def, v);
		plan_setting_format(&st.defaults, def, dflt);
		int changed = strcmp(v, dflt) != 0;
		if (json) {
			json_t *j = json_object();
			json_object_set_new(j, "value", json_string(v));
			json_object_set_new(j, "default", json_string(dflt));
			json_object_set_new(j, "label", json_string(def->zh));
			json_object_set_new(j, "article7_minimum", json_boolean(def->minimum));
			json_object_set_new(arr, def->key, j);
		} else {
			printf("  %-22s %-6s %s%s%s%s\n", def->key, v, def->zh, changed ? "（默认 " : "",
			       changed ? dflt : "", changed ? "）" : "");
			if (def->minimum &&
			    plan_setting_value(&st.now, def) < plan_setting_value(&st.defaults, def))
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
	struct op_diag d = OP_DIAG_INIT;
	if (op_settings_set(ctx->session, key, value, reason, &d)) {
		int usage = d.fail == OP_INVALID;
		ctx_fail(&d);
		return usage ? EXIT_USAGE : 1;
	}
	const struct setting_def *def = plan_setting_find(key);
	struct plan_settings probe;
	const char *why;
	char why_buf[128], v[32];
	plan_settings_default(&probe, 0);
	plan_setting_set(&probe, def, value, &why, why_buf);
	plan_setting_format(&probe, def, v);
	printf("已设置 %s = %s（%s）%s%s\n", def->key, v, def->zh, ctx->session->unit.parent ? "，单位 " : "",
	       ctx->session->unit.parent ? ctx->session->unit.name : "");
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
		struct op_diag d = OP_DIAG_INIT;
		int n = 0;
		if (op_settings_history(ctx->session, print_change, &n, &d) < 0)
			return ctx_fail(&d);
		if (!n)
			printf("尚无设置记录，全部采用默认值\n");
		return 0;
	}
	die_usage("%s", usage_text);
}
