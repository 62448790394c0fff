/*
 * This file implements the API's problem board (op/problem.h, the closed loop of Article 3):
 * GET /api/problems?state=&overdue=1&due_within=N&task=&unit=&page=&size= (rows with the deadline, whether
 * overdue or due soon, the unit), GET /api/problems/{id} (with every step and its evidence), and the
 * steps POST /api/problems/{id}/assign {"to","days"|"deadline","note"} (交办), /escalate {"note"} (督办;
 * 升级督办 once the deadline has passed) and /close {"evidence":[upload ids],"note"} (销号: the evidence
 * uploaded to the problem's task first, POST /api/tasks/{task}/attachments). Who may take a step, and
 * the order of the steps, are the operations' decisions.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "op/lookup.h"
#include "op/problem.h"
#include "util/xalloc.h"

/* The states as the board names them, beside the closed loop's own (发现, 交办, 督办, 销号). */
static const char *const STATES[][2] = {
    {"发现", "待交办"},
    {"交办", "整改中"},
    {"督办", "已督办"},
    {"销号", "已销号"},
};

static const char *board_state(const char *state)
{
	for (size_t i = 0; i < sizeof(STATES) / sizeof(*STATES); i++)
		if (!strcmp(STATES[i][0], state))
			return STATES[i][1];
	return state;
}

/* Either name of a state → the closed loop's; NULL when it is none. */
static const char *loop_state(const char *state)
{
	for (size_t i = 0; i < sizeof(STATES) / sizeof(*STATES); i++)
		if (!strcmp(STATES[i][0], state) || !strcmp(STATES[i][1], state))
			return STATES[i][0];
	return NULL;
}

json_t *http_problem_json(struct op_session *s, const struct op_problem_row *p)
{
	struct unit u = {0};
	struct op_diag d = OP_DIAG_INIT;
	if (op_unit_lookup(s, p->unit_id ? p->unit_id : 1, &u, &d))
		op_diag_release(&d);
	int open = strcmp(p->state, "销号") != 0;
	json_t *o = json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:b,s:I,s:b}", "id",
			      (json_int_t)p->id, "task", (json_int_t)p->task_id, "name", p->object_name,
			      "uscc", p->uscc, "item", p->item, "description", p->description, "kind",
			      p->kind, "state", board_state(p->state), "loop_state", p->state, "found_on",
			      p->found_on, "assigned_to", p->assignee, "due", p->deadline, "overdue",
			      open && p->overdue_days > 0, "due_soon", open && p->due_soon, "overdue_days",
			      (json_int_t)p->overdue_days, "escalated", p->escalated);
	json_object_set_new(o, "closed_on", json_string(p->closed_on));
	json_object_set_new(o, "unit", json_integer(u.id));
	json_object_set_new(o, "unit_name", json_string(u.name));
	return o;
}

static const char *opt(struct http_req *rq, const char *name)
{
	const char *v = rq->query(rq->ctx, name);
	return v && *v ? v : NULL;
}

/* A whole number in [lo, hi] from the query; -1 with 400 written when malformed. */
static int number(struct http_req *rq, struct http_resp *rs, const char *name, long lo, long hi, long *out)
{
	const char *v = opt(rq, name);
	if (!v)
		return 0;
	char *end;
	long n = strtol(v, &end, 10);
	if (*end || n < lo || n > hi) {
		char msg[128];
		snprintf(msg, sizeof(msg), "参数 %s 应为 %ld 至 %ld 的整数", name, lo, hi);
		http_error(rs, 400, msg);
		return -1;
	}
	*out = n;
	return 0;
}

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	size_t off, size;
	http_page(rq, &off, &size);
	struct op_problem_list_args a = {.within = -1, .unit_id = opt(rq, "unit") ? s->unit.id : 0};
	const char *state = opt(rq, "state"), *overdue = opt(rq, "overdue"), *open = opt(rq, "open");
	if (state && !(a.state = loop_state(state)))
		return http_error(rs, 400,
				  "状态应为 待交办、整改中、已督办、已销号（或 发现、交办、督办、销号）");
	a.overdue = overdue && strcmp(overdue, "0") && strcmp(overdue, "false");
	a.open_only = open && strcmp(open, "0") && strcmp(open, "false");
	long within = -1, task = 0;
	if (number(rq, rs, "due_within", 0, 250, &within) || number(rq, rs, "task", 1, 1L << 52, &task))
		return;
	a.within = (int)within;
	a.task_id = task;
	struct op_problem_list l;
	struct op_diag d = OP_DIAG_INIT;
	if (op_problem_list(s, &a, &l, &d))
		return http_op_error(rs, &d);
	json_t *rows = json_array();
	for (size_t i = 0; i < l.n; i++)
		json_array_append_new(rows, http_problem_json(s, &l.rows[i]));
	json_t *j = http_list(rows, off, size);
	json_object_set_new(j, "today", json_string(l.today));
	json_object_set_new(j, "overdue", json_integer(l.overdue));
	json_object_set_new(j, "due_soon_until", json_string(l.soon));
	if (*l.limit)
		json_object_set_new(j, "due_until", json_string(l.limit));
	op_problem_list_release(&l);
	http_json(rs, 200, j);
}

static json_t *detail(struct op_session *s, long id, struct op_diag *d)
{
	struct op_problem_detail p;
	if (op_problem_get(s, id, &p, d))
		return NULL;
	json_t *o = p.one.n ? http_problem_json(s, &p.one.rows[0]) : json_object();
	json_t *steps = json_array();
	for (size_t i = 0; i < p.nsteps; i++) {
		const struct op_problem_step_view *v = &p.steps[i];
		json_t *ev = json_array();
		for (size_t k = 0; k < v->nevidence; k++)
			json_array_append_new(ev, json_pack("{s:s,s:s,s:I}", "name", v->evidence[k].name,
							    "sha256", v->evidence[k].sha256, "size",
							    (json_int_t)v->evidence[k].size));
		json_array_append_new(steps, json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:o}", "step",
						       v->step, "on_date", v->on_date, "at", v->at, "actor",
						       v->actor, "role", v->role, "assigned_to", v->assignee,
						       "due", v->deadline, "note", v->note, "evidence", ev));
	}
	json_object_set_new(o, "steps", steps);
	op_problem_detail_release(&p);
	return o;
}

static void show(struct http_resp *rs, struct op_session *s, long id)
{
	struct op_diag d = OP_DIAG_INIT;
	json_t *o = detail(s, id, &d);
	if (!o)
		return http_op_error(rs, &d);
	http_json(rs, 200, o);
}

#define EVIDENCE_MAX 20

/* "evidence": an upload id, or a list of them (numbers or numeric strings). -1 with 400 written. */
static int evidence_ids(json_t *j, struct http_resp *rs, long *ids, size_t *n)
{
	json_t *v = json_object_get(j, "evidence");
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	size_t count = json_is_array(v) ? json_array_size(v) : 1;
	for (size_t i = 0; i < count; i++) {
		json_t *e = json_is_array(v) ? json_array_get(v, i) : v;
		if (json_is_object(e))
			e = json_object_get(e, "id");
		long id = 0;
		if (json_is_integer(e)) {
			id = (long)json_integer_value(e);
		} else if (json_is_string(e)) {
			char *end;
			id = strtol(json_string_value(e), &end, 10);
			if (*end)
				id = 0;
		}
		if (id <= 0 || *n == EVIDENCE_MAX) {
			http_error(rs, 400,
				   "evidence 应为先上传到该问题所属任务的附件编号（POST "
				   "/api/tasks/{任务}/attachments），至多 20 个");
			return -1;
		}
		ids[(*n)++] = id;
	}
	return 0;
}

static void step(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id, const char *what)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	struct op_problem_step_args a = {
	    .problem_id = id, .note = http_jstr(j, "note"), .date = http_jstr(j, "date")};
	if (a.note && !*a.note)
		a.note = NULL;
	if (a.date && !*a.date)
		a.date = NULL;
	long ids[EVIDENCE_MAX];
	size_t nids = 0;
	if (!strcmp(what, "assign")) {
		a.step = "交办";
		a.to = http_jstr(j, "to");
		if (!a.to)
			a.to = "";
		a.deadline = http_jstr(j, "deadline");
		if (a.deadline && !*a.deadline)
			a.deadline = NULL;
		json_t *days = json_object_get(j, "days");
		if (json_is_integer(days) && json_integer_value(days) > 0 && json_integer_value(days) <= 365)
			a.days = (int)json_integer_value(days);
		else if (days && !json_is_null(days)) {
			json_decref(j);
			return http_error(rs, 400, "days 应为 1 至 365 的工作日数");
		}
	} else if (!strcmp(what, "escalate")) {
		a.step = "督办";
		a.upgrade = 1;
	} else {
		a.step = "销号";
		if (evidence_ids(j, rs, ids, &nids)) {
			json_decref(j);
			return;
		}
		a.uploads = ids;
		a.nuploads = nids;
	}
	struct op_problem_step_out out;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_problem_step(s, &a, &out, &d);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	json_t *o = json_pack("{s:b,s:s,s:s,s:b}", "ok", 1, "step", out.step, "deadline", out.deadline,
			      "tentative", out.tentative);
	json_t *p = detail(s, id, &d);
	if (p)
		json_object_set_new(o, "problem", p);
	else
		op_diag_release(&d);
	http_json(rs, 200, o);
}

int http_problems(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	int get = !strcmp(m, "GET") || !strcmp(m, "HEAD"), post = !strcmp(m, "POST");
	long id = 0;
	if (nseg > 3)
		return 0;
	if (nseg >= 2) {
		char *end;
		id = strtol(seg[1], &end, 10);
		if (*end || id <= 0)
			return http_error(rs, 400, "问题编号无效"), 1;
	}
	if (nseg == 3 && strcmp(seg[2], "assign") && strcmp(seg[2], "escalate") && strcmp(seg[2], "close"))
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
	else
		step(rq, rs, &s, id, seg[2]);
	return 1;
}
