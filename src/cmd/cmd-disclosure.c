/*
 * This file implements "suiji disclosure": Article 9's public disclosure of results — what is due and
 * what is late, publishing a result (its public record is frozen as published), and withholding one
 * that touches secrets, national or public security, with the reason and the role that decided.
 *
 *   suiji disclosure [--due]                       results awaiting publication, by due date, late first
 *   suiji disclosure list [--year 年份]            every decision, with on time / late
 *   suiji disclosure publish 任务编号 … [--date 公开日期]
 *   suiji disclosure withhold 任务编号 --reason 涉及国家秘密|涉及国家安全|涉及公共安全 --note 说明
 *
 * The due date is the 20th working day after the inspection's last day (docs/CALENDAR.md); a result
 * published on or before it is on time.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "cmd/inspection.h"
#include "core/parse.h"
#include "core/region.h"
#include "op/disclosure.h"
#include "core/result.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "用法: suiji disclosure [--due] [--within 工作日数]  列出待公开的检查结果（到期、超期；--within N：N "
    "个工作日内到期的）\n"
    "      suiji disclosure list [--year 年份]          列出已公开和不予公开的决定\n"
    "      suiji disclosure publish 任务编号 … [--date 公开日期]\n"
    "      suiji disclosure withhold 任务编号 --reason 涉及国家秘密|涉及国家安全|涉及公共安全 --note 说明";

static int disclosure_due_list(struct ctx *ctx, int within)
{
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	struct op_due_list l;
	if (op_disclosure_due(s, within, 0, &l, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	if (l.n)
		printf("任务   检查结束     公开截止     状态                 检查对象\n");
	for (size_t i = 0; i < l.n; i++) {
		const struct op_due_row *r = &l.rows[i];
		char status[96];
		if (!*r->due)
			snprintf(status, sizeof(status), "截止日期无法计算");
		else if (strcmp(l.today, r->due) > 0)
			snprintf(status, sizeof(status), "已超期 %d 个工作日", r->late_days);
		else if (!strcmp(l.today, r->due))
			snprintf(status, sizeof(status), "今日截止");
		else
			snprintf(status, sizeof(status), "剩余 %d 个工作日", r->left_days);
		printf("%-6ld %s  %s%s  %-18s  %s %s\n", r->task_id, r->end_date,
		       *r->due ? r->due : "——————————", tentative_mark(r->tentative), status, r->uscc,
		       r->name);
		if (!*r->due)
			printf("       （%s）\n", r->problem);
	}
	const char *team = l.hidden && l.team_only ? "，仅本检查组" : "";
	if (within >= 0)
		printf("%d 个工作日内（%s 及以前）到期或已超期的待公开结果 %zu 条：已超期 %ld 条，今日截止 "
		       "%ld 条%s\n",
		       within, l.limit, l.n, l.late, l.due_today, team);
	else
		printf("待公开 %zu 条：已超期 %ld 条，今日截止 %ld 条（截至 %s）%s\n", l.n, l.late,
		       l.due_today, l.today, team);
	op_due_list_release(&l);
	return 0;
}

/* ---- list of decisions ---- */

static int disclosure_list(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'}, {0, 0, 0, 0}};
	int c, year = 0;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 'y' || strlen(optarg) != 4 || strspn(optarg, "0123456789") != 4)
			die_usage("%s", usage_text);
		year = atoi(optarg);
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	struct op_decision_list l;
	if (op_disclosure_list(s, year, 0, &l, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	static const char *const timing[] = {"", "按时", "超期"};
	for (size_t i = 0; i < l.n; i++) {
		const struct op_decision_row *r = &l.rows[i];
		printf("%-6ld %-4s %s  检查结束 %s  截止 %s%s  %s  %s %s", r->task_id, r->decision,
		       r->on_date, r->end_date, *r->due ? r->due : "-",
		       *r->due ? tentative_mark(r->tentative) : "", timing[r->timing], r->uscc, r->name);
		if (*r->reason)
			printf("  理由 %s（%s，%s）", r->reason, r->actor, r->role);
		putchar('\n');
	}
	printf("共 %zu 条决定；已公开中按时 %ld 条，超期 %ld 条\n", l.n, l.on_time, l.late);
	op_decision_list_release(&l);
	return 0;
}

/* ---- publish and withhold ---- */

static int disclosure_decide(struct ctx *ctx, int withhold, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"date", required_argument, 0, 'd'},
	    {"reason", required_argument, 0, 'r'},
	    {"note", required_argument, 0, 'n'},
	    {0, 0, 0, 0},
	};
	const char *date = NULL, *reason = NULL, *note = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'd':
			date = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		case 'n':
			note = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind >= argc)
		die_usage("%s", usage_text);
	if (withhold) {
		if (!reason || !note || argc - optind != 1)
			die_usage("不予公开须写明 --reason 理由和 --note 说明，且一次一项任务。\n%s",
				  usage_text);
	} else if (reason || note) {
		die_usage("--reason 和 --note 只用于 withhold（不予公开）");
	}
	/* task numbers: separate arguments, or lists joined by , 、 ， ； (core/parse.h) */
	long *ids = NULL;
	size_t nids = 0;
	for (int i = optind; i < argc; i++) {
		long *part;
		size_t n;
		char bad[64];
		if (parse_id_list(argv[i], &part, &n, bad)) {
			free(ids);
			error("任务编号“%s”无效（应为正整数，多个编号用空格或 , 、 ， ； 分隔）",
			      *bad ? bad : argv[i]);
			return EXIT_USAGE;
		}
		ids = xrealloc(ids, (nids + n) * sizeof(*ids));
		memcpy(ids + nids, part, n * sizeof(*ids));
		nids += n;
		free(part);
	}
	if (withhold && nids != 1) {
		free(ids);
		die_usage("不予公开一次一项任务。\n%s", usage_text);
	}
	struct op_session *s = ctx_session(ctx);
	if (!s) {
		free(ids);
		return 1;
	}
	int failures = 0;
	for (size_t i = 0; i < nids; i++) {
		struct op_diag d = OP_DIAG_INIT;
		struct op_disclose_args a = {ids[i], withhold, date, reason, note};
		struct op_disclose_out o;
		if (op_disclose(s, &a, &o, &d)) {
			ctx_fail(&d);
			failures++;
			continue;
		}
		op_diag_release(&d);
		if (withhold) {
			printf("任务 %ld 的检查结果不予公开：%s（%s，%s）\n", ids[i], reason, s->name,
			       o.role);
			continue;
		}
		printf("已公开任务 %ld 的检查结果（%s，公开日期 %s）", ids[i], o.object_name, o.date);
		if (*o.due)
			printf(o.on_time ? "，按时（截止 %s%s）\n" : "，已超期（截止 %s%s）\n", o.due,
			       tentative_mark(o.tentative));
		else
			putchar('\n');
	}
	free(ids);
	if (!withhold && !failures)
		printf("运行 suiji publish --out 目录 生成公开网站\n");
	return failures ? 1 : 0;
}

int cmd_disclosure(int argc, char **argv, struct ctx *ctx)
{
	if (argc == 1 || (argc == 2 && (!strcmp(argv[1], "--due") || !strcmp(argv[1], "due"))))
		return disclosure_due_list(ctx, -1);
	if ((argc == 3 || argc == 4) && (!strcmp(argv[argc - 2], "--within"))) {
		long n;
		if (argc == 4 && strcmp(argv[1], "--due") && strcmp(argv[1], "due"))
			die_usage("%s", usage_text);
		if (parse_long(argv[argc - 1], 0, 250, &n))
			die_usage("--within 应为 0 至 250 的工作日数，而不是“%s”", argv[argc - 1]);
		return disclosure_due_list(ctx, (int)n);
	}
	if (!strcmp(argv[1], "list"))
		return disclosure_list(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "publish"))
		return disclosure_decide(ctx, 0, argc - 1, argv + 1);
	if (!strcmp(argv[1], "withhold"))
		return disclosure_decide(ctx, 1, argc - 1, argv + 1);
	die_usage("%s", usage_text);
}
