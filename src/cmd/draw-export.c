/*
 * This file implements "suiji draw export": without --reveal, the announcement document that may be
 * published at T0 (protocol, announcement, inputs); with --reveal, the whole package of docs/DRAW.md
 * (the salt and beacon, the result) that anyone can verify. The reveal is refused while any of the
 * draw's inspections is still to be made, unless forced with a reason, which is recorded. The
 * stored frame is checked against the announced inputs_hash before it goes out, and the document is
 * written as canonical text around it (draw-package.c).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/authz.h"
#include "cmd/draw-cmd.h"
#include "core/cj.h"
#include "io/outfile.h"
#include "core/draw.h"
#include "core/hash.h"
#include "core/sign.h"
#include "store/org.h"
#include "store/audit.h"
#include "store/draw.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct export_state {
	struct ctx *ctx;
	const char *out;
	int reveal, force;
	const char *reason;
	int rc;
};

static int write_text(const char *path, const struct strbuf *doc)
{
	char *err = NULL;
	struct outfile *o = outfile_open(path, 0644, &err);
	if (o && (fwrite(doc->buf, 1, doc->len, outfile_fp(o)) != doc->len || fputc('\n', outfile_fp(o)) == EOF)) {
		outfile_abort(o);
		o = NULL;
		err = xasprintf("写入 %s 失败: %s（原有文件未改动）", path, errno_zh(errno));
	}
	if (!o || outfile_commit(o, &err)) {
		error("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

/*
 * Signs "doc" with the bureau's key when one is registered (docs/SECURITY.md); without a registered
 * key the document goes out unsigned, with a warning. 0, or 1 after printing an error.
 */
static int sign_document(struct ctx *ctx, struct strbuf *doc)
{
	long id;
	char pub[65], *err = NULL;
	int has = store_key_current(ctx->store, &id, pub, &err);
	if (has <= 0) {
		if (has < 0)
			error("%s", err);
		else
			warning("本单位没有登记签名密钥（suiji key create），导出的文件未签名");
		free(err);
		return has < 0;
	}
	struct sign_key *k = ctx_sign_key(ctx);
	if (!k)
		return 1;
	draw_document_sign(doc, k);
	sign_key_free(k);
	return 0;
}

static int export_one(const struct draw_row *d, void *arg)
{
	struct export_state *es = arg;
	struct store *st = es->ctx->store;
	char *err = NULL, *inputs = NULL;
	size_t len = 0;
	struct strbuf doc = STRBUF_INIT;
	es->rc = 1;
	if (draw_inputs_text(st, d, &inputs, &len, &err)) {
		error("%s", err);
		goto out;
	}
	if (!es->reveal) {
		if (draw_document(d, inputs, len, 0, &doc, &err)) {
			error("%s", err);
			goto out;
		}
		if (!sign_document(es->ctx, &doc) && !write_text(es->out, &doc)) {
			printf("已导出第 %ld 号抽取的公告（不含盐值和结果）到 %s\n", d->id, es->out);
			es->rc = 0;
		}
		goto out;
	}
	if (!strcmp(d->state, "announced") || !strcmp(d->state, "void")) {
		error("第 %ld 号抽取%s，没有可揭示的结果", d->id, !strcmp(d->state, "void") ? "已作废" : "尚未运行");
		goto out;
	}
	long open = draw_open_tasks(st, d->id);
	if (open < 0)
		goto out;
	if (open && !es->force) {
		error("第 %ld 号抽取尚有 %ld 项检查任务待检查：检查完成前不得揭示盐值（确需提前揭示，用 --force --reason 说明理由）",
		      d->id, open);
		goto out;
	}
	if (open && (!es->reason || !*es->reason)) {
		error("提前揭示须用 --reason 说明理由（将记入审计记录）");
		goto out;
	}
	if (draw_document(d, inputs, len, 1, &doc, &err)) {
		error("%s", err);
		goto out;
	}
	if (strcmp(d->state, "revealed")) {
		char now[26], subject[32];
		clock_now(now);
		snprintf(subject, sizeof(subject), "draw:%ld", d->id);
		if (store_begin(st, &err) ||
		    store_draw_set_state(st, d->id, "revealed", now, open ? es->reason : NULL, &err) ||
		    store_audit_record(st, now, es->ctx->actor, open ? "draw reveal forced" : "draw reveal", subject,
				       &err) ||
		    store_commit(st, &err)) {
			store_rollback(st);
			error("%s", err);
			goto out;
		}
	}
	if (!sign_document(es->ctx, &doc) && !write_text(es->out, &doc)) {
		printf("已导出第 %ld 号抽取的完整抽取包（含盐值）到 %s；任何人可用 suiji verify 或 tools/verify.py 核验\n", d->id,
		       es->out);
		es->rc = 0;
	}
out:
	free(err);
	free(inputs);
	strbuf_release(&doc);
	return 0;
}

int draw_export(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{"output", required_argument, 0, 'o'}, {"reveal", no_argument, 0, 'R'},
		{"force", no_argument, 0, 'f'},       {"reason", required_argument, 0, 'r'},
		{0, 0, 0, 0},
	};
	struct export_state es = {.ctx = ctx, .rc = 1};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'o': es.out = optarg; break;
		case 'R': es.reveal = 1; break;
		case 'f': es.force = 1; break;
		case 'r': es.reason = optarg; break;
		default: die_usage("suiji draw export 抽取号 -o 文件.json [--reveal [--force --reason 理由]]");
		}
	}
	if (!es.out || argc - optind != 1 || (es.force && !es.reveal))
		die_usage("suiji draw export 抽取号 -o 文件.json [--reveal [--force --reason 理由]]");
	long id = draw_parse_id(argv[optind]);
	if (!ctx_store(ctx, 0) || (es.reveal && authz_require(ctx, "draw.reveal", NULL)))
		return 1;
	if (draw_with(ctx, id, export_one, &es))
		return 1;
	return es.rc;
}
