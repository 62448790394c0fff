/*
 * This file declares the arithmetic of the annual plan (Articles 3, 6, 7): periods (quarters and
 * months), the quota rules of a plan line and how many objects a rule asks for in one period, the
 * bureau's rules and settings (Article 7 minimums, risk weights, the repeat window, the yearly cap,
 * suspended objects, the positive list) with the regulation's defaults, and the object weight the
 * draw uses. Pure functions over plain values: no I/O.
 *
 * Percentages are kept as whole basis points of one per cent (500 = 5 %, 1250 = 12.5 %), so that
 * every computation is integer arithmetic and a bureau's legal office can redo it by hand.
 * Rounding is always up (ceil): 5 % of 30 units is 2, never 1.
 */
#ifndef SUIJI_QUOTA_H
#define SUIJI_QUOTA_H
#include <stddef.h>

/* ---- periods ---- */

enum plan_period { PERIOD_QUARTER, PERIOD_MONTH };

/* 4 or 12. */
int period_per_year(enum plan_period p);
/* The quarter (0..3) that period "index" of granularity "p" falls in. */
int period_quarter(enum plan_period p, int index);
/*
 * Parses "2025Q1" (quarter, index 0) or "2025-03" (month, index 2). Returns 0, or -1 with *why
 * pointing at a static Chinese reason.
 */
int period_parse(const char *label, int *year, enum plan_period *p, int *index, const char **why);
/* Writes the label of period "index" of "year" ("2025Q1", "2025-03") into buf. */
void period_label(int year, enum plan_period p, int index, char buf[16]);
/* "quarter" / "month" and back; -1 for anything else. */
const char *period_name(enum plan_period p);
int period_from_name(const char *s, enum plan_period *p);
/* "季度" / "月". */
const char *period_zh(enum plan_period p);

/* ---- quota rules ---- */

enum quota_rule {
	QUOTA_EACH,	 /* every eligible object once per period */
	QUOTA_RATIO,	 /* value basis points of the eligible pool per period, rounded up */
	QUOTA_COUNT,	 /* value objects per period (at most the pool) */
	QUOTA_PER_STAFF, /* value objects per on-duty staff member per year, spread over the periods */
};

struct quota {
	enum quota_rule rule;
	long value; /* ratio: basis points 1..10000; count, per_staff: 1..1000000; each: 0 */
};

/* "each", "ratio", "count", "per_staff" and back; -1 for anything else. */
const char *quota_rule_name(enum quota_rule r);
int quota_rule_from_name(const char *s, enum quota_rule *r);

/* ceil(pool × bp / 10000): the objects a ratio of "bp" basis points asks for. */
long quota_ratio_ceil(long pool, long bp);

/*
 * The number of objects the rule asks for in period "index" (0-based) of granularity "p", given the
 * line's "population" (every object it selects that may be inspected at all, as of the announcement)
 * and, for QUOTA_PER_STAFF, "staff" on-duty staff members:
 *   each:      population
 *   ratio:     ceil(population × bp / 10000)
 *   count:     min(value, population)
 *   per_staff: the year's total A = min(value × staff, population) spread over the P periods so that
 *              the first k periods together ask for ceil(A × k / P): period k gets
 *              ceil(A(k+1)/P) − ceil(Ak/P) (front-loaded, and the year adds up to exactly A).
 * Never negative.
 */
long quota_wanted(const struct quota *q, enum plan_period p, int index, long population, long staff);
/*
 * The quota a draw takes: quota_wanted of the whole population, drawn from the "pool" members that may
 * be drawn now (the population less those inside the repeat window or at the yearly cap); when the pool
 * is smaller, all of it (the difference is the shortfall the announcement and "plan check" report).
 * A population smaller than the pool counts as the pool.
 */
long quota_for_period(const struct quota *q, enum plan_period p, int index, long population, long pool,
		      long staff);

/*
 * The inspections of one category (e.g. general objects) a random draw of "quota" objects from a
 * pool of "pool" objects, "in_class" of which belong to the category, certainly makes whatever the
 * draw's luck: max(0, quota − (pool − in_class)).
 */
long quota_guaranteed(long quota, long pool, long in_class);

/*
 * Parses a percentage: "5", "5%", "5％", "12.5", "0.25" (at most two decimals), greater than 0 and
 * at most 100. Returns 0 with *bp set, or -1 with *why.
 */
int quota_parse_percent(const char *s, long *bp, const char **why);
/* Formats basis points as "5%", "12.5%", "0.25%". */
void quota_format_percent(long bp, char buf[16]);
/* A Chinese description of the rule for people, e.g. "每季度抽取 5%", "每个对象每季度1次". */
void quota_describe(const struct quota *q, enum plan_period p, char *buf, size_t size);

/* ---- rules and settings (per bureau) ---- */

struct plan_settings {
	/* Article 7 minimums */
	int key_city_quarterly;	   /* 1: every city-managed key unit at least once each quarter */
	long key_other_bp;	   /* key units not city-managed: at least this share each quarter */
	int general_per_staff;	   /* general objects a year per on-duty business staff member */
	int special_above_general; /* 1: special objects at a higher rate than general ones */
	/* the draw (the frame's rules, docs/DRAW.md) */
	int weight_low, weight_mid,
	    weight_high;	  /* by risk 低/中/高, 1..100; an unrated object counts as 中 */
	int weight_special;	  /* class 特殊: at least this weight, 1..100 */
	int positive_offsite;	  /* 1: 正面清单 objects are inspected off-site (Article 4) */
	int positive_weight;	  /* 正面清单 objects: at most this weight, 0: unchanged */
	int repeat_window_days;	  /* an object randomly inspected within this many days is not drawn again */
	int yearly_cap;		  /* random inspections of one object per year at most (0: no cap) */
	int suspended_eligible;	  /* 1: 停产 objects may be drawn */
	int team_size;		  /* officers per team, at least 2 (行政处罚法 第42条) */
	int cross_region;	  /* 1: county officers do not inspect their own county */
	int experts_per_visit;	  /* auxiliary staff (Article 5) drawn per visit */
	int draw_branch_officers; /* 1: the top unit's draws also take the branches' officers */
};

enum setting_type { SETTING_BOOL, SETTING_INT, SETTING_PERCENT };

struct setting_def {
	const char *key; /* English key, e.g. "repeat_window_days" */
	const char *zh;	 /* Chinese label */
	enum setting_type type;
	long min, max;	   /* INT: bounds; PERCENT: bounds in basis points */
	long city, county; /* the defaults (the regulation's values where it has one) */
	int minimum;	   /* 1 for an Article 7 minimum: a value below the default weakens the regulation */
	size_t offset;	   /* into struct plan_settings (an int, or a long for PERCENT) */
};

extern const struct setting_def plan_setting_defs[];
extern const size_t plan_setting_count;

/* The defaults for a city (county = 0) or county (county = 1) bureau. */
void plan_settings_default(struct plan_settings *s, int county);
/* The definition with this key, or NULL. */
const struct setting_def *plan_setting_find(const char *key);
/*
 * Parses "value" for "def" (是/否 for a flag, a whole number, a percentage) and stores it into *s.
 * Returns 0, or -1 with *why pointing at a static Chinese reason (or into why_buf of 128 bytes).
 */
int plan_setting_set(struct plan_settings *s, const struct setting_def *def, const char *value,
		     const char **why, char why_buf[128]);
/* The setting's value in *s as text ("是", "90", "5%") into buf. */
void plan_setting_format(const struct plan_settings *s, const struct setting_def *def, char buf[32]);
/* The numeric value (flags 0/1, percentages in basis points). */
long plan_setting_value(const struct plan_settings *s, const struct setting_def *def);

/*
 * The weight (1..100) the draw gives an object: its risk weight (低/中/高; an unrated object counts
 * as 中), raised to weight_special for class 特殊, lowered to positive_weight (when not 0) for a
 * 正面清单 object; finally clamped to 1..100.
 */
int plan_object_weight(const struct plan_settings *s, const char *risk, const char *klass, int positive);

#endif
