/*
 * This file declares the operations on problems that are not steps of the closed loop: adding a
 * problem to a task already inspected (a laboratory result arrives weeks after the visit). The steps
 * themselves (交办, 督办, 升级督办, 销号) are store/problem.h's, taken through `suiji problems`.
 */
#ifndef SUIJI_OP_PROBLEM_H
#define SUIJI_OP_PROBLEM_H

#include "op/session.h"

struct op_problem_new {
	long task_id;
	const char *item;        /* one of the task's item codes, or NULL */
	const char *description; /* the problem */
	const char *found_on;    /* the day it was found (YYYY-MM-DD, not before the inspection ended, not after today) */
	const char *reason;      /* why it is added after the result (e.g. 监测报告 2025-10-08 超标) */
};

/*
 * Adds a problem (state 发现) to an inspected task whose result lists problems (发现问题已责令整改,
 * 发现违法行为已立案调查): result.record on the task (谁检查、谁录入), the reason required, audited as
 * "problem:N" with the reason. A result recorded as finding nothing is refused: the result is
 * corrected first. *id receives the new problem's id. 0, or -1 with d.
 */
int op_problem_add(struct op_session *s, const struct op_problem_new *p, long *id, struct op_diag *d);

#endif
