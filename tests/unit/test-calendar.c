/*
 * Unit tests of dates and the working-day calendar (core/calendar.c) over the embedded
 * data/calendar-years.csv and data/holidays.csv, and of the data checks on hand-made files.
 *
 * The holiday lists below are typed again from the State Council notices, independently of
 * data/holidays.csv, so that a wrong or missing row in the data fails here. The expected sums are
 * worked out by hand in the comments ("weekdays" means Monday to Friday).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "core/calendar.h"

static const struct calendar *cal;

static int setup(void **state)
{
	char *err = NULL;
	cal = calendar_builtin(&err);
	if (!cal) {
		print_error("%s\n", err);
		free(err);
		return -1;
	}
	return 0;
}

/* The day number of a date the test knows to be valid. */
static int D(const char *s)
{
	int day = 0;
	char *err = NULL;
	if (date_parse(s, &day, &err)) {
		print_error("%s\n", err);
		free(err);
		fail();
	}
	return day;
}

/* calendar_add_workdays that must succeed, as a string */
static const char *add(const char *start, int n)
{
	static char buf[DATE_STR_SIZE];
	char *err = NULL;
	int due = 0;
	if (calendar_add_workdays(cal, D(start), n, &due, &err)) {
		print_error("%s + %d: %s\n", start, n, err);
		free(err);
		fail();
	}
	date_format(due, buf);
	return buf;
}

/* calendar_count_workdays that must succeed */
static int count(const char *from, const char *to)
{
	char *err = NULL;
	int n = -1;
	if (calendar_count_workdays(cal, D(from), D(to), &n, &err)) {
		print_error("%s .. %s: %s\n", from, to, err);
		free(err);
		fail();
	}
	return n;
}

/* Asserts that "err" is set and contains "part", then frees it. */
static void assert_err(char **err, const char *part)
{
	assert_non_null(*err);
	if (!strstr(*err, part)) {
		print_error("message “%s” lacks “%s”\n", *err, part);
		fail();
	}
	free(*err);
	*err = NULL;
}

/* ---- dates ---- */

static void dates_parse_and_format(void **state)
{
	char buf[DATE_STR_SIZE];
	assert_int_equal(D("0001-01-01"), DATE_MIN);
	assert_int_equal(D("9999-12-31"), DATE_MAX);
	assert_int_equal(D("1970-01-01"), 719163);
	date_format(D("2025-09-20"), buf);
	assert_string_equal(buf, "2025-09-20");
	date_format(D("2024-02-29"), buf);
	assert_string_equal(buf, "2024-02-29");
	date_format(D("2000-02-29"), buf);
	assert_string_equal(buf, "2000-02-29");
	date_format(0, buf);
	assert_string_equal(buf, "0000-00-00");
	date_format(DATE_MAX + 1, buf);
	assert_string_equal(buf, "0000-00-00");
	assert_int_equal(D("2025-03-01") - D("2025-02-28"), 1);
	assert_int_equal(D("2024-03-01") - D("2024-02-28"), 2);
	assert_int_equal(D("2026-01-01") - D("2025-01-01"), 365);
	assert_int_equal(D("2025-01-01") - D("2024-01-01"), 366);
	assert_int_equal(date_from_ymd(2025, 2, 29), 0);
	assert_int_equal(date_from_ymd(2025, 2, 28), D("2025-02-28"));
}

/* Walks every day of 1899–2101 with a plain counter of year, month and day, against the day numbers. */
static void dates_every_day_round_trips(void **state)
{
	static const int len[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int day = D("1899-01-01");
	for (int y = 1899; y <= 2101; y++) {
		int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
		for (int m = 1; m <= 12; m++) {
			int n = len[m - 1] + (m == 2 && leap);
			for (int d = 1; d <= n; d++, day++) {
				int yy, mm, dd;
				assert_int_equal(date_from_ymd(y, m, d), day);
				date_to_ymd(day, &yy, &mm, &dd);
				assert_int_equal(yy, y);
				assert_int_equal(mm, m);
				assert_int_equal(dd, d);
			}
		}
	}
	int y, m, d;
	date_to_ymd(DATE_MAX, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 99991231);
	date_to_ymd(DATE_MIN, &y, &m, &d);
	assert_int_equal(y * 10000 + m * 100 + d, 10101);
}

static void dates_weekdays(void **state)
{
	assert_int_equal(date_weekday(D("0001-01-01")), 1); /* proleptic Gregorian: a Monday */
	assert_int_equal(date_weekday(D("1970-01-01")), 4);
	assert_int_equal(date_weekday(D("2025-09-20")), 6);
	assert_int_equal(date_weekday(D("2025-09-21")), 7);
	assert_int_equal(date_weekday(D("2025-09-22")), 1);
	assert_int_equal(date_weekday(D("2026-01-01")), 4);
	assert_string_equal(date_weekday_name(D("2025-10-11")), "星期六");
	assert_string_equal(date_weekday_name(D("2025-10-12")), "星期日");
	assert_string_equal(date_weekday_name(D("2024-02-04")), "星期日");
}

static void dates_strict_parse(void **state)
{
	static const struct {
		const char *text, *reason;
	} bad[] = {
	    {"", "日期为空"},
	    {"2025-9-20", "格式不对"},
	    {"2025/09/20", "格式不对"},
	    {"20250920", "格式不对"},
	    {" 2025-09-20", "格式不对"},
	    {"2025-09-20 ", "格式不对"},
	    {"2025-09-2x", "格式不对"},
	    {"+025-09-20", "格式不对"},
	    {"2025-09-20T00:00", "格式不对"},
	    {"２０２５-09-20", "格式不对"},
	    {"0000-01-01", "年份 0000"},
	    {"2025-00-10", "月份 00"},
	    {"2025-13-01", "月份 13"},
	    {"2025-01-00", "日 00"},
	    {"2025-02-29", "2025 年 2 月共 28 天"},
	    {"1900-02-29", "1900 年 2 月共 28 天"},
	    {"2025-04-31", "2025 年 4 月共 30 天"},
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char *err = NULL;
		int day = 12345;
		assert_int_equal(date_parse(bad[i].text, &day, &err), -1);
		assert_int_equal(day, 12345);
		assert_err(&err, bad[i].reason);
	}
	char *err = NULL;
	int day;
	assert_int_equal(date_parse(NULL, &day, &err), -1);
	assert_err(&err, "日期为空");
	assert_int_equal(date_parse("2025-09-20", &day, NULL), 0);
	assert_int_equal(date_parse("bad", &day, NULL), -1); /* err may be NULL */
}

/* ---- the holiday lists, from the notices ---- */

/* A run of days off, as a notice states it, and a make-up working day with the holiday it serves. */
struct off_run {
	const char *from, *to, *name;
};
struct makeup_day {
	const char *date, *name;
};

/* clang-format off: one row per holiday, as in the notices */
static const struct off_run off_2024[] = {
    {"2024-01-01", "2024-01-01", "元旦"},   {"2024-02-10", "2024-02-17", "春节"},
    {"2024-04-04", "2024-04-06", "清明节"}, {"2024-05-01", "2024-05-05", "劳动节"},
    {"2024-06-10", "2024-06-10", "端午节"}, {"2024-09-15", "2024-09-17", "中秋节"},
    {"2024-10-01", "2024-10-07", "国庆节"},
};
static const struct makeup_day makeup_2024[] = {
    {"2024-02-04", "春节"},   {"2024-02-18", "春节"},	{"2024-04-07", "清明节"}, {"2024-04-28", "劳动节"},
    {"2024-05-11", "劳动节"}, {"2024-09-14", "中秋节"}, {"2024-09-29", "国庆节"}, {"2024-10-12", "国庆节"},
};

static const struct off_run off_2025[] = {
    {"2025-01-01", "2025-01-01", "元旦"},   {"2025-01-28", "2025-02-04", "春节"},
    {"2025-04-04", "2025-04-06", "清明节"}, {"2025-05-01", "2025-05-05", "劳动节"},
    {"2025-05-31", "2025-06-02", "端午节"}, {"2025-10-01", "2025-10-08", "国庆节、中秋节"},
};
static const struct makeup_day makeup_2025[] = {
    {"2025-01-26", "春节"},	      {"2025-02-08", "春节"},		{"2025-04-27", "劳动节"},
    {"2025-09-28", "国庆节、中秋节"}, {"2025-10-11", "国庆节、中秋节"},
};

static const struct off_run off_2026[] = {
    {"2026-01-01", "2026-01-03", "元旦"},   {"2026-02-15", "2026-02-23", "春节"},
    {"2026-04-04", "2026-04-06", "清明节"}, {"2026-05-01", "2026-05-05", "劳动节"},
    {"2026-06-19", "2026-06-21", "端午节"}, {"2026-09-25", "2026-09-27", "中秋节"},
    {"2026-10-01", "2026-10-07", "国庆节"},
};
static const struct makeup_day makeup_2026[] = {
    {"2026-01-04", "元旦"},   {"2026-02-14", "春节"},	{"2026-02-28", "春节"},
    {"2026-05-09", "劳动节"}, {"2026-09-20", "中秋节"}, {"2026-10-10", "国庆节"},
};
/* clang-format on */

#define N(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Every day of every run, one by one, is not a working day and is listed as 休 under the run's name;
 * returns how many days the runs hold.
 */
static size_t check_off(const struct off_run *runs, size_t n)
{
	size_t days = 0;
	for (size_t i = 0; i < n; i++) {
		for (int d = D(runs[i].from); d <= D(runs[i].to); d++, days++) {
			const struct calendar_special *sp = calendar_special_at(cal, d);
			char date[DATE_STR_SIZE];
			date_format(d, date);
			if (calendar_is_workday(cal, d, NULL) != 0 || !sp || sp->kind != CALENDAR_OFF ||
			    strcmp(sp->name, runs[i].name)) {
				print_error("%s should be listed as a day off of %s\n", date, runs[i].name);
				fail();
			}
		}
	}
	return days;
}

/* Every make-up day is a Saturday or Sunday, is a working day, and is listed as 班 under its holiday. */
static void check_makeup(const struct makeup_day *days, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int d = D(days[i].date);
		const struct calendar_special *sp = calendar_special_at(cal, d);
		if (date_weekday(d) < 6 || calendar_is_workday(cal, d, NULL) != 1 || !sp ||
		    sp->kind != CALENDAR_MAKEUP || strcmp(sp->name, days[i].name)) {
			print_error("%s should be a make-up working weekend day of %s\n", days[i].date,
				    days[i].name);
			fail();
		}
	}
}

/* The calendar lists for "year" exactly "noff" days off and "nmakeup" make-up days, no more. */
static void check_exactly(int year, size_t noff, size_t nmakeup)
{
	const struct calendar_special *sp;
	size_t n = calendar_year_specials(cal, year, &sp), off = 0;
	for (size_t i = 0; i < n; i++)
		off += sp[i].kind == CALENDAR_OFF;
	assert_int_equal(off, noff);
	assert_int_equal(n - off, nmakeup);
}

/* 2024: 1 + 8 + 3 + 5 + 1 + 3 + 7 = 28 days off, 8 make-up days. */
static void holidays_2024(void **state)
{
	assert_int_equal(check_off(off_2024, N(off_2024)), 28);
	check_makeup(makeup_2024, N(makeup_2024));
	check_exactly(2024, 28, N(makeup_2024));
}

/* 2025: 1 + 8 + 3 + 5 + 3 + 8 = 28 days off, 5 make-up days. */
static void holidays_2025(void **state)
{
	assert_int_equal(check_off(off_2025, N(off_2025)), 28);
	check_makeup(makeup_2025, N(makeup_2025));
	check_exactly(2025, 28, N(makeup_2025));
}

/* 2026: 3 + 9 + 3 + 5 + 3 + 3 + 7 = 33 days off, 6 make-up days. */
static void holidays_2026(void **state)
{
	assert_int_equal(check_off(off_2026, N(off_2026)), 33);
	check_makeup(makeup_2026, N(makeup_2026));
	check_exactly(2026, 33, N(makeup_2026));
}

static void ordinary_days(void **state)
{
	/* weekdays and weekends nobody listed */
	assert_int_equal(calendar_is_workday(cal, D("2025-03-10"), NULL), 1); /* Monday */
	assert_int_equal(calendar_is_workday(cal, D("2025-03-14"), NULL), 1); /* Friday */
	assert_int_equal(calendar_is_workday(cal, D("2025-03-08"), NULL), 0); /* Saturday */
	assert_int_equal(calendar_is_workday(cal, D("2025-03-09"), NULL), 0); /* Sunday */
	assert_int_equal(calendar_is_workday(cal, D("2026-07-06"), NULL), 1); /* Monday */
	assert_int_equal(calendar_is_workday(cal, D("2026-07-04"), NULL), 0); /* Saturday */
	assert_int_equal(calendar_is_workday(cal, D("2024-12-31"), NULL), 1); /* Tuesday */
	assert_int_equal(calendar_is_workday(cal, D("2026-12-31"), NULL), 1); /* Thursday */
	/* the days right beside holidays and make-up days keep their ordinary nature */
	assert_int_equal(calendar_is_workday(cal, D("2025-01-27"), NULL), 1); /* Monday before 春节 */
	assert_int_equal(calendar_is_workday(cal, D("2025-01-25"), NULL), 0); /* Sat before a make-up Sun */
	assert_int_equal(calendar_is_workday(cal, D("2025-10-12"), NULL), 0); /* Sun after a make-up Sat */
	assert_int_equal(calendar_is_workday(cal, D("2025-10-09"), NULL), 1); /* Thursday after 国庆 */
	assert_int_equal(calendar_is_workday(cal, D("2026-02-24"), NULL), 1); /* Tuesday after 春节 */
	assert_int_equal(calendar_is_workday(cal, D("2026-03-01"), NULL), 0); /* Sun after a make-up Sat */
	assert_null(calendar_special_at(cal, D("2025-03-10")));
	assert_null(calendar_special_at(cal, D("2027-01-01")));
}

/* ---- sums ---- */

static void the_article_9_example(void **state)
{
	/*
	 * From Saturday 2025-09-20: 09-21 Sun off; 09-22..26 Mon–Fri (1–5); 09-27 Sat off; 09-28 Sun
	 * make-up (6); 09-29, 09-30 (7, 8); 10-01..08 off; 10-09, 10-10 (9, 10); 10-11 Sat make-up (11);
	 * 10-12 Sun off; 10-13..17 (12–16); 10-20..23 (17–20).
	 */
	assert_string_equal(add("2025-09-20", 20), "2025-10-23");
	assert_int_equal(count("2025-09-20", "2025-10-23"), 20);
	assert_int_equal(count("2025-09-20", "2025-10-22"), 19);
}

static void spring_festival_2025(void **state)
{
	/*
	 * From Friday 2025-01-24: 01-25 Sat off; 01-26 Sun make-up (1); 01-27 Mon (2); 01-28..02-04 off;
	 * 02-05..07 Wed–Fri (3–5); 02-08 Sat make-up (6); 02-09 Sun off; 02-10..13 Mon–Thu (7–10).
	 */
	assert_string_equal(add("2025-01-24", 10), "2025-02-13");
	assert_int_equal(count("2025-01-24", "2025-02-13"), 10);
	assert_string_equal(add("2025-01-27", 1), "2025-02-05"); /* the holiday is skipped whole */
	assert_string_equal(add("2025-01-25", 1), "2025-01-26"); /* a make-up Sunday counts */
	/*
	 * January and February 2025. January starts on a Wednesday: 4 full weeks (20 weekdays) plus
	 * Wed 29, Thu 30, Fri 31 = 23 weekdays; off on weekdays: 01-01, 01-28, 01-29, 01-30, 01-31 (5);
	 * make-up 01-26: 23 − 5 + 1 = 19. February (28 days from a Saturday) has 20 weekdays; off on
	 * weekdays: 02-03 Mon, 02-04 Tue (2); make-up 02-08: 20 − 2 + 1 = 19. Together 38.
	 */
	assert_int_equal(count("2024-12-31", "2025-01-31"), 19);
	assert_int_equal(count("2025-01-31", "2025-02-28"), 19);
	assert_int_equal(count("2024-12-31", "2025-02-28"), 38);
}

static void national_day_2025(void **state)
{
	/*
	 * October 2025 starts on a Wednesday: 20 + Wed 29, Thu 30, Fri 31 = 23 weekdays; off on weekdays:
	 * 10-01, 02, 03, 06, 07, 08 (6); make-up 10-11: 23 − 6 + 1 = 18. With September's make-up Sunday
	 * 09-28 and Mon 29, Tue 30 the span from Saturday 09-27 adds 3: 21.
	 */
	assert_int_equal(count("2025-09-30", "2025-10-31"), 18);
	assert_int_equal(count("2025-09-27", "2025-10-31"), 21);
	assert_int_equal(count("2025-09-30", "2025-10-08"), 0); /* the whole holiday */
	assert_string_equal(add("2025-09-30", 1), "2025-10-09");
	assert_string_equal(add("2025-10-01", 2), "2025-10-10");
	assert_string_equal(add("2025-10-01", 3), "2025-10-11");
}

static void spring_festival_2026(void **state)
{
	/*
	 * February 2026 starts on a Sunday: 28 days, 20 weekdays; off 02-15 (Sun) .. 02-23 (Mon) takes
	 * the weekdays 16, 17, 18, 19, 20, 23 (6); make-up Saturdays 02-14 and 02-28: 20 − 6 + 2 = 16.
	 * From Friday 02-13: 02-14 Sat make-up (1); 02-15..23 off; 02-24..27 Tue–Fri (2–5);
	 * 02-28 Sat make-up (6); 03-01 Sun off; 03-02 Mon (7).
	 */
	assert_int_equal(count("2026-01-31", "2026-02-28"), 16);
	assert_string_equal(add("2026-02-13", 1), "2026-02-14");
	assert_string_equal(add("2026-02-13", 2), "2026-02-24");
	assert_string_equal(add("2026-02-13", 5), "2026-02-27");
	assert_string_equal(add("2026-02-13", 6), "2026-02-28");
	assert_string_equal(add("2026-02-13", 7), "2026-03-02");
	assert_int_equal(count("2026-02-14", "2026-02-23"), 0);
}

static void national_day_2026(void **state)
{
	/*
	 * October 2026 starts on a Thursday: 20 + Thu 29, Fri 30 = 22 weekdays; off 10-01..07 takes the
	 * weekdays 1, 2, 5, 6, 7 (5); make-up Saturday 10-10: 22 − 5 + 1 = 18. 中秋节 is separate this
	 * year: 09-25 (Fri)..27 off with make-up Sunday 09-20. September 2026 starts on a Tuesday:
	 * 20 + Tue 29, Wed 30 = 22 weekdays, minus 09-25, plus 09-20: 22.
	 */
	assert_int_equal(count("2026-09-30", "2026-10-31"), 18);
	assert_int_equal(count("2026-08-31", "2026-09-30"), 22);
	/* 20 working days from Friday 2026-09-25 (a holiday): 09-28..30 (3); 10-01..07 off; 10-08, 09 (5);
	   10-10 Sat (6); 10-12..16 (11); 10-19..23 (16); 10-26..29 (20). */
	assert_string_equal(add("2026-09-25", 20), "2026-10-29");
	assert_string_equal(add("2026-09-19", 1), "2026-09-20");
}

static void year_boundaries(void **state)
{
	/* 2024 → 2025: 2025-01-01 (Wed) is off. */
	assert_string_equal(add("2024-12-31", 1), "2025-01-02");
	assert_string_equal(add("2024-12-27", 3), "2025-01-02"); /* 12-30 Mon, 12-31 Tue, 01-02 Thu */
	assert_int_equal(count("2024-12-27", "2025-01-03"), 4);
	/* 2025 → 2026: 2026-01-01..03 (Thu–Sat) off, Sunday 01-04 a make-up day. */
	assert_string_equal(add("2025-12-31", 1), "2026-01-04");
	assert_string_equal(add("2025-12-31", 2), "2026-01-05");
	/* 12-29, 30, 31 (3) + 01-04 Sun (1) + 01-05..09 Mon–Fri (5) = 9 */
	assert_int_equal(count("2025-12-26", "2026-01-09"), 9);
	/* the last day of the last recorded year is still known */
	assert_string_equal(add("2026-12-30", 1), "2026-12-31");
	assert_string_equal(add("2026-12-31", 0), "2026-12-31");
	assert_string_equal(add("2024-01-01", 1), "2024-01-02");
}

static void whole_years(void **state)
{
	/*
	 * 2024 (leap, from a Monday): 52 weeks + Mon, Tue = 262 weekdays; 19 off days fall on weekdays,
	 * 8 make-up days: 262 − 19 + 8 = 251. 2025 (from a Wednesday): 261 weekdays − 18 + 5 = 248.
	 * 2026 (from a Thursday): 261 − 19 + 6 = 248. 1 January is off in every year, so the count from
	 * 1 January (which it excludes) equals the year's working days.
	 */
	assert_int_equal(count("2024-01-01", "2024-12-31"), 251);
	assert_int_equal(count("2025-01-01", "2025-12-31"), 248);
	assert_int_equal(count("2026-01-01", "2026-12-31"), 248);
	assert_int_equal(count("2024-01-01", "2026-12-31"), 251 + 248 + 248);
}

/* count is the inverse of add, for every start day of the recorded years and n = 0..40. */
static void add_and_count_agree(void **state)
{
	for (int start = D("2024-01-01"); start <= D("2026-12-31"); start++) {
		for (int n = 0; n <= 40; n++) {
			int due, back;
			if (calendar_add_workdays(cal, start, n, &due, NULL))
				break; /* beyond 2026: checked elsewhere */
			assert_int_equal(calendar_count_workdays(cal, start, due, &back, NULL), 0);
			assert_int_equal(back, n);
			assert_true(due >= start);
			if (n > 0) {
				assert_int_equal(calendar_is_workday(cal, due, NULL), 1);
				assert_int_equal(calendar_count_workdays(cal, start, due - 1, &back, NULL),
						 0);
				assert_int_equal(back, n - 1);
			}
		}
	}
}

/* ---- errors ---- */

static void outside_the_recorded_years(void **state)
{
	char *err = NULL;
	int out = 77;
	assert_int_equal(calendar_is_workday(cal, D("2023-12-31"), &err), -1);
	assert_err(&err, "2023-12-31 不在工作日历收录的年份内");
	assert_int_equal(calendar_is_workday(cal, D("2027-01-04"), &err), -1);
	assert_err(&err, "已收录：2024、2025、2026 年");

	assert_int_equal(calendar_add_workdays(cal, D("2023-12-29"), 1, &out, &err), -1);
	assert_err(&err, "起算日期 2023-12-29");
	assert_int_equal(calendar_add_workdays(cal, D("2026-12-31"), 1, &out, &err), -1);
	assert_err(&err, "2027-01-01 不在");
	assert_int_equal(calendar_add_workdays(cal, D("2026-12-10"), 20, &out, &err), -1);
	assert_err(&err, "从 2026-12-10 起算");
	assert_int_equal(calendar_add_workdays(cal, D("2025-01-01"), 999999, &out, &err), -1);
	assert_err(&err, "2027-01-01");
	assert_int_equal(out, 77); /* untouched on error */

	assert_int_equal(calendar_count_workdays(cal, D("2023-12-01"), D("2024-01-05"), &out, &err), -1);
	assert_err(&err, "起始日期 2023-12-01");
	assert_int_equal(calendar_count_workdays(cal, D("2026-12-01"), D("2027-01-05"), &out, &err), -1);
	assert_err(&err, "结束日期 2027-01-05");
	assert_int_equal(calendar_count_workdays(cal, D("2027-01-01"), D("2027-01-05"), &out, &err), -1);
	assert_err(&err, "起始日期 2027-01-01");
	assert_int_equal(out, 77);

	assert_false(calendar_covers_year(cal, 2023));
	assert_true(calendar_covers_year(cal, 2024));
	assert_true(calendar_covers_year(cal, 2026));
	assert_false(calendar_covers_year(cal, 2027));
	assert_null(calendar_year_notice(cal, 2027));
	assert_string_equal(calendar_year_notice(cal, 2025), "国务院办公厅关于2025年部分节假日安排的通知");
	const struct calendar_special *sp;
	assert_int_equal(calendar_year_specials(cal, 2027, &sp), 0);
	const int *years;
	assert_int_equal(calendar_years(cal, &years), 3);
	assert_int_equal(years[0], 2024);
	assert_int_equal(years[2], 2026);
}

static void bad_arguments(void **state)
{
	char *err = NULL;
	int out = 77;
	assert_int_equal(calendar_add_workdays(cal, D("2025-06-03"), -1, &out, &err), -1);
	assert_err(&err, "工作日数 -1 无效");
	assert_int_equal(calendar_count_workdays(cal, D("2025-06-03"), D("2025-06-02"), &out, &err), -1);
	assert_err(&err, "起始日期 2025-06-03 晚于结束日期 2025-06-02");
	assert_int_equal(out, 77);
	assert_int_equal(count("2025-06-03", "2025-06-03"), 0);
	/* 0 days: the start itself, even a holiday */
	assert_string_equal(add("2025-06-01", 0), "2025-06-01");
}

static void builtin_is_shared(void **state)
{
	char *err = NULL;
	assert_ptr_equal(calendar_builtin(&err), cal);
	assert_null(err);
	assert_ptr_equal(calendar_builtin(NULL), cal);
}

/* ---- the data checks ---- */

static const char years_ok[] = "year,notice\n2025,通知\n";

/* calendar_parse must refuse the files with a message containing "reason". */
static void refuse(const char *years, const char *holidays, const char *reason)
{
	char *err = NULL;
	struct calendar *c = calendar_parse(years, holidays, &err);
	if (c) {
		calendar_free(c);
		print_error("accepted, expected “%s”:\n%s\n%s", reason, years, holidays);
		fail();
	}
	assert_err(&err, reason);
}

static void data_checks(void **state)
{
	refuse("", "date,kind,name\n", "calendar-years.csv 第 1 行: 表头应为 “year,notice”");
	refuse("year,notice\n", "date,kind,name\n", "未收录任何年份");
	refuse("year,notice\n25,通知\n", "date,kind,name\n", "第 2 行: 年份 “25” 无效");
	refuse("year,notice\n2025,通知\n2025,通知\n", "", "第 3 行: 年份 2025 重复或未按升序排列");
	refuse("year,notice\n2026,通知\n2025,通知\n", "", "第 3 行: 年份 2025 重复或未按升序排列");
	refuse("year,notice\n2025\n", "", "应有 2 列");
	refuse("year,notice\n2025,\n", "", "通知名称为空");
	refuse(years_ok, "date,name,kind\n", "holidays.csv 第 1 行: 表头应为 “date,kind,name”");
	refuse(years_ok, "date,kind,name\n2025-01-01,休\n", "holidays.csv 第 2 行: 应有 3 列");
	refuse(years_ok, "date,kind,name\n2025-01-01,休,元旦,x\n", "应有 3 列（date,kind,name），实有 4 列");
	refuse(years_ok, "date,kind,name\n2025-1-01,休,元旦\n", "第 2 行: 日期 “2025-1-01” 格式不对");
	refuse(years_ok, "date,kind,name\n2025-02-30,休,元旦\n", "第 2 行: 日期 “2025-02-30” 的日 30 无效");
	refuse(years_ok, "date,kind,name\n2025-01-01,假,元旦\n", "类别 “假” 无效（应为 休 或 班）");
	refuse(years_ok, "date,kind,name\n2025-01-01,休,\n", "名称为空");
	refuse(years_ok, "date,kind,name\n2025-01-01,休,\"元旦\"\n", "名称含有引号");
	refuse(years_ok, "date,kind,name\n2025-01-01,休,元旦 \n", "名称首尾有空格");
	refuse(years_ok, "date,kind,name\n2025-01-02,休,元旦\n2025-01-01,休,元旦\n",
	       "第 3 行: 日期 2025-01-01 重复或未按日期升序排列");
	refuse(years_ok, "date,kind,name\n2025-01-01,休,元旦\n2025-01-01,班,元旦\n",
	       "第 3 行: 日期 2025-01-01 重复");
	refuse(years_ok, "date,kind,name\n2025-01-27,班,春节\n",
	       "2025-01-27 是星期一，调休上班（班）只能在星期六或星期日");
	refuse(years_ok, "date,kind,name\n2025-01-01,休,元旦\n2026-01-01,休,元旦\n",
	       "第 3 行: 2026 年未在 calendar-years.csv 中登记");
	refuse("year,notice\n2025,通知\n2026,通知\n", "date,kind,name\n2025-01-01,休,元旦\n",
	       "2026 年已在 calendar-years.csv 中登记，却没有任何节假日或调休行");
}

static void data_accepted_forms(void **state)
{
	/* a byte-order mark, CRLF line ends, blank lines and a missing final newline are all fine */
	char *err = NULL;
	struct calendar *c = calendar_parse("\xEF\xBB\xBFyear,notice\r\n2025,通知\r\n\r\n",
					    "\xEF\xBB\xBF"
					    "date,kind,name\r\n2025-01-01,休,元旦\r\n\r\n2025-01-26,班,春节",
					    &err);
	assert_null(err);
	assert_non_null(c);
	assert_int_equal(calendar_is_workday(c, D("2025-01-01"), NULL), 0);
	assert_int_equal(calendar_is_workday(c, D("2025-01-26"), NULL), 1);
	/* a day 2025's real notice lists, absent here, is an ordinary day for this calendar */
	assert_int_equal(calendar_is_workday(c, D("2025-01-28"), NULL), 1);
	assert_string_equal(calendar_special_at(c, D("2025-01-26"))->name, "春节");
	calendar_free(c);
	calendar_free(NULL);
}

static void data_with_a_missing_year(void **state)
{
	/* 2024 and 2026 recorded, 2025 not: a span across 2025 is refused, not guessed. */
	char *err = NULL;
	struct calendar *c = calendar_parse("year,notice\n2024,甲\n2026,丙\n",
					    "date,kind,name\n2024-01-01,休,元旦\n2026-01-01,休,元旦\n", &err);
	assert_non_null(c);
	int n = 0;
	assert_int_equal(calendar_count_workdays(c, D("2024-12-30"), D("2026-01-05"), &n, &err), -1);
	assert_err(&err, "区间内的日期 2025-01-01 不在工作日历收录的年份内（已收录：2024、2026 年");
	assert_int_equal(calendar_add_workdays(c, D("2024-12-31"), 1, &n, &err), -1);
	assert_err(&err, "2025-01-01");
	assert_int_equal(calendar_is_workday(c, D("2025-06-03"), &err), -1);
	assert_err(&err, "2025-06-03");
	assert_int_equal(calendar_count_workdays(c, D("2026-01-01"), D("2026-01-05"), &n, &err), 0);
	assert_int_equal(n, 2); /* Fri 01-02, Mon 01-05 (this calendar lacks 2026's real notice) */
	calendar_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(dates_parse_and_format),
	    cmocka_unit_test(dates_every_day_round_trips),
	    cmocka_unit_test(dates_weekdays),
	    cmocka_unit_test(dates_strict_parse),
	    cmocka_unit_test(holidays_2024),
	    cmocka_unit_test(holidays_2025),
	    cmocka_unit_test(holidays_2026),
	    cmocka_unit_test(ordinary_days),
	    cmocka_unit_test(the_article_9_example),
	    cmocka_unit_test(spring_festival_2025),
	    cmocka_unit_test(national_day_2025),
	    cmocka_unit_test(spring_festival_2026),
	    cmocka_unit_test(national_day_2026),
	    cmocka_unit_test(year_boundaries),
	    cmocka_unit_test(whole_years),
	    cmocka_unit_test(add_and_count_agree),
	    cmocka_unit_test(outside_the_recorded_years),
	    cmocka_unit_test(bad_arguments),
	    cmocka_unit_test(builtin_is_shared),
	    cmocka_unit_test(data_checks),
	    cmocka_unit_test(data_accepted_forms),
	    cmocka_unit_test(data_with_a_missing_year),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
