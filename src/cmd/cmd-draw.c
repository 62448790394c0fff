/*
 * This file implements "suiji draw" on the command line: it parses the arguments, calls the draw's
 * operations (op/draw.h: announce, run, show, list, export with the reveal, the printable record) and
 * prints what they return. The work, the checks of who may do it and the transactions are in
 * src/op/draw.c and src/op/draw-read.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/draw-cmd.h"
#include "core/cj.h"
#include "core/parse.h"
#include "core/sign.h"
#include "io/draw-record.h"
#include "io/outfile.h"
#include "io/secret-key.h"
#include "op/draw-package.h"
#include "op/draw.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "suiji draw announce --year 年度 --lines 计划事项号[,…] --period 2025Q1|2025-03 --beacon-source 文字\n"
    "                    [--beacon-date 公开随机数产生日期] [--date YYYY-MM-DD]\n"
    "                    [--reason 重新抽取或为已结束时段抽取的理由]\n"
    "                    [--team-size N] [--experts N] [--no-cross-region]（默认取 suiji settings 的设置）\n"
    "       suiji draw run 抽取号 --beacon 公开随机数\n"
    "       suiji draw approve 抽取号 --reason 理由（监督人员批准重新抽取）\n"
    "       suiji draw show 抽取号 | suiji draw list\n"
    "       suiji draw export 抽取号 -o 文件.json [--reveal [--force --reason 理由]]\n"
    "       suiji draw record 抽取号 -o 抽取记录.html [--xlsx 抽取记录.xlsx]";

/*
 * The key that seals the draws' salts: $SUIJI_SALT_KEY, or beside the signing key ("<key file>.salt").
 * 0 with key[] filled; 1 when there is none (and "create" is not set); -1 after printing why.
 */
static int salt_key(struct ctx *ctx, unsigned char key[32], int create)
{
	const char *env = getenv("SUIJI_SALT_KEY");
	char *keypath = ctx_key_path(ctx);
	char *path = env && *env ? xstrdup(env) : xasprintf("%s.salt", keypath);
	free(keypath);
	char *err = NULL;
	int r = secret_key_load(path, key, create, &err);
	free(path);
	if (r < 0) {
		error("%s", err);
		free(err);
	}
	return r;
}

/* A draw number from the command line; exits with a usage error when it is not one. */
static long parse_draw_id(const char *s)
{
	long id = parse_id(s);
	if (!id)
		die_usage("抽取号应为正整数，而不是“%s”", s);
	return id;
}

static int announce(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'},
	    {"lines", required_argument, 0, 'l'},
	    {"period", required_argument, 0, 'p'},
	    {"beacon-source", required_argument, 0, 'b'},
	    {"date", required_argument, 0, 'd'},
	    {"reason", required_argument, 0, 'r'},
	    {"team-size", required_argument, 0, 't'},
	    {"no-cross-region", no_argument, 0, 'X'},
	    {"experts", required_argument, 0, 'e'},
	    {"beacon-date", required_argument, 0, 'B'},
	    {0, 0, 0, 0},
	};
	struct op_draw_announce_args a = {.team_size = -1, .cross_region = -1, .experts = -1};
	const char *lines = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			a.year = atoi(optarg);
			break;
		case 'l':
			lines = optarg;
			break;
		case 'p':
			a.period = optarg;
			break;
		case 'b':
			a.beacon_source = optarg;
			break;
		case 'd':
			a.date = optarg;
			break;
		case 'r':
			a.reason = optarg;
			break;
		case 't':
			a.team_size = atoi(optarg);
			break;
		case 'X':
			a.cross_region = 0;
			break;
		case 'e':
			a.experts = atoi(optarg);
			break;
		case 'B':
			a.beacon_date = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (a.team_size != -1 && (a.team_size < 2 || a.team_size > 20))
		die_usage("--team-size 应为 2 到 20：检查组至少两名执法人员（行政处罚法第四十二条）");
	if (a.experts != -1 && (a.experts < 0 || a.experts > 20))
		die_usage("--experts 应为 0 到 20");
	if (!a.year || !lines || !a.period || !a.beacon_source || optind != argc)
		die_usage("%s", usage_text);
	if (a.year < 2000 || a.year > 2999)
		die_usage("--year 应为四位年份");
	long *ids = NULL;
	char bad[64];
	if (parse_id_list(lines, &ids, &a.nlines, bad))
		die_usage("--lines 应为计划事项号，用逗号或顿号分隔，如 1,3（“%s”不是计划事项号）", bad);
	a.lines = ids;
	unsigned char key[32];
	if (salt_key(ctx, key, 1)) {
		free(ids);
		return 1;
	}
	a.salt_key = key;
	struct op_diag d = OP_DIAG_INIT;
	struct op_draw_announced r;
	int rc = op_draw_announce(ctx->session, &a, &r, &d);
	memset(key, 0, sizeof(key));
	free(ids);
	if (rc)
		return ctx_fail(&d);
	ctx_notes(&d);
	op_diag_release(&d);
	printf("抽取公告（第 %ld 号）\n", r.id);
	printf("  单位: %s\n  年度: %d  时段: %s  计划事项: %s（计划第 %d 版）\n", r.unit, a.year, a.period,
	       r.lines, r.plan_version);
	for (size_t i = 0; i < r.nstrata; i++) {
		const struct op_draw_stratum *x = &r.strata[i];
		printf("  分层 %s: 候选 %ld 个，抽取 %ld 个\n", x->id, x->pool, x->quota);
		if (x->shortfall > 0)
			printf("  注意: 分层 %s 按计划应抽取 %ld 个（对象总数 %ld 个），可抽取的只有 %ld "
			       "个（其余在重复检查间隔内或已达年度上限），"
			       "已全部抽取，差额 %ld 个\n",
			       x->id, x->quota + x->shortfall, x->population, x->pool, x->shortfall);
	}
	printf("  不在候选内: 状态 %ld，重复检查间隔内 %ld，已达年度上限 %ld；执法人员 %ld 名，辅助人员 %ld "
	       "名\n",
	       r.excluded_status, r.excluded_window, r.excluded_cap, r.officers, r.experts);
	printf("  inputs_hash:     %s\n  salt_commitment: %s\n  公开随机数来源:  %s\n  公告时间:        %s\n",
	       r.inputs_hash, r.salt_commitment, r.beacon_source, r.announced_at);
	printf("  名录日期:        %s\n", r.snapshot_date);
	if (*r.beacon_date)
		printf("  公开随机数产生日期: %s（此前不能运行抽取）\n", r.beacon_date);
	else
		printf("  注意: 未用 --beacon-date 写明公开随机数的产生日期，运行时间无法事先约束\n");
	for (size_t i = 0; i < r.nsuperseded; i++)
		printf("  替代第 %ld 号抽取（已作废，作废未检查任务 %ld 项），理由: %s\n", r.superseded[i],
		       r.cancelled, a.reason);
	if (r.nsuperseded)
		printf("  第 %ld 次抽取，经监督人员 %s 批准\n", r.attempt, r.approved_by);
	printf("请在公开随机数产生后运行: suiji draw run %ld --beacon \"…\"\n", r.id);
	op_draw_announced_release(&r);
	return 0;
}

static int run(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"beacon", required_argument, 0, 'b'}, {0, 0, 0, 0}};
	const char *beacon = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c == 'b')
			beacon = optarg;
		else
			die_usage("%s", usage_text);
	}
	if (!beacon || argc - optind != 1)
		die_usage("%s", usage_text);
	long id = parse_draw_id(argv[optind]);
	unsigned char key[32];
	int k = salt_key(ctx, key, 0);
	if (k < 0)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	struct op_draw_ran r;
	int rc = op_draw_run(ctx->session, id, beacon, k ? NULL : key, &r, &d);
	memset(key, 0, sizeof(key));
	if (rc)
		return ctx_fail(&d);
	for (size_t i = 0; i < d.nnotes; i++)
		warning("%s", d.notes[i]);
	op_diag_release(&d);
	printf("第 %ld 号抽取已完成: 检查对象 %zu 个，已生成检查任务（待检查）\n", id, r.visits);
	if (r.no_team)
		printf("注意: %ld 个检查对象的可选执法人员不足，未组成检查组，需另行安排（规则不放宽）\n",
		       r.no_team);
	printf("抽取结果在检查完成前保密；查看: suiji draw show %ld（须有权限）\n", id);
	return 0;
}

static const char *state_zh(const char *state)
{
	return !strcmp(state, "announced")  ? "已公告，待抽取"
	       : !strcmp(state, "drawn")    ? "已抽取"
	       : !strcmp(state, "revealed") ? "已公开（盐值已揭示）"
					    : "已作废";
}

static void print_list(json_t *arr)
{
	size_t j;
	json_t *p;
	putchar(' ');
	if (!json_array_size(arr))
		printf(" —");
	json_array_foreach(arr, j, p) printf(" %s", json_string_value(p));
}

static int show(int argc, char **argv, struct ctx *ctx)
{
	if (argc != 2)
		die_usage("suiji draw show 抽取号");
	long id = parse_draw_id(argv[1]);
	struct op_diag d = OP_DIAG_INIT;
	struct op_draw_view v;
	if (op_draw_show(ctx->session, id, &v, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	const struct draw_row *r = &v.row;
	printf("第 %ld 号抽取  %s\n", r->id, state_zh(r->state));
	printf("  单位 %s\n", v.unit);
	printf("  年度 %d  时段 %s  计划事项 %s（计划第 %d 版）\n", r->year, r->period, r->lines,
	       r->plan_version);
	printf("  公告: %s  %s\n", r->announced_at, r->announced_by);
	printf("  inputs_hash:     %s\n  salt_commitment: %s\n  公开随机数来源:  %s\n", r->inputs_hash,
	       r->salt_commitment, r->beacon_source);
	if (*r->beacon_date)
		printf("  公开随机数产生日期: %s\n", r->beacon_date);
	if (r->supersedes)
		printf("  替代第 %ld 号抽取（第 %ld 次抽取），理由: %s\n", r->supersedes,
		       r->attempt ? r->attempt : 2, r->reason);
	else if (*r->reason)
		printf("  说明: %s\n", r->reason);
	if (*r->redraw_approved_by)
		printf("  监督人员 %s 于 %s 批准重新抽取，理由: %s\n", r->redraw_approved_by,
		       r->redraw_approved_at, r->redraw_approval);
	if (!strcmp(r->state, "announced") || !strcmp(r->state, "void")) {
		op_draw_view_release(&v);
		return 0;
	}
	printf("  抽取: %s  %s  公开随机数: %s\n", r->run_at, r->run_by, r->beacon_value);
	if (!v.result_visible) {
		printf("  抽取结果在检查完成前保密（尚有 %ld 项检查任务待检查）。%s\n", v.open,
		       v.hidden_why ? v.hidden_why : "");
		op_draw_view_release(&v);
		return 0;
	}
	if (!strcmp(r->state, "revealed"))
		printf("  盐值: %s（%s 揭示%s%s）\n", r->salt, r->revealed_at,
		       *r->reveal_reason ? "，理由: " : "", r->reveal_reason);
	json_t *result = cj_load(r->result, strlen(r->result), NULL);
	size_t i;
	json_t *x;
	printf("  序号  抽取号（前16位）  统一社会信用代码    时段     方式    检查组            辅助人员  "
	       "未满足专长\n");
	json_array_foreach(json_object_get(result, "visits"), i, x)
	{
		printf("  %4zu  %.16s  %s  %s  %s", i + 1, json_string_value(json_object_get(x, "key")),
		       json_string_value(json_object_get(x, "uscc")),
		       json_string_value(json_object_get(x, "slot")),
		       json_string_value(json_object_get(x, "mode")));
		print_list(json_object_get(x, "team"));
		print_list(json_object_get(x, "experts"));
		print_list(json_object_get(x, "unmet"));
		if (json_is_string(json_object_get(x, "reason")))
			printf("  （可选执法人员不足）");
		putchar('\n');
	}
	json_decref(result);
	op_draw_view_release(&v);
	return 0;
}

static int list_one(const struct draw_row *r, void *arg)
{
	printf("%4ld  %d %-8s 计划事项 %-8s %-10s 公告 %s %s\n", r->id, r->year, r->period, r->lines,
	       state_zh(r->state), r->announced_at, r->announced_by);
	(*(int *)arg)++;
	return 0;
}

static int list(int argc, char **argv, struct ctx *ctx)
{
	(void)argv;
	if (argc != 1)
		die_usage("suiji draw list");
	struct op_diag d = OP_DIAG_INIT;
	int n = 0;
	if (op_draw_list(ctx->session, list_one, &n, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	printf("共 %d 次抽取\n", n);
	return 0;
}

static int write_text(const char *path, struct strbuf *doc)
{
	char *err = NULL;
	strbuf_addc(doc, '\n');
	if (outfile_write(path, doc->buf, doc->len, 0644, &err)) {
		error("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

static int export(int argc, char **argv, struct ctx *ctx)
{
	static const char usage[] =
	    "suiji draw export 抽取号 -o 文件.json [--reveal [--force --reason 理由]]";
	static const struct option opts[] = {
	    {"output", required_argument, 0, 'o'},
	    {"reveal", no_argument, 0, 'R'},
	    {"force", no_argument, 0, 'f'},
	    {"reason", required_argument, 0, 'r'},
	    {0, 0, 0, 0},
	};
	struct op_draw_export_args a = {0};
	const char *out = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'o':
			out = optarg;
			break;
		case 'R':
			a.reveal = 1;
			break;
		case 'f':
			a.force = 1;
			break;
		case 'r':
			a.reason = optarg;
			break;
		default:
			die_usage("%s", usage);
		}
	}
	if (!out || argc - optind != 1 || (a.force && !a.reveal))
		die_usage("%s", usage);
	a.id = parse_draw_id(argv[optind]);
	unsigned char key[32];
	int k = a.reveal ? salt_key(ctx, key, 0) : 1;
	if (k < 0)
		return 1;
	a.salt_key = k ? NULL : key;
	struct op_diag d = OP_DIAG_INIT;
	struct op_draw_exported x;
	struct strbuf doc = STRBUF_INIT;
	int failed = op_draw_export(ctx->session, &a, &doc, &x, &d);
	memset(key, 0, sizeof(key));
	if (failed) {
		strbuf_release(&doc);
		return ctx_fail(&d);
	}
	op_diag_release(&d);
	int rc = 1;
	if (x.key_registered) {
		struct sign_key *sk = ctx_sign_key(ctx);
		if (!sk)
			goto out;
		draw_document_sign(&doc, sk);
		sign_key_free(sk);
	} else {
		warning("本单位没有登记签名密钥（suiji key create），导出的文件未签名");
	}
	if (write_text(out, &doc))
		goto out;
	if (a.reveal)
		printf("已导出第 %ld 号抽取的完整抽取包（含盐值）到 %s；任何人可用 suiji verify 或 "
		       "tools/verify.py 核验\n",
		       a.id, out);
	else
		printf("已导出第 %ld 号抽取的公告（不含盐值和结果）到 %s\n", a.id, out);
	rc = 0;
out:
	strbuf_release(&doc);
	return rc;
}

static int record(int argc, char **argv, struct ctx *ctx)
{
	static const char usage[] = "suiji draw record 抽取号 -o 抽取记录.html [--xlsx 抽取记录.xlsx]";
	static const struct option opts[] = {
	    {"output", required_argument, 0, 'o'}, {"xlsx", required_argument, 0, 'x'}, {0, 0, 0, 0}};
	const char *html = NULL, *xlsx = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'o':
			html = optarg;
			break;
		case 'x':
			xlsx = optarg;
			break;
		default:
			die_usage("%s", usage);
		}
	}
	if (!html || argc - optind != 1)
		die_usage("%s", usage);
	long id = parse_draw_id(argv[optind]);
	struct op_diag d = OP_DIAG_INIT;
	struct draw_record r;
	if (op_draw_record(ctx->session, id, &r, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	char *err = NULL;
	int rc = draw_record_write(&r, html, xlsx, &err);
	op_draw_record_release(&r);
	if (rc) {
		error("%s", err);
		free(err);
		return 1;
	}
	printf("已生成第 %ld 号抽取记录: %s%s%s\n", id, html, xlsx ? "，" : "", xlsx ? xlsx : "");
	return 0;
}

static int approve(int argc, char **argv, struct ctx *ctx)
{
	static const char usage[] = "suiji draw approve 抽取号 --reason 理由（监督人员批准重新抽取）";
	static const struct option opts[] = {{"reason", required_argument, 0, 'r'}, {0, 0, 0, 0}};
	const char *reason = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c == 'r')
			reason = optarg;
		else
			die_usage("%s", usage);
	}
	if (!reason || argc - optind != 1)
		die_usage("%s", usage);
	long id = parse_draw_id(argv[optind]);
	struct op_diag d = OP_DIAG_INIT;
	if (op_draw_approve(ctx->session, id, reason, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	printf("已批准重新抽取第 %ld 号抽取的计划事项（记入抽取记录和审计链）；重新公告时须用 --reason "
	       "说明理由\n",
	       id);
	return 0;
}

int cmd_draw(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	const char *sub = argv[1];
	if (!strcmp(sub, "announce"))
		return announce(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "run"))
		return run(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "show"))
		return show(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "list"))
		return list(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "export"))
		return export(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "record"))
		return record(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "approve"))
		return approve(argc - 1, argv + 1, ctx);
	die_usage("%s", usage_text);
}
