/*
 * This file implements the frame builder of a draw (see draw-frame.h). One pass over the object
 * directory as of the announcement day decides, per object and stratum, membership (the line's
 * selection), eligibility (status, repeat window, yearly cap) and the integer weight; one pass over the
 * people gives the on-duty qualified officers and the experts; conflicts come from their directory and
 * previous pairings from the last team that inspected each member.
 */
#include "cmd/draw-frame.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/dirschema.h"
#include "core/plan.h"
#include "store/directory.h"
#include "store/task.h"
#include "util/error.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct history {
	char last_random[11]; /* YYYY-MM-DD */
	long in_year;
	char *last_team;
};

struct build {
	const char *as_of;
	int as_of_day;
	struct frame_stratum *strata;
	size_t nstrata;
	const struct frame_rules *rules;
	struct strmap history; /* uscc → struct history */
	json_t *members;       /* per stratum: array of candidate members (before quota) */
	json_t *objects;
	json_t *previous;
	struct frame_stats *stats;
	/* shared, immutable JSON values: one per weight, per region, per set of strata's needs */
	json_t *weight_value[101];
	struct strmap region_value, needs_value;
	int field_region, field_class, field_positive, field_risk;
	char **err;
};

static int collect_history(const char *uscc, const char *last_random_at, long in_year, const char *last_team,
			   void *arg)
{
	struct build *b = arg;
	struct history *h = xcalloc(1, sizeof(*h));
	snprintf(h->last_random, sizeof(h->last_random), "%.10s", last_random_at);
	h->in_year = in_year;
	h->last_team = xstrdup(last_team);
	strmap_put(&b->history, uscc, h);
	return 0;
}

static int weight_of(const struct build *b, const char *const *o)
{
	return plan_object_weight(b->rules->settings, o[b->field_risk], o[b->field_class],
				  !strcmp(o[b->field_positive], "是"));
}

/* Days between two YYYY-MM-DD dates (b - a); a large number when a is empty. */
static long days_since(const char *a, int b_day)
{
	int a_day;
	if (!*a || date_parse(a, &a_day, NULL))
		return 1L << 30;
	return (long)b_day - a_day;
}

static void add_split(json_t *arr, const char *list)
{
	size_t len;
	for (const char *p = list, *e; (e = plan_list_next(&p, &len));)
		json_array_append_new(arr, json_stringn(e, len));
}

static int visit_object(const struct dir_entry *e, void *arg)
{
	struct build *b = arg;
	const char *const *o = e->vals;
	const char *uscc = e->k;
	b->stats->objects_seen++;
	const struct plan_settings *ps = b->rules->settings;
	struct plan_object view;
	plan_object_view(o, &view);
	int status_ok = plan_object_eligible(&view, ps);
	struct history *h = strmap_get(&b->history, uscc);
	int in_window = h && days_since(h->last_random, b->as_of_day) < ps->repeat_window_days;
	int capped = h && ps->yearly_cap && h->in_year >= ps->yearly_cap;
	int member_somewhere = 0, excluded_status = 0, excluded_window = 0, excluded_cap = 0;
	char mask[72]; /* which strata the object is a member of, as a key for its shared needs */
	json_t *id = NULL;
	size_t nmask = 0;

	for (size_t i = 0; i < b->nstrata; i++) {
		struct frame_stratum *s = &b->strata[i];
		if (!s->matches(o, s->match_arg))
			continue;
		if (!status_ok) {
			excluded_status = 1;
			continue;
		}
		if (!s->every_period && in_window) {
			excluded_window = 1;
			continue;
		}
		if (!s->every_period && capped) {
			excluded_cap = 1;
			continue;
		}
		if (!id)
			id = json_string(uscc);
		int w = weight_of(b, o);
		if (!b->weight_value[w])
			b->weight_value[w] = json_integer(w);
		json_t *m = json_object();
		json_object_set(m, "uscc", id);
		json_object_set(m, "weight", b->weight_value[w]);
		json_array_append_new(json_array_get(b->members, i), m);
		if (nmask + 8 < sizeof(mask))
			nmask += (size_t)snprintf(mask + nmask, sizeof(mask) - nmask, "%zx,", i);
		member_somewhere = 1;
	}
	if (!member_somewhere) {
		b->stats->excluded_status += excluded_status;
		b->stats->excluded_window += !excluded_status && excluded_window;
		b->stats->excluded_cap += !excluded_status && !excluded_window && excluded_cap;
		return 0;
	}
	json_decref(id);
	json_t *needs = strmap_get(&b->needs_value, mask);
	if (!needs) { /* the union of the strata's needs, in strata order, each once */
		needs = json_array();
		for (const char *p = mask; *p;) {
			char *end;
			const struct frame_stratum *s = &b->strata[strtoul(p, &end, 16)];
			p = end + 1;
			for (size_t j = 0; j < s->nneeds; j++) {
				int seen = 0;
				for (size_t k = 0; k < json_array_size(needs) && !seen; k++)
					seen = !strcmp(json_string_value(json_array_get(needs, k)), s->needs[j]);
				if (!seen)
					json_array_append_new(needs, json_string(s->needs[j]));
			}
		}
		strmap_put(&b->needs_value, mask, needs);
	}
	json_t *region = strmap_get(&b->region_value, o[b->field_region]);
	if (!region)
		strmap_put(&b->region_value, o[b->field_region], region = json_string(o[b->field_region]));
	json_t *obj = json_object();
	json_object_set(obj, "region", region);
	json_object_set_new(obj, "positive_list", json_boolean(!strcmp(o[b->field_positive], "是")));
	json_object_set(obj, "needs", needs);
	json_object_set_new(b->objects, uscc, obj);
	if (h && *h->last_team) {
		json_t *team = json_array();
		add_split(team, h->last_team);
		for (size_t i = 0; i < json_array_size(team); i++) {
			json_t *pair = json_array();
			json_array_append(pair, json_array_get(team, i));
			json_array_append_new(pair, json_string(uscc));
			json_array_append_new(b->previous, pair);
		}
		json_decref(team);
	}
	return 0;
}

struct people {
	json_t *officers, *experts;
	struct frame_stats *stats;
};

static int visit_person(const struct dir_entry *e, void *arg)
{
	struct people *p = arg;
	const struct dirkind *d = &dir_people;
	const char *kind = e->vals[dirkind_field_index(d, "kind")];
	const char *active = e->vals[dirkind_field_index(d, "active")];
	if (strcmp(active, "是"))
		return 0;
	json_t *x = json_object();
	json_object_set_new(x, "id", json_string(e->k));
	json_t *exp = json_array();
	add_split(exp, e->vals[dirkind_field_index(d, "expertise")]);
	json_object_set_new(x, "expertise", exp);
	if (!strcmp(kind, "执法") && *e->vals[dirkind_field_index(d, "cert_no")]) {
		json_object_set_new(x, "region", json_string(e->vals[dirkind_field_index(d, "region")]));
		json_array_append_new(p->officers, x);
		p->stats->officers++;
	} else if (!strcmp(kind, "辅助")) {
		json_array_append_new(p->experts, x);
		p->stats->experts++;
	} else {
		json_decref(x);
	}
	return 0;
}

struct conflicts {
	json_t *pairs;
	json_t *objects;
};

static int visit_conflict(const struct dir_entry *e, void *arg)
{
	struct conflicts *c = arg;
	if (!json_object_get(c->objects, e->vals[1]))
		return 0; /* only objects in the frame matter */
	json_t *pair = json_array();
	json_array_append_new(pair, json_string(e->vals[0]));
	json_array_append_new(pair, json_string(e->vals[1]));
	json_array_append_new(c->pairs, pair);
	return 0;
}

int frame_build(struct store *st, const char *as_of, int year, long replaces, const char *label,
		const char *const *slots,
		size_t nslots, struct frame_stratum *strata, size_t nstrata, const struct frame_rules *rules,
		json_t **inputs, struct frame_stats *stats, char **err)
{
	struct build b = {
		.as_of = as_of,
		.strata = strata,
		.nstrata = nstrata,
		.rules = rules,
		.members = json_array(),
		.objects = json_object(),
		.previous = json_array(),
		.stats = stats,
		.err = err,
	};
	memset(stats, 0, sizeof(*stats));
	const struct dirkind *od = &dir_objects;
	b.field_region = dirkind_field_index(od, "region");
	b.field_class = dirkind_field_index(od, "class");
	b.field_positive = dirkind_field_index(od, "positive_list");
	b.field_risk = dirkind_field_index(od, "risk");
	strmap_init(&b.history);
	strmap_init(&b.region_value);
	strmap_init(&b.needs_value);
	int rc = -1;
	json_t *officers = json_array(), *experts = json_array(), *conflicts = json_array();
	if (date_parse(as_of, &b.as_of_day, err))
		goto out;
	for (size_t i = 0; i < nstrata; i++)
		json_array_append_new(b.members, json_array());
	if (store_task_history(st, year, replaces, collect_history, &b, err) ||
	    store_dir_scan(st, od, as_of, visit_object, &b, err))
		goto out;
	struct people p = {officers, experts, stats};
	if (store_dir_scan(st, &dir_people, as_of, visit_person, &p, err))
		goto out;
	struct conflicts c = {conflicts, b.objects};
	if (store_dir_scan(st, &dir_conflicts, as_of, visit_conflict, &c, err))
		goto out;

	json_t *jstrata = json_array();
	for (size_t i = 0; i < nstrata; i++) {
		json_t *members = json_array_get(b.members, i);
		strata[i].pool = (long)json_array_size(members);
		strata[i].quota_value = strata[i].quota(strata[i].pool, strata[i].quota_arg);
		json_t *s = json_object();
		json_object_set_new(s, "id", json_string(strata[i].id));
		json_object_set_new(s, "quota", json_integer(strata[i].quota_value));
		json_object_set(s, "members", members);
		json_array_append_new(jstrata, s);
	}
	json_t *period = json_object();
	json_object_set_new(period, "label", json_string(label));
	json_t *jslots = json_array();
	for (size_t i = 0; i < nslots; i++)
		json_array_append_new(jslots, json_string(slots[i]));
	json_object_set_new(period, "slots", jslots);
	json_t *jrules = json_object();
	json_object_set_new(jrules, "team_size", json_integer(rules->team_size));
	json_object_set_new(jrules, "cross_region", json_boolean(rules->cross_region));
	json_object_set_new(jrules, "experts_per_visit", json_integer(rules->experts_per_visit));

	json_t *in = json_object();
	json_object_set_new(in, "period", period);
	json_object_set_new(in, "strata", jstrata);
	json_object_set(in, "objects", b.objects);
	json_object_set(in, "officers", officers);
	json_object_set(in, "experts", experts);
	json_object_set(in, "conflicts", conflicts);
	json_object_set(in, "previous", b.previous);
	json_object_set_new(in, "rules", jrules);
	*inputs = in;
	rc = 0;
out:
	for (size_t i = 0; i < b.history.cap; i++) {
		struct history *h = b.history.vals[i];
		if (h) {
			free(h->last_team);
			free(h);
		}
	}
	strmap_free(&b.history);
	for (int i = 0; i <= 100; i++)
		json_decref(b.weight_value[i]);
	struct strmap *shared[] = {&b.region_value, &b.needs_value};
	for (int m = 0; m < 2; m++) {
		for (size_t i = 0; i < shared[m]->cap; i++)
			json_decref(shared[m]->vals[i]);
		strmap_free(shared[m]);
	}
	json_decref(b.members);
	json_decref(b.objects);
	json_decref(b.previous);
	json_decref(officers);
	json_decref(experts);
	json_decref(conflicts);
	return rc;
}
