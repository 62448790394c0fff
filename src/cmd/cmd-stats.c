/*
 * This file implements "suiji stats --year 年份 [--json]": the year at a glance (op_stats, op/stats.h)
 * — coverage of the object directory per class and region, the year against the plan's Article 7
 * minimums, problems found and closed, disclosure on time and late, targeted against random
 * inspections, each unit and the total, and the load per inspector — printed as text, or as the JSON
 * document of io/stats-json.h. With --unit, that unit alone.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "io/stats-json.h"
#include "op/stats.h"
#include "util/error.h"

static const char usage_text[] = "用法: suiji stats --year 年份 [--json]";

static double pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static void print_group(const char *title, const struct stats_group *g, int regions)
{
	printf("\n【%s】\n", title);
	printf("  %-16s %8s %8s %8s %8s\n", "", "名录", "抽中", "已检查", "覆盖率");
	for (size_t i = 0; i < g->n; i++) {
		const struct stats_count *c = &g->c[i];
		printf("  %-16s %8ld %8ld %8ld %7.1f%%\n", regions ? c->name : c->key, c->directory, c->drawn,
		       c->inspected, pct(c->inspected, c->directory));
	}
}

static void print_against_plan(const struct stats_plan *p, const long by_class[3])
{
	printf("\n【对照年度计划（第七条，计划第 %d 版，名录截至 %s）】\n", p->version, p->as_of);
	for (int i = 0; i < A7_NRULES; i++)
		if (p->min[i].applies)
			printf("  %s: 最低 %ld，计划 %ld，差额 %ld\n", p->min[i].zh, p->min[i].required,
			       p->min[i].planned, p->min[i].shortfall);
	printf("  已抽取随机抽查（家次）: 重点 %ld，一般 %ld，特殊 %ld\n", by_class[0], by_class[1],
	       by_class[2]);
}

static void print_stats(const struct stats *s)
{
	printf("%d 年“双随机、一公开”统计（名录截至 %s）\n", s->year, s->as_of);
	print_group("按监管类别的覆盖率（随机抽查）", &s->klass, 0);
	print_group("按行政区划的覆盖率（随机抽查）", &s->region, 1);
	if (s->plan.has)
		print_against_plan(&s->plan, s->random_by_class);
	else
		printf("\n【对照年度计划】 %d 年度没有抽查计划\n", s->year);
	printf("\n【随机抽查与针对性检查】\n");
	printf("  随机抽查   任务 %ld，已检查 %ld，发现问题的 %ld 户、问题 %ld 个\n", s->random.tasks,
	       s->random.inspected, s->random.with_problems, s->random.problems);
	printf("  针对性检查 任务 %ld，已检查 %ld，发现问题的 %ld 户、问题 %ld 个（不计入随机抽查比例）\n",
	       s->targeted.tasks, s->targeted.inspected, s->targeted.with_problems, s->targeted.problems);
	printf("\n【问题闭环】\n  发现 %ld 个，已销号 %ld 个，未销号 %ld 个（其中超期 %ld 个）\n",
	       s->problems, s->closed, s->open, s->overdue);
	printf("  ");
	for (int i = 0; i < 4; i++)
		printf("%s%s %ld", i ? "，" : "", stats_problem_states_zh[i], s->problem_state[i]);
	printf("\n");
	printf("\n【结果公开】\n  已录入结果 %ld 条：已公开 %ld 条（按时 %ld，超期 %ld），不予公开 %ld "
	       "条，待公开 %ld "
	       "条（已超期 %ld）\n",
	       s->results, s->published, s->on_time, s->late, s->withheld, s->pending, s->pending_late);
	if (s->published)
		printf("  按时公开率 %.1f%%\n", pct(s->on_time, s->published));
	printf("  行政处罚决定 %ld 件\n", s->penalties);
	printf("\n【各单位（谁检查、谁公开）】\n");
	for (size_t i = 0; i <= s->nunits; i++) {
		const struct stats_unit *u = i < s->nunits ? &s->units[i] : &s->total;
		printf("  %s：随机抽查 %ld，针对性检查 %ld，已检查 %ld，发现问题 %ld 个，已公开 %ld（按时 "
		       "%ld，超期 %ld）\n",
		       i < s->nunits   ? u->name
		       : s->nunits > 1 ? "合计"
				       : "合计（本单位）",
		       u->random, u->targeted, u->inspected, u->problems, u->published, u->on_time, u->late);
	}
	if (s->nunits > 1) {
		printf("\n【各单位对照年度计划（第七条）】\n");
		for (size_t i = 0; i < s->nunits; i++) {
			const struct stats_unit *u = &s->units[i];
			if (!u->plan.has) {
				printf("  %s：%d 年度没有抽查计划\n", u->name, s->year);
				continue;
			}
			printf("  %s（计划第 %d 版）：%s\n", u->name, u->plan.version,
			       u->plan.ok ? "符合" : "不足");
			for (int k = 0; k < A7_NRULES; k++)
				if (u->plan.min[k].applies)
					printf("    %s: 最低 %ld，计划 %ld，差额 %ld\n", u->plan.min[k].zh,
					       u->plan.min[k].required, u->plan.min[k].planned,
					       u->plan.min[k].shortfall);
		}
	}
	printf("\n【各单位随机抽查覆盖情况（家次：第七条最低要求 / 计划 / 已抽取 / 已检查）】\n");
	for (size_t i = 0; i <= s->nunits; i++) {
		const struct stats_unit *u = i < s->nunits ? &s->units[i] : &s->total;
		if (i == s->nunits && s->nunits < 2)
			break;
		printf("  %s：", i < s->nunits ? u->name : "合计");
		for (int c = 0; c <= 3; c++) {
			const struct stats_cover *v = c < 3 ? &u->cover[c] : &u->cover_all;
			if (u->has_plan)
				printf("%s%s %ld / %ld / %ld / %ld", c ? "；" : "",
				       c < 3 ? stats_classes[c] : "共计", v->required, v->planned, v->drawn,
				       v->inspected);
			else
				printf("%s%s %ld / - / %ld / %ld", c ? "；" : "",
				       c < 3 ? stats_classes[c] : "共计", v->required, v->drawn,
				       v->inspected);
		}
		printf("%s\n", u->has_plan ? "" : "（没有年度计划）");
	}
	printf("\n【检查人员工作量】\n");
	for (size_t i = 0; i < s->people.n; i++)
		printf("  %-8s %-10s 任务 %ld，已检查 %ld\n", s->people.c[i].key, s->people.c[i].name,
		       s->people.c[i].tasks, s->people.c[i].done);
}

int cmd_stats(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'},
	    {"json", no_argument, 0, 'j'},
	    {0, 0, 0, 0},
	};
	int json = 0, year = 0, c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			if (strlen(optarg) != 4 || strspn(optarg, "0123456789") != 4 ||
			    !strcmp(optarg, "0000"))
				die_usage("--year 应为四位年份，如 2025");
			year = atoi(optarg);
			break;
		case 'j':
			json = 1;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || optind != argc)
		die_usage("%s", usage_text);
	struct op_diag d = OP_DIAG_INIT;
	struct stats s;
	if (op_stats(ctx->session, year, ctx->unit ? ctx->session->unit.id : 0, &s, &d))
		return ctx_fail(&d);
	ctx_notes(&d);
	op_diag_release(&d);
	if (json) {
		json_t *j = stats_json(&s);
		char *text = json_dumps(j, JSON_SORT_KEYS | JSON_INDENT(1));
		printf("%s\n", text);
		free(text);
		json_decref(j);
	} else {
		print_stats(&s);
	}
	op_stats_release(&s);
	return 0;
}
