/*
 * This file declares the problems found by inspections and their closed loop (Article 3, R3.1):
 * 发现 → 交办 (to an owner, with a deadline) → 督办 (reminders; 升级督办 when overdue) → 销号
 * (closed with the verification and at least one piece of evidence). Each step is kept with who,
 * when, in which role and what; the problem row carries the current state. The rules of which step
 * may follow which are core/result.h (problem_step_allowed); the store enforces them and the
 * evidence rule itself, so no caller can skip them.
 *
 * Every step is one transaction with an audit entry "problem:N" whose content hash is
 * store_problem_hash_of() after the step.
 */
#ifndef SUIJI_STORE_PROBLEM_H
#define SUIJI_STORE_PROBLEM_H
#include <stddef.h>

#include "store/result.h"
#include "store/store.h"

struct problem_row {
	long id, task_id, result_id;
	const char *item, *description;
	const char *kind;					/* 问题 or 违法行为 */
	const char *state;					/* 发现, 交办, 督办, 销号 */
	const char *found_on, *assignee, *deadline, *closed_on; /* "" when not set */
	int escalated;
	const char *uscc, *object_name, *team; /* of the task */
};

struct problem_filter {
	long id, task_id;	/* 0: any */
	const char *state;	/* NULL: any */
	int open_only;		/* not 销号 */
	const char *overdue_on; /* a date: open problems whose deadline lies before it */
	const char *member;	/* a person id: only problems of tasks whose team lists it */
};

/* Calls fn for each problem matching f, by id. */
int store_problem_each(struct store *st, const struct problem_filter *f,
		       int (*fn)(const struct problem_row *p, void *arg), void *arg, char **err);

/*
 * Adds a problem in state 发现 with its first step, inside the caller's transaction (the result that
 * found it), without an audit entry (the caller appends "problem:N"). Returns its id or -1.
 */
long store_problem_insert(struct store *st, long task_id, long result_id, const char *item,
			  const char *description, const char *kind, const char *found_on, const char *at,
			  const char *actor, const char *role, char **err);

struct problem_step_new {
	long problem_id;
	const char *step;		       /* 交办, 督办, 升级督办, 销号 */
	const char *on_date;		       /* the day it happened */
	const char *assignee;		       /* 交办 (required) and 升级督办 (optional): the owner */
	const char *deadline;		       /* 交办 (required); 督办/升级督办 may set a new one */
	const char *note;		       /* 销号: the verification (复查核实情况), required */
	const struct attachment_ref *evidence; /* 销号: at least one */
	size_t nevidence;
	const char *at, *actor, *role;
};

/*
 * Takes a step in one transaction: checks it may follow the problem's state, that 交办 names an
 * owner and a deadline, that 销号 carries a verification and evidence and that 升级督办 is only taken
 * on an overdue problem (deadline before on_date); records the step and its evidence, updates the
 * problem and appends the audit entry. Returns 0; 1 when refused (*err says why, nothing written);
 * -1 on an error.
 */
int store_problem_step(struct store *st, const struct problem_step_new *s, char **err);

struct problem_step_row {
	long id, problem_id;
	const char *step, *on_date, *at, *actor, *role, *assignee, *deadline, *note;
};

/* Calls fn for each step of problem "id", oldest first. */
int store_problem_steps(struct store *st, long id, int (*fn)(const struct problem_step_row *s, void *arg),
			void *arg, char **err);
/*
 * The audit content hash of problem "id": SHA-256 over its row (task, item, description, kind, state,
 * found_on, assignee, deadline, escalated, closed_on) and every step with its evidence.
 * 0, 1 when there is no such problem, -1 on error.
 */
int store_problem_hash_of(struct store *st, long id, char hex[65], char **err);

#endif
