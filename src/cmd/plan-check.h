/*
 * This file keeps the name the statistics command still uses for the plan check until it moves into
 * src/op/: the check itself is op_plan_check_unit (op/plan.h), here for the top unit.
 */
#ifndef SUIJI_PLAN_CHECK_H
#define SUIJI_PLAN_CHECK_H

#include "op/plan.h"

#define plan_check op_plan_check

static inline int plan_check_run(struct store *st, int year, int version, const char *as_of,
				 struct op_plan_check *pc, char **err)
{
	return op_plan_check_unit(st, 1, year, version, as_of, pc, err);
}

static inline void plan_check_release(struct op_plan_check *pc)
{
	op_plan_check_release(pc);
}

#endif
