/*
 * This file renders the year's statistics (io/stats-json.h) as the JSON document of "stats --json" and
 * GET /api/stats.
 */
#include "io/stats-json.h"

#include "core/result.h"

const char *const stats_classes[3] = {"重点", "一般", "特殊"};
const char *const stats_problem_states[4] = {PROBLEM_FOUND, PROBLEM_ASSIGNED, PROBLEM_SUPERVISED,
					     PROBLEM_CLOSED};
const char *const stats_problem_states_zh[4] = {"待交办", "整改中", "已督办", "已销号"};

static json_t *group_json(const struct stats_group *g, int with_dir, int names)
{
	json_t *a = json_array();
	for (size_t i = 0; i < g->n; i++) {
		const struct stats_count *c = &g->c[i];
		json_t *o = json_object();
		json_object_set_new(o, "key", json_string(c->key));
		if (names)
			json_object_set_new(o, "name", json_string(c->name));
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

static json_t *kind_json(const struct stats_kind *k)
{
	return json_pack("{s:I, s:I, s:I, s:I}", "tasks", (json_int_t)k->tasks, "inspected",
			 (json_int_t)k->inspected, "problems", (json_int_t)k->problems, "with_problems",
			 (json_int_t)k->with_problems);
}

static json_t *by_class_json(const long n[3])
{
	json_t *o = json_object();
	for (int i = 0; i < 3; i++)
		json_object_set_new(o, stats_classes[i], json_integer(n[i]));
	return o;
}

/* The year against a plan; null when there is none. */
static json_t *plan_json(const struct stats_plan *p, const long by_class[3])
{
	if (!p->has)
		return json_null();
	json_t *j = json_object(), *rules = json_array();
	json_object_set_new(j, "plan_version", json_integer(p->version));
	json_object_set_new(j, "as_of", json_string(p->as_of));
	for (int i = 0; i < A7_NRULES; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "rule", json_string(p->min[i].rule));
		json_object_set_new(o, "zh", json_string(p->min[i].zh));
		json_object_set_new(o, "applies", json_boolean(p->min[i].applies));
		json_object_set_new(o, "required", json_integer(p->min[i].required));
		json_object_set_new(o, "planned", json_integer(p->min[i].planned));
		json_object_set_new(o, "shortfall", json_integer(p->min[i].shortfall));
		json_object_set_new(o, "class", json_string(p->min[i].klass));
		json_array_append_new(rules, o);
	}
	json_object_set_new(j, "minimums", rules);
	json_object_set_new(j, "random_tasks_by_class", by_class_json(by_class));
	json_object_set_new(j, "ok", json_boolean(p->ok));
	return j;
}

static json_t *unit_json(const struct stats_unit *u, int with_plan)
{
	json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "random", (json_int_t)u->random,
			      "targeted", (json_int_t)u->targeted, "inspected", (json_int_t)u->inspected,
			      "published", (json_int_t)u->published, "on_time", (json_int_t)u->on_time,
			      "late", (json_int_t)u->late, "problems", (json_int_t)u->problems);
	if (*u->name)
		json_object_set_new(o, "unit", json_string(u->name));
	if (with_plan) {
		json_object_set_new(o, "id", json_integer(u->id));
		json_object_set_new(o, "random_tasks_by_class", by_class_json(u->random_by_class));
		json_object_set_new(o, "against_plan", plan_json(&u->plan, u->random_by_class));
	}
	return o;
}

/*
 * One coverage: required (Article 7's minimum, from the directory when there is no plan) and planned
 * (null without a plan).
 */
static json_t *cover_json(const struct stats_cover *c, int has_plan)
{
	json_t *o = json_object();
	json_object_set_new(o, "required", json_integer(c->required));
	json_object_set_new(o, "planned", has_plan ? json_integer(c->planned) : json_null());
	json_object_set_new(o, "drawn", json_integer(c->drawn));
	json_object_set_new(o, "inspected", json_integer(c->inspected));
	return o;
}

/* A unit's (or the total's) coverage against Article 7: all classes, and by_class. */
static json_t *coverage_json(const struct stats_unit *u)
{
	json_t *o = cover_json(&u->cover_all, u->has_plan), *by = json_object();
	json_object_set_new(o, "has_plan", json_boolean(u->has_plan));
	for (int i = 0; i < 3; i++)
		json_object_set_new(by, stats_classes[i], cover_json(&u->cover[i], u->has_plan));
	json_object_set_new(o, "by_class", by);
	return o;
}

json_t *stats_json(const struct stats *s)
{
	json_t *j = json_object();
	json_object_set_new(j, "year", json_integer(s->year));
	json_object_set_new(j, "as_of", json_string(s->as_of));
	json_object_set_new(j, "coverage_by_class", group_json(&s->klass, 1, 0));
	json_object_set_new(j, "coverage_by_region", group_json(&s->region, 1, 1));
	json_object_set_new(j, "against_plan", plan_json(&s->plan, s->random_by_class));
	json_object_set_new(j, "random", kind_json(&s->random));
	json_object_set_new(j, "targeted", kind_json(&s->targeted));
	json_t *problems =
	    json_pack("{s:I, s:I, s:I, s:I}", "found", (json_int_t)s->problems, "closed",
		      (json_int_t)s->closed, "open", (json_int_t)s->open, "overdue", (json_int_t)s->overdue);
	for (int i = 0; i < 4; i++)
		json_object_set_new(problems, stats_problem_states_zh[i], json_integer(s->problem_state[i]));
	json_object_set_new(problems, "逾期", json_integer(s->overdue));
	json_object_set_new(j, "problems", problems);
	json_object_set_new(j, "disclosure",
			    json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I}", "results",
				      (json_int_t)s->results, "published", (json_int_t)s->published,
				      "on_time", (json_int_t)s->on_time, "late", (json_int_t)s->late,
				      "withheld", (json_int_t)s->withheld, "pending", (json_int_t)s->pending,
				      "pending_late", (json_int_t)s->pending_late));
	json_object_set_new(j, "penalties", json_integer(s->penalties));
	json_t *by_unit = json_array();
	for (size_t i = 0; i < s->nunits; i++)
		json_array_append_new(by_unit, unit_json(&s->units[i], 1));
	json_object_set_new(j, "by_unit", by_unit);
	json_object_set_new(j, "units_total", unit_json(&s->total, 0));
	json_t *people = group_json(&s->people, 0, 0);
	for (size_t i = 0; i < s->people.n; i++)
		json_object_set_new(json_array_get(people, i), "name", json_string(s->people.c[i].name));
	json_object_set_new(j, "load_per_inspector", people);

	/* the dashboard's figures: coverage per unit and class against Article 7, the inspectors' load */
	json_t *units = json_array();
	for (size_t i = 0; i < s->nunits; i++) {
		json_t *o = coverage_json(&s->units[i]);
		json_object_set_new(o, "unit", json_integer(s->units[i].id));
		json_object_set_new(o, "unit_name", json_string(s->units[i].name));
		json_array_append_new(units, o);
	}
	json_object_set_new(j, "units", units);
	json_t *total = coverage_json(&s->total);
	json_object_set_new(total, "problems_overdue", json_integer(s->overdue));
	json_object_set_new(j, "total", total);
	json_t *officers = json_array();
	for (size_t i = 0; i < s->people.n; i++)
		json_array_append_new(officers, json_pack("{s:s, s:s, s:I, s:I}", "id", s->people.c[i].key,
							  "name", s->people.c[i].name, "tasks",
							  (json_int_t)s->people.c[i].tasks, "done",
							  (json_int_t)s->people.c[i].done));
	json_object_set_new(j, "officers", officers);
	return j;
}
