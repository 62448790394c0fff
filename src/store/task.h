/*
 * This file declares tasks (检查任务): every inspection to be made — a draw's visits (kind "random")
 * and targeted inspections (kind "targeted", with their trigger). A task moves through the states
 * 待检查 → 已检查 → 已公开 / 不予公开. List values (items, team, experts, plan lines) are joined by 、.
 */
#ifndef SUIJI_STORE_TASK_H
#define SUIJI_STORE_TASK_H

#include <stddef.h>

#include "store/store.h"

struct task {
	long id;
	const char *kind;	/* "random" or "targeted" */
	long draw_id, visit_no; /* random: the draw and the visit's index in its result; 0 otherwise */
	const char *uscc;
	const char *items;	/* item codes */
	int plan_year;		/* 0 when none */
	const char *plan_lines; /* plan line ids, random tasks */
	const char *slot;	/* e.g. "2025-02" */
	const char *mode;	/* 现场 or 非现场 */
	const char *team;	/* person ids in the order chosen */
	const char *experts;
	const char *trigger;   /* targeted: 信访投诉举报 … */
	const char *reference; /* targeted: the complaint number, the referral's document number … */
	const char *state;
	const char *created_at, *created_by;
	const char *cancelled; /* "" or why the task was cancelled (its draw replaced by a new one) */
	long unit_id;	       /* the unit whose task it is (store/unit.h); 0 on insert means the top unit */
};

/*
 * The day a task starts (YYYY-MM-DD into out): a targeted task's day of inspection (its slot: it may be
 * registered after the fact), otherwise the day it was made. No result may be dated before it.
 */
void task_start_day(const struct task *t, char out[11]);

/* Inserts a task inside the caller's transaction; returns its id, or -1 with *err set. */
long store_task_insert(struct store *st, const struct task *t, char **err);
/* Inserts "n" tasks, in order, inside the caller's transaction (many rows per statement: a draw's
 * tens of thousands of visits). Returns 0, or -1 with *err set. */
int store_task_insert_many(struct store *st, const struct task *t, size_t n, char **err);

struct task_filter {
	const char *kind;  /* NULL: any */
	const char *state; /* NULL: any */
	const char *uscc;  /* NULL: any */
	long draw_id;	   /* 0: any */
	long id;	   /* 0: any */
};

/* Calls fn for each task matching f, by id; the task is valid during the call only. */
int store_task_each(struct store *st, const struct task_filter *f, int (*fn)(const struct task *t, void *arg),
		    void *arg, char **err);
/*
 * Moves task "id" from state "from" to "to" inside the caller's transaction. Returns 0, 1 when the
 * task is not in state "from" (nothing changed), -1 with *err set on an error.
 */
int store_task_set_state(struct store *st, long id, const char *from, const char *to, char **err);

/*
 * Calls fn once per object with tasks: the date of its last random inspection that was not cancelled
 * ("" when none) — the end date of the task's result, or for a task not yet inspected the first day
 * of the month it is planned for (its slot), how many random tasks it had in "year", and the team of its last
 * task with a team
 * ("" when none) — the facts the draw's repeat window, yearly cap and previous pairings need.
 * Tasks of draw "ignore_draw" (one about to be replaced; 0: none) do not count.
 */
int store_task_history(struct store *st, int year, long ignore_draw,
		       int (*fn)(const char *uscc, const char *last_random_at, long random_in_year,
				 const char *last_team, void *arg),
		       void *arg, char **err);
/*
 * Marks task "id" cancelled with "reason" inside the caller's transaction, when it is 待检查 and not
 * cancelled yet. 0; 1 when it is not (nothing changed); -1 with *err.
 */
int store_task_cancel_one(struct store *st, long id, const char *reason, char **err);
/*
 * Sets the team of task "id" (person ids joined by 、) inside the caller's transaction, when it is 待检查
 * and not cancelled. 0; 1 when it is not (nothing changed); -1 with *err.
 */
int store_task_set_team(struct store *st, long id, const char *team, char **err);
/*
 * The team of the last task on task "id"'s object made before it (not cancelled, with a team): the
 * previous pairing a new team must avoid. *team allocated ("" when none). 0, or -1 with *err.
 */
int store_task_previous_team(struct store *st, long id, char **team, char **err);
/* Marks the not yet inspected tasks of draw "draw_id" cancelled with "reason"; returns how many. */
long store_task_cancel_draw(struct store *st, long draw_id, const char *reason, char **err);
/*
 * The same for those of its tasks drawn for any of plan lines "lines" (a visit drawn for several lines
 * is cancelled when one of them is drawn again), each with an audit entry "task cancel (draw void
 * part)" of its own at "at" by "actor"; returns how many, or -1 with *err.
 */
long store_task_cancel_draw_lines(struct store *st, long draw_id, const long *lines, size_t n,
				  const char *reason, const char *at, const char *actor, char **err);

/*
 * Audit (store/audit.h): the content hash of task "id" over what never changes once it is made —
 * kind, draw, visit, object, items, plan, slot, mode, team, experts, trigger, reference, creation —
 * not its state or cancellation, which the result, publication and re-draw entries vouch for.
 * 0 with hex filled, 1 when there is no such task, -1 with *err.
 */
int store_audit_rehash_task(struct store *st, const char *id, char hex[65], char **err);
/*
 * The content hash of draw "id": its whole row (store_row_hash), its compressed frame in draw_input
 * when it has one (codec, size and the SHA-256 of the stored bytes) and the immutable part of every
 * task it created, in id order. Recorded after each step (announce, run, reveal, void).
 */
int store_audit_rehash_draw(struct store *st, const char *id, char hex[65], char **err);

#endif
