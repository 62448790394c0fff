/*
 * This file implements "suiji result": recording what an inspection found (谁检查、谁录入) and the
 * penalty decisions that follow a case (行政处罚, flagged on the task and exported for credit).
 *
 *   suiji result record 任务编号 --result 检查结果 --date 检查日期 [--date …]
 *                       [--finding 事项编码=检查情况 …] [--problem [事项编码:]问题描述 …]
 *                       [--summary 检查情况概述] [--attach 文件 …]
 *   suiji result show 任务编号
 *   suiji result penalty 任务编号 --decision 决定书文号 --date 决定日期 --violation 违法行为
 *                        --content 处罚内容 [--basis 处罚依据] [--fine 罚款金额（元）]
 *
 * The result is one of the regulation's wordings (core/result.h): 未发现问题, 发现问题已责令整改,
 * 发现违法行为已立案调查, or a case in which no inspection was possible (无法联系, 已关闭停业,
 * 不配合检查, 未发现相关经营活动). Each problem becomes a closed-loop record (suiji problems).
 * Each item of the task gets a finding: the one given, else "未发现问题" (or, with a problem under
 * that item, the problem), else — when no inspection was possible — the result itself.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/inspection.h"
#include "core/parse.h"
#include "core/result.h"
#include "op/result.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "用法: suiji result record 任务编号 --result 检查结果 --date 检查日期 [--date 检查日期 …]\n"
    "                         [--finding 事项编码=检查情况 …] [--problem [事项编码:]问题描述 …]\n"
    "                         [--summary 检查情况概述] [--attach 文件 …]\n"
    "      suiji result amend 任务编号 --reason 更正理由 --result 检查结果 --date 检查日期 [--date …]\n"
    "                         [--finding …] [--problem …] [--summary …] [--attach 文件 …]   "
    "更正已录入的检查结果\n"
    "      suiji result show 任务编号\n"
    "      suiji result penalty 任务编号 --decision 决定书文号 --date 决定日期 --violation 违法行为\n"
    "                         --content 处罚内容 [--basis 处罚依据] [--fine 罚款金额（元）]\n"
    "检查结果: 未发现问题 | 发现问题已责令整改 | 发现违法行为已立案调查 | 无法联系 | 已关闭停业 |\n"
    "          不配合检查 | 不予配合情节严重 | 未发现相关经营活动";

#define MAX_ARGS 64

/* record and amend: the same options (amend also --reason) */
static int result_write(struct ctx *ctx, int amend, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"result", required_argument, 0, 'r'},  {"date", required_argument, 0, 'd'},
	    {"finding", required_argument, 0, 'f'}, {"problem", required_argument, 0, 'p'},
	    {"summary", required_argument, 0, 's'}, {"attach", required_argument, 0, 'a'},
	    {"reason", required_argument, 0, 'R'},  {0, 0, 0, 0},
	};
	struct op_result_args a = {0};
	const char *dates[MAX_ARGS], *findings[MAX_ARGS], *problems[MAX_ARGS], *attach[MAX_ARGS];
	size_t nattach = 0;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'r':
			a.outcome = optarg;
			break;
		case 's':
			a.summary = optarg;
			break;
		case 'R':
			if (!amend)
				die_usage("--reason 只用于 result amend（更正检查结果）");
			a.reason = optarg;
			break;
		case 'd':
		case 'f':
		case 'p':
		case 'a': {
			const char **arr = c == 'd'   ? dates
					   : c == 'f' ? findings
					   : c == 'p' ? problems
						      : attach;
			size_t *n = c == 'd'   ? &a.ndates
				    : c == 'f' ? &a.nfindings
				    : c == 'p' ? &a.nproblems
					       : &nattach;
			if (*n >= MAX_ARGS)
				die_usage("同一选项最多 %d 个", MAX_ARGS);
			arr[(*n)++] = optarg;
			break;
		}
		default:
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1 || !a.outcome || !a.ndates || (amend && !a.reason))
		die_usage("%s", usage_text);
	if (!result_outcome_find(a.outcome))
		die_usage("检查结果“%s”不是规定的表述。%s", a.outcome, usage_text);
	if (!(a.task_id = parse_id(argv[optind])))
		die_usage("任务编号“%s”无效（应为正整数）", argv[optind]);
	a.dates = dates;
	a.findings = findings;
	a.problems = problems;
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct file_ref files[MAX_ARGS];
	struct attachment_ref refs[MAX_ARGS];
	size_t nfiles = 0;
	int rc = 1;
	for (size_t i = 0; i < nattach; i++) {
		if (file_ref_load(attach[i], &files[nfiles]))
			goto out;
		refs[nfiles] = files[nfiles].ref;
		nfiles++;
	}
	a.attachments = refs;
	a.nattachments = nfiles;
	struct op_diag d = OP_DIAG_INIT;
	struct op_result_out r;
	if (amend ? op_result_amend(s, &a, &r, &d) : op_result_record(s, &a, &r, &d)) {
		rc = ctx_fail(&d);
		goto out;
	}
	op_diag_release(&d);
	if (amend) {
		printf("已更正任务 %ld 的检查结果：%s（检查时间 %s；更正理由：%s），原结果保留并记入审计链\n",
		       a.task_id, r.wording, r.dates, a.reason);
		if (r.republished)
			printf("该结果已公开，公开记录已更新并注明“%s 更正”（运行 suiji publish "
			       "更新公开网站）\n",
			       r.corrected_on);
	} else {
		printf("已录入任务 %ld 的检查结果：%s（检查时间 %s）\n", a.task_id, r.wording, r.dates);
	}
	if (r.nproblems)
		printf("发现问题 %zu 个，已进入闭环管理（suiji problems --task %ld）\n", r.nproblems,
		       a.task_id);
	if (*r.due)
		printf("请在 %s%s 前（含当日）公开检查结果（检查结束后 %d 个工作日%s）\n", r.due,
		       tentative_mark(r.tentative), DISCLOSURE_WORKDAYS,
		       r.tentative ? "；该年节假日安排尚未导入，按周末计算，导入后重新计算" : "");
	else
		printf("公开截止日期暂无法计算\n");
	rc = 0;
out:
	for (size_t i = 0; i < nfiles; i++)
		file_ref_release(&files[i]);
	return rc;
}

static int result_penalty(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
	    {"decision", required_argument, 0, 'n'},
	    {"date", required_argument, 0, 'd'},
	    {"violation", required_argument, 0, 'v'},
	    {"content", required_argument, 0, 'c'},
	    {"basis", required_argument, 0, 'b'},
	    {"fine", required_argument, 0, 'f'},
	    {0, 0, 0, 0},
	};
	struct penalty_row p = {0};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'n':
			p.decision_no = optarg;
			break;
		case 'd':
			p.decided_on = optarg;
			break;
		case 'v':
			p.violation = optarg;
			break;
		case 'c':
			p.content = optarg;
			break;
		case 'b':
			p.basis = optarg;
			break;
		case 'f':
			p.fine = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1 || !p.decision_no || !p.decided_on || !p.violation || !p.content)
		die_usage("%s", usage_text);
	if (!(p.task_id = parse_id(argv[optind])))
		die_usage("任务编号“%s”无效（应为正整数）", argv[optind]);
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	long id;
	if (op_penalty_record(s, &p, &id, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	printf("已录入行政处罚决定 %s（任务 %ld），将纳入信用信息系统导出（suiji publish 的 "
	       "platform/credit-penalties）\n",
	       p.decision_no, p.task_id);
	return 0;
}

int cmd_result(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	if (!strcmp(argv[1], "record"))
		return result_write(ctx, 0, argc - 1, argv + 1);
	if (!strcmp(argv[1], "amend"))
		return result_write(ctx, 1, argc - 1, argv + 1);
	if (!strcmp(argv[1], "penalty"))
		return result_penalty(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") && argc == 3) {
		char *args[] = {"task", "show", argv[2], NULL};
		return cmd_task(3, args, ctx);
	}
	die_usage("%s", usage_text);
}
