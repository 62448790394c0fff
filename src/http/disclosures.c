/*
 * This file implements the API's disclosure of results (Article 9, op/disclosure.h):
 *   GET  /api/disclosures?due=1&within=N&year=&unit=&page=&size=   results awaiting publication with
 *        their due date (20 working days after the inspection), late ones marked; without due=1 also every
 *        decision taken (已公开 with its timing, 不予公开 with its reason)
 *   POST /api/disclosures/{task}/publish {"date"?}                 公开 (disclosure.publish)
 *   POST /api/disclosures/{task}/withhold {"reason","note","date"?} 不予公开 (disclosure.withhold)
 * Who sees and decides what is the operations' decision (docs/ROLES.md).
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "op/disclosure.h"
#include "op/lookup.h"

static const char *opt(struct http_req *rq, const char *name)
{
	const char *v = rq->query(rq->ctx, name);
	return v && *v ? v : NULL;
}

static int yes(const char *v)
{
	return v && (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes"));
}

/* The unit's name for rows that name a unit (unit_name beside unit). */
static const char *unit_name(struct op_session *s, long id, struct unit *cache)
{
	if (cache->id != id) {
		struct op_diag d = OP_DIAG_INIT;
		memset(cache, 0, sizeof(*cache));
		if (op_unit_lookup(s, id, cache, &d))
			op_diag_release(&d);
		cache->id = id;
	}
	return cache->name;
}

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	int due_only = yes(opt(rq, "due"));
	long within = -1, year = 0;
	const char *w = opt(rq, "within"), *y = opt(rq, "year");
	if (w && parse_long(w, 0, 250, &within))
		return http_error(rs, 400, "within 应为 0 到 250 之间的工作日数");
	if (y && parse_long(y, 2000, 2999, &year))
		return http_error(rs, 400, "年度无效（应为四位年份，例如 2026）");
	long unit = opt(rq, "unit") ? s->unit.id : 0;
	struct op_due_list due;
	struct op_diag d = OP_DIAG_INIT;
	if (op_disclosure_due(s, (int)within, unit, &due, &d))
		return http_op_error(rs, &d);
	op_diag_release(&d);
	json_t *rows = json_array();
	struct unit cache = {0};
	for (size_t i = 0; i < due.n; i++) {
		const struct op_due_row *r = &due.rows[i];
		if (year && atoi(r->end_date) != year)
			continue;
		json_t *o =
		    json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:n,s:b,s:I,s:I,s:I,s:s}", "task",
			      (json_int_t)r->task_id, "uscc", r->uscc, "name", r->name, "outcome", r->outcome,
			      "end_date", r->end_date, "due", r->due, "tentative", r->tentative, "state",
			      "待公开", "published_at", "late", r->late_days > 0, "late_days",
			      (json_int_t)r->late_days, "left_days", (json_int_t)r->left_days, "unit",
			      (json_int_t)r->unit_id, "unit_name", unit_name(s, r->unit_id, &cache));
		if (*r->problem)
			json_object_set_new(o, "problem", json_string(r->problem));
		json_array_append_new(rows, o);
	}
	json_t *extra = json_pack("{s:s,s:I,s:I}", "today", due.today, "late", (json_int_t)due.late,
				  "due_today", (json_int_t)due.due_today);
	op_due_list_release(&due);
	if (!due_only) {
		struct op_decision_list dl;
		if (op_disclosure_list(s, (int)year, unit, &dl, &d)) {
			json_decref(rows);
			json_decref(extra);
			return http_op_error(rs, &d);
		}
		op_diag_release(&d);
		for (size_t i = 0; i < dl.n; i++) {
			const struct op_decision_row *r = &dl.rows[i];
			int published = !strcmp(r->decision, "公开");
			json_t *o = json_pack(
			    "{s:I,s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s,s:s,s:b,s:b,s:I,s:s}", "task",
			    (json_int_t)r->task_id, "uscc", r->uscc, "name", r->name, "outcome", r->outcome,
			    "end_date", r->end_date, "due", r->due, "tentative", r->tentative, "state",
			    published ? "已公开" : "不予公开", "published_at", published ? r->on_date : "",
			    "decided_on", r->on_date, "late", r->timing == 2, "on_time", r->timing == 1,
			    "unit", (json_int_t)r->unit_id, "unit_name", unit_name(s, r->unit_id, &cache));
			if (*r->reason) {
				json_object_set_new(o, "reason", json_string(r->reason));
				json_object_set_new(o, "decided_by", json_string(r->actor));
				json_object_set_new(o, "decided_role", json_string(r->role));
			}
			json_array_append_new(rows, o);
		}
		op_decision_list_release(&dl);
	}
	size_t off, size;
	http_page(rq, &off, &size);
	json_t *o = http_list(rows, off, size);
	json_object_update(o, extra);
	json_decref(extra);
	http_json(rs, 200, o);
}

static void decide(struct http_req *rq, struct http_resp *rs, struct op_session *s, long task, int withhold)
{
	/* publishing needs nothing more than the task: an empty body is {} */
	json_t *j = !withhold && !rq->body_len ? json_object() : http_body_json(rq, rs);
	if (!j)
		return;
	const char *date = http_jstr(j, "date");
	struct op_disclose_args a = {.task_id = task,
				     .withhold = withhold,
				     .date = date && *date ? date : NULL,
				     .reason = http_jstr(j, "reason"),
				     .note = http_jstr(j, "note")};
	struct op_disclose_out out;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_disclose(s, &a, &out, &d);
	if (rc) {
		json_decref(j);
		return http_op_error(rs, &d);
	}
	op_diag_release(&d);
	json_t *o = json_pack("{s:I,s:s,s:s,s:s,s:s}", "task", (json_int_t)task, "name", out.object_name,
			      "state", withhold ? "不予公开" : "已公开", "date", out.date, "role", out.role);
	if (withhold) {
		json_object_set_new(o, "reason", json_string(a.reason));
	} else {
		json_object_set_new(o, "due", json_string(out.due));
		json_object_set_new(o, "tentative", json_boolean(out.tentative));
		json_object_set_new(o, "on_time", *out.due ? json_boolean(out.on_time) : json_null());
	}
	json_decref(j);
	http_json(rs, 200, o);
}

int http_disclosures(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD");
	if (nseg == 1) {
		if (!get)
			return http_method_not_allowed(rs, "GET"), 1;
	} else if (nseg == 3 && (!strcmp(seg[2], "publish") || !strcmp(seg[2], "withhold"))) {
		if (strcmp(rq->method, "POST"))
			return http_method_not_allowed(rs, "POST"), 1;
	} else {
		return 0;
	}
	long task = 0;
	if (nseg == 3 && !(task = parse_id(seg[1])))
		return http_error(rs, 400, "任务编号无效"), 1;
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	if (nseg == 1)
		list(rq, rs, &s);
	else
		decide(rq, rs, &s, task, !strcmp(seg[2], "withhold"));
	return 1;
}
