/*
 * This file declares the frame builder of a draw: from plan lines (as strata), the directory as it
 * stands on the announcement day, the bureau's settings and the task history, it builds the protocol's
 * "inputs" (docs/DRAW.md): strata with eligible members and integer weights, the objects' regions,
 * positive-list flags (the off-site rule: false for every object when the unit's positive_offsite
 * setting is 否) and needs, the on-duty qualified officers, the experts, conflicts, previous
 * pairings and the rules. What is eligible is decided here, before T0, and the frame records the outcome.
 */
#ifndef SUIJI_OP_DRAW_FRAME_BUILD_H
#define SUIJI_OP_DRAW_FRAME_BUILD_H
#include <stddef.h>

#include "core/quota.h"
#include "store/store.h"

/* One plan line as the draw sees it: a stratum. */
struct frame_stratum {
	char id[24]; /* the stratum's id in the inputs, e.g. "L3" */
	long line_id;
	char **items; /* item codes (owned) */
	size_t nitems;
	char **needs; /* expertise the items call for (owned) */
	size_t nneeds;
	int every_period; /* each object once per period: ignores the repeat window and the cap */
	/* 1 when the object (canonical values of the object directory) belongs to the line's selection */
	int (*matches)(const char *const *object, void *arg);
	void *match_arg;
	/* 1 when matches() may read any field (the line selects by tags); otherwise it reads only the
	 * fields of plan_object_view (core/plan.h) */
	int reads_tags;
	/* the quota for the line's "population" (every object it selects that may be inspected at all)
	 * drawn from its "pool" (those the repeat window and the yearly cap leave): core/quota.h */
	long (*quota)(long population, long pool, void *arg);
	void *quota_arg;
	long population, pool, quota_value; /* filled by frame_build */
	long shortfall;			    /* what the rule asks beyond the pool (reported, not drawn) */
};

struct plan_settings;
struct strbuf;
struct unit_juris;

struct frame_rules {
	/* weights, repeat window, yearly cap, suspended objects: the bureau's settings (core/quota.h) */
	const struct plan_settings *settings;
	int team_size, cross_region, experts_per_visit; /* the protocol's rules */
	/* the draw's unit: only its objects and officers are in the frame (core/units.h decides), every
	 * officer when "all_officers" is set (the top unit drawing branch officers for its own visits);
	 * with one unit (nunits <= 1) everything is that unit's */
	const struct unit_juris *units;
	size_t nunits;
	long unit_id;
	int all_officers;
};

struct frame_stats {
	long objects_seen, excluded_status, excluded_window, excluded_cap, officers, experts;
};

/*
 * Builds "inputs" for period "label" with "slots" (e.g. 2025Q1 and 2025-01..03) as of day "as_of"
 * (YYYY-MM-DD); the tasks of draw "replaces" (being voided by this one; 0: none) are not history.
 * Returns 0 with CJ(inputs) — the canonical text itself, as cj_dump() would write the same value —
 * in "inputs_cj" (reset first), or -1 with *err set. Fills pool and quota_value of each stratum.
 */
int frame_build(struct store *st, const char *as_of, int year, long replaces, const char *label,
		const char *const *slots, size_t nslots, struct frame_stratum *strata, size_t nstrata,
		const struct frame_rules *rules, struct strbuf *inputs_cj, struct frame_stats *stats,
		char **err);

#endif
