/*
 * This file declares the printable task notice (检查任务单) of one inspection task: an A4 HTML page
 * (or plain text) naming the sending unit, the task's source, the object, the items with their legal
 * basis, the team with space to sign, and the Article 9 reminder. The data is gathered by
 * op_task_notice (op/task.h); this only renders it.
 */
#ifndef SUIJI_IO_TASK_NOTICE_H
#define SUIJI_IO_TASK_NOTICE_H

#include <stddef.h>

#include "util/strbuf.h"

struct notice_item {
	const char *code, *name, *content, *basis, *department;
};

struct notice_person {
	const char *id, *name, *cert, *unit;
};

struct task_notice {
	const char *unit; /* the sending unit */
	long task_id;
	const char *source; /* 随机抽取第N号，第M户（双随机） / 针对性检查：… */
	const char *object_name, *uscc, *region, *address, *mode, *slot;
	const struct notice_item *items;
	size_t nitems;
	const struct notice_person *team, *experts;
	size_t nteam, nexperts;
	int workdays; /* Article 9's working days */
};

/* Appends the notice as an HTML page (html != 0) or as text to out. */
void task_notice_render(const struct task_notice *n, int html, struct strbuf *out);

#endif
