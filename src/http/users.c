/*
 * This file implements the API's users resource (系统管理员、安全管理员): GET /api/users, POST
 * /api/users {"name","password","roles":[…],"unit","person_id"}, and per user POST
 * /api/users/{name}/lock {"until"?} | /unlock | /passwd {"password"} | /roles {"roles","unit"?,
 * "person_id"?} | /disable | /enable. The rules (三员分立, who may manage whom) live in op/user.c.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "op/lookup.h"
#include "op/user.h"
#include "util/clock.h"

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	struct user *v = NULL;
	size_t n = 0;
	struct op_diag d = OP_DIAG_INIT;
	if (op_user_list(s, &v, &n, &d))
		return http_op_error(rs, &d);
	char now[26];
	clock_now(now);
	json_t *rows = json_array();
	for (size_t i = 0; i < n; i++) {
		struct unit u = {0};
		struct op_diag ud = OP_DIAG_INIT;
		if (op_unit_lookup(s, v[i].unit_id, &u, &ud))
			op_diag_release(&ud);
		int locked = *v[i].locked_until && strcmp(v[i].locked_until, now) > 0;
		json_array_append_new(rows, json_pack("{s:s,s:o,s:I,s:s,s:s,s:b,s:b,s:i,s:s,s:s}", "name",
						      v[i].name, "roles", http_split(v[i].roles, "、"),
						      "unit", (json_int_t)v[i].unit_id, "unit_name", u.name,
						      "person_id", v[i].person_id, "active", v[i].active,
						      "locked", locked, "failed", v[i].failed, "locked_until",
						      v[i].locked_until, "updated_at", v[i].updated_at));
	}
	free(v);
	size_t off, size;
	http_page(rq, &off, &size);
	http_json(rs, 200, http_list(rows, off, size));
}

static void add(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	char *roles = http_jjoin(j, "roles", "、"), *unit = http_jjoin(j, "unit", "");
	struct op_user_args a = {.name = http_jstr(j, "name"),
				 .roles = roles ? roles : "",
				 .person = http_jstr(j, "person_id"),
				 .unit = unit && *unit ? unit : NULL,
				 .password = http_jstr(j, "password")};
	struct op_diag d = OP_DIAG_INIT;
	int rc = -1, gated = a.password && *a.password;
	if (!gated || !http_hash_enter(rs)) {
		rc = op_user_add(s, &a, &d);
		if (gated)
			http_hash_leave();
	} else {
		op_diag_release(&d);
		goto out;
	}
	if (rc)
		http_op_error(rs, &d);
	else
		http_ok(rs, &d), rs->status = 201;
out:
	free(roles);
	free(unit);
	json_decref(j);
}

static void action(struct http_req *rq, struct http_resp *rs, struct op_session *s, const char *name,
		   const char *what)
{
	json_t *j = NULL;
	if (rq->body_len && !(j = http_body_json(rq, rs)))
		return;
	struct op_diag d = OP_DIAG_INIT;
	int rc;
	if (!strcmp(what, "lock")) {
		const char *until = j ? http_jstr(j, "until") : NULL;
		rc = op_user_lock(s, name, until && *until ? until : "9999-12-31T23:59:59+08:00", &d);
	} else if (!strcmp(what, "unlock")) {
		rc = op_user_lock(s, name, "", &d);
	} else if (!strcmp(what, "disable") || !strcmp(what, "enable")) {
		rc = op_user_set_active(s, name, !strcmp(what, "enable"), &d);
	} else if (!strcmp(what, "passwd")) {
		if (http_hash_enter(rs)) {
			json_decref(j);
			return;
		}
		rc = op_user_passwd(s, name, j ? http_jstr(j, "password") : NULL, &d);
		http_hash_leave();
	} else { /* roles */
		char *roles = j ? http_jjoin(j, "roles", "、") : NULL,
		     *unit = j ? http_jjoin(j, "unit", "") : NULL;
		struct op_user_args a = {.name = name,
					 .roles = roles,
					 .person = j ? http_jstr(j, "person_id") : NULL,
					 .unit = unit && *unit ? unit : NULL};
		rc = op_user_change(s, &a, &d);
		free(roles);
		free(unit);
	}
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	http_ok(rs, &d);
}

int http_users(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	int get = !strcmp(m, "GET") || !strcmp(m, "HEAD"), post = !strcmp(m, "POST");
	static const char *const actions[] = {"lock", "unlock", "passwd", "roles", "disable", "enable"};
	if (nseg == 1) {
		if (!get && !post) {
			http_method_not_allowed(rs, "GET, POST");
			return 1;
		}
	} else if (nseg == 3) {
		int known = 0;
		for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
			known |= !strcmp(seg[2], actions[i]);
		if (!known)
			return 0;
		if (!post) {
			http_method_not_allowed(rs, "POST");
			return 1;
		}
	} else {
		return 0;
	}
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	if (nseg == 1)
		get ? list(rq, rs, &s) : add(rq, rs, &s);
	else
		action(rq, rs, &s, seg[1], seg[2]);
	return 1;
}
