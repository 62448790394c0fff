/*
 * This file implements the operator's agenda (op/agenda.h) over the task view and the problems.
 */
#include "op/agenda.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/disclosure.h"
#include "op/authz.h"
#include "op/calendar.h"
#include "op/task.h"
#include "store/problem.h"
#include "util/clock.h"
#include "util/xalloc.h"

struct walk {
	struct op_session *s;
	struct op_agenda *a;
	const struct calendar *cal;
	int mine; /* the operator has a person id: their own team's tasks */
};

static void add(struct op_agenda *a, enum op_agenda_kind k, long id, long task, const char *date,
		int tentative, const char *uscc, const char *name, const char *what)
{
	ALLOC_GROW(a->items, a->n + 1, a->alloc);
	struct op_agenda_item *it = &a->items[a->n++];
	memset(it, 0, sizeof(*it));
	it->kind = k;
	it->id = id;
	it->task_id = task;
	snprintf(it->date, sizeof(it->date), "%s", date);
	it->overdue = strcmp(date, a->today) < 0;
	it->tentative = tentative;
	it->uscc = xstrdup(uscc ? uscc : "");
	it->name = xstrdup(name ? name : "");
	it->what = xstrdup(what ? what : "");
}

/* By when a visit is due: its day (targeted), the last day of its month (a draw's slot), else its creation.
 */
static void visit_by(const struct task *t, char out[11])
{
	if (strlen(t->slot) == 10) {
		snprintf(out, 11, "%s", t->slot);
	} else if (strlen(t->slot) == 7) {
		int y = atoi(t->slot), m = atoi(t->slot + 5), day;
		day = m == 12 ? date_from_ymd(y + 1, 1, 1) : date_from_ymd(y, m + 1, 1);
		if (day > 1)
			date_format(day - 1, out);
		else
			snprintf(out, 11, "%.10s", t->created_at);
	} else {
		snprintf(out, 11, "%.10s", t->created_at);
	}
}

static int task_row(const struct task_view *v, void *arg)
{
	struct walk *w = arg;
	if (*v->cancelled || !op_allowed(w->s, ACT_TASK_READ, 0, &v->task))
		return 0;
	if (w->mine && !op_team_has(v->task.team, w->s->person_id))
		return 0;
	char by[11];
	if (!strcmp(v->task.state, "待检查")) {
		if (!w->mine)
			return 0; /* visits are the inspectors' agenda */
		visit_by(&v->task, by);
		if (strcmp(by, w->a->until) <= 0)
			add(w->a, AGENDA_TASK, v->task.id, v->task.id, by, 0, v->task.uscc, v->object_name,
			    v->task.items);
	} else if (!strcmp(v->task.state, "已检查") && *v->end_date) {
		int tent = 0;
		char *err = NULL;
		if (disclosure_due_date(w->cal, v->end_date, by, &tent, &err)) {
			free(err);
			return 0;
		}
		if (strcmp(by, w->a->until) <= 0)
			add(w->a, AGENDA_DISCLOSURE, v->task.id, v->task.id, by, tent, v->task.uscc,
			    v->object_name, "公开检查结果");
	}
	return 0;
}

static int problem_row(const struct problem_row *p, void *arg)
{
	struct walk *w = arg;
	if (!*p->deadline)
		return 0;
	struct task_info ti;
	char *err = NULL;
	if (task_info_load(w->s->st, p->task_id, &ti, &err)) {
		free(err);
		return 0;
	}
	int ok = op_allowed(w->s, ACT_TASK_READ, 0, &ti.task) &&
		 (!w->mine || op_team_has(ti.task.team, w->s->person_id));
	task_info_release(&ti);
	if (ok)
		add(w->a, AGENDA_PROBLEM, p->id, p->task_id, p->deadline, 0, p->uscc, p->object_name,
		    p->description);
	return 0;
}

static int item_cmp(const void *x, const void *y)
{
	const struct op_agenda_item *a = x, *b = y;
	if (a->overdue != b->overdue)
		return b->overdue - a->overdue;
	int c = strcmp(a->date, b->date);
	if (c)
		return c;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	return a->id < b->id ? -1 : a->id > b->id;
}

int op_agenda(struct op_session *s, int days, struct op_agenda *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_REPORT_READ, 0, NULL, d))
		return -1;
	if (days < 1 || days > 366)
		return op_fail(d, OP_INVALID, "天数应为 1 至 366");
	struct walk w = {.s = s, .a = out, .mine = *s->person_id != 0};
	if (!(w.cal = op_calendar(s, d)))
		return -1;
	clock_today(out->today);
	int t;
	date_parse(out->today, &t, NULL);
	date_format(t + days, out->until);
	char after[11];
	date_format(t + days + 1, after);
	char *err = NULL;
	struct task_view_filter tf = {0};
	struct problem_filter pf = {.open_only = 1, .overdue_on = after};
	if (store_task_view_each(s->st, &tf, task_row, &w, &err) < 0 ||
	    store_problem_each(s->st, &pf, problem_row, &w, &err) < 0) {
		op_agenda_release(out);
		return op_fail_take(d, OP_ERROR, err, "读取待办失败");
	}
	if (out->n)
		qsort(out->items, out->n, sizeof(*out->items), item_cmp);
	return 0;
}

void op_agenda_release(struct op_agenda *a)
{
	for (size_t i = 0; i < a->n; i++) {
		free(a->items[i].uscc);
		free(a->items[i].name);
		free(a->items[i].what);
	}
	free(a->items);
	a->items = NULL;
	a->n = a->alloc = 0;
}
