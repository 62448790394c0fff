/*
 * This file implements what the resource files of the server share (http/http.h): responses in JSON,
 * the mapping of an operation's failure onto an HTTP status, reading the signed-in session with its
 * CSRF and origin checks, JSON body helpers, paging, and the bound on concurrent password hashing.
 */
#include "http/http.h"

#include <errno.h>
#include <semaphore.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "op/signin.h"
#include "util/xalloc.h"

void http_resp_init(struct http_resp *rs)
{
	memset(rs, 0, sizeof(*rs));
	rs->fd = -1;
	rs->status = 500;
}

void http_resp_release(struct http_resp *rs)
{
	free(rs->body);
	rs->body = NULL;
	if (rs->fd >= 0)
		close(rs->fd);
	rs->fd = -1;
}

static void set_body(struct http_resp *rs, char *body, size_t len)
{
	free(rs->body);
	if (rs->fd >= 0)
		close(rs->fd);
	rs->fd = -1;
	rs->body = body;
	rs->len = len;
}

void http_text(struct http_resp *rs, int status, const char *type, const char *text)
{
	rs->status = status;
	rs->type = type;
	set_body(rs, xstrdup(text), strlen(text));
}

void http_resp_set_body(struct http_resp *rs, int status, const char *type, char *body, size_t len)
{
	rs->status = status;
	rs->type = type;
	set_body(rs, body, len);
}

void http_json(struct http_resp *rs, int status, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT) : NULL;
	json_decref(j);
	if (!s) {
		rs->status = 500;
		rs->type = "application/json; charset=utf-8";
		set_body(rs, xstrdup("{\"error\":\"内部错误：无法生成 JSON\"}"),
			 strlen("{\"error\":\"内部错误：无法生成 JSON\"}"));
		return;
	}
	rs->status = status;
	rs->type = "application/json; charset=utf-8";
	set_body(rs, s, strlen(s));
}

void http_error(struct http_resp *rs, int status, const char *msg)
{
	http_json(rs, status, json_pack("{s:s}", "error", msg));
}

void http_method_not_allowed(struct http_resp *rs, const char *allow)
{
	snprintf(rs->allow, sizeof(rs->allow), "%s", allow);
	http_error(rs, 405, "不支持此请求方法");
}

void http_op_error(struct http_resp *rs, struct op_diag *d)
{
	int status;
	switch (d->fail) {
	case OP_INVALID:
		status = d->nrows ? 422 : 400;
		break;
	case OP_DENIED:
		status = 403;
		break;
	case OP_NOTFOUND:
		status = 404;
		break;
	case OP_CONFLICT:
		status = 409;
		break;
	case OP_UNAUTH:
		status = 401;
		break;
	default:
		status = 500;
	}
	json_t *j = json_pack("{s:s}", "error", d->msg ? d->msg : "操作失败");
	if (d->field)
		json_object_set_new(j, "field", json_string(d->field));
	if (d->nrows) {
		json_t *rows = json_array();
		for (size_t i = 0; i < d->nrows; i++) {
			json_t *r = json_pack("{s:I,s:s}", "line", (json_int_t)d->rows[i].line, "message",
					      d->rows[i].msg);
			if (d->rows[i].field)
				json_object_set_new(r, "field", json_string(d->rows[i].field));
			json_array_append_new(rows, r);
		}
		json_object_set_new(j, "rows", rows);
		json_object_set_new(j, "rows_total", json_integer((json_int_t)d->rows_total));
	}
	if (d->nnotes) {
		json_t *notes = json_array();
		for (size_t i = 0; i < d->nnotes; i++)
			json_array_append_new(notes, json_string(d->notes[i]));
		json_object_set_new(j, "notes", notes);
	}
	http_json(rs, status, j);
	op_diag_release(d);
}

void http_ok(struct http_resp *rs, struct op_diag *d)
{
	json_t *j = json_pack("{s:b}", "ok", 1);
	if (d && d->nnotes) {
		json_t *notes = json_array();
		for (size_t i = 0; i < d->nnotes; i++)
			json_array_append_new(notes, json_string(d->notes[i]));
		json_object_set_new(j, "notes", notes);
	}
	if (d)
		op_diag_release(d);
	http_json(rs, 200, j);
}

int http_unsafe(const char *method)
{
	return !strcmp(method, "POST") || !strcmp(method, "PUT") || !strcmp(method, "PATCH") ||
	       !strcmp(method, "DELETE");
}

/* The value of cookie "name" in a Cookie header into out (empty when absent). */
static void cookie_value(const char *header, const char *name, char *out, size_t n)
{
	*out = 0;
	size_t nl = strlen(name);
	for (const char *p = header; p && *p;) {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nl && !strncmp(p, name, nl) && p[nl] == '=') {
			size_t vl = len - nl - 1;
			if (vl < n) {
				memcpy(out, p + nl + 1, vl);
				out[vl] = 0;
			}
			return;
		}
		p += len;
	}
}

void http_session_cookie(struct http_req *rq, char sid[80])
{
	cookie_value(rq->header(rq->ctx, "Cookie"), "suiji_session", sid, 80);
}

/* Whether the request comes from a page of this server: Origin, else Referer, against our origin. */
static int same_origin(struct http_req *rq)
{
	char own[300];
	if (rq->cfg->origin && *rq->cfg->origin) {
		snprintf(own, sizeof(own), "%s", rq->cfg->origin);
	} else {
		const char *host = rq->header(rq->ctx, "Host");
		if (!host || !*host || strlen(host) > 255)
			return 0;
		snprintf(own, sizeof(own), "%s://%s", rq->cfg->secure ? "https" : "http", host);
	}
	const char *origin = rq->header(rq->ctx, "Origin");
	if (origin && strcmp(origin, "null"))
		return !strcasecmp(origin, own);
	const char *ref = rq->header(rq->ctx, "Referer");
	size_t n = strlen(own);
	return ref && !strncasecmp(ref, own, n) && (ref[n] == '/' || ref[n] == 0);
}

int http_auth(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	char sid[80];
	http_session_cookie(rq, sid);
	if (!rq->st) {
		http_error(rs, 503, "数据库暂时无法打开，请稍后重试");
		return -1;
	}
	if (!*sid) {
		http_error(rs, 401, "未登录或会话已过期");
		return -1;
	}
	const char *csrf = NULL;
	if (http_unsafe(rq->method)) {
		if (!same_origin(rq)) {
			http_error(rs, 403, "请求来源（Origin）不是本系统，已拒绝");
			return -1;
		}
		csrf = rq->header(rq->ctx, "X-CSRF-Token");
		if (!csrf)
			csrf = "";
	}
	struct op_diag d = OP_DIAG_INIT;
	const char *unit = rq->query(rq->ctx, "unit");
	if (op_session_check(rq->st, sid, csrf, unit, s, &d)) {
		if (d.fail == OP_UNAUTH) {
			op_diag_release(&d);
			http_error(rs, 401, "未登录或会话已过期");
		} else {
			http_op_error(rs, &d);
		}
		return -1;
	}
	snprintf(rq->user, sizeof(rq->user), "%s", s->name);
	return 0;
}

/* The origin check alone, for sign-in (no session yet): 0, or -1 with 403 written. */
int http_check_origin(struct http_req *rq, struct http_resp *rs)
{
	if (same_origin(rq))
		return 0;
	http_error(rs, 403, "请求来源（Origin）不是本系统，已拒绝");
	return -1;
}

json_t *http_body_json(struct http_req *rq, struct http_resp *rs)
{
	json_error_t e;
	json_t *j = rq->body_len ? json_loadb(rq->body, rq->body_len, JSON_REJECT_DUPLICATES, &e) : NULL;
	if (!j || !json_is_object(j)) {
		json_decref(j);
		http_error(rs, 400, "请求内容应为 JSON 对象");
		return NULL;
	}
	return j;
}

const char *http_jstr(json_t *o, const char *key)
{
	json_t *v = json_object_get(o, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

char *http_jjoin(json_t *o, const char *key, const char *sep)
{
	json_t *v = json_object_get(o, key);
	if (json_is_string(v))
		return xstrdup(json_string_value(v));
	if (json_is_integer(v)) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%lld", (long long)json_integer_value(v));
		return xstrdup(buf);
	}
	if (json_is_real(v)) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%g", json_real_value(v));
		return xstrdup(buf);
	}
	if (!json_is_array(v))
		return NULL;
	size_t cap = 1, i;
	json_t *x;
	json_array_foreach(v, i, x) if (json_is_string(x)) cap += strlen(json_string_value(x)) + strlen(sep);
	char *out = xmalloc(cap);
	*out = 0;
	json_array_foreach(v, i, x)
	{
		if (!json_is_string(x))
			continue;
		if (*out)
			strcat(out, sep);
		strcat(out, json_string_value(x));
	}
	return out;
}

json_t *http_split(const char *s, const char *sep)
{
	json_t *a = json_array();
	size_t sl = strlen(sep);
	while (s && *s) {
		const char *e = strstr(s, sep);
		size_t n = e ? (size_t)(e - s) : strlen(s);
		if (n)
			json_array_append_new(a, json_stringn(s, n));
		s = e ? e + sl : NULL;
	}
	return a;
}

void http_page(struct http_req *rq, size_t *offset, size_t *size)
{
	const char *p = rq->query(rq->ctx, "page"), *z = rq->query(rq->ctx, "size");
	long page = p ? strtol(p, NULL, 10) : 1, sz = z ? strtol(z, NULL, 10) : 20;
	if (page < 1 || page > 1000000)
		page = 1;
	if (sz < 1 || sz > 500)
		sz = 20;
	*size = (size_t)sz;
	*offset = (size_t)(page - 1) * (size_t)sz;
}

json_t *http_list(json_t *rows, size_t offset, size_t size)
{
	size_t total = json_array_size(rows);
	json_t *page = json_array();
	for (size_t i = offset; i < total && i < offset + size; i++)
		json_array_append(page, json_array_get(rows, i));
	json_decref(rows);
	return json_pack("{s:I,s:o}", "total", (json_int_t)total, "rows", page);
}

static sem_t hash_slots;
static int hash_ready;

void http_hash_init(int slots)
{
	if (!hash_ready)
		sem_init(&hash_slots, 0, (unsigned)(slots < 1 ? 1 : slots));
	hash_ready = 1;
}

int http_hash_enter(struct http_resp *rs)
{
	if (!hash_ready)
		http_hash_init(2);
	struct timespec ts;
	clock_gettime(CLOCK_REALTIME, &ts);
	ts.tv_sec += 3;
	int rc;
	while ((rc = sem_timedwait(&hash_slots, &ts)) != 0 && errno == EINTR)
		;
	if (rc) {
		http_error(rs, 503, "服务器正忙（口令校验排队已满），请稍后重试");
		return -1;
	}
	return 0;
}

void http_hash_leave(void)
{
	sem_post(&hash_slots);
}
