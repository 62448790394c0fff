/*
 * This file implements "suiji agenda [--days 7]": the operator's agenda (op/agenda.h) — their visits,
 * the results to publish and the problem deadlines in the coming days, overdue first.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "op/agenda.h"
#include "util/error.h"

static const char usage_text[] = "用法: suiji agenda [--days 天数]    本人未来几天（默认 7 "
				 "天）的检查任务、待公开结果和问题整改期限，逾期在前";

int cmd_agenda(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"days", required_argument, 0, 'd'}, {0, 0, 0, 0}};
	long days = 7;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 'd' || parse_long(optarg, 1, 366, &days))
			die_usage("%s", usage_text);
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	struct op_agenda a;
	if (op_agenda(s, (int)days, &a, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	static const char *const kind_zh[] = {"检查任务", "公开结果", "问题整改"};
	long overdue = 0;
	printf("%s 的待办（%s 至 %s，逾期在前）\n", s->name, a.today, a.until);
	for (size_t i = 0; i < a.n; i++) {
		const struct op_agenda_item *it = &a.items[i];
		overdue += it->overdue;
		printf("%s  %s%s  %s  ", it->overdue ? "逾期" : "    ", it->date,
		       it->tentative ? "（暂定）" : "", kind_zh[it->kind]);
		if (it->kind == AGENDA_PROBLEM)
			printf("问题 %ld（任务 %ld）", it->id, it->task_id);
		else
			printf("任务 %ld", it->task_id);
		printf("  %s %s  %s\n", it->uscc, it->name, it->what);
	}
	printf("共 %zu 项，其中逾期 %ld 项\n", a.n, overdue);
	op_agenda_release(&a);
	return 0;
}
