/*
 * This file implements the API's units resource: GET /api/units (every unit with its jurisdiction,
 * staff and directory sizes: op_unit_list) and POST /api/units {"name","regions":[…]} (a branch:
 * op_unit_add).
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "op/user.h"

static json_t *unit_json(const struct unit *u)
{
	return json_pack("{s:I,s:s,s:s,s:I,s:o}", "id", (json_int_t)u->id, "name", u->name, "level", u->level,
			 "parent", (json_int_t)u->parent, "regions", http_split(u->regions, ","));
}

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	struct op_unit_row *v = NULL;
	size_t n = 0;
	struct op_diag d = OP_DIAG_INIT;
	if (op_unit_list(s, &v, &n, &d))
		return http_op_error(rs, &d);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *r = unit_json(&v[i].u);
		json_object_set_new(r, "staff", json_integer(v[i].staff));
		json_object_set_new(r, "objects", json_integer(v[i].objects));
		json_object_set_new(r, "people", json_integer(v[i].people));
		json_array_append_new(rows, r);
	}
	free(v);
	size_t off, size;
	http_page(rq, &off, &size);
	if (!rq->query(rq->ctx, "size"))
		size = 500;
	http_json(rs, 200, http_list(rows, off, size));
}

static void add(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	char *regions = http_jjoin(j, "regions", ",");
	struct unit u;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_unit_add(s, http_jstr(j, "name"), regions ? regions : "", &u, &d);
	free(regions);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	op_diag_release(&d);
	http_json(rs, 201, unit_json(&u));
}

int http_units(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	if (nseg != 1)
		return 0;
	int get = !strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD"),
	    post = !strcmp(rq->method, "POST");
	if (!get && !post) {
		http_method_not_allowed(rs, "GET, POST");
		return 1;
	}
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	if (get)
		list(rq, rs, &s);
	else
		add(rq, rs, &s);
	return 1;
}
