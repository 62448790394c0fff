/*
 * This file declares the operations on inspection tasks (检查任务) after the draw: the list, with its
 * filters and pages (for the command line and the web), and one task as the operator may see it.
 * What an operator sees is decided here (op/authz.h, task.read): an inspector only their team's tasks,
 * 公开审核 only tasks already inspected (the drawn list stays confidential until then), a branch only
 * its own unit's tasks, the city every unit's. Nothing here prints.
 */
#ifndef SUIJI_OP_TASK_H
#define SUIJI_OP_TASK_H

#include "io/task-notice.h"
#include "op/authz.h"
#include "op/session.h"
#include "store/result.h"

/* A task view whose strings the caller owns (task_info_release frees them). */
struct task_info {
	struct task task;
	char *cancelled, *object_name, *region, *klass, *outcome, *dates, *end_date, *decision, *decided_on;
	long result_id, problems, open_problems, penalties;
	char *owned[32]; /* every string above, to free */
	int nowned;
};

/* Loads task "id" without any check (for operations that checked already): 0, 1 when there is none, -1. */
int task_info_load(struct store *st, long id, struct task_info *ti, char **err);
void task_info_release(struct task_info *ti);

/*
 * Loads task "id" for action "a" (task.read, result.record, disclosure.publish …): OP_NOTFOUND when
 * there is no such task; a task the operator may not even read is refused as a read (its content is
 * not described), then "a" itself is checked on it. 0 with *ti filled (release it), or -1.
 */
int op_task_get(struct op_session *s, long id, enum op_action a, struct task_info *ti, struct op_diag *d);

struct op_task_filter {
	long draw_id;	   /* 0: any */
	const char *state; /* 待检查 已检查 已公开 不予公开 已作废; NULL: any standing task */
	const char *kind;  /* random / targeted; NULL: any */
	const char *uscc;  /* NULL: any */
	const char *officer; /* a person id on the team; NULL: any */
	int mine;	     /* only tasks whose team holds the operator's person id */
	long unit_id;	     /* only that unit's tasks (the operator must reach it); 0: every unit visible */
	const char *month;   /* YYYY-MM: the task's 时段, or for a task without one the month it was made */
	const char *due_by;  /* YYYY-MM-DD: inspected tasks awaiting publication due on or before it */
	long offset, limit;  /* the page: rows offset … offset+limit-1 of the matches (limit 0: all) */
};

struct op_task_list_result {
	long total;  /* the matching tasks the operator may see */
	long shown;  /* of them, the ones handed to fn (the page) */
	long hidden; /* matching tasks the operator may not see (not described) */
};

/*
 * Lists the tasks matching "f" that the operator may see, by id, calling fn for the page's rows (the
 * view is valid during the call; fn's non-zero value stops the walk and is returned as -1 with d set
 * to "fn_error" when given). Needs task.read in some scope. 0, or -1 with d.
 */
int op_task_list(struct op_session *s, const struct op_task_filter *f,
		 int (*fn)(const struct task_view *v, void *arg), void *arg, struct op_task_list_result *out,
		 struct op_diag *d);

/*
 * Cancels one task not yet inspected (task.change), with the reason (e.g. the object closed before the
 * visit, a duplicate targeted inspection): the task stays, marked 已作废 with its reason, and the audit
 * chain records who cancelled it and why ("task:N", action "task cancel：reason"). OP_CONFLICT when the
 * task is inspected or already cancelled.
 */
int op_task_cancel(struct op_session *s, long id, const char *reason, struct op_diag *d);

/*
 * Changes the team of a task not yet inspected (task.change), with the reason (recusal, illness …):
 * "team" lists person ids (any of , 、 ， ；). The draw's rules on people are checked again, every
 * reason listed as a row error (OP_CONFLICT): each is in the people directory, on duty and a certified
 * 执法 officer; at least two, none twice; none has a declared conflict with the object; none was on
 * the object's previous team (previous pairing); and, when the unit's cross-region rule holds, no
 * county officer inspects their own county (a drawn task). The earlier team is kept in the audit entry
 * ("task:N", action "task team：旧 → 新：理由"); a drawn task's draw is re-recorded ("draw:D").
 */
int op_task_set_team(struct op_session *s, long id, const char *team, const char *reason, struct op_diag *d);

/* The printable task notice's data (io/task-notice.h), gathered for one task the operator may read. */
#define OP_NOTICE_MAX 64
struct op_task_notice {
	struct task_notice n;
	struct notice_item items[OP_NOTICE_MAX];
	struct notice_person team[OP_NOTICE_MAX], experts[OP_NOTICE_MAX];
	char *owned[8 * OP_NOTICE_MAX];
	size_t nowned;
};
int op_task_notice(struct op_session *s, long id, struct op_task_notice *out, struct op_diag *d);
void op_task_notice_release(struct op_task_notice *out);

#endif
