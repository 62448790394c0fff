/*
 * This file implements the draw's operations that read (op/draw.h): show, list, export (the
 * announcement document; with the reveal, recorded here, the whole package) and the data of the
 * printable record (抽取记录). The announcement is public from the start, within the units the reader
 * may see (draw.read, or plan.read on the draw's unit); the drawn list (visits, teams) and the salt stay
 * confidential until every inspection of the draw has taken place, except for the roles that must act
 * on them (draw.read). The reveal is refused while any of the draw's inspections is still to be made,
 * unless forced with a reason, which is recorded.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "core/dirschema.h"
#include "core/draw.h"
#include "core/salt-seal.h"
#include "core/sign.h"
#include "op/authz.h"
#include "op/draw-internal.h"
#include "op/draw-package.h"
#include "store/audit.h"
#include "store/directory.h"
#include "store/org.h"
#include "store/result.h"
#include "store/task.h"
#include "store/unit.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static int store_failed(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_ERROR, err, "数据库错误");
}

/* The string fields of a draw row, copied and freed together. */
// clang-format off
#define DRAW_STRINGS(X) \
	X(period) \
	X(lines) \
	X(inputs_hash) \
	X(salt) \
	X(salt_commitment) \
	X(announcement) \
	X(beacon_source) \
	X(announced_at) \
	X(announced_by) \
	X(beacon_value) \
	X(result) \
	X(run_at) \
	X(run_by) \
	X(state) \
	X(reason) \
	X(revealed_at) \
	X(reveal_reason) \
	X(meta) \
	X(beacon_date) \
	X(redraw_approved_by) \
	X(redraw_approved_at) \
	X(redraw_approval)
// clang-format on

static void copy_row(struct draw_row *to, const struct draw_row *from)
{
	*to = *from;
	to->inputs = NULL;
#define COPY(f) to->f = xstrdup(from->f ? from->f : "");
	DRAW_STRINGS(COPY)
#undef COPY
}

static void free_row(struct draw_row *r)
{
#define FREE(f) free((char *)r->f);
	DRAW_STRINGS(FREE)
#undef FREE
	memset(r, 0, sizeof(*r));
}

static int take_row(const struct draw_row *r, void *arg)
{
	copy_row(arg, r);
	return 0;
}

int draw_load(struct op_session *s, long id, struct draw_copy *c, struct op_diag *d)
{
	char *err = NULL;
	memset(c, 0, sizeof(*c));
	int r = store_draw_get(s->st, id, take_row, &c->row, &err);
	if (r == 1)
		return op_fail(d, OP_NOTFOUND, "没有第 %ld 号抽取", id);
	if (r < 0)
		return store_failed(d, err);
	return 0;
}

void draw_copy_release(struct draw_copy *c)
{
	if (c->row.state)
		free_row(&c->row);
}

long draw_unit(const struct draw_row *r)
{
	return r->unit_id > 0 ? r->unit_id : 1;
}

static int count_open(const struct task *t, void *arg)
{
	if (!*t->cancelled && !strcmp(t->state, "待检查"))
		(*(long *)arg)++;
	return 0;
}

long draw_open(struct op_session *s, long id, struct op_diag *d)
{
	struct task_filter f = {.draw_id = id};
	long n = 0;
	char *err = NULL;
	if (store_task_each(s->st, &f, count_open, &n, &err) < 0)
		return store_failed(d, err);
	return n;
}

int draw_visible(struct op_session *s, const struct draw_row *r)
{
	return op_allowed(s, ACT_DRAW_READ, draw_unit(r), NULL) ||
	       op_allowed(s, ACT_PLAN_READ, draw_unit(r), NULL);
}

/* Loads draw "id" for a reader: refused (nothing read beyond the row) outside the reader's units. */
static int load_visible(struct op_session *s, long id, struct draw_copy *c, struct op_diag *d)
{
	if (draw_load(s, id, c, d))
		return -1;
	if (!draw_visible(s, &c->row)) {
		op_authorize(s, ACT_DRAW_READ, draw_unit(&c->row), NULL, d);
		draw_copy_release(c);
		return -1;
	}
	return 0;
}

/*
 * Whether the result of draw "r" with "open" tasks left may be shown to the reader: to draw.read at
 * once, to the other readers of its unit once every inspection has taken place. 1, or 0 with *why.
 */
static int result_visible(struct op_session *s, const struct draw_row *r, long open, char **why)
{
	struct op_diag d = OP_DIAG_INIT;
	int ok = !op_authorize(s, ACT_DRAW_READ, draw_unit(r), NULL, &d) || open == 0;
	if (!ok && why)
		*why = d.msg ? xstrdup(d.msg) : NULL;
	op_diag_release(&d);
	return ok;
}

static void unit_name(struct op_session *s, const struct draw_row *r, char *out, size_t size)
{
	struct unit u;
	char *err = NULL;
	if (store_unit_get(s->st, draw_unit(r), &u, &err) == 1)
		snprintf(out, size, "%s", u.name);
	else
		snprintf(out, size, "单位 %ld", draw_unit(r));
	free(err);
}

int op_draw_show(struct op_session *s, long id, struct op_draw_view *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct draw_copy c;
	if (load_visible(s, id, &c, d))
		return -1;
	out->row = c.row;
	unit_name(s, &out->row, out->unit, sizeof(out->unit));
	out->result_visible = 1;
	if (!strcmp(out->row.state, "drawn") || !strcmp(out->row.state, "revealed")) {
		out->open = draw_open(s, id, d);
		if (out->open < 0) {
			op_draw_view_release(out);
			return -1;
		}
		out->result_visible = result_visible(s, &out->row, out->open, &out->hidden_why);
	}
	if (!out->result_visible || strcmp(out->row.state, "revealed")) {
		/* the salt never leaves before the reveal; the result only to those who may see it */
		free((char *)out->row.salt);
		out->row.salt = xstrdup("");
	}
	if (!out->result_visible) {
		free((char *)out->row.result);
		out->row.result = xstrdup("");
	}
	return 0;
}

void op_draw_view_release(struct op_draw_view *v)
{
	if (v->row.state)
		free_row(&v->row);
	free(v->hidden_why);
	memset(v, 0, sizeof(*v));
}

struct list_state {
	struct op_session *s;
	int (*fn)(const struct draw_row *d, void *arg);
	void *arg;
	long unit_id;
	int year;
};

long op_draw_unit(const struct draw_row *r)
{
	return draw_unit(r);
}

static int list_one(const struct draw_row *r, void *arg)
{
	struct list_state *ls = arg;
	if (!draw_visible(ls->s, r) || (ls->unit_id && draw_unit(r) != ls->unit_id) ||
	    (ls->year && r->year != ls->year))
		return 0;
	struct draw_row copy = *r;
	copy.salt = "";
	copy.result = "";
	return ls->fn(&copy, ls->arg);
}

int op_draw_list(struct op_session *s, int (*fn)(const struct draw_row *d, void *arg), void *arg,
		 struct op_diag *d)
{
	return op_draw_find(s, 0, 0, fn, arg, d);
}

int op_draw_find(struct op_session *s, long unit_id, int year, int (*fn)(const struct draw_row *d, void *arg),
		 void *arg, struct op_diag *d)
{
	if (!op_allowed(s, ACT_DRAW_READ, unit_id, NULL) && op_authorize(s, ACT_PLAN_READ, unit_id, NULL, d))
		return -1;
	struct list_state ls = {s, fn, arg, unit_id, year};
	char *err = NULL;
	if (store_draw_each(s->st, list_one, &ls, &err) < 0)
		return store_failed(d, err);
	return 0;
}

static int key_registered(struct op_session *s, char pub[65], struct op_diag *d)
{
	long id;
	char *err = NULL;
	int has = store_key_current(s->st, &id, pub, &err);
	if (has < 0)
		return store_failed(d, err);
	return has;
}

int op_draw_export(struct op_session *s, const struct op_draw_export_args *a, struct strbuf *doc,
		   struct op_draw_exported *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct draw_copy c;
	if (draw_load(s, a->id, &c, d))
		return -1;
	const struct draw_row *r = &c.row;
	char *err = NULL, *inputs = NULL;
	size_t len = 0;
	int rc = -1;
	/* a package already revealed is public: its readers get it as it was revealed */
	int reveal_now = a->reveal && strcmp(r->state, "revealed");
	if (reveal_now ? op_authorize(s, ACT_DRAW_REVEAL, draw_unit(r), NULL, d)
		       : !draw_visible(s, r) && op_authorize(s, ACT_DRAW_READ, draw_unit(r), NULL, d))
		goto out;
	if (a->force && !a->reveal) {
		op_fail(d, OP_INVALID, "只有揭示盐值时才能要求提前揭示");
		goto out;
	}
	if (a->reveal && (!strcmp(r->state, "announced") || !strcmp(r->state, "void"))) {
		op_fail(d, OP_CONFLICT, "第 %ld 号抽取%s，没有可揭示的结果", r->id,
			!strcmp(r->state, "void") ? "已作废" : "尚未运行");
		goto out;
	}
	long open = 0;
	if (reveal_now) {
		if ((open = draw_open(s, r->id, d)) < 0)
			goto out;
		if (open && !a->force) {
			op_fail_at(d, OP_CONFLICT, "force",
				   "第 %ld 号抽取尚有 %ld "
				   "项检查任务待检查：检查完成前不得揭示盐值（确需提前揭示，须说明理由）",
				   r->id, open);
			goto out;
		}
		if (open && (!a->reason || !*a->reason)) {
			op_fail_at(d, OP_INVALID, "reason", "提前揭示须说明理由（将记入审计记录）");
			goto out;
		}
	}
	char pub[65] = "";
	if ((out->key_registered = key_registered(s, pub, d)) < 0)
		goto out;
	if (a->sign && out->key_registered) {
		char mine[65];
		sign_key_public_hex(a->sign, mine);
		if (strcmp(mine, pub)) {
			op_fail(d, OP_ERROR,
				"签名私钥文件与数据库登记的签名密钥（公钥 %.16s…）不符，不能签名", pub);
			goto out;
		}
	}
	char salt_hex[65];
	if (a->reveal) {
		/* the sealed salt is opened with the key kept outside the database, and stored plain from
		 * the reveal on: it is public now */
		unsigned char salt[32];
		if (salt_open(a->salt_key, r->salt, r->salt_commitment, salt)) {
			op_fail(d, OP_ERROR, "第 %ld 号抽取的盐值已加密保存，%s，不能揭示", r->id,
				!salt_is_sealed(r->salt) ? "但记录已损坏"
				: a->salt_key ? "现有的盐值密钥打不开它（密钥不符或记录被改动）"
					      : "找不到本单位的盐值密钥文件");
			goto out;
		}
		draw_hex(salt, 32, salt_hex);
		memset(salt, 0, sizeof(salt));
		free((char *)c.row.salt);
		c.row.salt = xstrdup(salt_hex);
	}
	if (draw_inputs_text(s->st, r, &inputs, &len, &err) ||
	    draw_document(r, inputs, len, a->reveal, doc, &err)) {
		op_fail_take(d, OP_ERROR, err, "抽取记录已损坏");
		err = NULL;
		goto out;
	}
	if (a->reveal && strcmp(r->state, "revealed")) {
		char now[26], subject[32];
		clock_now(now);
		snprintf(subject, sizeof(subject), "draw:%ld", r->id);
		if (store_begin(s->st, &err) ||
		    store_draw_set_state(s->st, r->id, "revealed", now, open ? a->reason : NULL, &err) ||
		    store_draw_set_salt(s->st, r->id, r->salt, &err) ||
		    store_audit_record(s->st, now, s->name, open ? "draw reveal forced" : "draw reveal",
				       subject, &err) ||
		    store_commit(s->st, &err)) {
			store_rollback(s->st);
			store_failed(d, err);
			err = NULL;
			goto out;
		}
		out->revealed_now = 1;
	}
	if (a->sign && out->key_registered) {
		draw_document_sign(doc, a->sign);
		out->signed_doc = 1;
	}
	rc = 0;
out:
	free(err);
	free(inputs);
	draw_copy_release(&c);
	return rc;
}

/* ---- the printable record ---- */

struct record_priv {
	json_t *result;
	struct strmap names, items,
	    people; /* uscc → name; visit number → items; person id → name (values owned) */
};

static int pick_name(const struct dir_entry *e, void *arg)
{
	struct strmap *m = arg;
	if (strmap_get(m, e->k))
		free(strmap_put(m, e->k, xstrdup(e->vals[1])));
	return 0;
}

static int collect_items(const struct task *t, void *arg)
{
	struct strmap *m = arg;
	char key[24];
	snprintf(key, sizeof(key), "%ld", t->visit_no);
	free(strmap_put(m, key, xstrdup(t->items)));
	return 0;
}

static void free_values(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->vals[i]);
	strmap_free(m);
}

static char *joined(json_t *arr)
{
	size_t i;
	json_t *v;
	struct strbuf sb = STRBUF_INIT;
	json_array_foreach(arr, i, v) strbuf_addf(&sb, "%s%s", i ? "、" : "", json_string_value(v));
	return strbuf_detach(&sb);
}

static const char *str_of(json_t *v, const char *key)
{
	const char *s = json_string_value(json_object_get(v, key));
	return s ? s : "";
}

/*
 * The people of "arr" (the person ids of a visit's team or experts) with their names in the inspector
 * directory (looked up once per person), into *out and *n; *named gets them as 姓名（编号） joined by 、.
 */
static void people_of(struct op_session *s, struct record_priv *p, json_t *arr,
		      struct draw_record_person **out, size_t *n, char **named)
{
	size_t i;
	json_t *v;
	struct strbuf sb = STRBUF_INIT;
	*n = json_array_size(arr);
	*out = xcalloc(*n ? *n : 1, sizeof(**out));
	json_array_foreach(arr, i, v)
	{
		const char *id = json_string_value(v) ? json_string_value(v) : "";
		const char *name = strmap_get(&p->people, id);
		if (!name) {
			char *got = store_dir_current_value(s->st, &dir_people, id, "name");
			strmap_put(&p->people, id, got ? got : xstrdup(""));
			name = strmap_get(&p->people, id);
		}
		(*out)[i] = (struct draw_record_person){id, name};
		if (*name)
			strbuf_addf(&sb, "%s%s（%s）", i ? "、" : "", name, id);
		else
			strbuf_addf(&sb, "%s%s", i ? "、" : "", id);
	}
	*named = strbuf_detach(&sb);
}

int op_draw_record(struct op_session *s, long id, struct draw_record *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct draw_copy c;
	if (load_visible(s, id, &c, d))
		return -1;
	out->row = c.row;
	struct record_priv *p = xcalloc(1, sizeof(*p));
	out->priv = p;
	strmap_init(&p->names);
	strmap_init(&p->items);
	strmap_init(&p->people);
	const struct draw_row *r = &out->row;
	char *err = NULL;
	if (strcmp(r->state, "drawn") && strcmp(r->state, "revealed")) {
		op_fail(d, OP_CONFLICT, "第 %ld 号抽取尚未运行（或已作废），没有抽取结果", r->id);
		goto fail;
	}
	long open = draw_open(s, r->id, d);
	if (open < 0 || (open && op_authorize(s, ACT_DRAW_READ, draw_unit(r), NULL, d)))
		goto fail;
	unit_name(s, r, out->org, sizeof(out->org));
	if (draw_unit(r) == 1) {
		struct org org;
		if (store_org_get(s->st, &org, &err) == 1)
			snprintf(out->org, sizeof(out->org), "%s", org.name);
		free(err);
		err = NULL;
	}
	p->result = cj_load(r->result, strlen(r->result), &err);
	if (!p->result) {
		op_fail_take(d, OP_ERROR, err, "抽取结果已损坏");
		err = NULL;
		goto fail;
	}
	json_t *visits = json_object_get(p->result, "visits");
	size_t i;
	json_t *v;
	json_array_foreach(visits, i, v) strmap_put(&p->names, str_of(v, "uscc"), xstrdup(""));
	char as_of[11];
	snprintf(as_of, sizeof(as_of), "%.10s", r->announced_at);
	struct task_filter f = {.draw_id = r->id};
	/* one walk in storage order reading the names only (not an ordered walk of every field) */
	unsigned char *want = xcalloc(dir_objects.nfields, 1);
	want[dirkind_field_index(&dir_objects, "name")] = 1;
	int scan_failed = store_dir_scan(s->st, &dir_objects, as_of, 1, want, pick_name, &p->names, &err) < 0;
	free(want);
	if (scan_failed || store_task_each(s->st, &f, collect_items, &p->items, &err) < 0) {
		store_failed(d, err);
		goto fail;
	}
	out->nvisits = json_array_size(visits);
	out->visits = xcalloc(out->nvisits ? out->nvisits : 1, sizeof(*out->visits));
	json_array_foreach(visits, i, v)
	{
		struct draw_record_visit *x = &out->visits[i];
		char key[24];
		snprintf(key, sizeof(key), "%zu", i);
		const char *it = strmap_get(&p->items, key);
		x->key = str_of(v, "key");
		x->uscc = str_of(v, "uscc");
		x->name = strmap_get(&p->names, x->uscc);
		x->items = it ? it : "";
		x->slot = str_of(v, "slot");
		x->mode = str_of(v, "mode");
		x->team = joined(json_object_get(v, "team"));
		x->experts = joined(json_object_get(v, "experts"));
		people_of(s, p, json_object_get(v, "team"), &x->team_people, &x->nteam, &x->team_named);
		people_of(s, p, json_object_get(v, "experts"), &x->expert_people, &x->nexperts,
			  &x->experts_named);
		struct strbuf note = STRBUF_INIT;
		if (json_is_string(json_object_get(v, "reason")))
			strbuf_adds(&note, "可选执法人员不足，未组成检查组");
		if (json_array_size(json_object_get(v, "unmet"))) {
			char *u = joined(json_object_get(v, "unmet"));
			strbuf_addf(&note, "%s未满足专长: %s", note.len ? "；" : "", u);
			free(u);
		}
		x->note = strbuf_detach(&note);
	}
	return 0;
fail:
	op_draw_record_release(out);
	return -1;
}

void op_draw_record_release(struct draw_record *r)
{
	struct record_priv *p = r->priv;
	for (size_t i = 0; i < r->nvisits; i++) {
		free(r->visits[i].team);
		free(r->visits[i].experts);
		free(r->visits[i].team_named);
		free(r->visits[i].experts_named);
		free(r->visits[i].team_people);
		free(r->visits[i].expert_people);
		free(r->visits[i].note);
	}
	free(r->visits);
	if (p) {
		free_values(&p->names);
		free_values(&p->items);
		free_values(&p->people);
		json_decref(p->result);
		free(p);
	}
	if (r->row.state)
		free_row(&r->row);
	memset(r, 0, sizeof(*r));
}
