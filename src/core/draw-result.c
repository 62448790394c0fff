/*
 * This file implements the draw's result as plain data (struct draw_visits, draw.h): its canonical
 * text written directly (the keys of a visit in byte order, as cj_dump orders them), the same result
 * as a JSON value for the verifier and the JSON API, and the release.
 */
#include "core/draw.h"

#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "core/draw-internal.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static void add_list(struct strbuf *sb, const char *key, const char *const *names, size_t n)
{
	strbuf_adds(sb, key);
	strbuf_addc(sb, '[');
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_addc(sb, ',');
		cj_add_string(sb, names[i], strlen(names[i]));
	}
	strbuf_addc(sb, ']');
}

char *draw_visits_cj(const struct draw_visits *o, size_t *len)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_grow(&sb, 256 * o->nvisits + 16);
	strbuf_adds(&sb, "{\"visits\":[");
	for (size_t i = 0; i < o->nvisits; i++) {
		const struct draw_visit_entry *v = &o->visits[i];
		if (i)
			strbuf_addc(&sb, ',');
		add_list(&sb, "{\"experts\":", v->experts, v->nexperts);
		strbuf_adds(&sb, ",\"key\":\"");
		strbuf_add(&sb, v->key, 64);
		strbuf_adds(&sb, "\",\"mode\":");
		cj_add_string(&sb, v->mode, strlen(v->mode));
		strbuf_adds(&sb, ",\"reason\":");
		if (v->reason)
			cj_add_string(&sb, v->reason, strlen(v->reason));
		else
			strbuf_adds(&sb, "null");
		strbuf_adds(&sb, ",\"slot\":");
		cj_add_string(&sb, v->slot, strlen(v->slot));
		add_list(&sb, ",\"strata\":", v->strata, v->nstrata);
		add_list(&sb, ",\"team\":", v->team, v->nteam);
		add_list(&sb, ",\"unmet\":", v->unmet, v->nunmet);
		strbuf_adds(&sb, ",\"uscc\":");
		cj_add_string(&sb, v->uscc, strlen(v->uscc));
		strbuf_addc(&sb, '}');
	}
	strbuf_adds(&sb, "]}");
	if (len)
		*len = sb.len;
	return strbuf_detach(&sb);
}

static json_t *list(const char *const *names, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string_nocheck(names[i]));
	return a;
}

json_t *draw_visits_json(const struct draw_visits *o)
{
	json_t *visits = json_array();
	for (size_t i = 0; i < o->nvisits; i++) {
		const struct draw_visit_entry *v = &o->visits[i];
		json_t *visit = json_object();
		json_object_set_new_nocheck(visit, "uscc", json_string_nocheck(v->uscc));
		json_object_set_new_nocheck(visit, "key", json_stringn_nocheck(v->key, 64));
		json_object_set_new_nocheck(visit, "strata", list(v->strata, v->nstrata));
		json_object_set_new_nocheck(visit, "slot", json_string_nocheck(v->slot));
		json_object_set_new_nocheck(visit, "mode", json_string_nocheck(v->mode));
		json_object_set_new_nocheck(visit, "team", list(v->team, v->nteam));
		json_object_set_new_nocheck(visit, "experts", list(v->experts, v->nexperts));
		json_object_set_new_nocheck(visit, "unmet", list(v->unmet, v->nunmet));
		json_object_set_new_nocheck(visit, "reason",
					    v->reason ? json_string_nocheck(v->reason) : json_null());
		json_array_append_new(visits, visit);
	}
	json_t *result = json_object();
	json_object_set_new(result, "visits", visits);
	return result;
}

void draw_visits_release(struct draw_visits *o)
{
	free(o->visits);
	free(o->names);
	if (o->frame) {
		draw_frame_release(o->frame);
		free(o->frame);
	}
	memset(o, 0, sizeof(*o));
}
