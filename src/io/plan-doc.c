/*
 * This file implements the filing document of an annual plan (see plan-doc.h): one table of rows
 * built once from the plan, then written either as an HTML page (every text through html_escape) or
 * as an xlsx workbook (libxlsxwriter, fixed creation time so the bytes do not depend on the clock).
 */
#include "io/plan-doc.h"
#include "io/table.h"
#include "io/outfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xlsxwriter.h>

#include "io/html.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define NCOLS 14

static const char *const headers[NCOLS] = {
    "序号",	"计划事项", "检查类型",	      "抽查事项",     "法律依据",	  "发起部门",	"参与部门",
    "检查对象", "抽查时段", "抽查比例或频次", "对象数（家）", "全年抽查（家次）", "被抽查概率", "联合抽查组",
};

/* The rows of the lines table as text, row-major, NCOLS per row. */
struct doc_table {
	char **cells;
	size_t nrows;
};

static void table_release(struct doc_table *t)
{
	for (size_t i = 0; i < t->nrows * NCOLS; i++)
		free(t->cells[i]);
	free(t->cells);
}

/* "5.0%" style: a per-mille value with one decimal. */
static void permille(long num, long den, char buf[32])
{
	if (den <= 0) {
		snprintf(buf, 32, "—");
		return;
	}
	long long pm = ((long long)num * 1000 + den / 2) / den;
	snprintf(buf, 32, "%lld.%lld%%", pm / 10, pm % 10);
}

static void build_table(const struct plan_doc *d, struct doc_table *t)
{
	t->nrows = d->nlines;
	t->cells = xcalloc(d->nlines * NCOLS + 1, sizeof(char *));
	for (size_t i = 0; i < d->nlines; i++) {
		const struct plan_line *l = &d->lines[i];
		const struct a7_line *c = d->check && i < d->check->nlines ? &d->check->lines[i] : NULL;
		char **row = t->cells + i * NCOLS;
		struct strbuf sb = STRBUF_INIT;
		char buf[160];

		row[0] = xasprintf("%d", l->no);
		row[1] = *l->note ? xasprintf("%s\n（备注：%s）", l->name, l->note) : xstrdup(l->name);
		row[2] = xstrdup(l->type);
		for (size_t k = 0; k < d->nitems[i]; k++) {
			const struct plan_item *it = &d->items[i][k];
			strbuf_addf(&sb, "%s%s %s", k ? "\n" : "", it->code, it->name);
		}
		row[3] = strbuf_detach(&sb);
		for (size_t k = 0; k < d->nitems[i]; k++) {
			const struct plan_item *it = &d->items[i][k];
			strbuf_addf(&sb, "%s%s：%s", k ? "\n" : "", it->code, it->legal_basis);
		}
		row[4] = strbuf_detach(&sb);
		row[5] = xstrdup(l->initiator);
		row[6] = xstrdup(*l->participants ? l->participants : "—");
		plan_line_describe_objects(l, &sb);
		row[7] = strbuf_detach(&sb);
		row[8] = xasprintf("按%s", period_zh(l->period));
		quota_describe(&l->quota, l->period, buf, sizeof(buf));
		if (l->quota.rule == QUOTA_PER_STAFF && c)
			row[9] =
			    xasprintf("%s（%s%ld 人）", buf,
				      *l->staff_departments ? l->staff_departments : "在岗人员 ", c->staff);
		else
			row[9] = xstrdup(buf);
		if (c) {
			char pct[32];
			row[10] = xasprintf("%ld", c->pool);
			row[11] = xasprintf("%ld", c->year_total);
			permille(c->quota[0], c->pool, pct);
			row[12] = c->pool ? xasprintf("每%s %s", period_zh(l->period), pct) : xstrdup("—");
		} else {
			row[10] = xstrdup("—");
			row[11] = xstrdup("—");
			row[12] = xstrdup("—");
		}
		row[13] = xstrdup(*l->group ? l->group : "—");
		strbuf_release(&sb);
	}
}

void plan_doc_title(const struct plan_doc *d, struct strbuf *sb)
{
	strbuf_addf(sb, "%s%d年度“双随机、一公开”抽查工作计划", d->org, d->year);
}

static void subtitle(const struct plan_doc *d, struct strbuf *sb)
{
	strbuf_addf(sb, "（第%d版%s%s）", d->version, d->version > 1 ? "·调整" : "",
		    d->filed ? "" : "·草稿，未备案");
}

static void late_text(const struct plan_doc *d, struct strbuf *sb)
{
	strbuf_addf(sb, "逾期备案：本计划应于 %d 年 12 月 31 日前备案（第六条），实际备案日期 %s",
		    d->year - 1, d->filed_date);
}

static const char *const check_headers[] = {"第七条规则", "应抽查", "计划抽查", "差额", "结论"};

static void check_rule_text(const struct plan_doc *d, const struct a7_minimum *m, struct strbuf *sb)
{
	const struct a7_result *r = d->check;
	char pct[16];
	if (!strcmp(m->rule, "key_city_quarterly"))
		strbuf_addf(sb, "市管重点排污单位（%ld 家）每季度至少抽查1次", r->count[A7_KEY_CITY]);
	else if (!strcmp(m->rule, "key_other_ratio")) {
		quota_format_percent(d->settings->key_other_bp, pct);
		strbuf_addf(sb, "非市管重点排污单位（%ld 家）每季度抽查比例不少于 %s", r->count[A7_KEY_OTHER],
			    pct);
	} else if (!strcmp(m->rule, "general_per_staff"))
		strbuf_addf(sb, "一般监管对象（%ld 家）：业务部门在编在岗人员 %ld 人 × %d 家，不超过对象数",
			    r->count[A7_GENERAL], r->staff, r->general_factor);
	else
		strbuf_addf(sb, "特殊监管对象（%ld 家）抽查比例高于一般监管对象", r->count[A7_SPECIAL]);
	if (m->quarterly)
		strbuf_adds(sb, "（四个季度合计）");
}

static const char *verdict(const struct a7_minimum *m)
{
	return !m->applies ? "本单位设置不适用" : m->shortfall ? "未达到" : "符合";
}

/* ---- HTML ---- */

static const char css[] =
    "@page{size:A4 landscape;margin:15mm}"
    "body{font-family:\"SimSun\",\"Songti SC\",\"Noto Serif CJK "
    "SC\",serif;font-size:10.5pt;color:#000;margin:0 auto;"
    "max-width:280mm}"
    "h1{font-family:\"SimHei\",\"Heiti SC\",\"Noto Sans CJK SC\",sans-serif;font-size:18pt;text-align:center;"
    "margin:0 0 4pt}"
    "p.sub{text-align:center;margin:0 0 10pt}"
    "table{border-collapse:collapse;width:100%;margin:6pt 0 12pt}"
    "th,td{border:1px solid #000;padding:3pt 4pt;vertical-align:top;white-space:pre-line}"
    "th{background:#eee;font-weight:bold}"
    "td.n{text-align:right}"
    "h2{font-size:12pt;margin:12pt 0 4pt}"
    ".late{border:2px solid #c00;color:#c00;padding:4pt;font-weight:bold}"
    ".meta td{border:none;padding:1pt 8pt 1pt 0}"
    ".hash{font-family:monospace;font-size:8pt;word-break:break-all}"
    "@media print{th{background:#eee !important;-webkit-print-color-adjust:exact}}";

static void html_cell(struct strbuf *sb, const char *tag, const char *cls, const char *text)
{
	strbuf_addf(sb, "<%s%s%s%s>", tag, cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	html_escape(sb, text);
	strbuf_addf(sb, "</%s>", tag);
}

static void html_check(const struct plan_doc *d, struct strbuf *sb)
{
	const struct a7_result *r = d->check;
	strbuf_adds(sb, "<h2>");
	html_escape(sb, "抽查频次和比例核对（第七条）");
	strbuf_adds(sb, "</h2>\n<p>");
	struct strbuf t = STRBUF_INIT;
	strbuf_addf(
	    &t, "按截至 %s 的检查对象名录和检查人员名录计算；只计入计划必然抽到的对象（详见 docs/PLAN.md）。",
	    d->check_as_of);
	html_escape(sb, t.buf);
	strbuf_adds(sb, "</p>\n<table><tr>");
	for (size_t i = 0; i < sizeof(check_headers) / sizeof(check_headers[0]); i++)
		html_cell(sb, "th", NULL, check_headers[i]);
	strbuf_adds(sb, "</tr>\n");
	for (int i = 0; i < A7_NRULES; i++) {
		const struct a7_minimum *m = &r->min[i];
		char num[32];
		strbuf_reset(&t);
		check_rule_text(d, m, &t);
		strbuf_adds(sb, "<tr>");
		html_cell(sb, "td", NULL, t.buf);
		snprintf(num, sizeof(num), "%ld", m->required);
		html_cell(sb, "td", "n", num);
		snprintf(num, sizeof(num), "%ld", m->planned);
		html_cell(sb, "td", "n", num);
		snprintf(num, sizeof(num), "%ld", m->shortfall);
		html_cell(sb, "td", "n", num);
		html_cell(sb, "td", NULL, verdict(m));
		strbuf_adds(sb, "</tr>\n");
	}
	strbuf_adds(sb, "</table>\n");
	strbuf_release(&t);
}

static void html_history(const struct plan_doc *d, struct strbuf *sb)
{
	static const char *const h[] = {"版本", "日期", "调整原因", "状态", "备案日期"};
	strbuf_adds(sb, "<h2>");
	html_escape(sb, "计划版本记录（第六条：可根据实际动态调整）");
	strbuf_adds(sb, "</h2>\n<table><tr>");
	for (size_t i = 0; i < sizeof(h) / sizeof(h[0]); i++)
		html_cell(sb, "th", NULL, h[i]);
	strbuf_adds(sb, "</tr>\n");
	for (size_t i = 0; i < d->nhistory; i++) {
		const struct plan_doc_version *v = &d->history[i];
		char buf[64];
		strbuf_adds(sb, "<tr>");
		snprintf(buf, sizeof(buf), "第%d版", v->version);
		html_cell(sb, "td", NULL, buf);
		html_cell(sb, "td", NULL, v->date);
		html_cell(sb, "td", NULL, *v->reason ? v->reason : (v->version == 1 ? "年度计划" : "—"));
		html_cell(sb, "td", NULL,
			  !strcmp(v->status, "filed") ? (v->late ? "已备案（逾期）" : "已备案") : "草稿");
		html_cell(sb, "td", NULL, *v->filed_date ? v->filed_date : "—");
		strbuf_adds(sb, "</tr>\n");
	}
	strbuf_adds(sb, "</table>\n");
}

int plan_doc_html(const struct plan_doc *d, const char *path, char **err)
{
	struct strbuf sb = STRBUF_INIT, t = STRBUF_INIT;
	struct doc_table tab;
	build_table(d, &tab);
	plan_doc_title(d, &t);
	strbuf_adds(&sb, "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
	html_escape(&sb, t.buf);
	strbuf_addf(&sb, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>", css);
	html_escape(&sb, t.buf);
	strbuf_adds(&sb, "</h1>\n<p class=\"sub\">");
	strbuf_reset(&t);
	subtitle(d, &t);
	html_escape(&sb, t.buf);
	strbuf_adds(&sb, "</p>\n");
	if (d->late) {
		strbuf_reset(&t);
		late_text(d, &t);
		strbuf_adds(&sb, "<p class=\"late\">");
		html_escape(&sb, t.buf);
		strbuf_adds(&sb, "</p>\n");
	}
	strbuf_adds(&sb, "<table class=\"meta\">\n");
	const char *meta[][2] = {
	    {"编制单位", d->org},
	    {"计划年度", NULL},
	    {"计划日期", d->date},
	    {"调整原因", d->version > 1 ? d->reason : NULL},
	    {"备案日期", d->filed ? d->filed_date : "（草稿，尚未备案）"},
	    {"报送备案", "上级生态环境部门；本辖区“双随机、一公开”领导小组办公室"},
	};
	char year[16];
	snprintf(year, sizeof(year), "%d 年", d->year);
	meta[1][1] = year;
	for (size_t i = 0; i < sizeof(meta) / sizeof(meta[0]); i++) {
		if (!meta[i][1])
			continue;
		strbuf_adds(&sb, "<tr>");
		html_cell(&sb, "td", NULL, meta[i][0]);
		html_cell(&sb, "td", NULL, meta[i][1]);
		strbuf_adds(&sb, "</tr>\n");
	}
	strbuf_adds(&sb, "</table>\n<h2>");
	html_escape(&sb, "计划事项");
	strbuf_adds(&sb, "</h2>\n<table>\n<tr>");
	for (int c = 0; c < NCOLS; c++)
		html_cell(&sb, "th", NULL, headers[c]);
	strbuf_adds(&sb, "</tr>\n");
	for (size_t r = 0; r < tab.nrows; r++) {
		strbuf_adds(&sb, "<tr>");
		for (int c = 0; c < NCOLS; c++)
			html_cell(&sb, "td", (c == 0 || c == 10 || c == 11) ? "n" : NULL,
				  tab.cells[r * NCOLS + c]);
		strbuf_adds(&sb, "</tr>\n");
	}
	strbuf_adds(&sb, "</table>\n");
	if (d->check)
		html_check(d, &sb);
	html_history(d, &sb);
	if (*d->content_hash) {
		strbuf_adds(&sb, "<p class=\"hash\">");
		html_escape(&sb, "内容校验码（SHA-256）：");
		html_escape(&sb, d->content_hash);
		strbuf_adds(&sb, "</p>\n");
	}
	strbuf_adds(&sb, "</body>\n</html>\n");
	table_release(&tab);
	strbuf_release(&t);

	int rc = outfile_write(path, sb.buf, sb.len, 0644, err);
	strbuf_release(&sb);
	return rc;
}

/* ---- xlsx ---- */

int plan_doc_xlsx(const struct plan_doc *d, const char *path, char **err)
{
	struct doc_table tab;
	struct strbuf t = STRBUF_INIT;
	struct outfile *out = outfile_open(path, 0644, err);
	if (!out)
		return -1;
	lxw_workbook *wb = workbook_new(outfile_by_name(out));
	if (!wb) {
		outfile_abort(out);
		return set_err(err, "无法创建文件 %s", path);
	}
	/* a fixed creation time (the plan's date at noon UTC) keeps the file's bytes reproducible */
	struct tm tm = {0};
	int y = d->year, m = 1, dd = 1;
	if (sscanf(d->date, "%d-%d-%d", &y, &m, &dd) == 3) {
		tm.tm_year = y - 1900;
		tm.tm_mon = m - 1;
		tm.tm_mday = dd;
		tm.tm_hour = 12;
	}
	plan_doc_title(d, &t);
	char *title_text = xstrdup(t.buf);
	lxw_doc_properties props = {.title = title_text, .author = (char *)d->org, .created = timegm(&tm)};
	workbook_set_properties(wb, &props);

	lxw_format *title = workbook_add_format(wb);
	format_set_bold(title);
	format_set_font_size(title, 16);
	format_set_align(title, LXW_ALIGN_CENTER);
	lxw_format *head = workbook_add_format(wb);
	format_set_bold(head);
	format_set_border(head, LXW_BORDER_THIN);
	format_set_bg_color(head, 0xEEEEEE);
	format_set_text_wrap(head);
	format_set_align(head, LXW_ALIGN_VERTICAL_CENTER);
	lxw_format *cell = workbook_add_format(wb);
	format_set_border(cell, LXW_BORDER_THIN);
	format_set_text_wrap(cell);
	format_set_align(cell, LXW_ALIGN_VERTICAL_TOP);
	lxw_format *late = workbook_add_format(wb);
	format_set_bold(late);
	format_set_font_color(late, LXW_COLOR_RED);

	lxw_worksheet *ws = workbook_add_worksheet(wb, "抽查计划");
	worksheet_set_landscape(ws);
	worksheet_set_paper(ws, 9); /* A4 */
	worksheet_fit_to_pages(ws, 1, 0);
	static const double widths[NCOLS] = {5, 18, 12, 26, 30, 12, 14, 22, 8, 18, 8, 10, 12, 10};
	for (int c = 0; c < NCOLS; c++)
		worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
	worksheet_merge_range(ws, 0, 0, 0, NCOLS - 1, title_text, title);
	strbuf_reset(&t);
	subtitle(d, &t);
	worksheet_merge_range(ws, 1, 0, 1, NCOLS - 1, t.buf, NULL);
	lxw_row_t row = 2;
	strbuf_reset(&t);
	strbuf_addf(&t, "编制单位：%s    计划日期：%s    备案日期：%s", d->org, d->date,
		    d->filed ? d->filed_date : "（草稿，尚未备案）");
	worksheet_write_string(ws, row++, 0, t.buf, NULL);
	if (d->version > 1) {
		strbuf_reset(&t);
		strbuf_addf(&t, "调整原因：%s", d->reason);
		worksheet_write_string(ws, row++, 0, t.buf, NULL);
	}
	worksheet_write_string(ws, row++, 0,
			       "报送备案：上级生态环境部门；本辖区“双随机、一公开”领导小组办公室", NULL);
	if (d->late) {
		strbuf_reset(&t);
		late_text(d, &t);
		worksheet_write_string(ws, row++, 0, t.buf, late);
	}
	row++;
	for (int c = 0; c < NCOLS; c++)
		worksheet_write_string(ws, row, (lxw_col_t)c, headers[c], head);
	worksheet_repeat_rows(ws, row, row);
	row++;
	build_table(d, &tab);
	for (size_t r = 0; r < tab.nrows; r++, row++)
		for (int c = 0; c < NCOLS; c++) {
			const char *v = tab.cells[r * NCOLS + c];
			if ((c == 0 || c == 10 || c == 11) && *v >= '0' && *v <= '9')
				worksheet_write_number(ws, row, (lxw_col_t)c, strtod(v, NULL), cell);
			else
				worksheet_write_string(ws, row, (lxw_col_t)c, v, cell);
		}
	table_release(&tab);
	if (*d->content_hash) {
		strbuf_reset(&t);
		strbuf_addf(&t, "内容校验码（SHA-256）：%s", d->content_hash);
		worksheet_write_string(ws, row + 1, 0, t.buf, NULL);
	}

	if (d->check) {
		lxw_worksheet *cs = workbook_add_worksheet(wb, "第七条核对");
		worksheet_set_column(cs, 0, 0, 70, NULL);
		worksheet_set_column(cs, 1, 4, 12, NULL);
		strbuf_reset(&t);
		strbuf_addf(&t, "按截至 %s 的名录计算；只计入计划必然抽到的对象（详见 docs/PLAN.md）",
			    d->check_as_of);
		worksheet_write_string(cs, 0, 0, t.buf, NULL);
		for (int c = 0; c < 5; c++)
			worksheet_write_string(cs, 1, (lxw_col_t)c, check_headers[c], head);
		for (int i = 0; i < A7_NRULES; i++) {
			const struct a7_minimum *mm = &d->check->min[i];
			strbuf_reset(&t);
			check_rule_text(d, mm, &t);
			worksheet_write_string(cs, (lxw_row_t)(2 + i), 0, t.buf, cell);
			worksheet_write_number(cs, (lxw_row_t)(2 + i), 1, (double)mm->required, cell);
			worksheet_write_number(cs, (lxw_row_t)(2 + i), 2, (double)mm->planned, cell);
			worksheet_write_number(cs, (lxw_row_t)(2 + i), 3, (double)mm->shortfall, cell);
			worksheet_write_string(cs, (lxw_row_t)(2 + i), 4, verdict(mm), cell);
		}
	}

	lxw_worksheet *vs = workbook_add_worksheet(wb, "版本记录");
	static const char *const vh[] = {"版本", "日期", "调整原因", "状态", "备案日期"};
	worksheet_set_column(vs, 0, 1, 12, NULL);
	worksheet_set_column(vs, 2, 2, 40, NULL);
	worksheet_set_column(vs, 3, 4, 14, NULL);
	for (int c = 0; c < 5; c++)
		worksheet_write_string(vs, 0, (lxw_col_t)c, vh[c], head);
	for (size_t i = 0; i < d->nhistory; i++) {
		const struct plan_doc_version *v = &d->history[i];
		lxw_row_t r = (lxw_row_t)(i + 1);
		strbuf_reset(&t);
		strbuf_addf(&t, "第%d版", v->version);
		worksheet_write_string(vs, r, 0, t.buf, cell);
		worksheet_write_string(vs, r, 1, v->date, cell);
		worksheet_write_string(vs, r, 2,
				       *v->reason ? v->reason : (v->version == 1 ? "年度计划" : "—"), cell);
		worksheet_write_string(
		    vs, r, 3, !strcmp(v->status, "filed") ? (v->late ? "已备案（逾期）" : "已备案") : "草稿",
		    cell);
		worksheet_write_string(vs, r, 4, *v->filed_date ? v->filed_date : "—", cell);
	}
	strbuf_release(&t);
	errno = 0;
	lxw_error e = workbook_close(wb);
	free(title_text);
	if (e != LXW_NO_ERROR) {
		int full = errno == ENOSPC;
		outfile_abort(out);
		return set_err(err, "无法写入文件 %s（%s）", path,
			       full    ? "磁盘空间不足"
			       : errno ? errno_zh(errno)
				       : xlsx_error_zh(e));
	}
	return outfile_commit(out, err);
}
