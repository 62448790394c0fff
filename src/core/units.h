/*
 * This file declares the rule that places an object or a person in a unit (issue "units"): every
 * object belongs to the unit whose jurisdiction holds its 行政区划代码, except key objects managed by the
 * city (重点 with 市管 = 是), which belong to the top unit; every person belongs to the unit whose
 * jurisdiction holds theirs (city staff carry the city's code). A code no branch holds belongs to the
 * top unit. Pure: no I/O.
 */
#ifndef SUIJI_CORE_UNITS_H
#define SUIJI_CORE_UNITS_H

#include <stddef.h>

struct unit_juris {
	long id;
	long parent;	     /* 0 for the top unit */
	const char *regions; /* codes joined by ',' */
};

/* 1 when the list "regions" (codes joined by ',') holds "code" exactly. */
int unit_regions_has(const char *regions, const char *code);
/*
 * The unit of an entry with region "region"; "city_key" is 1 for a key object managed by the city.
 * 0 when "units" holds no top unit.
 */
long unit_of(const struct unit_juris *units, size_t n, const char *region, int city_key);
/* 1 for the class and 市管 values of a key object managed by the city. */
int unit_city_key(const char *klass, const char *city_managed);

#endif
