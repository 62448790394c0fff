/*
 * This file declares the operator's agenda (`suiji agenda`, the web's 待办): in the coming days, the
 * operator's own inspections still to make (for an inspector: their team's tasks), the results
 * awaiting publication by their Article 9 due date, and the open problems by their rectification
 * deadline — each within what the operator may see (report.read, task.read), overdue first.
 */
#ifndef SUIJI_OP_AGENDA_H
#define SUIJI_OP_AGENDA_H

#include <stddef.h>

#include "op/session.h"

enum op_agenda_kind { AGENDA_TASK, AGENDA_DISCLOSURE, AGENDA_PROBLEM };

struct op_agenda_item {
	enum op_agenda_kind kind;
	long id; /* the task, or the problem */
	long task_id;
	char date[11]; /* by when: the visit's month end (or day), the due date, the deadline */
	int overdue;   /* the date lies before today */
	int tentative; /* a due date computed before its year's holiday notice was loaded (暂定) */
	char *uscc, *name, *what; /* the object; a short description (items, the problem) */
};

struct op_agenda {
	char today[11], until[11];
	struct op_agenda_item *items; /* overdue first, then by date */
	size_t n, alloc;
};

/* The agenda for the next "days" calendar days (1 … 366). 0, or -1 with d. Release with op_agenda_release. */
int op_agenda(struct op_session *s, int days, struct op_agenda *out, struct op_diag *d);
void op_agenda_release(struct op_agenda *a);

#endif
