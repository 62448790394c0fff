/*
 * This file declares the JSON rendering of a plan (docs/PLAN.md, "plan check --json"): a line with its
 * figures, and an Article 7 check with, per rule, required, planned, drawn so far and short. The same
 * documents for the command line and the web application. Pure rendering over plain values.
 */
#ifndef SUIJI_IO_PLAN_JSON_H
#define SUIJI_IO_PLAN_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "core/article7.h"

/* What the JSON of a check shows (pointers borrowed: op_plan_check_view fills it from a check). */
struct plan_check_view {
	const char *unit, *level, *status, *as_of;
	int year, version;
	const struct a7_result *r;
	const struct plan_settings *settings;
	const struct plan_line *lines; /* r->lines align with them */
	size_t nlines;
	const long *drawn;	  /* per rule (A7_RULE_*) */
	const long (*q_drawn)[4]; /* per rule and quarter */
	long targeted;
	const long *targeted_by_trigger; /* in the order of targeted_triggers */
	long random_tasks;
};

/* A line (with its figures "c" when not NULL) as a new JSON object. */
json_t *plan_line_json(const struct plan_line *l, const struct a7_line *c);
/* The whole check as a new JSON object. */
json_t *plan_check_json(const struct plan_check_view *v);

#endif
