/*
 * This file implements the clock (see clock.h).
 */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int clock_test_enabled(void)
{
#ifdef SUIJI_TEST_CLOCK
	return 1;
#else
	return 0;
#endif
}

void clock_now(char buf[26])
{
#ifdef SUIJI_TEST_CLOCK
	const char *fixed = getenv("SUIJI_NOW");
	if (fixed && strlen(fixed) == 25) {
		memcpy(buf, fixed, 26);
		return;
	}
#endif
	time_t t = time(NULL) + 8 * 3600;
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 26, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

void clock_today(char buf[11])
{
	char now[26];
	clock_now(now);
	memcpy(buf, now, 10);
	buf[10] = '\0';
}
