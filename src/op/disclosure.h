/*
 * This file declares Article 9's disclosure as operations: what awaits publication with its due date
 * (20 working days after the inspection, provisional where the year's holiday notice is not loaded),
 * publishing a result (its public record frozen as published, naming the unit responsible) and
 * withholding one (涉及国家秘密、国家安全、公共安全, with a note). Each checks its action on the task
 * (disclosure.publish / disclosure.withhold; the list report.read and task.read) and never prints.
 */
#ifndef SUIJI_OP_DISCLOSURE_H
#define SUIJI_OP_DISCLOSURE_H

#include <stddef.h>

#include "op/session.h"

struct op_disclose_args {
	long task_id;
	int withhold;	    /* 1: 不予公开 */
	const char *date;   /* the day of publication or decision, NULL today */
	const char *reason; /* withhold: one of core/result.h result_withhold_reasons */
	const char *note;   /* withhold: the detail */
};

struct op_disclose_out {
	char object_name[256];
	char date[11];
	char due[11]; /* "" when it cannot be computed */
	int tentative, on_time;
	char role[256]; /* the operator's roles, recorded with the decision */
};

/* Publishes or withholds the result of one task (state 已检查). 0, or -1 with d. */
int op_disclose(struct op_session *s, const struct op_disclose_args *a, struct op_disclose_out *out,
		struct op_diag *d);

struct op_due_row {
	long task_id, unit_id;
	char uscc[64], name[256], end_date[11];
	char outcome[64]; /* the result's wording (Article 9) */
	char due[11];	  /* "" when it cannot be computed (problem says why) */
	int tentative;	  /* provisional (暂定) */
	int late_days;	  /* working days past the due date (late), else 0 */
	int left_days;	  /* working days left (not late), else 0 */
	char problem[256];
};

struct op_due_list {
	char today[11],
	    limit[11]; /* limit: "" for all, else the last due date listed (within N working days) */
	struct op_due_row *rows; /* by due date (undeterminable last), then task */
	size_t n, alloc;
	long late, due_today, hidden;
	int team_only; /* the operator sees their team's tasks only */
};

/* Results awaiting publication that the operator may see; within >= 0: only those due within that many
 * working days (late ones included); unit_id != 0: only that unit's tasks (the operator must reach it, as
 * for the task list). 0, or -1 with d. Release with op_due_list_release. */
int op_disclosure_due(struct op_session *s, int within, long unit_id, struct op_due_list *out,
		      struct op_diag *d);
void op_due_list_release(struct op_due_list *l);

/* One disclosure decision (公开 or 不予公开) with its timing. */
struct op_decision_row {
	long task_id, unit_id;
	char outcome[64]; /* the result's wording (Article 9) */
	char decision[16], on_date[11], end_date[11];
	char due[11]; /* 公开: the due date, "" when it cannot be computed (or for 不予公开) */
	int tentative;
	int timing; /* 公开: 1 on time, 2 late, 0 undeterminable; 不予公开: 0 */
	char uscc[64], name[256];
	char reason[64], actor[128], role[256]; /* 不予公开: why and who decided; "" otherwise */
};

struct op_decision_list {
	struct op_decision_row *rows; /* by task */
	size_t n, alloc;
	long on_time, late;
};

/*
 * Every disclosure decision the operator may see (report.read; each row's task checked with task.read:
 * an inspector sees their team's tasks only); year != 0: inspections that ended in that year; unit_id != 0:
 * only that unit's tasks (the operator must reach it). 0, or -1 with d. Release with
 * op_decision_list_release.
 */
int op_disclosure_list(struct op_session *s, int year, long unit_id, struct op_decision_list *out,
		       struct op_diag *d);
void op_decision_list_release(struct op_decision_list *l);

#endif
