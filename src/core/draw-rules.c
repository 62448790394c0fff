/*
 * This file implements the draw's rules of core/draw-rules.h: the end of a period and the plan lines
 * two draws share.
 */
#include "core/draw-rules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/quota.h"

int draw_period_over(const char *label, const char *today)
{
	int year, index;
	enum plan_period p;
	const char *why;
	if (period_parse(label, &year, &p, &index, &why))
		return -1;
	/* the first month after the period */
	int month = p == PERIOD_QUARTER ? index * 3 + 4 : index + 2;
	if (month > 12) {
		month -= 12;
		year++;
	}
	char next[16];
	snprintf(next, sizeof(next), "%04d-%02d-01", year % 10000, month % 100);
	return strncmp(today, next, 10) >= 0;
}

static size_t walk(const char *lines, const long *ids, size_t n, long *common)
{
	size_t k = 0;
	for (const char *p = lines; p && *p;) {
		char *end;
		long v = strtol(p, &end, 10);
		if (end == p)
			break;
		if (!ids) {
			k++;
		} else {
			for (size_t i = 0; i < n; i++)
				if (ids[i] == v) {
					common[k++] = v;
					break;
				}
		}
		p = *end == ',' ? end + 1 : end;
		if (!*end || *end != ',')
			break;
	}
	return k;
}

size_t draw_lines_common(const char *lines, const long *ids, size_t n, long *common)
{
	return walk(lines, ids, n, common);
}

size_t draw_lines_count(const char *lines)
{
	return walk(lines, NULL, 0, NULL);
}
