/*
 * This file implements the public portal's API (/public/api/, no sign-in, GET and HEAD only): the same
 * content as the static site of `suiji publish`, live, read through the same functions
 * (op/public-record.h) — the published results by object, the unit responsible for each, and every
 * draw's announcement (its commitment, before the draw) with, after the reveal, its package:
 *   GET /public/api/search?q=&page=&size=     objects whose name or credit code contains q
 *   GET /public/api/objects/{uscc}            one object's published results, each with its audit proof
 *   GET /public/api/draws                     every draw, voided attempts too, as the site lists them
 *   GET /public/api/draws/{id}                one of them, with its audit proof
 *   GET /public/api/draws/{id}/announcement   the announcement document (draw/N-announcement.json)
 *   GET /public/api/draws/{id}/package        the revealed package (draw/N-package.json), 404 before
 * A withheld (不予公开) result has no public record and is never found. Answers may be cached briefly.
 * The audit proofs (op/public-proof.h) are against the audit chain's first ?tree_size= entries (the seq
 * of a signed head the reader holds), else the whole chain as it is now.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "io/publish.h"
#include "op/public-proof.h"
#include "op/public-record.h"

#define PUBLIC_PAGE_MAX 50

/* "a、b" into a JSON array. */
static json_t *list_of(const char *s)
{
	return http_split(s ? s : "", "、");
}

static json_t *result_json(const struct pub_record *r)
{
	json_t *o = json_pack("{s:I,s:s,s:s,s:o,s:s,s:o,s:s,s:s,s:s,s:s,s:I}", "task", (json_int_t)r->task_id,
			      "kind", r->kind, "date", r->end_date, "dates", list_of(r->dates), "end_date",
			      r->end_date, "items", list_of(r->items), "outcome", r->result, "unit", r->unit,
			      "published_on", r->published_on, "corrected_on",
			      r->corrected_on ? r->corrected_on : "", "draw", (json_int_t)r->draw_id);
	return o;
}

/* The objects of records[from, to) (sorted by credit code) as JSON objects appended to "rows". */
static void objects_json(const struct pub_record *recs, size_t n, json_t *rows)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && !strcmp(recs[j].uscc, recs[i].uscc))
			j++;
		/* the object as its latest record names it (as the static site's object page does) */
		const struct pub_record *last = &recs[j - 1];
		json_t *results = json_array();
		for (size_t k = i; k < j; k++)
			json_array_append_new(results, result_json(&recs[k]));
		char url[96];
		snprintf(url, sizeof(url), "/public/api/objects/%s", last->uscc);
		json_array_append_new(rows, json_pack("{s:s,s:s,s:s,s:s,s:I,s:s,s:s,s:o}", "uscc", last->uscc,
						      "name", last->name, "region", last->region, "unit",
						      last->unit, "records", (json_int_t)(j - i), "last",
						      last->end_date, "url", url, "results", results));
		i = j;
	}
}

/*
 * The audit proofs of this request (?tree_size=N: against a signed head of N entries; else the chain
 * now): a prover over the store, public by nature (no role needed). NULL with the error written.
 */
static struct op_prover *prover(struct http_req *rq, struct http_resp *rs, struct op_session *anon)
{
	memset(anon, 0, sizeof(*anon));
	anon->st = rq->st;
	anon->via = "公开门户";
	const char *ts = rq->query(rq->ctx, "tree_size");
	long size = 0;
	if (ts && *ts && parse_long(ts, 1, 1000000000000L, &size)) {
		http_error(rs, 400, "tree_size 应为已公开链头的条数（正整数）");
		return NULL;
	}
	struct op_prover *p;
	struct op_diag d = OP_DIAG_INIT;
	if (op_prover_open(anon, size, &p, &d)) {
		http_op_error(rs, &d);
		return NULL;
	}
	return p;
}

/* The proof of "subject" ("task:N", "draw:N") as a new JSON value, null when there is none. */
static json_t *proof_of(struct op_prover *p, const char *subject)
{
	json_t *out = NULL;
	struct op_diag d = OP_DIAG_INIT;
	if (op_prover_subject(p, subject, &out, &d)) {
		op_diag_release(&d);
		return json_null();
	}
	return out;
}

static int not_get(struct http_req *rq, struct http_resp *rs)
{
	if (!strcmp(rq->method, "GET") || !strcmp(rq->method, "HEAD"))
		return 0;
	http_method_not_allowed(rs, "GET, HEAD");
	return 1;
}

static void search(struct http_req *rq, struct http_resp *rs)
{
	/* a NUL in the query (%00) would cut the term short unseen: refused instead */
	const char *qs = rq->raw ? strchr(rq->raw, '?') : NULL;
	if (qs && strstr(qs, "%00"))
		return http_error(rs, 400, "查询内容不能含有控制字符");
	const char *q = rq->query(rq->ctx, "q");
	size_t off, size;
	http_page(rq, &off, &size);
	if (size > PUBLIC_PAGE_MAX) { /* the same page number, of at most PUBLIC_PAGE_MAX objects */
		off = off / size * PUBLIC_PAGE_MAX;
		size = PUBLIC_PAGE_MAX;
	}
	struct op_public p;
	struct op_diag d = OP_DIAG_INIT;
	if (op_public_search(rq->st, q ? q : "", off, size, &p, &d)) {
		op_public_release(&p);
		return http_op_error(rs, &d);
	}
	json_t *rows = json_array();
	objects_json(p.site.records, p.site.nrecords, rows);
	json_t *o = json_pack("{s:s,s:I,s:I,s:I,s:o}", "q", q, "total", (json_int_t)p.total, "page",
			      (json_int_t)(off / size + 1), "size", (json_int_t)size, "rows", rows);
	op_public_release(&p);
	rs->cache = "public, max-age=60";
	http_json(rs, 200, o);
}

static void object(struct http_req *rq, struct http_resp *rs, const char *uscc)
{
	(void)rq;
	struct op_public p;
	struct op_diag d = OP_DIAG_INIT;
	if (op_public_object(rq->st, uscc, &p, &d)) {
		op_public_release(&p);
		return http_op_error(rs, &d);
	}
	struct op_session anon;
	struct op_prover *pr = prover(rq, rs, &anon);
	if (!pr) {
		op_public_release(&p);
		return;
	}
	json_t *rows = json_array();
	objects_json(p.site.records, p.site.nrecords, rows);
	json_t *o = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	/* each result with the proof that the audit chain recorded its publication */
	json_t *results = json_object_get(o, "results"), *r;
	size_t i;
	json_array_foreach(results, i, r)
	{
		char subject[48];
		snprintf(subject, sizeof(subject), "task:%lld",
			 (long long)json_integer_value(json_object_get(r, "task")));
		json_object_set_new(r, "proof", proof_of(pr, subject));
	}
	json_object_set_new(o, "tree_size", json_integer((json_int_t)op_prover_size(pr)));
	op_prover_close(pr);
	op_public_release(&p);
	rs->cache = "public, max-age=60";
	http_json(rs, 200, o);
}

static json_t *draw_json(const struct pub_draw *x)
{
	json_error_t e;
	json_t *a = json_loads(x->announced ? x->announced : "", 0, &e);
	if (!json_is_object(a)) {
		json_decref(a);
		a = json_object();
	}
	int revealed = x->package != NULL || !strcmp(x->state, "revealed");
	char ann[64], pkg[64];
	snprintf(ann, sizeof(ann), "/public/api/draws/%ld/announcement", x->id);
	snprintf(pkg, sizeof(pkg), "/public/api/draws/%ld/package", x->id);
	const char *org = json_string_value(json_object_get(a, "org"));
	/* the announcement's own fields, as the site's draw page shows them, read from the announcement */
	json_t *o =
	    json_pack("{s:I,s:I,s:s,s:s,s:s,s:s,s:b,s:s,s:o,s:I,s:I}", "id", (json_int_t)x->id, "unit",
		      (json_int_t)(x->unit_id ? x->unit_id : 1), "unit_name", org ? org : "", "period",
		      x->period, "state", x->state, "state_name", publish_draw_state(x->state), "revealed",
		      revealed, "announcement", ann, "package", revealed ? json_string(pkg) : json_null(),
		      "attempt", (json_int_t)x->attempt, "supersedes", (json_int_t)x->supersedes);
	static const char *const fields[] = {"announced_at",	"org",		 "inputs_hash",
					     "salt_commitment", "beacon_source", "snapshot_date"};
	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const char *v = json_string_value(json_object_get(a, fields[i]));
		json_object_set_new(o, fields[i], json_string(v ? v : ""));
	}
	json_decref(a);
	return o;
}

static int by_id(const void *a, const void *b)
{
	const struct pub_draw *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static void draws(struct http_req *rq, struct http_resp *rs, long id)
{
	struct op_public p;
	struct op_diag d = OP_DIAG_INIT;
	if (op_public_gather(rq->st, NULL, OP_PUBLIC_DRAWS, &p, &d)) {
		op_public_release(&p);
		return http_op_error(rs, &d);
	}
	/* in the order of the site's list: by number */
	if (p.site.ndraws)
		qsort(p.site.draws, p.site.ndraws, sizeof(*p.site.draws), by_id);
	char bureau[256];
	snprintf(bureau, sizeof(bureau), "%s", p.bureau);
	json_t *rows = json_array(), *one = NULL;
	for (size_t i = 0; i < p.site.ndraws; i++) {
		if (id && p.site.draws[i].id != id)
			continue;
		json_array_append_new(rows, draw_json(&p.site.draws[i]));
	}
	op_public_release(&p);
	rs->cache = "public, max-age=60";
	if (!id)
		return http_json(rs, 200,
				 json_pack("{s:s,s:I,s:o}", "bureau", bureau, "total",
					   (json_int_t)json_array_size(rows), "rows", rows));
	one = json_incref(json_array_get(rows, 0));
	json_decref(rows);
	if (!one) {
		rs->cache = NULL;
		return http_error(rs, 404, "没有这一号抽取");
	}
	/* with the proofs that the audit chain recorded the draw's steps (announcement, run, reveal …) */
	struct op_session anon;
	struct op_prover *pr = prover(rq, rs, &anon);
	if (!pr) {
		json_decref(one);
		rs->cache = NULL;
		return;
	}
	char subject[48];
	snprintf(subject, sizeof(subject), "draw:%ld", id);
	json_object_set_new(one, "proof", proof_of(pr, subject));
	op_prover_close(pr);
	http_json(rs, 200, one);
}

static void document(struct http_req *rq, struct http_resp *rs, long id, int package)
{
	char *doc;
	size_t len;
	struct op_diag d = OP_DIAG_INIT;
	if (op_public_draw_document(rq->st, rq->cfg->sign_key, id, package, &doc, &len, &d))
		return http_op_error(rs, &d);
	http_resp_set_body(rs, 200, "application/json; charset=utf-8", doc, len);
	/* an announcement never changes; a package only exists once revealed, and is final then */
	rs->cache = "public, max-age=300";
	snprintf(rs->disposition, sizeof(rs->disposition), "inline; filename=\"%ld-%s.json\"", id,
		 package ? "package" : "announcement");
}

int http_public(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	if (nseg < 1 || nseg > 3)
		return 0;
	long id = 0;
	if (!strcmp(seg[0], "search") && nseg == 1) {
		if (not_get(rq, rs))
			return 1;
	} else if (!strcmp(seg[0], "objects") && nseg == 2) {
		if (not_get(rq, rs))
			return 1;
	} else if (!strcmp(seg[0], "draws") &&
		   (nseg < 3 || !strcmp(seg[2], "package") || !strcmp(seg[2], "announcement"))) {
		if (nseg >= 2 && !(id = parse_id(seg[1])))
			return http_error(rs, 404, "没有这一号抽取"), 1;
		if (not_get(rq, rs))
			return 1;
	} else {
		return 0;
	}
	if (!rq->st)
		return http_error(rs, 503, "数据库暂时无法打开，请稍后重试"), 1;
	if (!strcmp(seg[0], "search"))
		search(rq, rs);
	else if (!strcmp(seg[0], "objects"))
		object(rq, rs, seg[1]);
	else if (nseg < 3)
		draws(rq, rs, id);
	else
		document(rq, rs, id, !strcmp(seg[2], "package"));
	return 1;
}
