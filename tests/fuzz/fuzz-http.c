// clang-format off
// fuzz-sources: src/core/*.c src/http/*.c -src/http/server.c src/io/*.c src/op/*.c src/store/*.c src/util/*.c
// fuzz-libs: jansson sqlite3 libcrypto libargon2 libzstd xlsxwriter libzip expat
// clang-format on
/*
 * This file implements the libFuzzer harness of the server's request path. It does not go through a
 * socket or libmicrohttpd's parser: it splits the raw bytes into a request line, headers and a body
 * (as libmicrohttpd hands them over: the path percent-decoded, the raw target kept) and calls
 * http_dispatch() (src/http/route.c) — routing, the path checks and static files, cookie and CSRF
 * parsing, JSON bodies, the session check and the resources' calls into src/op/ on a real database.
 * The placeholders @sid and @csrf in the input stand for a live session of the database's
 * administrator, so the fuzzer reaches the signed-in handlers too. Checked on every input: the status
 * is a valid one, a JSON response parses, and a file sent lies inside the web directory.
 */
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/hash.h"
#include "http/http.h"
#include "op/signin.h"
#include "op/user.h"
#include "store/session.h"
#include "store/store.h"
#include "util/embedded.h"

/* the data files of data/ are not needed here (regions: none known) */
const struct embedded_file embedded_files[] = {{0, 0, 0}};

static struct store *st;
static struct http_config cfg;
static char webdir[PATH_MAX];
static const char SID[] = "5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d5a1d";
static struct op_token csrf;

#define MAXH 64
struct fz {
	char *names[MAXH], *values[MAXH];
	int n;
	char *qk[MAXH], *qv[MAXH];
	int nq;
};

static const char *hdr(void *ctx, const char *name)
{
	struct fz *f = ctx;
	for (int i = 0; i < f->n; i++)
		if (!strcasecmp(f->names[i], name))
			return f->values[i];
	return NULL;
}

static const char *qry(void *ctx, const char *name)
{
	struct fz *f = ctx;
	for (int i = 0; i < f->nq; i++)
		if (!strcmp(f->qk[i], name))
			return f->qv[i];
	return NULL;
}

/* %XX and '+' (query only) decoding in place, as libmicrohttpd does; stops at an embedded NUL */
static void unescape(char *s, int plus)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (*p == '%' && p[1] && p[2] && strchr("0123456789abcdefABCDEF", p[1]) &&
		    strchr("0123456789abcdefABCDEF", p[2])) {
			char hex[3] = {p[1], p[2], 0};
			*o++ = (char)strtol(hex, NULL, 16);
			p += 2;
		} else if (plus && *p == '+') {
			*o++ = ' ';
		} else {
			*o++ = *p;
		}
	}
	*o = 0;
}

static char *subst(char *v)
{
	if (!strcmp(v, "@csrf"))
		return csrf.hex;
	char *at = strstr(v, "@sid");
	if (at) {
		static char buf[256];
		snprintf(buf, sizeof(buf), "%.*s%s%s", (int)(at - v), v, SID, at + 4);
		return buf;
	}
	return v;
}

static void ensure_session(void)
{
	struct web_session w = {0};
	char *err = NULL;
	sha256_hex(SID, 64, w.id_hash);
	if (store_websession_get(st, w.id_hash, &w, &err) == 1)
		return;
	free(err);
	sha256_hex(csrf.hex, 64, w.csrf_hash);
	snprintf(w.user, sizeof(w.user), "fuzz");
	w.created = w.seen = 4102444800LL; /* far ahead: never idle */
	if (store_websession_add(st, &w, &err))
		free(err);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	char dir[] = "/tmp/suiji-fuzz-http-XXXXXX";
	if (!mkdtemp(dir))
		abort();
	char db[PATH_MAX];
	snprintf(db, sizeof(db), "%s/f.db", dir);
	snprintf(webdir, sizeof(webdir), "%s/web", dir);
	char *err = NULL;
	st = store_open(db, 1, &err);
	if (!st)
		abort();
	struct op_diag d = OP_DIAG_INIT;
	if (op_user_first_admin(st, "fuzz", "Fuzz-pass-2026", "fuzz", &d))
		op_diag_release(&d);
	op_session_csrf(SID, &csrf);
	mkdir(webdir, 0700);
	char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s/assets", webdir);
	mkdir(p, 0700);
	snprintf(p, sizeof(p), "%s/index.html", webdir);
	FILE *f = fopen(p, "w");
	fputs("<!doctype html>", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/assets/a-1.js", webdir);
	f = fopen(p, "w");
	fputs("1", f);
	fclose(f);
	snprintf(p, sizeof(p), "%s/assets/out.js", webdir);
	if (symlink("/etc/passwd", p))
		abort();
	cfg = (struct http_config){
	    .db_path = db, .web_dir = webdir, .body_max = 1 << 16, .upload_max = 1 << 20};
	cfg.web_fd = open(webdir, O_PATH | O_DIRECTORY);
	if (!realpath(webdir, webdir))
		abort();
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size > 1 << 16)
		return 0;
	char *buf = malloc(size + 1);
	memcpy(buf, data, size);
	buf[size] = 0;
	/* head and body */
	char *body = strstr(buf, "\r\n\r\n");
	size_t body_len = 0;
	if (body) {
		*body = 0;
		body += 4;
		body_len = size - (size_t)(body - buf);
	} else {
		body = buf + size;
	}
	struct fz f = {0};
	char *save = NULL, *line = strtok_r(buf, "\r\n", &save);
	char *method = line ? strtok(line, " ") : NULL, *target = method ? strtok(NULL, " ") : NULL;
	if (!method || !target || strlen(method) > 15) {
		free(buf);
		return 0;
	}
	while ((line = strtok_r(NULL, "\r\n", &save)) && f.n < MAXH) {
		char *colon = strchr(line, ':');
		if (!colon)
			continue;
		*colon = 0;
		char *v = colon + 1;
		while (*v == ' ')
			v++;
		f.names[f.n] = line;
		f.values[f.n++] = subst(v);
	}
	char *raw = strdup(target);
	char *q = strchr(target, '?');
	if (q) {
		*q++ = 0;
		for (char *s2 = NULL, *kv = strtok_r(q, "&", &s2); kv && f.nq < MAXH;
		     kv = strtok_r(NULL, "&", &s2)) {
			char *eq = strchr(kv, '=');
			if (eq)
				*eq++ = 0;
			unescape(kv, 1);
			if (eq)
				unescape(eq, 1);
			f.qk[f.nq] = kv;
			f.qv[f.nq++] = eq ? eq : (char *)"";
		}
	}
	unescape(target, 0);
	ensure_session();
	struct http_req rq = {.method = method,
			      .path = target,
			      .raw = raw,
			      .ip = "127.0.0.1",
			      .body = body,
			      .body_len = body_len,
			      .header = hdr,
			      .query = qry,
			      .ctx = &f,
			      .st = st,
			      .cfg = &cfg};
	struct http_resp rs;
	http_resp_init(&rs);
	http_dispatch(&rq, &rs);
	if (rs.status < 200 || rs.status > 599)
		abort();
	if (rs.fd >= 0) {
		char link[64], where[PATH_MAX];
		snprintf(link, sizeof(link), "/proc/self/fd/%d", rs.fd);
		ssize_t k = readlink(link, where, sizeof(where) - 1);
		if (k <= 0)
			abort();
		where[k] = 0;
		if (strncmp(where, webdir, strlen(webdir)) || where[strlen(webdir)] != '/')
			abort(); /* a file outside the web directory */
	} else if (rs.type && !strncmp(rs.type, "application/json", 16)) {
		json_error_t e;
		json_t *j = json_loadb(rs.body, rs.len, 0, &e);
		if (!j)
			abort();
		json_decref(j);
	}
	http_resp_release(&rs);
	free(raw);
	free(buf);
	return 0;
}
