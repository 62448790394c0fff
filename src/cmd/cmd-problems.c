/*
 * This file implements "suiji problems": the closed loop of Article 3 for every problem an
 * inspection found — 发现 → 交办 → 督办 → 销号 — and the list of what is overdue.
 *
 *   suiji problems [--overdue] [--open] [--state 状态] [--task 任务编号]   the list
 *   suiji problems show 问题编号                                             one problem, every step
 *   suiji problems assign 问题编号 --to 责任单位 (--deadline 日期 | --days 工作日数) [--note 说明]
 *   suiji problems remind 问题编号 --note 督办情况 [--deadline 新期限]
 *   suiji problems escalate 问题编号 --note 说明 [--to 督办单位] [--deadline 新期限]   only when overdue
 *   suiji problems close 问题编号 --verification 复查核实情况 --evidence 文件 [--evidence 文件 …]
 * Every step takes --date (default today): the day it happened.
 *
 * Deadlines are dates. "--days N" counts N working days (工作日, the State Council calendar) from the
 * day of the 交办, the way administrative deadlines are set; a problem is overdue from the day after
 * its deadline, and how late it is is counted in calendar days (自然日). See docs/DISCLOSURE.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op/authz.h"
#include "cmd/cmd.h"
#include "cmd/inspection.h"
#include "core/calendar.h"
#include "core/parse.h"
#include "core/result.h"
#include "op/problem.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "用法: suiji problems [--overdue] [--open] [--due-within 工作日数] [--state 发现|交办|督办|销号] [--task "
    "任务编号]\n"
    "      suiji problems show 问题编号\n"
    "      suiji problems add 任务编号 --description 问题描述 [--item 事项编码] [--date 发现日期] --reason "
    "理由\n"
    "      suiji problems assign 问题编号 --to 责任单位 (--deadline 整改期限 | --days 工作日数) [--note "
    "说明]\n"
    "      suiji problems remind 问题编号 --note 督办情况 [--deadline 新期限]\n"
    "      suiji problems escalate 问题编号 --note 说明 [--to 督办单位] [--deadline 新期限]\n"
    "      suiji problems close 问题编号 --verification 复查核实情况 --evidence 证据文件 [--evidence …]\n"
    "各步骤可加 --date 日期（默认今天）";

#define MAX_EVIDENCE 32

static int problems_list(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"overdue", no_argument, 0, 'O'},	       {"open", no_argument, 0, 'o'},
	    {"state", required_argument, 0, 's'},      {"task", required_argument, 0, 't'},
	    {"due-within", required_argument, 0, 'w'}, {0, 0, 0, 0},
	};
	long within = -1;
	struct op_problem_list_args a = {.within = -1};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'O':
			a.overdue = 1;
			break;
		case 'o':
			a.open_only = 1;
			break;
		case 's':
			a.state = optarg;
			break;
		case 't':
			if (!(a.task_id = parse_id(optarg)))
				die_usage("--task 应为任务编号（正整数）");
			break;
		case 'w':
			if (parse_long(optarg, 0, 250, &within))
				die_usage("--due-within 应为 0 至 250 的工作日数，而不是“%s”", optarg);
			a.within = (int)within;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	if (a.state && strcmp(a.state, PROBLEM_FOUND) && strcmp(a.state, PROBLEM_ASSIGNED) &&
	    strcmp(a.state, PROBLEM_SUPERVISED) && strcmp(a.state, PROBLEM_CLOSED))
		die_usage("--state 应为 发现、交办、督办 或 销号");
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	struct op_problem_list l;
	if (op_problem_list(s, &a, &l, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	for (size_t i = 0; i < l.n; i++) {
		const struct op_problem_row *p = &l.rows[i];
		printf("%-5ld %-4s 任务%-5ld %s %s  %s%s%s", p->id, p->state, p->task_id, p->uscc,
		       p->object_name, *p->item ? p->item : "", *p->item ? " " : "", p->description);
		if (*p->assignee)
			printf("  责任单位 %s", p->assignee);
		if (*p->deadline)
			printf("  期限 %s", p->deadline);
		if (p->overdue_days > 0)
			printf("  [已超期 %d 天]", p->overdue_days);
		if (p->escalated)
			printf(" [已升级督办]");
		if (*p->closed_on)
			printf("  销号 %s", p->closed_on);
		putchar('\n');
	}
	if (a.within >= 0)
		printf("%d 个工作日内（整改期限 %s 及以前）到期或已超期、未销号的问题 %zu 个%s\n", a.within,
		       l.limit, l.n, l.team_only ? "，仅本检查组" : "");
	else if (a.overdue)
		printf("超期未销号的问题 %zu 个（截至 %s）%s\n", l.n, l.today,
		       l.team_only ? "，仅本检查组" : "");
	else
		printf("共 %zu 个问题，其中超期未销号 %ld 个%s\n", l.n, l.overdue,
		       l.team_only ? "（仅本检查组）" : "");
	op_problem_list_release(&l);
	return 0;
}

/* ---- one problem ---- */

static int problems_show(struct ctx *ctx, const char *arg)
{
	long id = parse_id(arg);
	if (!id) {
		error("问题编号“%s”无效（应为正整数）", arg);
		return EXIT_USAGE;
	}
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	struct op_problem_detail pd;
	if (op_problem_get(s, id, &pd, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	const struct op_problem_row *p = &pd.one.rows[0];
	printf("问题 %ld（%s）: %s\n检查任务: %ld  %s %s\n事项: %s\n状态: %s", p->id, p->kind, p->description,
	       p->task_id, p->uscc, p->object_name, *p->item ? p->item : "-", p->state);
	if (*p->assignee)
		printf("  责任单位 %s  整改期限 %s", p->assignee, p->deadline);
	if (p->escalated)
		printf("  已升级督办");
	printf("\n办理过程:\n");
	for (size_t i = 0; i < pd.nsteps; i++) {
		const struct op_problem_step_view *v = &pd.steps[i];
		printf("  %s  %-4s  %s（%s）", v->on_date, v->step, v->actor, v->role);
		if (*v->assignee)
			printf("  责任单位 %s", v->assignee);
		if (*v->deadline)
			printf("  期限 %s", v->deadline);
		if (*v->note)
			printf("  %s", v->note);
		printf("  [记录于 %s]\n", v->at);
		for (size_t k = 0; k < v->nevidence; k++)
			printf("        证据 %s（%ld 字节，SHA-256 %s）\n", v->evidence[k].name,
			       v->evidence[k].size, v->evidence[k].sha256);
	}
	op_problem_detail_release(&pd);
	return 0;
}

/* ---- steps ---- */

static int problems_step(struct ctx *ctx, const char *step_name, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"to", required_argument, 0, 't'},		 {"deadline", required_argument, 0, 'D'},
	    {"days", required_argument, 0, 'n'},	 {"note", required_argument, 0, 'm'},
	    {"verification", required_argument, 0, 'v'}, {"evidence", required_argument, 0, 'e'},
	    {"date", required_argument, 0, 'd'},	 {0, 0, 0, 0},
	};
	const char *to = NULL, *deadline = NULL, *days = NULL, *note = NULL, *date = NULL;
	const char *evidence[MAX_EVIDENCE];
	size_t nevidence = 0;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 't':
			to = optarg;
			break;
		case 'D':
			deadline = optarg;
			break;
		case 'n':
			days = optarg;
			break;
		case 'm':
		case 'v':
			if (note)
				die_usage("--note 和 --verification 只能写一个");
			note = optarg;
			break;
		case 'e':
			if (nevidence >= MAX_EVIDENCE)
				die_usage("--evidence 最多 %d 个", MAX_EVIDENCE);
			evidence[nevidence++] = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1)
		die_usage("%s", usage_text);
	int assign = !strcmp(step_name, PROBLEM_ASSIGNED), close = !strcmp(step_name, PROBLEM_CLOSED);
	if (assign && (!to || (!deadline == !days)))
		die_usage("交办须写明 --to 责任单位，以及 --deadline 整改期限 或 --days 工作日数（二选一）");
	if (!assign && days)
		die_usage("--days 只用于交办");
	if (close && (to || deadline))
		die_usage("销号不能再指定责任单位或期限");
	if (!close && nevidence)
		die_usage("--evidence 用于销号");
	if (!assign && !close && (!note || !*note))
		die_usage("督办须用 --note 写明督办情况");
	long id = parse_id(argv[optind]), ndays = 0;
	if (!id)
		die_usage("问题编号“%s”无效（应为正整数）", argv[optind]);
	if (days && parse_long(days, 1, 365, &ndays))
		return error("--days 应为 1 至 365 的工作日数");
	struct op_session *session = ctx_session(ctx);
	if (!session)
		return 1;
	struct file_ref files[MAX_EVIDENCE];
	struct attachment_ref refs[MAX_EVIDENCE];
	size_t nfiles = 0;
	int rc = 1;
	for (size_t i = 0; i < nevidence; i++) {
		if (file_ref_load(evidence[i], &files[nfiles]))
			goto out;
		refs[nfiles] = files[nfiles].ref;
		nfiles++;
	}
	struct op_problem_step_args a = {.problem_id = id,
					 .step = step_name,
					 .date = date,
					 .to = to,
					 .deadline = deadline,
					 .days = (int)ndays,
					 .note = note,
					 .evidence = refs,
					 .nevidence = nfiles};
	struct op_problem_step_out o;
	struct op_diag d = OP_DIAG_INIT;
	if (op_problem_step(session, &a, &o, &d)) {
		ctx_fail(&d);
		goto out;
	}
	op_diag_release(&d);
	if (o.tentative)
		fprintf(stderr, "注意: 整改期限 %s 为暂定（该年国务院节假日安排尚未导入，按周末计算）\n",
			o.deadline);
	deadline = *o.deadline ? o.deadline : NULL;
	if (!date) {
		static char today[11];
		clock_today(today);
		date = today;
	}
	if (assign)
		printf("问题 %ld 已交办给 %s，整改期限 %s\n", id, to, deadline);
	else if (close)
		printf("问题 %ld 已销号（%s），证据 %zu 份\n", id, date, nfiles);
	else
		printf("问题 %ld 已%s%s%s\n", id, step_name, deadline ? "，新期限 " : "",
		       deadline ? deadline : "");
	rc = 0;
out:
	for (size_t i = 0; i < nfiles; i++)
		file_ref_release(&files[i]);
	return rc;
}

/* suiji problems add 任务编号 --description 描述 [--item 事项编码] [--date 发现日期] --reason 理由 */
static int problems_add(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"description", required_argument, 0, 'n'},
	    {"item", required_argument, 0, 'i'},
	    {"date", required_argument, 0, 'd'},
	    {"reason", required_argument, 0, 'r'},
	    {0, 0, 0, 0},
	};
	struct op_problem_new p = {0};
	char today[11];
	clock_today(today);
	p.found_on = today;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'n':
			p.description = optarg;
			break;
		case 'i':
			p.item = optarg;
			break;
		case 'd':
			p.found_on = optarg;
			break;
		case 'r':
			p.reason = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1 || !p.description || !p.reason)
		die_usage("补充问题须写明 --description 问题描述和 --reason 理由。\n%s", usage_text);
	if (!(p.task_id = parse_id(argv[optind])))
		die_usage("任务编号“%s”无效（应为正整数）", argv[optind]);
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	long id;
	if (op_problem_add(s, &p, &id, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	printf("已为任务 %ld 补充问题 %ld（发现日期 %s），进入闭环管理：suiji problems assign %ld …\n",
	       p.task_id, id, p.found_on, id);
	return 0;
}

int cmd_problems(int argc, char **argv, struct ctx *ctx)
{
	if (argc >= 2 && argv[1][0] != '-') {
		const char *a = argv[1];
		if (!strcmp(a, "show") && argc == 3)
			return problems_show(ctx, argv[2]);
		if (!strcmp(a, "assign"))
			return problems_step(ctx, PROBLEM_ASSIGNED, argc - 1, argv + 1);
		if (!strcmp(a, "remind"))
			return problems_step(ctx, PROBLEM_SUPERVISED, argc - 1, argv + 1);
		if (!strcmp(a, "escalate"))
			return problems_step(ctx, PROBLEM_STEP_ESCALATED, argc - 1, argv + 1);
		if (!strcmp(a, "close"))
			return problems_step(ctx, PROBLEM_CLOSED, argc - 1, argv + 1);
		if (!strcmp(a, "list"))
			return problems_list(ctx, argc - 1, argv + 1);
		if (!strcmp(a, "add"))
			return problems_add(ctx, argc - 1, argv + 1);
		die_usage("%s", usage_text);
	}
	return problems_list(ctx, argc, argv);
}
