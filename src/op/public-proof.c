/*
 * This file implements the audit proofs of what is public (op/public-proof.h): it reads the audit
 * chain's leaves once into a cached Merkle tree (core/merkle.h), finds the entries that record a
 * published result or a draw (store/audit.h, by subject) and cuts their inclusion proofs from the tree.
 */
#include "op/public-proof.h"

#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/merkle.h"
#include "core/parse.h"
#include "op/task.h"
#include "store/audit.h"
#include "store/draw.h"
#include "store/result.h"
#include "util/xalloc.h"

#define PROOF_PROTOCOL "suiji-audit-proof-v1"

struct op_prover {
	struct op_session *s;
	struct merkle_tree *tree;
	long size;
};

int op_prover_open(struct op_session *s, long tree_size, struct op_prover **p, struct op_diag *d)
{
	*p = NULL;
	if (tree_size < 0)
		return op_fail(d, OP_INVALID, "链头的条数应为非负整数");
	merkle_hash *leaves = NULL;
	long count = 0;
	char *err = NULL;
	if (store_audit_leaves(s->st, tree_size, &leaves, &count, &err))
		return op_fail_take(d, OP_ERROR, err, "读取审计链失败");
	if (tree_size && count < tree_size) {
		free(leaves);
		return op_fail(d, OP_NOTFOUND, "审计链只有 %ld 条，少于链头的 %ld 条：其后的记录已丢失",
			       count, tree_size);
	}
	struct op_prover *x = xcalloc(1, sizeof(*x));
	x->s = s;
	x->size = count;
	x->tree = merkle_tree_new(leaves, (size_t)count);
	free(leaves);
	*p = x;
	return 0;
}

long op_prover_size(const struct op_prover *p)
{
	return p->size;
}

void op_prover_root(const struct op_prover *p, long size, char hex[65])
{
	merkle_hash r;
	merkle_tree_root(p->tree, (size_t)(size < 0 || size > p->size ? p->size : size), r);
	hex_encode(r, MERKLE_HASH, hex);
}

void op_prover_close(struct op_prover *p)
{
	if (!p)
		return;
	merkle_tree_free(p->tree);
	free(p);
}

static json_t *hex_array(const merkle_hash *path, size_t n)
{
	json_t *a = json_array();
	char hex[65];
	for (size_t i = 0; i < n; i++) {
		hex_encode(path[i], MERKLE_HASH, hex);
		json_array_append_new(a, json_string(hex));
	}
	return a;
}

/* What an entry records, in Chinese, by its action. */
static const char *label_of(const char *action)
{
	static const struct {
		const char *action, *zh;
	} labels[] = {
	    {"disclosure publish", "公开检查结果"},
	    {"disclosure correct", "更正公开的检查结果"},
	    {"draw announce", "抽取公告"},
	    {"draw reannounce", "重新抽取公告"},
	    {"draw approve redraw", "批准重新抽取"},
	    {"draw run", "运行抽取"},
	    {"draw reveal", "公开抽取包"},
	    {"draw reveal forced", "公开抽取包（提前）"},
	    {"draw void", "作废抽取"},
	    {"draw void part", "部分作废抽取"},
	};
	for (size_t i = 0; i < sizeof(labels) / sizeof(labels[0]); i++)
		if (!strcmp(action, labels[i].action))
			return labels[i].zh;
	return action;
}

struct collect {
	struct op_prover *p;
	json_t *proofs;
	int draw;    /* only the draw's own actions ("draw …"), every one; else only the newest */
	json_t *one; /* the newest so far (publish:N) */
};

static json_t *inclusion_of(struct op_prover *p, const struct audit_entry *e)
{
	merkle_hash path[MERKLE_MAX_PATH];
	size_t n = merkle_tree_inclusion(p->tree, (size_t)p->size, (size_t)e->seq - 1, path);
	char leaf[65], root[65];
	hex_encode(merkle_tree_leaf(p->tree, (size_t)e->seq - 1), MERKLE_HASH, leaf);
	op_prover_root(p, p->size, root);
	json_t *entry =
	    json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I}", "action", e->action, "actor", e->actor,
		      "at", e->at, "content_hash", e->content_hash, "hash", e->hash, "prev_hash",
		      e->prev_hash, "subject", e->subject, "seq", (json_int_t)e->seq);
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:I, s:s, s:s, s:I}", "protocol", PROOF_PROTOCOL, "type",
			      "inclusion", "label", label_of(e->action), "entry", entry, "leaf_index",
			      (json_int_t)(e->seq - 1), "leaf_hash", leaf, "root", root, "tree_size",
			      (json_int_t)p->size);
	json_object_set_new(o, "path", hex_array(path, n));
	return o;
}

static int collect_entry(const struct audit_entry *e, void *arg)
{
	struct collect *c = arg;
	if (e->seq < 1 || e->seq > c->p->size)
		return 0;
	if (c->draw) {
		if (!strncmp(e->action, "draw ", 5))
			json_array_append_new(c->proofs, inclusion_of(c->p, e));
	} else {
		json_decref(c->one);
		c->one = inclusion_of(c->p, e);
	}
	return 0;
}

static int draw_exists(const struct draw_row *r, void *arg)
{
	(void)r;
	(void)arg;
	return 0;
}

int op_prover_subject(struct op_prover *p, const char *subject, json_t **out, struct op_diag *d)
{
	*out = NULL;
	const char *colon = subject ? strchr(subject, ':') : NULL;
	long id = colon ? parse_id(colon + 1) : 0;
	size_t fam = colon ? (size_t)(colon - subject) : 0;
	int draw = fam == 4 && !strncmp(subject, "draw", 4);
	if (!id || !(draw || (fam == 4 && !strncmp(subject, "task", 4)) ||
		     (fam == 7 && !strncmp(subject, "publish", 7))))
		return op_fail(d, OP_INVALID, "“%s”不是公开记录的名称（应为 task:任务编号 或 draw:抽取编号）",
			       subject ? subject : "");
	char *err = NULL;
	char name[48];
	if (draw) {
		int rc = store_draw_get(p->s->st, id, draw_exists, NULL, &err);
		if (rc < 0)
			return op_fail_take(d, OP_ERROR, err, "读取抽取记录失败");
		if (rc == 1)
			return op_fail(d, OP_NOTFOUND, "没有第 %ld 号抽取", id);
		snprintf(name, sizeof(name), "draw:%ld", id);
	} else {
		/* only a result published now has a public proof; withheld and unknown ones look alike */
		struct task_info ti;
		int rc = task_info_load(p->s->st, id, &ti, &err);
		if (rc < 0)
			return op_fail_take(d, OP_ERROR, err, "读取检查任务失败");
		int published = !rc && ti.decision && !strcmp(ti.decision, DISCLOSE_PUBLISH);
		if (!rc)
			task_info_release(&ti);
		if (!published)
			return op_fail(d, OP_NOTFOUND, "没有第 %ld 号任务已公开的检查结果", id);
		snprintf(name, sizeof(name), "publish:%ld", id);
	}
	struct collect c = {.p = p, .proofs = json_array(), .draw = draw};
	if (store_audit_subject_each(p->s->st, name, p->size, collect_entry, &c, &err) < 0) {
		json_decref(c.proofs);
		json_decref(c.one);
		return op_fail_take(d, OP_ERROR, err, "读取审计链失败");
	}
	if (c.one)
		json_array_append_new(c.proofs, c.one);
	char root[65], shown[48];
	op_prover_root(p, p->size, root);
	snprintf(shown, sizeof(shown), "%s:%ld", draw ? "draw" : "task", id);
	*out =
	    json_pack("{s:s, s:s, s:s, s:I, s:s, s:o}", "protocol", PROOF_PROTOCOL, "type", "record",
		      "subject", shown, "tree_size", (json_int_t)p->size, "root", root, "proofs", c.proofs);
	return 0;
}

int op_prover_consistency(struct op_prover *p, long first, long second, json_t **out, struct op_diag *d)
{
	*out = NULL;
	if (!second)
		second = p->size;
	if (first < 1 || first > second || second > p->size)
		return op_fail(d, OP_INVALID,
			       "一致性证明需要 0 < 前一链头的条数（%ld）≤ 后一链头的条数（%ld）≤ %ld", first,
			       second, p->size);
	merkle_hash path[MERKLE_MAX_PATH];
	size_t n = merkle_tree_consistency(p->tree, (size_t)second, (size_t)first, path);
	char r1[65], r2[65];
	op_prover_root(p, first, r1);
	op_prover_root(p, second, r2);
	*out = json_pack("{s:s, s:s, s:I, s:s, s:I, s:s}", "protocol", PROOF_PROTOCOL, "type", "consistency",
			 "first", (json_int_t)first, "first_root", r1, "second", (json_int_t)second,
			 "second_root", r2);
	json_object_set_new(*out, "path", hex_array(path, n));
	return 0;
}

struct one_entry {
	struct op_prover *p;
	json_t *proof;
};

static int one_entry(const struct audit_entry *e, void *arg)
{
	struct one_entry *x = arg;
	x->proof = inclusion_of(x->p, e);
	return 0;
}

int op_prover_entry(struct op_prover *p, long entry, json_t **out, struct op_diag *d)
{
	*out = NULL;
	if (entry < 1 || entry > p->size)
		return op_fail(d, OP_NOTFOUND, "没有第 %ld 条审计记录（链头共 %ld 条）", entry, p->size);
	char *err = NULL;
	struct one_entry x = {p, NULL};
	int rc = store_audit_entry(p->s->st, entry, one_entry, &x, &err);
	if (rc != 1 || !x.proof) {
		json_decref(x.proof);
		return op_fail_take(d, OP_ERROR, err, "读取审计记录失败");
	}
	*out = x.proof;
	return 0;
}

int op_public_proof(struct op_session *s, const char *subject, long tree_size, json_t **out,
		    struct op_diag *d)
{
	struct op_prover *p;
	*out = NULL;
	if (op_prover_open(s, tree_size, &p, d))
		return -1;
	int rc = op_prover_subject(p, subject, out, d);
	op_prover_close(p);
	return rc;
}

int op_public_consistency(struct op_session *s, long first, long second, json_t **out, struct op_diag *d)
{
	struct op_prover *p;
	*out = NULL;
	if (op_prover_open(s, second, &p, d))
		return -1;
	int rc = op_prover_consistency(p, first, second, out, d);
	op_prover_close(p);
	return rc;
}
