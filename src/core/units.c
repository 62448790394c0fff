/*
 * This file implements the rule of core/units.h.
 */
#include "core/units.h"

#include <string.h>

int unit_regions_has(const char *regions, const char *code)
{
	size_t n = code ? strlen(code) : 0;
	if (!regions || !n)
		return 0;
	for (const char *p = regions; *p;) {
		const char *q = strchr(p, ',');
		size_t l = q ? (size_t)(q - p) : strlen(p);
		if (l == n && !memcmp(p, code, n))
			return 1;
		if (!q)
			break;
		p = q + 1;
	}
	return 0;
}

int unit_city_key(const char *klass, const char *city_managed)
{
	return klass && city_managed && !strcmp(klass, "重点") && !strcmp(city_managed, "是");
}

long unit_of(const struct unit_juris *units, size_t n, const char *region, int city_key)
{
	long top = 0;
	for (size_t i = 0; i < n; i++)
		if (!units[i].parent) {
			top = units[i].id;
			break;
		}
	if (city_key)
		return top;
	for (size_t i = 0; i < n; i++)
		if (units[i].parent && unit_regions_has(units[i].regions, region))
			return units[i].id;
	return top;
}
