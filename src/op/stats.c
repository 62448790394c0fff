/*
 * This file implements the year's statistics (op/stats.h).
 *
 * A task belongs to year Y when its plan year is Y, or, without a plan year (targeted inspections),
 * when it was created in Y. Cancelled tasks are left out. A task counts when the operator may read
 * reports of its unit (and, with a unit chosen, when it is that unit's). The directory is taken as of
 * 31 December of Y (or today, during Y); deregistered objects do not count.
 */
#include "op/stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/disclosure.h"
#include "core/plan.h"
#include "core/region.h"
#include "core/units.h"
#include "op/authz.h"
#include "op/calendar.h"
#include "op/plan.h"
#include "store/directory.h"
#include "store/problem.h"
#include "store/result.h"
#include "store/unit.h"
#include "util/clock.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct walk {
	struct op_session *s;
	struct stats *out;
	long unit;			/* 0: every unit readable */
	const struct unit_juris *juris; /* every unit's jurisdiction: the unit of a directory object */
	size_t njuris;
	const struct calendar *cal;
	struct strmap drawn, inspected; /* uscc → 1, random tasks of the year */
	long *ids;			/* the counted tasks, ascending */
	size_t nids, alloc;
};

static struct stats_count *group_get(struct stats_group *g, const char *key)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->c[i].key, key))
			return &g->c[i];
	ALLOC_GROW(g->c, g->n + 1, g->alloc);
	struct stats_count *c = &g->c[g->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->key, sizeof(c->key), "%s", key);
	return c;
}

static int counts_cmp(const void *a, const void *b)
{
	return strcmp(((const struct stats_count *)a)->key, ((const struct stats_count *)b)->key);
}

static int class_index(const char *klass)
{
	for (int i = 0; i < 3; i++)
		if (!strcmp(klass, stats_classes[i]))
			return i;
	return -1;
}

/* The statistics' unit "id" (0: the top unit), NULL when not one of them. */
static struct stats_unit *unit_of_id(struct stats *s, long id)
{
	for (size_t i = 0; i < s->nunits; i++)
		if (s->units[i].id == (id ? id : 1))
			return &s->units[i];
	return NULL;
}

/* An object of the directory, counted when its unit is one of the statistics' units (as its tasks are). */
static int count_directory(const struct dir_entry *e, void *arg)
{
	struct walk *w = arg;
	int ci = dirkind_field_index(&dir_objects, "class"), ri = dirkind_field_index(&dir_objects, "region"),
	    si = dirkind_field_index(&dir_objects, "status");
	if (!strcmp(e->vals[si], "注销"))
		return 0;
	struct plan_object o;
	plan_object_view(e->vals, &o);
	long u = unit_of(w->juris, w->njuris, o.region, unit_city_key(o.klass, o.city_managed ? "是" : "否"));
	if (!unit_of_id(w->out, u))
		return 0;
	group_get(&w->out->klass, e->vals[ci])->directory++;
	group_get(&w->out->region, e->vals[ri])->directory++;
	return 0;
}

static int in_year(int year, const struct task *t)
{
	char y[8];
	snprintf(y, sizeof(y), "%04d", year);
	return t->plan_year ? t->plan_year == year : !strncmp(t->created_at, y, 4);
}

static void count_people(struct stats *s, const char *team, int done)
{
	for (const char *p = team; p && *p;) {
		const char *q = strstr(p, "、");
		char *id = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		struct stats_count *c = group_get(&s->people, id);
		c->tasks++;
		c->done += done;
		free(id);
		p = q ? q + strlen("、") : NULL;
	}
}

/* A task of the year that the operator may count (report.read on its unit; the chosen unit's). */
static int counted(struct walk *w, const struct task *t)
{
	long u = t->unit_id ? t->unit_id : 1;
	return in_year(w->out->year, t) && (!w->unit || u == w->unit) &&
	       op_allowed(w->s, ACT_REPORT_READ, u, NULL);
}

static int count_task(const struct task_view *v, void *arg)
{
	struct walk *w = arg;
	struct stats *s = w->out;
	if (!counted(w, &v->task))
		return 0;
	ALLOC_GROW(w->ids, w->nids + 1, w->alloc);
	w->ids[w->nids++] = v->task.id;
	int random = !strcmp(v->task.kind, "random");
	int done = v->result_id != 0;
	struct stats_unit *u = unit_of_id(s, v->task.unit_id);
	if (u) {
		u->random += random;
		u->targeted += !random;
		u->inspected += done;
		u->problems += v->problems;
		u->published += !strcmp(v->decision, "公开");
	}
	struct stats_kind *k = random ? &s->random : &s->targeted;
	k->tasks++;
	k->inspected += done;
	k->problems += v->problems;
	k->with_problems += v->problems > 0;
	s->penalties += v->penalties;
	count_people(s, v->task.team, done);
	if (random) {
		/* the random inspections of the year per class (家次), against the plan's minimums */
		const char *klass = *v->klass ? v->klass : "（名录外）";
		group_get(&s->klass, klass)->tasks++;
		int ci = class_index(klass);
		if (ci >= 0) {
			s->random_by_class[ci]++;
			if (u) {
				u->random_by_class[ci]++;
				u->inspected_by_class[ci] += done;
			}
		}
		if (!strmap_get(&w->drawn, v->task.uscc)) {
			strmap_put(&w->drawn, v->task.uscc, (void *)1);
			group_get(&s->klass, klass)->drawn++;
			group_get(&s->region, *v->region ? v->region : "（名录外）")->drawn++;
		}
		if (done && !strmap_get(&w->inspected, v->task.uscc)) {
			strmap_put(&w->inspected, v->task.uscc, (void *)1);
			group_get(&s->klass, klass)->inspected++;
			group_get(&s->region, *v->region ? v->region : "（名录外）")->inspected++;
		}
	}
	if (!done)
		return 0;
	s->results++;
	char due[11];
	char *err = NULL;
	int tent = 0;
	int have_due = w->cal && !disclosure_due_date(w->cal, v->end_date, due, &tent, &err);
	free(err);
	if (!strcmp(v->decision, "公开")) {
		s->published++;
		if (!have_due)
			s->undetermined++;
		else if (strcmp(v->decided_on, due) <= 0)
			s->on_time++, u ? u->on_time++ : 0;
		else
			s->late++, u ? u->late++ : 0;
	} else if (!strcmp(v->decision, "不予公开")) {
		s->withheld++;
	} else {
		s->pending++;
		if (have_due && strcmp(s->today, due) > 0)
			s->pending_late++;
	}
	return 0;
}

static int id_in(const struct walk *w, long id)
{
	size_t lo = 0, hi = w->nids;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (w->ids[mid] == id)
			return 1;
		if (w->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int ids_cmp(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* problems of the year's counted tasks */
static int count_problem(const struct problem_row *p, void *arg)
{
	struct walk *w = arg;
	struct stats *s = w->out;
	if (!id_in(w, p->task_id))
		return 0;
	s->problems++;
	for (int i = 0; i < 4; i++)
		if (!strcmp(p->state, stats_problem_states[i]))
			s->problem_state[i]++;
	if (!strcmp(p->state, "销号")) {
		s->closed++;
	} else {
		s->open++;
		if (*p->deadline && strcmp(p->deadline, s->today) < 0)
			s->overdue++;
	}
	return 0;
}

static const char *const class_of[A7_NRULES] = {"重点", "重点", "一般", "特殊"};

/*
 * Unit "unit"'s year against its current plan (Article 7, its level's rule and its own staff). Without a
 * plan, p->has stays 0 and p->min holds Article 7's minimums from the unit's directory as of "as_of"
 * (what it must inspect, plan or not; nothing planned).
 */
static int plan_figures(struct op_session *s, long unit, int year, const char *as_of, struct stats_plan *p,
			struct op_diag *d)
{
	struct op_plan_check pc;
	char *err = NULL;
	memset(p, 0, sizeof(*p));
	int has = op_plan_check_unit(s->st, unit, year, 0, NULL, &pc, &err);
	if (has < 0)
		return op_fail_take(d, OP_ERROR, err, "读取年度计划失败");
	free(err);
	err = NULL;
	if (!has) {
		struct a7_result r;
		if (op_plan_minimums_unit(s->st, unit, as_of, &r, &err))
			return op_fail_take(d, OP_ERROR, err, "按第七条计算最低抽查要求失败");
		for (int i = 0; i < A7_NRULES; i++) {
			snprintf(p->min[i].rule, sizeof(p->min[i].rule), "%s", r.min[i].rule);
			snprintf(p->min[i].zh, sizeof(p->min[i].zh), "%s", r.min[i].zh);
			p->min[i].klass = class_of[i];
			p->min[i].applies = r.min[i].applies;
			p->min[i].required = r.min[i].required;
		}
		a7_result_release(&r);
		return 0;
	}
	p->has = 1;
	p->version = pc.v.version;
	p->ok = pc.r.ok;
	snprintf(p->as_of, sizeof(p->as_of), "%s", pc.as_of);
	for (int i = 0; i < A7_NRULES; i++) {
		const struct a7_minimum *m = &pc.r.min[i];
		snprintf(p->min[i].rule, sizeof(p->min[i].rule), "%s", m->rule);
		snprintf(p->min[i].zh, sizeof(p->min[i].zh), "%s", m->zh);
		p->min[i].klass = class_of[i];
		p->min[i].applies = m->applies;
		p->min[i].required = m->required;
		p->min[i].planned = m->planned;
		p->min[i].shortfall = m->shortfall;
	}
	op_plan_check_release(&pc);
	return 0;
}

/*
 * A unit's coverage against Article 7 per class: the minimums of the applicable rules of the class (two
 * rules for 重点; from its plan, or from its directory without one), the planned figures of its plan, the
 * random tasks of the year and those inspected.
 */
static void cover_unit(struct stats_unit *u)
{
	u->has_plan = u->plan.has;
	memset(u->cover, 0, sizeof(u->cover));
	for (int c = 0; c < 3; c++) {
		for (int r = 0; r < A7_NRULES; r++)
			if (u->plan.min[r].applies && !strcmp(u->plan.min[r].klass, stats_classes[c])) {
				u->cover[c].required += u->plan.min[r].required;
				u->cover[c].planned += u->plan.min[r].planned;
			}
		u->cover[c].drawn = u->random_by_class[c];
		u->cover[c].inspected = u->inspected_by_class[c];
	}
	u->cover_all = (struct stats_cover){0};
	for (int c = 0; c < 3; c++) {
		u->cover_all.required += u->cover[c].required;
		u->cover_all.planned += u->cover[c].planned;
		u->cover_all.drawn += u->cover[c].drawn;
		u->cover_all.inspected += u->cover[c].inspected;
	}
}

static void add_unit(struct stats_unit *t, const struct stats_unit *u)
{
	t->random += u->random;
	t->targeted += u->targeted;
	t->inspected += u->inspected;
	t->published += u->published;
	t->on_time += u->on_time;
	t->late += u->late;
	t->problems += u->problems;
	for (int i = 0; i < 3; i++) {
		t->random_by_class[i] += u->random_by_class[i];
		t->inspected_by_class[i] += u->inspected_by_class[i];
		t->cover[i].required += u->cover[i].required;
		t->cover[i].planned += u->cover[i].planned;
		t->cover[i].drawn += u->cover[i].drawn;
		t->cover[i].inspected += u->cover[i].inspected;
	}
	t->cover_all.required += u->cover_all.required;
	t->cover_all.planned += u->cover_all.planned;
	t->cover_all.drawn += u->cover_all.drawn;
	t->cover_all.inspected += u->cover_all.inspected;
	t->has_plan |= u->has_plan;
}

int op_stats(struct op_session *s, int year, long unit, struct stats *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	out->year = year;
	clock_today(out->today);
	int this_year = atoi(out->today);
	if (year < 2000 || year > this_year + 1)
		return op_fail_at(d, OP_INVALID, "year",
				  "年度 %d 超出范围：统计只能是 2000 年至 %d 年（明年）之间的年度", year,
				  this_year + 1);
	if (op_authorize(s, ACT_REPORT_READ, unit, NULL, d))
		return -1;
	snprintf(out->as_of, sizeof(out->as_of), "%04d-12-31", year % 10000);
	if (strcmp(out->as_of, out->today) > 0)
		memcpy(out->as_of, out->today, sizeof(out->as_of));
	struct walk w = {.s = s, .out = out, .unit = unit};
	struct op_diag cd = OP_DIAG_INIT;
	w.cal =
	    op_calendar(s, &cd); /* without a calendar no due date can be computed: counted undetermined */
	op_diag_release(&cd);
	strmap_init(&w.drawn);
	strmap_init(&w.inspected);
	char *err = NULL;
	int rc = -1;
	struct unit *units = NULL;
	struct unit_juris *juris = NULL;
	size_t nunits = 0;
	if (store_unit_list(s->st, &units, &nunits, &err)) {
		op_fail_take(d, OP_ERROR, err, "读取单位失败");
		goto out;
	}
	out->units = xcalloc(nunits + 1, sizeof(*out->units));
	juris = xcalloc(nunits + 1, sizeof(*juris));
	for (size_t i = 0; i < nunits; i++) {
		juris[i] = (struct unit_juris){units[i].id, units[i].parent, units[i].regions};
		if ((!unit || units[i].id == unit) && op_allowed(s, ACT_REPORT_READ, units[i].id, NULL)) {
			struct stats_unit *u = &out->units[out->nunits++];
			u->id = units[i].id;
			snprintf(u->name, sizeof(u->name), "%s", units[i].name);
		}
	}
	w.juris = juris;
	w.njuris = nunits;
	if (store_dir_each(s->st, &dir_objects, out->as_of, 0, count_directory, &w, &err) ||
	    store_task_view_each(s->st, NULL, count_task, &w, &err)) {
		op_fail_take(d, OP_ERROR, err, "统计失败");
		goto out;
	}
	if (w.nids)
		qsort(w.ids, w.nids, sizeof(*w.ids), ids_cmp);
	if (store_problem_each(s->st, NULL, count_problem, &w, &err) < 0) {
		op_fail_take(d, OP_ERROR, err, "统计失败");
		goto out;
	}
	for (size_t i = 0; i < out->nunits; i++) {
		if (plan_figures(s, out->units[i].id, year, out->as_of, &out->units[i].plan, d))
			goto out;
		cover_unit(&out->units[i]);
		add_unit(&out->total, &out->units[i]);
	}
	if (plan_figures(s, unit ? unit : s->unit.id, year, out->as_of, &out->plan, d))
		goto out;
	/* qsort must not be handed the NULL of an empty group (UBSan: nonnull argument) */
	struct stats_group *groups[] = {&out->klass, &out->region, &out->people};
	for (int g = 0; g < 3; g++)
		if (groups[g]->n)
			qsort(groups[g]->c, groups[g]->n, sizeof(*groups[g]->c), counts_cmp);
	for (size_t i = 0; i < out->region.n; i++) {
		const struct region *r = region_find(out->region.c[i].key);
		snprintf(out->region.c[i].name, sizeof(out->region.c[i].name), "%s",
			 r ? r->name : out->region.c[i].key);
	}
	for (size_t i = 0; i < out->people.n; i++) {
		char *name = store_dir_current_value(s->st, &dir_people, out->people.c[i].key, "name");
		snprintf(out->people.c[i].name, sizeof(out->people.c[i].name), "%s", name ? name : "");
		free(name);
	}
	rc = 0;
out:
	strmap_free(&w.drawn);
	strmap_free(&w.inspected);
	free(w.ids);
	free(juris);
	free(units);
	if (rc)
		op_stats_release(out);
	return rc;
}

void op_stats_release(struct stats *st)
{
	free(st->klass.c);
	free(st->region.c);
	free(st->people.c);
	free(st->units);
	memset(st, 0, sizeof(*st));
}
