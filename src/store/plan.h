/*
 * This file declares the annual plan in the store (Article 6): a year's plan is a list of versions,
 * each draft or filed (备案). Version 1 is the plan itself; every later version is an adjustment with
 * its reason and date, made from the version before it. Only a draft can change; filing freezes it
 * (the database refuses any change to a filed version). Line numbers are stable across the versions
 * of a year and never reused, so "line 3" means the same line in every version that has it.
 *
 * It also declares what the draw needs from the plan (Article 3's three refusals and a line's
 * specification for one period), the on-duty staff count, and the bureau's settings.
 *
 * Every change is one transaction with one audit entry (actor, time, the SHA-256 of what was written).
 * Functions return 0 (or a count, a found flag where said) and -1 with *err in Chinese.
 */
#ifndef SUIJI_STORE_PLAN_H
#define SUIJI_STORE_PLAN_H
#include <stddef.h>

#include "core/plan.h"
#include "core/quota.h"
#include "store/store.h"

struct plan_version {
	long id;
	long unit_id; /* the unit whose plan it is (store/unit.h) */
	int year, version;
	char status[8]; /* "draft" or "filed" */
	char date[11];	/* the version's date: the plan is checked against the directory as of this day */
	char *reason;	/* why this version was made (an adjustment); "" for version 1 */
	char *created_at, *created_by;
	char *filed_at, *filed_by; /* "" while a draft */
	char filed_date[11];	   /* the day it was filed (China time), "" while a draft */
	int late;		   /* version 1 filed after 31 December of the year before (Article 6) */
	char content_hash[65];	   /* SHA-256 of the version's canonical content, set when filed */
};
void plan_version_release(struct plan_version *v);
/* 1 when "v" is "filed". */
int plan_version_filed(const struct plan_version *v);

/* Plans are per unit and year: "unit" is a unit id (store/unit.h; 1 the top unit). */
/* The year's current (newest) version: 1 found, 0 no plan for the year, -1 error. */
int store_plan_current(struct store *st, long unit, int year, struct plan_version *v, char **err);
/* Version "version" of the year: 1 found, 0 none, -1 error. */
int store_plan_version_get(struct store *st, long unit, int year, int version, struct plan_version *v,
			   char **err);
/* Calls fn for each version of the year, oldest first; fn returning non-zero stops and is returned. */
int store_plan_versions(struct store *st, long unit, int year,
			int (*fn)(const struct plan_version *v, void *arg), void *arg, char **err);
/* The audit subject of a version: "plan:YEAR/vN" for the top unit, "plan:uUNIT/YEAR/vN" for a branch. */
void plan_subject(char *buf, size_t n, long unit, int year, int version);

/*
 * The lines of a version, by number, into a new array (plan_lines_free). Each line's item_classes is
 * the union of its items' 适用类别 on the current item list (a code no longer listed adds nothing:
 * store_plan_authorize refuses such a line anyway).
 */
int store_plan_lines(struct store *st, long version_id, struct plan_line **lines, size_t *n, char **err);
void plan_lines_free(struct plan_line *lines, size_t n);

/* The item "code" on the current list (not removed): 1 found and *it filled, 0 not listed, -1 error. */
int store_item_get(struct store *st, const char *code, struct plan_item *it, char **err);

/*
 * A walk over a 、-list of item codes (a plan line's items) with each code's item on the current list:
 *
 *   struct item_walk w = ITEM_WALK(l->items);
 *   int r;
 *   while ((r = store_item_next(st, &w, err)) > 0)
 *       … w.code, and w.listed ? w.it …
 *   item_walk_release(&w);   (then r < 0: a store error in *err)
 *
 * w.code and w.it belong to the walk until the next step; a caller keeps the item by moving it out
 * (copy w.it, then zero it).
 */
struct item_walk {
	const char *cur;
	char *code;
	int listed;
	struct plan_item it;
};
#define ITEM_WALK(codes)                                                                                     \
	{                                                                                                    \
		.cur = (codes)                                                                               \
	}
int store_item_next(struct store *st, struct item_walk *w, char **err);
void item_walk_release(struct item_walk *w);

/*
 * The changes below run inside the caller's transaction (op/plan.c owns it) and append their audit entry.
 * Creates version 1 (a draft) of the year's plan dated "date". -1 when the year already has a plan.
 */
int store_plan_new(struct store *st, long unit, int year, const char *date, const char *actor, const char *at,
		   char **err);
/*
 * Starts an adjustment: a new draft version copying the lines of the current version, which must be
 * filed, with "reason" and "date" (not before the current version's date). Sets *version.
 */
int store_plan_adjust(struct store *st, long unit, int year, const char *date, const char *reason,
		      const char *actor, const char *at, int *version, char **err);
/*
 * Adds line "l" to the year's draft version, giving it the next free number (l->no is set). Refused
 * when the current version is filed, when an item is not on the current list or lacks a legal basis,
 * or when its joint group already holds lines of another period granularity.
 */
int store_plan_line_add(struct store *st, long unit, int year, struct plan_line *l, const char *actor,
			const char *at, char **err);
/* Replaces line l->no of the draft version by "l" (same checks as add). */
int store_plan_line_update(struct store *st, long unit, int year, const struct plan_line *l,
			   const char *actor, const char *at, char **err);
/* Removes line "no" from the draft version. */
int store_plan_line_remove(struct store *st, long unit, int year, int no, const char *actor, const char *at,
			   char **err);
/*
 * Files the draft current version: freezes it, records the filing date "today" (YYYY-MM-DD), the
 * content hash, and whether it is late (plan_filing_late, core/plan.h). Fills *v with the filed version.
 */
int store_plan_file(struct store *st, long unit, int year, const char *today, const char *actor,
		    const char *at, struct plan_version *v, char **err);
/* The SHA-256 (hex) of a version's canonical content: its unit (a branch's), year, number, date, reason and
 * lines. */
void plan_content_hash(const struct plan_version *v, const struct plan_line *lines, size_t n, char hex[65]);

/*
 * On-duty business staff (业务部门在编在岗人员) as of "as_of": people of kind 执法 or 监管 with 在岗 = 是,
 * restricted to the departments in the 、-joined "departments" when not empty. Returns the count or -1.
 */
long store_staff_count(struct store *st, long unit, const char *as_of, const char *departments, char **err);

/* The first day of the object directory (its earliest entry's valid_from) into first, "" when empty. */
int store_objects_first_date(struct store *st, char first[11], char **err);

/* ---- a branch's filings: the city's inbox ---- */

struct plan_filing {
	long id, unit_id, version_id;
	int year, version;
	char state[16]; /* 待审, 已接收, 已退回 */
	char filed_at[32], filed_by[128], reviewed_at[32], reviewed_by[128];
	char reason[1024]; /* why it was returned */
	char unit_name[256];
};
/* Puts the filed version "v" of a branch in the city's inbox (待审), with its audit entry "…/filing". */
int store_plan_filing_add(struct store *st, const struct plan_version *v, const char *actor, const char *at,
			  char **err);
/* The newest filing of the unit's year: 1 found, 0 none, -1 error. */
int store_plan_filing_get(struct store *st, long unit, int year, struct plan_filing *f, char **err);
/* Every filing, those awaiting review first, then the newest first. */
int store_plan_filings(struct store *st, int (*fn)(const struct plan_filing *f, void *arg), void *arg,
		       char **err);
/* Sets a filing awaiting review to "state" (已接收 or 已退回 with "reason"), with its audit entry. */
int store_plan_filing_review(struct store *st, long id, const char *state, const char *reason,
			     const char *actor, const char *at, char **err);

/* ---- what the draw calls ---- */

/* The plan version a draw was authorised against. */
struct plan_auth {
	long version_id;
	int version;
	char status[8]; /* draft or filed: the draw records it */
};

/*
 * Article 3's three refusals, before any random inspection is made from plan lines "line_nos" of
 * "year": without a plan line (无计划清单不检查: no plan for the year, no line given, a number not in
 * the current version — draft or filed), without an item on the list (无事项清单不检查: an item code
 * of a line no longer on the current item list), without a legal basis (无法律依据不检查: an item
 * whose 法律依据 is empty). Lines drawn together must share one period granularity.
 * Returns 0 with *auth filled when authorised; 1 when refused, with *err listing every reason, one per
 * line; -1 on a database error.
 */
int store_plan_authorize(struct store *st, long unit, int year, const int *line_nos, size_t n,
			 struct plan_auth *auth, char **err);

/* Everything the draw needs from one line for one period. */
struct plan_line_spec {
	int year;
	struct plan_auth auth;	 /* the version read */
	char version_date[11];	 /* its date */
	struct plan_line line;	 /* selector, items, departments, quota rule, joint group */
	struct plan_item *items; /* the line's items from the current list, in the line's order */
	size_t nitems;
	char *needs;		 /* the distinct departments of the items, 、-joined, in item order */
	enum plan_period period; /* the period asked for */
	int period_index;
	char label[16];		       /* "2025Q1" / "2025-03" */
	long staff;		       /* per_staff lines: the staff counted as of the version's date */
	struct plan_settings settings; /* the bureau's settings now */
};

/*
 * Reads line "line_no" of the year's current version for period "period_label" (which must have the
 * line's granularity and year). Authorises the line first (store_plan_authorize): returns 1 with
 * *err when refused. 0 with *spec filled (plan_line_spec_release), -1 on error.
 */
int store_plan_line_spec(struct store *st, long unit, int year, int line_no, const char *period_label,
			 struct plan_line_spec *spec, char **err);
void plan_line_spec_release(struct plan_line_spec *spec);
/*
 * The quota of the spec's line for its period: the rule applied to "population" (the objects the line
 * selects as of the announcement, before the repeat window and the yearly cap), at most "pool" (those of
 * them that may be drawn now). quota_for_period (core/quota.h).
 */
long plan_line_spec_quota(const struct plan_line_spec *spec, long population, long pool);

/* ---- the bureau's settings ---- */

/* The top unit's settings: its level's defaults with every recorded change applied. */
int store_settings_load(struct store *st, struct plan_settings *s, char **err);
/* The settings of unit "unit": the defaults of its level (city or county) with its own changes applied. */
int store_settings_load_unit(struct store *st, long unit, struct plan_settings *s, char **err);
/*
 * Records a new value for "key" of unit "unit" (validated), with an optional reason and its audit entry
 * ("setting:KEY" for the top unit, "setting:uUNIT/KEY" for a branch), inside the caller's transaction.
 */
int store_setting_set(struct store *st, long unit, const char *key, const char *value, const char *reason,
		      const char *actor, const char *at, char **err);
/* Calls fn for every recorded change of unit "unit", oldest first. */
int store_setting_history(struct store *st, long unit,
			  int (*fn)(const char *key, const char *value, const char *reason, const char *at,
				    const char *actor, void *arg),
			  void *arg, char **err);
/* 1 when "key" was ever set (not at its default), 0 when not. */
int store_setting_is_set(struct store *st, const char *key);

/*
 * ---- the audit chain ----
 * Re-hash functions for "suiji audit verify" (the rehash of struct audit_family, store/audit.h): they
 * recompute, from the rows as they are now, the content hash the newest entry of a subject carries.
 *   (a branch's subjects are "plan:uU/Y/vN…", the unit's id after "u")
 *   plan:Y/vN/filing  SHA-256 of the filing's row (state, times, actors, reason): plan file by a branch,
 *                     plan accept, plan return
 *   plan:Y/vN         a draft: SHA-256 of the version's header (year, version, date, reason) as
 *                     written by plan new / plan adjust; a filed version: plan_content_hash (header
 *                     and every line) as written by plan file
 *   plan:Y/vN/line:L  SHA-256 of the line's canonical text (plan line add / edit), or of
 *                     "removed" 0x1F L 0x1E when the draft no longer has it (plan line remove)
 *   setting:KEY       SHA-256 of key, value and reason of the key's newest row (settings set)
 * 0 with "hex", 1 when the subject's rows do not exist, -1 with *err.
 */
int store_audit_rehash_plan(struct store *st, const char *id, char hex[65], char **err);
int store_audit_rehash_setting(struct store *st, const char *id, char hex[65], char **err);

#endif
