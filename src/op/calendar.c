/*
 * This file implements the calendar in force (op/calendar.h): the built-in notices merged with the
 * years loaded into the database, rebuilt when the loaded years change, and the import of a year.
 */
#include "op/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "op/authz.h"
#include "store/calendar.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* One year's rows, for the merge. */
struct year_text {
	int year;
	char *notice, *rows;
};

struct loaded {
	struct year_text *y;
	size_t n, alloc;
};

static int collect(const struct calendar_year_row *r, void *arg)
{
	struct loaded *l = arg;
	ALLOC_GROW(l->y, l->n + 1, l->alloc);
	l->y[l->n++] = (struct year_text){r->year, xstrdup(r->notice), xstrdup(r->holidays)};
	return 0;
}

static void loaded_release(struct loaded *l)
{
	for (size_t i = 0; i < l->n; i++) {
		free(l->y[i].notice);
		free(l->y[i].rows);
	}
	free(l->y);
}

static int year_cmp(const void *a, const void *b)
{
	return ((const struct year_text *)a)->year - ((const struct year_text *)b)->year;
}

/*
 * The built-in years and "extra" (years the built-in calendar does not record) as the two files'
 * text, into years and holidays.
 */
static void merged_text(const struct calendar *builtin, const struct year_text *extra, size_t nextra,
			struct strbuf *years, struct strbuf *holidays)
{
	const int *by;
	size_t nb = calendar_years(builtin, &by);
	struct year_text *all = xcalloc(nb + nextra + 1, sizeof(*all));
	struct strbuf rows = STRBUF_INIT;
	for (size_t i = 0; i < nb; i++) {
		const struct calendar_special *sp;
		size_t ns = calendar_year_specials(builtin, by[i], &sp);
		strbuf_reset(&rows);
		for (size_t k = 0; k < ns; k++) {
			char date[DATE_STR_SIZE];
			date_format(sp[k].day, date);
			strbuf_addf(&rows, "%s,%s,%s\n", date, sp[k].kind == CALENDAR_OFF ? "休" : "班",
				    sp[k].name);
		}
		all[i] = (struct year_text){by[i], (char *)calendar_year_notice(builtin, by[i]),
					    strbuf_detach(&rows)};
	}
	for (size_t i = 0; i < nextra; i++)
		all[nb + i] = (struct year_text){extra[i].year, extra[i].notice, xstrdup(extra[i].rows)};
	qsort(all, nb + nextra, sizeof(*all), year_cmp);
	strbuf_adds(years, "year,notice\n");
	strbuf_adds(holidays, "date,kind,name\n");
	for (size_t i = 0; i < nb + nextra; i++) {
		strbuf_addf(years, "%d,%s\n", all[i].year, all[i].notice);
		strbuf_adds(holidays, all[i].rows);
		free(all[i].rows);
	}
	free(all);
	strbuf_release(&rows);
}

/* Calendars built so far (kept for the process's lifetime: callers hold pointers to them). */
static once_flag lock_once = ONCE_FLAG_INIT;
static mtx_t lock;
static void lock_init(void)
{
	mtx_init(&lock, mtx_plain);
}
static struct {
	char *signature;
	struct calendar *cal;
} * built;
static size_t nbuilt, built_alloc;

const struct calendar *op_calendar(struct op_session *s, struct op_diag *d)
{
	char *err = NULL;
	const struct calendar *builtin = calendar_builtin(&err);
	if (!builtin)
		return op_fail_take(d, OP_ERROR, err, "内置工作日历有误"), NULL;
	struct loaded l = {0};
	if (store_calendar_each(s->st, collect, &l, &err) < 0) {
		loaded_release(&l);
		return op_fail_take(d, OP_ERROR, err, "读取已导入的节假日安排失败"), NULL;
	}
	if (!l.n) {
		loaded_release(&l);
		return builtin;
	}
	struct strbuf sig = STRBUF_INIT;
	for (size_t i = 0; i < l.n; i++)
		strbuf_addf(&sig, "%d\x1f%s\x1f%s\x1e", l.y[i].year, l.y[i].notice, l.y[i].rows);
	const struct calendar *out = NULL;
	call_once(&lock_once, lock_init);
	mtx_lock(&lock);
	for (size_t i = 0; i < nbuilt && !out; i++)
		if (!strcmp(built[i].signature, strbuf_str(&sig)))
			out = built[i].cal;
	if (!out) {
		struct strbuf years = STRBUF_INIT, holidays = STRBUF_INIT;
		merged_text(builtin, l.y, l.n, &years, &holidays);
		struct calendar *cal = calendar_parse(strbuf_str(&years), strbuf_str(&holidays), &err);
		strbuf_release(&years);
		strbuf_release(&holidays);
		if (cal) {
			ALLOC_GROW(built, nbuilt + 1, built_alloc);
			built[nbuilt].signature = strbuf_detach(&sig);
			built[nbuilt++].cal = cal;
			out = cal;
		} else {
			op_fail_take(d, OP_ERROR, err, "已导入的节假日安排有误");
		}
	}
	mtx_unlock(&lock);
	strbuf_release(&sig);
	loaded_release(&l);
	return out;
}

/* The file's rows without its header (and a BOM), each ending in \n; the year of the first date. */
static int file_rows(const char *text, struct strbuf *rows, int *year, long *off, long *on, struct op_diag *d)
{
	if (!strncmp(text, "\xEF\xBB\xBF", 3))
		text += 3;
	const char *nl = strchr(text, '\n');
	size_t hl = nl ? (size_t)(nl - text) : strlen(text);
	if (hl && text[hl - 1] == '\r')
		hl--;
	if (hl != strlen("date,kind,name") || strncmp(text, "date,kind,name", hl))
		return op_fail(d, OP_INVALID, "第 1 行应为表头 date,kind,name（日期,休或班,节日名称）");
	long line = 1;
	*year = 0;
	for (const char *p = nl ? nl + 1 : text + hl; *p;) {
		const char *e = strchr(p, '\n');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		line++;
		if (n && p[n - 1] == '\r')
			n--;
		if (n) {
			int y = 0;
			if (n < 4 || sscanf(p, "%4d", &y) != 1)
				return op_fail(d, OP_INVALID, "第 %ld 行: 日期应为 YYYY-MM-DD", line);
			if (!*year)
				*year = y;
			else if (y != *year)
				return op_fail(d, OP_INVALID,
					       "第 %ld 行: 一个文件只能是一个年度的安排（%d 年和 %d 年）",
					       line, *year, y);
			const char *c1 = memchr(p, ',', n);
			const char *c2 = c1 ? memchr(c1 + 1, ',', n - (size_t)(c1 + 1 - p)) : NULL;
			if (c2 && (size_t)(c2 - c1 - 1) == strlen("休") &&
			    !memcmp(c1 + 1, "休", strlen("休")))
				(*off)++;
			else if (c2 && (size_t)(c2 - c1 - 1) == strlen("班") &&
				 !memcmp(c1 + 1, "班", strlen("班")))
				(*on)++;
			strbuf_add(rows, p, n);
			strbuf_addc(rows, '\n');
		}
		p = e ? e + 1 : p + strlen(p);
	}
	if (!*year)
		return op_fail(d, OP_INVALID, "文件中没有任何放假或调休上班的日期");
	return 0;
}

int op_calendar_import(struct op_session *s, const char *text, const char *notice,
		       struct op_calendar_import_result *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_CALENDAR_WRITE, 0, NULL, d))
		return -1;
	struct strbuf rows = STRBUF_INIT;
	char *err = NULL;
	int rc = -1;
	if (file_rows(text ? text : "", &rows, &out->year, &out->holidays, &out->makeup, d))
		goto out;
	if (out->year < 2000 || out->year > 2999) {
		op_fail(d, OP_INVALID, "年份 %d 超出范围（2000—2999）", out->year);
		goto out;
	}
	if (notice && (!*notice || strlen(notice) > 200 || strpbrk(notice, ",\n\r\t"))) {
		op_fail_at(d, OP_INVALID, "notice", "通知名称不能为空、不超过200字节，且不含逗号和换行");
		goto out;
	}
	snprintf(out->notice, sizeof(out->notice), "%s", notice ? notice : "");
	if (!notice)
		snprintf(out->notice, sizeof(out->notice), "国务院办公厅关于%d年部分节假日安排的通知",
			 out->year);
	const struct calendar *builtin = calendar_builtin(&err);
	if (!builtin) {
		op_fail_take(d, OP_ERROR, err, "内置工作日历有误");
		goto out;
	}
	if (calendar_covers_year(builtin, out->year)) {
		op_fail(d, OP_CONFLICT, "%d 年的节假日安排已内置（%s），不需要导入", out->year,
			calendar_year_notice(builtin, out->year));
		goto out;
	}
	/* the file alone, checked as a calendar of its one year: order, repeats, 班 on a weekend, names */
	struct strbuf y = STRBUF_INIT, h = STRBUF_INIT;
	strbuf_addf(&y, "year,notice\n%d,%s\n", out->year, out->notice);
	strbuf_addf(&h, "date,kind,name\n%s", strbuf_str(&rows));
	struct calendar *check = calendar_parse(strbuf_str(&y), strbuf_str(&h), &err);
	strbuf_release(&y);
	strbuf_release(&h);
	if (!check) {
		op_fail(d, OP_INVALID, "节假日安排自相矛盾或格式有误：%s", err ? err : "");
		free(err);
		goto out;
	}
	calendar_free(check);
	char now[26];
	clock_now(now);
	struct calendar_year_row r = {out->year, out->notice, strbuf_str(&rows), now, s->name};
	if (store_begin(s->st, &err)) {
		op_fail_take(d, OP_ERROR, err, "数据库错误");
		goto out;
	}
	int added = store_calendar_add(s->st, &r, &err);
	if (added) {
		store_rollback(s->st);
		if (added > 0)
			op_fail(d, OP_CONFLICT, "%d 年的节假日安排已经导入过（导入后不能修改）", out->year);
		else
			op_fail_take(d, OP_ERROR, err, "数据库错误");
		goto out;
	}
	if (store_commit(s->st, &err)) {
		store_rollback(s->st);
		op_fail_take(d, OP_ERROR, err, "数据库错误");
		goto out;
	}
	rc = 0;
out:
	strbuf_release(&rows);
	return rc;
}
