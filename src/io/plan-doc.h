/*
 * This file declares the filing document of an annual plan (备案, Article 6): the same content written
 * as a printable HTML page and as an xlsx workbook, in the layout a higher bureau and the leading-group
 * office expect — title, bureau, year, version and filing date (marked late when filed after
 * 31 December of the year before), the lines with their items, legal basis, departments, objects,
 * period and ratio or frequency, joint groups, then the Article 7 check and the versions. Output is
 * deterministic: the same plan gives the same bytes.
 */
#ifndef SUIJI_PLAN_DOC_H
#define SUIJI_PLAN_DOC_H
#include <stddef.h>

#include "core/article7.h"
#include "core/plan.h"

/* One version in the document's version history. */
struct plan_doc_version {
	int version;
	const char *status; /* "draft" / "filed" */
	const char *date, *reason, *filed_date;
	int late;
};

struct plan_doc {
	const char *org; /* the bureau */
	int county;	 /* 1 for a county bureau */
	int year;
	int version;
	int filed;		/* 0: a draft (the document says so) */
	const char *date;	/* the version's date */
	const char *reason;	/* the adjustment's reason ("" for version 1) */
	const char *filed_date; /* "" while a draft */
	int late;
	const char *content_hash; /* "" while a draft */
	const struct plan_line *lines;
	size_t nlines;
	const struct plan_item *const *items; /* per line: its items from the list */
	const size_t *nitems;
	const struct a7_result *check; /* the Article 7 check (lines[] align with "lines"), or NULL */
	const char *check_as_of;       /* the directory date of the check */
	const struct plan_settings *settings;
	const struct plan_doc_version *history;
	size_t nhistory;
};

/* Writes the HTML page to "path". Returns 0, or -1 with *err. */
int plan_doc_html(const struct plan_doc *d, const char *path, char **err);
/* Writes the xlsx workbook to "path". Returns 0, or -1 with *err. */
int plan_doc_xlsx(const struct plan_doc *d, const char *path, char **err);
/* The document's title, e.g. "焦作市生态环境局2026年度“双随机、一公开”抽查工作计划". */
void plan_doc_title(const struct plan_doc *d, struct strbuf *sb);

#endif
