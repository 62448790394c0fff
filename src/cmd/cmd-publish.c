/*
 * This file implements "suiji publish --out 目录": the public site of Article 9 and the files for the
 * platforms, from what has been published (suiji disclosure publish) — each record as it was frozen
 * when published — plus the draw announcements and revealed draw packages. Withheld results never
 * appear: only decisions "公开" are read. What is public is gathered by op/public-record.c — the same
 * functions the live portal of `suiji serve` (/public/api/) is built from; the writing itself is
 * io/publish.c; docs/DISCLOSURE.md describes the files.
 */
#include <getopt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>

#include "cmd/authz.h"
#include "cmd/cmd.h"
#include "core/audit-head.h"
#include "core/sign.h"
#include "io/publish.h"
#include "op/public-record.h"
#include "store/org.h"
#include "util/error.h"

static const char usage_text[] = "用法: suiji publish --out 目录";

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
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (authz_require(ctx, "site.publish", NULL))
		return 1;
	/* the announcements and packages go out signed, so that verifiers, which fail closed, accept them */
	struct sign_key *key = NULL;
	struct op_public pub = {0};
	struct op_diag d = OP_DIAG_INIT;
	char *err = NULL;
	int rc = 1;
	long key_id;
	char key_pub[65];
	int has_key = store_key_current(st, &key_id, key_pub, &err);
	if (has_key < 0) {
		error("%s", err);
		free(err);
		return 1;
	}
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
	if (op_public_gather(st, key,
			     OP_PUBLIC_RECORDS | OP_PUBLIC_PLATFORM | OP_PUBLIC_PENALTIES | OP_PUBLIC_DRAWS |
				 OP_PUBLIC_DOCUMENTS,
			     &pub, &d)) {
		ctx_fail(&d);
		goto done;
	}
	/* the signed head of the audit chain goes on the site beside every head published before */
	struct audit_head head = {0};
	char *head_text = NULL;
	if (key) {
		if (!(head_text = audit_signed_head(ctx, st, &head))) {
			audit_head_release(&head);
			goto done;
		}
		pub.site.head = head_text;
		pub.site.head_seq = head.seq;
		pub.site.head_root = head.root;
	} else {
		warning("没有签名私钥：本次未公开审计链头（heads/ 中以前公开的链头保留）");
	}
	long files = publish_site(out, &pub.site, &err);
	free(head_text);
	audit_head_release(&head);
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
