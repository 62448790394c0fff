/*
 * This file implements the parser of numbers and id lists of core/parse.h.
 */
#include "core/parse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

int parse_long(const char *s, long min, long max, long *v)
{
	if (!s || !*s || strlen(s) > 18 || strspn(s, "0123456789") != strlen(s))
		return -1;
	long x = strtol(s, NULL, 10);
	if (x < min || x > max)
		return -1;
	*v = x;
	return 0;
}

long parse_id(const char *s)
{
	long v;
	return parse_long(s, 1, 1000000000000L, &v) ? 0 : v;
}

/* The length of the separator at "p", 0 when there is none. */
static size_t separator(const char *p)
{
	if (*p == ',' || *p == ';' || *p == ' ' || *p == '\t')
		return 1;
	if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3) || !strncmp(p, "　", 3))
		return 3;
	return 0;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

int parse_id_list(const char *s, long **ids, size_t *n, char bad[64])
{
	*ids = NULL;
	*n = 0;
	bad[0] = 0;
	size_t alloc = 0;
	const char *p = s ? s : "";
	while (*p) {
		size_t sep = separator(p);
		if (sep) {
			p += sep;
			continue;
		}
		const char *q = p;
		while (*q && !separator(q))
			q++;
		char item[64];
		size_t l = (size_t)(q - p) < sizeof(item) - 1 ? (size_t)(q - p) : sizeof(item) - 1;
		memcpy(item, p, l);
		item[l] = 0;
		long id = parse_id(item);
		if (!id) {
			snprintf(bad, 64, "%s", item);
			free(*ids);
			*ids = NULL;
			*n = 0;
			return -1;
		}
		ALLOC_GROW(*ids, *n + 1, alloc);
		(*ids)[(*n)++] = id;
		p = q;
	}
	if (!*n)
		return -1;
	qsort(*ids, *n, sizeof(**ids), cmp_long);
	size_t k = 1;
	for (size_t i = 1; i < *n; i++)
		if ((*ids)[i] != (*ids)[k - 1])
			(*ids)[k++] = (*ids)[i];
	*n = k;
	return 0;
}
