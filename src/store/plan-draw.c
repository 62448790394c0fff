/*
 * This file implements what the draw asks of the plan (see plan.h): Article 3's three refusals
 * (store_plan_authorize), one line's specification for one period, and the count of on-duty business
 * staff (业务部门在编在岗人员) that Article 7's general minimum and per-staff lines rest on.
 */
#include "store/plan.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

long store_staff_count(struct store *st, long unit, const char *as_of, const char *departments, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT department FROM person_version WHERE removed = 0 AND kind IN ('执法', '监管') "
		       "AND active = '是'"
		       " AND (?1 IS NULL AND valid_to IS NULL OR valid_from <= ?1 AND (valid_to IS NULL OR "
		       "valid_to > ?1))"
		       " AND " UNIT_OF("region", "''", "''") " = ?2",
		       &s, err))
		return -1;
	db_bind_text(s, 1, as_of);
	sqlite3_bind_int64(s, 2, unit);
	long n = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if (!departments || !*departments || plan_list_has(departments, db_col(s, 0)))
			n++;
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? n : db_fail(st, "统计在岗人员", err);
}

int store_objects_first_date(struct store *st, char first[11], char **err)
{
	sqlite3_stmt *s;
	*first = '\0';
	if (db_prepare(st, "SELECT coalesce(min(valid_from), '') FROM object_version", &s, err))
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		snprintf(first, 11, "%.10s", db_col(s, 0));
	sqlite3_finalize(s);
	return rc == SQLITE_ROW ? 0 : db_fail(st, "读取名录日期", err);
}

static void add_reason(struct strbuf *why, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add_reason(struct strbuf *why, const char *fmt, ...)
{
	va_list ap;
	if (why->len)
		strbuf_addc(why, '\n');
	va_start(ap, fmt);
	strbuf_vaddf(why, fmt, ap);
	va_end(ap);
}

int store_plan_authorize(struct store *st, long unit, int year, const int *line_nos, size_t n,
			 struct plan_auth *auth, char **err)
{
	struct plan_version v;
	struct strbuf why = STRBUF_INIT;
	struct plan_line *lines = NULL;
	size_t nlines = 0;
	int rc = -1;
	memset(auth, 0, sizeof(*auth));
	int found = store_plan_current(st, unit, year, &v, err);
	if (found < 0)
		return -1;
	if (!found) {
		set_err(err, "无计划清单不检查：没有 %d 年度抽查计划", year);
		return 1;
	}
	if (store_plan_lines(st, v.id, &lines, &nlines, err))
		goto out;
	if (!n)
		add_reason(&why, "无计划清单不检查：没有指定计划事项");
	int period = -1, first_no = 0;
	for (size_t i = 0; i < n; i++) {
		const struct plan_line *l = NULL;
		for (size_t j = 0; j < nlines; j++)
			if (lines[j].no == line_nos[i])
				l = &lines[j];
		int dup = 0;
		for (size_t j = 0; j < i; j++)
			dup |= line_nos[j] == line_nos[i];
		if (dup)
			continue;
		if (!l) {
			add_reason(&why,
				   "无计划清单不检查：计划事项第%d项不在 %d 年度计划当前版本（第%d版）中",
				   line_nos[i], year, v.version);
			continue;
		}
		if (period < 0) {
			period = (int)l->period;
			first_no = l->no;
		} else if (period != (int)l->period) {
			add_reason(&why, "同一次抽取的计划事项应按相同时段抽取：第%d项按%s，第%d项按%s",
				   first_no, period_zh((enum plan_period)period), l->no,
				   period_zh(l->period));
		}
		struct item_walk w = ITEM_WALK(l->items);
		int r;
		while ((r = store_item_next(st, &w, err)) > 0) {
			if (!w.listed)
				add_reason(&why,
					   "无事项清单不检查：计划事项第%d项的事项 %s "
					   "不在随机抽查事项清单中（不存在或已移出）",
					   l->no, w.code);
			else if (!*w.it.legal_basis)
				add_reason(&why, "无法律依据不检查：计划事项第%d项的事项 %s 没有法律依据",
					   l->no, w.code);
		}
		item_walk_release(&w);
		if (r < 0)
			goto out;
	}
	if (why.len) {
		if (err)
			*err = strbuf_detach(&why);
		rc = 1;
		goto out;
	}
	auth->version_id = v.id;
	auth->version = v.version;
	snprintf(auth->status, sizeof(auth->status), "%s", v.status);
	rc = 0;
out:
	strbuf_release(&why);
	plan_lines_free(lines, nlines);
	plan_version_release(&v);
	return rc;
}

void plan_line_spec_release(struct plan_line_spec *spec)
{
	plan_line_release(&spec->line);
	for (size_t i = 0; i < spec->nitems; i++)
		plan_item_release(&spec->items[i]);
	free(spec->items);
	free(spec->needs);
	memset(spec, 0, sizeof(*spec));
}

long plan_line_spec_quota(const struct plan_line_spec *spec, long population, long pool)
{
	return quota_for_period(&spec->line.quota, spec->period, spec->period_index, population, pool,
				spec->staff);
}

int store_plan_line_spec(struct store *st, long unit, int year, int line_no, const char *label,
			 struct plan_line_spec *spec, char **err)
{
	memset(spec, 0, sizeof(*spec));
	plan_line_init(&spec->line);
	const char *why;
	int pyear;
	if (period_parse(label, &pyear, &spec->period, &spec->period_index, &why)) {
		set_err(err, "时段“%s”: %s", label, why);
		goto fail;
	}
	if (pyear != year) {
		set_err(err, "时段 %s 不在 %d 年度", label, year);
		goto fail;
	}
	period_label(year, spec->period, spec->period_index, spec->label);
	int rc = store_plan_authorize(st, unit, year, &line_no, 1, &spec->auth, err);
	if (rc) {
		plan_line_spec_release(spec);
		return rc;
	}
	struct plan_version v;
	if (store_plan_version_get(st, unit, year, spec->auth.version, &v, err) != 1)
		goto fail;
	snprintf(spec->version_date, sizeof(spec->version_date), "%s", v.date);
	plan_version_release(&v);

	struct plan_line *lines;
	size_t n;
	if (store_plan_lines(st, spec->auth.version_id, &lines, &n, err))
		goto fail;
	for (size_t i = 0; i < n; i++) {
		if (lines[i].no == line_no) {
			plan_line_release(&spec->line);
			plan_line_copy(&spec->line, &lines[i]);
		}
	}
	plan_lines_free(lines, n);
	if (spec->line.period != spec->period) {
		set_err(err, "计划事项第%d项按%s抽取，时段应写作%s", line_no, period_zh(spec->line.period),
			spec->line.period == PERIOD_MONTH ? " 2025-03 的形式（月）"
							  : " 2025Q1 的形式（季度）");
		goto fail;
	}

	struct strbuf needs = STRBUF_INIT;
	size_t alloc = 0;
	struct item_walk w = ITEM_WALK(spec->line.items);
	int r;
	while ((r = store_item_next(st, &w, err)) > 0) {
		if (!w.listed) {
			r = set_err(err, "事项已不在清单中");
			break;
		}
		ALLOC_GROW(spec->items, spec->nitems + 1, alloc);
		struct plan_item *it = &spec->items[spec->nitems++];
		*it = w.it; /* kept: moved out of the walk */
		memset(&w.it, 0, sizeof(w.it));
		if (!plan_list_has(strbuf_str(&needs), it->department)) {
			if (needs.len)
				strbuf_adds(&needs, "、");
			strbuf_adds(&needs, it->department);
		}
	}
	item_walk_release(&w);
	if (r < 0) {
		strbuf_release(&needs);
		goto fail;
	}
	spec->needs = xstrdup(strbuf_str(&needs));
	strbuf_release(&needs);
	if (spec->line.quota.rule == QUOTA_PER_STAFF) {
		spec->staff =
		    store_staff_count(st, unit, spec->version_date, spec->line.staff_departments, err);
		if (spec->staff < 0)
			goto fail;
	}
	if (store_settings_load_unit(st, unit, &spec->settings, err))
		goto fail;
	spec->year = year;
	return 0;
fail:
	plan_line_spec_release(spec);
	return -1;
}
