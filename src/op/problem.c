/*
 * This file implements adding a problem to an inspected task (op/problem.h).
 */
#include "op/problem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/disclosure.h"
#include "core/result.h"
#include "core/roles.h"
#include "core/utf8.h"
#include "op/authz.h"
#include "op/calendar.h"
#include "op/task.h"
#include "store/audit.h"
#include "store/problem.h"
#include "util/clock.h"
#include "util/xalloc.h"

static int text_ok(const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0;
	return n && n <= max && utf8_valid(s, n) && !utf8_has_control(s, n);
}

/* 1 when "code" is one of the item codes (joined by 、) in "items". */
static int has_item(const char *items, const char *code)
{
	size_t n = strlen(code);
	for (const char *p = items; p && *p;) {
		const char *q = strstr(p, "、");
		size_t l = q ? (size_t)(q - p) : strlen(p);
		if (l == n && !memcmp(p, code, n))
			return 1;
		p = q ? q + strlen("、") : NULL;
	}
	return 0;
}

int op_problem_add(struct op_session *s, const struct op_problem_new *p, long *id, struct op_diag *d)
{
	*id = 0;
	struct task_info ti;
	if (op_task_get(s, p->task_id, ACT_RESULT_RECORD, &ti, d))
		return -1;
	int rc = -1;
	char today[11];
	clock_today(today);
	const struct result_outcome_info *o = result_outcome_by_key(ti.outcome);
	int day;
	if (!ti.result_id) {
		op_fail(
		    d, OP_CONFLICT,
		    "任务 %ld 尚未录入检查结果，问题随检查结果一并录入（suiji result record … --problem）",
		    ti.task.id);
	} else if (!o || !o->problems) {
		op_fail(d, OP_CONFLICT, "任务 %ld 的检查结果是“%s”，不能再补充问题；请先更正检查结果",
			ti.task.id, o ? o->wording : ti.outcome);
	} else if (!text_ok(p->description, 2000)) {
		op_fail(d, OP_INVALID, "问题描述不能为空、不超过2000字节，且不含换行等控制字符");
	} else if (!text_ok(p->reason, 500)) {
		op_fail(d, OP_INVALID, "补充问题须写明理由（--reason，不超过500字节，不含换行等控制字符）");
	} else if (p->item && !has_item(ti.task.items, p->item)) {
		op_fail(d, OP_INVALID, "事项“%s”不是任务 %ld 的检查事项（%s）", p->item, ti.task.id,
			ti.task.items);
	} else if (!p->found_on || date_parse(p->found_on, &day, NULL)) {
		op_fail(d, OP_INVALID, "发现日期应写作 YYYY-MM-DD");
	} else if (strcmp(p->found_on, ti.end_date) < 0 || strcmp(p->found_on, today) > 0) {
		op_fail(d, OP_INVALID, "发现日期 %s 应在检查结束日期 %s 与今天 %s 之间", p->found_on,
			ti.end_date, today);
	} else {
		rc = 0;
	}
	if (rc) {
		task_info_release(&ti);
		return -1;
	}
	char *err = NULL, now[26], roles[256], subject[32];
	clock_now(now);
	op_session_roles(s, roles, sizeof(roles));
	char *action = xasprintf("problem add：%s", p->reason);
	if (store_begin(s->st, &err)) {
		free(action);
		task_info_release(&ti);
		return op_fail_take(d, OP_ERROR, err, "数据库错误");
	}
	long pid = store_problem_insert(s->st, ti.task.id, ti.result_id, p->item, p->description,
					o->outcome == RESULT_CASE ? "违法行为" : "问题", p->found_on, now,
					s->name, roles, &err);
	if (pid > 0) {
		snprintf(subject, sizeof(subject), "problem:%ld", pid);
		if (store_audit_record(s->st, now, s->name, action, subject, &err) ||
		    store_commit(s->st, &err))
			pid = -1;
	}
	free(action);
	task_info_release(&ti);
	if (pid <= 0) {
		store_rollback(s->st);
		return op_fail_take(d, OP_ERROR, err, "数据库错误");
	}
	*id = pid;
	return 0;
}

static int problem_task(const struct problem_row *p, void *arg)
{
	*(long *)arg = p->task_id;
	return 0;
}

int op_problem_step(struct op_session *s, const struct op_problem_step_args *a,
		    struct op_problem_step_out *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	long task = 0;
	char *err = NULL;
	struct problem_filter f = {.id = a->problem_id};
	if (store_problem_each(s->st, &f, problem_task, &task, &err) < 0)
		return op_fail_take(d, OP_ERROR, err, "读取问题失败");
	if (!task)
		return op_fail(d, OP_NOTFOUND, "没有编号为 %ld 的问题", a->problem_id);
	struct task_info ti;
	if (op_task_get(s, task, ACT_PROBLEM_STEP, &ti, d))
		return -1;
	task_info_release(&ti);
	out->task_id = task;
	char today[11];
	clock_today(today);
	const char *date = a->date ? a->date : today;
	int day;
	if (date_parse(date, &day, &err)) {
		op_fail(d, OP_INVALID, "--date: %s", err ? err : "");
		free(err);
		return -1;
	}
	if (strcmp(date, today) > 0)
		return op_fail(d, OP_INVALID, "--date: %s 晚于今天（%s）", date, today);
	if (a->note && utf8_has_control(a->note, strlen(a->note)))
		return op_fail(d, OP_INVALID, "说明中不能含有控制字符");
	if (a->to && (!*a->to || strlen(a->to) > 200))
		return op_fail(d, OP_INVALID, "--to 责任单位不能为空且不超过200字节");
	if (a->days) {
		if (a->days < 1 || a->days > 365)
			return op_fail(d, OP_INVALID, "--days 应为 1 至 365 的工作日数");
		const struct calendar *cal = op_calendar(s, d);
		if (!cal)
			return -1;
		if (disclosure_workdays_after(cal, date, a->days, out->deadline, &out->tentative, &err))
			return op_fail_take(d, OP_INVALID, err, "--days: 无法计算");
	} else if (a->deadline) {
		if (date_parse(a->deadline, &day, &err)) {
			op_fail(d, OP_INVALID, "--deadline: %s", err ? err : "");
			free(err);
			return -1;
		}
		snprintf(out->deadline, sizeof(out->deadline), "%s", a->deadline);
	}
	if (*out->deadline && strcmp(out->deadline, date) < 0)
		return op_fail(d, OP_INVALID, "整改期限 %s 早于办理日期 %s", out->deadline, date);
	char now[26], roles[256];
	clock_now(now);
	op_session_roles(s, roles, sizeof(roles));
	struct problem_step_new st = {
	    .problem_id = a->problem_id,
	    .step = a->step,
	    .on_date = date,
	    .assignee = a->to,
	    .deadline = *out->deadline ? out->deadline : NULL,
	    .note = a->note,
	    .evidence = a->evidence,
	    .nevidence = a->nevidence,
	    .at = now,
	    .actor = s->name,
	    .role = roles,
	};
	int r = store_problem_step(s->st, &st, &err);
	if (r)
		return op_fail_take(d, r > 0 ? OP_CONFLICT : OP_ERROR, err, "办理失败");
	return 0;
}
