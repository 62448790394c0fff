/*
 * This file implements "suiji targeted": targeted inspections (针对性检查, Article 2) — inspections of a
 * named object prompted by one of the eight triggers the article lists (a complaint, a referral, a
 * case …). They are tasks of kind "targeted" with their trigger, a reference (the complaint's number,
 * the referral's document) and the day of the inspection; they are never drawn, never count toward a
 * random quota, ratio, repeat window or yearly cap, and every statistic shows them apart.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/dirschema.h"
#include "core/plan.h"
#include "store/audit.h"
#include "store/directory.h"
#include "store/plan.h"
#include "store/task.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "suiji targeted add --uscc 信用代码 --trigger 启动原因 --reference 来源编号 [--items 事项编码,…]\n"
    "       [--date YYYY-MM-DD] [--mode 现场|非现场]\n"
    "       suiji targeted list [--year 年度] [--trigger 启动原因] [--json]\n"
    "启动原因: 信访投诉举报、上级转办、违法案件查处、其他部门移送、突发环境事件、核安全检查、\n"
    "          数据分析或监测发现问题、非现场执法发现问题";

static int fail(char *err)
{
	error("%s", err ? err : "未知错误");
	free(err);
	return 1;
}

static int targeted_add(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"uscc", required_argument, 0, 'u'},
	    {"trigger", required_argument, 0, 't'},
	    {"reference", required_argument, 0, 'r'},
	    {"items", required_argument, 0, 'i'},
	    {"date", required_argument, 0, 'd'},
	    {"mode", required_argument, 0, 'm'},
	    {0, 0, 0, 0},
	};
	const char *uscc = NULL, *trigger = NULL, *reference = NULL, *items = "", *date = NULL,
		   *mode = "现场";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			uscc = optarg;
			break;
		case 't':
			trigger = optarg;
			break;
		case 'r':
			reference = optarg;
			break;
		case 'i':
			items = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		case 'm':
			mode = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc || !uscc || !trigger || !reference)
		die_usage("%s", usage_text);
	if (!targeted_trigger_valid(trigger))
		die_usage("启动原因“%s”不是第二条所列的针对性检查情形。\n%s", trigger, usage_text);
	if (!*reference || strlen(reference) > 200)
		die_usage("--reference 须写明线索来源编号（如信访件编号、转办或移送文号），不超过200字节");
	if (strcmp(mode, "现场") && strcmp(mode, "非现场"))
		die_usage("--mode 应为 现场 或 非现场");
	char today[11], at[26];
	clock_today(today);
	clock_now(at);
	if (date) {
		int day;
		char *derr = NULL;
		if (date_parse(date, &day, &derr)) {
			fprintf(stderr, "用法错误: --date: %s\n", derr);
			free(derr);
			return EXIT_USAGE;
		}
	} else {
		date = today;
	}
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	char *err = NULL;
	int has = store_dir_exists(st, &dir_objects, uscc, &err);
	if (has < 0)
		return fail(err);
	if (!has)
		return error("检查对象名录中没有统一社会信用代码为 %s 的单位", uscc);

	struct strbuf list = STRBUF_INIT;
	plan_list_normalize(items, &list);
	size_t len;
	const char *cur = strbuf_str(&list), *e;
	int bad = 0;
	while ((e = plan_list_next(&cur, &len))) {
		char *code = xstrndup(e, len);
		struct plan_item it = {0};
		int found = store_item_get(st, code, &it, &err);
		if (found < 0) {
			free(code);
			strbuf_release(&list);
			return fail(err);
		}
		if (!found) {
			error("事项 %s 不在随机抽查事项清单中", code);
			bad = 1;
		}
		plan_item_release(&it);
		free(code);
	}
	if (bad) {
		strbuf_release(&list);
		return 1;
	}

	struct task t = {
	    .kind = "targeted",
	    .uscc = uscc,
	    .items = strbuf_str(&list),
	    .slot = date,
	    .mode = mode,
	    .trigger = trigger,
	    .reference = reference,
	    .created_at = at,
	    .created_by = ctx->actor,
	};
	char hash[65], subject[48], idtext[24];
	long id = -1;
	if (store_begin(st, &err))
		goto fail;
	id = store_task_insert(st, &t, &err);
	if (id < 0)
		goto rollback;
	/* the entry carries the task family's own hash, which "suiji audit verify" recomputes */
	snprintf(idtext, sizeof(idtext), "%ld", id);
	snprintf(subject, sizeof(subject), "task:%ld", id);
	if (store_audit_rehash_task(st, idtext, hash, &err) ||
	    store_audit_append(st, at, ctx->actor, "targeted add", subject, hash, &err) ||
	    store_commit(st, &err))
		goto rollback;
	printf("已登记针对性检查 第%ld号: %s，启动原因 %s（%s），检查日期 %s\n", id, uscc, trigger, reference,
	       date);
	printf("（第二条：针对性检查不采取随机抽查方式，不计入随机抽查比例和频次）\n");
	strbuf_release(&list);
	return 0;
rollback:
	store_rollback(st);
fail:
	strbuf_release(&list);
	return fail(err);
}

struct list_state {
	const char *year;
	const char *trigger;
	int json;
	json_t *arr;
	long total, by[8];
};

static int list_one(const struct task *t, void *arg)
{
	struct list_state *ls = arg;
	if (ls->year && strncmp(t->slot, ls->year, 4))
		return 0;
	if (ls->trigger && strcmp(t->trigger, ls->trigger))
		return 0;
	ls->total++;
	for (int i = 0; targeted_triggers[i]; i++)
		if (!strcmp(t->trigger, targeted_triggers[i]))
			ls->by[i]++;
	if (ls->json) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(t->id));
		json_object_set_new(o, "uscc", json_string(t->uscc));
		json_object_set_new(o, "trigger", json_string(t->trigger));
		json_object_set_new(o, "reference", json_string(t->reference));
		json_object_set_new(o, "items", json_string(t->items));
		json_object_set_new(o, "date", json_string(t->slot));
		json_object_set_new(o, "mode", json_string(t->mode));
		json_object_set_new(o, "state", json_string(t->state));
		json_object_set_new(o, "created_by", json_string(t->created_by));
		json_array_append_new(ls->arr, o);
	} else {
		printf("%ld  %s  %s  %-12s  %s  %s  %s%s%s\n", t->id, t->slot, t->uscc, t->trigger,
		       t->reference, t->mode, t->state, *t->items ? "  事项 " : "", t->items);
	}
	return 0;
}

static int targeted_list(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'},
					     {"trigger", required_argument, 0, 't'},
					     {"json", no_argument, 0, 'j'},
					     {0, 0, 0, 0}};
	struct list_state ls = {0};
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'y':
			ls.year = optarg;
			break;
		case 't':
			ls.trigger = optarg;
			break;
		case 'j':
			ls.json = 1;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	if (ls.year && (strlen(ls.year) != 4 || strspn(ls.year, "0123456789") != 4))
		die_usage("--year 应为四位年份");
	if (ls.trigger && !targeted_trigger_valid(ls.trigger))
		die_usage("启动原因“%s”不是第二条所列的针对性检查情形", ls.trigger);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	char *err = NULL;
	struct task_filter f = {.kind = "targeted"};
	if (ls.json)
		ls.arr = json_array();
	if (store_task_each(st, &f, list_one, &ls, &err) < 0) {
		json_decref(ls.arr);
		return fail(err);
	}
	if (ls.json) {
		json_t *o = json_object(), *by = json_object();
		json_object_set_new(o, "targeted", ls.arr);
		json_object_set_new(o, "count", json_integer(ls.total));
		for (int i = 0; targeted_triggers[i]; i++)
			if (ls.by[i])
				json_object_set_new(by, targeted_triggers[i], json_integer(ls.by[i]));
		json_object_set_new(o, "by_trigger", by);
		json_object_set_new(o, "counted_in_random_quotas", json_false());
		char *s = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
		json_decref(o);
		puts(s ? s : "{}");
		free(s);
		return 0;
	}
	printf("针对性检查共 %ld 次%s%s（第二条，单独统计，不计入随机抽查比例和频次）\n", ls.total,
	       ls.year ? "，年度 " : "", ls.year ? ls.year : "");
	for (int i = 0; targeted_triggers[i]; i++)
		if (ls.by[i])
			printf("  %s: %ld\n", targeted_triggers[i], ls.by[i]);
	return 0;
}

int cmd_targeted(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	if (!strcmp(argv[1], "add"))
		return targeted_add(argc - 1, argv + 1, ctx);
	if (!strcmp(argv[1], "list"))
		return targeted_list(argc - 1, argv + 1, ctx);
	die_usage("未知子命令 targeted %s\n%s", argv[1], usage_text);
}
