/*
 * This file implements Article 9's disclosure operations (op/disclosure.h).
 */
#include "op/disclosure.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/disclosure.h"
#include "core/result.h"
#include "core/utf8.h"
#include "op/authz.h"
#include "op/calendar.h"
#include "op/public-record.h"
#include "op/task.h"
#include "util/clock.h"
#include "util/xalloc.h"

int op_disclose(struct op_session *s, const struct op_disclose_args *a, struct op_disclose_out *out,
		struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct task_info ti;
	if (op_task_get(s, a->task_id, a->withhold ? ACT_DISCLOSURE_WITHHOLD : ACT_DISCLOSURE_PUBLISH, &ti,
			d))
		return -1;
	int rc = -1, day;
	char today[11];
	clock_today(today);
	const char *date = a->date ? a->date : today;
	char *err = NULL;
	if (a->withhold && !result_withhold_reason_valid(a->reason)) {
		op_fail(d, OP_INVALID,
			"不予公开的理由应为 涉及国家秘密、涉及国家安全 或 "
			"涉及公共安全（《规范》第九条），而不是“%s”",
			a->reason ? a->reason : "");
	} else if (a->withhold && (!a->note || !*a->note || strlen(a->note) > 2000)) {
		op_fail(d, OP_INVALID, "不予公开须写明说明（note），且不超过2000字节");
	} else if (a->withhold && utf8_has_control(a->note, strlen(a->note))) {
		op_fail(d, OP_INVALID, "不予公开的说明不能含有控制字符");
	} else if (!a->withhold && (a->reason || a->note)) {
		op_fail(d, OP_INVALID, "理由和说明只用于不予公开（withhold）");
	} else if (date_parse(date, &day, &err)) {
		op_fail(d, OP_INVALID, "公开日期: %s", err ? err : "");
		free(err);
	} else if (strcmp(date, today) > 0) {
		op_fail(d, OP_INVALID, "公开日期 %s 晚于今天（%s）", date, today);
	} else if (*ti.end_date && strcmp(date, ti.end_date) < 0) {
		op_fail(d, OP_INVALID, "任务 %ld: 公开日期 %s 早于检查结束日期 %s", ti.task.id, date,
			ti.end_date);
	} else {
		char now[26];
		clock_now(now);
		op_session_roles(s, out->role, sizeof(out->role));
		char *record = a->withhold || !ti.result_id ? NULL : op_public_record(s->st, &ti, date, NULL);
		struct disclosure_row row = {
		    .task_id = ti.task.id,
		    .result_id = ti.result_id,
		    .decision = a->withhold ? DISCLOSE_WITHHOLD : DISCLOSE_PUBLISH,
		    .on_date = date,
		    .reason = a->reason,
		    .note = a->note,
		    .record = record,
		    .at = now,
		    .actor = s->name,
		    .role = out->role,
		};
		int r = store_disclosure_record(s->st, &row, &err);
		free(record);
		if (r) {
			op_fail_take(d, r > 0 ? OP_CONFLICT : OP_ERROR, err, "操作失败");
		} else {
			rc = 0;
			snprintf(out->object_name, sizeof(out->object_name), "%s", ti.object_name);
			snprintf(out->date, sizeof(out->date), "%s", date);
			struct op_diag cd = OP_DIAG_INIT;
			const struct calendar *cal = op_calendar(s, &cd);
			if (cal && *ti.end_date &&
			    !disclosure_due_date(cal, ti.end_date, out->due, &out->tentative, &err))
				out->on_time = strcmp(date, out->due) <= 0;
			else
				out->due[0] = 0;
			free(err);
			op_diag_release(&cd);
		}
	}
	task_info_release(&ti);
	return rc;
}

/* The outcome's wording of Article 9 from its stored key. */
static void outcome_wording(const char *key, char *out, size_t n)
{
	const struct result_outcome_info *o = key && *key ? result_outcome_by_key(key) : NULL;
	snprintf(out, n, "%s", o ? o->wording : key ? key : "");
}

struct due_walk {
	struct op_due_list *l;
	const struct calendar *cal;
};

static int due_row(const struct task_view *v, void *arg)
{
	struct due_walk *w = arg;
	struct op_due_list *l = w->l;
	ALLOC_GROW(l->rows, l->n + 1, l->alloc);
	struct op_due_row *r = &l->rows[l->n++];
	memset(r, 0, sizeof(*r));
	r->task_id = v->task.id;
	r->unit_id = v->task.unit_id ? v->task.unit_id : 1;
	outcome_wording(v->outcome, r->outcome, sizeof(r->outcome));
	snprintf(r->uscc, sizeof(r->uscc), "%s", v->task.uscc);
	snprintf(r->name, sizeof(r->name), "%s", v->object_name);
	snprintf(r->end_date, sizeof(r->end_date), "%s", v->end_date);
	char *err = NULL;
	if (disclosure_due_date(w->cal, v->end_date, r->due, &r->tentative, &err)) {
		snprintf(r->problem, sizeof(r->problem), "%s", err ? err : "无法计算");
		r->due[0] = 0;
	}
	free(err);
	return 0;
}

static int due_cmp(const void *a, const void *b)
{
	const struct op_due_row *x = a, *y = b;
	int c = strcmp(*x->due ? x->due : "9999", *y->due ? y->due : "9999");
	return c ? c : (x->task_id < y->task_id ? -1 : x->task_id > y->task_id);
}

int op_disclosure_due(struct op_session *s, int within, long unit_id, struct op_due_list *out,
		      struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_REPORT_READ, 0, NULL, d))
		return -1;
	struct due_walk w = {.l = out};
	if (!(w.cal = op_calendar(s, d)))
		return -1;
	clock_today(out->today);
	char *err = NULL;
	int tent;
	if (within >= 0 && disclosure_workdays_after(w.cal, out->today, within, out->limit, &tent, &err))
		return op_fail_take(d, OP_INVALID, err, "无法计算截止范围");
	struct op_task_filter f = {.state = "已检查", .unit_id = unit_id};
	struct op_task_list_result lr;
	if (op_task_list(s, &f, due_row, &w, &lr, d)) {
		op_due_list_release(out);
		return -1;
	}
	out->hidden = lr.hidden;
	out->team_only = op_scope_of(s->roles, ACT_TASK_READ) == SCOPE_TEAM;
	size_t k = 0;
	for (size_t i = 0; i < out->n; i++) {
		struct op_due_row *r = &out->rows[i];
		if (within >= 0 && *r->due && strcmp(r->due, out->limit) > 0)
			continue;
		if (*r->due && strcmp(out->today, r->due) > 0) {
			out->late++;
			disclosure_workdays_between(w.cal, r->due, out->today, &r->late_days, &tent, &err);
		} else if (*r->due && !strcmp(out->today, r->due)) {
			out->due_today++;
		} else if (*r->due) {
			disclosure_workdays_between(w.cal, out->today, r->due, &r->left_days, &tent, &err);
		}
		free(err);
		err = NULL;
		out->rows[k++] = *r;
	}
	out->n = k;
	if (out->n)
		qsort(out->rows, out->n, sizeof(*out->rows), due_cmp);
	return 0;
}

void op_due_list_release(struct op_due_list *l)
{
	free(l->rows);
	l->rows = NULL;
	l->n = l->alloc = 0;
}

struct decisions {
	struct op_session *s;
	int year;
	long unit_id;
	const struct calendar *cal;
	struct op_decision_list *out;
	char *err;
};

static int add_decision(const struct disclosure_row *dr, void *arg)
{
	struct decisions *w = arg;
	struct task_info ti;
	char *err = NULL;
	int rc = task_info_load(w->s->st, dr->task_id, &ti, &err);
	if (rc) {
		free(err); /* a decision without its task: nothing to show */
		return 0;
	}
	long unit = ti.task.unit_id ? ti.task.unit_id : 1;
	if ((w->year && atoi(ti.end_date) != w->year) || (w->unit_id && unit != w->unit_id) ||
	    !op_allowed(w->s, ACT_TASK_READ, 0, &ti.task)) {
		task_info_release(&ti);
		return 0;
	}
	struct op_decision_list *l = w->out;
	ALLOC_GROW(l->rows, l->n + 1, l->alloc);
	struct op_decision_row *r = &l->rows[l->n++];
	memset(r, 0, sizeof(*r));
	r->task_id = dr->task_id;
	r->unit_id = unit;
	outcome_wording(ti.outcome, r->outcome, sizeof(r->outcome));
	snprintf(r->decision, sizeof(r->decision), "%s", dr->decision);
	snprintf(r->on_date, sizeof(r->on_date), "%s", dr->on_date);
	snprintf(r->end_date, sizeof(r->end_date), "%s", ti.end_date);
	snprintf(r->uscc, sizeof(r->uscc), "%s", ti.task.uscc);
	snprintf(r->name, sizeof(r->name), "%s", ti.object_name);
	if (dr->reason && *dr->reason) {
		snprintf(r->reason, sizeof(r->reason), "%s", dr->reason);
		snprintf(r->actor, sizeof(r->actor), "%s", dr->actor ? dr->actor : "");
		snprintf(r->role, sizeof(r->role), "%s", dr->role ? dr->role : "");
	}
	if (!strcmp(dr->decision, DISCLOSE_PUBLISH) && w->cal) {
		if (disclosure_due_date(w->cal, ti.end_date, r->due, &r->tentative, &err)) {
			free(err);
			r->due[0] = 0;
		} else if (strcmp(dr->on_date, r->due) <= 0) {
			r->timing = 1;
			l->on_time++;
		} else {
			r->timing = 2;
			l->late++;
		}
	}
	task_info_release(&ti);
	return 0;
}

int op_disclosure_list(struct op_session *s, int year, long unit_id, struct op_decision_list *out,
		       struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_REPORT_READ, 0, NULL, d))
		return -1;
	if (unit_id && op_scope_of(s->roles, ACT_TASK_READ) != SCOPE_ALL &&
	    !op_unit_within(s, unit_id, s->own.id))
		return op_fail(d, OP_DENIED, "无权限：%s（%s）不能查看其他单位的检查任务", s->name,
			       s->own.name);
	struct op_diag cd = OP_DIAG_INIT;
	struct decisions w = {.s = s, .year = year, .unit_id = unit_id, .out = out};
	w.cal = op_calendar(s, &cd); /* without a calendar no due date: timing left undetermined */
	op_diag_release(&cd);
	char *err = NULL;
	if (store_disclosure_each(s->st, NULL, add_decision, &w, &err)) {
		op_decision_list_release(out);
		return op_fail_take(d, OP_ERROR, err, "读取公开决定失败");
	}
	return 0;
}

void op_decision_list_release(struct op_decision_list *l)
{
	free(l->rows);
	memset(l, 0, sizeof(*l));
}
