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
};

struct op_problem_step_out {
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

#endif
