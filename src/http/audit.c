/*
 * This file implements the API's audit chain (op/audit.h): GET /api/audit?page=&size= (entries, newest
 * first) and GET /api/audit/verify ({ok, problems:[…]} with the head and what was checked).
 */
#include "http/http.h"

#include <string.h>

#include "op/audit.h"

static int add_entry(const struct audit_entry *e, void *arg)
{
	json_array_append_new(arg, json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s}", "seq", (json_int_t)e->seq, "at",
					     e->at, "actor", e->actor, "action", e->action, "subject",
					     e->subject, "hash", e->hash, "content_hash", e->content_hash));
	return 0;
}

static void entries(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	json_t *rows = json_array();
	struct op_diag d = OP_DIAG_INIT;
	if (op_audit_entries(s, 0, add_entry, rows, &d)) {
		json_decref(rows);
		return http_op_error(rs, &d);
	}
	size_t off, size;
	http_page(rq, &off, &size);
	http_json(rs, 200, http_list(rows, off, size));
}

static void verify(struct http_resp *rs, struct op_session *s)
{
	struct audit_report r;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_audit_verify(s, &r, &d);
	if (rc < 0)
		return http_op_error(rs, &d);
	json_t *problems = json_array();
	if (r.problem)
		json_array_append_new(problems, json_string(r.problem));
	http_json(rs, 200,
		  json_pack("{s:b,s:o,s:I,s:I,s:s,s:I,s:I,s:I,s:s}", "ok", rc == 0, "problems", problems,
			    "entries", (json_int_t)r.entries, "head_seq", (json_int_t)r.head_seq, "head_hash",
			    r.head_hash, "subjects", (json_int_t)r.subjects, "problem_seq",
			    (json_int_t)r.problem_seq, "unchecked_subjects", (json_int_t)r.unchecked_subjects,
			    "unchecked", r.unchecked ? r.unchecked : ""));
	audit_report_release(&r);
}

int http_audit(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	if (nseg > 2 || (nseg == 2 && strcmp(seg[1], "verify")))
		return 0;
	if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD"))
		return http_method_not_allowed(rs, "GET"), 1;
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	if (nseg == 1)
		entries(rq, rs, &s);
	else
		verify(rs, &s);
	return 1;
}
