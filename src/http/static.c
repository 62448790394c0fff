/*
 * This file implements the front end's static files (web/dist): the application at /, the public
 * portal at /public/, assets under /assets/. Paths are checked before any file is touched (no "..",
 * ".", NUL, backslash, or encoded dot, slash or backslash in the raw target) and opened one component
 * at a time below the web directory's descriptor with O_NOFOLLOW, so neither a crafted path nor a
 * symbolic link leads outside it. A path without a file extension that names no file is a page of the
 * single-page application (index.html). Hashed assets are cached for a year; pages are revalidated.
 * A precompressed NAME.gz is sent when the client accepts gzip.
 */
#include "http/http.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

int http_path_unsafe(const char *path, const char *raw)
{
	if (!path || *path != '/' || strchr(path, '\\'))
		return 1;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 1;
	/* every segment: not "." or ".." */
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
			return 1;
		p += n;
	}
	if (raw) {
		/* what the decoding may have hidden: %2e (.), %2f (/), %5c (\), %00 and any control byte */
		for (const char *p = raw; *p && *p != '?'; p++) {
			if (*p == '%') {
				if (!strncasecmp(p, "%2e", 3) || !strncasecmp(p, "%2f", 3) ||
				    !strncasecmp(p, "%5c", 3) || !strncmp(p, "%00", 3))
					return 1;
			} else if (*p == '\\') {
				return 1;
			}
		}
	}
	return 0;
}

/* Opens "rel" (no leading '/') below dirfd, one component at a time, never through a symbolic link.
 * The result must be a regular file. -1 when not. */
static int open_below(int dirfd, const char *rel, struct stat *sb)
{
	char buf[1024];
	if (snprintf(buf, sizeof(buf), "%s", rel) >= (int)sizeof(buf))
		return -1;
	int fd = dup(dirfd);
	if (fd < 0)
		return -1;
	char *save = NULL, *part = strtok_r(buf, "/", &save);
	while (part) {
		char *next = strtok_r(NULL, "/", &save);
		int flags = O_NOFOLLOW | O_CLOEXEC | (next ? O_PATH | O_DIRECTORY : O_RDONLY | O_NONBLOCK);
		int nfd = openat(fd, part, flags);
		close(fd);
		if (nfd < 0)
			return -1;
		fd = nfd;
		part = next;
	}
	if (fstat(fd, sb) || !S_ISREG(sb->st_mode)) {
		close(fd);
		return -1;
	}
	return fd;
}

static const char *mime(const char *name)
{
	static const struct {
		const char *ext, *type;
	} types[] = {
	    {".html", "text/html; charset=utf-8"},
	    {".js", "text/javascript; charset=utf-8"},
	    {".mjs", "text/javascript; charset=utf-8"},
	    {".css", "text/css; charset=utf-8"},
	    {".json", "application/json; charset=utf-8"},
	    {".svg", "image/svg+xml"},
	    {".png", "image/png"},
	    {".jpg", "image/jpeg"},
	    {".ico", "image/x-icon"},
	    {".woff2", "font/woff2"},
	    {".woff", "font/woff"},
	    {".ttf", "font/ttf"},
	    {".txt", "text/plain; charset=utf-8"},
	    {".map", "application/json"},
	    {".py", "text/plain; charset=utf-8"},
	    {".zip", "application/zip"},
	};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < sizeof(types) / sizeof(types[0]); i++)
		if (!strcasecmp(dot, types[i].ext))
			return types[i].type;
	return "application/octet-stream";
}

/* Whether the client accepts gzip (a token "gzip" without q=0). */
static int accepts_gzip(const char *ae)
{
	for (const char *p = ae; p && *p;) {
		while (*p == ' ' || *p == ',')
			p++;
		size_t n = strcspn(p, ",");
		if (n >= 4 && !strncasecmp(p, "gzip", 4) && (n == 4 || p[4] == ';' || p[4] == ' ')) {
			const char *q = memchr(p, 'q', n);
			if (!q || strtod(q + 2, NULL) > 0)
				return 1;
		}
		p += n;
	}
	return 0;
}

/* Whether a file name carries a content hash (Vite: name-HASH.ext, under assets/). */
static int hashed(const char *rel)
{
	return !strncmp(rel, "assets/", 7);
}

static int serve_file(struct http_req *rq, struct http_resp *rs, const char *rel)
{
	struct stat sb;
	int fd = -1;
	const char *enc = NULL;
	const char *type = mime(rel);
	int compressible =
	    strncmp(type, "image/png", 9) && strncmp(type, "image/jpeg", 10) && strncmp(type, "font/woff", 9);
	if (compressible && accepts_gzip(rq->header(rq->ctx, "Accept-Encoding"))) {
		char gz[1100];
		if (snprintf(gz, sizeof(gz), "%s.gz", rel) < (int)sizeof(gz) &&
		    (fd = open_below(rq->cfg->web_fd, gz, &sb)) >= 0)
			enc = "gzip";
	}
	if (fd < 0 && (fd = open_below(rq->cfg->web_fd, rel, &sb)) < 0)
		return 0;
	http_resp_release(rs);
	rs->status = 200;
	rs->fd = fd;
	rs->fd_len = sb.st_size;
	rs->type = type;
	rs->encoding = enc;
	rs->vary = compressible;
	rs->cache = hashed(rel) ? "public, max-age=31536000, immutable" : "no-cache";
	return 1;
}

void http_static(struct http_req *rq, struct http_resp *rs)
{
	const char *path = rq->path;
	if (http_path_unsafe(path, rq->raw) || strlen(path) > 900)
		return http_error(rs, 400, "请求路径无效");
	if (rq->cfg->web_fd < 0)
		return http_error(rs, 404, "未配置网页文件目录（suiji serve --web 目录）");
	char rel[1024];
	snprintf(rel, sizeof(rel), "%s", path + 1);
	size_t n = strlen(rel);
	if (n == 0 || rel[n - 1] == '/')
		snprintf(rel + n, sizeof(rel) - n, "index.html");
	if (serve_file(rq, rs, rel))
		return;
	/* a page of the application or the portal: its index.html (paths with an extension are files) */
	const char *last = strrchr(path, '/');
	if (last && !strchr(last, '.')) {
		const char *index = !strncmp(path, "/public/", 8) || !strcmp(path, "/public")
					? "public/index.html"
					: "index.html";
		if (serve_file(rq, rs, index))
			return;
	}
	http_error(rs, 404, "找不到该文件");
}
