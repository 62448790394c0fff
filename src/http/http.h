/*
 * This file declares the server's request path without the socket: a request as the HTTP layer sees
 * it (method, decoded path, raw target, header and query lookups, the body), the response it builds
 * (status, JSON or a file, headers), the routing entry point http_dispatch() and the helpers every
 * resource file (src/http/<resource>.c) shares. server.c adapts libmicrohttpd to this; the fuzz
 * harness (tests/fuzz/fuzz-http.c) drives http_dispatch() directly. The HTTP layer parses requests,
 * calls operations (src/op/) and writes JSON: no SQL, domain rule or authorisation decision here.
 */
#ifndef SUIJI_HTTP_H
#define SUIJI_HTTP_H

#include <jansson.h>
#include <stddef.h>
#include <sys/types.h>

#include "op/diag.h"
#include "op/problem.h"
#include "op/session.h"

struct store;
struct sign_key;

/* What `suiji serve` was started with. */
struct http_config {
	const char *db_path;
	const char *web_dir; /* the built front end (web/dist), NULL: none */
	int web_fd;	     /* web_dir opened O_PATH|O_DIRECTORY, -1 when none */
	int secure;	     /* behind TLS: cookies get Secure, the origin is https:// */
	const char *origin;  /* the server's own origin when set (--origin), else from Host */
	size_t body_max;     /* JSON bodies */
	size_t upload_max;   /* imported files and attachments */

	/* the draws' keys (draws.c), where the command line finds them; NULL: none */
	const char *key_path;	   /* the signing key file */
	const char *salt_key_path; /* the key that seals the draws' salts */
	/* the bureau's signing key: the portal's draw documents go out signed as on the static site (NULL:
	 * unsigned) */
	const struct sign_key *sign_key;
};

struct http_req {
	const char *method; /* "GET", "POST" … */
	const char *path;   /* the decoded path ("/api/users/张三") */
	const char *raw;    /* the request target as received, NULL when unknown */
	const char *ip;
	const char *body;
	size_t body_len;
	/* header and query-argument lookups (NULL when absent) */
	const char *(*header)(void *ctx, const char *name);
	const char *(*query)(void *ctx, const char *name);
	void *ctx;
	struct store *st; /* this thread's connection, NULL when the database cannot be opened */
	const struct http_config *cfg;
	char user[128]; /* the signed-in user, for the access log */
};

struct http_resp {
	int status;
	const char *type; /* Content-Type */
	char *body;	  /* allocated, or NULL */
	size_t len;
	int fd; /* a file to send instead of body (-1: none); the server closes it */
	off_t fd_len;
	const char *cache;     /* Cache-Control, NULL: "no-store" */
	const char *encoding;  /* Content-Encoding, NULL: none */
	int vary;	       /* Vary: Accept-Encoding */
	char cookie[256];      /* Set-Cookie, "" when none */
	char allow[64];	       /* Allow (405), "" when none */
	char disposition[768]; /* Content-Disposition (downloads), "" when none */
};

void http_resp_init(struct http_resp *rs);
void http_resp_release(struct http_resp *rs);

/* Routes the request and fills the response; never fails (errors become JSON error responses). */
void http_dispatch(struct http_req *rq, struct http_resp *rs);

/* The maximum body the request's route accepts (so the server answers 413 before reading). */
size_t http_body_limit(const struct http_config *cfg, const char *method, const char *path);

/* Responses. */
void http_text(struct http_resp *rs, int status, const char *type, const char *text);
/* Takes "body" (allocated, "len" bytes). */
void http_resp_set_body(struct http_resp *rs, int status, const char *type, char *body, size_t len);
/* Takes "j" (a reference it releases). */
void http_json(struct http_resp *rs, int status, json_t *j);
void http_error(struct http_resp *rs, int status, const char *msg);
/* The status of a failed operation (OP_INVALID 400 or 422 with rows, OP_DENIED 403 …) and its JSON. */
void http_op_error(struct http_resp *rs, struct op_diag *d);
/* Success: {"ok":true} plus the operation's notes. */
void http_ok(struct http_resp *rs, struct op_diag *d);

/*
 * The signed-in session of the request (cookie suiji_session). State-changing methods must carry
 * X-CSRF-Token and an Origin (or Referer) of this server. ?unit= picks the unit to act on.
 * 0 with *s opened; -1 with the error response written.
 */
int http_auth(struct http_req *rq, struct http_resp *rs, struct op_session *s);
/* The session cookie's value into sid[80] ("" when none). */
void http_session_cookie(struct http_req *rq, char sid[80]);
/* The signed-in user as the API shows it: {name, roles:[…], unit:{id,name,level}, person_id}. */
json_t *http_user_json(const struct op_session *s);
/* The origin check alone (sign-in has no session yet): 0, or -1 with 403 written. */
int http_check_origin(struct http_req *rq, struct http_resp *rs);
/* 1 for POST, PUT, PATCH, DELETE. */
int http_unsafe(const char *method);
/* The body parsed as a JSON object; NULL with a 400 written. */
json_t *http_body_json(struct http_req *rq, struct http_resp *rs);
/* A string member ("" allowed), NULL when absent or not a string. */
const char *http_jstr(json_t *o, const char *key);
/* A list of strings (or one string) joined by "sep" into an allocated string; NULL when absent. */
char *http_jjoin(json_t *o, const char *key, const char *sep);
/* "a、b" split into a JSON array. */
json_t *http_split(const char *s, const char *sep);
/* ?page=&size= (1-based page, size 1..500, default 20). */
void http_page(struct http_req *rq, size_t *offset, size_t *size);
/* A JSON list {"total": n, "rows": rows} of the page of "rows" (takes "rows"). */
json_t *http_list(json_t *rows, size_t offset, size_t size);

/*
 * Password hashing is bounded (argon2id with 19 MiB each): at most two at once. 0 when a slot was
 * taken (release it with http_hash_leave), -1 with 503 written when none freed within a few seconds.
 */
int http_hash_enter(struct http_resp *rs);
void http_hash_leave(void);
void http_hash_init(int slots);

/* Resources (one file each); each returns 1 when it handled the path, 0 when not its path. */
int http_session(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_units(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_users(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_plans(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_plan_inbox(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_targeted(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_audit(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_stats(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_tasks(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_agenda(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
/* GET /api/problems, GET /api/problems/{id}, POST /api/problems/{id}/assign|escalate|close (problems.c) */
int http_problems(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
/* A problem of op/problem.h as the API shows it (problems.c). */
json_t *http_problem_json(struct op_session *s, const struct op_problem_row *p);
int http_draws(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
int http_disclosures(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
/* The public portal's API: seg[] is the path after /public/api/ (public.c). */
int http_public(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
/* POST /api/tasks/{id}/problems (agenda.c) */
void http_problem_add(struct http_req *rq, struct http_resp *rs, struct op_session *s, long task);
/* objects, people, conflicts, items, directory/changes, import/{kind}, export/{kind} */
int http_directory(struct http_req *rq, struct http_resp *rs, char **seg, int nseg);
/* Static files of the front end (GET/HEAD of anything not under /api/). */
void http_static(struct http_req *rq, struct http_resp *rs);
/* 1 when the path or raw target is unsafe for a file path (.., NUL, backslash, encoded dots or slashes). */
int http_path_unsafe(const char *path, const char *raw);

/* 405 with Allow. */
void http_method_not_allowed(struct http_resp *rs, const char *allow);

/* The server (server.c): runs until SIGTERM or SIGINT. */
struct http_serve_opts {
	struct http_config cfg;
	const char *host;
	unsigned port;
	unsigned threads, conn_limit, per_ip_limit, timeout;
	const char *log_path; /* access log file, NULL: stderr */
};
int http_serve(struct http_serve_opts *o);

#endif
