/*
 * This file declares the plan check shared by "suiji plan check|show|file" (and later the web API):
 * a version of a year's plan, its lines, the bureau's settings, and the Article 7 check computed over
 * the directory as of the version's date (core/article7.h), plus the year's targeted inspections,
 * counted apart (Article 2: they never count toward a random quota).
 */
#ifndef SUIJI_PLAN_CHECK_H
#define SUIJI_PLAN_CHECK_H
#include <stddef.h>

#include "core/article7.h"
#include "store/org.h"
#include "store/plan.h"

struct plan_check {
	struct org org;
	struct plan_version v;
	struct plan_line *lines;
	size_t nlines;
	struct plan_item **items; /* per line: its items on the current list */
	size_t *nitems;
	struct plan_settings settings;
	char as_of[11]; /* the directory date the check used */
	struct a7_result r;
	long targeted;		     /* targeted inspections dated in the year */
	long targeted_by_trigger[8]; /* in the order of targeted_triggers */
	long random_tasks;	     /* random tasks of the year's plan (not cancelled) */
};

/*
 * Loads version "version" (0: the current one) of "year" and checks it against the directory as of
 * "as_of" (NULL: the version's date). Returns 1 with *pc filled (plan_check_release), 0 when the year
 * has no such version, -1 with *err.
 */
int plan_check_run(struct store *st, int year, int version, const char *as_of, struct plan_check *pc,
		   char **err);
void plan_check_release(struct plan_check *pc);

/* Appends the year's targeted-inspection counts to pc (called by plan_check_run). */
int plan_check_count_tasks(struct store *st, int year, struct plan_check *pc, char **err);

#endif
