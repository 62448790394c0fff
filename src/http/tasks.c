/*
 * This file implements the API's inspection tasks and their results (op/task.h, op/result.h):
 * GET /api/tasks?mine=1&state=&officer=&unit=&month=&draw=&kind=&uscc=&due_by=&page=&size=,
 * GET /api/tasks/{id}, POST /api/tasks/{id}/result {"outcome","start_date","end_date","dates"?,
 * "summary","problems":[{"item","description"}],"findings":[{"item","text"}]} and
 * POST /api/tasks/{id}/cancel {"reason"} (and POST /api/tasks/{id}/problems, agenda.c). What an operator sees
 * (an inspector: their team's tasks) and may record is the operations' decision.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "op/lookup.h"
#include "op/result.h"
#include "op/task.h"
#include "util/xalloc.h"

struct rows {
	json_t *rows;
	struct op_session *s;
};

static json_t *task_json(struct op_session *s, const struct task *t, const char *cancelled, const char *name,
			 const char *region, const char *klass)
{
	struct unit u = {0};
	struct op_diag d = OP_DIAG_INIT;
	if (op_unit_lookup(s, t->unit_id ? t->unit_id : 1, &u, &d))
		op_diag_release(&d);
	json_t *o = json_pack(
	    "{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s}", "id", (json_int_t)t->id, "kind",
	    t->kind, "source", !strcmp(t->kind, "targeted") ? "针对性检查" : "随机抽查", "uscc", t->uscc,
	    "items", http_split(t->items, "、"), "team", http_split(t->team, "、"), "experts",
	    http_split(t->experts, "、"), "period", t->slot ? t->slot : "", "mode", t->mode ? t->mode : "",
	    "state", t->state, "name", name ? name : "", "draw", (json_int_t)t->draw_id, "visit_no",
	    (json_int_t)t->visit_no, "unit", (json_int_t)u.id, "unit_name", u.name);
	json_object_set_new(o, "region", json_string(region ? region : ""));
	json_object_set_new(o, "class", json_string(klass ? klass : ""));
	json_object_set_new(o, "cancelled", json_string(cancelled ? cancelled : ""));
	if (t->trigger && *t->trigger) {
		json_object_set_new(o, "trigger", json_string(t->trigger));
		json_object_set_new(o, "reference", json_string(t->reference ? t->reference : ""));
	}
	return o;
}

/* The outcome's Chinese wording from its stored key ("none" → 未发现问题). */
static const char *wording(const char *key)
{
	const struct result_outcome_info *o = key && *key ? result_outcome_by_key(key) : NULL;
	return o ? o->wording : key ? key : "";
}

static int add_row(const struct task_view *v, void *arg)
{
	struct rows *r = arg;
	json_t *o = task_json(r->s, &v->task, v->cancelled, v->object_name, v->region, v->klass);
	json_object_set_new(o, "outcome", json_string(wording(v->outcome)));
	json_object_set_new(o, "end_date", json_string(v->end_date ? v->end_date : ""));
	json_object_set_new(o, "problems", json_integer(v->problems));
	json_object_set_new(o, "open_problems", json_integer(v->open_problems));
	json_array_append_new(r->rows, o);
	return 0;
}

static const char *opt(struct http_req *rq, const char *name)
{
	const char *v = rq->query(rq->ctx, name);
	return v && *v ? v : NULL;
}

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	size_t off, size;
	http_page(rq, &off, &size);
	const char *draw = opt(rq, "draw"), *mine = opt(rq, "mine");
	struct op_task_filter f = {.draw_id = draw ? atol(draw) : 0,
				   .state = opt(rq, "state"),
				   .kind = opt(rq, "kind"),
				   .uscc = opt(rq, "uscc"),
				   .officer = opt(rq, "officer"),
				   .mine = mine && strcmp(mine, "0"),
				   .unit_id = opt(rq, "unit") ? s->unit.id : 0,
				   .month = opt(rq, "month"),
				   .due_by = opt(rq, "due_by"),
				   .offset = (long)off,
				   .limit = (long)size};
	struct rows r = {json_array(), s};
	struct op_task_list_result out = {0};
	struct op_diag d = OP_DIAG_INIT;
	if (op_task_list(s, &f, add_row, &r, &out, &d)) {
		json_decref(r.rows);
		return http_op_error(rs, &d);
	}
	http_json(rs, 200, json_pack("{s:I,s:o}", "total", (json_int_t)out.total, "rows", r.rows));
}

static void show(struct http_resp *rs, struct op_session *s, long id)
{
	struct task_info ti;
	struct op_diag d = OP_DIAG_INIT;
	if (op_task_get(s, id, ACT_TASK_READ, &ti, &d))
		return http_op_error(rs, &d);
	json_t *o = task_json(s, &ti.task, ti.cancelled, ti.object_name, ti.region, ti.klass);
	if (ti.result_id) {
		json_object_set_new(
		    o, "result",
		    json_pack("{s:I,s:s,s:o,s:s,s:I,s:I,s:I}", "id", (json_int_t)ti.result_id, "outcome",
			      wording(ti.outcome), "dates", http_split(ti.dates, "、"), "end_date",
			      ti.end_date ? ti.end_date : "", "problems", (json_int_t)ti.problems,
			      "open_problems", (json_int_t)ti.open_problems, "penalties",
			      (json_int_t)ti.penalties));
		json_object_set_new(o, "decision", json_string(ti.decision ? ti.decision : ""));
		json_object_set_new(o, "decided_on", json_string(ti.decided_on ? ti.decided_on : ""));
	}
	task_info_release(&ti);
	http_json(rs, 200, o);
}

/* A JSON array of objects into "KEY=TEXT" (or "[KEY:]TEXT") strings; all owned by *out. */
static size_t pairs(json_t *arr, const char *k, const char *v, const char *sep, int key_optional, char ***out)
{
	size_t n = json_array_size(arr), m = 0;
	*out = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(arr, i);
		const char *key = json_is_string(e) ? NULL : http_jstr(e, k);
		const char *text = json_is_string(e) ? json_string_value(e) : http_jstr(e, v);
		if (!text)
			continue;
		if (key && *key) {
			(*out)[m] = xmalloc(strlen(key) + strlen(sep) + strlen(text) + 1);
			sprintf((*out)[m], "%s%s%s", key, sep, text);
		} else if (key_optional || json_is_string(e)) {
			(*out)[m] = xstrdup(text);
		} else {
			continue;
		}
		m++;
	}
	return m;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void record(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	const char *dates[64];
	size_t ndates = 0;
	json_t *dj = json_object_get(j, "dates");
	if (json_is_array(dj)) {
		for (size_t i = 0; i < json_array_size(dj) && ndates < 64; i++)
			if (json_is_string(json_array_get(dj, i)))
				dates[ndates++] = json_string_value(json_array_get(dj, i));
	} else {
		const char *a = http_jstr(j, "start_date"), *b = http_jstr(j, "end_date");
		if (a && *a)
			dates[ndates++] = a;
		if (b && *b && (!a || strcmp(a, b)))
			dates[ndates++] = b;
	}
	char **problems, **findings;
	size_t np = pairs(json_object_get(j, "problems"), "item", "description", ":", 1, &problems);
	size_t nf = pairs(json_object_get(j, "findings"), "item", "text", "=", 0, &findings);
	struct op_result_args a = {.task_id = id,
				   .outcome = http_jstr(j, "outcome"),
				   .dates = dates,
				   .ndates = ndates,
				   .findings = (const char *const *)findings,
				   .nfindings = nf,
				   .problems = (const char *const *)problems,
				   .nproblems = np,
				   .summary = http_jstr(j, "summary"),
				   .reason = http_jstr(j, "reason")};
	struct op_result_out out;
	memset(&out, 0, sizeof(out));
	struct op_diag d = OP_DIAG_INIT;
	int amend = a.reason && *a.reason;
	int rc = amend ? op_result_amend(s, &a, &out, &d) : op_result_record(s, &a, &out, &d);
	free_list(problems, np);
	free_list(findings, nf);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	json_t *notes = json_array();
	for (size_t i = 0; i < d.nnotes; i++)
		json_array_append_new(notes, json_string(d.notes[i]));
	op_diag_release(&d);
	http_json(rs, amend ? 200 : 201,
		  json_pack("{s:I,s:I,s:s,s:o,s:s,s:I,s:s,s:b,s:o}", "task", (json_int_t)id, "result",
			    (json_int_t)out.result_id, "outcome", out.wording ? out.wording : "", "dates",
			    http_split(out.dates, "、"), "end_date", out.end_date, "problems",
			    (json_int_t)out.nproblems, "disclosure_due", out.due, "due_tentative",
			    out.tentative, "notes", notes));
}

static void cancel(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_task_cancel(s, id, http_jstr(j, "reason"), &d);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	http_ok(rs, &d);
}

int http_tasks(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	int get = !strcmp(m, "GET") || !strcmp(m, "HEAD"), post = !strcmp(m, "POST");
	long id = 0;
	if (nseg >= 2) {
		char *end;
		id = strtol(seg[1], &end, 10);
		if (*end || id <= 0)
			return http_error(rs, 400, "任务编号无效"), 1;
	}
	if (nseg > 3 ||
	    (nseg == 3 && strcmp(seg[2], "result") && strcmp(seg[2], "cancel") && strcmp(seg[2], "problems")))
		return 0;
	if (nseg == 3 ? !post : !get)
		return http_method_not_allowed(rs, nseg == 3 ? "POST" : "GET"), 1;
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	if (nseg == 1)
		list(rq, rs, &s);
	else if (nseg == 2)
		show(rs, &s, id);
	else if (!strcmp(seg[2], "result"))
		record(rq, rs, &s, id);
	else if (!strcmp(seg[2], "problems"))
		http_problem_add(rq, rs, &s, id);
	else
		cancel(rq, rs, &s, id);
	return 1;
}
