/*
 * This file implements "suiji draw export": without --reveal, the announcement document that may be
 * published at T0 (protocol, announcement, inputs); with --reveal, the whole package of docs/DRAW.md
 * (the salt and beacon, the result) that anyone can verify. The reveal is refused while any of the
 * draw's inspections is still to be made, unless forced with a reason, which is recorded. The
 * stored frame is checked against the announced inputs_hash before it goes out (draw_inputs_load).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/authz.h"
#include "cmd/draw-cmd.h"
#include "core/cj.h"
#include "core/draw.h"
#include "core/hash.h"
#include "core/sign.h"
#include "store/org.h"
#include "store/audit.h"
#include "store/draw.h"
#include "util/clock.h"
#include "util/error.h"

struct export_state {
	struct ctx *ctx;
	const char *out;
	int reveal, force;
	const char *reason;
	int rc;
};

static int write_json(const char *path, json_t *doc)
{
	FILE *f = fopen(path, "wb");
	if (!f)
		return error("无法写入 %s: %s", path, strerror(errno));
	int bad = json_dumpf(doc, f, JSON_INDENT(1) | JSON_SORT_KEYS) != 0;
	fputc('\n', f);
	bad |= fclose(f) != 0;
	return bad ? error("写入 %s 失败", path) : 0;
}

/*
 * Signs "doc" with the bureau's key when one is registered (docs/SECURITY.md); without a registered
 * key the document goes out unsigned, with a warning. 0, or 1 after printing an error.
 */
static int sign_document(struct ctx *ctx, json_t *doc)
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
	int rc = sign_json(doc, k, &err);
	sign_key_free(k);
	if (rc) {
		error("%s", err);
		free(err);
		return 1;
	}
	return 0;
}

json_t *draw_inputs_load(struct store *st, const struct draw_row *d, char **err)
{
	char *text, hex[65];
	size_t len;
	int rc = store_draw_inputs(st, d->id, &text, &len, err);
	if (rc) {
		if (rc > 0)
			set_err(err, "没有编号为 %ld 的抽取", d->id);
		return NULL;
	}
	json_t *inputs = NULL;
	sha256_hex(text, len, hex);
	if (strcmp(hex, d->inputs_hash))
		set_err(err, "第 %ld 号抽取的抽取框架与公告的 inputs_hash 不符，数据可能被篡改", d->id);
	else
		inputs = cj_load(text, len, err);
	free(text);
	return inputs;
}

static int export_one(const struct draw_row *d, void *arg)
{
	struct export_state *es = arg;
	struct store *st = es->ctx->store;
	char *err = NULL;
	json_t *inputs = draw_inputs_load(st, d, &err);
	json_t *announcement = inputs ? cj_load(d->announcement, strlen(d->announcement), &err) : NULL;
	json_t *doc = NULL, *result = NULL;
	es->rc = 1;
	if (!inputs) {
		error("%s", err);
		goto out;
	}
	if (!announcement) {
		error("抽取记录已损坏: %s", err);
		goto out;
	}
	if (!es->reveal) {
		doc = json_object();
		json_object_set_new(doc, "protocol", json_string(DRAW_PROTOCOL));
		json_object_set(doc, "announcement", announcement);
		json_object_set(doc, "inputs", inputs);
		if (!sign_document(es->ctx, doc) && !write_json(es->out, doc)) {
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
	unsigned char salt[32];
	if (draw_unhex(d->salt, salt, 32) || !(result = cj_load(d->result, strlen(d->result), &err))) {
		error("抽取记录已损坏%s%s", err ? ": " : "", err ? err : "（盐值）");
		goto out;
	}
	doc = draw_package_new(announcement, inputs, salt, d->beacon_value, result);
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
	if (!sign_document(es->ctx, doc) && !write_json(es->out, doc)) {
		printf("已导出第 %ld 号抽取的完整抽取包（含盐值）到 %s；任何人可用 suiji verify 或 tools/verify.py 核验\n", d->id,
		       es->out);
		es->rc = 0;
	}
out:
	free(err);
	json_decref(inputs);
	json_decref(announcement);
	json_decref(result);
	json_decref(doc);
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
	while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
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
