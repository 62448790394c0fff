/*
 * This file implements "suiji publish --out 目录": the public site of Article 9 and the files for the
 * platforms, from what has been published (suiji disclosure publish) — each record as it was frozen
 * when published — plus the draw announcements and revealed draw packages. Withheld results never
 * appear: only decisions "公开" are read. What is public is gathered by op/public-record.c — the same
 * functions the live portal of `suiji serve` (/public/api/) is built from; the writing itself is
 * io/publish.c; docs/DISCLOSURE.md describes the files.
 *
 * Each published result and draw carries the audit proofs of the entries that record it
 * (op/public-proof.h) against the signed head published with the site — or, without the key, against
 * the latest head the site already has, when the chain still holds it — and the site gains the
 * consistency proof between its previous latest head and the new one (docs/SECURITY.md).
 */
#include <getopt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "core/audit-head.h"
#include "core/cj.h"
#include "core/sign.h"
#include "io/publish.h"
#include "op/public-proof.h"
#include "op/authz.h"
#include "op/key.h"
#include "op/public-record.h"
#include "op/site.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] = "用法: suiji publish --out 目录";

/* The proofs' texts, owned here until the site is written. */
struct proofs {
	char **owned;
	size_t n, alloc;
};

static const char *own(struct proofs *o, char *s)
{
	ALLOC_GROW(o->owned, o->n + 1, o->alloc);
	return o->owned[o->n++] = s;
}

/* The canonical text of a record's proofs with the head they are against, or NULL (none, or refused). */
static const char *proof_text(struct proofs *own_in, struct op_prover *p, const char *subject,
			      const char *head)
{
	struct op_diag d = OP_DIAG_INIT;
	json_t *o = NULL;
	const char *text = NULL;
	if (op_prover_subject(p, subject, &o, &d)) {
		warning("%s 的审计证明未能生成：%s", subject, d.msg ? d.msg : "");
	} else if (json_array_size(json_object_get(o, "proofs"))) {
		json_object_set_new(o, "head", json_string(head));
		char *err = NULL;
		size_t len;
		char *cj = cj_dump(o, &len, &err);
		if (cj)
			text = own(own_in, xasprintf("%s\n", cj));
		else
			warning("%s 的审计证明未能生成：%s", subject, err);
		free(cj);
		free(err);
	}
	json_decref(o);
	op_diag_release(&d);
	return text;
}

/*
 * The proofs of every record and draw of "site" against the head of "size" entries and root "root",
 * and the consistency proof from "prev" (the replaced site's latest head) when there is a new head.
 * Warns, and gives no proof, when the chain no longer holds a head's root. -1 without a session.
 */
static int add_proofs(struct ctx *ctx, struct pub_site *site, struct proofs *o, long size, const char *root,
		      const struct audit_head *prev)
{
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return -1;
	struct op_diag d = OP_DIAG_INIT;
	struct op_prover *p = NULL;
	char have[65];
	if (op_prover_open(s, size, &p, &d)) {
		warning("审计证明未能生成：%s", d.msg ? d.msg : "");
		op_diag_release(&d);
		return 0;
	}
	op_prover_root(p, size, have);
	if (strcmp(have, root)) {
		warning(
		    "前 %ld 条审计记录的默克尔树根与链头不符：审计链在该链头之后被改写，本次不公开审计证明",
		    size);
		op_prover_close(p);
		return 0;
	}
	const char *head = own(o, xasprintf("heads/%ld-%.16s.json", size, root));
	site->proof_head = head;
	char subject[48];
	for (size_t i = 0; i < site->nrecords; i++) {
		snprintf(subject, sizeof(subject), "task:%ld", site->records[i].task_id);
		site->records[i].proof = proof_text(o, p, subject, head);
	}
	for (size_t i = 0; i < site->ndraws; i++) {
		snprintf(subject, sizeof(subject), "draw:%ld", site->draws[i].id);
		site->draws[i].proof = proof_text(o, p, subject, head);
	}
	/* the new head extends the previous one: a consistency proof, unless they are the same */
	if (site->head && prev && prev->version >= 2 && !(prev->seq == size && !strcmp(prev->root, root))) {
		char r1[65] = "";
		if (prev->seq >= 1 && prev->seq <= size)
			op_prover_root(p, prev->seq, r1);
		json_t *c = NULL;
		if (strcmp(r1, prev->root)) {
			warning("上次公开的链头（第 %ld "
				"条）与现在的审计链不符（审计链在其后被改写，或恢复了旧备份）："
				"不能给出一致性证明",
				prev->seq);
		} else if (op_prover_consistency(p, prev->seq, size, &c, &d)) {
			warning("一致性证明未能生成：%s", d.msg ? d.msg : "");
		} else {
			char *err = NULL;
			size_t len;
			char *cj = cj_dump(c, &len, &err);
			if (cj) {
				site->consistency = own(o, xasprintf("%s\n", cj));
				site->consistency_name =
				    own(o, xasprintf("consistency-%ld-%.16s-%ld-%.16s.json", prev->seq,
						     prev->root, size, root));
			}
			free(cj);
			free(err);
		}
		json_decref(c);
	}
	op_diag_release(&d);
	op_prover_close(p);
	return 0;
}

/*
 * The proofs for the site at "out": against the new head when there is one, else against the site's
 * latest head. -1 after printing.
 */
static int site_proofs(struct ctx *ctx, struct store *st, const char *out, struct pub_site *site,
		       const struct audit_head *head, struct proofs *o)
{
	struct audit_head prev = {0};
	int have_prev = 0;
	size_t len = 0;
	char *err = NULL, *perr = NULL;
	struct op_diag kd = OP_DIAG_INIT;
	char *text = publish_latest_head(out, &len, &err);
	if (!text && err) {
		error("%s", err);
		free(err);
		return -1;
	}
	if (text && audit_head_parse(text, len, &prev, &perr) == 0)
		have_prev = op_key_known(st, prev.pub, &kd) == 1;
	else if (text)
		warning("原网站的 heads/latest.json 无效：%s", perr ? perr : "");
	if (kd.msg)
		warning("%s", kd.msg);
	op_diag_release(&kd);
	free(perr);
	free(text);
	int rc = 0;
	if (site->head)
		rc = add_proofs(ctx, site, o, head->seq, head->root, have_prev ? &prev : NULL);
	else if (have_prev && prev.version >= 2)
		rc = add_proofs(ctx, site, o, prev.seq, prev.root, NULL);
	else
		warning("没有可用的签名链头：本次网站上的检查结果和抽取没有审计证明");
	audit_head_release(&prev);
	return rc;
}

int cmd_publish(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"out", required_argument, 0, 'o'}, {0, 0, 0, 0}};
	const char *out = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		if (c != 'o')
			die_usage("%s", usage_text);
		out = optarg;
	}
	if (!out || !*out || optind != argc)
		die_usage("%s", usage_text);
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct store *st = s->st;
	struct op_diag d = OP_DIAG_INIT;
	/* the role first: neither the key file nor the database is read for an operator who may not */
	if (op_authorize(s, ACT_SITE_PUBLISH, 0, NULL, &d))
		return ctx_fail(&d);
	/* the announcements and packages go out signed, so that verifiers, which fail closed, accept them */
	struct sign_key *key = NULL;
	struct op_public pub = {0};
	char *err = NULL;
	int rc = 1;
	long key_id;
	char key_pub[65];
	int has_key = op_key_current(st, &key_id, key_pub, &d);
	if (has_key < 0)
		return ctx_fail(&d);
	char *key_path = ctx_key_path(ctx);
	if (has_key && access(key_path, F_OK) == 0) {
		if (!(key = ctx_sign_key(ctx))) {
			free(key_path);
			return 1;
		}
	} else {
		warning("%s：网站上的抽取公告和抽取包未签名，核验者须加 --unsigned-ok",
			has_key ? "没有私钥文件" : "本单位没有登记签名密钥");
	}
	free(key_path);
	/* what is public, as the live portal (/public/api/) serves it too: op/public-record.h */
	if (op_site_gather(s, key, &pub, &d)) {
		ctx_fail(&d);
		goto done;
	}
	/* the signed head of the audit chain goes on the site beside every head published before */
	struct audit_head head = {0};
	char *head_text = NULL;
	if (key) {
		if (!(head_text = audit_signed_head(ctx, ACT_SITE_PUBLISH, &head))) {
			audit_head_release(&head);
			goto done;
		}
		pub.site.head = head_text;
		pub.site.head_seq = head.seq;
		pub.site.head_root = head.root;
	} else {
		warning("没有签名私钥：本次未公开审计链头（heads/ 中以前公开的链头保留）");
	}
	struct proofs proofs = {0};
	long files = -1;
	if (!site_proofs(ctx, st, out, &pub.site, &head, &proofs))
		files = publish_site(out, &pub.site, &err);
	else
		err = xstrdup("未能生成审计证明");
	free(head_text);
	audit_head_release(&head);
	for (size_t i = 0; i < proofs.n; i++)
		free(proofs.owned[i]);
	free(proofs.owned);
	if (files < 0) {
		error("%s", err);
		goto done;
	}
	printf("已生成公开网站 %s/index.html：检查结果 %zu 条，抽取 %zu 次，行政处罚 %zu 条，共 %ld 个文件\n",
	       out, pub.site.nrecords, pub.site.ndraws, pub.site.npenalties, files);
	printf("平台报送文件在 "
	       "%s/platform/（国家企业信用信息公示系统、河南省生态环境执法一体化平台、信用信息）\n",
	       out);
	rc = 0;
done:
	sign_key_free(key);
	free(err);
	op_public_release(&pub);
	return rc;
}
