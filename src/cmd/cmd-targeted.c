/*
 * This file implements "suiji targeted": targeted inspections (针对性检查, Article 2) — inspections of a
 * named object prompted by one of the eight triggers the article lists (a complaint, a referral, a
 * case …). They are tasks of kind "targeted" with their trigger, a reference (the complaint's number,
 * the referral's document) and the day of the inspection; they are never drawn, never count toward a
 * random quota, ratio, repeat window or yearly cap, and every statistic shows them apart.
 *
 * The inspection team (--team) and the experts who accompany it (--experts) may be named when the
 * inspection is recorded. Everyone named must be in the current people directory and on duty; team
 * members must be certified officers (人员类别 执法 with a certificate), at least two of them (行政处罚法
 * 第四十二条), experts must be 辅助; nobody with a declared conflict (回避关系) with the object may
 * take part. The inspection belongs to the unit of its object; its date is the day given (--date), so a
 * result recorded for that day is accepted. The work is op/targeted.c's; this file parses and prints.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "core/plan.h"
#include "op/targeted.h"
#include "util/error.h"

static const char usage_text[] =
    "suiji targeted add --uscc 信用代码 --trigger 启动原因 --reference 来源编号 [--items 事项编码,…]\n"
    "       [--date YYYY-MM-DD] [--mode 现场|非现场] [--team 人员编号,… [--experts 人员编号,…]]\n"
    "       suiji targeted list [--year 年度] [--trigger 启动原因] [--json]\n"
    "启动原因: 信访投诉举报、上级转办、违法案件查处、其他部门移送、突发环境事件、核安全检查、\n"
    "          数据分析或监测发现问题、非现场执法发现问题\n"
    "--team    检查组：至少两名在岗、持执法证的执法人员（行政处罚法第四十二条），与该单位无回避关系\n"
    "--experts 随检查组参加检查的辅助人员（人员类别“辅助”，在岗，无回避关系）\n"
    "人员编号之间可用 , ， ; ； 、 分隔";

/* A refusal: exit 2 (usage) when the values given are wrong in themselves, 1 otherwise. */
static int op_exit(struct op_diag *d)
{
	int usage = d->fail == OP_INVALID;
	ctx_fail(d);
	return usage ? EXIT_USAGE : 1;
}

static void print_people(const char *label, const struct op_targeted *t, int in_team)
{
	int first = 1;
	for (size_t i = 0; i < t->npeople; i++) {
		if (t->people[i].in_team != in_team)
			continue;
		printf("%s%s %s", first ? label : "、", t->people[i].id, t->people[i].name);
		first = 0;
	}
	if (!first)
		putchar('\n');
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
	    {"team", required_argument, 0, 'T'},
	    {"experts", required_argument, 0, 'E'},
	    {0, 0, 0, 0},
	};
	struct op_targeted_args a = {.items = ""};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'u':
			a.uscc = optarg;
			break;
		case 't':
			a.trigger = optarg;
			break;
		case 'r':
			a.reference = optarg;
			break;
		case 'i':
			a.items = optarg;
			break;
		case 'd':
			a.date = optarg;
			break;
		case 'm':
			a.mode = optarg;
			break;
		case 'T':
			a.team = optarg;
			break;
		case 'E':
			a.experts = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc || !a.uscc || !a.trigger || !a.reference)
		die_usage("%s", usage_text);
	if (!targeted_trigger_valid(a.trigger))
		die_usage("启动原因“%s”不是第二条所列的针对性检查情形。\n%s", a.trigger, usage_text);
	struct op_diag d = OP_DIAG_INIT;
	struct op_targeted t;
	if (op_targeted_add(ctx->session, &a, &t, &d))
		return op_exit(&d);
	printf("已登记针对性检查 第%ld号: %s，启动原因 %s（%s），检查日期 %s\n", t.id, a.uscc, a.trigger,
	       a.reference, t.date);
	print_people("检查组: ", &t, 1);
	print_people("辅助检查人员: ", &t, 0);
	printf("（第二条：针对性检查不采取随机抽查方式，不计入随机抽查比例和频次）\n");
	ctx_notes(&d);
	op_diag_release(&d);
	return 0;
}

struct list_state {
	int json;
	json_t *arr;
	long total, by[8];
};

static int list_one(const struct task *t, void *arg)
{
	struct list_state *ls = arg;
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
		json_object_set_new(o, "team", json_string(t->team));
		json_object_set_new(o, "experts", json_string(t->experts));
		json_object_set_new(o, "state", json_string(t->state));
		json_object_set_new(o, "created_by", json_string(t->created_by));
		json_object_set_new(o, "unit_id", json_integer(t->unit_id));
		json_array_append_new(ls->arr, o);
	} else {
		printf("%ld  %s  %s  %-12s  %s  %s  %s%s%s%s%s%s%s\n", t->id, t->slot, t->uscc, t->trigger,
		       t->reference, t->mode, t->state, *t->items ? "  事项 " : "", t->items,
		       *t->team ? "  检查组 " : "", t->team, *t->experts ? "  辅助 " : "", t->experts);
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
	struct op_targeted_filter f = {0};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			f.year = optarg;
			break;
		case 't':
			f.trigger = optarg;
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
	if (ls.json)
		ls.arr = json_array();
	struct op_diag d = OP_DIAG_INIT;
	if (op_targeted_list(ctx->session, &f, list_one, &ls, &d) < 0) {
		json_decref(ls.arr);
		return op_exit(&d);
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
	       f.year ? "，年度 " : "", f.year ? f.year : "");
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
