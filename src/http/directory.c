/*
 * This file implements the API's directories (op/directory.h) — kind is objects, people, conflicts or
 * items: GET /api/{kind}?q=&class=&region=&tag=&as_of=&unit=&page=&size= (rows keyed by the English
 * header of each column),
 * GET /api/{kind}/{key}/history (every version with the fields that changed, old → new),
 * GET /api/directory/changes?quarter=2025Q2|from=&to=&kind= (what took effect in a period),
 * POST /api/import/{kind}?date=&full=0|1&sheet= (the body is the file, CSV or .xlsx told apart by its
 * content; sheet names a workbook's worksheet, the first by default; all or nothing, row errors 422) and
 * GET /api/export/{kind}?format=csv|xlsx|json&as_of= (a download). The unit's tree is the operations'.
 * "q" narrows a list to entries whose key or name contains it; the store filters, counts and pages.
 */
#include "http/http.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/dirschema.h"
#include "core/utf8.h"
#include "op/directory.h"
#include "util/xalloc.h"

/* The index of the field holding an entry's display name, -1 when none. */
static int name_field(const struct dirkind *dk)
{
	int i = dirkind_field_index(dk, "name");
	if (i < 0)
		i = dirkind_field_index(dk, "person_name");
	return i;
}

static json_t *values_json(const struct dirkind *dk, const char *const *vals, json_t *o)
{
	for (size_t i = 0; i < dk->nfields; i++) /* keyed by the English header (people: "id") */
		json_object_set_new(o, dk->fields[i].alias ? dk->fields[i].alias : dk->fields[i].col,
				    json_string(vals[i] ? vals[i] : ""));
	return o;
}

struct page {
	const struct dirkind *dk;
	json_t *rows;
};

static int add_entry(const struct dir_entry *e, void *arg)
{
	struct page *p = arg;
	json_t *o = values_json(p->dk, e->vals, json_object());
	json_object_set_new(o, "key", json_string(e->k));
	json_object_set_new(o, "valid_from", json_string(e->valid_from));
	json_object_set_new(o, "change", json_string(dir_change_zh(e->change)));
	json_array_append_new(p->rows, o);
	return 0;
}

static const char *opt(struct http_req *rq, const char *name)
{
	const char *v = rq->query(rq->ctx, name);
	return v && *v ? v : NULL;
}

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s, const struct dirkind *dk)
{
	size_t off, size;
	http_page(rq, &off, &size);
	struct page p = {dk, json_array()};
	struct op_list_args a = {.d = dk,
				 .as_of = opt(rq, "as_of"),
				 .klass = opt(rq, "class"),
				 .region = opt(rq, "region"),
				 .tag = opt(rq, "tag"),
				 .q = opt(rq, "q"),
				 .offset = (long)off,
				 .limit = (long)size};
	long total = 0;
	struct op_diag d = OP_DIAG_INIT;
	if (op_list(s, &a, add_entry, &p, &total, &d)) {
		json_decref(p.rows);
		return http_op_error(rs, &d);
	}
	op_diag_release(&d);
	http_json(rs, 200, json_pack("{s:I,s:o}", "total", (json_int_t)total, "rows", p.rows));
}

static json_t *version_json(const struct dirkind *dk, const struct op_dir_version *v, int with_values)
{
	json_t *ch = json_array();
	for (size_t i = 0; i < v->nchanges; i++)
		json_array_append_new(ch, json_pack("{s:s,s:s,s:s}", "field", v->changes[i].field, "old",
						    v->changes[i].old ? v->changes[i].old : "", "new",
						    v->changes[i].neu ? v->changes[i].neu : ""));
	int nf = name_field(dk);
	json_t *o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:I,s:s,s:s,s:s,s:o}", "key", v->k, "kind", dk->name,
			      "valid_from", v->valid_from, "date", v->valid_from, "valid_to", v->valid_to,
			      "removed", v->removed, "batch", (json_int_t)v->batch_id, "actor",
			      v->actor ? v->actor : "", "source", v->source ? v->source : "", "change",
			      dir_change_zh(v->change), "changes", ch);
	json_object_set_new(o, "name", json_string(nf >= 0 && v->vals && v->vals[nf] ? v->vals[nf] : ""));
	if (with_values && v->vals)
		json_object_set_new(o, "values",
				    values_json(dk, (const char *const *)v->vals, json_object()));
	return o;
}

static void history(struct http_req *rq, struct http_resp *rs, struct op_session *s, const struct dirkind *dk,
		    const char *key)
{
	struct op_dir_versions h = {0};
	struct op_diag d = OP_DIAG_INIT;
	if (op_history(s, dk, key, &h, &d))
		return http_op_error(rs, &d);
	json_t *rows = json_array();
	for (size_t i = 0; i < h.n; i++)
		json_array_append_new(rows, version_json(dk, &h.v[i], 1));
	op_dir_versions_release(&h);
	http_json(rs, 200, json_pack("{s:I,s:o}", "total", (json_int_t)json_array_size(rows), "rows", rows));
}

/* "2025Q2" into its first and last day. */
static int quarter_dates(const char *q, char from[11], char to[11])
{
	int y, n;
	char tail;
	if (!q || sscanf(q, "%4dQ%1d%c", &y, &n, &tail) != 2 || y < 2000 || y > 2999 || n < 1 || n > 4)
		return -1;
	static const char *const first[] = {"01-01", "04-01", "07-01", "10-01"}, *const last[] = {
										     "03-31", "06-30",
										     "09-30", "12-31"};
	snprintf(from, 11, "%04d-%s", y, first[n - 1]);
	snprintf(to, 11, "%04d-%s", y, last[n - 1]);
	return 0;
}

static void changes(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	char from[11], to[11];
	const char *quarter = opt(rq, "quarter"), *kind = opt(rq, "kind");
	if (quarter) {
		if (quarter_dates(quarter, from, to))
			return http_error(rs, 400, "季度无效（应为 2025Q2 的形式）");
	} else {
		const char *f = opt(rq, "from"), *t = opt(rq, "to");
		if (!f || !t || strlen(f) != 10 || strlen(t) != 10)
			return http_error(rs, 400,
					  "请给出季度 quarter=2025Q2，或起止日期 from= 与 to=（YYYY-MM-DD）");
		memcpy(from, f, 11);
		memcpy(to, t, 11);
	}
	const struct dirkind *one = kind ? dirkind_find(kind) : NULL;
	if (kind && !one)
		return http_error(rs, 400, "名录类别无效（应为 objects、people、conflicts 或 items）");
	json_t *rows = json_array();
	for (size_t k = 0; dir_kinds[k]; k++) {
		if (one && dir_kinds[k] != one)
			continue;
		struct op_dir_versions h = {0};
		struct op_diag d = OP_DIAG_INIT;
		if (op_changes(s, dir_kinds[k], from, to, &h, &d)) {
			json_decref(rows);
			return http_op_error(rs, &d);
		}
		for (size_t i = 0; i < h.n; i++)
			json_array_append_new(rows, version_json(dir_kinds[k], &h.v[i], 0));
		op_dir_versions_release(&h);
	}
	size_t off, size;
	http_page(rq, &off, &size);
	json_t *o = http_list(rows, off, size);
	json_object_set_new(o, "from", json_string(from));
	json_object_set_new(o, "to", json_string(to));
	http_json(rs, 200, o);
}

/* A temporary file "name" in a new directory; -1 on failure. */
static int temp_file(char dir[64], char path[256], const char *name)
{
	const char *t = getenv("TMPDIR");
	snprintf(dir, 64, "%s/suiji-web-XXXXXX", t && *t && strlen(t) < 40 ? t : "/tmp");
	if (!mkdtemp(dir))
		return -1;
	snprintf(path, 256, "%s/%s", dir, name);
	return 0;
}

static int hexval(char c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/*
 * The client's file name (X-File-Name, percent-encoded UTF-8) as a safe base name into out[128]: the
 * part after the last slash or backslash, no control bytes, valid UTF-8, at most 100 bytes, ending in
 * .csv or .xlsx; "upload.csv" when it is none of that. The import records it as the batch's source.
 */
static void upload_name(struct http_req *rq, char out[128])
{
	const char *n = rq->header(rq->ctx, "X-File-Name");
	char dec[128];
	size_t k = 0;
	for (const char *p = n ? n : ""; *p && k < sizeof(dec) - 1; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			dec[k++] = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		} else {
			dec[k++] = *p;
		}
	}
	dec[k] = 0;
	const char *base = dec;
	for (const char *p = dec; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t l = strlen(base);
	int ok = l > 4 && l <= 100 && *base != '.' && utf8_valid(base, l) && !utf8_has_control(base, l) &&
		 (!strcasecmp(base + l - 4, ".csv") || (l > 5 && !strcasecmp(base + l - 5, ".xlsx")));
	snprintf(out, 128, "%s", ok ? base : "upload.csv");
}

/* The operation's message without the temporary directory ("…/suiji-web-XXXX/objects.csv" → "objects.csv").
 */
static void strip_dir(struct op_diag *d, const char *dir)
{
	size_t n = strlen(dir);
	for (char *p = d->msg; p && (p = strstr(p, dir));)
		memmove(p, p + n + 1, strlen(p + n + 1) + 1);
}

static void import(struct http_req *rq, struct http_resp *rs, struct op_session *s, const struct dirkind *dk)
{
	if (!rq->body_len)
		return http_error(rs, 400, "请求内容为空：应为名录文件（CSV 或 xlsx）");
	const char *full = opt(rq, "full");
	if (full && strcmp(full, "0") && strcmp(full, "1"))
		return http_error(rs, 400, "full 应为 0 或 1");
	char dir[64], path[256], name[128];
	upload_name(rq, name);
	if (temp_file(dir, path, name))
		return http_error(rs, 500, "无法建立临时文件");
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	size_t done = 0;
	while (fd >= 0 && done < rq->body_len) {
		ssize_t k = write(fd, rq->body + done, rq->body_len - done);
		if (k <= 0)
			break;
		done += (size_t)k;
	}
	if (fd < 0 || done != rq->body_len || close(fd)) {
		unlink(path);
		rmdir(dir);
		return http_error(rs, 500, "无法写入临时文件");
	}
	struct op_import_args a = {.d = dk,
				   .path = path,
				   .effective = opt(rq, "date"),
				   .sheet = opt(rq, "sheet"),
				   .full = full && !strcmp(full, "1"),
				   .command = NULL};
	struct dir_counts c = {0};
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_import(s, &a, &c, &d);
	unlink(path);
	rmdir(dir);
	if (rc) {
		strip_dir(&d, dir);
		return http_op_error(rs, &d);
	}
	json_t *notes = json_array();
	for (size_t i = 0; i < d.nnotes; i++)
		json_array_append_new(notes, json_string(d.notes[i]));
	op_diag_release(&d);
	http_json(rs, 200,
		  json_pack("{s:I,s:I,s:I,s:I,s:o}", "added", (json_int_t)c.added, "changed",
			    (json_int_t)c.changed, "unchanged", (json_int_t)c.unchanged, "removed",
			    (json_int_t)c.removed, "notes", notes));
}

static void export(struct http_req *rq, struct http_resp *rs, struct op_session *s, const struct dirkind *dk)
{
	const char *format = opt(rq, "format");
	if (!format)
		format = "csv";
	if (strcmp(format, "csv") && strcmp(format, "xlsx") && strcmp(format, "json"))
		return http_error(rs, 400, "导出格式应为 csv、xlsx 或 json");
	char dir[64], path[256], name[32];
	snprintf(name, sizeof(name), "export.%s", format);
	if (temp_file(dir, path, name))
		return http_error(rs, 500, "无法建立临时文件");
	long rows = 0;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_export(s, dk, format, path, opt(rq, "as_of"), &rows, &d);
	int fd = rc ? -1 : open(path, O_RDONLY | O_CLOEXEC);
	struct stat sb;
	unlink(path); /* the open descriptor keeps the file until it is sent */
	rmdir(dir);
	if (rc) {
		strip_dir(&d, dir);
		return http_op_error(rs, &d);
	}
	op_diag_release(&d);
	if (fd < 0 || fstat(fd, &sb)) {
		if (fd >= 0)
			close(fd);
		return http_error(rs, 500, "无法读取导出文件");
	}
	http_resp_release(rs);
	rs->status = 200;
	rs->fd = fd;
	rs->fd_len = sb.st_size;
	rs->type = !strcmp(format, "csv") ? "text/csv; charset=utf-8"
		   : !strcmp(format, "json")
		       ? "application/json; charset=utf-8"
		       : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
	snprintf(rs->disposition, sizeof(rs->disposition), "attachment; filename=\"%s.%s\"", dk->name,
		 format);
}

int http_directory(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	int get = !strcmp(m, "GET") || !strcmp(m, "HEAD"), post = !strcmp(m, "POST");
	struct op_session s;
	if (!strcmp(seg[0], "directory")) {
		if (nseg != 2 || strcmp(seg[1], "changes"))
			return 0;
		if (!get)
			return http_method_not_allowed(rs, "GET"), 1;
		if (!http_auth(rq, rs, &s))
			changes(rq, rs, &s);
		return 1;
	}
	if (!strcmp(seg[0], "import") || !strcmp(seg[0], "export")) {
		const struct dirkind *dk = nseg == 2 ? dirkind_find(seg[1]) : NULL;
		if (!dk)
			return 0;
		int imp = !strcmp(seg[0], "import");
		if (imp ? !post : !get)
			return http_method_not_allowed(rs, imp ? "POST" : "GET"), 1;
		if (!http_auth(rq, rs, &s))
			imp ? import(rq, rs, &s, dk) : export(rq, rs, &s, dk);
		return 1;
	}
	const struct dirkind *dk = dirkind_find(seg[0]);
	/* a conflict's key is "person/credit code": its %2F arrives decoded, as two segments */
	int two = dk == &dir_conflicts && nseg == 4 && !strcmp(seg[3], "history");
	if (!dk || !(nseg == 1 || (nseg == 3 && !strcmp(seg[2], "history")) || two))
		return 0;
	if (!get)
		return http_method_not_allowed(rs, "GET"), 1;
	if (http_auth(rq, rs, &s))
		return 1;
	if (nseg == 1) {
		list(rq, rs, &s, dk);
	} else if (two) {
		char *key = xmalloc(strlen(seg[1]) + strlen(seg[2]) + 2);
		sprintf(key, "%s/%s", seg[1], seg[2]);
		history(rq, rs, &s, dk, key);
		free(key);
	} else {
		history(rq, rs, &s, dk, seg[1]);
	}
	return 1;
}
