/*
 * This file implements the server's routing (http_dispatch): /healthz, the JSON API under /api/ (one
 * resource file each: session.c, units.c, users.c …), the public portal's API under /public/api/, and
 * the front end's static files for everything else. It also says how large a body each route takes.
 */
#include "http/http.h"

#include <string.h>

#include "util/xalloc.h"

#define SEG_MAX 12

size_t http_body_limit(const struct http_config *cfg, const char *method, const char *path)
{
	if (!strncmp(path, "/api/import/", 12) ||
	    (!strncmp(path, "/api/tasks/", 11) && strstr(path, "/attachments")))
		return cfg->upload_max;
	return cfg->body_max;
}

/* Splits "p" (after the prefix) on '/' into seg[], in a copy the caller frees; -1 when too deep. */
static int split(const char *p, char **copy, char **seg)
{
	*copy = xstrdup(p);
	int n = 0;
	for (char *s = *copy, *save = NULL, *t; (t = strtok_r(s, "/", &save)); s = NULL) {
		if (n == SEG_MAX)
			return -1;
		seg[n++] = t;
	}
	return n;
}

static void api(struct http_req *rq, struct http_resp *rs, const char *rest)
{
	char *copy, *seg[SEG_MAX];
	int n = split(rest, &copy, seg);
	int done = 0;
	if (n > 0) {
		if (!strcmp(seg[0], "session"))
			done = http_session(rq, rs, seg, n);
		else if (!strcmp(seg[0], "units"))
			done = http_units(rq, rs, seg, n);
		else if (!strcmp(seg[0], "users"))
			done = http_users(rq, rs, seg, n);
		else if (!strcmp(seg[0], "plans"))
			done = http_plans(rq, rs, seg, n);
		else if (!strcmp(seg[0], "plan-inbox"))
			done = http_plan_inbox(rq, rs, seg, n);
		else if (!strcmp(seg[0], "agenda"))
			done = http_agenda(rq, rs, seg, n);
		else if (!strcmp(seg[0], "tasks"))
			done = http_tasks(rq, rs, seg, n);
		else if (!strcmp(seg[0], "problems"))
			done = http_problems(rq, rs, seg, n);
		else if (!strcmp(seg[0], "audit"))
			done = http_audit(rq, rs, seg, n);
		else if (!strcmp(seg[0], "stats"))
			done = http_stats(rq, rs, seg, n);
		else if (!strcmp(seg[0], "targeted"))
			done = http_targeted(rq, rs, seg, n);
		else if (!strcmp(seg[0], "draws"))
			done = http_draws(rq, rs, seg, n);
		else if (!strcmp(seg[0], "disclosures"))
			done = http_disclosures(rq, rs, seg, n);
		else
			done = http_directory(rq, rs, seg, n);
	}
	if (!done)
		http_error(rs, 404, "没有这个接口");
	free(copy);
}

static void public_api(struct http_req *rq, struct http_resp *rs, const char *rest)
{
	char *copy, *seg[SEG_MAX];
	int n = split(rest, &copy, seg);
	if (n <= 0 || !http_public(rq, rs, seg, n))
		http_error(rs, 404, "没有这个接口");
	free(copy);
}

void http_dispatch(struct http_req *rq, struct http_resp *rs)
{
	const char *p = rq->path ? rq->path : "";
	if (strlen(p) != strcspn(p, "\r\n") || *p != '/') {
		http_error(rs, 400, "请求路径无效");
		return;
	}
	if (!strcmp(p, "/healthz")) {
		if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD"))
			return http_method_not_allowed(rs, "GET, HEAD");
		http_text(rs, 200, "text/plain; charset=utf-8", "ok");
		return;
	}
	if (!strncmp(p, "/api/", 5) || !strcmp(p, "/api")) {
		api(rq, rs, p + 4);
		return;
	}
	if (!strncmp(p, "/public/api/", 12) || !strcmp(p, "/public/api")) {
		public_api(rq, rs, p + 11);
		return;
	}
	if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD"))
		return http_method_not_allowed(rs, "GET, HEAD");
	http_static(rq, rs);
}
