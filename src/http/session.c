/*
 * This file implements the API's session resource: POST /api/session signs in (a new random session
 * id in the cookie suiji_session: HttpOnly, SameSite=Strict, Path=/, Secure behind TLS; a cookie the
 * client already had is never reused), GET /api/session is the signed-in user and the CSRF token,
 * DELETE /api/session signs out, POST /api/session/passwd changes the user's own password. The rules
 * live in op/signin.c.
 */
#include "http/http.h"

#include <stdio.h>
#include <string.h>

#include "core/roles.h"
#include "op/authz.h"
#include "op/signin.h"

json_t *http_user_json(const struct op_session *s)
{
	char roles[256];
	roles_format(s->roles, roles, sizeof(roles));
	const char *codes[ACT__COUNT];
	size_t n = op_codes_of(s->roles, codes);
	json_t *can = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(can, json_string(codes[i]));
	return json_pack("{s:s,s:o,s:{s:I,s:s,s:s},s:s,s:o}", "name", s->name, "roles",
			 http_split(roles, "、"), "unit", "id", (json_int_t)s->own.id, "name", s->own.name,
			 "level", s->own.level, "person_id", s->person_id, "can", can);
}

static void set_cookie(struct http_req *rq, struct http_resp *rs, const char *sid, int max_age)
{
	snprintf(rs->cookie, sizeof(rs->cookie),
		 "suiji_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", sid, max_age,
		 rq->cfg->secure ? "; Secure" : "");
}

static void signin(struct http_req *rq, struct http_resp *rs)
{
	if (http_check_origin(rq, rs))
		return;
	if (!rq->st)
		return http_error(rs, 503, "数据库暂时无法打开，请稍后重试");
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	const char *name = http_jstr(j, "name"), *pw = http_jstr(j, "password");
	if (http_hash_enter(rs)) {
		json_decref(j);
		return;
	}
	struct op_session s;
	struct op_token sid, csrf;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_signin(rq->st, name, pw, rq->ip, &s, &sid, &csrf, &d);
	http_hash_leave();
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	snprintf(rq->user, sizeof(rq->user), "%s", s.name);
	set_cookie(rq, rs, sid.hex, 12 * 3600);
	http_json(rs, 200, json_pack("{s:o,s:s}", "user", http_user_json(&s), "csrf", csrf.hex));
}

static void current(struct http_req *rq, struct http_resp *rs)
{
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return;
	char sid[80];
	struct op_token csrf;
	http_session_cookie(rq, sid);
	op_session_csrf(sid, &csrf);
	http_json(rs, 200, json_pack("{s:o,s:s}", "user", http_user_json(&s), "csrf", csrf.hex));
}

static void signout(struct http_req *rq, struct http_resp *rs)
{
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return;
	char sid[80];
	http_session_cookie(rq, sid);
	struct op_diag d = OP_DIAG_INIT;
	if (op_signout(rq->st, sid, &d))
		return http_op_error(rs, &d);
	set_cookie(rq, rs, "", 0);
	http_ok(rs, NULL);
}

static void passwd(struct http_req *rq, struct http_resp *rs)
{
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return;
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	if (http_hash_enter(rs)) {
		json_decref(j);
		return;
	}
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_password_change(&s, http_jstr(j, "old"), http_jstr(j, "password"), &d);
	http_hash_leave();
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	http_ok(rs, &d);
}

int http_session(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	if (nseg == 1) {
		if (!strcmp(m, "POST"))
			signin(rq, rs);
		else if (!strcmp(m, "GET") || !strcmp(m, "HEAD"))
			current(rq, rs);
		else if (!strcmp(m, "DELETE"))
			signout(rq, rs);
		else
			http_method_not_allowed(rs, "GET, POST, DELETE");
		return 1;
	}
	if (nseg == 2 && !strcmp(seg[1], "passwd")) {
		if (strcmp(m, "POST"))
			http_method_not_allowed(rs, "POST");
		else
			passwd(rq, rs);
		return 1;
	}
	return 0;
}
