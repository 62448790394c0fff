/*
 * This file declares the operations on problems that are not steps of the closed loop: adding a
 * problem to a task already inspected (a laboratory result arrives weeks after the visit). The steps
 * themselves (交办, 督办, 升级督办, 销号) are store/problem.h's, taken through `suiji problems`.
 */
#ifndef SUIJI_OP_PROBLEM_H
#define SUIJI_OP_PROBLEM_H

#include <stddef.h>

#include "op/session.h"
#include "store/result.h"

struct op_problem_new {
	long task_id;
	const char *item;	 /* one of the task's item codes, or NULL */
	const char *description; /* the problem */
	const char *found_on; /* the day it was found (YYYY-MM-DD, not before the inspection ended, not after
				 today) */
	const char *reason;   /* why it is added after the result (e.g. 监测报告 2025-10-08 超标) */
};

/*
 * Adds a problem (state 发现) to an inspected task whose result lists problems (发现问题已责令整改,
 * 发现违法行为已立案调查): result.record on the task (谁检查、谁录入), the reason required, audited as
 * "problem:N" with the reason. A result recorded as finding nothing is refused: the result is
 * corrected first. *id receives the new problem's id. 0, or -1 with d.
 */
int op_problem_add(struct op_session *s, const struct op_problem_new *p, long *id, struct op_diag *d);

struct op_problem_step_args {
	long problem_id;
	const char *step;     /* 交办, 督办, 升级督办, 销号 (core/result.h) */
	const char *date;     /* the day it happened, NULL today */
	const char *to;	      /* 交办 (required), 升级督办 (optional): the owner */
	const char *deadline; /* a date, or NULL */
	int days; /* 交办: the deadline as working days after "date" (instead of deadline), 0 none */
	const char *note; /* 督办 and 升级督办: what was done; 销号: the verification */
	const struct attachment_ref *evidence; /* 销号: at least one */
	size_t nevidence;
	const long *uploads; /* 销号: files uploaded to the problem's task (op/upload.h) as evidence, by id */
	size_t nuploads;
	int upgrade; /* 督办 on a problem past its deadline is taken as 升级督办 */
};

struct op_problem_step_out {
	char step[16];	   /* the step taken (升级督办 when "upgrade" applied) */
	char deadline[11]; /* the deadline set ("" when none) */
	int tentative;	   /* computed from --days over a year not yet loaded (暂定) */
	long task_id;
};

/*
 * Takes a step of the closed loop on a problem (problem.step on its task: the team, or the unit's
 * administrators): the step's own rules are store_problem_step's (which may follow which, 交办 needs
 * an owner and a deadline, 销号 a verification and evidence, 升级督办 only when overdue). 0, or -1 with d.
 */
int op_problem_step(struct op_session *s, const struct op_problem_step_args *a,
		    struct op_problem_step_out *out, struct op_diag *d);

/* A problem as the lists show it (strings allocated; op_problem_list_release frees them). */
struct op_problem_row {
	long id, task_id, result_id;
	char *item, *description, *kind, *state, *found_on, *assignee, *deadline, *closed_on;
	int escalated;
	char *uscc, *object_name;
	int overdue_days; /* open and past its deadline: calendar days late (自然日), else 0 */
	int due_soon;	  /* open, not late, and due within OP_PROBLEM_DUE_SOON working days */
	long unit_id;	  /* the unit of its task */
};

/* Open problems due within this many working days are shown as due soon (临期). */
#define OP_PROBLEM_DUE_SOON 5

struct op_problem_list_args {
	int overdue;	   /* open problems past their deadline today */
	int open_only;	   /* not 销号 */
	const char *state; /* 发现, 交办, 督办, 销号, or NULL */
	long task_id;	   /* 0: any */
	int within;	   /* >= 0: open problems due within that many working days (late ones included) */
	long unit_id;	   /* only that unit's problems (the operator must reach it); 0: every unit visible */
};

struct op_problem_list {
	struct op_problem_row *rows; /* by id */
	size_t n, alloc;
	char today[11], limit[11]; /* limit: with within, the last deadline listed */
	char soon[11];		   /* the last deadline shown as due soon ("" when unknown) */
	long overdue;		   /* rows overdue */
	int team_only;		   /* the operator sees their team's tasks only */
};

/*
 * The problems the operator may see (report.read; each problem's task checked with task.read: an
 * inspector sees only problems of their team's tasks, a branch its own unit's). 0, or -1 with d.
 * Release with op_problem_list_release.
 */
int op_problem_list(struct op_session *s, const struct op_problem_list_args *a, struct op_problem_list *out,
		    struct op_diag *d);
void op_problem_list_release(struct op_problem_list *l);

struct op_problem_evidence {
	char *name, *sha256;
	long size;
};

struct op_problem_step_view {
	char *step, *on_date, *at, *actor, *role, *assignee, *deadline, *note;
	struct op_problem_evidence *evidence;
	size_t nevidence, alloc;
};

struct op_problem_detail {
	struct op_problem_list one;	    /* the problem: one row */
	struct op_problem_step_view *steps; /* oldest first */
	size_t nsteps, alloc;
};

/* Problem "id" with every step and its evidence (task.read on its task). 0, or -1 with d. */
int op_problem_get(struct op_session *s, long id, struct op_problem_detail *out, struct op_diag *d);
void op_problem_detail_release(struct op_problem_detail *p);

#endif
