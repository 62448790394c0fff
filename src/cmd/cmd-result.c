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

#include "cmd/authz.h"
#include "cmd/cmd.h"
#include "cmd/inspection.h"
#include "core/result.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"用法: suiji result record 任务编号 --result 检查结果 --date 检查日期 [--date 检查日期 …]\n"
	"                         [--finding 事项编码=检查情况 …] [--problem [事项编码:]问题描述 …]\n"
	"                         [--summary 检查情况概述] [--attach 文件 …]\n"
	"      suiji result show 任务编号\n"
	"      suiji result penalty 任务编号 --decision 决定书文号 --date 决定日期 --violation 违法行为\n"
	"                         --content 处罚内容 [--basis 处罚依据] [--fine 罚款金额（元）]\n"
	"检查结果: 未发现问题 | 发现问题已责令整改 | 发现违法行为已立案调查 | 无法联系 | 已关闭停业 |\n"
	"          不配合检查 | 不予配合情节严重 | 未发现相关经营活动";

#define MAX_ARGS 64

/* The item codes of a task (joined by 、) as an array of owned strings. */
static size_t split_list(const char *list, char **out, size_t max)
{
	size_t n = 0;
	for (const char *p = list; p && *p && n < max;) {
		const char *q = strstr(p, "、");
		out[n++] = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		p = q ? q + strlen("、") : NULL;
	}
	return n;
}

static int has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

static int text_ok(const char *what, const char *s, size_t max)
{
	if (!*s)
		return error("%s不能为空", what), 0;
	if (has_control(s))
		return error("%s不能含有控制字符（换行、制表符等）", what), 0;
	if (strlen(s) > max)
		return error("%s过长（不超过 %zu 字节）", what, max), 0;
	return 1;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int result_record(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"result", required_argument, 0, 'r'},	{"date", required_argument, 0, 'd'},
		{"finding", required_argument, 0, 'f'}, {"problem", required_argument, 0, 'p'},
		{"summary", required_argument, 0, 's'}, {"attach", required_argument, 0, 'a'},
		{0, 0, 0, 0},
	};
	const char *outcome_arg = NULL, *summary = NULL;
	const char *dates[MAX_ARGS], *findings[MAX_ARGS], *problems[MAX_ARGS], *attach[MAX_ARGS];
	size_t ndates = 0, nfindings = 0, nproblems = 0, nattach = 0;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'r': outcome_arg = optarg; break;
		case 's': summary = optarg; break;
		case 'd':
		case 'f':
		case 'p':
		case 'a': {
			const char **arr = c == 'd' ? dates : c == 'f' ? findings : c == 'p' ? problems : attach;
			size_t *n = c == 'd' ? &ndates : c == 'f' ? &nfindings : c == 'p' ? &nproblems : &nattach;
			if (*n >= MAX_ARGS)
				die_usage("同一选项最多 %d 个", MAX_ARGS);
			arr[(*n)++] = optarg;
			break;
		}
		default: die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1 || !outcome_arg || !ndates)
		die_usage("%s", usage_text);
	const struct result_outcome_info *o = result_outcome_find(outcome_arg);
	if (!o)
		die_usage("检查结果“%s”不是规定的表述。%s", outcome_arg, usage_text);
	for (size_t i = 0; i < ndates; i++)
		if (check_date_arg("--date 检查日期", dates[i], 0))
			return 1;
	qsort(dates, ndates, sizeof(dates[0]), str_cmp);
	for (size_t i = 1; i < ndates; i++)
		if (!strcmp(dates[i], dates[i - 1]))
			return error("--date 检查日期 %s 重复", dates[i]);
	if (summary && !text_ok("--summary 检查情况概述", summary, 4000))
		return 1;

	struct task_info ti;
	int rc = task_load_for(ctx, argv[optind], ACT_RESULT_RECORD, &ti);
	if (rc)
		return rc;
	struct store *st = ctx->store;
	char *codes[MAX_ARGS] = {0};
	size_t ncodes = split_list(ti.task.items, codes, MAX_ARGS);
	struct result_finding fnd[MAX_ARGS] = {{0}};
	struct result_problem prob[MAX_ARGS] = {{0}};
	struct file_ref files[MAX_ARGS];
	struct attachment_ref refs[MAX_ARGS];
	size_t nfiles = 0;
	char *owned[3 * MAX_ARGS];
	size_t nowned = 0;
	struct strbuf dates_sb = STRBUF_INIT;
	rc = 1;

	if (*ti.cancelled) {
		error("任务 %ld 已作废（%s），不能录入检查结果", ti.task.id, ti.cancelled);
		goto out;
	}
	char start[11];
	task_start_day(&ti.task, start);
	if (*start && strncmp(dates[0], start, 10) < 0) {
		error("--date 检查日期 %s 早于任务%s的日期 %s", dates[0],
		      !strcmp(ti.task.kind, "targeted") ? "登记的检查" : "下达", start);
		goto out;
	}
	if (o->problems && !nproblems) {
		error("检查结果为“%s”时须用 --problem 列出发现的问题（每个问题进入闭环管理）", o->wording);
		goto out;
	}
	if (!o->problems && nproblems) {
		error("检查结果为“%s”时不能列出问题；发现问题请用“发现问题已责令整改”或“发现违法行为已立案调查”",
		      o->wording);
		goto out;
	}
	/* problems: "CODE:text" names the item when CODE is one of the task's */
	for (size_t i = 0; i < nproblems; i++) {
		const char *p = problems[i], *colon = strstr(p, ":"), *wide = strstr(p, "：");
		const char *sep = colon && (!wide || colon < wide) ? colon : wide;
		size_t seplen = sep == colon ? 1 : strlen("：");
		prob[i].description = p;
		if (sep) {
			char *code = xstrndup(p, (size_t)(sep - p));
			for (size_t k = 0; k < ncodes; k++)
				if (!strcmp(code, codes[k])) {
					prob[i].item = codes[k];
					prob[i].description = sep + seplen;
				}
			free(code);
		}
		if (!text_ok("--problem 问题描述", prob[i].description, 2000))
			goto out;
	}
	/* explicit findings */
	const char *given[MAX_ARGS] = {0};
	for (size_t i = 0; i < nfindings; i++) {
		const char *eq = strchr(findings[i], '=');
		if (!eq) {
			error("--finding 应写作 事项编码=检查情况，而不是“%s”", findings[i]);
			goto out;
		}
		size_t k;
		for (k = 0; k < ncodes; k++)
			if (strlen(codes[k]) == (size_t)(eq - findings[i]) && !memcmp(codes[k], findings[i], (size_t)(eq - findings[i])))
				break;
		if (k == ncodes) {
			error("--finding: 事项“%.*s”不是任务 %ld 的检查事项（%s）", (int)(eq - findings[i]), findings[i],
			      ti.task.id, ti.task.items);
			goto out;
		}
		if (given[k]) {
			error("--finding: 事项 %s 填写了两次", codes[k]);
			goto out;
		}
		if (!text_ok("--finding 检查情况", eq + 1, 2000))
			goto out;
		given[k] = eq + 1;
	}
	for (size_t k = 0; k < ncodes; k++) {
		fnd[k].item = codes[k];
		if (given[k]) {
			fnd[k].finding = given[k];
			continue;
		}
		if (!o->inspected) {
			fnd[k].finding = o->wording;
			continue;
		}
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < nproblems; i++)
			if (prob[i].item == codes[k])
				strbuf_addf(&sb, "%s%s", sb.len ? "；" : "发现问题：", prob[i].description);
		fnd[k].finding = owned[nowned++] = sb.len ? strbuf_detach(&sb) : xstrdup("未发现问题");
		strbuf_release(&sb);
	}
	for (size_t i = 0; i < nattach; i++) {
		if (file_ref_load(attach[i], &files[nfiles]))
			goto out;
		refs[nfiles] = files[nfiles].ref;
		nfiles++;
	}
	for (size_t i = 0; i < ndates; i++)
		strbuf_addf(&dates_sb, "%s%s", i ? "、" : "", dates[i]);

	char now[26];
	clock_now(now);
	struct result_new r = {
		.task_id = ti.task.id,
		.outcome = o->key,
		.dates = dates_sb.buf,
		.start_date = dates[0],
		.end_date = dates[ndates - 1],
		.summary = summary,
		.findings = fnd,
		.nfindings = ncodes,
		.problems = prob,
		.nproblems = nproblems,
		.problem_kind = o->outcome == RESULT_CASE ? "违法行为" : "问题",
		.attachments = refs,
		.nattachments = nfiles,
		.at = now,
		.actor = ctx->actor,
		.role = authz_role(ctx),
	};
	char *err = NULL;
	long id = store_result_record(st, &r, &err);
	if (id <= 0) {
		error("%s", err ? err : "录入失败");
		free(err);
		goto out;
	}
	char due[11];
	printf("已录入任务 %ld 的检查结果：%s（检查时间 %s）\n", ti.task.id, o->wording, dates_sb.buf);
	if (nproblems)
		printf("发现问题 %zu 个，已进入闭环管理（suiji problems --task %ld）\n", nproblems, ti.task.id);
	int tent = 0;
	if (!disclosure_due(ctx, r.end_date, due, &tent, &err))
		printf("请在 %s%s 前（含当日）公开检查结果（检查结束后 %d 个工作日%s）\n", due, tentative_mark(tent),
		       DISCLOSURE_WORKDAYS, tent ? "；该年节假日安排尚未导入，按周末计算，导入后重新计算" : "");
	else {
		printf("公开截止日期暂无法计算：%s\n", err);
		free(err);
	}
	rc = 0;
out:
	for (size_t i = 0; i < nfiles; i++)
		file_ref_release(&files[i]);
	for (size_t i = 0; i < nowned; i++)
		free(owned[i]);
	for (size_t i = 0; i < ncodes; i++)
		free(codes[i]);
	strbuf_release(&dates_sb);
	task_info_release(&ti);
	return rc;
}

static int fine_ok(const char *s)
{
	size_t n = strlen(s), digits = strspn(s, "0123456789");
	if (!n || n > 15 || !digits)
		return 0;
	if (digits == n)
		return 1;
	return s[digits] == '.' && n - digits - 1 >= 1 && n - digits - 1 <= 2 &&
	       strspn(s + digits + 1, "0123456789") == n - digits - 1;
}

static int result_penalty(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {
		{"decision", required_argument, 0, 'n'}, {"date", required_argument, 0, 'd'},
		{"violation", required_argument, 0, 'v'}, {"content", required_argument, 0, 'c'},
		{"basis", required_argument, 0, 'b'},	  {"fine", required_argument, 0, 'f'},
		{0, 0, 0, 0},
	};
	struct penalty_row p = {0};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'n': p.decision_no = optarg; break;
		case 'd': p.decided_on = optarg; break;
		case 'v': p.violation = optarg; break;
		case 'c': p.content = optarg; break;
		case 'b': p.basis = optarg; break;
		case 'f': p.fine = optarg; break;
		default: die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1 || !p.decision_no || !p.decided_on || !p.violation || !p.content)
		die_usage("%s", usage_text);
	if (check_date_arg("--date 处罚决定日期", p.decided_on, 0))
		return 1;
	if (!text_ok("--decision 决定书文号", p.decision_no, 200) || !text_ok("--violation 违法行为", p.violation, 2000) ||
	    !text_ok("--content 处罚内容", p.content, 2000) || (p.basis && !text_ok("--basis 处罚依据", p.basis, 2000)))
		return 1;
	if (p.fine && !fine_ok(p.fine))
		return error("--fine 罚款金额应为元，最多两位小数，如 50000 或 12500.50");
	struct task_info ti;
	int rc = task_load_for(ctx, argv[optind], ACT_RESULT_RECORD, &ti);
	if (rc)
		return rc;
	rc = 1;
	if (strcmp(ti.outcome, "case")) {
		error("任务 %ld 的检查结果不是“发现违法行为已立案调查”，不能录入行政处罚决定（先立案调查）", ti.task.id);
		goto out;
	}
	if (strcmp(p.decided_on, ti.end_date) < 0) {
		error("--date 处罚决定日期 %s 早于检查结束日期 %s", p.decided_on, ti.end_date);
		goto out;
	}
	char now[26];
	clock_now(now);
	p.task_id = ti.task.id;
	p.recorded_at = now;
	p.recorded_by = ctx->actor;
	char *err = NULL;
	long id = store_penalty_add(ctx->store, &p, &err);
	if (id < 0) {
		error("%s", err);
		free(err);
		goto out;
	}
	printf("已录入行政处罚决定 %s（任务 %ld），将纳入信用信息系统导出（suiji publish 的 platform/credit-penalties）\n",
	       p.decision_no, ti.task.id);
	rc = 0;
out:
	task_info_release(&ti);
	return rc;
}

int cmd_result(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	if (!strcmp(argv[1], "record"))
		return result_record(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "penalty"))
		return result_penalty(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "show") && argc == 3) {
		char *args[] = {"task", "show", argv[2], NULL};
		return cmd_task(3, args, ctx);
	}
	die_usage("%s", usage_text);
}
