/*
 * This file implements the JSON of a plan (io/plan-json.h): a line with its Article 7 figures, and a
 * whole Article 7 check — what "suiji plan check|show --json" prints and the web application receives.
 */
#include "io/plan-json.h"

#include <string.h>

json_t *plan_line_json(const struct plan_line *l, const struct a7_line *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "line", json_integer(l->no));
	json_object_set_new(o, "name", json_string(l->name));
	json_object_set_new(o, "type", json_string(l->type));
	json_object_set_new(o, "items", json_string(l->items));
	json_object_set_new(o, "initiator", json_string(l->initiator));
	json_object_set_new(o, "participants", json_string(l->participants));
	json_object_set_new(o, "partners", json_string(l->partners));
	json_object_set_new(o, "joint", json_string(plan_line_joint(l)));
	json_object_set_new(o, "class", json_string(l->classes));
	json_object_set_new(o, "city_managed", json_string(l->city_managed));
	json_object_set_new(o, "region", json_string(l->regions));
	json_object_set_new(o, "industry", json_string(l->industries));
	json_object_set_new(o, "tags", json_string(l->tags));
	json_object_set_new(o, "positive_list", json_string(l->positive));
	json_object_set_new(o, "period", json_string(period_name(l->period)));
	json_object_set_new(o, "rule", json_string(quota_rule_name(l->quota.rule)));
	if (l->quota.rule == QUOTA_RATIO) {
		char pct[16];
		quota_format_percent(l->quota.value, pct);
		json_object_set_new(o, "ratio", json_string(pct));
	} else if (l->quota.rule != QUOTA_EACH) {
		json_object_set_new(o, l->quota.rule == QUOTA_COUNT ? "count" : "per_staff",
				    json_integer(l->quota.value));
	}
	json_object_set_new(o, "staff_departments", json_string(l->staff_departments));
	json_object_set_new(o, "group", json_string(l->group));
	json_object_set_new(o, "note", json_string(l->note));
	if (c) {
		json_object_set_new(o, "pool", json_integer(c->pool));
		json_t *q = json_array();
		for (int p = 0; p < c->nperiods; p++)
			json_array_append_new(q, json_integer(c->quota[p]));
		json_object_set_new(o, "quota", q);
		json_object_set_new(o, "year_total", json_integer(c->year_total));
		if (l->quota.rule == QUOTA_PER_STAFF)
			json_object_set_new(o, "staff", json_integer(c->staff));
	}
	return o;
}

json_t *plan_check_json(const struct plan_check_view *pc)
{
	const struct a7_result *r = pc->r;
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(pc->year));
	json_object_set_new(o, "level", json_string(pc->level));
	json_object_set_new(o, "unit", json_string(pc->unit));
	json_object_set_new(o, "version", json_integer(pc->version));
	json_object_set_new(o, "status", json_string(pc->status));
	json_object_set_new(o, "as_of", json_string(pc->as_of));
	json_t *dir = json_object();
	json_object_set_new(dir, "key_city", json_integer(r->count[A7_KEY_CITY]));
	json_object_set_new(dir, "key_other", json_integer(r->count[A7_KEY_OTHER]));
	json_object_set_new(dir, "general", json_integer(r->count[A7_GENERAL]));
	json_object_set_new(dir, "special", json_integer(r->count[A7_SPECIAL]));
	json_object_set_new(dir, "not_eligible", json_integer(r->excluded));
	json_object_set_new(dir, "staff", json_integer(r->staff));
	json_object_set_new(o, "directory", dir);
	json_t *mins = json_array();
	for (int i = 0; i < A7_NRULES; i++) {
		const struct a7_minimum *m = &r->min[i];
		json_t *j = json_object();
		json_object_set_new(j, "rule", json_string(m->rule));
		json_object_set_new(j, "applies", json_boolean(m->applies));
		json_object_set_new(j, "required", json_integer(m->required));
		json_object_set_new(j, "planned", json_integer(m->planned));
		json_object_set_new(j, "shortfall", json_integer(m->shortfall));
		json_object_set_new(j, "drawn", json_integer(pc->drawn[i]));
		if (m->quarterly) {
			json_t *qs = json_array();
			for (int q = 0; q < 4; q++) {
				json_t *jq = json_object();
				char label[16];
				period_label(pc->year, PERIOD_QUARTER, q, label);
				json_object_set_new(jq, "quarter", json_string(label));
				json_object_set_new(jq, "required", json_integer(m->q_required[q]));
				json_object_set_new(jq, "planned", json_integer(m->q_planned[q]));
				json_object_set_new(jq, "shortfall", json_integer(m->q_shortfall[q]));
				json_object_set_new(jq, "drawn", json_integer(pc->q_drawn[i][q]));
				json_array_append_new(qs, jq);
			}
			json_object_set_new(j, "quarters", qs);
		}
		if (!strcmp(m->rule, "key_other_ratio")) {
			char pct[16];
			quota_format_percent(pc->settings->key_other_bp, pct);
			json_object_set_new(j, "ratio", json_string(pct));
		} else if (!strcmp(m->rule, "general_per_staff")) {
			json_object_set_new(j, "per_staff", json_integer(r->general_factor));
			json_object_set_new(j, "staff", json_integer(r->staff));
		}
		json_array_append_new(mins, j);
	}
	json_object_set_new(o, "minimums", mins);
	json_t *miss = json_array();
	for (size_t i = 0; i < r->nmissing; i++) {
		json_t *j = json_object(), *qs = json_array();
		json_object_set_new(j, "uscc", json_string(r->missing[i].uscc));
		json_object_set_new(j, "name", json_string(r->missing[i].name));
		for (int q = 0; q < 4; q++)
			if (r->missing[i].quarters & (1u << q))
				json_array_append_new(qs, json_integer(q + 1));
		json_object_set_new(j, "quarters", qs);
		json_array_append_new(miss, j);
	}
	json_object_set_new(o, "key_city_not_covered", miss);
	json_t *lines = json_array();
	for (size_t i = 0; i < pc->nlines; i++)
		json_array_append_new(lines, plan_line_json(&pc->lines[i], &r->lines[i]));
	json_object_set_new(o, "lines", lines);
	json_t *t = json_object(), *by = json_object();
	json_object_set_new(t, "count", json_integer(pc->targeted));
	for (int i = 0; targeted_triggers[i]; i++)
		if (pc->targeted_by_trigger[i])
			json_object_set_new(by, targeted_triggers[i],
					    json_integer(pc->targeted_by_trigger[i]));
	json_object_set_new(t, "by_trigger", by);
	json_object_set_new(t, "counted_in_minimums", json_false());
	json_object_set_new(o, "targeted", t);
	json_object_set_new(o, "random_tasks", json_integer(pc->random_tasks));
	json_object_set_new(o, "ok", json_boolean(r->ok));
	return o;
}
