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
#include "op/upload.h"
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
		op_fail(d, OP_CONFLICT, "任务 %ld 尚未录入检查结果，问题随检查结果一并录入", ti.task.id);
	} else if (!o || !o->problems) {
		op_fail(d, OP_CONFLICT, "任务 %ld 的检查结果是“%s”，不能再补充问题；请先更正检查结果",
			ti.task.id, o ? o->wording : ti.outcome);
	} else if (!text_ok(p->description, 2000)) {
		op_fail(d, OP_INVALID, "问题描述不能为空、不超过2000字节，且不含换行等控制字符");
	} else if (!text_ok(p->reason, 500)) {
		op_fail_at(d, OP_INVALID, "reason",
			   "补充问题须写明理由（不超过500字节，不含换行等控制字符）");
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

/* A problem's state and deadline, for the step about to be taken. */
struct current {
	long task;
	char state[16], deadline[11], found_on[11];
};

static int problem_current(const struct problem_row *p, void *arg)
{
	struct current *c = arg;
	c->task = p->task_id;
	snprintf(c->state, sizeof(c->state), "%s", p->state);
	snprintf(c->deadline, sizeof(c->deadline), "%s", p->deadline);
	snprintf(c->found_on, sizeof(c->found_on), "%s", p->found_on);
	return 0;
}

int op_problem_step(struct op_session *s, const struct op_problem_step_args *a,
		    struct op_problem_step_out *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct current cur = {0};
	char *err = NULL;
	struct problem_filter f = {.id = a->problem_id};
	if (store_problem_each(s->st, &f, problem_current, &cur, &err) < 0)
		return op_fail_take(d, OP_ERROR, err, "读取问题失败");
	long task = cur.task;
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
		op_fail_at(d, OP_INVALID, "date", "办理日期: %s", err ? err : "");
		free(err);
		return -1;
	}
	if (strcmp(date, today) > 0)
		return op_fail_at(d, OP_INVALID, "date", "办理日期 %s 晚于今天（%s）", date, today);
	if (*cur.found_on && strcmp(date, cur.found_on) < 0)
		return op_fail(d, OP_INVALID, "办理日期 %s 早于问题的发现日期 %s", date, cur.found_on);
	if (a->note && utf8_has_control(a->note, strlen(a->note)))
		return op_fail(d, OP_INVALID, "说明中不能含有控制字符");
	if (a->to && (!*a->to || strlen(a->to) > 200))
		return op_fail_at(d, OP_INVALID, "to", "请填写整改责任单位（不超过200字节）");
	if (a->days) {
		if (a->days < 1 || a->days > 365)
			return op_fail_at(d, OP_INVALID, "days", "整改期限应为 1 至 365 个工作日");
		const struct calendar *cal = op_calendar(s, d);
		if (!cal)
			return -1;
		if (disclosure_workdays_after(cal, date, a->days, out->deadline, &out->tentative, &err)) {
			op_fail_at(d, OP_INVALID, "days", "无法按工作日计算整改期限: %s",
				   err ? err : "工作日历有误");
			free(err);
			return -1;
		}
	} else if (a->deadline) {
		if (date_parse(a->deadline, &day, &err)) {
			op_fail_at(d, OP_INVALID, "deadline", "整改期限: %s", err ? err : "");
			free(err);
			return -1;
		}
		snprintf(out->deadline, sizeof(out->deadline), "%s", a->deadline);
	}
	if (*out->deadline && strcmp(out->deadline, date) < 0)
		return op_fail(d, OP_INVALID, "整改期限 %s 早于办理日期 %s", out->deadline, date);
	/* 督办 on a problem past its deadline: 升级督办 when the caller asks for it */
	const char *step = a->step;
	if (a->upgrade && step && !strcmp(step, PROBLEM_SUPERVISED) && *cur.deadline &&
	    strcmp(cur.deadline, date) < 0)
		step = PROBLEM_STEP_ESCALATED;
	snprintf(out->step, sizeof(out->step), "%s", step ? step : "");
	struct op_upload_refs ups = {0};
	if (op_upload_refs(s, task, a->uploads, a->nuploads, &ups, d))
		return -1;
	struct attachment_ref *evidence = xcalloc(a->nevidence + ups.n + 1, sizeof(*evidence));
	size_t nevidence = 0;
	for (size_t i = 0; i < a->nevidence; i++)
		evidence[nevidence++] = a->evidence[i];
	for (size_t i = 0; i < ups.n; i++)
		evidence[nevidence++] = ups.refs[i];
	char now[26], roles[256];
	clock_now(now);
	op_session_roles(s, roles, sizeof(roles));
	struct problem_step_new st = {
	    .problem_id = a->problem_id,
	    .step = step,
	    .on_date = date,
	    .assignee = a->to,
	    .deadline = *out->deadline ? out->deadline : NULL,
	    .note = a->note,
	    .evidence = evidence,
	    .nevidence = nevidence,
	    .at = now,
	    .actor = s->name,
	    .role = roles,
	};
	int r = store_problem_step(s->st, &st, &err);
	free(evidence);
	op_upload_refs_release(&ups);
	if (r)
		return op_fail_take(d, r > 0 ? OP_CONFLICT : OP_ERROR, err, "办理失败");
	return 0;
}

/* ---- reading ---- */

static int days_late(const char *deadline, const char *today)
{
	int a, b;
	if (date_parse(deadline, &a, NULL) || date_parse(today, &b, NULL))
		return 0;
	return b - a;
}

static char *dup(const char *s)
{
	return xstrdup(s ? s : "");
}

struct problem_walk {
	struct op_session *s;
	struct op_problem_list *out;
	long unit_id; /* only this unit's problems; 0: any */
};

static int add_problem(const struct problem_row *p, void *arg)
{
	struct problem_walk *w = arg;
	struct task_info ti;
	char *err = NULL;
	if (task_info_load(w->s->st, p->task_id, &ti, &err)) {
		free(err); /* a problem without its task: nothing to show */
		return 0;
	}
	int ok = op_allowed(w->s, ACT_TASK_READ, 0, &ti.task);
	long unit = ti.task.unit_id ? ti.task.unit_id : 1;
	task_info_release(&ti);
	if (!ok || (w->unit_id && unit != w->unit_id))
		return 0;
	struct op_problem_list *l = w->out;
	ALLOC_GROW(l->rows, l->n + 1, l->alloc);
	struct op_problem_row *r = &l->rows[l->n++];
	*r = (struct op_problem_row){
	    .id = p->id,
	    .task_id = p->task_id,
	    .result_id = p->result_id,
	    .item = dup(p->item),
	    .description = dup(p->description),
	    .kind = dup(p->kind),
	    .state = dup(p->state),
	    .found_on = dup(p->found_on),
	    .assignee = dup(p->assignee),
	    .deadline = dup(p->deadline),
	    .closed_on = dup(p->closed_on),
	    .escalated = p->escalated,
	    .uscc = dup(p->uscc),
	    .object_name = dup(p->object_name),
	    .unit_id = unit,
	};
	if (strcmp(p->state, PROBLEM_CLOSED) && *p->deadline && strcmp(p->deadline, l->today) < 0) {
		r->overdue_days = days_late(p->deadline, l->today);
		l->overdue++;
	} else if (strcmp(p->state, PROBLEM_CLOSED) && *p->deadline && *l->soon &&
		   strcmp(p->deadline, l->soon) <= 0) {
		r->due_soon = 1;
	}
	return 0;
}

static int problem_state_valid(const char *st)
{
	return !strcmp(st, PROBLEM_FOUND) || !strcmp(st, PROBLEM_ASSIGNED) ||
	       !strcmp(st, PROBLEM_SUPERVISED) || !strcmp(st, PROBLEM_CLOSED);
}

int op_problem_list(struct op_session *s, const struct op_problem_list_args *a, struct op_problem_list *out,
		    struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	clock_today(out->today);
	if (a->state && !problem_state_valid(a->state))
		return op_fail(d, OP_INVALID, "状态应为 发现、交办、督办 或 销号，而不是“%s”", a->state);
	if (a->within > 250)
		return op_fail(d, OP_INVALID, "到期天数应为 0 至 250 的工作日数");
	if (op_authorize(s, ACT_REPORT_READ, 0, NULL, d))
		return -1;
	if (a->unit_id && op_scope_of(s->roles, ACT_TASK_READ) != SCOPE_ALL &&
	    !op_unit_within(s, a->unit_id, s->own.id))
		return op_fail(d, OP_DENIED, "无权限：%s（%s）不能查看其他单位的问题", s->name, s->own.name);
	struct problem_filter f = {.task_id = a->task_id, .state = a->state, .open_only = a->open_only};
	{
		/* the last deadline shown as due soon: OP_PROBLEM_DUE_SOON working days from today */
		struct op_diag quiet = OP_DIAG_INIT;
		const struct calendar *cal = op_calendar(s, &quiet);
		int tent = 0;
		char *e = NULL;
		if (!cal ||
		    disclosure_workdays_after(cal, out->today, OP_PROBLEM_DUE_SOON, out->soon, &tent, &e))
			out->soon[0] = 0;
		free(e);
		op_diag_release(&quiet);
	}
	char before[11] = "";
	if (a->overdue)
		f.overdue_on = out->today;
	if (a->within >= 0) {
		/* open problems whose deadline is at most "within" working days away (late ones included) */
		const struct calendar *cal = op_calendar(s, d);
		if (!cal)
			return -1;
		int tent = 0, day;
		char *err = NULL;
		if (disclosure_workdays_after(cal, out->today, a->within, out->limit, &tent, &err) ||
		    date_parse(out->limit, &day, &err))
			return op_fail_take(d, OP_ERROR, err, "无法计算到期日期");
		date_format(day + 1, before);
		f.overdue_on = before; /* deadline before the day after the limit */
		f.open_only = 1;
	}
	/* an inspector who may see only their team's tasks sees only those tasks' problems */
	if (op_scope_of(s->roles, ACT_TASK_READ) == SCOPE_TEAM) {
		out->team_only = 1;
		f.member = s->person_id;
	}
	struct problem_walk w = {s, out, a->unit_id};
	char *err = NULL;
	if (store_problem_each(s->st, &f, add_problem, &w, &err) < 0) {
		op_problem_list_release(out);
		return op_fail_take(d, OP_ERROR, err, "读取问题失败");
	}
	return 0;
}

void op_problem_list_release(struct op_problem_list *l)
{
	for (size_t i = 0; i < l->n; i++) {
		struct op_problem_row *r = &l->rows[i];
		char **f[] = {&r->item,	    &r->description, &r->kind,	    &r->state, &r->found_on,
			      &r->assignee, &r->deadline,    &r->closed_on, &r->uscc,  &r->object_name};
		for (size_t k = 0; k < sizeof(f) / sizeof(*f); k++)
			free(*f[k]);
	}
	free(l->rows);
	memset(l, 0, sizeof(*l));
}

struct steps_walk {
	struct op_session *s;
	struct op_problem_detail *out;
	char *err;
};

static int add_evidence(const struct attachment_ref *a, void *arg)
{
	struct op_problem_step_view *v = arg;
	ALLOC_GROW(v->evidence, v->nevidence + 1, v->alloc);
	v->evidence[v->nevidence++] = (struct op_problem_evidence){dup(a->name), dup(a->sha256), a->size};
	return 0;
}

static int add_step(const struct problem_step_row *p, void *arg)
{
	struct steps_walk *w = arg;
	struct op_problem_detail *o = w->out;
	ALLOC_GROW(o->steps, o->nsteps + 1, o->alloc);
	struct op_problem_step_view *v = &o->steps[o->nsteps++];
	*v = (struct op_problem_step_view){
	    .step = dup(p->step),
	    .on_date = dup(p->on_date),
	    .at = dup(p->at),
	    .actor = dup(p->actor),
	    .role = dup(p->role),
	    .assignee = dup(p->assignee),
	    .deadline = dup(p->deadline),
	    .note = dup(p->note),
	};
	return store_attachments(w->s->st, 0, p->id, add_evidence, v, &w->err) ? -1 : 0;
}

int op_problem_get(struct op_session *s, long id, struct op_problem_detail *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	clock_today(out->one.today);
	long task = 0;
	char *err = NULL;
	struct problem_filter f = {.id = id};
	if (store_problem_each(s->st, &f, problem_task, &task, &err) < 0)
		return op_fail_take(d, OP_ERROR, err, "读取问题失败");
	if (!task)
		return op_fail(d, OP_NOTFOUND, "没有编号为 %ld 的问题", id);
	struct task_info ti;
	if (op_task_get(s, task, ACT_TASK_READ, &ti, d))
		return -1;
	task_info_release(&ti);
	struct problem_walk pw = {s, &out->one, 0};
	struct steps_walk sw = {s, out, NULL};
	if (store_problem_each(s->st, &f, add_problem, &pw, &err) < 0 ||
	    store_problem_steps(s->st, id, add_step, &sw, &err)) {
		op_problem_detail_release(out);
		if (sw.err) {
			free(err);
			err = sw.err;
		}
		return op_fail_take(d, OP_ERROR, err, "读取问题失败");
	}
	return 0;
}

void op_problem_detail_release(struct op_problem_detail *p)
{
	op_problem_list_release(&p->one);
	for (size_t i = 0; i < p->nsteps; i++) {
		struct op_problem_step_view *v = &p->steps[i];
		char **f[] = {&v->step, &v->on_date,  &v->at,	    &v->actor,
			      &v->role, &v->assignee, &v->deadline, &v->note};
		for (size_t k = 0; k < sizeof(f) / sizeof(*f); k++)
			free(*f[k]);
		for (size_t k = 0; k < v->nevidence; k++) {
			free(v->evidence[k].name);
			free(v->evidence[k].sha256);
		}
		free(v->evidence);
	}
	free(p->steps);
	memset(p, 0, sizeof(*p));
}
