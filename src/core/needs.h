/*
 * This file declares how an inspection item's responsible department (责任科室) becomes the expertise
 * (业务专长) a team needs for it: "水生态环境科" → 水, "固体废物与化学品科" → 固废, 化学品. The table is
 * data (data/expertise.csv: a keyword found in the department's name → an expertise), checked in the
 * order of the file; a department that names none (执法支队) needs no particular expertise.
 */
#ifndef SUIJI_NEEDS_H
#define SUIJI_NEEDS_H
#include <stddef.h>

/*
 * Calls fn for each expertise the department "department" calls for, in the table's order, each once.
 * Returns how many.
 */
int needs_of_department(const char *department, void (*fn)(const char *expertise, void *arg), void *arg);

#endif
