/*
 * This file implements the API's targeted inspections (针对性检查, Article 2; op/targeted.h):
 * GET /api/targeted?year=&trigger= lists those the user may see; POST /api/targeted {"uscc","trigger",
 * "reference","items","date","mode","team","experts"} registers one (team and experts: person ids).
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "op/lookup.h"
#include "op/targeted.h"

struct rows {
	json_t *rows;
	struct op_session *s;
};

static int add_row(const struct task *t, void *arg)
{
	struct rows *r = arg;
	struct unit u = {0};
	struct op_diag d = OP_DIAG_INIT;
	if (op_unit_lookup(r->s, t->unit_id ? t->unit_id : 1, &u, &d))
		op_diag_release(&d);
	char day[11];
	task_start_day(t, day);
	json_array_append_new(
	    r->rows, json_pack("{s:I,s:s,s:o,s:s,s:s,s:s,s:s,s:o,s:o,s:s,s:I,s:s,s:s,s:s}", "id",
			       (json_int_t)t->id, "uscc", t->uscc, "items", http_split(t->items, "、"),
			       "trigger", t->trigger, "reference", t->reference, "date", day, "mode", t->mode,
			       "team", http_split(t->team, "、"), "experts", http_split(t->experts, "、"),
			       "state", t->state, "unit", (json_int_t)u.id, "unit_name", u.name, "created_at",
			       t->created_at, "created_by", t->created_by));
	return 0;
}

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	struct op_targeted_filter f = {.year = rq->query(rq->ctx, "year"),
				       .trigger = rq->query(rq->ctx, "trigger")};
	if (f.year && !*f.year)
		f.year = NULL;
	if (f.trigger && !*f.trigger)
		f.trigger = NULL;
	struct rows r = {json_array(), s};
	struct op_diag d = OP_DIAG_INIT;
	if (op_targeted_list(s, &f, add_row, &r, &d)) {
		json_decref(r.rows);
		return http_op_error(rs, &d);
	}
	size_t off, size;
	http_page(rq, &off, &size);
	http_json(rs, 200, http_list(r.rows, off, size));
}

static void add(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	char *items = http_jjoin(j, "items", "、"), *team = http_jjoin(j, "team", "、"),
	     *experts = http_jjoin(j, "experts", "、");
	const char *date = http_jstr(j, "date"), *mode = http_jstr(j, "mode");
	struct op_targeted_args a = {.uscc = http_jstr(j, "uscc"),
				     .trigger = http_jstr(j, "trigger"),
				     .reference = http_jstr(j, "reference"),
				     .items = items ? items : "",
				     .date = date && *date ? date : NULL,
				     .mode = mode && *mode ? mode : NULL,
				     .team = team && *team ? team : NULL,
				     .experts = experts && *experts ? experts : NULL};
	struct op_targeted out;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_targeted_add(s, &a, &out, &d);
	free(items);
	free(team);
	free(experts);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	json_t *people = json_array();
	for (size_t i = 0; i < out.npeople; i++)
		json_array_append_new(people,
				      json_pack("{s:s,s:s,s:b}", "id", out.people[i].id, "name",
						out.people[i].name, "in_team", out.people[i].in_team));
	struct unit u = {0};
	struct op_diag ud = OP_DIAG_INIT;
	if (op_unit_lookup(s, out.unit_id ? out.unit_id : 1, &u, &ud))
		op_diag_release(&ud);
	json_t *notes = json_array();
	for (size_t i = 0; i < d.nnotes; i++)
		json_array_append_new(notes, json_string(d.notes[i]));
	op_diag_release(&d);
	http_json(rs, 201,
		  json_pack("{s:I,s:I,s:s,s:s,s:o,s:o,s:o}", "id", (json_int_t)out.id, "unit",
			    (json_int_t)u.id, "unit_name", u.name, "date", out.date, "items",
			    http_split(out.items, "、"), "people", people, "notes", notes));
}

int http_targeted(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	if (nseg != 1)
		return 0;
	int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD"),
	    post = !strcmp(rq->method, "POST");
	if (!get && !post)
		return http_method_not_allowed(rs, "GET, POST"), 1;
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	if (get)
		list(rq, rs, &s);
	else
		add(rq, rs, &s);
	return 1;
}
