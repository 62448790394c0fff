/*
 * This file implements the API's inspection tasks and their results (op/task.h, op/result.h):
 * GET /api/tasks?mine=1&state=&officer=&unit=&month=&draw=&kind=&uscc=&due_by=&page=&size=,
 * GET /api/tasks/{id}, POST /api/tasks/{id}/result {"outcome","start_date","end_date","dates"?,
 * "summary","problems":[{"item","description"}],"findings":[{"item","text"}]} and
 * POST /api/tasks/{id}/cancel {"reason"} (and POST /api/tasks/{id}/problems, agenda.c), the printable task
 * notice GET /api/tasks/{id}/notice (HTML), and the task's files: POST /api/tasks/{id}/attachments (the
 * body is the file, X-File-Name its percent-encoded UTF-8 name), GET /api/tasks/{id}/attachments and
 * GET /api/tasks/{id}/attachments/{n} (the bytes). What an operator sees (an inspector: their team's
 * tasks) and may record is the operations' decision.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/result.h"
#include "io/task-notice.h"
#include "op/lookup.h"
#include "op/problem.h"
#include "op/result.h"
#include "op/task.h"
#include "op/upload.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct rows {
	json_t *rows;
	struct op_session *s;
};

/* The people of "ids" (、-joined) as [{"id","name"}], the names from the inspector directory. */
static json_t *people_json(struct op_session *s, const char *ids)
{
	json_t *a = json_array(), *split = http_split(ids, "、"), *v;
	size_t i;
	json_array_foreach(split, i, v)
	{
		char *name = op_person_name(s, json_string_value(v));
		json_array_append_new(a, json_pack("{s:s,s:s}", "id", json_string_value(v), "name", name));
		free(name);
	}
	json_decref(split);
	return a;
}

static json_t *task_json(struct op_session *s, const struct task *t, const char *cancelled, const char *name,
			 const char *region, const char *klass)
{
	struct unit u = {0};
	struct op_diag d = OP_DIAG_INIT;
	if (op_unit_lookup(s, t->unit_id ? t->unit_id : 1, &u, &d))
		op_diag_release(&d);
	json_t *o = json_pack(
	    "{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:s,s:s,s:s,s:s,s:I,s:I,s:I,s:s}", "id", (json_int_t)t->id, "kind",
	    t->kind, "source", !strcmp(t->kind, "targeted") ? "针对性检查" : "随机抽查", "uscc", t->uscc,
	    "items", http_split(t->items, "、"), "team", http_split(t->team, "、"), "experts",
	    http_split(t->experts, "、"), "period", t->slot ? t->slot : "", "mode", t->mode ? t->mode : "",
	    "state", t->state, "name", name ? name : "", "draw", (json_int_t)t->draw_id, "visit_no",
	    (json_int_t)t->visit_no, "unit", (json_int_t)u.id, "unit_name", u.name);
	json_object_set_new(o, "region", json_string(region ? region : ""));
	json_object_set_new(o, "class", json_string(klass ? klass : ""));
	json_object_set_new(o, "cancelled", json_string(cancelled ? cancelled : ""));
	json_object_set_new(o, "team_list", people_json(s, t->team));
	json_object_set_new(o, "expert_list", people_json(s, t->experts));
	if (t->trigger && *t->trigger) {
		json_object_set_new(o, "trigger", json_string(t->trigger));
		json_object_set_new(o, "reference", json_string(t->reference ? t->reference : ""));
	}
	return o;
}

/* The outcome's Chinese wording from its stored key ("none" → 未发现问题). */
static const char *wording(const char *key)
{
	const struct result_outcome_info *o = key && *key ? result_outcome_by_key(key) : NULL;
	return o ? o->wording : key ? key : "";
}

static int add_row(const struct task_view *v, void *arg)
{
	struct rows *r = arg;
	json_t *o = task_json(r->s, &v->task, v->cancelled, v->object_name, v->region, v->klass);
	json_object_set_new(o, "outcome", json_string(wording(v->outcome)));
	json_object_set_new(o, "end_date", json_string(v->end_date ? v->end_date : ""));
	json_object_set_new(o, "problems", json_integer(v->problems));
	json_object_set_new(o, "open_problems", json_integer(v->open_problems));
	json_array_append_new(r->rows, o);
	return 0;
}

static const char *opt(struct http_req *rq, const char *name)
{
	const char *v = rq->query(rq->ctx, name);
	return v && *v ? v : NULL;
}

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	size_t off, size;
	http_page(rq, &off, &size);
	const char *draw = opt(rq, "draw"), *mine = opt(rq, "mine");
	struct op_task_filter f = {.draw_id = draw ? atol(draw) : 0,
				   .state = opt(rq, "state"),
				   .kind = opt(rq, "kind"),
				   .uscc = opt(rq, "uscc"),
				   .officer = opt(rq, "officer"),
				   .mine = mine && strcmp(mine, "0"),
				   .unit_id = opt(rq, "unit") ? s->unit.id : 0,
				   .month = opt(rq, "month"),
				   .due_by = opt(rq, "due_by"),
				   .offset = (long)off,
				   .limit = (long)size};
	struct rows r = {json_array(), s};
	struct op_task_list_result out = {0};
	struct op_diag d = OP_DIAG_INIT;
	if (op_task_list(s, &f, add_row, &r, &out, &d)) {
		json_decref(r.rows);
		return http_op_error(rs, &d);
	}
	http_json(rs, 200, json_pack("{s:I,s:o}", "total", (json_int_t)out.total, "rows", r.rows));
}

static json_t *upload_json(const struct op_upload *u)
{
	char url[96];
	snprintf(url, sizeof(url), "/api/tasks/%ld/attachments/%ld", u->task_id, u->id);
	return json_pack("{s:I,s:I,s:s,s:s,s:b,s:I,s:s,s:s,s:s,s:s,s:s}", "id", (json_int_t)u->id, "task",
			 (json_int_t)u->task_id, "name", u->name, "type", u->type, "image", u->image, "size",
			 (json_int_t)u->size, "sha256", u->sha256, "added_at", u->added_at, "added_by",
			 u->added_by, "used",
			 u->ref == 'r'	 ? "result"
			 : u->ref == 'e' ? "evidence"
					 : "",
			 "url", url);
}

/* The task's result as recorded (outcome, dates, summary, findings, files) into o->result. */
static void result_detail(struct op_session *s, long id, json_t *r)
{
	struct op_result_view v;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_result_get(s, id, &v, &d);
	if (rc) {
		op_diag_release(&d);
		return;
	}
	json_object_set_new(r, "start_date", json_string(v.start_date));
	json_object_set_new(r, "summary", json_string(v.summary));
	json_object_set_new(r, "recorded_at", json_string(v.recorded_at));
	json_object_set_new(r, "recorded_by", json_string(v.recorded_by));
	json_t *f = json_array(), *files = json_array();
	for (size_t i = 0; i < v.nfindings; i++)
		json_array_append_new(
		    f, json_pack("{s:s,s:s}", "item", v.finding_items[i], "text", v.findings[i]));
	for (size_t i = 0; i < v.nfiles; i++) {
		json_t *o = json_pack("{s:s,s:s,s:I}", "name", v.files[i].name, "sha256", v.files[i].sha256,
				      "size", (json_int_t)v.files[i].size);
		if (v.files[i].upload) {
			char url[96];
			snprintf(url, sizeof(url), "/api/tasks/%ld/attachments/%ld", id, v.files[i].upload);
			json_object_set_new(o, "id", json_integer(v.files[i].upload));
			json_object_set_new(o, "url", json_string(url));
		}
		json_array_append_new(files, o);
	}
	json_object_set_new(r, "findings", f);
	json_object_set_new(r, "attachments", files);
	op_result_view_release(&v);
	/* the problems it found, as the problem board shows them (when the operator may read them) */
	struct op_problem_list_args pa = {.task_id = id, .within = -1};
	struct op_problem_list pl;
	if (op_problem_list(s, &pa, &pl, &d)) {
		op_diag_release(&d);
		return;
	}
	json_t *rows = json_array();
	for (size_t i = 0; i < pl.n; i++)
		json_array_append_new(rows, http_problem_json(s, &pl.rows[i]));
	op_problem_list_release(&pl);
	json_object_set_new(r, "problem_list", rows);
}

static void show(struct http_resp *rs, struct op_session *s, long id)
{
	struct task_info ti;
	struct op_diag d = OP_DIAG_INIT;
	if (op_task_get(s, id, ACT_TASK_READ, &ti, &d))
		return http_op_error(rs, &d);
	json_t *o = task_json(s, &ti.task, ti.cancelled, ti.object_name, ti.region, ti.klass);
	if (ti.result_id) {
		json_object_set_new(
		    o, "result",
		    json_pack("{s:I,s:s,s:o,s:s,s:I,s:I,s:I}", "id", (json_int_t)ti.result_id, "outcome",
			      wording(ti.outcome), "dates", http_split(ti.dates, "、"), "end_date",
			      ti.end_date ? ti.end_date : "", "problems", (json_int_t)ti.problems,
			      "open_problems", (json_int_t)ti.open_problems, "penalties",
			      (json_int_t)ti.penalties));
		json_object_set_new(o, "decision", json_string(ti.decision ? ti.decision : ""));
		json_object_set_new(o, "decided_on", json_string(ti.decided_on ? ti.decided_on : ""));
		result_detail(s, id, json_object_get(o, "result"));
	}
	task_info_release(&ti);
	/* what the printed notice names: the object's address, the items' and the people's names */
	struct op_task_notice *n = xmalloc(sizeof(*n));
	if (!op_task_notice(s, id, n, &d)) {
		json_t *items = json_array(), *team = json_array(), *experts = json_array();
		for (size_t i = 0; i < n->n.nitems; i++)
			json_array_append_new(items,
					      json_pack("{s:s,s:s,s:s}", "code", n->items[i].code, "name",
							n->items[i].name, "basis", n->items[i].basis));
		for (size_t i = 0; i < n->n.nteam; i++)
			json_array_append_new(
			    team, json_pack("{s:s,s:s}", "id", n->team[i].id, "name", n->team[i].name));
		for (size_t i = 0; i < n->n.nexperts; i++)
			json_array_append_new(experts, json_pack("{s:s,s:s}", "id", n->experts[i].id, "name",
								 n->experts[i].name));
		json_object_set_new(o, "address", json_string(n->n.address ? n->n.address : ""));
		json_object_set_new(o, "item_list", items);
		json_object_set_new(o, "team_list", team);
		json_object_set_new(o, "expert_list", experts);
		op_task_notice_release(n);
	} else {
		op_diag_release(&d);
	}
	free(n);
	struct op_upload *ups;
	size_t nups;
	if (!op_upload_list(s, id, &ups, &nups, &d)) {
		json_t *a = json_array();
		for (size_t i = 0; i < nups; i++)
			json_array_append_new(a, upload_json(&ups[i]));
		free(ups);
		json_object_set_new(o, "attachments", a);
	} else {
		op_diag_release(&d);
	}
	http_json(rs, 200, o);
}

/* A JSON array of objects into "KEY=TEXT" (or "[KEY:]TEXT") strings; all owned by *out. */
static size_t pairs(json_t *arr, const char *k, const char *v, const char *sep, int key_optional, char ***out)
{
	size_t n = json_array_size(arr), m = 0;
	*out = xcalloc(n ? n : 1, sizeof(char *));
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_array_get(arr, i);
		const char *key = json_is_string(e) ? NULL : http_jstr(e, k);
		const char *text = json_is_string(e) ? json_string_value(e) : http_jstr(e, v);
		if (!text)
			continue;
		if (key && *key) {
			(*out)[m] = xmalloc(strlen(key) + strlen(sep) + strlen(text) + 1);
			sprintf((*out)[m], "%s%s%s", key, sep, text);
		} else if (key_optional || json_is_string(e)) {
			(*out)[m] = xstrdup(text);
		} else {
			continue;
		}
		m++;
	}
	return m;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static void record(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	const char *dates[64];
	size_t ndates = 0;
	json_t *dj = json_object_get(j, "dates");
	if (json_is_array(dj)) {
		for (size_t i = 0; i < json_array_size(dj) && ndates < 64; i++)
			if (json_is_string(json_array_get(dj, i)))
				dates[ndates++] = json_string_value(json_array_get(dj, i));
	} else {
		const char *a = http_jstr(j, "start_date"), *b = http_jstr(j, "end_date");
		if (a && *a)
			dates[ndates++] = a;
		if (b && *b && (!a || strcmp(a, b)))
			dates[ndates++] = b;
	}
	long uploads[64];
	size_t nuploads = 0;
	json_t *aj = json_object_get(j, "attachments");
	for (size_t i = 0; json_is_array(aj) && i < json_array_size(aj); i++) {
		json_t *e = json_array_get(aj, i);
		json_t *v = json_is_object(e) ? json_object_get(e, "id") : e;
		if (!json_is_integer(v) || json_integer_value(v) <= 0 || nuploads == 64) {
			json_decref(j);
			return http_error(rs, 400, "attachments 应为先上传到本任务的附件编号（至多 64 个）");
		}
		uploads[nuploads++] = (long)json_integer_value(v);
	}
	char **problems, **findings;
	size_t np = pairs(json_object_get(j, "problems"), "item", "description", ":", 1, &problems);
	size_t nf = pairs(json_object_get(j, "findings"), "item", "text", "=", 0, &findings);
	struct op_result_args a = {.task_id = id,
				   .outcome = http_jstr(j, "outcome"),
				   .dates = dates,
				   .ndates = ndates,
				   .findings = (const char *const *)findings,
				   .nfindings = nf,
				   .problems = (const char *const *)problems,
				   .nproblems = np,
				   .summary = http_jstr(j, "summary"),
				   .uploads = uploads,
				   .nuploads = nuploads,
				   .reason = http_jstr(j, "reason")};
	struct op_result_out out;
	memset(&out, 0, sizeof(out));
	struct op_diag d = OP_DIAG_INIT;
	int amend = a.reason && *a.reason;
	int rc = amend ? op_result_amend(s, &a, &out, &d) : op_result_record(s, &a, &out, &d);
	free_list(problems, np);
	free_list(findings, nf);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	json_t *notes = json_array();
	for (size_t i = 0; i < d.nnotes; i++)
		json_array_append_new(notes, json_string(d.notes[i]));
	op_diag_release(&d);
	http_json(rs, amend ? 200 : 201,
		  json_pack("{s:I,s:I,s:s,s:o,s:s,s:I,s:s,s:b,s:o}", "task", (json_int_t)id, "result",
			    (json_int_t)out.result_id, "outcome", out.wording ? out.wording : "", "dates",
			    http_split(out.dates, "、"), "end_date", out.end_date, "problems",
			    (json_int_t)out.nproblems, "disclosure_due", out.due, "due_tentative",
			    out.tentative, "notes", notes));
}

static void cancel(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_task_cancel(s, id, http_jstr(j, "reason"), &d);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	http_ok(rs, &d);
}

static void notice(struct http_resp *rs, struct op_session *s, long id)
{
	struct op_task_notice *n = xmalloc(sizeof(*n));
	struct op_diag d = OP_DIAG_INIT;
	if (op_task_notice(s, id, n, &d)) {
		free(n);
		return http_op_error(rs, &d);
	}
	struct strbuf sb = STRBUF_INIT;
	task_notice_render(&n->n, 1, &sb);
	op_task_notice_release(n);
	free(n);
	rs->status = 200;
	rs->type = "text/html; charset=utf-8";
	rs->len = sb.len;
	rs->body = strbuf_detach(&sb);
}

static int hexval(int c)
{
	return c >= '0' && c <= '9'   ? c - '0'
	       : c >= 'a' && c <= 'f' ? c - 'a' + 10
	       : c >= 'A' && c <= 'F' ? c - 'A' + 10
				      : -1;
}

/* X-File-Name decoded (percent-encoded UTF-8) into out; the operation checks what it holds. */
static void file_name(struct http_req *rq, char *out, size_t n)
{
	const char *h = rq->header(rq->ctx, "X-File-Name");
	size_t k = 0;
	for (const char *p = h ? h : ""; *p && k + 1 < n; p++) {
		if (*p == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
			out[k++] = (char)(hexval(p[1]) * 16 + hexval(p[2]));
			p += 2;
		} else {
			out[k++] = *p;
		}
	}
	out[k] = 0;
}

static void upload(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	char name[4 * OP_UPLOAD_NAME_MAX];
	file_name(rq, name, sizeof(name));
	struct op_upload u;
	struct op_diag d = OP_DIAG_INIT;
	if (op_upload_add(s, id, name, rq->body, rq->body_len, &u, &d))
		return http_op_error(rs, &d);
	http_json(rs, 201, upload_json(&u));
}

static void attachments(struct http_resp *rs, struct op_session *s, long id)
{
	struct op_upload *ups;
	size_t n;
	struct op_diag d = OP_DIAG_INIT;
	if (op_upload_list(s, id, &ups, &n, &d))
		return http_op_error(rs, &d);
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, upload_json(&ups[i]));
	free(ups);
	http_json(rs, 200, json_pack("{s:I,s:o}", "total", (json_int_t)n, "rows", a));
}

/* The bytes of one upload: raster images inline with their type, anything else as a download. */
static void attachment(struct http_resp *rs, struct op_session *s, long id, const char *which)
{
	char *end;
	long n = strtol(which, &end, 10);
	if (*end || n <= 0)
		return http_error(rs, 400, "附件编号无效");
	struct op_upload u;
	void *data;
	struct op_diag d = OP_DIAG_INIT;
	if (op_upload_read(s, id, n, &u, &data, &d))
		return http_op_error(rs, &d);
	rs->status = 200;
	rs->type = u.image ? (!strcmp(u.type, "image/jpeg")  ? "image/jpeg"
			      : !strcmp(u.type, "image/png") ? "image/png"
			      : !strcmp(u.type, "image/gif") ? "image/gif"
							     : "image/webp")
			   : "application/octet-stream";
	rs->body = data;
	rs->len = (size_t)u.size;
	char enc[3 * OP_UPLOAD_NAME_MAX + 1];
	size_t k = 0;
	for (const unsigned char *p = (const unsigned char *)u.name; *p && k + 4 < sizeof(enc); p++) {
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '.' || *p == '-' || *p == '_')
			enc[k++] = (char)*p;
		else
			k += (size_t)snprintf(enc + k, 4, "%%%02X", *p);
	}
	enc[k] = 0;
	snprintf(rs->disposition, sizeof(rs->disposition),
		 "%s; filename=\"attachment-%ld\"; filename*=UTF-8''%s", u.image ? "inline" : "attachment",
		 u.id, enc);
}

int http_tasks(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	int get = !strcmp(m, "GET") || !strcmp(m, "HEAD"), post = !strcmp(m, "POST");
	long id = 0;
	if (nseg >= 2) {
		char *end;
		id = strtol(seg[1], &end, 10);
		if (*end || id <= 0)
			return http_error(rs, 400, "任务编号无效"), 1;
	}
	int files = nseg >= 3 && !strcmp(seg[2], "attachments");
	if (nseg > 4 || (nseg == 4 && !files) ||
	    (nseg == 3 && strcmp(seg[2], "result") && strcmp(seg[2], "cancel") &&
	     strcmp(seg[2], "problems") && strcmp(seg[2], "notice") && !files))
		return 0;
	if (nseg == 3 && files) {
		if (!get && !post)
			return http_method_not_allowed(rs, "GET, POST"), 1;
	} else if (nseg == 3 && strcmp(seg[2], "notice") ? !post : !get) {
		return http_method_not_allowed(rs, nseg == 3 && strcmp(seg[2], "notice") ? "POST" : "GET"), 1;
	}
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	if (nseg == 4)
		attachment(rs, &s, id, seg[3]);
	else if (files && post)
		upload(rq, rs, &s, id);
	else if (files)
		attachments(rs, &s, id);
	else if (nseg == 3 && !strcmp(seg[2], "notice"))
		notice(rs, &s, id);
	else if (nseg == 1)
		list(rq, rs, &s);
	else if (nseg == 2)
		show(rs, &s, id);
	else if (!strcmp(seg[2], "result"))
		record(rq, rs, &s, id);
	else if (!strcmp(seg[2], "problems"))
		http_problem_add(rq, rs, &s, id);
	else
		cancel(rq, rs, &s, id);
	return 1;
}
