/*
 * This file implements Article 9's publication deadline (core/disclosure.h) over the working-day
 * calendar, provisional where a year's holiday notice is not yet recorded.
 */
#include "core/disclosure.h"

int disclosure_due_date(const struct calendar *cal, const char *end, char due[DATE_STR_SIZE], int *tentative,
			char **err)
{
	return disclosure_workdays_after(cal, end, DISCLOSURE_WORKDAYS, due, tentative, err);
}

int disclosure_workdays_after(const struct calendar *cal, const char *from, int n, char out[DATE_STR_SIZE],
			      int *tentative, char **err)
{
	int day, d;
	if (date_parse(from, &day, err) || calendar_add_workdays_tentative(cal, day, n, &d, tentative, err))
		return -1;
	date_format(d, out);
	return 0;
}

int disclosure_workdays_between(const struct calendar *cal, const char *from, const char *to, int *n,
				int *tentative, char **err)
{
	int a, b;
	if (date_parse(from, &a, err) || date_parse(to, &b, err))
		return -1;
	return calendar_count_workdays_tentative(cal, a, b, n, tentative, err);
}
