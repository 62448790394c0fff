/*
 * This file declares the year's statistics as plain figures (what "suiji stats" prints and
 * GET /api/stats serves: coverage per class, region and inspector, the year against each unit's
 * Article 7 minimums, random against targeted, the problems' loop, disclosure on time and late, each
 * unit and the total) and their JSON document (docs/API.md, "stats --json"). Pure rendering.
 */
#ifndef SUIJI_IO_STATS_JSON_H
#define SUIJI_IO_STATS_JSON_H

#include <stddef.h>

#include <jansson.h>

#include "core/article7.h"

/* counters of one group (a class, a region, a person) */
struct stats_count {
	char key[64];
	char name[256]; /* a region's or a person's name, "" when unknown */
	long directory, drawn, inspected, tasks, done;
};

struct stats_group {
	struct stats_count *c; /* sorted by key */
	size_t n, alloc;
};

struct stats_kind {
	long tasks, inspected, problems, with_problems;
};

/* A unit's year against its plan (Article 7); has 0 when the unit has no plan for the year. */
struct stats_plan {
	int has, version, ok;
	char as_of[11];
	struct {
		char rule[64], zh[256];
		const char *klass; /* 重点 一般 特殊 */
		int applies;
		long required, planned, shortfall;
	} min[A7_NRULES];
};

/*
 * Coverage of one class (or all three) against Article 7, in 家次: the minimum and what the plan
 * certainly inspects (the sums of the plan's applicable rules of the class; the minimum from the directory
 * and planned 0 with has_plan 0 without a plan), the random tasks of the year and those of them with a
 * result.
 */
struct stats_cover {
	long required, planned, drawn, inspected;
};

/* one unit's figures (谁检查、谁公开: each unit answers for its own tasks) */
struct stats_unit {
	long id;
	char name[256];
	long random, targeted, inspected, published, on_time, late, problems;
	long random_by_class[3];    /* 重点 一般 特殊 */
	long inspected_by_class[3]; /* of those, with a result */
	struct stats_plan plan;
	int has_plan;		     /* cover's planned known (for the total: any unit's) */
	struct stats_cover cover[3]; /* 重点 一般 特殊 */
	struct stats_cover cover_all;
};

struct stats {
	int year;
	char as_of[11], today[11];
	struct stats_group klass, region, people;
	struct stats_kind random, targeted;
	long results, published, on_time, late, withheld, pending, pending_late, undetermined;
	long problems, closed, open, overdue;
	long problem_state[4]; /* by state: 发现 交办 督办 销号 (stats_problem_states) */
	long penalties;
	long random_by_class[3];  /* 重点 一般 特殊: random tasks of the year (家次) */
	struct stats_plan plan;	  /* the chosen unit's plan */
	struct stats_unit *units; /* every unit the operator may read, in unit order */
	size_t nunits;
	struct stats_unit total; /* their sum */
};

extern const char *const stats_classes[3]; /* 重点 一般 特殊 */
/* A problem's states as stored (发现 交办 督办 销号) and as the board names them (待交办 整改中 已督办
 * 已销号). */
extern const char *const stats_problem_states[4];
extern const char *const stats_problem_states_zh[4];

/* The statistics as a new JSON object. */
json_t *stats_json(const struct stats *s);

#endif
