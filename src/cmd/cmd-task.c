/*
 * This file implements "suiji task": the inspection tasks — a draw's visits and targeted
 * inspections — as lists (terminal, CSV, JSON, xlsx: the task list of a draw) and as the printable
 * task notice (检查任务单) of one task. An inspector (执法人员) sees only the tasks of their team.
 *
 *   suiji task list [--draw N] [--state 状态] [--kind random|targeted] [--object 信用代码]
 *                   [--format text|csv|json|xlsx] [-o 文件]
 *   suiji task show 任务编号
 *   suiji task notice 任务编号 [--format html|text] [-o 文件]
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/inspection.h"
#include "core/dirschema.h"
#include "core/parse.h"
#include "core/region.h"
#include "core/result.h"
#include "io/html.h"
#include "io/outfile.h"
#include "io/table.h"
#include "store/org.h"
#include "store/problem.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "用法: suiji task list [--draw 抽取编号] [--state 待检查|已检查|已公开|不予公开|已作废] [--kind "
    "random|targeted]\n"
    "                      [--object 统一社会信用代码] [--officer 人员编号] [--mine] [--month YYYY-MM]\n"
    "                      [--due 日期（此日及以前公开截止的待公开结果）] [--unit 单位] [--limit N] "
    "[--offset N]\n"
    "                      [--format text|csv|json|xlsx] [-o 文件]\n"
    "      suiji task show 任务编号\n"
    "      suiji task notice 任务编号 [--format html|text] [-o 文件]    打印检查任务单\n"
    "      suiji task cancel 任务编号 --reason 理由                       作废一项尚未检查的任务\n"
    "      suiji task team 任务编号 --team 人员编号,人员编号 --reason 理由  "
    "调整检查组（回避、上次检查、跨区域规则重新核对）";

static const char *const list_headers[] = {"任务编号", "检查类型", "抽取编号", "序号",	   "统一社会信用代码",
					   "单位名称", "检查事项", "检查方式", "时段",	   "检查组",
					   "辅助人员", "状态",	   "检查结果", "检查时间", "公开日期"};
static const char *const list_keys[] = {"task",	   "kind",  "draw",   "visit", "uscc",
					"name",	   "items", "mode",   "slot",  "team",
					"experts", "state", "result", "dates", "published_on"};
#define LIST_COLS (sizeof(list_headers) / sizeof(list_headers[0]))

struct list_state {
	struct ctx *ctx;
	struct store *st;
	struct table_writer *out; /* NULL: text */
	long shown, hidden;
	int failed;
};

static const char *outcome_zh(const char *key)
{
	const struct result_outcome_info *o = result_outcome_by_key(key);
	return o ? o->wording : "";
}

static int list_one(const struct task_view *v, void *arg)
{
	struct list_state *ls = arg;
	ls->shown++;
	const char *state = *v->cancelled ? "已作废" : v->task.state;
	if (!ls->out) {
		printf("%-5ld %-4s %-6s %s  %s  %s  %s", v->task.id, state, task_kind_zh(v->task.kind),
		       v->task.uscc, *v->object_name ? v->object_name : "（名录中无此单位）", v->task.mode,
		       *v->task.slot ? v->task.slot : "-");
		if (v->task.draw_id)
			printf("  抽取%ld-%ld", v->task.draw_id, v->task.visit_no);
		printf("  事项 %s  检查组 %s", v->task.items, *v->task.team ? v->task.team : "-");
		if (v->result_id)
			printf("  [%s %s]", outcome_zh(v->outcome), v->end_date);
		if (v->open_problems)
			printf(" [问题未销号 %ld]", v->open_problems);
		if (v->penalties)
			printf(" [行政处罚]");
		putchar('\n');
		return 0;
	}
	char id[24], draw[24], visit[24];
	snprintf(id, sizeof(id), "%ld", v->task.id);
	snprintf(draw, sizeof(draw), "%ld", v->task.draw_id);
	snprintf(visit, sizeof(visit), "%ld", v->task.visit_no);
	char *team = people_names(ls->st, v->task.team), *experts = people_names(ls->st, v->task.experts);
	const char *vals[LIST_COLS] = {id,
				       task_kind_zh(v->task.kind),
				       v->task.draw_id ? draw : "",
				       v->task.draw_id ? visit : "",
				       v->task.uscc,
				       v->object_name,
				       v->task.items,
				       v->task.mode,
				       v->task.slot,
				       team,
				       experts,
				       state,
				       outcome_zh(v->outcome),
				       v->dates,
				       !strcmp(v->decision, "公开") ? v->decided_on : ""};
	char *err = NULL;
	int rc = table_row(ls->out, vals, &err);
	free(team);
	free(experts);
	if (rc) {
		error("%s", err);
		free(err);
		ls->failed = 1;
		return -1;
	}
	return 0;
}

static int task_list(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"draw", required_argument, 0, 'd'},
	    {"state", required_argument, 0, 's'},
	    {"kind", required_argument, 0, 'k'},
	    {"object", required_argument, 0, 'u'},
	    {"format", required_argument, 0, 'f'},
	    {"output", required_argument, 0, 'o'},
	    {"officer", required_argument, 0, 'p'},
	    {"month", required_argument, 0, 'm'},
	    {"due", required_argument, 0, 'D'},
	    {"mine", no_argument, 0, 'M'},
	    {"limit", required_argument, 0, 'l'},
	    {"offset", required_argument, 0, 'O'},
	    {0, 0, 0, 0},
	};
	struct op_task_filter f = {0};
	const char *format = "text", *out = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'd':
			if (!(f.draw_id = parse_id(optarg)))
				die_usage("--draw 应为抽取编号（正整数）");
			break;
		case 's':
			f.state = optarg;
			break;
		case 'k':
			f.kind = optarg;
			break;
		case 'u':
			f.uscc = optarg;
			break;
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'p':
			f.officer = optarg;
			break;
		case 'm':
			f.month = optarg;
			break;
		case 'D':
			f.due_by = optarg;
			break;
		case 'M':
			f.mine = 1;
			break;
		case 'l':
			if (parse_long(optarg, 1, 100000, &f.limit))
				die_usage("--limit 应为 1 至 100000 的整数");
			break;
		case 'O':
			if (parse_long(optarg, 0, 1000000000, &f.offset))
				die_usage("--offset 应为不小于 0 的整数");
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	if (strcmp(format, "text") && strcmp(format, "csv") && strcmp(format, "json") &&
	    strcmp(format, "xlsx"))
		die_usage("--format 应为 text、csv、json 或 xlsx");
	if (!strcmp(format, "text") && out)
		die_usage("-o 只用于 --format csv、json 或 xlsx");
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	if (ctx->unit && *ctx->unit)
		f.unit_id = s->unit.id; /* --unit NAME: that unit's tasks only */
	struct list_state ls = {.ctx = ctx, .st = s->st};
	char *err = NULL;
	if (strcmp(format, "text")) {
		char sheet[32];
		snprintf(sheet, sizeof(sheet), f.draw_id ? "抽取%ld检查任务" : "检查任务", f.draw_id);
		ls.out = table_open(format, out, sheet, LIST_COLS, list_headers, list_keys, &err);
		if (!ls.out) {
			error("%s", err);
			free(err);
			return 1;
		}
	}
	struct op_diag d = OP_DIAG_INIT;
	struct op_task_list_result r;
	int rc = op_task_list(s, &f, list_one, &ls, &r, &d);
	if (ls.out && (rc || ls.failed)) {
		table_abort(ls.out);
	} else if (ls.out && table_close(ls.out, &err)) {
		error("%s", err);
		free(err);
		op_diag_release(&d);
		return 1;
	}
	if (rc)
		return ls.failed ? (op_diag_release(&d), 1) : ctx_fail(&d);
	op_diag_release(&d);
	const char *note = !r.hidden						? ""
			   : op_scope_of(s->roles, ACT_TASK_READ) == SCOPE_TEAM ? "（只列出本检查组的任务）"
										: "（只列出有权查看的任务）";
	if (!ls.out) {
		if (r.shown < r.total)
			printf("共 %ld 项检查任务，本页第 %ld—%ld 项%s\n", r.total, f.offset + 1,
			       f.offset + r.shown, note);
		else
			printf("共 %ld 项检查任务%s\n", r.total, note);
	} else if (out && strcmp(out, "-")) {
		fprintf(stderr, "已导出 %ld 项检查任务到 %s\n", r.shown, out);
	}
	return 0;
}

/* ---- show ---- */

static int show_finding(const char *item, const char *finding, void *arg)
{
	(void)arg;
	printf("    %s: %s\n", item, finding);
	return 0;
}

static int show_attachment(const struct attachment_ref *a, void *arg)
{
	(void)arg;
	printf("    附件 %s（%ld 字节，SHA-256 %s）\n", a->name, a->size, a->sha256);
	return 0;
}

static int show_result(const struct result_row *r, void *arg)
{
	struct store *st = arg;
	printf("检查结果: %s\n检查时间: %s\n录入: %s（%s） %s\n", outcome_zh(r->outcome), r->dates,
	       r->recorded_by, r->recorded_role, r->recorded_at);
	if (*r->summary)
		printf("检查情况: %s\n", r->summary);
	printf("各事项检查情况:\n");
	char *err = NULL;
	if (store_result_findings(st, r->id, show_finding, NULL, &err) ||
	    store_attachments(st, r->id, 0, show_attachment, NULL, &err)) {
		error("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

static int show_problem(const struct problem_row *p, void *arg)
{
	(void)arg;
	printf("  问题 %ld [%s] %s%s%s", p->id, p->state, *p->item ? p->item : "", *p->item ? " " : "",
	       p->description);
	if (*p->assignee)
		printf("（交办 %s，期限 %s）", p->assignee, p->deadline);
	putchar('\n');
	return 0;
}

static int show_penalty(const struct penalty_row *p, void *arg)
{
	(void)arg;
	printf("  行政处罚 %s（%s）%s%s%s\n", p->decision_no, p->decided_on, p->content,
	       *p->fine ? " 罚款 " : "", *p->fine ? p->fine : "");
	return 0;
}

static int task_show(struct ctx *ctx, const char *arg)
{
	struct task_info ti;
	int rc = task_load_for(ctx, arg, ACT_TASK_READ, &ti);
	if (rc)
		return rc;
	struct store *st = ctx->store;
	const struct task *t = &ti.task;
	char *items = item_names(st, t->items), *team = people_names(st, t->team),
	     *experts = people_names(st, t->experts);
	printf("任务编号: %ld\n检查类型: %s\n", t->id, task_kind_zh(t->kind));
	if (t->draw_id)
		printf("随机抽取: 第%ld号 第%ld户\n", t->draw_id, t->visit_no);
	if (*t->trigger)
		printf("检查来源: %s%s%s\n", t->trigger, *t->reference ? " " : "", t->reference);
	printf("检查对象: %s %s\n检查事项: %s（%s）\n检查方式: %s\n", t->uscc, ti.object_name, t->items,
	       items, t->mode);
	if (*t->slot)
		printf("时段: %s\n", t->slot);
	printf("检查组: %s\n", *team ? team : "（未指定）");
	if (*experts)
		printf("辅助人员: %s\n", experts);
	printf("状态: %s%s%s\n", *ti.cancelled ? "已作废：" : t->state, ti.cancelled, "");
	char *err = NULL;
	int r = store_result_get(st, t->id, show_result, st, &err);
	if (r < 0)
		goto fail;
	if (ti.end_date[0]) {
		char due[11];
		int tent = 0;
		if (!disclosure_due(ctx, ti.end_date, due, &tent, &err))
			printf("公开截止日期: %s%s（检查结束后 %d 个工作日%s）\n", due, tentative_mark(tent),
			       DISCLOSURE_WORKDAYS, tent ? "，该年节假日安排尚未导入，按周末计算" : "");
		else {
			printf("公开截止日期: 无法计算（%s）\n", err);
			free(err);
			err = NULL;
		}
	}
	if (*ti.decision)
		printf("公开: %s %s\n", ti.decision, ti.decided_on);
	struct problem_filter pf = {.task_id = t->id};
	if (ti.problems)
		printf("问题（闭环管理）:\n");
	if (store_problem_each(st, &pf, show_problem, NULL, &err) < 0 ||
	    store_penalty_each(st, t->id, show_penalty, NULL, &err) < 0)
		goto fail;
	free(items);
	free(team);
	free(experts);
	task_info_release(&ti);
	return 0;
fail:
	if (err)
		error("%s", err);
	free(err);
	free(items);
	free(team);
	free(experts);
	task_info_release(&ti);
	return 1;
}

/* ---- notice ---- */

static int task_notice(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"format", required_argument, 0, 'f'},
	    {"output", required_argument, 0, 'o'},
	    {0, 0, 0, 0},
	};
	const char *format = "html", *out = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1 || (strcmp(format, "html") && strcmp(format, "text")))
		die_usage("%s", usage_text);
	long id = parse_id(argv[optind]);
	if (!id) {
		error("任务编号“%s”无效（应为正整数）", argv[optind]);
		return EXIT_USAGE;
	}
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	struct op_task_notice n;
	if (op_task_notice(s, id, &n, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	struct strbuf doc = STRBUF_INIT;
	task_notice_render(&n.n, !strcmp(format, "html"), &doc);
	op_task_notice_release(&n);
	int rc = 0;
	char *werr = NULL;
	int to_file = out && strcmp(out, "-");
	if (to_file ? outfile_write(out, doc.buf, doc.len, 0644, &werr)
		    : fwrite(doc.buf, 1, doc.len, stdout) != doc.len || fflush(stdout)) {
		error("%s", werr ? werr : "无法写入标准输出");
		free(werr);
		rc = 1;
	} else if (to_file) {
		fprintf(stderr, "已生成检查任务单 %s\n", out);
	}
	strbuf_release(&doc);
	return rc;
}

static int task_cancel(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"reason", required_argument, 0, 'r'}, {0, 0, 0, 0}};
	const char *reason = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 'r')
			die_usage("%s", usage_text);
		reason = optarg;
	}
	if (argc - optind != 1 || !reason)
		die_usage("作废任务须写明 --reason 理由。\n%s", usage_text);
	long id = parse_id(argv[optind]);
	if (!id)
		die_usage("任务编号“%s”无效（应为正整数）", argv[optind]);
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	if (op_task_cancel(s, id, reason, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	printf("已作废任务 %ld：%s（记入审计链）\n", id, reason);
	return 0;
}

static int task_team(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"team", required_argument, 0, 't'}, {"reason", required_argument, 0, 'r'}, {0, 0, 0, 0}};
	const char *team = NULL, *reason = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c == 't')
			team = optarg;
		else if (c == 'r')
			reason = optarg;
		else
			die_usage("%s", usage_text);
	}
	if (argc - optind != 1 || !team || !reason)
		die_usage("调整检查组须给出 --team 新的检查组和 --reason 理由。\n%s", usage_text);
	long id = parse_id(argv[optind]);
	if (!id)
		die_usage("任务编号“%s”无效（应为正整数）", argv[optind]);
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	if (op_task_set_team(s, id, team, reason, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	printf("已调整任务 %ld 的检查组：%s（理由：%s；原检查组记入审计链）\n", id, team, reason);
	return 0;
}

int cmd_task(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	if (!strcmp(argv[1], "list"))
		return task_list(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") && argc == 3)
		return task_show(ctx, argv[2]);
	if (!strcmp(argv[1], "notice"))
		return task_notice(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "cancel"))
		return task_cancel(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "team"))
		return task_team(ctx, argc - 1, argv + 1);
	die_usage("%s", usage_text);
}
