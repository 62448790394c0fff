/*
 * This file implements "suiji audit": the tamper-evident record (docs/SECURITY.md).
 *
 *   suiji audit verify [--head 序号:哈希 | --head 链头.json]
 *       walks the chain and re-hashes the rows behind every subject's newest entry (store/audit.h);
 *       with --head, also checks that the chain still holds a head published earlier. Exit 0 when
 *       everything holds, 1 naming the first broken entry or the first row that differs.
 *   suiji audit head [--json] [-o 文件]
 *       the newest entry's number and hash, signed with the bureau's key when the key file is here:
 *       what the bureau publishes or hands to oversight.
 *   suiji audit log [--limit N]
 *       the newest entries (default 20).
 *
 * The signed head is the JSON object {"hash","org","protocol":"suiji-audit-head-v1","seq"} with a
 * member "signature": {"alg":"Ed25519","public_key":hex,"value":hex}, the value signing the canonical
 * JSON (docs/DRAW.md, "Encodings") of the object without "signature" — the rule of draw packages.
 */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "op/authz.h"
#include "core/sign.h"
#include "io/infile.h"
#include "io/outfile.h"
#include "store/audit.h"
#include "store/org.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] = "suiji audit verify [--head 序号:哈希|链头.json]\n"
				 "       suiji audit head [--json] [-o 文件]\n"
				 "       suiji audit log [--limit N]";

#define HEAD_PROTOCOL "suiji-audit-head-v1"

/* Appends "s" as a canonical JSON string: quotes, with only '"' and '\' escaped. */
static void cj_string(struct strbuf *sb, const char *s)
{
	strbuf_addc(sb, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			strbuf_addc(sb, '\\');
		strbuf_addc(sb, *s);
	}
	strbuf_addc(sb, '"');
}

/* The signed part of a head, in canonical JSON (keys in byte order). */
static void head_message(struct strbuf *sb, const char *hash, const char *org, long seq)
{
	strbuf_adds(sb, "{\"hash\":");
	cj_string(sb, hash);
	strbuf_adds(sb, ",\"org\":");
	cj_string(sb, org);
	strbuf_addf(sb, ",\"protocol\":\"" HEAD_PROTOCOL "\",\"seq\":%ld}", seq);
}

/* The organisation's name, for heads; -1 after printing. */
static int org_name(struct store *st, struct org *o)
{
	char *err = NULL;
	int has = store_org_get(st, o, &err);
	if (has != 1) {
		error("%s", has < 0 ? err : "数据库尚未初始化，请先运行 suiji init");
		free(err);
		return -1;
	}
	return 0;
}

static int audit_head(struct ctx *ctx, int json, const char *out)
{
	struct store *st = ctx_store(ctx, 0);
	if (ctx_require(ctx, ACT_AUDIT_SIGN))
		return 1;
	struct org o;
	if (!st || org_name(st, &o))
		return 1;
	char hash[65], *err = NULL;
	long seq;
	if (store_audit_head(st, hash, &seq, &err)) {
		error("%s", err);
		free(err);
		return 1;
	}
	struct strbuf msg = STRBUF_INIT, text = STRBUF_INIT;
	head_message(&msg, hash, o.name, seq);

	/* signed when this machine holds the key; a head without signature is still worth publishing */
	long key_id;
	char pub[65], sig[129] = "";
	struct sign_key *k = NULL;
	if (store_key_current(st, &key_id, pub, &err) == 1) {
		char *path = ctx_key_path(ctx);
		FILE *probe = fopen(path, "r");
		if (probe) {
			fclose(probe);
			k = ctx_sign_key(ctx);
			if (!k) {
				free(path);
				strbuf_release(&msg);
				return 1;
			}
		} else {
			warning("没有私钥文件 %s：链头未签名", path);
		}
		free(path);
	} else {
		warning("数据库没有登记签名密钥：链头未签名（可运行 suiji key create）");
	}
	free(err);
	if (k) {
		sign_bytes_hex(k, msg.buf, msg.len, sig);
		sign_key_free(k);
	}

	if (json) {
		strbuf_add(&text, msg.buf, msg.len - 1); /* without the closing brace */
		if (*sig)
			strbuf_addf(
			    &text,
			    ",\"signature\":{\"alg\":\"Ed25519\",\"public_key\":\"%s\",\"value\":\"%s\"}",
			    pub, sig);
		strbuf_adds(&text, "}\n");
	} else {
		strbuf_addf(&text, "单位: %s\n序号: %ld\n哈希: %s\n", o.name, seq, hash);
		if (*sig)
			strbuf_addf(&text, "公钥: %s\n签名: %s\n", pub, sig);
	}
	int rc = 0;
	if (out) {
		char *werr = NULL;
		if (outfile_write(out, text.buf, text.len, 0644, &werr))
			rc = error("%s", werr);
		else
			printf("审计链头（第 %ld 条）已写入 %s%s\n", seq, out, *sig ? "，已签名" : "");
		free(werr);
	} else {
		fputs(text.buf, stdout);
	}
	strbuf_release(&msg);
	strbuf_release(&text);
	return rc ? 1 : 0;
}

/* A string member of a JSON object, or NULL. */
static const char *jstr(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/*
 * Reads a head given to --head: "序号:哈希", or a file written by "audit head --json" whose signature
 * must verify with one of the bureau's registered keys. 0 with *seq and hash filled, or -1 printed.
 */
static int read_head(struct store *st, const char *arg, long *seq, char hash[65])
{
	const char *colon = strchr(arg, ':');
	char num[24];
	size_t nl = colon ? (size_t)(colon - arg) : 0;
	if (nl && nl < sizeof(num))
		memcpy(num, arg, nl), num[nl] = 0;
	if (nl && nl < sizeof(num) && (*seq = parse_id(num)) && strlen(colon + 1) == 64 &&
	    strspn(colon + 1, "0123456789abcdef") == 64) {
		snprintf(hash, 65, "%s", colon + 1);
		return 0;
	}
	json_error_t je;
	char *why = NULL;
	FILE *hf = infile_open(arg, INFILE_MAX_SMALL, NULL, &why);
	if (!hf) {
		error("--head: %s", why);
		free(why);
		return -1;
	}
	json_t *head = json_loadf(hf, JSON_REJECT_DUPLICATES, &je);
	fclose(hf);
	if (!head)
		return error("--head 应为“序号:哈希”或 suiji audit head --json 写出的文件；%s: %s（第%d行）",
			     arg, je.text, je.line);
	int rc = -1;
	const json_t *sig = json_object_get(head, "signature");
	const char *h = jstr(head, "hash"), *org = jstr(head, "org"), *proto = jstr(head, "protocol");
	json_t *jseq = json_object_get(head, "seq");
	if (!h || !org || !proto || strcmp(proto, HEAD_PROTOCOL) || !json_is_integer(jseq)) {
		error("%s 不是审计链头文件（缺少 hash、org、seq 或 protocol 不是 " HEAD_PROTOCOL "）", arg);
		goto out;
	}
	*seq = (long)json_integer_value(jseq);
	snprintf(hash, 65, "%s", h);
	if (!sig) {
		warning("%s 没有签名：只核对序号与哈希", arg);
		rc = 0;
		goto out;
	}
	const char *pub = jstr(sig, "public_key"), *value = jstr(sig, "value"), *alg = jstr(sig, "alg");
	if (!pub || !value || !alg || strcmp(alg, "Ed25519")) {
		error("%s 的签名不完整（需要 alg Ed25519、public_key、value）", arg);
		goto out;
	}
	struct strbuf msg = STRBUF_INIT;
	char *err = NULL;
	head_message(&msg, h, org, *seq);
	int ok = sign_verify_hex(pub, msg.buf, msg.len, value, &err);
	strbuf_release(&msg);
	if (ok <= 0) {
		error("%s 的签名%s", arg, ok < 0 ? err : "无效：链头内容与签名不符");
		free(err);
		goto out;
	}
	int known = store_key_known(st, pub, &err);
	if (known <= 0) {
		error("%s", known < 0 ? err : "链头的签名公钥不是本数据库登记的本单位密钥");
		free(err);
		goto out;
	}
	printf("链头文件签名有效（%s，第 %ld 条）\n", org, *seq);
	rc = 0;
out:
	json_decref(head);
	return rc;
}

static int audit_verify(struct ctx *ctx, const char *head)
{
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_AUDIT_READ))
		return 1;
	long want_seq = 0;
	char want_hash[65];
	if (head && read_head(st, head, &want_seq, want_hash))
		return 1;
	struct audit_report r;
	char *err = NULL;
	int rc = store_audit_verify(st, &r, &err);
	if (rc < 0) {
		error("%s", err);
		free(err);
		return 1;
	}
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
		char have[65];
		if (want_seq > r.head_seq) {
			printf("审计核验未通过\n");
			return error("审计链只有 %ld 条，少于所给链头的第 %ld "
				     "条：其后的记录已丢失（恢复了旧备份，或被改写）",
				     r.head_seq, want_seq),
			       1;
		}
		if (want_seq < 1 || store_audit_entry_hash(st, want_seq, have, &err) != 1 ||
		    strcmp(have, want_hash)) {
			printf("审计核验未通过\n");
			error("第 %ld 条审计记录的哈希与所给链头不符：审计链在此之前被改写%s%s", want_seq,
			      err ? "：" : "", err ? err : "");
			free(err);
			return 1;
		}
		printf("所给链头（第 %ld 条）仍在链中\n", want_seq);
	}
	printf("核验通过\n");
	return 0;
}

static int print_entry(const struct audit_entry *e, void *arg)
{
	printf("%6ld  %s  %-8s  %-18s  %-12s  %.16s…\n", e->seq, e->at, e->actor, e->action, e->subject,
	       e->hash);
	return 0;
}

static int audit_log(struct ctx *ctx, long limit)
{
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_AUDIT_READ))
		return 1;
	char *err = NULL;
	printf("%6s  %-25s  %-8s  %-18s  %-12s  %s\n", "序号", "时间", "操作人", "操作", "对象", "哈希");
	if (store_audit_each(st, limit, print_entry, NULL, &err)) {
		error("%s", err);
		free(err);
		return 1;
	}
	return 0;
}

int cmd_audit(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"head", required_argument, 0, 'h'},
	    {"json", no_argument, 0, 'j'},
	    {"output", required_argument, 0, 'o'},
	    {"limit", required_argument, 0, 'n'},
	    {0, 0, 0, 0},
	};
	const char *head = NULL, *out = NULL;
	int json = 0, c;
	long limit = 20;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'h':
			head = optarg;
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
	if (!strcmp(sub, "verify") && !json && !out)
		return audit_verify(ctx, head);
	if (!strcmp(sub, "head") && !head)
		return audit_head(ctx, json, out);
	if (!strcmp(sub, "log") && !head && !json && !out)
		return audit_log(ctx, limit);
	die_usage("%s", usage_text);
}
