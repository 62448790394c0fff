/*
 * This file implements the API's plans resource (op/plan.h): a unit's versions of a year
 * (GET /api/plans?year=&unit=), a new plan (POST /api/plans), one version with its lines
 * (GET /api/plans/{unit}/{year}?version=), lines added, changed and removed
 * (POST …/lines, PUT and DELETE …/lines/{no}), the Article 7 check (GET …/check), filing
 * (POST …/file), the filing document as HTML (GET …/document), an adjustment (POST …/adjust), and the
 * city's inbox of branch filings (GET /api/plan-inbox, POST /api/plan-inbox/{unit}/{year}/{version}/
 * accept | return). {unit} is a unit's id or name; the operations decide who may do what.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/plan.h"
#include "core/quota.h"
#include "op/plan.h"
#include "op/user.h"
#include "util/clock.h"
#include "util/xalloc.h"

static json_t *version_json(const struct plan_version *v)
{
	return json_pack("{s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:b,s:s}", "version", v->version, "status",
			 plan_version_filed(v) ? "已备案" : "草稿", "status_code", v->status, "date", v->date,
			 "reason", v->reason ? v->reason : "", "created_by",
			 v->created_by ? v->created_by : "", "filed_date", v->filed_date, "filed_by",
			 v->filed_by ? v->filed_by : "", "late", v->late, "content_hash", v->content_hash);
}

static json_t *line_json(const struct plan_line *l, const struct a7_line *c)
{
	json_t *o =
	    json_pack("{s:i,s:i,s:s,s:s,s:o,s:s,s:s,s:s,s:s}", "line_no", l->no, "no", l->no, "name", l->name,
		      "type", l->type, "items", http_split(l->items, "、"), "initiator", l->initiator,
		      "participants", l->participants, "partners", l->partners, "joint", plan_line_joint(l));
	json_object_set_new(o, "classes", http_split(l->classes, "、"));
	json_object_set_new(o, "city_managed", json_string(l->city_managed));
	json_object_set_new(o, "regions", http_split(l->regions, "、"));
	json_object_set_new(o, "industries", http_split(l->industries, "、"));
	json_object_set_new(o, "tags", http_split(l->tags, "、"));
	json_object_set_new(o, "positive", json_string(l->positive));
	json_object_set_new(o, "period", json_string(period_name(l->period)));
	json_object_set_new(o, "rule", json_string(quota_rule_name(l->quota.rule)));
	if (l->quota.rule == QUOTA_RATIO) /* basis points → percent */
		json_object_set_new(o, "value",
				    l->quota.value % 100 ? json_real(l->quota.value / 100.0)
							 : json_integer(l->quota.value / 100));
	else if (l->quota.rule != QUOTA_EACH) {
		json_object_set_new(o, "value", json_integer(l->quota.value));
	}
	json_object_set_new(o, "staff_departments", json_string(l->staff_departments));
	json_object_set_new(o, "group", json_string(l->group));
	json_object_set_new(o, "note", json_string(l->note));
	if (c) {
		json_t *q = json_array();
		for (int p = 0; p < c->nperiods; p++)
			json_array_append_new(q, json_integer(c->quota[p]));
		json_object_set_new(o, "pool", json_integer(c->pool));
		json_object_set_new(o, "quota", q);
		json_object_set_new(o, "year_total", json_integer(c->year_total));
	}
	return o;
}

static json_t *unit_ref(json_t *o, const struct unit *u)
{
	json_object_set_new(o, "unit", json_integer(u->id));
	json_object_set_new(o, "unit_name", json_string(u->name));
	return o;
}

static int parse_int(const char *s, int lo, int hi, int *out)
{
	char *end;
	long v = s && *s ? strtol(s, &end, 10) : 0;
	if (!s || !*s || *end || v < lo || v > hi)
		return -1;
	*out = (int)v;
	return 0;
}

/* A number member, or a string of digits. */
static int jint(json_t *j, const char *key, int lo, int hi, int *out)
{
	json_t *v = json_object_get(j, key);
	if (json_is_integer(v) && json_integer_value(v) >= lo && json_integer_value(v) <= hi) {
		*out = (int)json_integer_value(v);
		return 0;
	}
	return json_is_string(v) ? parse_int(json_string_value(v), lo, hi, out) : -1;
}

/* The plan's year from a path segment or ?year=; 400 written when bad. */
static int year_of(struct http_resp *rs, const char *s, int *year)
{
	if (parse_int(s, 2000, 2999, year)) {
		http_error(rs, 400, "年度无效（应为四位年份，例如 2026）");
		return -1;
	}
	return 0;
}

struct vers {
	json_t *vs;
	struct plan_filing *filings;
	size_t nfilings;
	long unit;
};

static int add_version(const struct plan_version *v, void *arg)
{
	struct vers *w = arg;
	json_t *o = version_json(v);
	for (size_t i = 0; i < w->nfilings; i++) /* the city's review of this version, when filed to it */
		if (w->filings[i].unit_id == w->unit && w->filings[i].year == v->year &&
		    w->filings[i].version == v->version)
			json_object_set_new(o, "review",
					    json_pack("{s:s,s:s,s:s}", "state", w->filings[i].state, "reason",
						      w->filings[i].reason, "reviewed_at",
						      w->filings[i].reviewed_at));
	json_array_append_new(w->vs, o);
	return 0;
}

/* The session acting on unit "unit" (a path segment): 0, or -1 with the error written. */
static int on_unit(struct http_req *rq, struct http_resp *rs, struct op_session *s, const char *unit);

/* One row per unit and year with a plan: {unit, unit_name, year, versions:[…]}. -1 with the error written. */
static int unit_rows(struct http_resp *rs, struct op_session *s, const int *years, int nyears, struct vers *w,
		     json_t *rows, int quiet)
{
	for (int y = 0; y < nyears; y++) {
		w->vs = json_array();
		w->unit = s->unit.id;
		struct op_diag d = OP_DIAG_INIT;
		if (op_plan_versions(s, years[y], add_version, w, &d)) {
			json_decref(w->vs);
			if (d.fail != OP_NOTFOUND && !quiet) {
				http_op_error(rs, &d);
				return -1;
			}
			op_diag_release(&d);
			continue;
		}
		if (json_array_size(w->vs))
			json_array_append_new(
			    rows,
			    unit_ref(json_pack("{s:i,s:o}", "year", years[y], "versions", w->vs), &s->unit));
		else
			json_decref(w->vs);
	}
	return 0;
}

/*
 * GET /api/plans?year=&unit=: the versions of the unit's plan for the year (without a year: this year's
 * and next year's). Without a unit, a user of the top unit sees every unit's plans it may read, a
 * branch its own.
 */
static void versions(struct http_req *rq, struct http_resp *rs, struct op_session *s)
{
	int years[2], nyears = 1;
	const char *yq = rq->query(rq->ctx, "year"), *uq = rq->query(rq->ctx, "unit");
	if (yq && *yq) {
		if (year_of(rs, yq, &years[0]))
			return;
	} else {
		char today[11];
		clock_today(today);
		years[0] = atoi(today);
		years[1] = years[0] + 1;
		nyears = 2;
	}
	struct vers w = {0};
	struct op_diag d = OP_DIAG_INIT;
	if (op_plan_inbox(s, &w.filings, &w.nfilings, &d))
		op_diag_release(&d); /* no review column for a reader of no filing */
	json_t *rows = json_array();
	struct op_unit_row *units = NULL;
	size_t nunits = 0;
	if ((!uq || !*uq) && !s->own.parent && !op_unit_list(s, &units, &nunits, &d)) {
		char name[sizeof(s->name)], id[24];
		snprintf(name, sizeof(name), "%s", s->name);
		for (size_t i = 0; i < nunits; i++) {
			struct op_session us;
			snprintf(id, sizeof(id), "%ld", units[i].u.id);
			if (op_session_open(&us, rq->st, name, id, &d)) {
				op_diag_release(&d);
				continue;
			}
			us.via = "网页";
			unit_rows(rs, &us, years, nyears, &w, rows, 1);
		}
		free(units);
	} else {
		op_diag_release(&d);
		if (unit_rows(rs, s, years, nyears, &w, rows, 0)) {
			json_decref(rows);
			free(w.filings);
			return;
		}
	}
	free(w.filings);
	size_t off, size;
	http_page(rq, &off, &size);
	http_json(rs, 200, http_list(rows, off, size));
}

/* POST /api/plans {"year","date"?,"unit"?} */
static void create(struct http_req *rq, struct http_resp *rs, struct op_session *s, json_t *j)
{
	int year;
	if (jint(j, "year", 2000, 2999, &year))
		return http_error(rs, 400, "年度无效（应为四位年份，例如 2026）");
	struct op_diag d = OP_DIAG_INIT;
	const char *date = http_jstr(j, "date");
	if (op_plan_new(s, year, date && *date ? date : NULL, &d))
		return http_op_error(rs, &d);
	json_t *notes = json_array();
	for (size_t i = 0; i < d.nnotes; i++)
		json_array_append_new(notes, json_string(d.notes[i]));
	op_diag_release(&d);
	http_json(rs, 201,
		  unit_ref(json_pack("{s:i,s:i,s:o}", "year", year, "version", 1, "notes", notes), &s->unit));
}

/* GET /api/plans/{unit}/{year}[?version=] */
static void show(struct http_req *rq, struct http_resp *rs, struct op_session *s, int year)
{
	int version = 0;
	const char *vq = rq->query(rq->ctx, "version");
	if (vq && parse_int(vq, 1, 100000, &version))
		return http_error(rs, 400, "版本号无效");
	struct op_plan_check pc;
	struct op_diag d = OP_DIAG_INIT;
	if (op_plan_read(s, year, version, &pc, &d))
		return http_op_error(rs, &d);
	json_t *o = unit_ref(version_json(&pc.v), &pc.unit);
	json_object_set_new(o, "year", json_integer(year));
	json_object_set_new(o, "as_of", json_string(pc.as_of));
	json_t *lines = json_array();
	for (size_t i = 0; i < pc.nlines; i++)
		json_array_append_new(lines, line_json(&pc.lines[i], pc.r.lines ? &pc.r.lines[i] : NULL));
	json_object_set_new(o, "lines", lines);
	op_plan_check_release(&pc);
	http_json(rs, 200, o);
}

/* GET …/check */
static void check(struct http_req *rq, struct http_resp *rs, struct op_session *s, int year)
{
	int version = 0;
	const char *vq = rq->query(rq->ctx, "version"), *as_of = rq->query(rq->ctx, "as_of");
	if (vq && parse_int(vq, 1, 100000, &version))
		return http_error(rs, 400, "版本号无效");
	struct op_plan_check pc;
	struct op_diag d = OP_DIAG_INIT;
	if (op_plan_check(s, year, version, as_of && *as_of ? as_of : NULL, &pc, &d))
		return http_op_error(rs, &d);
	const struct a7_result *r = &pc.r;
	json_t *rules = json_array();
	for (int i = 0; i < A7_NRULES; i++) {
		const struct a7_minimum *m = &r->min[i];
		json_t *j =
		    json_pack("{s:s,s:s,s:b,s:I,s:I,s:I,s:I,s:I}", "rule", m->rule, "text",
			      m->zh ? m->zh : "", "applies", m->applies, "required", (json_int_t)m->required,
			      "planned", (json_int_t)m->planned, "drawn", (json_int_t)pc.drawn[i], "short",
			      (json_int_t)m->shortfall, "shortfall", (json_int_t)m->shortfall);
		if (m->quarterly) {
			json_t *qs = json_array();
			for (int q = 0; q < 4; q++) {
				char label[16];
				period_label(pc.v.year, PERIOD_QUARTER, q, label);
				json_array_append_new(qs, json_pack("{s:s,s:I,s:I,s:I,s:I}", "quarter", label,
								    "required", (json_int_t)m->q_required[q],
								    "planned", (json_int_t)m->q_planned[q],
								    "drawn", (json_int_t)pc.q_drawn[i][q],
								    "short", (json_int_t)m->q_shortfall[q]));
			}
			json_object_set_new(j, "quarters", qs);
		}
		json_array_append_new(rules, j);
	}
	json_t *miss = json_array();
	for (size_t i = 0; i < r->nmissing; i++) {
		json_t *qs = json_array();
		for (int q = 0; q < 4; q++)
			if (r->missing[i].quarters & (1u << q))
				json_array_append_new(qs, json_integer(q + 1));
		json_array_append_new(miss, json_pack("{s:s,s:s,s:o}", "uscc", r->missing[i].uscc, "name",
						      r->missing[i].name, "quarters", qs));
	}
	json_t *lines = json_array();
	for (size_t i = 0; i < pc.nlines; i++)
		json_array_append_new(lines, line_json(&pc.lines[i], &r->lines[i]));
	json_t *o = unit_ref(
	    json_pack("{s:b,s:i,s:i,s:s,s:s,s:o,s:o,s:o,s:I,s:I}", "ok", r->ok, "year", year, "version",
		      pc.v.version, "status", plan_version_filed(&pc.v) ? "已备案" : "草稿", "as_of",
		      pc.as_of, "rules", rules, "key_city_not_covered", miss, "lines", lines, "targeted",
		      (json_int_t)pc.targeted, "random_tasks", (json_int_t)pc.random_tasks),
	    &pc.unit);
	json_object_set_new(
	    o, "directory",
	    json_pack("{s:I,s:I,s:I,s:I,s:I,s:I}", "key_city", (json_int_t)r->count[A7_KEY_CITY], "key_other",
		      (json_int_t)r->count[A7_KEY_OTHER], "general", (json_int_t)r->count[A7_GENERAL],
		      "special", (json_int_t)r->count[A7_SPECIAL], "not_eligible", (json_int_t)r->excluded,
		      "staff", (json_int_t)r->staff));
	op_plan_check_release(&pc);
	http_json(rs, 200, o);
}

/* The line's values from a JSON object: strings, or lists of strings joined by 、. */
struct line_in {
	struct op_line_args a;
	char *v[16];
};

static void line_args(json_t *j, struct line_in *in)
{
	static const char *const keys[] = {
	    "name",	"type",	    "items",	    "initiator",	 "participants",
	    "partners", "classes",  "city_managed", "regions",		 "industries",
	    "tags",	"positive", "period",	    "staff_departments", "group",
	    "note"};
	const char **slots[] = {&in->a.name,	     &in->a.type,	&in->a.items,	&in->a.initiator,
				&in->a.participants, &in->a.partners,	&in->a.classes, &in->a.city,
				&in->a.regions,	     &in->a.industries, &in->a.tags,	&in->a.positive,
				&in->a.period,	     &in->a.staff_deps, &in->a.group,	&in->a.note};
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		in->v[i] = http_jjoin(j, keys[i], "、");
		*slots[i] = in->v[i];
	}
}

static void line_args_release(struct line_in *in)
{
	for (size_t i = 0; i < sizeof(in->v) / sizeof(in->v[0]); i++)
		free(in->v[i]);
}

/* POST …/lines and PUT …/lines/{no} */
static void line_write(struct http_req *rq, struct http_resp *rs, struct op_session *s, int year, int no)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	struct line_in in = {0};
	line_args(j, &in);
	char *value = NULL;
	const char *rule = http_jstr(j, "rule");
	if (rule && *rule) {
		if (quota_rule_from_name(rule, &in.a.rule)) {
			line_args_release(&in);
			json_decref(j);
			return http_error(rs, 400, "配额规则无效（应为 each、ratio、count 或 per_staff）");
		}
		in.a.rule_set = 1;
		value = http_jjoin(j, "value", "");
		in.a.rule_value = in.a.rule == QUOTA_EACH ? NULL : value ? value : "";
	}
	struct plan_line out;
	struct op_diag d = OP_DIAG_INIT;
	int rc =
	    no ? op_plan_line_edit(s, year, no, &in.a, &out, &d) : op_plan_line_add(s, year, &in.a, &out, &d);
	line_args_release(&in);
	free(value);
	json_decref(j);
	if (rc) {
		plan_line_release(&out); /* the operation may have started it (release is idempotent) */
		return http_op_error(rs, &d);
	}
	json_t *o = line_json(&out, NULL);
	plan_line_release(&out);
	if (d.nnotes) {
		json_t *notes = json_array();
		for (size_t i = 0; i < d.nnotes; i++)
			json_array_append_new(notes, json_string(d.notes[i]));
		json_object_set_new(o, "notes", notes);
	}
	op_diag_release(&d);
	http_json(rs, no ? 200 : 201, o);
}

/* A temporary directory for documents an operation writes to files; "" on failure. */
static void temp_dir(char dir[64])
{
	const char *t = getenv("TMPDIR");
	snprintf(dir, 64, "%s/suiji-doc-XXXXXX", t && *t && strlen(t) < 40 ? t : "/tmp");
	if (!mkdtemp(dir))
		*dir = 0;
}

static void file_plan(struct http_resp *rs, struct op_session *s, int year)
{
	char dir[64];
	temp_dir(dir);
	if (!*dir)
		return http_error(rs, 500, "无法建立临时目录");
	struct op_plan_filed f;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_plan_file(s, year, dir, &f, &d);
	if (!rc) {
		if (f.html)
			unlink(f.html);
		if (f.xlsx)
			unlink(f.xlsx);
	}
	rmdir(dir);
	if (rc)
		return http_op_error(rs, &d);
	json_t *o = unit_ref(version_json(&f.v), &s->unit);
	json_object_set_new(o, "year", json_integer(year));
	json_object_set_new(o, "a7_ok", json_boolean(f.a7_ok));
	json_object_set_new(o, "to_inbox", json_boolean(f.to_inbox));
	json_object_set_new(o, "city", json_string(f.city));
	op_plan_filed_release(&f);
	op_diag_release(&d);
	http_json(rs, 200, o);
}

static void document(struct http_req *rq, struct http_resp *rs, struct op_session *s, int year)
{
	int version = 0;
	const char *vq = rq->query(rq->ctx, "version");
	if (vq && parse_int(vq, 1, 100000, &version))
		return http_error(rs, 400, "版本号无效");
	char dir[64], path[96];
	temp_dir(dir);
	if (!*dir)
		return http_error(rs, 500, "无法建立临时目录");
	snprintf(path, sizeof(path), "%s/plan.html", dir);
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_plan_write_docs(s, year, version, path, NULL, &d);
	FILE *f = rc ? NULL : fopen(path, "rb");
	char *buf = NULL;
	size_t len = 0;
	if (f) {
		size_t cap = 0, k;
		char chunk[16384];
		while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0) {
			if (len + k + 1 > cap) {
				cap = (len + k + 1) * 2;
				buf = xrealloc(buf, cap);
			}
			memcpy(buf + len, chunk, k);
			len += k;
		}
		fclose(f);
	}
	unlink(path);
	rmdir(dir);
	if (rc)
		return http_op_error(rs, &d);
	if (!buf)
		return http_error(rs, 500, "无法读取生成的备案文书");
	buf[len] = 0;
	rs->status = 200;
	rs->type = "text/html; charset=utf-8";
	rs->body = buf;
	rs->len = len;
}

static void adjust(struct http_req *rq, struct http_resp *rs, struct op_session *s, int year)
{
	json_t *j = http_body_json(rq, rs);
	if (!j)
		return;
	const char *date = http_jstr(j, "date");
	int version = 0;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_plan_adjust(s, year, date && *date ? date : NULL, http_jstr(j, "reason"), &version, &d);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d);
	op_diag_release(&d);
	http_json(rs, 201, unit_ref(json_pack("{s:i,s:i}", "year", year, "version", version), &s->unit));
}

/* The session acting on unit "unit" (a path segment): 0, or -1 with the error written. */
static int on_unit(struct http_req *rq, struct http_resp *rs, struct op_session *s, const char *unit)
{
	struct op_diag d = OP_DIAG_INIT;
	char name[sizeof(s->name)];
	snprintf(name, sizeof(name), "%s", s->name);
	if (op_session_open(s, rq->st, name, unit, &d)) {
		http_op_error(rs, &d);
		return -1;
	}
	s->via = "网页";
	return 0;
}

int http_plans(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	int get = !strcmp(m, "GET") || !strcmp(m, "HEAD"), post = !strcmp(m, "POST");
	int put = !strcmp(m, "PUT"), del = !strcmp(m, "DELETE");
	struct op_session s;
	int year = 0, no = 0;
	if (nseg == 1) {
		if (!get && !post)
			return http_method_not_allowed(rs, "GET, POST"), 1;
		if (http_auth(rq, rs, &s))
			return 1;
		if (get)
			return versions(rq, rs, &s), 1;
		json_t *j = http_body_json(rq, rs);
		if (!j)
			return 1;
		char *unit = http_jjoin(j, "unit", "");
		if (!unit || !*unit || !on_unit(rq, rs, &s, unit))
			create(rq, rs, &s, j);
		free(unit);
		json_decref(j);
		return 1;
	}
	if (nseg < 3)
		return 0;
	const char *what = nseg >= 4 ? seg[3] : "";
	int known = (nseg == 3 && (get)) || (nseg == 4 && !strcmp(what, "lines") && post) ||
		    (nseg == 5 && !strcmp(what, "lines") && (put || del)) ||
		    (nseg == 4 && !strcmp(what, "check") && get) ||
		    (nseg == 4 && !strcmp(what, "document") && get) ||
		    (nseg == 4 && (!strcmp(what, "file") || !strcmp(what, "adjust")) && post);
	if (!known) {
		if (nseg > 5 || (nseg >= 4 && strcmp(what, "lines") && strcmp(what, "check") &&
				 strcmp(what, "document") && strcmp(what, "file") && strcmp(what, "adjust")))
			return 0;
		return http_method_not_allowed(
			   rs, nseg == 3 || !strcmp(what, "check") || !strcmp(what, "document") ? "GET"
			       : nseg == 5 ? "PUT, DELETE"
					   : "POST"),
		       1;
	}
	if (http_auth(rq, rs, &s))
		return 1;
	if (year_of(rs, seg[2], &year))
		return 1;
	if (nseg == 5 && parse_int(seg[4], 1, 100000, &no))
		return http_error(rs, 400, "计划事项序号无效"), 1;
	if (on_unit(rq, rs, &s, seg[1]))
		return 1;
	if (nseg == 3)
		show(rq, rs, &s, year);
	else if (!strcmp(what, "lines") && del) {
		struct op_diag d = OP_DIAG_INIT;
		if (op_plan_line_remove(&s, year, no, &d))
			http_op_error(rs, &d);
		else
			http_ok(rs, &d);
	} else if (!strcmp(what, "lines"))
		line_write(rq, rs, &s, year, no);
	else if (!strcmp(what, "check"))
		check(rq, rs, &s, year);
	else if (!strcmp(what, "document"))
		document(rq, rs, &s, year);
	else if (!strcmp(what, "file"))
		file_plan(rs, &s, year);
	else
		adjust(rq, rs, &s, year);
	return 1;
}

/* GET /api/plan-inbox; POST /api/plan-inbox/{unit}/{year}/{version}/accept | return {"reason"} */
int http_plan_inbox(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	const char *m = rq->method;
	struct op_session s;
	struct op_diag d = OP_DIAG_INIT;
	if (nseg == 1) {
		if (strcmp(m, "GET") && strcmp(m, "HEAD"))
			return http_method_not_allowed(rs, "GET"), 1;
		if (http_auth(rq, rs, &s))
			return 1;
		struct plan_filing *v = NULL;
		size_t n = 0;
		if (op_plan_inbox(&s, &v, &n, &d))
			return http_op_error(rs, &d), 1;
		json_t *rows = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(
			    rows, json_pack("{s:I,s:s,s:i,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s}", "unit",
					    (json_int_t)v[i].unit_id, "unit_name", v[i].unit_name, "year",
					    v[i].year, "version", v[i].version, "state", v[i].state,
					    "filed_date", v[i].filed_at, "filed_at", v[i].filed_at,
					    "filed_by", v[i].filed_by, "reviewed_at", v[i].reviewed_at,
					    "reviewed_by", v[i].reviewed_by, "reason", v[i].reason));
		free(v);
		size_t off, size;
		http_page(rq, &off, &size);
		http_json(rs, 200, http_list(rows, off, size));
		return 1;
	}
	if (nseg != 5 || (strcmp(seg[4], "accept") && strcmp(seg[4], "return")))
		return 0;
	if (strcmp(m, "POST"))
		return http_method_not_allowed(rs, "POST"), 1;
	if (http_auth(rq, rs, &s))
		return 1;
	int year, version;
	if (year_of(rs, seg[2], &year))
		return 1;
	if (parse_int(seg[3], 1, 100000, &version))
		return http_error(rs, 400, "版本号无效"), 1;
	json_t *j = NULL;
	if (rq->body_len && !(j = http_body_json(rq, rs)))
		return 1;
	/* the version in the path must be the one awaiting review (the operation decides on that one) */
	struct plan_filing *v = NULL;
	size_t n = 0;
	if (op_plan_inbox(&s, &v, &n, &d))
		return json_decref(j), http_op_error(rs, &d), 1;
	int pending = 0;
	char id[24];
	for (size_t i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "%ld", v[i].unit_id);
		if ((!strcmp(seg[1], id) || !strcmp(seg[1], v[i].unit_name)) && v[i].year == year &&
		    !strcmp(v[i].state, "待审"))
			pending = v[i].version;
	}
	free(v);
	if (pending != version) {
		json_decref(j);
		if (!pending)
			return http_error(rs, 409, "该单位该年度没有待审的计划备案"), 1;
		snprintf(id, sizeof(id), "%d", pending);
		char msg[160];
		snprintf(msg, sizeof(msg), "待审的是第%s版，不是第%d版", id, version);
		return http_error(rs, 409, msg), 1;
	}
	int accept = !strcmp(seg[4], "accept");
	struct plan_filing f;
	int rc = op_plan_review(&s, seg[1], year, accept, j ? http_jstr(j, "reason") : NULL, &f, &d);
	json_decref(j);
	if (rc)
		return http_op_error(rs, &d), 1;
	op_diag_release(&d);
	http_json(rs, 200,
		  json_pack("{s:I,s:s,s:i,s:i,s:s,s:s}", "unit", (json_int_t)f.unit_id, "unit_name",
			    f.unit_name, "year", f.year, "version", f.version, "state", f.state, "reason",
			    f.reason));
	return 1;
}
