/*
 * This file implements "suiji draw": announce (T0: the frame frozen from plan lines and the directory,
 * a secret salt, the announcement into the record), run (T1: the beacon entered, the result computed
 * per docs/DRAW.md and stored as tasks), show / list, export (the package; the salt only with
 * --reveal) and record (the printable 抽取记录). A draw runs once; drawing the same lines and period
 * again needs a reason, voids the earlier draw and cancels its open tasks, and both stay in the record.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/authz.h"
#include "cmd/cmd.h"
#include "core/parse.h"
#include "cmd/draw-cmd.h"
#include "cmd/draw-frame.h"
#include "cmd/draw-lines.h"
#include "core/calendar.h"
#include "core/cj.h"
#include "core/draw.h"
#include "core/hash.h"
#include "core/plan.h"
#include "store/audit.h"
#include "store/draw.h"
#include "store/org.h"
#include "store/task.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/timing.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"suiji draw announce --year 年度 --lines 计划事项号[,…] --period 2025Q1|2025-03 --beacon-source 文字\n"
	"                    [--date YYYY-MM-DD] [--reason 重新抽取的理由]\n"
	"                    [--team-size N] [--experts N] [--no-cross-region]（默认取 suiji settings 的设置）\n"
	"       suiji draw run 抽取号 --beacon 公开随机数\n"
	"       suiji draw show 抽取号 | suiji draw list\n"
	"       suiji draw export 抽取号 -o 文件.json [--reveal [--force --reason 理由]]\n"
	"       suiji draw record 抽取号 -o 抽取记录.html [--xlsx 抽取记录.xlsx]";


static void join_ids(const long *ids, size_t n, struct strbuf *sb)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%ld", i ? "," : "", ids[i]);
}

/* The meta the run needs besides the protocol: which line and items each stratum stands for. */
static json_t *meta_of(const struct draw_lines *dl)
{
	json_t *strata = json_object();
	for (size_t i = 0; i < dl->n; i++) {
		const struct frame_stratum *s = &dl->strata[i];
		json_t *o = json_object(), *items = json_array();
		for (size_t j = 0; j < s->nitems; j++)
			json_array_append_new(items, json_string(s->items[j]));
		json_object_set_new(o, "line", json_integer(s->line_id));
		json_object_set_new(o, "items", items);
		json_object_set_new(o, "pool", json_integer(s->pool));
		json_object_set_new(o, "quota", json_integer(s->quota_value));
		json_object_set_new(strata, s->id, o);
	}
	json_t *meta = json_object();
	json_object_set_new(meta, "strata", strata);
	return meta;
}

static int announce(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{"year", required_argument, 0, 'y'},	      {"lines", required_argument, 0, 'l'},
		{"period", required_argument, 0, 'p'},	      {"beacon-source", required_argument, 0, 'b'},
		{"date", required_argument, 0, 'd'},	      {"reason", required_argument, 0, 'r'},
		{"team-size", required_argument, 0, 't'},     {"no-cross-region", no_argument, 0, 'X'},
		{"experts", required_argument, 0, 'e'},	      {0, 0, 0, 0},
	};
	const char *lines = NULL, *period = NULL, *source = NULL, *date = NULL, *reason = NULL;
	int year = 0, c, team_size = -1, cross_region = -1, experts = -1; /* -1: the bureau's setting */
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y': year = atoi(optarg); break;
		case 'l': lines = optarg; break;
		case 'p': period = optarg; break;
		case 'b': source = optarg; break;
		case 'd': date = optarg; break;
		case 'r': reason = optarg; break;
		case 't': team_size = atoi(optarg); break;
		case 'X': cross_region = 0; break;
		case 'e': experts = atoi(optarg); break;
		default: die_usage("%s", usage_text);
		}
	}
	if (team_size != -1 && (team_size < 2 || team_size > 20))
		die_usage("--team-size 应为 2 到 20：检查组至少两名执法人员（行政处罚法第四十二条）");
	if (experts != -1 && (experts < 0 || experts > 20))
		die_usage("--experts 应为 0 到 20");
	long *ids = NULL;
	size_t nids = 0;
	if (!year || !lines || !period || !source || optind != argc)
		die_usage("%s", usage_text);
	if (year < 2000 || year > 2999)
		die_usage("--year 应为四位年份");
	char bad[64];
	if (parse_id_list(lines, &ids, &nids, bad))
		die_usage("--lines 应为计划事项号，用逗号或顿号分隔，如 1,3（“%s”不是计划事项号）", bad);
	char *err = NULL;
	char *beacon_source = draw_beacon_trim(source, &err);
	if (!beacon_source) {
		free(ids);
		error("--beacon-source: %s", err);
		free(err);
		return EXIT_USAGE;
	}
	struct store *st = ctx_store(ctx, 0);
	if (!st || authz_require(ctx, "draw.announce", NULL)) {
		free(ids);
		free(beacon_source);
		return 1;
	}

	char now[26], today[11];
	clock_now(now);
	clock_today(today);
	const char *as_of = date ? date : today;
	int day;
	struct org org;
	struct draw_lines dl = {0};
	struct strbuf lines_text = STRBUF_INIT, inputs_cj = STRBUF_INIT;
	json_t *announcement = NULL, *meta = NULL;
	char *ann_cj = NULL, *meta_cj = NULL;
	int rc = 1, in_txn = 0;
	join_ids(ids, nids, &lines_text);
	if (date_parse(as_of, &day, &err) || store_org_get(st, &org, &err) != 1) {
		error("%s", err ? err : "数据库尚未初始化");
		goto out;
	}
	/* the write lock from here on: the frame is read from one state of the database (also by the
	 * directory scan's second connection), and no other announcement of these lines slips in */
	if (store_begin(st, &err)) {
		error("%s", err);
		goto out;
	}
	in_txn = 1;
	long earlier = store_draw_find_active(st, year, period, lines_text.buf, &err);
	if (earlier < 0) {
		error("%s", err);
		goto out;
	}
	if (earlier && !reason) {
		error("计划事项 %s 在 %s 已有抽取（第 %ld 号）。重新抽取须用 --reason 说明理由，原抽取作废并保留在记录中",
		      lines_text.buf, period, earlier);
		goto out;
	}
	if (!earlier && reason) {
		warning("没有需要替代的抽取，--reason 将作为说明一并记录");
	}
	timing_mark("start");
	if (draw_lines_load(st, year, period, ids, nids, &dl, &err)) {
		error("%s", err);
		goto out;
	}
	timing_mark("plan lines");
	if (team_size != -1)
		dl.rules.team_size = team_size;
	if (cross_region != -1)
		dl.rules.cross_region = cross_region;
	if (experts != -1)
		dl.rules.experts_per_visit = experts;
	/* the frame is written as CJ(inputs) itself: stored as it is, and its SHA-256 is inputs_hash (DRAW.md) */
	struct frame_stats fs;
	if (frame_build(st, as_of, year, earlier, period, (const char *const *)dl.slots, dl.nslots, dl.strata, dl.n, &dl.rules,
			&inputs_cj, &fs, &err)) {
		error("%s", err);
		goto out;
	}
	unsigned char salt[32];
	char salt_hex[65], commitment[65], inputs_hash[65];
	if (draw_salt_generate(salt)) {
		error("无法生成随机盐值");
		goto out;
	}
	draw_hex(salt, 32, salt_hex);
	draw_salt_commitment(salt, commitment);
	sha256_hex(strbuf_str(&inputs_cj), inputs_cj.len, inputs_hash);
	timing_mark("inputs_hash");
	announcement = json_object();
	json_object_set_new(announcement, "inputs_hash", json_string(inputs_hash));
	json_object_set_new(announcement, "salt_commitment", json_string(commitment));
	json_object_set_new(announcement, "beacon_source", json_string(beacon_source));
	json_object_set_new(announcement, "announced_at", json_string(now));
	json_object_set_new(announcement, "org", json_string(org.name));
	meta = meta_of(&dl);
	ann_cj = cj_dump(announcement, NULL, &err);
	meta_cj = cj_dump(meta, NULL, &err);
	if (!ann_cj || !meta_cj) {
		error("%s", err);
		goto out;
	}

	struct draw_row row = {
		.year = year,
		.period = period,
		.lines = lines_text.buf,
		.plan_version = dl.plan_version,
		.inputs = strbuf_str(&inputs_cj),
		.inputs_len = inputs_cj.len,
		.inputs_hash = inputs_hash,
		.salt = salt_hex,
		.salt_commitment = commitment,
		.announcement = ann_cj,
		.beacon_source = beacon_source,
		.announced_at = now,
		.announced_by = ctx->actor,
		.supersedes = earlier,
		.reason = reason,
	};
	long id = store_draw_insert(st, &row, &err);
	char subject[32], old_subject[32];
	snprintf(subject, sizeof(subject), "draw:%ld", id);
	snprintf(old_subject, sizeof(old_subject), "draw:%ld", earlier);
	long cancelled = 0;
	if (id < 0 || store_draw_set_meta(st, id, meta_cj, &err) ||
	    (earlier && ((cancelled = store_task_cancel_draw(st, earlier, reason, &err)) < 0 ||
			 store_draw_set_state(st, earlier, "void", now, reason, &err) ||
			 store_audit_record(st, now, ctx->actor, "draw void", old_subject, &err))) ||
	    store_audit_record(st, now, ctx->actor, earlier ? "draw reannounce" : "draw announce", subject, &err) ||
	    store_commit(st, &err)) {
		error("%s", err);
		goto out;
	}

	timing_mark("store+commit");
	printf("抽取公告（第 %ld 号）\n", id);
	printf("  单位: %s\n  年度: %d  时段: %s  计划事项: %s（计划第 %d 版）\n", org.name, year, period, lines_text.buf,
	       dl.plan_version);
	for (size_t i = 0; i < dl.n; i++) {
		printf("  分层 %s: 候选 %ld 个，抽取 %ld 个\n", dl.strata[i].id, dl.strata[i].pool, dl.strata[i].quota_value);
		if (dl.strata[i].shortfall > 0)
			printf("  注意: 分层 %s 按计划应抽取 %ld 个（对象总数 %ld 个），可抽取的只有 %ld 个（其余在重复检查间隔内或已达年度上限），"
			       "已全部抽取，差额 %ld 个\n",
			       dl.strata[i].id, dl.strata[i].quota_value + dl.strata[i].shortfall, dl.strata[i].population,
			       dl.strata[i].pool, dl.strata[i].shortfall);
	}
	printf("  不在候选内: 状态 %ld，重复检查间隔内 %ld，已达年度上限 %ld；执法人员 %ld 名，辅助人员 %ld 名\n",
	       fs.excluded_status, fs.excluded_window, fs.excluded_cap, fs.officers, fs.experts);
	printf("  inputs_hash:     %s\n  salt_commitment: %s\n  公开随机数来源:  %s\n  公告时间:        %s\n",
	       inputs_hash, commitment, beacon_source, now);
	if (earlier)
		printf("  替代第 %ld 号抽取（已作废，作废未检查任务 %ld 项），理由: %s\n", earlier, cancelled, reason);
	printf("请在公开随机数产生后运行: suiji draw run %ld --beacon \"…\"\n", id);
	rc = 0;
out:
	if (rc && in_txn)
		store_rollback(st);
	free(err);
	free(ids);
	free(beacon_source);
	strbuf_release(&inputs_cj);
	free(ann_cj);
	free(meta_cj);
	json_decref(announcement);
	json_decref(meta);
	strbuf_release(&lines_text);
	draw_lines_release(&dl);
	return rc;
}

struct run_state {
	struct ctx *ctx;
	const char *beacon;
	int rc;
};

/* Items and plan lines of a visit: the union over the strata that selected it (ids, from the meta). */
static void visit_items(json_t *meta, const struct draw_visit_entry *v, struct strbuf *items, struct strbuf *lines)
{
	json_t *strata = json_object_get(meta, "strata");
	strbuf_reset(items);
	strbuf_reset(lines);
	for (size_t i = 0; i < v->nstrata; i++) {
		json_t *m = json_object_get(strata, v->strata[i]);
		size_t j;
		json_t *code;
		json_array_foreach(json_object_get(m, "items"), j, code)
		{
			const char *c = json_string_value(code);
			if (plan_list_has(strbuf_str(items), c))
				continue;
			if (items->len)
				strbuf_adds(items, "、");
			strbuf_adds(items, c);
		}
		if (lines->len)
			strbuf_adds(lines, "、");
		cj_add_integer(lines, json_integer_value(json_object_get(m, "line")));
	}
}

/* A list of names joined by 、 (a team, its experts). */
static const char *join_names(const char *const *names, size_t n, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, "、");
		strbuf_adds(sb, names[i]);
	}
	return strbuf_str(sb);
}

static int run_one(const struct draw_row *d, void *arg)
{
	struct run_state *rs = arg;
	struct ctx *ctx = rs->ctx;
	struct store *st = ctx->store;
	char *err = NULL, now[26];
	json_t *meta = NULL;
	char *result_cj = NULL, *beacon = NULL, *inputs = NULL;
	size_t inputs_len = 0;
	struct draw_visits result = {0};
	unsigned char salt[32];
	struct strbuf items = STRBUF_INIT, lines = STRBUF_INIT, team = STRBUF_INIT, experts = STRBUF_INIT;
	rs->rc = 1;
	if (strcmp(d->state, "announced")) {
		if (!strcmp(d->state, "void"))
			error("第 %ld 号抽取已作废，不能运行", d->id);
		else
			error("第 %ld 号抽取已于 %s 由 %s 运行，一次抽取只能运行一次；确需重新抽取，请重新公告并用 --reason 说明理由",
			      d->id, d->run_at, d->run_by);
		return 0;
	}
	timing_mark("load draw row");
	clock_now(now);
	if (strcmp(now, d->announced_at) <= 0)
		warning("运行时间不晚于公告时间，公开随机数应在公告之后产生");
	beacon = draw_beacon_trim(rs->beacon, &err);
	if (!beacon || draw_unhex(d->salt, salt, 32) || store_draw_inputs(st, d->id, &inputs, &inputs_len, &err) ||
	    !(meta = cj_load(d->meta, strlen(d->meta), &err))) {
		error("%s", err ? err : "抽取记录已损坏（盐值）");
		goto out;
	}
	timing_mark("load inputs");
	/* the stored text is checked against inputs_hash and read in one pass (core/draw-parse.c) */
	if (draw_compute_text(inputs, inputs_len, d->inputs_hash, salt, beacon, &result, &err)) {
		error("第 %ld 号抽取: %s", d->id, err);
		goto out;
	}
	timing_mark("draw_compute");
	result_cj = draw_visits_cj(&result, NULL);
	timing_mark("result text");
	if (store_begin(st, &err))
		goto fail;
	if (store_draw_set_result(st, d->id, beacon, result_cj, now, ctx->actor, &err)) {
		if (!err)
			err = xstrdup("该抽取已被另一操作运行");
		goto fail_rollback;
	}
	timing_mark("result stored");
	long no_team = 0;
	/* the tasks' lists are kept in one arena (offsets until it stops growing); visits with the same
	 * strata (usually all of them) share their items and lines */
	struct task *tasks = xcalloc(result.nvisits + 1, sizeof(*tasks));
	size_t *at = xmalloc((4 * result.nvisits + 1) * sizeof(*at));
	struct strbuf arena = STRBUF_INIT;
	const char *const *last_strata = NULL;
	size_t last_nstrata = (size_t)-1, items_at = 0, lines_at = 0;
	for (size_t i = 0; i < result.nvisits; i++) {
		const struct draw_visit_entry *v = &result.visits[i];
		int same = v->nstrata == last_nstrata;
		for (size_t k = 0; same && k < v->nstrata; k++)
			same = !strcmp(v->strata[k], last_strata[k]);
		if (!same) {
			visit_items(meta, v, &items, &lines);
			items_at = arena.len;
			strbuf_add(&arena, strbuf_str(&items), items.len + 1);
			lines_at = arena.len;
			strbuf_add(&arena, strbuf_str(&lines), lines.len + 1);
		}
		last_strata = v->strata;
		last_nstrata = v->nstrata;
		at[4 * i] = items_at;
		at[4 * i + 1] = lines_at;
		at[4 * i + 2] = arena.len;
		join_names(v->team, v->nteam, &team);
		strbuf_add(&arena, strbuf_str(&team), team.len + 1);
		at[4 * i + 3] = arena.len;
		join_names(v->experts, v->nexperts, &experts);
		strbuf_add(&arena, strbuf_str(&experts), experts.len + 1);
		tasks[i] = (struct task){
			.kind = "random",
			.draw_id = d->id,
			.visit_no = (long)i,
			.uscc = v->uscc,
			.plan_year = d->year,
			.slot = v->slot,
			.mode = v->mode,
			.created_at = now,
			.created_by = ctx->actor,
		};
		no_team += !v->nteam;
	}
	for (size_t i = 0; i < result.nvisits; i++) {
		tasks[i].items = arena.buf + at[4 * i];
		tasks[i].plan_lines = arena.buf + at[4 * i + 1];
		tasks[i].team = arena.buf + at[4 * i + 2];
		tasks[i].experts = arena.buf + at[4 * i + 3];
	}
	int inserted = store_task_insert_many(st, tasks, result.nvisits, &err);
	free(tasks);
	free(at);
	strbuf_release(&arena);
	if (inserted)
		goto fail_rollback;
	timing_mark("tasks inserted");
	char subject[32];
	snprintf(subject, sizeof(subject), "draw:%ld", d->id);
	if (store_audit_record(st, now, ctx->actor, "draw run", subject, &err) || store_commit(st, &err))
		goto fail_rollback;
	timing_mark("audit+commit");
	printf("第 %ld 号抽取已完成: 检查对象 %zu 个，已生成检查任务（待检查）\n", d->id, result.nvisits);
	if (no_team)
		printf("注意: %ld 个检查对象的可选执法人员不足，未组成检查组，需另行安排（规则不放宽）\n", no_team);
	printf("抽取结果在检查完成前保密；查看: suiji draw show %ld（须有权限）\n", d->id);
	rs->rc = 0;
	goto out;
fail_rollback:
	store_rollback(st);
fail:
	error("%s", err ? err : "运行抽取失败");
out:
	free(err);
	free(beacon);
	free(result_cj);
	draw_visits_release(&result); /* before the text it borrows from */
	free(inputs);
	json_decref(meta);
	strbuf_release(&items);
	strbuf_release(&lines);
	strbuf_release(&team);
	strbuf_release(&experts);
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
	long id = draw_parse_id(argv[optind]);
	struct store *st = ctx_store(ctx, 0);
	if (!st || authz_require(ctx, "draw.run", NULL))
		return 1;
	struct run_state rs = {ctx, beacon, 1};
	if (draw_with(ctx, id, run_one, &rs))
		return 1;
	return rs.rc;
}

long draw_parse_id(const char *s)
{
	long id = parse_id(s);
	if (!id)
		die_usage("抽取号应为正整数，而不是“%s”", s);
	return id;
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
		return draw_show(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "list"))
		return draw_list(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "export"))
		return draw_export(argc - 1, argv + 1, ctx);
	if (!strcmp(sub, "record"))
		return draw_record(argc - 1, argv + 1, ctx);
	die_usage("%s", usage_text);
}
