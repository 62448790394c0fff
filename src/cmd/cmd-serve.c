/*
 * This file implements "suiji serve": the web application, its JSON API and the public portal over
 * HTTP (src/http/, docs/API.md). It parses the options, checks that the database opens (migrating its
 * schema once, before any worker thread opens its own connection), loads the bureau's signing key when
 * its file is present (the portal's draw documents are signed like the static site's), finds the front
 * end's files and runs the server until SIGTERM or SIGINT.
 *
 *   suiji serve [--db 文件] [--listen 127.0.0.1:8080] [--web 目录] [--threads N] [--max-connections N]
 *               [--max-per-ip N] [--timeout 秒] [--secure] [--origin https://主机] [--access-log 文件]
 *               [--body-max 字节] [--upload-max 字节]
 */
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "core/sign.h"
#include "http/http.h"
#include "op/key.h"
#include "store/store.h"
#include "util/error.h"
#include "util/xalloc.h"

#ifndef SUIJI_WEB_DIR
#define SUIJI_WEB_DIR ""
#endif

static const char usage_text[] =
    "用法: suiji serve [--db 文件] [--listen 地址:端口] [--web 目录] [--threads N] [--max-connections N]\n"
    "                  [--max-per-ip N] [--timeout 秒] [--secure] [--origin https://主机]\n"
    "                  [--access-log 文件] [--body-max 字节] [--upload-max 字节]\n"
    "默认监听 127.0.0.1:8080；网页文件默认取程序旁的 web/ 目录，其次为构建时的 web/dist。";

static unsigned long number(const char *opt, const char *v, unsigned long lo, unsigned long hi)
{
	long n;
	if (parse_long(v, (long)lo, (long)hi, &n))
		die_usage("%s 的值“%s”无效（应为 %lu 到 %lu 之间的整数）", opt, v, lo, hi);
	return (unsigned long)n;
}

/* The front end's directory: --web, else web/ beside the binary, else the build tree's web/dist. */
static const char *find_web(const char *given, char *buf, size_t n)
{
	if (given)
		return given;
	char exe[PATH_MAX];
	ssize_t k = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (k > 0) {
		exe[k] = 0;
		char *slash = strrchr(exe, '/');
		if (slash) {
			*slash = 0;
			snprintf(buf, n, "%s/web/index.html", exe);
			if (access(buf, R_OK) == 0) {
				snprintf(buf, n, "%s/web", exe);
				return buf;
			}
		}
	}
	snprintf(buf, n, "%s/index.html", SUIJI_WEB_DIR);
	if (*SUIJI_WEB_DIR && access(buf, R_OK) == 0)
		return SUIJI_WEB_DIR;
	return NULL;
}

int cmd_serve(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"listen", required_argument, 0, 'l'},     {"web", required_argument, 0, 'w'},
	    {"threads", required_argument, 0, 't'},    {"max-connections", required_argument, 0, 'c'},
	    {"max-per-ip", required_argument, 0, 'p'}, {"timeout", required_argument, 0, 'o'},
	    {"secure", no_argument, 0, 's'},	       {"origin", required_argument, 0, 'g'},
	    {"access-log", required_argument, 0, 'a'}, {"body-max", required_argument, 0, 'b'},
	    {"upload-max", required_argument, 0, 'u'}, {0, 0, 0, 0}};
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct http_serve_opts o = {
	    .cfg = {.db_path = ctx->db_path, .web_fd = -1, .body_max = 1 << 20, .upload_max = 64u << 20},
	    .host = "127.0.0.1",
	    .port = 8080,
	    .threads = cpus < 2	   ? 2
		       : cpus > 16 ? 16
				   : (unsigned)cpus,
	    .conn_limit = 1000,
	    .per_ip_limit = 200,
	    .timeout = 30,
	};
	const char *listen = NULL, *web = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'l':
			listen = optarg;
			break;
		case 'w':
			web = optarg;
			break;
		case 't':
			o.threads = (unsigned)number("--threads", optarg, 1, 64);
			break;
		case 'c':
			o.conn_limit = (unsigned)number("--max-connections", optarg, 1, 100000);
			break;
		case 'p':
			o.per_ip_limit = (unsigned)number("--max-per-ip", optarg, 1, 100000);
			break;
		case 'o':
			o.timeout = (unsigned)number("--timeout", optarg, 1, 3600);
			break;
		case 's':
			o.cfg.secure = 1;
			break;
		case 'g':
			o.cfg.origin = optarg;
			break;
		case 'a':
			o.log_path = optarg;
			break;
		case 'b':
			o.cfg.body_max = number("--body-max", optarg, 1024, 1ul << 30);
			break;
		case 'u':
			o.cfg.upload_max = number("--upload-max", optarg, 1024, 1ul << 32);
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	static char host[128];
	if (listen) {
		const char *colon = strrchr(listen, ':');
		if (!colon || colon == listen)
			die_usage("--listen 应为 地址:端口，例如 127.0.0.1:8080");
		size_t hl = (size_t)(colon - listen);
		if (listen[0] == '[' && hl >= 2 && listen[hl - 1] == ']')
			snprintf(host, sizeof(host), "%.*s", (int)(hl - 2), listen + 1);
		else
			snprintf(host, sizeof(host), "%.*s", (int)hl, listen);
		o.host = host;
		o.port = (unsigned)number("--listen 的端口", colon + 1, 0, 65535);
	}
	if (o.per_ip_limit > o.conn_limit)
		o.per_ip_limit = o.conn_limit;

	/* the database opens (and its schema is brought up to date) once, here */
	char *err = NULL;
	struct store *st = store_open(ctx->db_path, 0, &err);
	if (!st) {
		error("%s", err ? err : "无法打开数据库");
		free(err);
		return 1;
	}
	long key_id;
	char key_pub[65];
	struct op_diag d = OP_DIAG_INIT;
	int has_key = op_key_current(st, &key_id, key_pub, &d);
	op_diag_release(&d);
	store_close(st);

	char buf[PATH_MAX + 32];
	o.cfg.web_dir = find_web(web, buf, sizeof(buf));
	if (o.cfg.web_dir) {
		o.cfg.web_fd = open(o.cfg.web_dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (o.cfg.web_fd < 0)
			return error("无法打开网页文件目录 %s", o.cfg.web_dir);
	} else {
		fprintf(stderr, "提示: 没有找到构建好的网页文件（scripts/web-build.sh 生成 web/dist，或用 "
				"--web 目录 指定）；"
				"现在只提供 /api/ 接口\n");
	}
	/* the draws' keys, where the command line finds them (cmd-key.c, cmd-draw.c) */
	char *key_path = ctx_key_path(ctx);
	const char *salt_env = getenv("SUIJI_SALT_KEY");
	char *salt_path = salt_env && *salt_env ? xstrdup(salt_env) : xasprintf("%s.salt", key_path);
	o.cfg.key_path = key_path;
	o.cfg.salt_key_path = salt_path;
	/* the portal's draw documents are signed as the static site's are, when the key file is here */
	struct sign_key *key = NULL;
	if (has_key > 0 && access(key_path, R_OK) == 0 && !(key = ctx_sign_key(ctx)))
		fprintf(stderr, "提示: 公开门户的抽取公告和抽取包将不签名\n");
	else if (!key)
		fprintf(stderr, "提示: %s，公开门户的抽取公告和抽取包不签名（核验者须加 --unsigned-ok）\n",
			has_key > 0 ? "没有私钥文件" : "本单位没有登记签名密钥");
	o.cfg.sign_key = key;
	int rc = http_serve(&o);
	free(key_path);
	free(salt_path);
	if (o.cfg.web_fd >= 0)
		close(o.cfg.web_fd);
	sign_key_free(key);
	return rc;
}
