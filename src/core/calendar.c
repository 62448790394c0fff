/*
 * This file implements dates (strict parsing, formatting, weekday) and the working-day calendar of
 * Article 9 (R9.2) declared in calendar.h. The calendar is parsed from two small CSV texts (the
 * built-in ones are data/calendar-years.csv and data/holidays.csv, embedded at build time), checked
 * row by row, and turned into one status byte per day of the recorded years, so that every question
 * (is this a working day, which is the 20th working day after, how many lie between) walks that
 * array and stops with an error at the first day it does not know.
 */
#include "core/calendar.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <threads.h>

#include "util/embedded.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- dates ---- */

static const int days_before_month[12] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334};

static int is_leap(int year)
{
	return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

static int days_in_month(int year, int month)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return month == 2 && is_leap(year) ? 29 : len[month - 1];
}

/* The days of the years 1 … year-1 (year >= 1): the day number of "year"-01-01 is this plus one. */
static int days_before_year(int year)
{
	int y = year - 1;
	return 365 * y + y / 4 - y / 100 + y / 400;
}

int date_from_ymd(int year, int month, int mday)
{
	if (year < 1 || year > 9999 || month < 1 || month > 12 || mday < 1 ||
	    mday > days_in_month(year, month))
		return 0;
	return days_before_year(year) + days_before_month[month - 1] + (month > 2 && is_leap(year)) + mday;
}

void date_to_ymd(int day, int *year, int *month, int *mday)
{
	int y = 0, m = 0, d = 0;
	if (day >= DATE_MIN && day <= DATE_MAX) {
		/* 146097 days make 400 years: estimate the year, then correct it by at most a step or two. */
		y = (int)((long long)(day - 1) * 400 / 146097) + 1;
		while (y < 9999 && days_before_year(y + 1) < day)
			y++;
		while (days_before_year(y) >= day)
			y--;
		d = day - days_before_year(y); /* day of the year, from 1 */
		for (m = 1; m < 12 && d > days_in_month(y, m); m++)
			d -= days_in_month(y, m);
	}
	if (year)
		*year = y;
	if (month)
		*month = m;
	if (mday)
		*mday = d;
}

void date_format(int day, char buf[DATE_STR_SIZE])
{
	int y, m, d;
	date_to_ymd(day, &y, &m, &d);
	/* y, m, d are in range (or all 0); the bounds just tell the compiler the text always fits */
	snprintf(buf, DATE_STR_SIZE, "%04u-%02u-%02u", (unsigned)y % 10000u, (unsigned)m % 100u,
		 (unsigned)d % 100u);
}

int date_weekday(int day)
{
	int r = (day - 1) % 7; /* 0001-01-01 was a Monday */
	return (r < 0 ? r + 7 : r) + 1;
}

const char *date_weekday_name(int day)
{
	static const char *const names[7] = {"星期一", "星期二", "星期三", "星期四",
					     "星期五", "星期六", "星期日"};
	return names[date_weekday(day) - 1];
}

static int digits(const char *s, int n, int *value)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*value = v;
	return 0;
}

int date_parse(const char *s, int *day, char **err)
{
	int y, m, d;
	if (!s || !*s)
		return set_err(err, "日期为空（应为 YYYY-MM-DD，例如 2025-09-20）");
	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-' || digits(s, 4, &y) || digits(s + 5, 2, &m) ||
	    digits(s + 8, 2, &d))
		return set_err(err,
			       "日期 “%s” 格式不对（应为 YYYY-MM-DD：四位年、两位月、两位日，用半角 - 分隔，"
			       "例如 2025-09-20）",
			       s);
	if (y < 1)
		return set_err(err, "日期 “%s” 的年份 0000 无效", s);
	if (m < 1 || m > 12)
		return set_err(err, "日期 “%s” 的月份 %02d 无效（应为 01 至 12）", s, m);
	if (d < 1 || d > days_in_month(y, m))
		return set_err(err, "日期 “%s” 的日 %02d 无效（%d 年 %d 月共 %d 天）", s, d, y, m,
			       days_in_month(y, m));
	*day = date_from_ymd(y, m, d);
	return 0;
}

/* ---- the calendar ---- */

enum day_status { DAY_UNRECORDED = 0, DAY_WORK, DAY_OFF };

struct calendar {
	char *years_text, *holidays_text; /* copies, cut into the fields below */
	int *years;			  /* ascending */
	const char **notices;		  /* parallel to years */
	size_t nyears;
	struct calendar_special *specials; /* ascending by day */
	size_t nspecials;
	int first, last; /* the days status[] covers: 1 January of the first year … 31 December of the last */
	unsigned char *status; /* enum day_status of each day first … last */
};

void calendar_free(struct calendar *cal)
{
	if (!cal)
		return;
	free(cal->years_text);
	free(cal->holidays_text);
	free(cal->years);
	free(cal->notices);
	free(cal->specials);
	free(cal->status);
	free(cal);
}

/*
 * Walks the lines of a CSV text held in a writable copy: each call cuts the next non-blank line out
 * (its "\n" and any "\r" removed) and returns it, with its 1-based number in *lineno; NULL at the end.
 */
struct lines {
	char *next;
	int lineno;
};

static char *next_line(struct lines *it, int *lineno)
{
	while (it->next && *it->next) {
		char *line = it->next, *end = strchr(line, '\n');
		if (end) {
			*end = '\0';
			it->next = end + 1;
		} else {
			it->next = NULL;
		}
		it->lineno++;
		size_t len = strlen(line);
		if (len && line[len - 1] == '\r')
			line[--len] = '\0';
		if (len) {
			*lineno = it->lineno;
			return line;
		}
	}
	return NULL;
}

/* Cuts "line" at its commas into at most "max" fields; returns how many fields the line has. */
static int split(char *line, char **fields, int max)
{
	int n = 0;
	for (char *p = line;; p++) {
		if (n < max)
			fields[n] = p;
		n++;
		p = strchr(p, ',');
		if (!p)
			break;
		*p = '\0';
	}
	return n;
}

/* Skips a UTF-8 byte-order mark, which spreadsheet programs like to add. */
static char *skip_bom(char *text)
{
	return strncmp(text, "\xEF\xBB\xBF", 3) ? text : text + 3;
}

/* Checks a free-text field (a name or a notice): non-empty, no quotes, no surrounding spaces. */
static const char *text_fault(const char *s)
{
	size_t len = strlen(s);
	if (!len)
		return "为空";
	if (strchr(s, '"'))
		return "含有引号（本文件不使用引号）";
	if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
		return "首尾有空格";
	return NULL;
}

#define YEARS_FILE "calendar-years.csv"
#define HOLIDAYS_FILE "holidays.csv"

static int parse_years(struct calendar *cal, char **err)
{
	struct lines it = {skip_bom(cal->years_text), 0};
	size_t alloc = 0, alloc2 = 0;
	int lineno;
	char *line = next_line(&it, &lineno), *f[2];
	const char *fault;
	if (!line || strcmp(line, "year,notice"))
		return set_err(err, "%s 第 1 行: 表头应为 “year,notice”", YEARS_FILE);
	while ((line = next_line(&it, &lineno))) {
		int year;
		int n = split(line, f, 2);
		if (n != 2)
			return set_err(err, "%s 第 %d 行: 应有 2 列（year,notice），实有 %d 列", YEARS_FILE,
				       lineno, n);
		if (strlen(f[0]) != 4 || digits(f[0], 4, &year) || year < 1)
			return set_err(err, "%s 第 %d 行: 年份 “%s” 无效（应为四位数字，如 2025）",
				       YEARS_FILE, lineno, f[0]);
		if (cal->nyears && year <= cal->years[cal->nyears - 1])
			return set_err(err, "%s 第 %d 行: 年份 %d 重复或未按升序排列", YEARS_FILE, lineno,
				       year);
		if ((fault = text_fault(f[1])))
			return set_err(err, "%s 第 %d 行: 通知名称%s", YEARS_FILE, lineno, fault);
		ALLOC_GROW(cal->years, cal->nyears + 1, alloc);
		ALLOC_GROW(cal->notices, cal->nyears + 1, alloc2);
		cal->years[cal->nyears] = year;
		cal->notices[cal->nyears++] = f[1];
	}
	if (!cal->nyears)
		return set_err(err, "%s: 未收录任何年份", YEARS_FILE);
	return 0;
}

static int parse_holidays(struct calendar *cal, char **err)
{
	struct lines it = {skip_bom(cal->holidays_text), 0};
	size_t alloc = 0;
	int lineno;
	char *line = next_line(&it, &lineno), *f[3], *msg = NULL;
	const char *fault;
	if (!line || strcmp(line, "date,kind,name"))
		return set_err(err, "%s 第 1 行: 表头应为 “date,kind,name”", HOLIDAYS_FILE);
	while ((line = next_line(&it, &lineno))) {
		struct calendar_special sp;
		int year, n = split(line, f, 3);
		if (n != 3)
			return set_err(err, "%s 第 %d 行: 应有 3 列（date,kind,name），实有 %d 列",
				       HOLIDAYS_FILE, lineno, n);
		if (date_parse(f[0], &sp.day, &msg)) {
			set_err(err, "%s 第 %d 行: %s", HOLIDAYS_FILE, lineno, msg);
			free(msg);
			return -1;
		}
		if (!strcmp(f[1], "休"))
			sp.kind = CALENDAR_OFF;
		else if (!strcmp(f[1], "班"))
			sp.kind = CALENDAR_MAKEUP;
		else
			return set_err(err, "%s 第 %d 行: 类别 “%s” 无效（应为 休 或 班）", HOLIDAYS_FILE,
				       lineno, f[1]);
		if ((fault = text_fault(f[2])))
			return set_err(err, "%s 第 %d 行: 名称%s", HOLIDAYS_FILE, lineno, fault);
		sp.name = f[2];
		if (cal->nspecials && sp.day <= cal->specials[cal->nspecials - 1].day)
			return set_err(err, "%s 第 %d 行: 日期 %s 重复或未按日期升序排列", HOLIDAYS_FILE,
				       lineno, f[0]);
		if (sp.kind == CALENDAR_MAKEUP && date_weekday(sp.day) < 6)
			return set_err(err, "%s 第 %d 行: %s 是%s，调休上班（班）只能在星期六或星期日",
				       HOLIDAYS_FILE, lineno, f[0], date_weekday_name(sp.day));
		date_to_ymd(sp.day, &year, NULL, NULL);
		if (!calendar_covers_year(cal, year))
			return set_err(err, "%s 第 %d 行: %d 年未在 %s 中登记", HOLIDAYS_FILE, lineno, year,
				       YEARS_FILE);
		ALLOC_GROW(cal->specials, cal->nspecials + 1, alloc);
		cal->specials[cal->nspecials++] = sp;
	}
	for (size_t i = 0; i < cal->nyears; i++) {
		const struct calendar_special *unused;
		if (!calendar_year_specials(cal, cal->years[i], &unused))
			return set_err(err, "%s: %d 年已在 %s 中登记，却没有任何节假日或调休行",
				       HOLIDAYS_FILE, cal->years[i], YEARS_FILE);
	}
	return 0;
}

/* Fills status[]: weekdays work and weekends rest in every recorded year, then the listed days. */
static void build_status(struct calendar *cal)
{
	cal->first = date_from_ymd(cal->years[0], 1, 1);
	cal->last = date_from_ymd(cal->years[cal->nyears - 1], 12, 31);
	cal->status = xcalloc((size_t)(cal->last - cal->first + 1), 1);
	for (size_t i = 0; i < cal->nyears; i++) {
		int end = date_from_ymd(cal->years[i], 12, 31);
		for (int d = date_from_ymd(cal->years[i], 1, 1); d <= end; d++)
			cal->status[d - cal->first] = date_weekday(d) <= 5 ? DAY_WORK : DAY_OFF;
	}
	for (size_t i = 0; i < cal->nspecials; i++) {
		const struct calendar_special *sp = &cal->specials[i];
		cal->status[sp->day - cal->first] = sp->kind == CALENDAR_OFF ? DAY_OFF : DAY_WORK;
	}
}

struct calendar *calendar_parse(const char *years_csv, const char *holidays_csv, char **err)
{
	struct calendar *cal = xcalloc(1, sizeof(*cal));
	cal->years_text = xstrdup(years_csv ? years_csv : "");
	cal->holidays_text = xstrdup(holidays_csv ? holidays_csv : "");
	if (parse_years(cal, err) || parse_holidays(cal, err)) {
		calendar_free(cal);
		return NULL;
	}
	build_status(cal);
	return cal;
}

static struct calendar *builtin;
static char *builtin_err;
static once_flag builtin_once = ONCE_FLAG_INIT;

static const char *embedded_text(const char *name, char **err)
{
	const struct embedded_file *f = embedded_find(name);
	if (!f) {
		set_err(err, "缺少内置数据文件 %s", name);
		return NULL;
	}
	if (strlen(f->data) != f->len) {
		set_err(err, "内置数据文件 %s 含有 NUL 字节", name);
		return NULL;
	}
	return f->data;
}

static void load_builtin(void)
{
	char *msg = NULL;
	const char *years = embedded_text(YEARS_FILE, &msg);
	const char *holidays = years ? embedded_text(HOLIDAYS_FILE, &msg) : NULL;
	if (holidays)
		builtin = calendar_parse(years, holidays, &msg);
	if (!builtin) {
		builtin_err =
		    xasprintf("内置工作日历数据有误（程序错误，请报告开发人员）: %s", msg ? msg : "未知原因");
		free(msg);
	}
}

const struct calendar *calendar_builtin(char **err)
{
	call_once(&builtin_once, load_builtin);
	if (!builtin)
		set_err(err, "%s", builtin_err);
	return builtin;
}

int calendar_covers_year(const struct calendar *cal, int year)
{
	for (size_t i = 0; i < cal->nyears; i++)
		if (cal->years[i] == year)
			return 1;
	return 0;
}

size_t calendar_years(const struct calendar *cal, const int **years)
{
	*years = cal->years;
	return cal->nyears;
}

const char *calendar_year_notice(const struct calendar *cal, int year)
{
	for (size_t i = 0; i < cal->nyears; i++)
		if (cal->years[i] == year)
			return cal->notices[i];
	return NULL;
}

/* The index of the first listed day on or after "day" (nspecials when there is none). */
static size_t lower_bound(const struct calendar *cal, int day)
{
	size_t lo = 0, hi = cal->nspecials;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (cal->specials[mid].day < day)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

size_t calendar_year_specials(const struct calendar *cal, int year, const struct calendar_special **specials)
{
	size_t from = 0, to = 0;
	if (year >= 1 && year <= 9999) {
		from = lower_bound(cal, date_from_ymd(year, 1, 1));
		to = year < 9999 ? lower_bound(cal, date_from_ymd(year + 1, 1, 1)) : cal->nspecials;
	}
	*specials = cal->specials + from;
	return to - from;
}

const struct calendar_special *calendar_special_at(const struct calendar *cal, int day)
{
	size_t i = lower_bound(cal, day);
	return i < cal->nspecials && cal->specials[i].day == day ? &cal->specials[i] : NULL;
}

static enum day_status status_of(const struct calendar *cal, int day)
{
	return day >= cal->first && day <= cal->last ? cal->status[day - cal->first] : DAY_UNRECORDED;
}

/* Appends "已收录：2024、2025、2026 年" to sb. */
static void add_recorded_years(struct strbuf *sb, const struct calendar *cal)
{
	strbuf_adds(sb, "已收录：");
	for (size_t i = 0; i < cal->nyears; i++)
		strbuf_addf(sb, "%s%d", i ? "、" : "", cal->years[i]);
	strbuf_adds(sb, " 年");
}

/* Sets *err to say that "day" lies outside the recorded years; "what" (may be "") leads the message. */
static int unrecorded(const struct calendar *cal, int day, const char *what, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	char date[DATE_STR_SIZE];
	date_format(day, date);
	strbuf_addf(&sb, "%s日期 %s 不在工作日历收录的年份内（", what, date);
	add_recorded_years(&sb, cal);
	strbuf_adds(
	    &sb,
	    "的国务院节假日安排），无法判断是否为工作日；请更新 suiji 或按 docs/CALENDAR.md 补充该年数据");
	set_err(err, "%s", strbuf_str(&sb));
	strbuf_release(&sb);
	return -1;
}

int calendar_is_workday(const struct calendar *cal, int day, char **err)
{
	enum day_status st = status_of(cal, day);
	if (st == DAY_UNRECORDED)
		return unrecorded(cal, day, "", err);
	return st == DAY_WORK;
}

int calendar_add_workdays(const struct calendar *cal, int start, int n, int *due, char **err)
{
	char date[DATE_STR_SIZE];
	if (n < 0)
		return set_err(err, "工作日数 %d 无效（应为 0 或正整数）", n);
	if (status_of(cal, start) == DAY_UNRECORDED)
		return unrecorded(cal, start, "起算", err);
	int d = start;
	while (n > 0) {
		d++;
		enum day_status st = status_of(cal, d);
		if (st == DAY_UNRECORDED) {
			char *what;
			date_format(start, date);
			what = xasprintf("从 %s 起算工作日时要用到的", date);
			unrecorded(cal, d, what, err);
			free(what);
			return -1;
		}
		if (st == DAY_WORK)
			n--;
	}
	*due = d;
	return 0;
}

int calendar_count_workdays(const struct calendar *cal, int from, int to, int *count, char **err)
{
	if (from > to) {
		char a[DATE_STR_SIZE], b[DATE_STR_SIZE];
		date_format(from, a);
		date_format(to, b);
		return set_err(err, "起始日期 %s 晚于结束日期 %s", a, b);
	}
	if (status_of(cal, from) == DAY_UNRECORDED)
		return unrecorded(cal, from, "起始", err);
	if (status_of(cal, to) == DAY_UNRECORDED)
		return unrecorded(cal, to, "结束", err);
	int n = 0;
	for (int d = from + 1; d <= to; d++) {
		enum day_status st = status_of(cal, d);
		if (st == DAY_UNRECORDED) /* a year missing between two recorded ones */
			return unrecorded(cal, d, "区间内的", err);
		n += st == DAY_WORK;
	}
	*count = n;
	return 0;
}

/* A day's status, a day of an unrecorded year taken by its weekday alone (and counted in *tentative). */
static enum day_status status_or_weekday(const struct calendar *cal, int day, int *tentative)
{
	enum day_status st = status_of(cal, day);
	if (st != DAY_UNRECORDED)
		return st;
	*tentative = 1;
	return date_weekday(day) <= 5 ? DAY_WORK : DAY_OFF;
}

int calendar_add_workdays_tentative(const struct calendar *cal, int start, int n, int *due, int *tentative,
				    char **err)
{
	*tentative = 0;
	if (n < 0)
		return set_err(err, "工作日数 %d 无效（应为 0 或正整数）", n);
	if (start < DATE_MIN || start > DATE_MAX - 2 * n - 30)
		return set_err(err, "起算日期超出范围");
	int d = start;
	while (n > 0) {
		d++;
		if (status_or_weekday(cal, d, tentative) == DAY_WORK)
			n--;
	}
	*due = d;
	return 0;
}

int calendar_count_workdays_tentative(const struct calendar *cal, int from, int to, int *count,
				      int *tentative, char **err)
{
	*tentative = 0;
	if (from > to) {
		char a[DATE_STR_SIZE], b[DATE_STR_SIZE];
		date_format(from, a);
		date_format(to, b);
		return set_err(err, "起始日期 %s 晚于结束日期 %s", a, b);
	}
	int n = 0;
	for (int d = from + 1; d <= to; d++)
		n += status_or_weekday(cal, d, tentative) == DAY_WORK;
	*count = n;
	return 0;
}
