/*
 * This file implements the API of the draw meeting (随机抽取, op/draw.h): GET /api/draws?unit=&year=
 * (the announcements the operator may see), POST /api/draws (announce: year, period, lines,
 * beacon_source, beacon_date, date, reason), GET /api/draws/{id} (the announcement; after the run,
 * for those who may see it, every visit with its selection key, team and experts), POST
 * /api/draws/{id}/approve {"reason"} (an oversight user approves drawing the lines again), POST
 * /api/draws/{id}/run {"beacon"}, POST /api/draws/{id}/reveal {"reason"?}, GET /api/draws/{id}/record
 * (the printable 抽取记录, as `suiji draw record` writes it) and GET /api/draws/{id}/package (the
 * announcement document, or once revealed the whole package, signed as `suiji draw export` writes it).
 * Who may do what, the beacon's date and every other rule are the operations' decisions; this file
 * reads the keys the command line reads (the signing key file and the salt key beside it).
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "core/sign.h"
#include "io/draw-record.h"
#include "io/secret-key.h"
#include "io/sign-key-file.h"
#include "op/draw.h"
#include "op/lookup.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char *state_zh(const char *state)
{
	return !strcmp(state, "announced")  ? "已公告"
	       : !strcmp(state, "drawn")    ? "已抽取"
	       : !strcmp(state, "revealed") ? "已揭示"
	       : !strcmp(state, "void")	    ? "已作废"
					    : state;
}

/* "1,3" as [1,3]. */
static json_t *line_list(const char *lines)
{
	json_t *a = json_array();
	for (const char *p = lines; p && *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		json_array_append_new(a, json_integer(v));
		p = *end ? end + 1 : end;
	}
	return a;
}

/* The fields of a draw row every answer carries (never the salt before the reveal, nor the result). */
static json_t *row_json(struct op_session *s, const struct draw_row *r)
{
	struct unit u = {0};
	struct op_diag d = OP_DIAG_INIT;
	long unit = op_draw_unit(r);
	if (op_unit_lookup(s, unit, &u, &d))
		op_diag_release(&d);
	json_t *o = json_pack(
	    "{s:I,s:I,s:s,s:i,s:s,s:o,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b}", "id", (json_int_t)r->id,
	    "unit", (json_int_t)unit, "unit_name", u.name, "year", r->year, "period", r->period, "lines",
	    line_list(r->lines), "plan_version", r->plan_version, "state", state_zh(r->state), "state_code",
	    r->state, "announced_at", r->announced_at, "announced_by", r->announced_by, "beacon_source",
	    r->beacon_source, "beacon_date", r->beacon_date ? r->beacon_date : "", "salt_commitment",
	    r->salt_commitment, "inputs_hash", r->inputs_hash, "revealed", !strcmp(r->state, "revealed"));
	json_object_set_new(o, "attempt", json_integer(r->attempt ? r->attempt : 1));
	json_object_set_new(o, "supersedes", r->supersedes ? json_integer(r->supersedes) : json_null());
	json_object_set_new(o, "reason", json_string(r->reason ? r->reason : ""));
	json_object_set_new(o, "run_at", json_string(r->run_at ? r->run_at : ""));
	json_object_set_new(o, "run_by", json_string(r->run_by ? r->run_by : ""));
	json_object_set_new(o, "beacon", json_string(r->beacon_value ? r->beacon_value : ""));
	json_object_set_new(o, "revealed_at", json_string(r->revealed_at ? r->revealed_at : ""));
	if (r->redraw_approved_by && *r->redraw_approved_by)
		json_object_set_new(o, "redraw_approval",
				    json_pack("{s:s,s:s,s:s}", "by", r->redraw_approved_by, "at",
					      r->redraw_approved_at ? r->redraw_approved_at : "", "reason",
					      r->redraw_approval ? r->redraw_approval : ""));
	else
		json_object_set_new(o, "redraw_approval", json_null());
	/* the announcement's extra keys (docs/DRAW.md): the directory's date */
	json_t *ann = r->announcement && *r->announcement ? json_loads(r->announcement, 0, NULL) : NULL;
	const char *snap = json_string_value(json_object_get(ann, "snapshot_date"));
	json_object_set_new(o, "snapshot_date", json_string(snap ? snap : ""));
	json_decref(ann);
	return o;
}

static const char *opt(struct http_req *rq, const char *name)
{
	const char *v = rq->query(rq->ctx, name);
	return v && *v ? v : NULL;
}

struct rows {
	json_t *rows;
	struct op_session *s;
};

static int add_row(const struct draw_row *r, void *arg)
{
	struct rows *x = arg;
	json_array_append_new(x->rows, row_json(x->s, r));
	return 0;
}

static void list(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	long year = 0;
	const char *y = opt(rq, "year");
	if (y && parse_long(y, 2000, 2999, &year))
		return http_error(rs, 400, "年度应为四位年份");
	size_t off, size;
	http_page(rq, &off, &size);
	struct rows x = {json_array(), s};
	struct op_diag d = OP_DIAG_INIT;
	if (op_draw_find(s, opt(rq, "unit") ? s->unit.id : 0, (int)year, add_row, &x, &d)) {
		json_decref(x.rows);
		return http_op_error(rs, &d);
	}
	op_diag_release(&d);
	http_json(rs, 200, http_list(x.rows, off, size));
}

/* People as [{"id","name"}] (the name "" when the inspector directory does not know the id). */
static json_t *people_json(const struct draw_record_person *p, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "id", p[i].id, "name", p[i].name));
	return a;
}

/* The visits of a drawn draw as its reader may see them (the printable record's data); NULL: none. */
static json_t *visits_json(struct op_session *s, long id)
{
	struct draw_record r;
	struct op_diag d = OP_DIAG_INIT;
	if (op_draw_record(s, id, &r, &d)) {
		op_diag_release(&d);
		return NULL;
	}
	json_t *a = json_array();
	for (size_t i = 0; i < r.nvisits; i++) {
		const struct draw_record_visit *v = &r.visits[i];
		json_array_append_new(
		    a, json_pack("{s:I,s:s,s:s,s:s,s:o,s:s,s:s,s:o,s:o,s:o,s:o,s:s}", "visit_no",
				 (json_int_t)(i + 1), "key", v->key, "uscc", v->uscc, "name",
				 v->name ? v->name : "", "items", http_split(v->items, "、"), "period",
				 v->slot, "mode", v->mode, "team", http_split(v->team, "、"), "experts",
				 http_split(v->experts, "、"), "team_list",
				 people_json(v->team_people, v->nteam), "expert_list",
				 people_json(v->expert_people, v->nexperts), "note", v->note));
	}
	op_draw_record_release(&r);
	return a;
}

/* GET /api/draws/{id}: 200 with the draw, or the refusal written. */
static void show(struct http_resp *rs, struct op_session *s, long id, int status, struct op_diag *notes)
{
	struct op_draw_view v;
	struct op_diag d = OP_DIAG_INIT;
	if (op_draw_show(s, id, &v, &d)) {
		if (notes)
			op_diag_release(notes);
		return http_op_error(rs, &d);
	}
	op_diag_release(&d);
	json_t *o = row_json(s, &v.row);
	int ran = !strcmp(v.row.state, "drawn") || !strcmp(v.row.state, "revealed");
	json_object_set_new(o, "open", json_integer(v.open));
	json_object_set_new(o, "result_visible", json_boolean(ran && v.result_visible));
	if (ran && !v.result_visible)
		json_object_set_new(o, "result_hidden",
				    json_string(v.hidden_why ? v.hidden_why : "抽取结果在检查完成前保密"));
	if (*v.row.salt)
		json_object_set_new(o, "salt", json_string(v.row.salt));
	json_t *visits = ran && v.result_visible ? visits_json(s, id) : NULL;
	json_object_set_new(o, "visits", visits ? visits : json_array());
	op_draw_view_release(&v);
	if (notes) {
		json_t *n = json_array();
		for (size_t i = 0; i < notes->nnotes; i++)
			json_array_append_new(n, json_string(notes->notes[i]));
		json_object_set_new(o, "notes", n);
		op_diag_release(notes);
	}
	http_json(rs, status, o);
}

/* The key sealing the draws' salts: 0 with key[]; 1 when there is none; -1 with the error written. */
static int salt_key(struct http_req *rq, struct http_resp *rs, unsigned char key[32], int create)
{
	if (!rq->cfg->salt_key_path)
		return 1;
	char *err = NULL;
	int r = secret_key_load(rq->cfg->salt_key_path, key, create, &err);
	if (r < 0) {
		http_error(rs, 500, err ? err : "无法读取盐值密钥文件");
		free(err);
	}
	return r;
}

/* The lines of the body: [1,2], ["1","2"] or "1,2"; 0 with *ids, or -1 with 422/400 written. */
static int body_lines(json_t *j, struct http_resp *rs, long **ids, size_t *n)
{
	json_t *v = json_object_get(j, "lines");
	struct strbuf sb = STRBUF_INIT;
	size_t i;
	json_t *x;
	if (json_is_array(v)) {
		json_array_foreach(v, i, x)
		{
			if (json_is_integer(x))
				strbuf_addf(&sb, "%s%lld", i ? "," : "", (long long)json_integer_value(x));
			else if (json_is_string(x))
				strbuf_addf(&sb, "%s%s", i ? "," : "", json_string_value(x));
			else
				strbuf_addf(&sb, "%s?", i ? "," : "");
		}
	} else if (json_is_string(v)) {
		strbuf_adds(&sb, json_string_value(v));
	} else if (json_is_integer(v)) {
		strbuf_addf(&sb, "%lld", (long long)json_integer_value(v));
	}
	char bad[64];
	int rc = 0;
	if (!sb.len) {
		http_error(rs, 400, "请填写计划事项序号（lines），如 [1, 3]");
		rc = -1;
	} else if (parse_id_list(strbuf_str(&sb), ids, n, bad)) {
		char *msg = xasprintf("计划事项序号应为正整数，如 [1, 3]（“%s”不是计划事项序号）", bad);
		http_error(rs, 400, msg);
		free(msg);
		rc = -1;
	}
	strbuf_release(&sb);
	return rc;
}

/* An optional integer member: 0 with *v (-1 when absent), -1 with 400 written. */
static int body_int(json_t *j, const char *key, struct http_resp *rs, int *v)
{
	json_t *x = json_object_get(j, key);
	*v = -1;
	if (!x || json_is_null(x))
		return 0;
	if (!json_is_integer(x) || json_integer_value(x) < 0 || json_integer_value(x) > 100) {
		char *msg = xasprintf("%s 应为整数", key);
		http_error(rs, 400, msg);
		free(msg);
		return -1;
	}
	*v = (int)json_integer_value(x);
	return 0;
}

static const char *nonempty(json_t *j, const char *key)
{
	const char *v = http_jstr(j, key);
	return v && *v ? v : NULL;
}

static void announce(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	struct op_draw_announce_args a = {.team_size = -1, .cross_region = -1, .experts = -1};
	long *ids = NULL;
	json_t *year = json_object_get(j, "year");
	if (json_is_integer(year))
		a.year = (int)json_integer_value(year);
	else if (json_is_string(year))
		a.year = atoi(json_string_value(year));
	a.period = nonempty(j, "period");
	a.beacon_source = nonempty(j, "beacon_source");
	a.beacon_date = nonempty(j, "beacon_date");
	a.date = nonempty(j, "date");
	a.reason = nonempty(j, "reason");
	json_t *cross = json_object_get(j, "cross_region");
	if (json_is_boolean(cross))
		a.cross_region = json_is_true(cross);
	if (!a.year)
		http_error(rs, 400, "请填写年度（year）");
	else if (!a.period)
		http_error(rs, 400, "请填写抽取时段（period），如 2027Q1 或 2027-03");
	else if (!a.beacon_source)
		http_error(rs, 400, "请填写公开随机数来源（beacon_source），如“福彩3D 2027-01-05 开奖号码”");
	else if (!body_lines(j, rs, &ids, &a.nlines) && !body_int(j, "team_size", rs, &a.team_size) &&
		 !body_int(j, "experts", rs, &a.experts)) {
		a.lines = ids;
		unsigned char key[32];
		int k = salt_key(rq, rs, key, 1);
		if (k == 1)
			http_error(rs, 500, "服务器没有盐值密钥文件，不能公告抽取");
		if (!k) {
			a.salt_key = key;
			struct op_draw_announced out;
			struct op_diag d = OP_DIAG_INIT;
			int rc = op_draw_announce(s, &a, &out, &d);
			explicit_bzero(key, sizeof(key));
			if (rc) {
				http_op_error(rs, &d);
			} else {
				if (!*out.beacon_date)
					op_note(&d, "未写明公开随机数的产生日期（beacon_"
						    "date），运行时间无法事先约束");
				long id = out.id;
				op_draw_announced_release(&out);
				show(rs, s, id, 201, &d);
			}
		}
	}
	free(ids);
	json_decref(j);
}

static void run(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	const char *beacon = nonempty(j, "beacon");
	if (!beacon) {
		json_decref(j);
		return http_error(rs, 400, "请填写公开随机数（beacon），即公告所指来源公布的号码，如“5 2 8”");
	}
	unsigned char key[32];
	int k = salt_key(rq, rs, key, 0);
	if (k >= 0) {
		struct op_draw_ran out;
		struct op_diag d = OP_DIAG_INIT;
		int rc = op_draw_run(s, id, beacon, k ? NULL : key, &out, &d);
		explicit_bzero(key, sizeof(key));
		if (rc) {
			http_op_error(rs, &d);
		} else {
			if (out.no_team)
				op_note(
				    &d,
				    "%ld "
				    "个检查对象的可选执法人员不足，未组成检查组，需另行安排（规则不放宽）",
				    out.no_team);
			show(rs, s, id, 200, &d);
		}
	}
	json_decref(j);
}

static void approve(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_draw_approve(s, id, nonempty(j, "reason"), &d);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	show(rs, s, id, 200, &d);
}

/* The signing key for a document: 0 with *k (NULL when the server has no key file), -1 with 500 written. */
static int sign_key(struct http_req *rq, struct http_resp *rs, struct sign_key **k)
{
	*k = NULL;
	if (!rq->cfg->key_path)
		return 0;
	char *err = NULL;
	if (sign_key_file_load(rq->cfg->key_path, k, &err) < 0) {
		http_error(rs, 500, err ? err : "无法读取签名私钥文件");
		free(err);
		return -1;
	}
	return 0;
}

/*
 * The draw's document into "doc" (reveal: the whole package, recording the reveal if not yet), signed
 * when a key is registered; 0, or -1 with the refusal written.
 */
static int export(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id, int reveal,
		  const char *reason, struct strbuf *doc, struct op_diag *d)
{
	struct sign_key *k;
	if (sign_key(rq, rs, &k))
		return -1;
	unsigned char key[32];
	int sk = reveal ? salt_key(rq, rs, key, 0) : 1;
	if (sk < 0) {
		sign_key_free(k);
		return -1;
	}
	struct op_draw_export_args a = {.id = id,
					.reveal = reveal,
					.force = reason && *reason,
					.reason = reason,
					.salt_key = sk ? NULL : key,
					.sign = k};
	struct op_draw_exported x;
	int rc = op_draw_export(s, &a, doc, &x, d);
	explicit_bzero(key, sizeof(key));
	sign_key_free(k);
	if (rc) {
		http_op_error(rs, d);
		return -1;
	}
	if (x.key_registered && !x.signed_doc)
		op_note(d, "服务器找不到签名私钥文件，抽取包未签名（suiji verify 默认拒绝未签名的抽取包）");
	else if (!x.key_registered)
		op_note(d, "本单位没有登记签名密钥（suiji key create），抽取包未签名");
	return 0;
}

static void reveal(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	struct strbuf doc = STRBUF_INIT;
	struct op_diag d = OP_DIAG_INIT;
	if (!export(rq, rs, s, id, 1, nonempty(j, "reason"), &doc, &d))
		show(rs, s, id, 200, &d);
	strbuf_release(&doc);
	json_decref(j);
}

static void package(struct http_req *rq, struct http_resp *rs, struct op_session *s, long id)
{
	struct op_draw_view v;
	struct op_diag d = OP_DIAG_INIT;
	if (op_draw_show(s, id, &v, &d))
		return http_op_error(rs, &d);
	int revealed = !strcmp(v.row.state, "revealed");
	op_draw_view_release(&v);
	struct strbuf doc = STRBUF_INIT;
	if (export(rq, rs, s, id, revealed, NULL, &doc, &d)) {
		strbuf_release(&doc);
		return;
	}
	op_diag_release(&d);
	strbuf_addc(&doc, '\n');
	rs->status = 200;
	rs->type = "application/json; charset=utf-8";
	free(rs->body);
	rs->len = doc.len;
	rs->body = strbuf_detach(&doc);
	snprintf(rs->disposition, sizeof(rs->disposition), "attachment; filename=\"draw-%ld-%s.json\"", id,
		 revealed ? "package" : "announcement");
}

static void record(struct http_resp *rs, struct op_session *s, long id)
{
	struct draw_record r;
	struct op_diag d = OP_DIAG_INIT;
	if (op_draw_record(s, id, &r, &d))
		return http_op_error(rs, &d);
	op_diag_release(&d);
	struct strbuf page = STRBUF_INIT;
	draw_record_html(&r, &page);
	op_draw_record_release(&r);
	rs->status = 200;
	rs->type = "text/html; charset=utf-8";
	free(rs->body);
	rs->len = page.len;
	rs->body = strbuf_detach(&page);
}

int http_draws(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	int get = !strcmp(m, "GET") || !strcmp(m, "HEAD"), post = !strcmp(m, "POST");
	if (nseg > 3)
		return 0;
	const char *what = nseg == 3 ? seg[2] : "";
	int posts = !strcmp(what, "run") || !strcmp(what, "reveal") || !strcmp(what, "approve");
	int gets = !strcmp(what, "record") || !strcmp(what, "package");
	if (nseg == 3 && !posts && !gets)
		return 0;
	long id = 0;
	if (nseg >= 2 && !(id = parse_id(seg[1])))
		return http_error(rs, 400, "抽取号应为正整数"), 1;
	if (nseg == 1 ? !get && !post : nseg == 2 ? !get : posts ? !post : !get)
		return http_method_not_allowed(rs, nseg == 1 ? "GET, POST" : posts ? "POST" : "GET"), 1;
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	if (nseg == 1)
		get ? list(rq, rs, &s) : announce(rq, rs, &s);
	else if (nseg == 2)
		show(rs, &s, id, 200, NULL);
	else if (!strcmp(what, "run"))
		run(rq, rs, &s, id);
	else if (!strcmp(what, "reveal"))
		reveal(rq, rs, &s, id);
	else if (!strcmp(what, "approve"))
		approve(rq, rs, &s, id);
	else if (!strcmp(what, "record"))
		record(rs, &s, id);
	else
		package(rq, rs, &s, id);
	return 1;
}
