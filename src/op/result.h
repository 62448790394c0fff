/*
 * This file declares the operations on results (谁检查、谁录入): recording the result of an inspection,
 * correcting (amending) it later with a reason — the earlier version kept, the correction audited and,
 * when the result is already published, the public record updated to show the correction and its
 * date — and recording a penalty decision. Each checks result.record on the task itself, owns its
 * transaction and never prints.
 */
#ifndef SUIJI_OP_RESULT_H
#define SUIJI_OP_RESULT_H

#include <stddef.h>

#include "op/session.h"
#include "store/result.h"

struct op_result_args {
	long task_id;
	const char *outcome;	  /* a wording of core/result.h (or its key or short form) */
	const char *const *dates; /* inspection dates YYYY-MM-DD, any order */
	size_t ndates;
	const char *const *findings; /* "ITEM=检查情况" */
	size_t nfindings;
	const char *const *problems; /* "[ITEM:]问题描述" */
	size_t nproblems;
	const char *summary; /* or NULL */
	const struct attachment_ref *attachments;
	size_t nattachments;
	const long *uploads; /* files uploaded to the task (op/upload.h) attached by their ids */
	size_t nuploads;
	const char *reason; /* amend: why the result is corrected (required) */
};

struct op_result_out {
	long result_id;
	const char *wording; /* the outcome as recorded (static) */
	char dates[256];     /* joined by 、 */
	char end_date[11];
	size_t nproblems;      /* problems created */
	char due[11];	       /* the Article 9 due date, "" when it cannot be computed */
	int tentative;	       /* the due date is provisional (暂定) */
	int republished;       /* amend: the published record was updated */
	char corrected_on[11]; /* amend: the date of the correction */
};

/* Records the result of a task 待检查 → 已检查 (result.record). 0, or -1 with d. */
int op_result_record(struct op_session *s, const struct op_result_args *a, struct op_result_out *out,
		     struct op_diag *d);
/*
 * Corrects the result of an inspected task (result.record), a->reason required: a new version that
 * amends the last one (kept), audited as "result:N" with the reason; a->problems add problems (an
 * outcome that lists problems needs at least one, counting those already found); an outcome that
 * lists none is refused while the task has problems. When the result is published, its public record
 * is rewritten with the corrected result and "更正 日期" (audited "publish:N"), and a withheld one
 * stays withheld. 0, or -1 with d.
 */
int op_result_amend(struct op_session *s, const struct op_result_args *a, struct op_result_out *out,
		    struct op_diag *d);

/* The latest result of a task as the pages show it (strings allocated; op_result_view_release frees). */
struct op_result_view {
	long id;
	char *outcome, *dates, *start_date, *end_date, *summary, *recorded_at, *recorded_by;
	char **finding_items, **findings; /* per item of the task */
	size_t nfindings;
	struct op_result_file {
		char *name, *sha256;
		long size;
		long
		    upload; /* the upload holding the bytes (op/upload.h), 0 when the file was not uploaded */
	} * files;
	size_t nfiles;
};

/*
 * The latest result of task "task_id" with its findings and attachments (task.read on the task):
 * 0 with *out filled, 1 when the task has no result yet (nothing to release), or -1 with d.
 */
int op_result_get(struct op_session *s, long task_id, struct op_result_view *out, struct op_diag *d);
void op_result_view_release(struct op_result_view *v);

/* Records a penalty decision on a task whose result is 发现违法行为已立案调查 (result.record). */
int op_penalty_record(struct op_session *s, struct penalty_row *p, long *id, struct op_diag *d);

#endif
