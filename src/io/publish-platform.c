/*
 * This file implements the platform files of the public site (see publish.h and docs/DISCLOSURE.md):
 * platform/national.csv|json for 国家企业信用信息公示系统 (抽查检查结果), platform/henan.csv|json for
 * 河南省生态环境执法一体化平台, platform/credit-penalties.csv|json for the credit export of penalty
 * decisions (Article 9: 实施行政处罚的…纳入国家有关信用信息系统).
 *
 * CSV: UTF-8 with BOM (Excel opens it), Chinese headers, CRLF (RFC 4180). JSON: an array of objects
 * keyed by the English names, keys sorted, values strings. Rows come in the order of the site's
 * sorted records, so the files are deterministic.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "io/csv.h"
#include "io/publish-internal.h"
#include "util/error.h"
#include "util/xalloc.h"

struct col {
	const char *zh, *key;
};

struct table {
	const struct col *cols;
	size_t ncols;
	FILE *csv;
	char *csv_buf;
	size_t csv_len;
	json_t *json;
};

static void table_begin(struct table *t, const struct col *cols, size_t ncols)
{
	t->cols = cols;
	t->ncols = ncols;
	t->csv = open_memstream(&t->csv_buf, &t->csv_len);
	fputs("\xef\xbb\xbf", t->csv);
	for (size_t i = 0; i < ncols; i++)
		csv_write_field(t->csv, cols[i].zh, i == 0);
	csv_end_record(t->csv);
	t->json = json_array();
}

static void table_row(struct table *t, const char *const *vals)
{
	json_t *o = json_object();
	for (size_t i = 0; i < t->ncols; i++) {
		const char *v = vals[i] ? vals[i] : "";
		csv_write_field(t->csv, v, i == 0);
		json_object_set_new(o, t->cols[i].key, json_string(v));
	}
	csv_end_record(t->csv);
	json_array_append_new(t->json, o);
}

static int table_end(struct table *t, const char *dir, const char *base, long *count, char **err)
{
	fclose(t->csv);
	char name[64];
	snprintf(name, sizeof(name), "%s.csv", base);
	int rc = pub_write(dir, name, t->csv_buf, t->csv_len, count, err);
	char *json = json_dumps(t->json, JSON_SORT_KEYS | JSON_INDENT(1));
	json_decref(t->json);
	if (!rc) {
		size_t n = strlen(json);
		json = xrealloc(json, n + 2);
		json[n] = '\n';
		json[n + 1] = '\0';
		snprintf(name, sizeof(name), "%s.json", base);
		rc = pub_write(dir, name, json, n + 1, count, err);
	}
	free(json);
	free(t->csv_buf);
	return rc;
}

static const struct col national_cols[] = {
    {"任务编号", "task_no"},	   {"统一社会信用代码", "uscc"},    {"企业名称", "name"},
    {"检查实施机关", "authority"}, {"检查类型", "check_type"},	    {"检查日期", "check_date"},
    {"检查事项", "items"},	   {"检查结果代码", "result_code"}, {"检查结果", "result_text"},
    {"公示日期", "published_on"},
};

static const struct col henan_cols[] = {
    {"任务编号", "task_no"},	   {"执法机构", "agency"},	{"行政区划", "region"},
    {"统一社会信用代码", "uscc"},  {"单位名称", "name"},	{"检查方式", "inspection_type"},
    {"检查时间", "dates"},	   {"检查内容", "content"},	{"检查结果", "result"},
    {"整改情况", "rectification"}, {"随机抽取编号", "draw_id"}, {"公开日期", "published_on"},
};

static const struct col penalty_cols[] = {
    {"行政处罚决定书文号", "decision_no"},
    {"行政相对人名称", "name"},
    {"统一社会信用代码", "uscc"},
    {"违法行为类型", "violation"},
    {"处罚依据", "basis"},
    {"处罚内容", "content"},
    {"罚款金额（元）", "fine"},
    {"处罚决定日期", "decided_on"},
    {"处罚机关", "authority"},
    {"检查任务编号", "task_no"},
};

#define NCOLS(c) (sizeof(c) / sizeof((c)[0]))

static int penalty_cmp(const void *a, const void *b)
{
	const struct pub_penalty *x = a, *y = b;
	int c = strcmp(x->decided_on, y->decided_on);
	return c ? c : strcmp(x->decision_no, y->decision_no);
}

int publish_platform_files(const char *dir, struct pub_site *site, long *count, char **err)
{
	char *pdir = xasprintf("%s/platform", dir);
	int rc = pub_mkdir(pdir, err);
	struct table t;
	char task_no[64], draw[32];
	if (!rc) {
		table_begin(&t, national_cols, NCOLS(national_cols));
		for (size_t i = 0; i < site->nrecords; i++) {
			const struct pub_record *r = &site->records[i];
			snprintf(task_no, sizeof(task_no), "%s-%ld", site->bureau_region, r->task_id);
			const char *vals[] = {task_no,		r->uscc,	r->name,  r->unit,
					      r->kind,		r->end_date,	r->items, r->national_code,
					      r->national_text, r->published_on};
			table_row(&t, vals);
		}
		rc = table_end(&t, pdir, "national", count, err);
	}
	if (!rc) {
		table_begin(&t, henan_cols, NCOLS(henan_cols));
		for (size_t i = 0; i < site->nrecords; i++) {
			const struct pub_record *r = &site->records[i];
			snprintf(task_no, sizeof(task_no), "%s-%ld", site->bureau_region, r->task_id);
			snprintf(draw, sizeof(draw), "%ld", r->draw_id);
			const char *vals[] = {task_no,
					      r->unit,
					      r->region,
					      r->uscc,
					      r->name,
					      r->kind,
					      r->dates,
					      r->items,
					      r->result,
					      r->rectified,
					      r->draw_id ? draw : "",
					      r->published_on};
			table_row(&t, vals);
		}
		rc = table_end(&t, pdir, "henan", count, err);
	}
	if (!rc) {
		if (site->npenalties)
			qsort(site->penalties, site->npenalties, sizeof(*site->penalties), penalty_cmp);
		table_begin(&t, penalty_cols, NCOLS(penalty_cols));
		for (size_t i = 0; i < site->npenalties; i++) {
			const struct pub_penalty *p = &site->penalties[i];
			snprintf(task_no, sizeof(task_no), "%s-%ld", site->bureau_region, p->task_id);
			const char *vals[] = {p->decision_no, p->name, p->uscc,	      p->violation, p->basis,
					      p->content,     p->fine, p->decided_on, site->bureau, task_no};
			table_row(&t, vals);
		}
		rc = table_end(&t, pdir, "credit-penalties", count, err);
	}
	free(pdir);
	return rc;
}
