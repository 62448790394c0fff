/*
 * This file implements the files uploaded to inspection tasks (op/upload.h): the checks on adding
 * one (who may, the task, the name, the bytes), the type read from the first bytes (never taken from
 * the client), listing and reading back with the bytes checked against their SHA-256, and the
 * references a result or a problem step keeps.
 */
#include "op/upload.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/utf8.h"
#include "op/authz.h"
#include "op/task.h"
#include "store/audit.h"
#include "store/upload.h"
#include "util/clock.h"
#include "util/xalloc.h"

/* The type of a file from its first bytes; *image 1 for the raster images a browser may show inline. */
static const char *sniff(const unsigned char *p, size_t n, int *image)
{
	*image = 1;
	if (n >= 3 && p[0] == 0xff && p[1] == 0xd8 && p[2] == 0xff)
		return "image/jpeg";
	if (n >= 8 && !memcmp(p, "\x89PNG\r\n\x1a\n", 8))
		return "image/png";
	if (n >= 6 && (!memcmp(p, "GIF87a", 6) || !memcmp(p, "GIF89a", 6)))
		return "image/gif";
	if (n >= 12 && !memcmp(p, "RIFF", 4) && !memcmp(p + 8, "WEBP", 4))
		return "image/webp";
	*image = 0;
	if (n >= 5 && !memcmp(p, "%PDF-", 5))
		return "application/pdf";
	if (n >= 4 && !memcmp(p, "PK\x03\x04", 4))
		return "application/zip"; /* also .docx, .xlsx */
	if (n >= 8 && !memcmp(p, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8))
		return "application/x-ole-storage"; /* .doc, .xls */
	return "application/octet-stream";
}

static void fill(struct op_upload *o, const struct upload_row *u)
{
	memset(o, 0, sizeof(*o));
	o->id = u->id;
	o->task_id = u->task_id;
	snprintf(o->name, sizeof(o->name), "%s", u->name);
	snprintf(o->type, sizeof(o->type), "%s", u->type);
	snprintf(o->sha256, sizeof(o->sha256), "%s", u->sha256);
	o->size = u->size;
	snprintf(o->added_at, sizeof(o->added_at), "%s", u->added_at);
	snprintf(o->added_by, sizeof(o->added_by), "%s", u->added_by);
	o->image = !strncmp(u->type, "image/", 6);
}

int op_upload_add(struct op_session *s, long task_id, const char *name, const void *data, size_t size,
		  struct op_upload *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	/* 谁检查、谁录入: who may record the result (or take the problems' steps) adds its files */
	struct task_info ti;
	enum op_action a = ACT_RESULT_RECORD;
	if (op_scope_of(s->roles, a) == SCOPE_NONE && op_scope_of(s->roles, ACT_PROBLEM_STEP) != SCOPE_NONE)
		a = ACT_PROBLEM_STEP;
	if (op_task_get(s, task_id, a, &ti, d))
		return -1;
	int cancelled = *ti.cancelled != 0;
	task_info_release(&ti);
	if (cancelled)
		return op_fail(d, OP_CONFLICT, "任务 %ld 已作废，不能再上传附件", task_id);
	const char *base = name ? name : "";
	for (const char *p = base; *p; p++)
		if (*p == '/' || *p == '\\')
			base = p + 1;
	size_t l = strlen(base);
	if (!l || !strcmp(base, ".") || !strcmp(base, ".."))
		return op_fail(d, OP_INVALID, "附件须有文件名（请求头 X-File-Name，百分号编码的 UTF-8）");
	if (!utf8_valid(base, l) || utf8_has_control(base, l))
		return op_fail(d, OP_INVALID, "附件文件名应为 UTF-8 文本，不含控制字符");
	if (l > OP_UPLOAD_NAME_MAX)
		return op_fail(d, OP_INVALID, "附件文件名过长（不超过 %d 字节）", OP_UPLOAD_NAME_MAX);
	if (!size)
		return op_fail(d, OP_INVALID, "附件“%s”是空文件", base);
	struct upload_row u = {.task_id = task_id, .name = base, .size = (long)size, .data = data};
	char sha[65], now[26], subject[48], *err = NULL;
	int image;
	u.type = sniff(data, size, &image);
	sha256_hex(data, size, sha);
	u.sha256 = sha;
	clock_now(now);
	u.added_at = now;
	u.added_by = s->name;
	char *action = xasprintf("upload：%s（%zu 字节，SHA-256 %s）", base, size, sha);
	if (store_begin(s->st, &err)) {
		free(action);
		return op_fail_take(d, OP_ERROR, err, "数据库错误");
	}
	long id = store_upload_insert(s->st, &u, &err);
	if (id > 0) {
		snprintf(subject, sizeof(subject), "upload:%ld", id);
		if (store_audit_record(s->st, now, s->name, action, subject, &err) ||
		    store_commit(s->st, &err))
			id = -1;
	}
	free(action);
	if (id <= 0) {
		store_rollback(s->st);
		return op_fail_take(d, OP_ERROR, err, "保存附件失败");
	}
	u.id = id;
	fill(out, &u);
	return 0;
}

struct list {
	struct op_upload *rows;
	size_t n, alloc;
};

static int add(const struct upload_row *u, void *arg)
{
	struct list *l = arg;
	ALLOC_GROW(l->rows, l->n + 1, l->alloc);
	fill(&l->rows[l->n++], u);
	return 0;
}

/* Leaves out of "l" the uploads of tasks the operator may not read (each task asked once). 0, or -1 with d.
 */
static int keep_readable(struct op_session *s, struct list *l, struct op_diag *d)
{
	struct {
		long task;
		int ok;
	} *seen = xcalloc(l->n + 1, sizeof(*seen));
	size_t nseen = 0, k = 0;
	int rc = 0;
	for (size_t i = 0; i < l->n && !rc; i++) {
		long t = l->rows[i].task_id;
		size_t j = 0;
		while (j < nseen && seen[j].task != t)
			j++;
		if (j == nseen) {
			struct task_info ti;
			struct op_diag td = OP_DIAG_INIT;
			seen[j].task = t;
			seen[j].ok = !op_task_get(s, t, ACT_TASK_READ, &ti, &td);
			if (seen[j].ok)
				task_info_release(&ti);
			else if (td.fail == OP_ERROR)
				rc = op_fail(d, OP_ERROR, "%s", td.msg ? td.msg : "读取检查任务失败");
			op_diag_release(&td);
			nseen++;
		}
		if (seen[j].ok)
			l->rows[k++] = l->rows[i];
	}
	free(seen);
	l->n = k;
	return rc;
}

int op_upload_list(struct op_session *s, long task_id, struct op_upload **rows, size_t *n, struct op_diag *d)
{
	*rows = NULL;
	*n = 0;
	if (task_id) {
		struct task_info ti;
		if (op_task_get(s, task_id, ACT_TASK_READ, &ti, d))
			return -1;
		task_info_release(&ti);
	} else if (op_scope_of(s->roles, ACT_TASK_READ) == SCOPE_NONE) {
		return op_authorize(s, ACT_TASK_READ, 0, NULL, d);
	}
	struct list l = {0};
	char *err = NULL;
	int rc = store_upload_each(s->st, task_id, add, &l, &err);
	if (!rc && !task_id && keep_readable(s, &l, d)) {
		free(l.rows);
		return -1;
	}
	for (size_t i = 0; !rc && i < l.n; i++)
		rc = store_upload_ref(s->st, l.rows[i].id, &l.rows[i].ref, &err);
	if (rc) {
		free(l.rows);
		return op_fail_take(d, OP_ERROR, err, "读取附件失败");
	}
	*rows = l.rows;
	*n = l.n;
	return 0;
}

struct one {
	struct op_upload *out;
	void **data;
};

static int take(const struct upload_row *u, void *arg)
{
	struct one *o = arg;
	fill(o->out, u);
	if (o->data) {
		*o->data = xmalloc(u->size ? (size_t)u->size : 1);
		if (u->size)
			memcpy(*o->data, u->data, (size_t)u->size);
	}
	return 0;
}

int op_upload_read(struct op_session *s, long task_id, long id, struct op_upload *out, void **data,
		   struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	*data = NULL;
	struct task_info ti;
	if (op_task_get(s, task_id, ACT_TASK_READ, &ti, d))
		return -1;
	task_info_release(&ti);
	char *err = NULL;
	struct one o = {out, data};
	int rc = store_upload_get(s->st, id, 1, take, &o, &err);
	if (rc < 0)
		return op_fail_take(d, OP_ERROR, err, "读取附件失败");
	if (rc || out->task_id != task_id) {
		free(*data);
		*data = NULL;
		return op_fail(d, OP_NOTFOUND, "任务 %ld 没有编号为 %ld 的附件", task_id, id);
	}
	char sha[65];
	sha256_hex(*data, (size_t)out->size, sha);
	if (strcmp(sha, out->sha256)) {
		free(*data);
		*data = NULL;
		return op_fail(d, OP_ERROR, "附件 %ld 的内容与登记的 SHA-256 不符：数据库中的记录已被改动",
			       id);
	}
	return 0;
}

int op_upload_get(struct op_session *s, long id, struct op_upload *out, void **data, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	*data = NULL;
	struct op_upload row;
	struct one o = {&row, NULL};
	char *err = NULL;
	int rc = store_upload_get(s->st, id, 0, take, &o, &err);
	if (rc < 0)
		return op_fail_take(d, OP_ERROR, err, "读取附件失败");
	if (rc)
		return op_fail(d, OP_NOTFOUND, "没有编号为 %ld 的附件", id);
	return op_upload_read(s, row.task_id, id, out, data, d);
}

int op_upload_refs(struct op_session *s, long task_id, const long *ids, size_t n, struct op_upload_refs *out,
		   struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (!n)
		return 0;
	out->rows = xcalloc(n, sizeof(*out->rows));
	out->refs = xcalloc(n, sizeof(*out->refs));
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < i; k++)
			if (ids[k] == ids[i]) {
				op_upload_refs_release(out);
				return op_fail(d, OP_INVALID, "附件 %ld 列了两次", ids[i]);
			}
		char *err = NULL;
		struct one o = {&out->rows[i], NULL};
		int rc = store_upload_get(s->st, ids[i], 0, take, &o, &err);
		if (rc < 0) {
			op_upload_refs_release(out);
			return op_fail_take(d, OP_ERROR, err, "读取附件失败");
		}
		if (rc || out->rows[i].task_id != task_id) {
			op_upload_refs_release(out);
			return op_fail(d, OP_INVALID, "任务 %ld 没有编号为 %ld 的附件（先上传到该任务）",
				       task_id, ids[i]);
		}
		out->refs[i] =
		    (struct attachment_ref){out->rows[i].name, out->rows[i].sha256, out->rows[i].size};
		out->n++;
	}
	return 0;
}

void op_upload_refs_release(struct op_upload_refs *r)
{
	free(r->refs);
	free(r->rows);
	memset(r, 0, sizeof(*r));
}
