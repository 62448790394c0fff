/*
 * This file implements "suiji calendar": working-day arithmetic over the built-in calendar of State
 * Council holiday notices (core/calendar.h, Article 9 R9.2), without a database.
 *
 *   suiji calendar add 日期 天数      the due date: the 天数-th working day after 日期
 *   suiji calendar workdays 起 止     working days d with 起 < d <= 止
 *   suiji calendar day 日期           whether 日期 is a working day, and why
 *   suiji calendar show 年份          the year's holidays and make-up working days
 *   suiji calendar years              the recorded years and their notices
 *   suiji calendar import 文件 [--notice 通知名称]
 *                                    loads a year's notice into the database (op/calendar.h), for a
 *                                    year the built-in calendar does not record yet
 *
 * Exit codes: 0 success; 1 a value the calendar cannot answer for (a malformed date or number, a date
 * outside the recorded years); 2 a usage error (unknown action, wrong number of arguments).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "io/infile.h"
#include "op/calendar.h"
#include "util/strbuf.h"
#include "util/error.h"

static const char usage_text[] =
    "用法: suiji calendar add 日期 天数      计算截止日期：日期之后第“天数”个工作日\n"
    "      suiji calendar workdays 起 止     统计工作日数（不含起始日，含结束日）\n"
    "      suiji calendar day 日期           判断某日是否为工作日\n"
    "      suiji calendar show 年份          列出该年放假和调休上班的日期\n"
    "      suiji calendar years              列出已收录的年份及依据的通知\n"
    "      suiji calendar import 文件 [--notice 通知名称]\n"
    "                                        导入某年国务院节假日安排（表头 date,kind,name；kind 为 休 或 "
    "班）\n"
    "日期格式为 YYYY-MM-DD，例如：suiji calendar add 2025-09-20 20 输出 2025-10-23\n";

/* Prints a usage error and the usage text on stderr; returns the exit code 2. */
__attribute__((format(printf, 1, 2))) static int usage_error(const char *fmt, ...)
{
	va_list ap;
	fputs("用法错误: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n%s", usage_text);
	return EXIT_USAGE;
}

/* Prints "msg" as an error, frees it and returns the exit code 1. */
static int fail(char *msg)
{
	error("%s", msg ? msg : "未知错误");
	free(msg);
	return 1;
}

static int parse_count(const char *s, int *n, char **err)
{
	long v = 0;
	size_t len = strlen(s);
	if (!len || len > 6 || strspn(s, "0123456789") != len)
		return set_err(err, "工作日数 “%s” 无效（应为 0 至 999999 的整数，例如 20）", s);
	for (size_t i = 0; i < len; i++)
		v = v * 10 + (s[i] - '0');
	*n = (int)v;
	return 0;
}

static int parse_year(const char *s, int *year, char **err)
{
	if (strlen(s) != 4 || strspn(s, "0123456789") != 4 || !strcmp(s, "0000"))
		return set_err(err, "年份 “%s” 无效（应为四位数字，例如 2025）", s);
	*year = atoi(s);
	return 0;
}

static int calendar_add(const struct calendar *cal, char **argv)
{
	char *err = NULL, due_str[DATE_STR_SIZE];
	int start = 0, n = 0, due = 0;
	if (date_parse(argv[0], &start, &err) || parse_count(argv[1], &n, &err) ||
	    calendar_add_workdays(cal, start, n, &due, &err))
		return fail(err);
	date_format(due, due_str);
	printf("%s\n", due_str);
	return 0;
}

static int calendar_workdays(const struct calendar *cal, char **argv)
{
	char *err = NULL;
	int from, to, count;
	if (date_parse(argv[0], &from, &err) || date_parse(argv[1], &to, &err) ||
	    calendar_count_workdays(cal, from, to, &count, &err))
		return fail(err);
	printf("%d\n", count);
	return 0;
}

static int calendar_day(const struct calendar *cal, char **argv)
{
	char *err = NULL, date[DATE_STR_SIZE];
	int day, work;
	if (date_parse(argv[0], &day, &err) || (work = calendar_is_workday(cal, day, &err)) < 0)
		return fail(err);
	const struct calendar_special *sp = calendar_special_at(cal, day);
	date_format(day, date);
	printf("%s %s %s", date, date_weekday_name(day), work ? "工作日" : "休息日");
	if (sp)
		printf("（%s%s）", sp->name, sp->kind == CALENDAR_OFF ? "放假" : "调休上班");
	printf("\n");
	return 0;
}

static void print_recorded_years(FILE *out, const struct calendar *cal)
{
	const int *years;
	size_t n = calendar_years(cal, &years);
	fprintf(out, "已收录：");
	for (size_t i = 0; i < n; i++)
		fprintf(out, "%s%d", i ? "、" : "", years[i]);
	fprintf(out, " 年");
}

static int calendar_show(const struct calendar *cal, char **argv)
{
	char *err = NULL, date[DATE_STR_SIZE];
	const struct calendar_special *sp;
	int year = 0, off = 0, off_weekdays = 0, makeup = 0, jan1, dec31, first, rest;
	if (parse_year(argv[0], &year, &err))
		return fail(err);
	if (!calendar_covers_year(cal, year)) {
		error(
		    "%d 年的国务院节假日安排未收录，无法列出（请更新 suiji 或按 docs/CALENDAR.md 补充数据）",
		    year);
		print_recorded_years(stderr, cal);
		fputc('\n', stderr);
		return 1;
	}
	/* The year's working days: 1 January itself, then those after it up to 31 December. */
	jan1 = date_from_ymd(year, 1, 1);
	dec31 = date_from_ymd(year, 12, 31);
	if ((first = calendar_is_workday(cal, jan1, &err)) < 0 ||
	    calendar_count_workdays(cal, jan1, dec31, &rest, &err))
		return fail(err);

	size_t n = calendar_year_specials(cal, year, &sp);
	printf("%d 年节假日安排（依据：%s）\n", year, calendar_year_notice(cal, year));
	printf("日期        星期    安排  节日\n");
	for (size_t i = 0; i < n; i++) {
		date_format(sp[i].day, date);
		if (sp[i].kind == CALENDAR_OFF) {
			off++;
			off_weekdays += date_weekday(sp[i].day) <= 5;
			printf("%s  %s  放假  %s\n", date, date_weekday_name(sp[i].day), sp[i].name);
		} else {
			makeup++;
			printf("%s  %s  上班  %s（调休）\n", date, date_weekday_name(sp[i].day), sp[i].name);
		}
	}
	printf("合计：放假 %d 天（其中 %d 天原为工作日），调休上班 %d 天；全年工作日 %d 天。\n", off,
	       off_weekdays, makeup, first + rest);
	return 0;
}

static int calendar_list_years(const struct calendar *cal)
{
	const int *years;
	size_t n = calendar_years(cal, &years);
	for (size_t i = 0; i < n; i++)
		printf("%d  %s\n", years[i], calendar_year_notice(cal, years[i]));
	return 0;
}

/* suiji calendar import FILE [--notice TEXT]: the one calendar action that needs the database. */
static int calendar_import(struct ctx *ctx, int argc, char **argv)
{
	const char *path = NULL, *notice = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "--notice")) {
			if (i + 1 >= argc)
				return usage_error("--notice 需要通知名称");
			notice = argv[++i];
		} else if (!path && argv[i][0] != '-') {
			path = argv[i];
		} else {
			return usage_error("calendar import 只接受一个文件和 --notice 通知名称，而不是 “%s”",
					   argv[i]);
		}
	}
	if (!path)
		return usage_error("calendar import 需要一个文件（表头 date,kind,name）");
	char *err = NULL;
	FILE *in = infile_open(path, INFILE_MAX_SMALL, NULL, &err);
	if (!in)
		return fail(err);
	struct strbuf text = STRBUF_INIT;
	char buf[8192];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0)
		strbuf_add(&text, buf, n);
	int bad = ferror(in);
	fclose(in);
	if (bad) {
		strbuf_release(&text);
		return error("读取文件 %s 出错", path), 1;
	}
	struct op_session *s = ctx_session(ctx);
	if (!s) {
		strbuf_release(&text);
		return 1;
	}
	struct op_diag d = OP_DIAG_INIT;
	struct op_calendar_import_result r;
	int rc = op_calendar_import(s, strbuf_str(&text), notice, &r, &d);
	strbuf_release(&text);
	if (rc) {
		error("%s: %s", path, d.msg ? d.msg : "导入失败");
		op_diag_release(&d);
		return 1;
	}
	op_diag_release(&d);
	printf("已导入 %d 年节假日安排（%s）：放假 %ld 天，调休上班 %ld 天；该年的公开截止日期不再是暂定\n",
	       r.year, r.notice, r.holidays, r.makeup);
	return 0;
}

int cmd_calendar(int argc, char **argv, struct ctx *ctx)
{
	if (argc >= 2 && !strcmp(argv[1], "import"))
		return calendar_import(ctx, argc, argv);
	static const struct {
		const char *name;
		int nargs;
		const char *args;
	} actions[] = {
	    {"add", 2, "日期 天数"}, {"workdays", 2, "起 止"}, {"day", 1, "日期"},
	    {"show", 1, "年份"},     {"years", 0, ""},
	};
	if (argc < 2)
		return usage_error("calendar 需要一个操作：add、workdays、day、show、years 或 import");
	const char *action = argv[1];
	if (!strcmp(action, "-h") || !strcmp(action, "--help") || !strcmp(action, "help")) {
		fputs(usage_text, stdout);
		return 0;
	}
	size_t i;
	for (i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (!strcmp(action, actions[i].name))
			break;
	if (i == sizeof(actions) / sizeof(actions[0]))
		return usage_error("未知的 calendar 操作 “%s”", action);
	if (argc - 2 != actions[i].nargs)
		return usage_error("calendar %s 需要 %d 个参数%s%s，实有 %d 个", action, actions[i].nargs,
				   actions[i].nargs ? "：" : "", actions[i].args, argc - 2);

	char *err = NULL;
	const struct calendar *cal = calendar_builtin(&err);
	if (!cal)
		return fail(err);
	argv += 2;
	switch (i) {
	case 0:
		return calendar_add(cal, argv);
	case 1:
		return calendar_workdays(cal, argv);
	case 2:
		return calendar_day(cal, argv);
	case 3:
		return calendar_show(cal, argv);
	default:
		return calendar_list_years(cal);
	}
}
