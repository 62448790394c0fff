/*
 * This file implements "suiji stats --year 年份 [--json]": the year at a glance — coverage of the object
 * directory per class and region (objects drawn and inspected against the directory), the year against
 * its plan's Article 7 minimums (required, planned, drawn so far per class), problems found
 * and closed, disclosure on time and late, targeted against random inspections, and the load per
 * inspector.
 *
 * A task belongs to year Y when its plan year is Y, or, without a plan year (targeted inspections),
 * when it was created in Y. Cancelled tasks are left out. The directory is taken as of 31 December of
 * Y (or today, during Y); deregistered objects do not count.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/authz.h"
#include "cmd/cmd.h"
#include "cmd/inspection.h"
#include "cmd/plan-check.h"
#include "core/region.h"
#include "op/authz.h"
#include "store/directory.h"
#include "store/problem.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static const char usage_text[] = "用法: suiji stats --year 年份 [--json]";

/* counters of one group (a class, a region, a person) */
struct counts {
	char key[64];
	long directory, drawn, inspected, tasks, done;
};

struct group {
	struct counts *c;
	size_t n, alloc;
};

static struct counts *group_get(struct group *g, const char *key)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->c[i].key, key))
			return &g->c[i];
	ALLOC_GROW(g->c, g->n + 1, g->alloc);
	struct counts *c = &g->c[g->n++];
	memset(c, 0, sizeof(*c));
	snprintf(c->key, sizeof(c->key), "%s", key);
	return c;
}

static int counts_cmp(const void *a, const void *b)
{
	return strcmp(((const struct counts *)a)->key, ((const struct counts *)b)->key);
}

struct kind_counts {
	long tasks, inspected, problems, with_problems;
};

/* one unit's figures (谁检查、谁公开: each unit answers for its own tasks) */
struct unit_figures {
	long id;
	char name[256];
	long random, targeted, inspected, published, on_time, late, problems;
};

struct stats {
	struct unit_figures *units; /* every unit, in unit order; the city's total is their sum */
	size_t nunits;
	struct ctx *ctx;
	struct store *st;
	int year;
	char today[11];
	struct group klass, region, people;
	struct strmap drawn, inspected; /* uscc → 1, random tasks of the year */
	struct kind_counts random, targeted;
	long results, published, on_time, late, withheld, pending, pending_late, undetermined;
	long problems, closed, open, overdue;
	long penalties;
};

static void add_unit(struct unit_figures *t, const struct unit_figures *u)
{
	t->random += u->random;
	t->targeted += u->targeted;
	t->inspected += u->inspected;
	t->published += u->published;
	t->on_time += u->on_time;
	t->late += u->late;
	t->problems += u->problems;
}

static json_t *unit_json(const struct unit_figures *u)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "random", (json_int_t)u->random, "targeted",
			      (json_int_t)u->targeted, "inspected", (json_int_t)u->inspected, "published",
			      (json_int_t)u->published, "on_time", (json_int_t)u->on_time, "late", (json_int_t)u->late,
			      "problems", (json_int_t)u->problems);
	if (*u->name)
		json_object_set_new(o, "unit", json_string(u->name));
	return o;
}

static int count_directory(const struct dir_entry *e, void *arg)
{
	struct stats *s = arg;
	int ci = dirkind_field_index(&dir_objects, "class"), ri = dirkind_field_index(&dir_objects, "region"),
	    si = dirkind_field_index(&dir_objects, "status");
	if (!strcmp(e->vals[si], "注销"))
		return 0;
	group_get(&s->klass, e->vals[ci])->directory++;
	group_get(&s->region, e->vals[ri])->directory++;
	return 0;
}

static int in_year(const struct stats *s, const struct task *t)
{
	char y[8];
	snprintf(y, sizeof(y), "%04d", s->year);
	return t->plan_year ? t->plan_year == s->year : !strncmp(t->created_at, y, 4);
}

static void count_people(struct stats *s, const char *team, int done)
{
	for (const char *p = team; p && *p;) {
		const char *q = strstr(p, "、");
		char *id = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		struct counts *c = group_get(&s->people, id);
		c->tasks++;
		c->done += done;
		free(id);
		p = q ? q + strlen("、") : NULL;
	}
}

static struct unit_figures *unit_of(struct stats *s, long id)
{
	for (size_t i = 0; i < s->nunits; i++)
		if (s->units[i].id == (id ? id : 1))
			return &s->units[i];
	return NULL;
}

/* A task of the year that the operator may count (report.read on its unit). */
static int counted(const struct stats *s, const struct task *t)
{
	return in_year(s, t) && op_allowed(s->ctx->session, ACT_REPORT_READ, t->unit_id ? t->unit_id : 1, NULL);
}

static int count_task(const struct task_view *v, void *arg)
{
	struct stats *s = arg;
	if (!counted(s, &v->task))
		return 0;
	struct unit_figures *u = unit_of(s, v->task.unit_id);
	if (u) {
		u->random += !strcmp(v->task.kind, "random");
		u->targeted += strcmp(v->task.kind, "random") != 0;
		u->inspected += v->result_id != 0;
		u->problems += v->problems;
		u->published += !strcmp(v->decision, "公开");
	}
	int random = !strcmp(v->task.kind, "random");
	int done = v->result_id != 0;
	struct kind_counts *k = random ? &s->random : &s->targeted;
	k->tasks++;
	k->inspected += done;
	k->problems += v->problems;
	k->with_problems += v->problems > 0;
	s->penalties += v->penalties;
	count_people(s, v->task.team, done);
	if (random) {
		/* the random inspections of the year per class (家次), against the plan's minimums */
		group_get(&s->klass, *v->klass ? v->klass : "（名录外）")->tasks++;
		if (!strmap_get(&s->drawn, v->task.uscc)) {
			strmap_put(&s->drawn, v->task.uscc, (void *)1);
			group_get(&s->klass, *v->klass ? v->klass : "（名录外）")->drawn++;
			group_get(&s->region, *v->region ? v->region : "（名录外）")->drawn++;
		}
		if (done && !strmap_get(&s->inspected, v->task.uscc)) {
			strmap_put(&s->inspected, v->task.uscc, (void *)1);
			group_get(&s->klass, *v->klass ? v->klass : "（名录外）")->inspected++;
			group_get(&s->region, *v->region ? v->region : "（名录外）")->inspected++;
		}
	}
	if (!done)
		return 0;
	s->results++;
	char due[11];
	char *err = NULL;
	int tent = 0;
	int have_due = !disclosure_due(s->ctx, v->end_date, due, &tent, &err);
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

static int count_problem(const struct problem_row *p, void *arg)
{
	struct stats *s = arg;
	s->problems++;
	if (!strcmp(p->state, "销号")) {
		s->closed++;
	} else {
		s->open++;
		if (*p->deadline && strcmp(p->deadline, s->today) < 0)
			s->overdue++;
	}
	return 0;
}

/* problems of the year's tasks: the walk over tasks collected their ids */
struct task_ids {
	long *ids;
	size_t n, alloc;
	struct stats *s;
};

static int collect_ids(const struct task_view *v, void *arg)
{
	struct task_ids *t = arg;
	if (!counted(t->s, &v->task))
		return 0;
	ALLOC_GROW(t->ids, t->n + 1, t->alloc);
	t->ids[t->n++] = v->task.id;
	return 0;
}

static int id_in(const struct task_ids *t, long id)
{
	size_t lo = 0, hi = t->n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (t->ids[mid] == id)
			return 1;
		if (t->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

struct problem_walk {
	struct task_ids *ids;
	struct stats *s;
};

static int problem_of_year(const struct problem_row *p, void *arg)
{
	struct problem_walk *w = arg;
	return id_in(w->ids, p->task_id) ? count_problem(p, w->s) : 0;
}

static double pct(long a, long b)
{
	return b ? 100.0 * (double)a / (double)b : 0.0;
}

static const char *region_label(const char *code)
{
	const struct region *r = region_find(code);
	return r ? r->name : code;
}

static json_t *group_json(const struct group *g, int with_dir, int names)
{
	json_t *a = json_array();
	for (size_t i = 0; i < g->n; i++) {
		const struct counts *c = &g->c[i];
		json_t *o = json_object();
		json_object_set_new(o, "key", json_string(c->key));
		if (names)
			json_object_set_new(o, "name", json_string(region_label(c->key)));
		if (with_dir) {
			json_object_set_new(o, "directory", json_integer(c->directory));
			json_object_set_new(o, "drawn", json_integer(c->drawn));
			json_object_set_new(o, "inspected", json_integer(c->inspected));
		} else {
			json_object_set_new(o, "tasks", json_integer(c->tasks));
			json_object_set_new(o, "inspected", json_integer(c->done));
		}
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *kind_json(const struct kind_counts *k)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "tasks", (json_int_t)k->tasks, "inspected", (json_int_t)k->inspected,
			 "problems", (json_int_t)k->problems, "with_problems", (json_int_t)k->with_problems);
}

static void print_group(const char *title, const struct group *g, int regions)
{
	printf("\n【%s】\n", title);
	printf("  %-16s %8s %8s %8s %8s\n", "", "名录", "抽中", "已检查", "覆盖率");
	for (size_t i = 0; i < g->n; i++) {
		const struct counts *c = &g->c[i];
		printf("  %-16s %8ld %8ld %8ld %7.1f%%\n", regions ? region_label(c->key) : c->key, c->directory,
		       c->drawn, c->inspected, pct(c->inspected, c->directory));
	}
}

/* Random tasks of the year on objects of class "klass" (家次). */
static long class_tasks(const struct stats *s, const char *klass)
{
	for (size_t i = 0; i < s->klass.n; i++)
		if (!strcmp(s->klass.c[i].key, klass))
			return s->klass.c[i].tasks;
	return 0;
}

/*
 * The year against its plan (Article 7): for each minimum, what the regulation requires, what the
 * current plan version certainly inspects, and the random inspections drawn so far in the class.
 * Returns NULL when the year has no plan.
 */
static json_t *against_plan(const struct stats *s, char **err)
{
	struct plan_check pc;
	int has = plan_check_run(s->st, s->year, 0, NULL, &pc, err);
	if (has <= 0)
		return NULL;
	static const char *const class_of[A7_NRULES] = {"重点", "重点", "一般", "特殊"};
	json_t *j = json_object(), *rules = json_array();
	json_object_set_new(j, "plan_version", json_integer(pc.v.version));
	json_object_set_new(j, "as_of", json_string(pc.as_of));
	for (int i = 0; i < A7_NRULES; i++) {
		const struct a7_minimum *m = &pc.r.min[i];
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_string(m->rule));
		json_object_set_new(o, "zh", json_string(m->zh));
		json_object_set_new(o, "applies", json_boolean(m->applies));
		json_object_set_new(o, "required", json_integer(m->required));
		json_object_set_new(o, "planned", json_integer(m->planned));
		json_object_set_new(o, "shortfall", json_integer(m->shortfall));
		json_object_set_new(o, "class", json_string(class_of[i]));
		json_array_append_new(rules, o);
	}
	json_object_set_new(j, "minimums", rules);
	json_t *drawn = json_object();
	for (int i = 0; i < 3; i++) {
		static const char *const classes[] = {"重点", "一般", "特殊"};
		json_object_set_new(drawn, classes[i], json_integer(class_tasks(s, classes[i])));
	}
	json_object_set_new(j, "random_tasks_by_class", drawn);
	json_object_set_new(j, "ok", json_boolean(pc.r.ok));
	plan_check_release(&pc);
	return j;
}

static void print_against_plan(const json_t *j)
{
	printf("\n【对照年度计划（第七条，计划第 %lld 版，名录截至 %s）】\n",
	       (long long)json_integer_value(json_object_get(j, "plan_version")),
	       json_string_value(json_object_get(j, "as_of")));
	size_t i;
	json_t *m;
	json_array_foreach(json_object_get(j, "minimums"), i, m)
	{
		if (!json_is_true(json_object_get(m, "applies")))
			continue;
		printf("  %s: 最低 %lld，计划 %lld，差额 %lld\n", json_string_value(json_object_get(m, "zh")),
		       (long long)json_integer_value(json_object_get(m, "required")),
		       (long long)json_integer_value(json_object_get(m, "planned")),
		       (long long)json_integer_value(json_object_get(m, "shortfall")));
	}
	json_t *d = json_object_get(j, "random_tasks_by_class");
	printf("  已抽取随机抽查（家次）: 重点 %lld，一般 %lld，特殊 %lld\n",
	       (long long)json_integer_value(json_object_get(d, "重点")),
	       (long long)json_integer_value(json_object_get(d, "一般")),
	       (long long)json_integer_value(json_object_get(d, "特殊")));
}

int cmd_stats(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{"year", required_argument, 0, 'y'},
		{"json", no_argument, 0, 'j'},
		{0, 0, 0, 0},
	};
	struct stats s = {.ctx = ctx};
	int json = 0, c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			if (strlen(optarg) != 4 || strspn(optarg, "0123456789") != 4 || !strcmp(optarg, "0000"))
				die_usage("--year 应为四位年份，如 2025");
			s.year = atoi(optarg);
			break;
		case 'j': json = 1; break;
		default: die_usage("%s", usage_text);
		}
	}
	if (!s.year || optind != argc)
		die_usage("%s", usage_text);
	{
		char today[11];
		clock_today(today);
		int this_year = atoi(today);
		if (s.year < 2000 || s.year > this_year + 1)
			return error("--year %d 超出范围：统计只能是 2000 年至 %d 年（明年）之间的年度", s.year, this_year + 1), 1;
	}
	if (!(s.st = ctx_store(ctx, 0)))
		return 1;
	if (authz_require(ctx, "report.read", NULL))
		return 1;
	clock_today(s.today);
	char as_of[11];
	snprintf(as_of, sizeof(as_of), "%04d-12-31", s.year);
	if (strcmp(as_of, s.today) > 0)
		memcpy(as_of, s.today, sizeof(as_of));
	strmap_init(&s.drawn);
	strmap_init(&s.inspected);
	struct task_ids ids = {.s = &s};
	struct problem_walk pw = {&ids, &s};
	char *err = NULL;
	int rc = 1;
	struct unit *units = NULL;
	size_t nunits = 0;
	if (store_unit_list(s.st, &units, &nunits, &err)) {
		error("%s", err ? err : "读取单位失败");
		free(err);
		goto out;
	}
	s.units = xcalloc(nunits + 1, sizeof(*s.units));
	for (size_t i = 0; i < nunits; i++)
		if (op_allowed(ctx->session, ACT_REPORT_READ, units[i].id, NULL)) {
			s.units[s.nunits].id = units[i].id;
			snprintf(s.units[s.nunits++].name, sizeof(s.units[0].name), "%s", units[i].name);
		}
	free(units);
	if (store_dir_each(s.st, &dir_objects, as_of, 0, count_directory, &s, &err) ||
	    store_task_view_each(s.st, NULL, count_task, &s, &err) ||
	    store_task_view_each(s.st, NULL, collect_ids, &ids, &err) ||
	    store_problem_each(s.st, NULL, problem_of_year, &pw, &err) < 0) {
		error("%s", err ? err : "统计失败");
		free(err);
		goto out;
	}
	json_t *plan = against_plan(&s, &err);
	if (err) {
		error("%s", err);
		free(err);
		goto out;
	}
	/* qsort must not be handed the NULL of an empty group (UBSan: nonnull argument) */
	struct group *groups[] = {&s.klass, &s.region, &s.people};
	for (int g = 0; g < 3; g++)
		if (groups[g]->n)
			qsort(groups[g]->c, groups[g]->n, sizeof(*groups[g]->c), counts_cmp);
	if (json) {
		json_t *people = group_json(&s.people, 0, 0);
		for (size_t i = 0; i < json_array_size(people); i++) {
			json_t *o = json_array_get(people, i);
			char *name = store_dir_current_value(s.st, &dir_people, s.people.c[i].key, "name");
			json_object_set_new(o, "name", json_string(name ? name : ""));
			free(name);
		}
		json_t *j = json_object();
		json_object_set_new(j, "year", json_integer(s.year));
		json_object_set_new(j, "as_of", json_string(as_of));
		json_object_set_new(j, "coverage_by_class", group_json(&s.klass, 1, 0));
		json_object_set_new(j, "coverage_by_region", group_json(&s.region, 1, 1));
		json_object_set_new(j, "against_plan", plan ? plan : json_null());
		plan = NULL;
		json_object_set_new(j, "random", kind_json(&s.random));
		json_object_set_new(j, "targeted", kind_json(&s.targeted));
		json_object_set_new(j, "problems",
				    json_pack("{s:I, s:I, s:I, s:I}", "found", (json_int_t)s.problems, "closed",
					      (json_int_t)s.closed, "open", (json_int_t)s.open, "overdue",
					      (json_int_t)s.overdue));
		json_object_set_new(j, "disclosure",
				    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "results", (json_int_t)s.results,
					      "published", (json_int_t)s.published, "on_time", (json_int_t)s.on_time,
					      "late", (json_int_t)s.late, "withheld", (json_int_t)s.withheld, "pending",
					      (json_int_t)s.pending, "pending_late", (json_int_t)s.pending_late));
		json_object_set_new(j, "penalties", json_integer(s.penalties));
		json_t *by_unit = json_array();
		struct unit_figures tot = {0};
		for (size_t i = 0; i < s.nunits; i++) {
			const struct unit_figures *u = &s.units[i];
			json_array_append_new(by_unit, unit_json(u));
			add_unit(&tot, u);
		}
		json_object_set_new(j, "by_unit", by_unit);
		json_object_set_new(j, "units_total", unit_json(&tot));
		json_object_set_new(j, "load_per_inspector", people);
		char *text = json_dumps(j, JSON_SORT_KEYS | JSON_INDENT(1));
		printf("%s\n", text);
		free(text);
		json_decref(j);
		rc = 0;
		goto out;
	}
	printf("%d 年“双随机、一公开”统计（名录截至 %s）\n", s.year, as_of);
	print_group("按监管类别的覆盖率（随机抽查）", &s.klass, 0);
	print_group("按行政区划的覆盖率（随机抽查）", &s.region, 1);
	if (plan)
		print_against_plan(plan);
	else
		printf("\n【对照年度计划】 %d 年度没有抽查计划\n", s.year);
	json_decref(plan);
	plan = NULL;
	printf("\n【随机抽查与针对性检查】\n");
	printf("  随机抽查   任务 %ld，已检查 %ld，发现问题的 %ld 户、问题 %ld 个\n", s.random.tasks, s.random.inspected,
	       s.random.with_problems, s.random.problems);
	printf("  针对性检查 任务 %ld，已检查 %ld，发现问题的 %ld 户、问题 %ld 个（不计入随机抽查比例）\n", s.targeted.tasks,
	       s.targeted.inspected, s.targeted.with_problems, s.targeted.problems);
	printf("\n【问题闭环】\n  发现 %ld 个，已销号 %ld 个，未销号 %ld 个（其中超期 %ld 个）\n", s.problems, s.closed, s.open,
	       s.overdue);
	printf("\n【结果公开】\n  已录入结果 %ld 条：已公开 %ld 条（按时 %ld，超期 %ld），不予公开 %ld 条，待公开 %ld 条（已超期 %ld）\n",
	       s.results, s.published, s.on_time, s.late, s.withheld, s.pending, s.pending_late);
	if (s.published)
		printf("  按时公开率 %.1f%%\n", pct(s.on_time, s.published));
	printf("  行政处罚决定 %ld 件\n", s.penalties);
	printf("\n【各单位（谁检查、谁公开）】\n");
	struct unit_figures tot = {0};
	for (size_t i = 0; i <= s.nunits; i++) {
		const struct unit_figures *u = i < s.nunits ? &s.units[i] : &tot;
		printf("  %s：随机抽查 %ld，针对性检查 %ld，已检查 %ld，发现问题 %ld 个，已公开 %ld（按时 %ld，超期 %ld）\n",
		       i < s.nunits ? u->name : s.nunits > 1 ? "合计" : "合计（本单位）", u->random, u->targeted, u->inspected,
		       u->problems, u->published, u->on_time, u->late);
		if (i < s.nunits)
			add_unit(&tot, u);
	}
	printf("\n【检查人员工作量】\n");
	for (size_t i = 0; i < s.people.n; i++) {
		char *name = store_dir_current_value(s.st, &dir_people, s.people.c[i].key, "name");
		printf("  %-8s %-10s 任务 %ld，已检查 %ld\n", s.people.c[i].key, name ? name : "", s.people.c[i].tasks,
		       s.people.c[i].done);
		free(name);
	}
	rc = 0;
out:
	strmap_free(&s.drawn);
	strmap_free(&s.inspected);
	free(s.klass.c);
	free(s.region.c);
	free(s.people.c);
	free(s.units);
	free(ids.ids);
	return rc;
}
