/*
 * This file implements what the public sees (op/public-record.h): the public record of a result as it
 * is frozen at publication, and the gathering of the published records, penalties and draws that both
 * the static site (`suiji publish`) and the live portal (/public/api/) are built from.
 */
#include "op/public-record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/dirschema.h"
#include "core/region.h"
#include "core/result.h"
#include "core/sign.h"
#include "core/utf8.h"
#include "op/draw-package.h"
#include "store/draw.h"
#include "store/org.h"
#include "store/result.h"
#include "store/unit.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The items' names joined by 、 (the code where the directory no longer has the item), allocated. */
static char *item_names_of(struct store *st, const char *codes)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = codes; p && *p;) {
		const char *q = strstr(p, "、");
		char *code = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		char *name = store_dir_current_value(st, &dir_items, code, "name");
		if (sb.len)
			strbuf_adds(&sb, "、");
		strbuf_adds(&sb, name ? name : code);
		free(name);
		free(code);
		p = q ? q + strlen("、") : NULL;
	}
	return strbuf_detach(&sb);
}

char *op_public_record(struct store *st, const struct task_info *ti, const char *published_on,
		       const char *corrected_on)
{
	struct org o = {0};
	struct unit u = {0};
	char *err = NULL;
	store_org_get(st, &o, &err);
	free(err);
	err = NULL;
	if (store_unit_get(st, ti->task.unit_id ? ti->task.unit_id : 1, &u, &err) <= 0)
		snprintf(u.name, sizeof(u.name), "%s", o.name);
	free(err);
	const struct result_outcome_info *out = result_outcome_by_key(ti->outcome);
	const struct region *reg = region_find(ti->region);
	char *items = item_names_of(st, ti->task.items);
	const char *kind = ti->task.kind && !strcmp(ti->task.kind, "targeted") ? "针对性检查" : "随机抽查";
	json_t *j = json_pack("{s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "unit", u.name, "bureau", o.name, "task", (json_int_t)ti->task.id, "kind", kind,
			      "draw", (json_int_t)ti->task.draw_id, "uscc", ti->task.uscc, "name",
			      ti->object_name, "region", reg ? reg->name : ti->region, "dates", ti->dates,
			      "end_date", ti->end_date, "items", items, "item_codes", ti->task.items,
			      "result", out ? out->wording : ti->outcome, "published_on", published_on);
	if (j && corrected_on)
		json_object_set_new(j, "corrected_on", json_string(corrected_on));
	char *s = j ? json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(j);
	free(items);
	return s;
}

/* ---- gathering what is public ---- */

static const char *keep(struct op_public *p, const char *s)
{
	ALLOC_GROW(p->owned, p->nowned + 1, p->owned_alloc);
	return p->owned[p->nowned++] = xstrdup(s ? s : "");
}

static const char *jstr(struct op_public *p, json_t *j, const char *key)
{
	return keep(p, json_string_value(json_object_get(j, key)));
}

/* One published record, as frozen, into p->site.records; with "platform" also today's platform codes. */
static int add_record_as(struct op_public *p, const struct disclosure_row *d, int platform)
{
	json_error_t je;
	json_t *j = json_loads(d->record ? d->record : "", 0, &je);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		return set_err(&p->err, "任务 %ld 的公开记录已损坏: %s", d->task_id, je.text);
	}
	struct task_info ti;
	if (platform) {
		int rc = task_info_load(p->st, d->task_id, &ti, &p->err);
		if (rc) {
			json_decref(j);
			return rc < 0 ? -1 : set_err(&p->err, "没有编号为 %ld 的检查任务", d->task_id);
		}
	}
	ALLOC_GROW(p->site.records, p->site.nrecords + 1, p->rec_alloc);
	struct pub_record *r = &p->site.records[p->site.nrecords++];
	memset(r, 0, sizeof(*r));
	r->task_id = d->task_id;
	r->uscc = jstr(p, j, "uscc");
	r->name = jstr(p, j, "name");
	r->region = jstr(p, j, "region");
	r->kind = jstr(p, j, "kind");
	r->dates = jstr(p, j, "dates");
	r->end_date = jstr(p, j, "end_date");
	r->items = jstr(p, j, "items");
	r->result = jstr(p, j, "result");
	r->corrected_on = jstr(p, j, "corrected_on");
	/* the unit frozen with the record; records published before units existed name the bureau */
	r->unit = json_is_string(json_object_get(j, "unit")) ? jstr(p, j, "unit") : jstr(p, j, "bureau");
	r->published_on = jstr(p, j, "published_on");
	r->draw_id = (long)json_integer_value(json_object_get(j, "draw"));
	r->national_code = r->national_text = r->rectified = "";
	if (platform) {
		const struct result_outcome_info *o = result_outcome_by_key(ti.outcome);
		const char *text = "";
		r->national_code = o ? result_national_code(o, ti.open_problems, &text) : "";
		r->national_text = text ? text : "";
		r->rectified = ti.problems ? (ti.open_problems ? "整改中" : "已整改") : "";
		task_info_release(&ti);
	}
	json_decref(j);
	return 0;
}

static int add_record(const struct disclosure_row *d, void *arg)
{
	return add_record_as(arg, d, 1);
}

static int add_record_plain(const struct disclosure_row *d, void *arg)
{
	return add_record_as(arg, d, 0);
}

static int add_penalty(const struct penalty_row *x, void *arg)
{
	struct op_public *p = arg;
	struct task_info ti;
	int rc = task_info_load(p->st, x->task_id, &ti, &p->err);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!strcmp(ti.decision, DISCLOSE_WITHHOLD)) { /* withheld with its result (secrets, security) */
		task_info_release(&ti);
		return 0;
	}
	ALLOC_GROW(p->site.penalties, p->site.npenalties + 1, p->pen_alloc);
	struct pub_penalty *y = &p->site.penalties[p->site.npenalties++];
	y->decision_no = keep(p, x->decision_no);
	y->decided_on = keep(p, x->decided_on);
	y->uscc = keep(p, ti.task.uscc);
	y->name = keep(p, ti.object_name);
	y->violation = keep(p, x->violation);
	y->basis = keep(p, x->basis);
	y->content = keep(p, x->content);
	y->fine = keep(p, x->fine);
	y->task_id = x->task_id;
	task_info_release(&ti);
	return 0;
}

/* Draw "d"'s announcement document or (reveal) package: canonical text around the frame, signed with
 * "key" when given, ending in a newline; allocated into *doc, or -1 with *err. */
static int draw_doc(struct store *st, const struct sign_key *key, const struct draw_row *d, int reveal,
		    char **doc, size_t *len, char **err)
{
	char *inputs = NULL;
	size_t n = 0;
	struct strbuf sb = STRBUF_INIT;
	int bad = draw_inputs_text(st, d, &inputs, &n, err) || draw_document(d, inputs, n, reveal, &sb, err);
	free(inputs);
	if (bad) {
		strbuf_release(&sb);
		return -1;
	}
	if (key)
		draw_document_sign(&sb, key);
	strbuf_addc(&sb, '\n');
	*len = sb.len;
	*doc = strbuf_detach(&sb);
	return 0;
}

struct draw_walk {
	struct op_public *p;
	int documents;
};

static int add_draw(const struct draw_row *d, void *arg)
{
	struct draw_walk *w = arg;
	struct op_public *p = w->p;
	/* every announcement is public, voided ones too: a re-draw cannot hide the attempts before it */
	int revealed = !strcmp(d->state, "revealed");
	char *ann = NULL, *pkg = NULL;
	size_t len;
	if (w->documents && (draw_doc(p->st, p->key, d, 0, &ann, &len, &p->err) ||
			     (revealed && draw_doc(p->st, p->key, d, 1, &pkg, &len, &p->err)))) {
		free(ann);
		return -1;
	}
	ALLOC_GROW(p->site.draws, p->site.ndraws + 1, p->draw_alloc);
	struct pub_draw *x = &p->site.draws[p->site.ndraws++];
	memset(x, 0, sizeof(*x));
	x->id = d->id;
	x->period = keep(p, d->period);
	x->state = keep(p, d->state);
	x->announced_at = keep(p, d->announced_at);
	x->announced = keep(p, d->announcement);
	x->unit_id = d->unit_id;
	x->attempt = d->attempt;
	x->supersedes = d->supersedes;
	x->announcement = ann ? keep(p, ann) : NULL;
	x->package = pkg ? keep(p, pkg) : NULL;
	free(ann);
	free(pkg);
	return 0;
}

static int begin(struct store *st, const struct sign_key *key, struct op_public *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	out->st = st;
	out->key = key;
	struct org o;
	char *err = NULL;
	int rc = store_org_get(st, &o, &err);
	if (rc != 1)
		return op_fail_take(d, rc < 0 ? OP_ERROR : OP_NOTFOUND, err, "数据库尚未初始化");
	snprintf(out->bureau, sizeof(out->bureau), "%s", o.name);
	snprintf(out->bureau_region, sizeof(out->bureau_region), "%s", o.region);
	out->site.bureau = out->bureau;
	out->site.bureau_region = out->bureau_region;
	return 0;
}

static int failed(struct op_public *p, struct op_diag *d)
{
	int rc = op_fail_take(d, OP_ERROR, p->err, "读取公开内容失败");
	p->err = NULL;
	return rc;
}

int op_public_gather(struct store *st, const struct sign_key *key, unsigned what, struct op_public *out,
		     struct op_diag *d)
{
	if (begin(st, key, out, d))
		return -1;
	struct draw_walk w = {out, (what & OP_PUBLIC_DOCUMENTS) != 0};
	if ((what & OP_PUBLIC_RECORDS &&
	     store_disclosure_each(st, DISCLOSE_PUBLISH,
				   what & OP_PUBLIC_PLATFORM ? add_record : add_record_plain, out,
				   &out->err)) ||
	    (what & OP_PUBLIC_PENALTIES && store_penalty_each(st, 0, add_penalty, out, &out->err)) ||
	    (what & OP_PUBLIC_DRAWS && store_draw_each(st, add_draw, &w, &out->err)))
		return failed(out, d);
	return 0;
}

/* A record of an object on the page of a search (the store counts the objects and pages them). */
static int found(const struct disclosure_row *row, const char *uscc, void *arg)
{
	(void)uscc;
	return add_record_plain(row, arg);
}

int op_public_search(struct store *st, const char *q, size_t offset, size_t limit, struct op_public *out,
		     struct op_diag *d)
{
	if (begin(st, NULL, out, d))
		return -1;
	size_t n = q ? strlen(q) : 0;
	int control = 0;
	size_t chars;
	if (n > 8 * OP_PUBLIC_QUERY_MAX)
		return op_fail(d, OP_INVALID, "查询内容过长（不超过 %d 字节，约 40 个汉字）",
			       OP_PUBLIC_QUERY_MAX);
	if (!q || !utf8_scan(q, n, &chars, &control))
		return op_fail(d, OP_INVALID, "查询内容不是有效的 UTF-8 文本");
	if (control)
		return op_fail(d, OP_INVALID, "查询内容不能含有控制字符");
	/* the needle: without spaces (ASCII and the ideographic space), Latin letters upper-cased */
	char needle[OP_PUBLIC_QUERY_MAX + 1];
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		if (q[i] == ' ' || q[i] == '\t') {
			i++;
			continue;
		}
		if (!strncmp(q + i, "\u3000", 3)) {
			i += 3;
			continue;
		}
		if (k == OP_PUBLIC_QUERY_MAX)
			return op_fail(d, OP_INVALID, "查询内容过长（不超过 %d 字节，约 40 个汉字）",
				       OP_PUBLIC_QUERY_MAX);
		needle[k++] = q[i] >= 'a' && q[i] <= 'z' ? (char)(q[i] - 'a' + 'A') : q[i];
		i++;
	}
	needle[k] = 0;
	if (!k)
		return op_fail(d, OP_INVALID, "请输入检查对象的名称或统一社会信用代码");
	if (store_public_search(st, needle, NULL, offset, limit, found, out, &out->total, &out->err))
		return failed(out, d);
	return 0;
}

int op_public_object(struct store *st, const char *uscc, struct op_public *out, struct op_diag *d)
{
	if (begin(st, NULL, out, d))
		return -1;
	if (!uscc || !*uscc || strlen(uscc) > 40 || !utf8_valid(uscc, strlen(uscc)))
		return op_fail(d, OP_NOTFOUND, "没有该检查对象已公开的检查结果");
	/* credit codes are upper case: a code typed in lower case finds the same object */
	char code[41];
	size_t n = 0;
	for (; uscc[n]; n++)
		code[n] = uscc[n] >= 'a' && uscc[n] <= 'z' ? (char)(uscc[n] - 'a' + 'A') : uscc[n];
	code[n] = 0;
	if (store_public_search(st, NULL, code, 0, 0, found, out, &out->total, &out->err))
		return failed(out, d);
	if (!out->site.nrecords)
		return op_fail(d, OP_NOTFOUND, "没有统一社会信用代码为 %s 的检查对象已公开的检查结果", code);
	return 0;
}

struct one_draw {
	const struct sign_key *key;
	struct store *st;
	int package;
	char *doc, *err;
	size_t len;
	int not_revealed;
};

static int one_draw(const struct draw_row *r, void *arg)
{
	struct one_draw *o = arg;
	if (o->package && strcmp(r->state, "revealed")) {
		o->not_revealed = 1;
		return 0;
	}
	return draw_doc(o->st, o->key, r, o->package, &o->doc, &o->len, &o->err);
}

int op_public_draw_document(struct store *st, const struct sign_key *key, long id, int package, char **doc,
			    size_t *len, struct op_diag *d)
{
	*doc = NULL;
	*len = 0;
	struct one_draw o = {.key = key, .st = st, .package = package};
	int rc = id > 0 ? store_draw_get(st, id, one_draw, &o, &o.err) : 1;
	if (rc < 0)
		return op_fail_take(d, OP_ERROR, o.err, "读取抽取记录失败");
	if (rc > 0)
		return op_fail(d, OP_NOTFOUND, "没有第 %ld 号抽取", id);
	if (o.not_revealed)
		return op_fail(d, OP_NOTFOUND, "第 %ld 号抽取的抽取包尚未公开（检查结束后公开）", id);
	*doc = o.doc;
	*len = o.len;
	return 0;
}

void op_public_release(struct op_public *p)
{
	for (size_t i = 0; i < p->nowned; i++)
		free(p->owned[i]);
	free(p->owned);
	free(p->site.records);
	free(p->site.draws);
	free(p->site.penalties);
	free(p->err);
	memset(p, 0, sizeof(*p));
}
