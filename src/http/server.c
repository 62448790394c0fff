/*
 * This file implements the server (`suiji serve`) on libmicrohttpd: an internal epoll thread pool
 * with a global and a per-address connection limit, an inactivity timeout and a per-connection memory
 * limit (oversized headers are refused by libmicrohttpd itself); one SQLite connection per worker
 * thread, opened on first use and closed when the thread ends; body size caps (413 answered from
 * Content-Length before the body is read; a chunked body that grows past the cap is cut off by
 * closing the connection); requests with two Content-Length headers, or Content-Length together with
 * Transfer-Encoding, refused with 400 (libmicrohttpd 0.9.75 would accept them); security headers on
 * every response; one JSON line per request in the access log; a clean stop on SIGTERM or SIGINT.
 * The request itself is handled by http_dispatch() (route.c), which knows nothing of the socket.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/hash.h"
#include "store/store.h"
#include "util/xalloc.h"

#define CSP                                                                                                  \
	"default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: "     \
	"blob:; "                                                                                            \
	"font-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action "   \
	"'self'"

struct conn {
	struct timespec t0;
	char *raw; /* the request target as received */
	char method[16];
	char ip[64];
	char user[128];
	int started, answered;
	char *body;
	size_t len, cap, limit;
	int status;
	unsigned long long bytes;
};

static pthread_key_t store_key;
static const struct http_config *config;
static FILE *access_log;
static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;

static pthread_key_t thread_key;

static void store_drop(void *p)
{
	store_close(p);
}
static void thread_end(void *p)
{
	sha256_thread_release();
}

/* This worker thread's database connection, opened on first use. */
static struct store *thread_store(void)
{
	struct store *st = pthread_getspecific(store_key);
	if (!st) {
		char *err = NULL;
		st = store_open(config->db_path, 0, &err);
		if (!st) {
			fprintf(stderr, "suiji serve: 无法打开数据库：%s\n", err ? err : "?");
			free(err);
			return NULL;
		}
		pthread_setspecific(store_key, st);
	}
	return st;
}

static void *uri_log(void *cls, const char *uri, struct MHD_Connection *con)
{
	struct conn *c = xcalloc(1, sizeof(*c));
	clock_gettime(CLOCK_MONOTONIC, &c->t0);
	c->raw = xstrdup(uri ? uri : "");
	const union MHD_ConnectionInfo *ci = MHD_get_connection_info(con, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, c->ip, sizeof(c->ip));
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, c->ip,
				  sizeof(c->ip));
	}
	return c;
}

static void log_line(struct conn *c, enum MHD_RequestTerminationCode toe)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	double ms = (double)(t1.tv_sec - c->t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - c->t0.tv_nsec) / 1e6;
	time_t now = time(NULL);
	struct tm tm;
	char at[32];
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	/* the path without the query (it may hold search terms); jansson escapes whatever bytes it has */
	char path[512];
	snprintf(path, sizeof(path), "%.*s", (int)strcspn(c->raw ? c->raw : "", "?"), c->raw ? c->raw : "");
	json_t *j =
	    json_pack("{s:s,s:s,s:s,s:s%,s:i,s:I,s:f,s:s,s:b}", "time", at, "ip", c->ip, "method", c->method,
		      "path", path, strlen(path), "status", c->status, "bytes", (json_int_t)c->bytes, "ms",
		      ms, "user", c->user, "completed", toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	if (!j) /* not UTF-8: the path is left out */
		j = json_pack("{s:s,s:s,s:s,s:s,s:i,s:I,s:f,s:s,s:b}", "time", at, "ip", c->ip, "method",
			      c->method, "path", "(非 UTF-8)", "status", c->status, "bytes",
			      (json_int_t)c->bytes, "ms", ms, "user", c->user, "completed",
			      toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_REAL_PRECISION(6)) : NULL;
	json_decref(j);
	if (s) {
		pthread_mutex_lock(&log_lock);
		fputs(s, access_log);
		fputc('\n', access_log);
		fflush(access_log);
		pthread_mutex_unlock(&log_lock);
		free(s);
	}
}

static void completed(void *cls, struct MHD_Connection *con, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	struct conn *c = *con_cls;
	if (!c)
		return;
	log_line(c, toe);
	free(c->raw);
	free(c->body);
	free(c);
	*con_cls = NULL;
}

static void security_headers(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", CSP);
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	if (config->secure)
		MHD_add_response_header(r, "Strict-Transport-Security", "max-age=31536000");
}

static enum MHD_Result send_resp(struct MHD_Connection *con, struct conn *c, struct http_resp *rs)
{
	struct MHD_Response *r;
	if (rs->fd >= 0) {
		r = MHD_create_response_from_fd64((uint64_t)rs->fd_len, rs->fd);
		if (r)
			rs->fd = -1; /* libmicrohttpd closes it */
		c->bytes = (unsigned long long)rs->fd_len;
	} else {
		r = MHD_create_response_from_buffer(rs->len, rs->body ? rs->body : (char *)"",
						    rs->body ? MHD_RESPMEM_MUST_FREE
							     : MHD_RESPMEM_PERSISTENT);
		if (r)
			rs->body = NULL;
		c->bytes = rs->len;
	}
	if (!r) {
		http_resp_release(rs);
		return MHD_NO;
	}
	security_headers(r);
	if (rs->type)
		MHD_add_response_header(r, "Content-Type", rs->type);
	MHD_add_response_header(r, "Cache-Control", rs->cache ? rs->cache : "no-store");
	if (rs->encoding)
		MHD_add_response_header(r, "Content-Encoding", rs->encoding);
	if (rs->vary)
		MHD_add_response_header(r, "Vary", "Accept-Encoding");
	if (*rs->cookie)
		MHD_add_response_header(r, "Set-Cookie", rs->cookie);
	if (*rs->allow)
		MHD_add_response_header(r, "Allow", rs->allow);
	if (*rs->disposition)
		MHD_add_response_header(r, "Content-Disposition", rs->disposition);
	c->status = rs->status;
	c->answered = 1;
	enum MHD_Result ok = MHD_queue_response(con, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	http_resp_release(rs);
	return ok;
}

static enum MHD_Result refuse(struct MHD_Connection *con, struct conn *c, int status, const char *msg)
{
	struct http_resp rs;
	http_resp_init(&rs);
	http_error(&rs, status, msg);
	return send_resp(con, c, &rs);
}

struct framing {
	int cl, te;
};

static enum MHD_Result count_framing(void *cls, enum MHD_ValueKind kind, const char *key, const char *value)
{
	struct framing *f = cls;
	if (key && !strcasecmp(key, MHD_HTTP_HEADER_CONTENT_LENGTH))
		f->cl++;
	if (key && !strcasecmp(key, MHD_HTTP_HEADER_TRANSFER_ENCODING))
		f->te++;
	return MHD_YES;
}

static const char *lookup_header(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_HEADER_KIND, name);
}

static const char *lookup_query(void *ctx, const char *name)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, name);
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *con, const char *url, const char *method,
			       const char *version, const char *upload, size_t *upload_size, void **con_cls)
{
	struct conn *c = *con_cls;
	if (!c) /* the URI callback always sets it; be safe */
		*con_cls = c = uri_log(NULL, url, con);
	if (c->answered) { /* refused early: drop whatever body still comes */
		*upload_size = 0;
		return MHD_YES;
	}
	if (!c->started) {
		c->started = 1;
		snprintf(c->method, sizeof(c->method), "%s", method);
		struct framing f = {0};
		MHD_get_connection_values(con, MHD_HEADER_KIND, count_framing, &f);
		if (f.cl > 1 || f.te > 1 || (f.cl && f.te))
			return refuse(con, c, 400,
				      "请求的长度声明有歧义（重复的 Content-Length，或同时带有 "
				      "Transfer-Encoding），已拒绝");
		c->limit = http_body_limit(config, method, url);
		const char *cl =
		    MHD_lookup_connection_value(con, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (cl) {
			char *end;
			errno = 0;
			unsigned long long n = strtoull(cl, &end, 10);
			if (errno || *end || end == cl)
				return refuse(con, c, 400, "Content-Length 无效");
			if (n > c->limit)
				return refuse(con, c, 413, "请求内容过大，已拒绝");
		}
		return MHD_YES;
	}
	if (*upload_size) {
		if (c->len + *upload_size > c->limit)
			return MHD_NO; /* a chunked body past the cap: cut off */
		if (c->len + *upload_size + 1 > c->cap) {
			size_t want = c->cap ? c->cap : 16384;
			while (want < c->len + *upload_size + 1)
				want *= 2;
			if (want > c->limit + 1)
				want = c->limit + 1;
			c->body = xrealloc(c->body, want);
			c->cap = want;
		}
		memcpy(c->body + c->len, upload, *upload_size);
		c->len += *upload_size;
		c->body[c->len] = 0;
		*upload_size = 0;
		return MHD_YES;
	}
	struct http_req rq = {
	    .method = method,
	    .path = url,
	    .raw = c->raw,
	    .ip = c->ip,
	    .body = c->body ? c->body : "",
	    .body_len = c->len,
	    .header = lookup_header,
	    .query = lookup_query,
	    .ctx = con,
	    .cfg = config,
	};
	if (!pthread_getspecific(thread_key))
		pthread_setspecific(thread_key, (void *)1); /* thread_end() runs when this worker ends */
	if (!strncmp(url, "/api/", 5) || !strncmp(url, "/public/api/", 12))
		rq.st = thread_store();
	struct http_resp rs;
	http_resp_init(&rs);
	http_dispatch(&rq, &rs);
	snprintf(c->user, sizeof(c->user), "%s", rq.user);
	return send_resp(con, c, &rs);
}

static int parse_listen(const char *host, unsigned port, struct sockaddr_storage *ss, int *v6)
{
	memset(ss, 0, sizeof(*ss));
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	if (inet_pton(AF_INET, host, &a4->sin_addr) == 1) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons((uint16_t)port);
		*v6 = 0;
		return 0;
	}
	if (inet_pton(AF_INET6, host, &a6->sin6_addr) == 1) {
		a6->sin6_family = AF_INET6;
		a6->sin6_port = htons((uint16_t)port);
		*v6 = 1;
		return 0;
	}
	return -1;
}

int http_serve(struct http_serve_opts *o)
{
	config = &o->cfg;
	access_log = stderr;
	if (o->log_path && !(access_log = fopen(o->log_path, "ae"))) {
		fprintf(stderr, "错误: 无法打开访问日志 %s：%s\n", o->log_path, strerror(errno));
		return 1;
	}
	struct sockaddr_storage ss;
	int v6;
	if (parse_listen(o->host, o->port, &ss, &v6)) {
		fprintf(stderr, "错误: 监听地址“%s”无效（应为 IP 地址，例如 127.0.0.1:8080 或 [::1]:8080）\n",
			o->host);
		return 2;
	}
	/* room for the connection limit */
	struct rlimit rl;
	if (!getrlimit(RLIMIT_NOFILE, &rl) && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	pthread_key_create(&store_key, store_drop);
	pthread_key_create(&thread_key, thread_end);
	http_hash_init(2);
	signal(SIGPIPE, SIG_IGN);
	/* SIGTERM and SIGINT are waited for below; the worker threads inherit the blocked mask */
	sigset_t stop;
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);

	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | (v6 ? MHD_USE_IPv6 : 0);
	struct MHD_Daemon *d = MHD_start_daemon(
	    flags, (uint16_t)o->port, NULL, NULL, handler, NULL, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_THREAD_POOL_SIZE, (unsigned)o->threads, MHD_OPTION_CONNECTION_LIMIT,
	    (unsigned)o->conn_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT, (unsigned)o->per_ip_limit,
	    MHD_OPTION_CONNECTION_TIMEOUT, (unsigned)o->timeout, MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)(64 * 1024), MHD_OPTION_LISTEN_BACKLOG_SIZE, (unsigned)1024, MHD_OPTION_URI_LOG_CALLBACK,
	    uri_log, NULL, MHD_OPTION_NOTIFY_COMPLETED, completed, NULL, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "错误: 无法在 %s:%u 上启动服务（端口被占用，或地址不属于本机）\n", o->host,
			o->port);
		return 1;
	}
	const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	unsigned port = di ? di->port : o->port;
	fprintf(stderr, "suiji serve: 正在监听 http://%s%s%s:%u/ （%u 个工作线程；Ctrl-C 停止）\n",
		v6 ? "[" : "", o->host, v6 ? "]" : "", port, o->threads);
	int sig = 0;
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "suiji serve: 收到信号 %d，正在停止……\n", sig);
	MHD_stop_daemon(d);
	if (access_log != stderr)
		fclose(access_log);
	fprintf(stderr, "suiji serve: 已停止\n");
	return 0;
}
