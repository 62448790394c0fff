/*
 * This file declares dates and the working-day calendar. Article 9 (R9.2) gives a bureau 20 working
 * days after an inspection ends to publish its result; working days follow the State Council's yearly
 * holiday notices, including the make-up working days on weekends (调休).
 *
 * The calendar is data, not code: data/calendar-years.csv names the years whose notice is recorded,
 * data/holidays.csv lists every special day of those years (see docs/CALENDAR.md). A working day is a
 * Monday to Friday not listed as 休, or a day listed as 班. Nothing is ever guessed: asking about a
 * date outside the recorded years is an error.
 *
 * Dates are day numbers: 1 is 0001-01-01 in the proleptic Gregorian calendar, each day adds one, so
 * date arithmetic is integer arithmetic and a later date has a larger number. Valid dates lie in the
 * years 0001 to 9999 (DATE_MIN to DATE_MAX).
 *
 * Errors follow suiji's lower-layer idiom: functions return -1 and put an allocated message in
 * Simplified Chinese into *err (when err is non-NULL); the caller frees it.
 */
#ifndef SUIJI_CALENDAR_H
#define SUIJI_CALENDAR_H
#include <stddef.h>

#define DATE_MIN 1	 /* 0001-01-01 */
#define DATE_MAX 3652059 /* 9999-12-31 */
#define DATE_STR_SIZE 11 /* "YYYY-MM-DD" and its NUL */

/* Strict parse of "YYYY-MM-DD" (four-digit year from 0001, two-digit month and day, ASCII "-"). */
int date_parse(const char *s, int *day, char **err);
/* The day number of year-month-mday, or 0 when that is not a real date. */
int date_from_ymd(int year, int month, int mday);
/* Splits a valid day number into year, month and day of month (any pointer may be NULL). */
void date_to_ymd(int day, int *year, int *month, int *mday);
/* Writes "YYYY-MM-DD" into buf; "0000-00-00" for a day number outside DATE_MIN..DATE_MAX. */
void date_format(int day, char buf[DATE_STR_SIZE]);
/* ISO 8601 weekday: 1 Monday … 7 Sunday. */
int date_weekday(int day);
/* "星期一" … "星期日". */
const char *date_weekday_name(int day);

/* What a listed day is: 休 (off, though it may fall on a weekday) or 班 (a working weekend day). */
enum calendar_kind { CALENDAR_OFF, CALENDAR_MAKEUP };

struct calendar_special {
	int day;
	enum calendar_kind kind;
	const char *name; /* the holiday it belongs to, e.g. "春节" (a make-up day names its holiday too) */
};

struct calendar;

/*
 * The calendar built into the binary from data/calendar-years.csv and data/holidays.csv, parsed and
 * checked once (thread-safe) and kept for the process's lifetime. NULL, with *err set, when the data
 * files are wrong: a programming error, which the message says.
 */
const struct calendar *calendar_builtin(char **err);
/*
 * Builds a calendar from the text of the two files (NUL-terminated). Every row is checked: header,
 * field count, strict dates in ascending order without repeats, kind 休 or 班, 班 only on a Saturday
 * or Sunday, a non-empty name, each listed day inside a recorded year, each recorded year with at
 * least one listed day. NULL with *err naming the file, line and reason on the first fault.
 */
struct calendar *calendar_parse(const char *years_csv, const char *holidays_csv, char **err);
void calendar_free(struct calendar *cal);

/* 1 when the notice of "year" is recorded. */
int calendar_covers_year(const struct calendar *cal, int year);
/* The recorded years in ascending order; returns how many and points *years at them. */
size_t calendar_years(const struct calendar *cal, const int **years);
/* The notice recorded for "year" (e.g. "国务院办公厅关于2025年部分节假日安排的通知"), NULL if none. */
const char *calendar_year_notice(const struct calendar *cal, int year);
/* The listed days of "year" in date order: returns how many and points *specials at the first. */
size_t calendar_year_specials(const struct calendar *cal, int year, const struct calendar_special **specials);
/* The listed day "day", or NULL when it is an ordinary day (or outside the recorded years). */
const struct calendar_special *calendar_special_at(const struct calendar *cal, int day);

/* 1 for a working day, 0 for a day off, -1 (with *err) when "day" lies outside the recorded years. */
int calendar_is_workday(const struct calendar *cal, int day, char **err);
/*
 * The due date *due: the n-th working day after "start", counting from the day after "start" (the
 * start itself never counts, whatever it is). n = 0 gives "start". Article 9's publication deadline
 * for an inspection that ended on E is calendar_add_workdays(cal, E, 20, …); 2025-09-20 + 20 is
 * 2025-10-23. -1 (with *err) when n < 0 or when "start" or any day up to the due date lies outside
 * the recorded years.
 */
int calendar_add_workdays(const struct calendar *cal, int start, int n, int *due, char **err);
/*
 * *count: the working days d with from < d <= to, that is excluding "from" and including "to" — the
 * inverse of calendar_add_workdays: count(s, add(s, n)) = n. (Whether a result was published in time
 * is a comparison with the due date, not a count: a day off right after the 20th working day already
 * lies past the due date though the count to it is still 20.) from = to gives 0. -1 (with *err) when
 * from > to or when any day from "from" to "to" lies outside the recorded years.
 */
int calendar_count_workdays(const struct calendar *cal, int from, int to, int *count, char **err);

/*
 * The same two, for a year whose notice is not yet published (issue 11: deadlines stop in December):
 * a day of a year the calendar does not record counts as a working day when it is Monday to Friday
 * (weekends alone), and *tentative is set to 1 when any such day was needed — the answer is then
 * 暂定 (provisional) until the year's notice is loaded. *tentative is 0 when every day was recorded.
 */
int calendar_add_workdays_tentative(const struct calendar *cal, int start, int n, int *due, int *tentative,
				    char **err);
int calendar_count_workdays_tentative(const struct calendar *cal, int from, int to, int *count,
				      int *tentative, char **err);

#endif
