/*
 * This file implements reading and verifying the audit chain, its signed head and its proofs
 * (op/audit.h); the proofs are cut from the cached tree of op/public-proof.h.
 */
#include "op/audit.h"

#include <stdlib.h>
#include <string.h>

#include "op/public-proof.h"
#include "store/org.h"
#include "util/clock.h"
#include "util/xalloc.h"

int op_audit_entries(struct op_session *s, long limit, int (*fn)(const struct audit_entry *e, void *arg),
		     void *arg, struct op_diag *d)
{
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	if (store_audit_each(s->st, limit, fn, arg, &err) < 0)
		return op_fail_take(d, OP_ERROR, err, "读取审计链失败");
	return 0;
}

int op_audit_verify(struct op_session *s, struct audit_report *r, struct op_diag *d)
{
	memset(r, 0, sizeof(*r));
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	int rc = store_audit_verify(s->st, r, &err);
	if (rc < 0)
		return op_fail_take(d, OP_ERROR, err, "核验审计链失败");
	return rc;
}

int op_audit_head(struct op_session *s, enum op_action why, const struct sign_key *k, struct audit_head *h,
		  char **text, struct op_diag *d)
{
	memset(h, 0, sizeof(*h));
	*text = NULL;
	if (why != ACT_AUDIT_SIGN && why != ACT_SITE_PUBLISH)
		return op_fail(d, OP_INVALID, "链头只为签发或生成公开网站而签名");
	if (op_authorize(s, why, 0, NULL, d))
		return -1;
	struct org o;
	char *err = NULL, pub[65];
	int has = store_org_get(s->st, &o, &err);
	if (has != 1)
		return op_fail_take(d, has < 0 ? OP_ERROR : OP_CONFLICT, err,
				    "数据库尚未初始化，请先运行 suiji init");
	long key_id;
	has = store_key_current(s->st, &key_id, pub, &err);
	if (has != 1)
		return op_fail_take(
		    d, has < 0 ? OP_ERROR : OP_CONFLICT, err,
		    "数据库没有登记签名密钥：不生成未签名的链头（请先运行 suiji key create）");
	if (store_audit_head(s->st, h->hash, &h->seq, &err))
		return op_fail_take(d, OP_ERROR, err, "读取审计链失败");
	struct op_prover *p;
	if (op_prover_open(s, h->seq, &p, d))
		return -1;
	op_prover_root(p, h->seq, h->root);
	op_prover_close(p);
	h->version = 2;
	clock_now(h->time);
	h->org = xstrdup(o.name);
	if (!(*text = audit_head_sign(h, k, &err)))
		return op_fail_take(d, OP_ERROR, err, "签名链头失败");
	snprintf(h->pub, sizeof(h->pub), "%s", pub);
	return 0;
}

int op_audit_holds(struct op_session *s, long seq, const char *hash, const char *root, char **problem,
		   struct op_diag *d)
{
	*problem = NULL;
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, d))
		return -1;
	char have[65], *err = NULL, last[65];
	long count = 0;
	if (store_audit_head(s->st, last, &count, &err))
		return op_fail_take(d, OP_ERROR, err, "读取审计链失败");
	if (seq > count) {
		*problem = xasprintf(
		    "审计链只有 %ld 条，少于所给链头的第 %ld 条：其后的记录已丢失（恢复了旧备份，或被改写）",
		    count, seq);
		return 1;
	}
	int got = seq < 1 ? 0 : store_audit_entry_hash(s->st, seq, have, &err);
	if (got < 0)
		return op_fail_take(d, OP_ERROR, err, "读取审计链失败");
	if (got != 1 || strcmp(have, hash)) {
		*problem = xasprintf("第 %ld 条审计记录的哈希与所给链头不符：审计链在此之前被改写", seq);
		return 1;
	}
	if (root && *root) {
		struct op_prover *p;
		char r[65];
		if (op_prover_open(s, seq, &p, d))
			return -1;
		op_prover_root(p, seq, r);
		op_prover_close(p);
		if (strcmp(r, root)) {
			*problem = xasprintf(
			    "前 %ld 条审计记录的默克尔树根与所给链头不符：审计链在此之前被改写", seq);
			return 1;
		}
	}
	return 0;
}

/* The root of the first "size" entries must be "want" (when given): 0, or -1 with OP_CONFLICT. */
static int root_is(struct op_prover *p, long size, const char *want, struct op_diag *d)
{
	char r[65];
	op_prover_root(p, size, r);
	if (want && *want && strcmp(r, want))
		return op_fail(
		    d, OP_CONFLICT,
		    "前 %ld 条审计记录的默克尔树根与所给链头不符：审计链在该链头之后被改写，不能给出证明",
		    size);
	return 0;
}

int op_audit_prove_entry(struct op_session *s, long entry, long size, const char *root, json_t **out,
			 struct op_diag *d)
{
	*out = NULL;
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, d))
		return -1;
	struct op_prover *p;
	if (op_prover_open(s, size, &p, d))
		return -1;
	int rc = root_is(p, op_prover_size(p), root, d) ? -1 : op_prover_entry(p, entry, out, d);
	op_prover_close(p);
	return rc;
}

int op_audit_prove_consistency(struct op_session *s, long first, const char *first_root, long second,
			       const char *second_root, json_t **out, struct op_diag *d)
{
	*out = NULL;
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, d))
		return -1;
	struct op_prover *p;
	if (op_prover_open(s, second, &p, d))
		return -1;
	long size = op_prover_size(p);
	int rc = -1;
	if (first > size)
		op_fail(d, OP_INVALID, "前一链头（%ld 条）比后一链头（%ld 条）还长", first, size);
	else if (!root_is(p, size, second_root, d) && !root_is(p, first, first_root, d))
		rc = op_prover_consistency(p, first, size, out, d);
	op_prover_close(p);
	return rc;
}
