/*
 * This file implements the public site of Article 9 (see publish.h): the HTML pages, the style sheet,
 * the search script with its index, and the draw pages. The platform files are publish-platform.c.
 *
 * Pages link to each other relatively, so the folder can be copied anywhere (a government web site,
 * a USB stick) and opened from disk. The search runs in the browser over search-index.js (a file
 * script, because browsers refuse to fetch JSON from file:// pages); it builds its results with
 * textContent, never innerHTML, so a name can never become markup.
 */
#include "io/publish.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "io/html.h"
#include "io/outfile.h"
#include "io/publish-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int pub_mkdir(const char *path, char **err)
{
	if (mkdir(path, 0755) && errno != EEXIST)
		return set_err(err, "无法创建目录 %s: %s", path, errno_zh(errno));
	return 0;
}

int pub_write(const char *dir, const char *name, const void *data, size_t len, long *count, char **err)
{
	char *path = xasprintf("%s/%s", dir, name);
	/* inside the temporary site: each file is checked; the site is synced and swapped in whole */
	FILE *f = fopen(path, "wb");
	int e = 0;
	if (!f)
		e = errno;
	else {
		if (fwrite(data, 1, len, f) != len || fflush(f))
			e = errno ? errno : EIO;
		if (fclose(f) && !e) /* closed exactly once, whatever happened */
			e = errno ? errno : EIO;
	}
	int rc = 0;
	if (e)
		rc = set_err(err, "无法写入 %s: %s", name, e == ENOSPC ? "磁盘空间不足" : errno_zh(e));
	else
		(*count)++;
	free(path);
	return rc;
}

/* The file name of an object's page: the credit code's letters and digits only. */
void pub_object_file(const char *uscc, char out[40])
{
	size_t n = 0;
	for (const char *p = uscc; *p && n < 32; p++)
		if ((*p >= '0' && *p <= '9') || (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
			out[n++] = *p;
	if (!n) {
		memcpy(out, "unknown", 8);
		return;
	}
	out[n] = '\0';
}

static int record_cmp(const void *a, const void *b)
{
	const struct pub_record *x = a, *y = b;
	int c = strcmp(x->end_date, y->end_date);
	if (!c)
		c = strcmp(x->uscc, y->uscc);
	if (!c)
		c = x->task_id < y->task_id ? -1 : x->task_id > y->task_id;
	return c;
}

static int record_by_object(const void *a, const void *b)
{
	const struct pub_record *x = *(const struct pub_record *const *)a,
				*y = *(const struct pub_record *const *)b;
	int c = strcmp(x->uscc, y->uscc);
	if (!c)
		c = record_cmp(x, y);
	return c;
}

static int draw_cmp(const void *a, const void *b)
{
	const struct pub_draw *x = a, *y = b;
	return x->id < y->id ? -1 : x->id > y->id;
}

static const char style_css[] =
    "body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"Microsoft YaHei\",\"PingFang "
    "SC\",sans-serif;"
    "margin:0;color:#1f2328;background:#f6f7f9;line-height:1.6}\n"
    "header{background:#1c5d99;color:#fff;padding:14px 24px}\n"
    "header h1{margin:0;font-size:22px}\nheader p{margin:4px 0 0;font-size:14px;opacity:.9}\n"
    "nav{background:#e8eef5;padding:8px 24px;font-size:14px}\nnav a{margin-right:16px;color:#1c5d99}\n"
    "main{padding:16px 24px;max-width:1200px}\n"
    "table{border-collapse:collapse;width:100%;background:#fff;font-size:14px}\n"
    "th,td{border:1px solid #c9d3de;padding:6px 8px;text-align:left;vertical-align:top}\n"
    "th{background:#eef3f8;white-space:nowrap}\n"
    "dl{display:grid;grid-template-columns:9em 1fr;gap:4px 12px;background:#fff;padding:12px;border:1px "
    "solid #c9d3de}\n"
    "dt{color:#57606a}\ndd{margin:0;word-break:break-all}\n"
    ".code{font-family:monospace;color:#57606a}\n"
    ".search{background:#fff;padding:12px;border:1px solid #c9d3de;margin-bottom:16px}\n"
    ".search input{font-size:16px;padding:6px 8px;width:28em;max-width:90%}\n"
    "#results li{margin:4px 0}\n"
    "footer{padding:16px 24px;font-size:12px;color:#57606a}\n"
    "@media print{nav,.search,footer{display:none}header{background:none;color:#000}}\n";

static const char search_js[] =
    "/* suiji: search the published results by object name or credit code (no server needed). */\n"
    "(function () {\n"
    "\t'use strict';\n"
    "\tvar box = document.getElementById('q');\n"
    "\tvar out = document.getElementById('results');\n"
    "\tvar count = document.getElementById('count');\n"
    "\tif (!box || !out || typeof SUIJI_INDEX === 'undefined') return;\n"
    "\tfunction norm(s) { return String(s).replace(/\\s+/g, '').toUpperCase(); }\n"
    "\tfunction show() {\n"
    "\t\tvar q = norm(box.value);\n"
    "\t\twhile (out.firstChild) out.removeChild(out.firstChild);\n"
    "\t\tif (!q) { count.textContent = ''; return; }\n"
    "\t\tvar n = 0;\n"
    "\t\tSUIJI_INDEX.forEach(function (o) {\n"
    "\t\t\tif (norm(o.name).indexOf(q) < 0 && o.uscc.indexOf(q) < 0) return;\n"
    "\t\t\tn++;\n"
    "\t\t\tvar li = document.createElement('li');\n"
    "\t\t\tvar a = document.createElement('a');\n"
    "\t\t\ta.href = 'object/' + o.page;\n"
    "\t\t\ta.textContent = o.name;\n"
    "\t\t\tvar code = document.createElement('span');\n"
    "\t\t\tcode.className = 'code';\n"
    "\t\t\tcode.textContent = ' ' + o.uscc + ' ';\n"
    "\t\t\tvar meta = document.createElement('span');\n"
    "\t\t\tmeta.textContent = '（' + o.records + ' 条检查结果，最近检查 ' + o.last + '）';\n"
    "\t\t\tli.appendChild(a);\n"
    "\t\t\tli.appendChild(code);\n"
    "\t\t\tli.appendChild(meta);\n"
    "\t\t\tout.appendChild(li);\n"
    "\t\t});\n"
    "\t\tcount.textContent = n ? '找到 ' + n + ' 个检查对象' : '没有找到与“' + box.value + "
    "'”匹配的检查对象';\n"
    "\t}\n"
    "\tbox.addEventListener('input', show);\n"
    "\tvar m = /[?&]q=([^&]*)/.exec(window.location.search);\n"
    "\tif (m) box.value = decodeURIComponent(m[1].replace(/\\+/g, ' '));\n"
    "\tshow();\n"
    "})();\n";

/* The page around "body"; "up" is "" at the top and "../" in a subfolder. */
static void page(struct strbuf *sb, const struct pub_site *site, const char *up, const char *title,
		 const struct strbuf *body, const char *const *years, size_t nyears, int with_search)
{
	html_addf(sb,
		  "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		  "<title>%s - %s</title>\n",
		  title, site->bureau);
	strbuf_addf(sb, "<link rel=\"stylesheet\" href=\"%sstyle.css\">\n</head>\n<body>\n", up);
	html_addf(
	    sb,
	    "<header><h1>%s</"
	    "h1><p>“双随机、一公开”检查结果公开（《焦作市生态环境“双随机、一公开”监管工作规范》第九条）</p></"
	    "header>\n",
	    site->bureau);
	strbuf_addf(sb, "<nav><a href=\"%sindex.html\">首页・查询</a>", up);
	for (size_t i = 0; i < nyears; i++)
		strbuf_addf(sb, "<a href=\"%syear/%s.html\">%s年</a>", up, years[i], years[i]);
	strbuf_addf(
	    sb,
	    "<a href=\"%sindex.html#draws\">随机抽取公告</a><a href=\"%sheads/index.html\">审计链头与证明</a>"
	    "</nav>\n<main>\n",
	    up, up);
	strbuf_add(sb, body->buf ? body->buf : "", body->len);
	strbuf_adds(sb,
		    "</main>\n<footer>本页由 suiji 根据已公开的检查结果生成。检查结果用语依照《规范》第九条："
		    "“未发现问题”“发现问题已责令整改”“发现违法行为已立案调查”。涉及保密、国家安全、公共安全的"
		    "检查情况依法不予公开。</footer>\n");
	if (with_search)
		strbuf_addf(
		    sb,
		    "<script src=\"%ssearch-index.js\"></script>\n<script src=\"%ssearch.js\"></script>\n",
		    up, up);
	strbuf_adds(sb, "</body>\n</html>\n");
}

/* The table of records; "up" prefixes links to object pages. */
static void records_table(struct strbuf *sb, struct pub_record *const *recs, size_t n, const char *up,
			  int with_object)
{
	strbuf_adds(sb, "<table>\n<thead><tr>");
	if (with_object)
		strbuf_adds(sb, "<th>检查对象</th><th>统一社会信用代码</th>");
	strbuf_adds(sb, "<th>检查时间</th><th>检查内容</th><th>检查结果</th><th>检查类型</th><th>检查单位</"
			"th><th>公开日期</th><th>审计证明</th></tr></thead>\n"
			"<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		const struct pub_record *r = recs[i];
		char file[40];
		pub_object_file(r->uscc, file);
		strbuf_adds(sb, "<tr>");
		if (with_object) {
			strbuf_addf(sb, "<td><a href=\"%sobject/%s.html\">", up, file);
			html_addf(sb, "%s</a></td><td class=\"code\">%s</td>", r->name, r->uscc);
		}
		html_addf(sb, "<td>%s</td><td>%s</td><td>%s", r->dates, r->items, r->result);
		if (r->corrected_on && *r->corrected_on)
			html_addf(sb, "（%s 更正）", r->corrected_on);
		html_addf(sb, "</td><td>%s</td><td>%s</td><td>%s</td>", r->kind, r->unit, r->published_on);
		if (r->proof)
			strbuf_addf(sb, "<td><a href=\"%sproof/task-%ld.json\">证明</a></td></tr>\n", up,
				    r->task_id);
		else
			strbuf_adds(sb, "<td>—</td></tr>\n");
	}
	strbuf_adds(sb, "</tbody>\n</table>\n");
}

static int draw_json_field(const char *json, const char *key, struct strbuf *out)
{
	json_error_t e;
	json_t *j = json_loads(json ? json : "", 0, &e);
	/* the document is {announcement: {...}, inputs, protocol}: the fields are the announcement's */
	const char *v =
	    j ? json_string_value(json_object_get(json_object_get(j, "announcement"), key)) : NULL;
	strbuf_adds(out, v ? v : "");
	json_decref(j);
	return v != NULL;
}

const char *publish_draw_state(const char *state)
{
	if (!strcmp(state, "announced"))
		return "已公告，待抽取";
	if (!strcmp(state, "drawn"))
		return "已抽取，检查结束后公开抽取包";
	if (!strcmp(state, "revealed"))
		return "已公开抽取包，可独立核验";
	if (!strcmp(state, "void"))
		return "已作废（公告保留公开，不得据此检查）";
	return state;
}

static int write_draws(const char *dir, struct pub_site *site, const char *const *years, size_t nyears,
		       struct strbuf *index_list, long *count, char **err)
{
	char *ddir = xasprintf("%s/draw", dir), *pdir = xasprintf("%s/proof", dir);
	int rc = pub_mkdir(ddir, err) || pub_mkdir(pdir, err) ? -1 : 0;
	for (size_t i = 0; !rc && i < site->ndraws; i++) {
		const struct pub_draw *d = &site->draws[i];
		struct strbuf body = STRBUF_INIT, sb = STRBUF_INIT, v = STRBUF_INIT;
		char name[64], title[64];
		snprintf(title, sizeof(title), "随机抽取 第%ld号", d->id);
		html_addf(&body, "<h2>%s（%s）</h2>\n<dl>\n", title, d->period);
		html_addf(&body, "<dt>状态</dt><dd>%s</dd>\n", publish_draw_state(d->state));
		static const struct {
			const char *key, *zh;
		} fields[] = {
		    {"announced_at", "公告时间"},
		    {"org", "组织单位"},
		    {"inputs_hash", "抽取输入摘要（SHA-256）"},
		    {"salt_commitment", "随机盐承诺值（SHA-256）"},
		    {"beacon_source", "公开随机源"},
		};
		for (size_t k = 0; k < sizeof(fields) / sizeof(fields[0]); k++) {
			strbuf_reset(&v);
			if (draw_json_field(d->announcement, fields[k].key, &v))
				html_addf(&body, "<dt>%s</dt><dd class=\"code\">%s</dd>\n", fields[k].zh,
					  strbuf_str(&v));
		}
		snprintf(name, sizeof(name), "%ld-announcement.json", d->id);
		strbuf_addf(&body, "<dt>抽取公告</dt><dd><a href=\"%s\">%s</a></dd>\n", name, name);
		rc = pub_write(ddir, name, d->announcement, strlen(d->announcement), count, err);
		if (!rc && d->package) {
			snprintf(name, sizeof(name), "%ld-package.json", d->id);
			strbuf_addf(&body, "<dt>抽取包</dt><dd><a href=\"%s\">%s</a></dd>\n", name, name);
			rc = pub_write(ddir, name, d->package, strlen(d->package), count, err);
		}
		if (!rc && d->proof) {
			snprintf(name, sizeof(name), "draw-%ld.json", d->id);
			strbuf_addf(
			    &body,
			    "<dt>审计证明</dt><dd><a href=\"../proof/%s\">%s</a>（本次抽取的每一条审计记录"
			    "都在<a href=\"../heads/index.html\">公开的审计链头</a>之中）</dd>\n",
			    name, name);
			rc = pub_write(pdir, name, d->proof, strlen(d->proof), count, err);
		}
		strbuf_adds(&body, "</dl>\n");
		if (d->package)
			strbuf_adds(
			    &body,
			    "<p>任何人都可以下载抽取包，用 <code>suiji verify 抽取包.json</code> 或 "
			    "<code>python3 tools/verify.py 抽取包.json</code> 独立核验：抽取输入与公告一致，"
			    "抽取结果可由公告的输入、随机盐和公开随机源完全重现。</p>\n");
		else
			strbuf_adds(&body,
				    "<p>抽取结果在检查实施前保密；检查结束后公开抽取包，供社会核验。</p>\n");
		page(&sb, site, "../", title, &body, years, nyears, 0);
		snprintf(name, sizeof(name), "%ld.html", d->id);
		if (!rc)
			rc = pub_write(ddir, name, sb.buf, sb.len, count, err);
		html_addf(index_list, "<li><a href=\"draw/%ld.html\">第%ld号（%s）</a>：%s</li>\n", d->id,
			  d->id, d->period, publish_draw_state(d->state));
		strbuf_release(&body);
		strbuf_release(&sb);
		strbuf_release(&v);
	}
	free(ddir);
	free(pdir);
	return rc;
}

static long publish_into(const char *dir, struct pub_site *site, long count, char **err);

long publish_site(const char *target, struct pub_site *site, char **err)
{
	struct outdir *od = outdir_open(target, err);
	if (!od)
		return -1;
	char *why = NULL;
	long count = 0;
	if (publish_heads(target, outdir_path(od), site, &count, &why))
		count = -1;
	else
		count = publish_into(outdir_path(od), site, count, &why);
	if (count < 0) {
		set_err(err, "生成公开网站 %s 失败: %s（原有网站未改动）", target, why ? why : "");
		free(why);
		outdir_abort(od);
		return -1;
	}
	if (outdir_commit(od, err))
		return -1;
	return count;
}

static int name_cmp(const void *a, const void *b)
{
	const char *x = *(const char *const *)a, *y = *(const char *const *)b;
	long nx = atol(x + (strncmp(x, "consistency-", 12) ? 0 : 12)),
	     ny = atol(y + (strncmp(y, "consistency-", 12) ? 0 : 12));
	return nx != ny ? (nx < ny ? -1 : 1) : strcmp(x, y);
}

/* A field of the JSON file dir/name, as text ("" when absent), into "out". */
static void json_file_field(const char *dir, const char *name, const char *key, struct strbuf *out)
{
	char *path = xasprintf("%s/%s", dir, name);
	json_error_t e;
	json_t *j = json_load_file(path, 0, &e);
	json_t *v = json_object_get(j, key);
	if (json_is_string(v))
		strbuf_adds(out, json_string_value(v));
	else if (json_is_integer(v))
		strbuf_addf(out, "%lld", (long long)json_integer_value(v));
	json_decref(j);
	free(path);
}

/* heads/index.html: every head and consistency proof of heads/ (written before), and how to check them. */
static int write_heads_page(const char *dir, struct pub_site *site, const char *const *years, size_t nyears,
			    long *count, char **err)
{
	char *hdir = xasprintf("%s/heads", dir);
	DIR *d = opendir(hdir);
	char **names = NULL;
	size_t n = 0, alloc = 0;
	for (struct dirent *e; d && (e = readdir(d));) {
		if (e->d_name[0] == '.' || !strcmp(e->d_name, "latest.json") || !strstr(e->d_name, ".json"))
			continue;
		ALLOC_GROW(names, n + 1, alloc);
		names[n++] = xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), name_cmp);
	struct strbuf body = STRBUF_INIT, sb = STRBUF_INIT, v = STRBUF_INIT;
	strbuf_adds(
	    &body,
	    "<h2>审计链头与证明</h2>\n<p>本局的每一项操作都记入审计链。审计链头（signed tree "
	    "head）是本局用签名私钥"
	    "签署的审计链摘要：条数、最后一条记录的哈希、全部记录的默克尔树根。以前公开的链头全部保留在这里，"
	    "从不删除、从不覆盖；任何人都可以下载保存。</p>\n"
	    "<p><b>包含证明</b>（每项检查结果、每次抽取页面上的“审计证明”）证明：记录该项公开内容的审计记录"
	    "确实在所签链头概括的审计链之中，本局事后不能删除或改动它而不被发现。<b>一致性证明</"
	    "b>证明：后一个链头的审计链"
	    "是在前一个之后只追加而成的，之前的记录一条也没有改。</p>\n"
	    "<p>核对方法（只需 Python 3，不需要本局的数据库；本局公钥以官网公布的为准）：</p>\n<pre>"
	    "python3 tools/audit_proof.py --key 本局公钥.pem --head heads/链头.json --proof "
	    "proof/task-任务编号.json\n"
	    "python3 tools/audit_proof.py --key 本局公钥.pem --from heads/链头1.json --to heads/链头2.json "
	    "--proof heads/consistency-….json\n"
	    "python3 tools/audit_proof.py --key 本局公钥.pem --site 本网站目录</pre>\n");
	if (site->proof_head)
		html_addf(&body,
			  "<p>本网站上检查结果和抽取的审计证明针对链头 <a href=\"../%s\">%s</a>。</p>\n",
			  site->proof_head, site->proof_head);
	else
		strbuf_adds(&body, "<p>本次生成网站时没有可用的签名链头，检查结果和抽取暂无审计证明。</p>\n");
	strbuf_adds(&body, "<h3>审计链头</h3>\n<table>\n<thead><tr><th>文件</th><th>条数</th><th>时间</th>"
			   "<th>默克尔树根</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < n; i++) {
		if (!strncmp(names[i], "consistency-", 12))
			continue;
		html_addf(&body, "<tr><td><a href=\"%s\">%s</a></td>", names[i], names[i]);
		const char *keys[] = {"seq", "time", "root"};
		for (size_t k = 0; k < 3; k++) {
			strbuf_reset(&v);
			json_file_field(hdir, names[i], keys[k], &v);
			strbuf_adds(&body, k == 2 ? "<td class=\"code\">" : "<td>");
			html_addf(&body, "%s</td>", strbuf_str(&v));
		}
		strbuf_adds(&body, "</tr>\n");
	}
	strbuf_adds(&body, "</tbody>\n</table>\n<h3>一致性证明</h3>\n<ul>\n");
	size_t nc = 0;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(names[i], "consistency-", 12))
			continue;
		struct strbuf a = STRBUF_INIT, b = STRBUF_INIT;
		json_file_field(hdir, names[i], "first", &a);
		json_file_field(hdir, names[i], "second", &b);
		html_addf(&body, "<li><a href=\"%s\">%s</a>：第 %s 条 → 第 %s 条</li>\n", names[i], names[i],
			  strbuf_str(&a), strbuf_str(&b));
		strbuf_release(&a);
		strbuf_release(&b);
		nc++;
	}
	if (!nc)
		strbuf_adds(&body, "<li>暂无（第一次公开链头时没有前一个链头）。</li>\n");
	strbuf_adds(&body, "</ul>\n");
	page(&sb, site, "../", "审计链头与证明", &body, years, nyears, 0);
	int rc = pub_write(hdir, "index.html", sb.buf, sb.len, count, err);
	strbuf_release(&body);
	strbuf_release(&sb);
	strbuf_release(&v);
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(hdir);
	return rc;
}

/* Writes the site into the new directory "dir" (heads/ is already there); "count" files so far. */
static long publish_into(const char *dir, struct pub_site *site, long count, char **err)
{
	int rc = 0;
	if (site->nrecords)
		qsort(site->records, site->nrecords, sizeof(*site->records), record_cmp);
	if (site->ndraws)
		qsort(site->draws, site->ndraws, sizeof(*site->draws), draw_cmp);

	/* the years, ascending */
	const char **years = xcalloc(site->nrecords + 1, sizeof(*years));
	char(*year_buf)[5] = xcalloc(site->nrecords + 1, sizeof(*year_buf));
	size_t nyears = 0;
	for (size_t i = 0; i < site->nrecords; i++) {
		if (nyears && !strncmp(years[nyears - 1], site->records[i].end_date, 4))
			continue;
		memcpy(year_buf[nyears], site->records[i].end_date, 4);
		years[nyears] = year_buf[nyears];
		nyears++;
	}
	struct pub_record **by_object = xcalloc(site->nrecords + 1, sizeof(*by_object));
	for (size_t i = 0; i < site->nrecords; i++)
		by_object[i] = &site->records[i];
	if (site->nrecords)
		qsort(by_object, site->nrecords, sizeof(*by_object), record_by_object);

	char *ydir = xasprintf("%s/year", dir), *odir = xasprintf("%s/object", dir);
	struct strbuf sb = STRBUF_INIT, body = STRBUF_INIT, draws = STRBUF_INIT;
	if (pub_mkdir(dir, err) || pub_mkdir(ydir, err) || pub_mkdir(odir, err))
		goto fail;
	if (pub_write(dir, "style.css", style_css, strlen(style_css), &count, err) ||
	    pub_write(dir, "search.js", search_js, strlen(search_js), &count, err))
		goto fail;

	/* one page per year */
	for (size_t y = 0; y < nyears; y++) {
		struct pub_record **recs = xcalloc(site->nrecords + 1, sizeof(*recs));
		size_t n = 0;
		for (size_t i = 0; i < site->nrecords; i++)
			if (!strncmp(site->records[i].end_date, years[y], 4))
				recs[n++] = &site->records[i];
		char title[32], name[32];
		snprintf(title, sizeof(title), "%s年检查结果", years[y]);
		strbuf_reset(&body);
		strbuf_reset(&sb);
		html_addf(&body, "<h2>%s</h2>\n<p>共 %ld 条，按检查时间排列。</p>\n", title, (long)n);
		records_table(&body, recs, n, "../", 1);
		page(&sb, site, "../", title, &body, years, nyears, 0);
		snprintf(name, sizeof(name), "%s.html", years[y]);
		free(recs);
		if (pub_write(ydir, name, sb.buf, sb.len, &count, err))
			goto fail;
	}

	/* one page per object, and the search index */
	json_t *index = json_array();
	for (size_t i = 0; i < site->nrecords;) {
		size_t j = i;
		while (j < site->nrecords && !strcmp(by_object[j]->uscc, by_object[i]->uscc))
			j++;
		const struct pub_record *last = by_object[j - 1];
		char file[40], name[48];
		pub_object_file(last->uscc, file);
		strbuf_reset(&body);
		strbuf_reset(&sb);
		html_addf(&body, "<h2>%s</h2>\n<dl>\n<dt>统一社会信用代码</dt><dd class=\"code\">%s</dd>\n",
			  last->name, last->uscc);
		if (*last->region)
			html_addf(&body, "<dt>所在地区</dt><dd>%s</dd>\n", last->region);
		html_addf(&body, "<dt>检查结果</dt><dd>%ld 条</dd>\n</dl>\n<h3>检查情况</h3>\n",
			  (long)(j - i));
		records_table(&body, by_object + i, j - i, "../", 0);
		page(&sb, site, "../", last->name, &body, years, nyears, 0);
		snprintf(name, sizeof(name), "%s.html", file);
		if (pub_write(odir, name, sb.buf, sb.len, &count, err)) {
			json_decref(index);
			goto fail;
		}
		json_array_append_new(index, json_pack("{s:s, s:s, s:s, s:I, s:s}", "uscc", last->uscc,
						       "name", last->name, "page", name, "records",
						       (json_int_t)(j - i), "last", last->end_date));
		i = j;
	}
	/* the audit proofs of the records */
	char *pdir = xasprintf("%s/proof", dir);
	rc = pub_mkdir(pdir, err);
	for (size_t i = 0; !rc && i < site->nrecords; i++) {
		const struct pub_record *r = &site->records[i];
		char name[48];
		snprintf(name, sizeof(name), "task-%ld.json", r->task_id);
		if (r->proof)
			rc = pub_write(pdir, name, r->proof, strlen(r->proof), &count, err);
	}
	free(pdir);
	if (rc) {
		json_decref(index);
		goto fail;
	}
	char *index_json = json_dumps(index, JSON_SORT_KEYS | JSON_INDENT(1));
	json_decref(index);
	strbuf_reset(&sb);
	strbuf_addf(&sb,
		    "/* suiji: the search index of the published results (also index.json). */\nvar "
		    "SUIJI_INDEX = %s;\n",
		    index_json ? index_json : "[]");
	rc = pub_write(dir, "search-index.js", sb.buf, sb.len, &count, err);
	if (!rc) {
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s\n", index_json ? index_json : "[]");
		rc = pub_write(dir, "index.json", sb.buf, sb.len, &count, err);
	}
	free(index_json);
	if (rc)
		goto fail;

	if (write_draws(dir, site, years, nyears, &draws, &count, err) ||
	    write_heads_page(dir, site, years, nyears, &count, err))
		goto fail;

	/* the front page */
	strbuf_reset(&body);
	strbuf_reset(&sb);
	strbuf_adds(
	    &body,
	    "<section class=\"search\"><form action=\"index.html\" method=\"get\" onsubmit=\"return false\">"
	    "<label for=\"q\">查询检查对象（名称或统一社会信用代码）：</label><br>"
	    "<input id=\"q\" name=\"q\" type=\"search\" autocomplete=\"off\" placeholder=\"如：沁阳市 或 "
	    "914108\">"
	    "</form><p id=\"count\"></p><ul id=\"results\"></ul></section>\n");
	html_addf(&body, "<h2>检查结果（共 %ld 条）</h2>\n<ul>\n", (long)site->nrecords);
	for (size_t y = nyears; y-- > 0;) {
		long n = 0;
		for (size_t i = 0; i < site->nrecords; i++)
			n += !strncmp(site->records[i].end_date, years[y], 4);
		html_addf(&body, "<li><a href=\"year/%s.html\">%s年</a>：%ld 条</li>\n", years[y], years[y],
			  n);
	}
	strbuf_adds(&body, "</ul>\n<h2 id=\"draws\">随机抽取公告与抽取包</h2>\n");
	if (site->ndraws)
		strbuf_addf(&body, "<ul>\n%s</ul>\n", strbuf_str(&draws));
	else
		strbuf_adds(&body, "<p>暂无。</p>\n");
	if (site->nrecords)
		html_addf(&body, "<p>最近一次检查结束于 %s。</p>\n",
			  site->records[site->nrecords - 1].end_date);
	strbuf_adds(&body,
		    "<h2>审计链头与证明</h2>\n<p>每项检查结果和每次抽取都附有审计证明，可以对照本局签名的"
		    "<a href=\"heads/index.html\">审计链头</a>独立核对：公开的内容确实记入了本局的审计链，"
		    "事后没有被删除或改动。</p>\n");
	page(&sb, site, "", "检查结果公开", &body, years, nyears, 1);
	if (pub_write(dir, "index.html", sb.buf, sb.len, &count, err))
		goto fail;

	if (publish_platform_files(dir, site, &count, err))
		goto fail;
	goto out;
fail:
	count = -1;
out:
	strbuf_release(&sb);
	strbuf_release(&body);
	strbuf_release(&draws);
	free(ydir);
	free(odir);
	free(years);
	free(year_buf);
	free(by_object);
	return count;
}
