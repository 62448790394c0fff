/*
 * This file implements the API's agenda (待办, op/agenda.h): GET /api/agenda?days=30 — the operator's
 * inspections still to make, results awaiting publication by their due date and open problems by their
 * deadline, within what the operator may see, overdue first. Also POST /api/tasks/{id}/problems
 * {"item","description","found_on","reason"}: a problem found after the result (op/problem.h).
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "op/agenda.h"
#include "op/problem.h"

static const char *kind_name(enum op_agenda_kind k)
{
	return k == AGENDA_TASK ? "task" : k == AGENDA_DISCLOSURE ? "disclosure" : "problem";
}

int http_agenda(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	if (nseg != 1)
		return 0;
	if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD"))
		return http_method_not_allowed(rs, "GET"), 1;
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	const char *dq = rq->query(rq->ctx, "days");
	char *end = NULL;
	long days = dq && *dq ? strtol(dq, &end, 10) : 30;
	if ((end && *end) || days < 1 || days > 366)
		return http_error(rs, 400, "days 应为 1 到 366 之间的整数"), 1;
	struct op_agenda a;
	struct op_diag d = OP_DIAG_INIT;
	if (op_agenda(&s, (int)days, &a, &d))
		return http_op_error(rs, &d), 1;
	json_t *rows = json_array();
	for (size_t i = 0; i < a.n; i++) {
		const struct op_agenda_item *it = &a.items[i];
		json_array_append_new(
		    rows, json_pack("{s:s,s:I,s:I,s:s,s:b,s:b,s:s,s:s,s:s}", "kind", kind_name(it->kind),
				    "id", (json_int_t)it->id, "task", (json_int_t)it->task_id, "date",
				    it->date, "overdue", it->overdue, "tentative", it->tentative, "uscc",
				    it->uscc ? it->uscc : "", "name", it->name ? it->name : "", "what",
				    it->what ? it->what : ""));
	}
	json_t *o = json_pack("{s:s,s:s,s:I,s:o}", "today", a.today, "until", a.until, "total",
			      (json_int_t)a.n, "rows", rows);
	op_agenda_release(&a);
	http_json(rs, 200, o);
	return 1;
}

void http_problem_add(struct http_req *rq, struct http_resp *rs, struct op_session *s, long task)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	const char *item = http_jstr(j, "item");
	struct op_problem_new p = {.task_id = task,
				   .item = item && *item ? item : NULL,
				   .description = http_jstr(j, "description"),
				   .found_on = http_jstr(j, "found_on"),
				   .reason = http_jstr(j, "reason")};
	long id = 0;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_problem_add(s, &p, &id, &d);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	op_diag_release(&d);
	http_json(rs, 201, json_pack("{s:I,s:I}", "id", (json_int_t)id, "task", (json_int_t)task));
}
