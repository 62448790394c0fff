/*
 * This file renders the task notice (io/task-notice.h).
 */
#include "io/task-notice.h"

#include "io/html.h"

static void html_doc(const struct task_notice *n, struct strbuf *doc)
{
	html_addf(doc,
		  "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		  "<title>检查任务单 %ld</title>\n<style>\n"
		  "body{font-family:\"Noto Serif CJK SC\",\"Noto Sans CJK "
		  "SC\",\"SimSun\",serif;max-width:190mm;margin:10mm auto;"
		  "font-size:12pt;line-height:1.6}\nh1{text-align:center;font-size:20pt;letter-spacing:.3em;"
		  "margin:0 0 4mm}\n"
		  ".org{text-align:center;margin:0 0 "
		  "6mm}\ntable{border-collapse:collapse;width:100%%;margin:2mm 0 5mm}\n"
		  "th,td{border:1px solid #000;padding:2mm "
		  "3mm;text-align:left;vertical-align:top}\nth{width:22%%}\n"
		  "td.sign{width:25mm}\n.note{font-size:10.5pt}\n@page{size:A4;margin:15mm}\n</style>\n</"
		  "head>\n<body>\n"
		  "<h1>检查任务单</h1>\n<p class=\"org\">%s　　任务编号：%ld</p>\n<table>\n",
		  n->task_id, n->unit, n->task_id);
	html_addf(doc, "<tr><th>任务来源</th><td>%s</td></tr>\n", n->source);
	html_addf(doc,
		  "<tr><th>检查对象</th><td>%s</td></tr>\n<tr><th>统一社会信用代码</th><td>%s</td></tr>\n",
		  n->object_name, n->uscc);
	html_addf(doc, "<tr><th>所在地区</th><td>%s</td></tr>\n<tr><th>地址</th><td>%s</td></tr>\n",
		  n->region, n->address);
	html_addf(doc,
		  "<tr><th>检查方式</th><td>%s</td></tr>\n<tr><th>检查时段</th><td>%s</td></tr>\n</table>\n",
		  n->mode, *n->slot ? n->slot : "按计划安排");
	strbuf_adds(
	    doc,
	    "<h2>检查事项</h2>\n<table>\n<tr><th>序号</th><th>事项编码</th><th>事项名称</th><th>检查内容</th>"
	    "<th>法律依据</th><th>责任科室</th></tr>\n");
	for (size_t i = 0; i < n->nitems; i++) {
		const struct notice_item *it = &n->items[i];
		html_addf(doc,
			  "<tr><td>%d</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>\n",
			  (int)i + 1, it->code, it->name, it->content, it->basis, it->department);
	}
	strbuf_adds(doc,
		    "</table>\n<h2>检查组</h2>\n<table>\n<tr><th>人员编号</th><th>姓名</th><th>执法证号</th>"
		    "<th>单位</th><th>签名</th></tr>\n");
	for (size_t i = 0; i < n->nteam; i++)
		html_addf(doc,
			  "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"sign\"></td></tr>\n",
			  n->team[i].id, n->team[i].name, n->team[i].cert, n->team[i].unit);
	strbuf_adds(doc, "</table>\n");
	if (n->nexperts) {
		strbuf_adds(doc,
			    "<h2>辅助检查人员</h2>\n<table>\n<tr><th>人员编号</th><th>姓名</th><th>证号</th>"
			    "<th>单位</th><th>签名</th></tr>\n");
		for (size_t i = 0; i < n->nexperts; i++)
			html_addf(
			    doc,
			    "<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td class=\"sign\"></td></tr>\n",
			    n->experts[i].id, n->experts[i].name, n->experts[i].cert, n->experts[i].unit);
		strbuf_adds(doc, "</table>\n");
	}
	html_addf(
	    doc,
	    "<p class=\"note\">检查时应出示行政执法证件，不少于两名执法人员；与检查对象有利害关系的应当回避。"
	    "检查结束后由检查组录入检查结果（谁检查、谁录入），并在检查结束后 %d 个工作日内向社会公开"
	    "检查时间、内容和结果（《焦作市生态环境“双随机、一公开”监管工作规范》第九条）。</p>\n"
	    "<p>派出单位（盖章）：　　　　　　　　　　　　日期：　　年　　月　　日</p>\n</body>\n</html>\n",
	    n->workdays);
}

static void text_people(const struct notice_person *p, size_t n, struct strbuf *doc)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(doc, "  %s %s  执法证号 %s  %s\n", p[i].id, p[i].name,
			    *p[i].cert ? p[i].cert : "-", p[i].unit);
}

static void text_doc(const struct task_notice *n, struct strbuf *doc)
{
	strbuf_addf(doc,
		    "检查任务单\n%s  任务编号 %ld\n任务来源: %s\n检查对象: %s\n统一社会信用代码: %s\n"
		    "所在地区: %s\n地址: %s\n检查方式: %s\n检查时段: %s\n检查事项:\n",
		    n->unit, n->task_id, n->source, n->object_name, n->uscc, n->region, n->address, n->mode,
		    *n->slot ? n->slot : "按计划安排");
	for (size_t i = 0; i < n->nitems; i++) {
		const struct notice_item *it = &n->items[i];
		strbuf_addf(doc, "  %zu. %s %s\n     检查内容: %s\n     法律依据: %s\n     责任科室: %s\n",
			    i + 1, it->code, it->name, it->content, it->basis, it->department);
	}
	strbuf_adds(doc, "检查组:\n");
	text_people(n->team, n->nteam, doc);
	if (n->nexperts) {
		strbuf_adds(doc, "辅助检查人员:\n");
		text_people(n->experts, n->nexperts, doc);
	}
	strbuf_addf(doc, "检查结束后 %d 个工作日内公开检查时间、内容和结果（第九条）。\n", n->workdays);
}

void task_notice_render(const struct task_notice *n, int html, struct strbuf *out)
{
	if (html)
		html_doc(n, out);
	else
		text_doc(n, out);
}
