/*
 * This file implements the printable record of a draw (io/draw-record.h): who announced and ran it and
 * when, the public randomness, the commitments, and each visit with its lottery number (key), object,
 * items, slot, mode, team and experts — as an HTML page (every text escaped) and, on request, an xlsx
 * sheet. Confidential like the result itself: op_draw_record() decides who gets the data.
 */
#include "io/draw-record.h"

#include <stdio.h>
#include <stdlib.h>

#include "io/html.h"
#include "io/outfile.h"
#include "io/table.h"
#include "util/strbuf.h"

void draw_record_html(const struct draw_record *r, struct strbuf *page)
{
	const struct draw_row *d = &r->row;
	html_addf(page,
		  "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>%s "
		  "双随机抽取记录（第 %ld 号）</title>\n"
		  "<style>body{font-family:'Noto Sans CJK SC','Microsoft YaHei',sans-serif;margin:2em}"
		  "table{border-collapse:collapse;width:100%%}td,th{border:1px solid #444;padding:4px "
		  "6px;font-size:13px}"
		  "th{background:#eee}.mono{font-family:monospace;font-size:11px}h1{text-align:center}"
		  ".sign{margin-top:3em;display:flex;justify-content:space-between}@media "
		  "print{body{margin:0}}</style></head><body>\n",
		  r->org, d->id);
	html_addf(page, "<h1>%s<br>“双随机、一公开”抽取记录</h1>\n<table>\n", r->org);
	html_addf(page, "<tr><th>抽取号</th><td>第 %ld 号</td><th>年度 / 时段</th><td>%d年 %s</td></tr>\n",
		  d->id, d->year, d->period);
	html_addf(page,
		  "<tr><th>计划事项</th><td>%s（计划第 %d 版）</td><th>检查对象数</th><td>%ld</td></tr>\n",
		  d->lines, d->plan_version, (long)r->nvisits);
	html_addf(page, "<tr><th>公告人 / 时间</th><td>%s %s</td><th>抽取人 / 时间</th><td>%s %s</td></tr>\n",
		  d->announced_by, d->announced_at, d->run_by, d->run_at);
	html_addf(page, "<tr><th>公开随机数来源</th><td colspan=\"3\">%s</td></tr>\n", d->beacon_source);
	html_addf(page, "<tr><th>公开随机数</th><td colspan=\"3\">%s</td></tr>\n", d->beacon_value);
	html_addf(page, "<tr><th>inputs_hash</th><td colspan=\"3\" class=\"mono\">%s</td></tr>\n",
		  d->inputs_hash);
	html_addf(page, "<tr><th>salt_commitment</th><td colspan=\"3\" class=\"mono\">%s</td></tr>\n",
		  d->salt_commitment);
	if (d->reason && *d->reason)
		html_addf(page, "<tr><th>说明（理由）</th><td colspan=\"3\">%s</td></tr>\n", d->reason);
	html_addf(
	    page,
	    "</table>\n<h2>抽取结果</h2>\n<table>\n<tr><th>序号</th><th>抽取号（key）</th><th>单位名称</th>"
	    "<th>统一社会信用代码</th><th>检查事项</th><th>时段</th><th>方式</th><th>检查组</"
	    "th><th>辅助人员</th><th>备注</th></tr>\n");

	for (size_t i = 0; i < r->nvisits; i++) {
		const struct draw_record_visit *v = &r->visits[i];
		html_addf(
		    page,
		    "<tr><td>%ld</td><td class=\"mono\">%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td>"
		    "<td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
		    (long)(i + 1), v->key, v->name ? v->name : "", v->uscc, v->items, v->slot, v->mode,
		    v->team_named ? v->team_named : v->team, v->experts_named ? v->experts_named : v->experts,
		    v->note);
	}
	html_addf(page, "</table>\n<p>核验：揭示后，任何人可用 suiji verify 或 tools/verify.py "
			"按公开的抽取包重算本结果（协议 suiji-draw-v1）。</p>\n"
			"<div "
			"class=\"sign\"><span>操作人员：</span><span>监督人员：</span><span>记录人：</"
			"span><span>日期：</span></div>\n"
			"</body></html>\n");
}

int draw_record_write(const struct draw_record *r, const char *html, const char *xlsx, char **err)
{
	struct strbuf page = STRBUF_INIT;
	draw_record_html(r, &page);
	struct table_writer *tw = NULL;
	static const char *const heads[] = {"序号", "抽取号", "单位名称", "统一社会信用代码", "检查事项",
					    "时段", "方式",   "检查组",	  "辅助人员",	      "备注"};
	static const char *const keys[] = {"no",   "key",  "name", "uscc",    "items",
					   "slot", "mode", "team", "experts", "note"};
	int rc = -1;
	if (xlsx && !(tw = table_open("xlsx", xlsx, "抽取记录", 10, heads, keys, err)))
		goto out;
	for (size_t i = 0; tw && i < r->nvisits; i++) {
		const struct draw_record_visit *v = &r->visits[i];
		char no[24];
		snprintf(no, sizeof(no), "%zu", i + 1);
		const char *row[] = {no,
				     v->key,
				     v->name ? v->name : "",
				     v->uscc,
				     v->items,
				     v->slot,
				     v->mode,
				     v->team_named ? v->team_named : v->team,
				     v->experts_named ? v->experts_named : v->experts,
				     v->note};
		if (table_row(tw, row, err))
			goto out;
	}
	if (outfile_write(html, page.buf, page.len, 0644, err))
		goto out;
	if (tw) {
		int bad = table_close(tw, err);
		tw = NULL;
		if (bad)
			goto out;
	}
	rc = 0;
out:
	table_abort(tw);
	strbuf_release(&page);
	return rc;
}
