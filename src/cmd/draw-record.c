/*
 * This file implements "suiji draw record": the printable record of a draw (抽取记录) for the minutes of
 * the draw meeting — who announced and ran it and when, the public randomness, the commitments, and
 * each visit with its lottery number (key), object, items, slot, mode, team and experts — as an HTML
 * page (every text escaped) and, on request, an xlsx sheet. Confidential like the result itself.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/authz.h"
#include "cmd/draw-cmd.h"
#include "core/cj.h"
#include "core/dirschema.h"
#include "io/outfile.h"
#include "io/html.h"
#include "io/table.h"
#include "store/directory.h"
#include "store/draw.h"
#include "store/org.h"
#include "store/task.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

struct record_state {
	struct ctx *ctx;
	const char *html, *xlsx;
	int rc;
};

struct names {
	struct strmap *wanted; /* uscc → name (filled) */
};

static int pick_name(const struct dir_entry *e, void *arg)
{
	struct strmap *m = arg;
	if (strmap_get(m, e->k))
		free(strmap_put(m, e->k, xstrdup(e->vals[1])));
	return 0;
}

static const char *joined(json_t *arr, struct strbuf *sb)
{
	size_t i;
	json_t *v;
	strbuf_reset(sb);
	json_array_foreach(arr, i, v) strbuf_addf(sb, "%s%s", i ? "、" : "", json_string_value(v));
	return strbuf_str(sb);
}

struct task_items {
	struct strmap by_visit; /* "N" → items (owned) */
};

static int collect_items(const struct task *t, void *arg)
{
	struct strmap *m = arg;
	char key[24];
	snprintf(key, sizeof(key), "%ld", t->visit_no);
	free(strmap_put(m, key, xstrdup(t->items)));
	return 0;
}

static void free_values(struct strmap *m)
{
	for (size_t i = 0; i < m->cap; i++)
		free(m->vals[i]);
	strmap_free(m);
}

static int record_one(const struct draw_row *d, void *arg)
{
	struct record_state *rs = arg;
	struct store *st = rs->ctx->store;
	char *err = NULL;
	struct org org = {0};
	rs->rc = 1;
	if (strcmp(d->state, "drawn") && strcmp(d->state, "revealed")) {
		error("第 %ld 号抽取尚未运行（或已作废），没有抽取结果", d->id);
		return 0;
	}
	long open = draw_open_tasks(st, d->id);
	if (open < 0 || (open && authz_require(rs->ctx, "draw.read", NULL)))
		return 0;
	store_org_get(st, &org, &err);
	json_t *result = cj_load(d->result, strlen(d->result), &err);
	json_t *visits = json_object_get(result, "visits");
	struct strmap names, items;
	strmap_init(&names);
	strmap_init(&items);
	size_t i;
	json_t *v;
	json_array_foreach(visits, i, v) strmap_put(&names, json_string_value(json_object_get(v, "uscc")), xstrdup(""));
	char as_of[11];
	snprintf(as_of, sizeof(as_of), "%.10s", d->announced_at);
	struct task_filter f = {.draw_id = d->id};
	/* one walk in storage order reading the names only (not an ordered walk of every field) */
	unsigned char *want = xcalloc(dir_objects.nfields, 1);
	want[dirkind_field_index(&dir_objects, "name")] = 1;
	int scan_failed = store_dir_scan(st, &dir_objects, as_of, 1, want, pick_name, &names, &err) < 0;
	free(want);
	if (scan_failed ||
	    store_task_each(st, &f, collect_items, &items, &err) < 0) {
		error("%s", err);
		goto out;
	}

	struct strbuf page = STRBUF_INIT, a = STRBUF_INIT, b = STRBUF_INIT;
	html_addf(&page,
		  "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%s 双随机抽取记录（第 %ld 号）</title>\n"
		  "<style>body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em}"
		  "table{border-collapse:collapse;width:100%%}td,th{border:1px solid #444;padding:4px 6px;font-size:13px}"
		  "th{background:#eee}.mono{font-family:monospace;font-size:11px}h1{text-align:center}"
		  ".sign{margin-top:3em;display:flex;justify-content:space-between}@media print{body{margin:0}}</style></head><body>\n",
		  org.name, d->id);
	html_addf(&page, "<h1>%s<br>“双随机、一公开”抽取记录</h1>\n<table>\n", org.name);
	html_addf(&page, "<tr><th>抽取号</th><td>第 %ld 号</td><th>年度 / 时段</th><td>%d年 %s</td></tr>\n", d->id, d->year,
		  d->period);
	html_addf(&page, "<tr><th>计划事项</th><td>%s（计划第 %d 版）</td><th>检查对象数</th><td>%ld</td></tr>\n", d->lines,
		  d->plan_version, (long)json_array_size(visits));
	html_addf(&page, "<tr><th>公告人 / 时间</th><td>%s %s</td><th>抽取人 / 时间</th><td>%s %s</td></tr>\n",
		  d->announced_by, d->announced_at, d->run_by, d->run_at);
	html_addf(&page, "<tr><th>公开随机数来源</th><td colspan=\"3\">%s</td></tr>\n", d->beacon_source);
	html_addf(&page, "<tr><th>公开随机数</th><td colspan=\"3\">%s</td></tr>\n", d->beacon_value);
	html_addf(&page, "<tr><th>inputs_hash</th><td colspan=\"3\" class=\"mono\">%s</td></tr>\n", d->inputs_hash);
	html_addf(&page, "<tr><th>salt_commitment</th><td colspan=\"3\" class=\"mono\">%s</td></tr>\n", d->salt_commitment);
	html_addf(&page, "</table>\n<h2>抽取结果</h2>\n<table>\n<tr><th>序号</th><th>抽取号（key）</th><th>单位名称</th>"
			 "<th>统一社会信用代码</th><th>检查事项</th><th>时段</th><th>方式</th><th>检查组</th><th>辅助人员</th><th>备注</th></tr>\n");

	struct table_writer *tw = NULL;
	static const char *const heads[] = {"序号", "抽取号", "单位名称", "统一社会信用代码", "检查事项", "时段", "方式",
					    "检查组", "辅助人员", "备注"};
	static const char *const keys[] = {"no", "key", "name", "uscc", "items", "slot", "mode", "team", "experts", "note"};
	if (rs->xlsx && !(tw = table_open("xlsx", rs->xlsx, "抽取记录", 10, heads, keys, &err))) {
		error("%s", err);
		goto out_page;
	}
	json_array_foreach(visits, i, v)
	{
		const char *uscc = json_string_value(json_object_get(v, "uscc"));
		char no[24], key[24];
		snprintf(no, sizeof(no), "%zu", i + 1);
		snprintf(key, sizeof(key), "%zu", i);
		const char *it = strmap_get(&items, key);
		struct strbuf note = STRBUF_INIT;
		if (json_is_string(json_object_get(v, "reason")))
			strbuf_adds(&note, "可选执法人员不足，未组成检查组");
		if (json_array_size(json_object_get(v, "unmet")))
			strbuf_addf(&note, "%s未满足专长: %s", note.len ? "；" : "", joined(json_object_get(v, "unmet"), &a));
		const char *team = joined(json_object_get(v, "team"), &a);
		const char *experts = joined(json_object_get(v, "experts"), &b);
		const char *row[] = {no,
				     json_string_value(json_object_get(v, "key")),
				     strmap_get(&names, uscc),
				     uscc,
				     it ? it : "",
				     json_string_value(json_object_get(v, "slot")),
				     json_string_value(json_object_get(v, "mode")),
				     team,
				     experts,
				     strbuf_str(&note)};
		html_addf(&page, "<tr><td>%s</td><td class=\"mono\">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
				 "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			  row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9]);
		if (tw && table_row(tw, row, &err)) {
			error("%s", err);
			strbuf_release(&note);
			goto out_page;
		}
		strbuf_release(&note);
	}
	html_addf(&page, "</table>\n<p>核验：揭示后，任何人可用 suiji verify 或 tools/verify.py 按公开的抽取包重算本结果（协议 suiji-draw-v1）。</p>\n"
			 "<div class=\"sign\"><span>操作人员：</span><span>监督人员：</span><span>记录人：</span><span>日期：</span></div>\n"
			 "</body></html>\n");
	if (outfile_write(rs->html, page.buf, page.len, 0644, &err)) {
		error("%s", err);
		goto out_page;
	}
	if (tw) {
		int bad = table_close(tw, &err);
		tw = NULL;
		if (bad) {
			error("%s", err);
			goto out_page;
		}
	}
	printf("已生成第 %ld 号抽取记录: %s%s%s\n", d->id, rs->html, rs->xlsx ? "，" : "", rs->xlsx ? rs->xlsx : "");
	rs->rc = 0;
out_page:
	table_abort(tw);
	strbuf_release(&page);
	strbuf_release(&a);
	strbuf_release(&b);
out:
	free_values(&names);
	free_values(&items);
	json_decref(result);
	free(err);
	return 0;
}

int draw_record(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{"output", required_argument, 0, 'o'}, {"xlsx", required_argument, 0, 'x'}, {0, 0, 0, 0}};
	struct record_state rs = {.ctx = ctx, .rc = 1};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'o': rs.html = optarg; break;
		case 'x': rs.xlsx = optarg; break;
		default: die_usage("suiji draw record 抽取号 -o 抽取记录.html [--xlsx 抽取记录.xlsx]");
		}
	}
	if (!rs.html || argc - optind != 1)
		die_usage("suiji draw record 抽取号 -o 抽取记录.html [--xlsx 抽取记录.xlsx]");
	long id = draw_parse_id(argv[optind]);
	if (!ctx_store(ctx, 0))
		return 1;
	if (draw_with(ctx, id, record_one, &rs))
		return 1;
	return rs.rc;
}
