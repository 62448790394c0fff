/*
 * This file declares the check of a plan against Article 7's minimums (docs/PLAN.md explains every
 * rule and the reading chosen): fed the plan's lines and then, one by one, the objects of the
 * directory as of the plan's date, it counts each line's eligible pool, the quota it asks for in
 * every period, what the plan certainly inspects in each category, and compares with the minimums:
 *
 *   key_city_quarterly     every city-managed key unit (市管重点排污单位) at least once each quarter:
 *                          required 4 × N per year; a unit counts in a quarter only when a line
 *                          certainly inspects it then (its quota in that quarter's period takes the
 *                          line's whole pool: rule "each", or a ratio or count reaching the pool).
 *   key_other_ratio        the other key units at least 5 % (setting) each quarter: ceil(5 % × N) per
 *                          quarter.
 *   general_per_staff      general objects a year: at least 5 (city) or 10 (county) per on-duty
 *                          business staff member, capped at the pool.
 *   special_above_general  special objects at a strictly higher yearly rate than general objects.
 *
 * What a line "certainly inspects" in a category is quota − (pool − in category) when positive: the
 * draw may pick anything in the pool, so only what cannot fall outside the category counts. Lines of
 * one joint group are one draw per period (Article 8): the group counts the largest of its lines, not
 * their sum. Quarterly minimums are compared quarter by quarter: planning more in one quarter does not
 * make up for another. Pure computation, no I/O.
 */
#ifndef SUIJI_ARTICLE7_H
#define SUIJI_ARTICLE7_H
#include <stddef.h>

#include "core/plan.h"

enum a7_rule { A7_RULE_KEY_CITY, A7_RULE_KEY_OTHER, A7_RULE_GENERAL, A7_RULE_SPECIAL, A7_NRULES };

struct a7_minimum {
	const char
	    *rule; /* "key_city_quarterly", "key_other_ratio", "general_per_staff", "special_above_general" */
	const char *zh; /* the rule in Chinese */
	int applies;	/* 0 when the bureau's settings switch the rule off */
	int quarterly;	/* 1: the figures are the sums of q_* over the four quarters */
	long required, planned, shortfall;
	long q_required[4], q_planned[4], q_shortfall[4];
};

/* What one line asks for, from the directory as of the plan's date. */
struct a7_line {
	long pool;			  /* eligible objects the line selects */
	long in_category[A7_NCATEGORIES]; /* of which in each category */
	long staff;			  /* per_staff lines: the staff counted */
	int nperiods;			  /* 4 or 12 */
	long quota[12];			  /* objects asked for in each period */
	long year_total;		  /* the sum over the year */
	long
	    guaranteed[A7_NCATEGORIES]; /* certain inspections per category over the year (this line alone) */
};

/* A city-managed key unit some quarter of which no line certainly inspects. */
struct a7_missing {
	char *uscc, *name;
	unsigned quarters; /* bit q set: quarter q+1 not covered */
};

struct a7_result {
	long count[A7_NCATEGORIES]; /* eligible objects by category */
	long excluded;		    /* objects not eligible (注销; 停产 unless allowed) */
	long staff;		    /* on-duty business staff (执法/监管, 在岗) */
	int general_factor;	    /* 5 (city) or 10 (county), or the bureau's setting */
	struct a7_minimum min[A7_NRULES];
	int ok; /* every applicable minimum met */
	size_t nlines;
	struct a7_line *lines;
	size_t nmissing;
	struct a7_missing *missing;
};

struct article7;

/*
 * Starts a check of "nlines" lines (borrowed until article7_finish) under settings "s".
 * "line_staff[i]" is the staff a per_staff line counts (ignored for other rules); "staff" the bureau's
 * on-duty business staff for the general minimum.
 */
struct article7 *article7_new(const struct plan_settings *s, const struct plan_line *lines,
			      const long *line_staff, size_t nlines, long staff);
/* Counts one object of the directory (every object, eligible or not). */
void article7_add(struct article7 *a, const struct plan_object *o);
/* Computes the result into *r and frees "a". */
void article7_finish(struct article7 *a, struct a7_result *r);
void a7_result_release(struct a7_result *r);

/*
 * The special-objects requirement alone: the fewest special inspections a year whose rate
 * (special / n_special) is strictly above general_base / n_general, capped at n_special; 0 when there
 * are no special objects, 1 when there are no general ones. general_base is capped at n_general.
 */
long a7_special_required(long n_special, long n_general, long general_base);

#endif
