/*
 * This file implements "suiji audit": the tamper-evident record (docs/SECURITY.md).
 *
 *   suiji audit verify [--head 链头.json [--key 本局公钥.pem] | --head 序号:哈希]
 *       walks the chain and re-hashes the rows behind every subject's newest entry (store/audit.h);
 *       with --head, also checks that the chain still holds a head published earlier: the hash of its
 *       last entry and the Merkle root of its entries. The head must be signed: by the key given with
 *       --key (from outside the database), or else by one the database registers (with a warning).
 *       Exit 0 when everything holds, 1 naming the first broken entry or the first row that differs.
 *   suiji audit head [--json] [-o 文件]
 *       the signed tree head (core/audit-head.h): size, last entry's hash, Merkle root, time, signed
 *       with the bureau's key; refused without the key. What the bureau publishes or hands to oversight.
 *   suiji audit prove --entry N [--head 链头.json] | --from 链头1.json|条数 --to 链头2.json
 *       an inclusion proof of entry N in a head's tree, or a consistency proof between two heads
 *       (RFC 6962/9162, core/merkle.h), as JSON that tools/audit_proof.py checks independently.
 *   suiji audit prove --subject task:N|draw:N [--head 链头.json]
 *       the proofs of a public record (op/public-proof.h): what the public site and portal carry.
 *   suiji audit log [--limit N]
 *       the newest entries (default 20).
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/audit-head.h"
#include "core/cj.h"
#include "core/hash.h"
#include "core/merkle.h"
#include "core/parse.h"
#include "core/sign.h"
#include "io/infile.h"
#include "io/outfile.h"
#include "op/authz.h"
#include "op/public-proof.h"
#include "op/audit.h"
#include "op/key.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "suiji audit verify [--head 链头.json [--key 本局公钥.pem|十六进制] | --head 序号:哈希]\n"
    "       suiji audit head [--json] [-o 文件]\n"
    "       suiji audit prove --entry 序号 [--head 链头.json] [-o 文件]\n"
    "       suiji audit prove --from 链头1.json|条数 --to 链头2.json [-o 文件]\n"
    "       suiji audit prove --subject task:任务编号|draw:抽取编号 [--head 链头.json] [-o 文件]\n"
    "       suiji audit log [--limit N]";

#define PROOF_PROTOCOL "suiji-audit-proof-v1"

/*
 * The signed head of the chain as it is now (op_audit_head): JSON text, or NULL after printing. "why" is
 * ACT_AUDIT_SIGN for "audit head", ACT_SITE_PUBLISH for the head publish puts on the site. There are
 * no unsigned heads: refused without the bureau's key.
 */
char *audit_signed_head(struct ctx *ctx, int why, struct audit_head *h)
{
	memset(h, 0, sizeof(*h));
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return NULL;
	struct op_diag d = OP_DIAG_INIT;
	char *text = NULL;
	/* the role is asked before the private key file is read */
	if (op_authorize(s, (enum op_action)why, 0, NULL, &d)) {
		ctx_fail(&d);
		return NULL;
	}
	struct sign_key *k = ctx_sign_key(ctx);
	if (k && op_audit_head(s, (enum op_action)why, k, h, &text, &d))
		ctx_fail(&d);
	sign_key_free(k);
	return text;
}

static int audit_head(struct ctx *ctx, int json, const char *out)
{
	struct audit_head h;
	char *head = audit_signed_head(ctx, ACT_AUDIT_SIGN, &h);
	if (!head) {
		audit_head_release(&h);
		return 1;
	}
	struct strbuf text = STRBUF_INIT;
	if (json) {
		strbuf_adds(&text, head);
	} else {
		char fp[40];
		sign_fingerprint(h.pub, fp);
		const char *sig = strstr(head, "\"value\":\"");
		strbuf_addf(&text,
			    "单位: %s\n序号: %ld\n哈希: %s\n默克尔树根: %s\n时间: %s\n公钥: %s\n公钥指纹: "
			    "%s\n签名: %.128s\n",
			    h.org, h.seq, h.hash, h.root, h.time, h.pub, fp, sig ? sig + 9 : "");
	}
	int rc = 0;
	if (out) {
		char *werr = NULL;
		if (outfile_write(out, text.buf, text.len, 0644, &werr))
			rc = error("%s", werr);
		else
			printf("审计链头（第 %ld 条）已写入 %s，已签名\n", h.seq, out);
		free(werr);
	} else {
		fputs(text.buf, stdout);
	}
	free(head);
	audit_head_release(&h);
	strbuf_release(&text);
	return rc ? 1 : 0;
}

/*
 * Reads a signed head file and checks who signed it: with "key" (a PEM file or hex from outside the
 * database) the signature must be by that key; without, by a key registered in the database, with a
 * warning that such a check is only as good as the database. 0, or -1 after printing.
 */
static int read_head_file(struct ctx *ctx, const char *arg, const char *key, struct audit_head *h, FILE *say)
{
	struct strbuf sb = STRBUF_INIT;
	memset(h, 0, sizeof(*h));
	if (read_file(arg, &sb)) {
		strbuf_release(&sb);
		return -1;
	}
	char *err = NULL;
	int rc = audit_head_parse(strbuf_str(&sb), sb.len, h, &err);
	strbuf_release(&sb);
	if (rc) {
		error("%s: %s", arg, err);
		free(err);
		return -1;
	}
	char fp[40];
	sign_fingerprint(h->pub, fp);
	if (key) {
		char want[65];
		if (load_public(key, want))
			return -1;
		if (strcmp(want, h->pub)) {
			char wfp[40];
			sign_fingerprint(want, wfp);
			return error("%s 不是所给公钥（指纹 %s）签名的：签名公钥的指纹为 %s，拒绝核对", arg,
				     wfp, fp);
		}
	} else {
		struct op_diag d = OP_DIAG_INIT;
		struct store *st = ctx_store(ctx, 0);
		int known = st ? op_key_known(st, h->pub, &d) : -1;
		if (known < 0)
			return st ? -ctx_fail(&d) : -1;
		if (!known)
			return error("链头的签名公钥不是本数据库登记的本单位密钥");
		warning("未给 --key：签名公钥取自被核验的数据库本身；请用 --key 指定监督部门保存的本局公钥");
	}
	fprintf(say, "链头文件签名有效（%s，第 %ld 条，公钥指纹 %s）\n", h->org, h->seq, fp);
	return 0;
}

/*
 * Reads a head given to --head: "序号:哈希", or a signed head file. 0 with *seq, hash (and root for a
 * version 2 head, else "") filled, or -1 printed.
 */
static int read_head(struct ctx *ctx, const char *arg, const char *key, long *seq, char hash[65],
		     char root[65])
{
	const char *colon = strchr(arg, ':');
	char num[24];
	size_t nl = colon ? (size_t)(colon - arg) : 0;
	root[0] = '\0';
	if (nl && nl < sizeof(num))
		memcpy(num, arg, nl), num[nl] = 0;
	if (nl && nl < sizeof(num) && (*seq = parse_id(num)) && strlen(colon + 1) == 64 &&
	    strspn(colon + 1, "0123456789abcdef") == 64) {
		if (key)
			return error("--key 只用于链头文件（“序号:哈希”没有签名）");
		snprintf(hash, 65, "%s", colon + 1);
		return 0;
	}
	struct audit_head h;
	int rc = read_head_file(ctx, arg, key, &h, stdout);
	if (!rc) {
		*seq = h.seq;
		snprintf(hash, 65, "%s", h.hash);
		snprintf(root, 65, "%s", h.root);
	}
	audit_head_release(&h);
	return rc;
}

static int audit_verify(struct ctx *ctx, const char *head, const char *key)
{
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	long want_seq = 0;
	char want_hash[65], want_root[65];
	/* the role first: nothing is read for an operator who may not */
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, &d))
		return ctx_fail(&d);
	if (head && read_head(ctx, head, key, &want_seq, want_hash, want_root))
		return 1;
	struct audit_report r;
	int rc = op_audit_verify(s, &r, &d);
	if (rc < 0)
		return ctx_fail(&d);
	printf("审计链: 共 %ld 条记录", r.entries);
	if (r.head_seq)
		printf("，链头第 %ld 条 %s", r.head_seq, r.head_hash);
	printf("\n");
	if (rc) {
		printf("审计核验未通过\n");
		error("%s", r.problem);
		audit_report_release(&r);
		return 1;
	}
	printf("已核对 %ld 个对象的现有数据与其最新审计记录一致\n", r.subjects);
	if (r.unchecked)
		warning("另有 %ld 个对象的类型尚未登记核对方法，只核对了审计记录本身，未核对其数据: %s",
			r.unchecked_subjects, r.unchecked);
	audit_report_release(&r);
	if (head) {
		char *problem = NULL;
		int held = op_audit_holds(s, want_seq, want_hash, want_root, &problem, &d);
		if (held < 0)
			return ctx_fail(&d);
		if (held) {
			printf("审计核验未通过\n");
			error("%s", problem);
			free(problem);
			return 1;
		}
		printf("所给链头（第 %ld 条%s）仍在链中\n", want_seq, *want_root ? "，默克尔树根相符" : "");
	}
	printf("核验通过\n");
	return 0;
}

/* Writes a proof (JSON) to "out" or standard output; 0 or 1. */
static int put_proof(json_t *o, const char *out, const char *what)
{
	char *err = NULL;
	size_t len;
	char *text = cj_dump(o, &len, &err);
	json_decref(o);
	if (!text) {
		error("%s", err);
		free(err);
		return 1;
	}
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\n", text);
	free(text);
	int rc = 0;
	if (out) {
		if (outfile_write(out, sb.buf, sb.len, 0644, &err))
			rc = error("%s", err);
		else
			printf("%s已写入 %s\n", what, out);
		free(err);
	} else {
		fputs(sb.buf, stdout);
	}
	strbuf_release(&sb);
	return rc ? 1 : 0;
}

/*
 * The tree a head file names, for a proof: its size and Merkle root. 0, or 1 after saying why (the
 * file is unreadable or not signed by the key, or is a v1 head, which names no root).
 */
static int head_tree(struct ctx *ctx, const char *file, const char *key, long *size, char root[65])
{
	struct audit_head h;
	if (read_head_file(ctx, file, key, &h, stderr)) {
		audit_head_release(&h);
		return 1;
	}
	*size = h.seq;
	snprintf(root, 65, "%s", h.root);
	int v = h.version;
	audit_head_release(&h);
	if (v < 2)
		return error("%s 是旧格式（" AUDIT_HEAD_V1 "）的链头，没有默克尔树根，不能用于证明", file);
	return 0;
}

/*
 * suiji audit prove --entry N [--head FILE]: the inclusion proof of entry N in the tree of the head
 * (default: the chain as it is now); --from A --to B: the consistency proof between two heads (A may
 * be a number of entries). The roots the heads name must be the roots of this chain: otherwise the
 * chain was rewritten after the head and no proof is given (op/audit.h).
 */
static int audit_prove(struct ctx *ctx, long entry, const char *head, const char *from, const char *to,
		       const char *key, const char *out)
{
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, &d))
		return ctx_fail(&d);
	long size = 0, first = 0;
	char want_root[65] = "", first_root[65] = "";
	if ((head || to) && head_tree(ctx, head ? head : to, key, &size, want_root))
		return 1;
	if (from && !(first = parse_id(from)) && head_tree(ctx, from, key, &first, first_root))
		return 1;
	if (from && size && first > size)
		return error("--from 的链头（%ld 条）比 --to 的链头（%ld 条）还长", first, size);
	json_t *o = NULL;
	if (from ? op_audit_prove_consistency(s, first, first_root, size, want_root, &o, &d)
		 : op_audit_prove_entry(s, entry, size, want_root, &o, &d))
		return ctx_fail(&d);
	return put_proof(o, out, from ? "一致性证明" : "包含证明");
}

/*
 * suiji audit prove --subject task:N|draw:N [--head FILE]: the proofs of a public record
 * (op/public-proof.h) in the tree of the head (default: the chain as it is now), refused when the
 * chain no longer has the head's root.
 */
static int audit_prove_subject(struct ctx *ctx, const char *subject, const char *head, const char *key,
			       const char *out)
{
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	long size = 0;
	char want_root[65] = "";
	if (head && head_tree(ctx, head, key, &size, want_root))
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	json_t *o = NULL;
	if (op_public_proof(s, subject, size, &o, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	const char *root = json_string_value(json_object_get(o, "root"));
	if (*want_root && (!root || strcmp(root, want_root))) {
		json_decref(o);
		return error(
		    "前 %ld 条审计记录的默克尔树根与链头 %s 不符：审计链在该链头之后被改写，不能给出证明",
		    size, head);
	}
	if (!json_array_size(json_object_get(o, "proofs"))) {
		json_decref(o);
		return error("%s 的审计记录都在链头（共 %ld 条）之后，没有可给出的证明", subject, size);
	}
	return put_proof(o, out, "审计证明");
}

static int print_entry(const struct audit_entry *e, void *arg)
{
	printf("%6ld  %s  %-8s  %-18s  %-12s  %.16s…\n", e->seq, e->at, e->actor, e->action, e->subject,
	       e->hash);
	return 0;
}

static int audit_log(struct ctx *ctx, long limit)
{
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, &d))
		return ctx_fail(&d);
	printf("%6s  %-25s  %-8s  %-18s  %-12s  %s\n", "序号", "时间", "操作人", "操作", "对象", "哈希");
	return op_audit_entries(s, limit, print_entry, NULL, &d) ? ctx_fail(&d) : 0;
}

int cmd_audit(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"head", required_argument, 0, 'h'},  {"key", required_argument, 0, 'k'},
	    {"entry", required_argument, 0, 'e'}, {"from", required_argument, 0, 'f'},
	    {"to", required_argument, 0, 't'},	  {"subject", required_argument, 0, 's'},
	    {"json", no_argument, 0, 'j'},	  {"output", required_argument, 0, 'o'},
	    {"limit", required_argument, 0, 'n'}, {0, 0, 0, 0},
	};
	const char *head = NULL, *out = NULL, *key = NULL, *from = NULL, *to = NULL, *subject = NULL;
	int json = 0, c;
	long limit = 20, entry = 0;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'h':
			head = optarg;
			break;
		case 'k':
			key = optarg;
			break;
		case 'e':
			if (!(entry = parse_id(optarg)))
				die_usage("--entry 应为审计记录的序号（正整数）");
			break;
		case 'f':
			from = optarg;
			break;
		case 't':
			to = optarg;
			break;
		case 's':
			subject = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'o':
			out = optarg;
			break;
		case 'n':
			if (parse_long(optarg, 0, 1000000000L, &limit))
				die_usage("--limit 应为非负整数（0 表示全部）");
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1)
		die_usage("%s", usage_text);
	const char *sub = argv[optind];
	int prove_opts = entry || from || to || subject;
	if (!strcmp(sub, "verify") && !json && !out && !prove_opts && (!key || head))
		return audit_verify(ctx, head, key);
	if (!strcmp(sub, "head") && !head && !key && !prove_opts)
		return audit_head(ctx, json, out);
	if (!strcmp(sub, "prove") && !json && subject && !entry && !from && !to)
		return audit_prove_subject(ctx, subject, head, key, out);
	if (!strcmp(sub, "prove") && !json && !subject &&
	    ((entry && !from && !to) || (!entry && !head && from && to)))
		return audit_prove(ctx, entry, head, from, to, key, out);
	if (!strcmp(sub, "log") && !head && !json && !out && !key && !prove_opts)
		return audit_log(ctx, limit);
	die_usage("%s", usage_text);
}
