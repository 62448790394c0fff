/*
 * This file declares the public record of a result (Article 9): what is published about a task —
 * the unit that inspected it (谁检查、谁公开), the object, the inspection's dates, items and result as
 * recorded — frozen as canonical JSON when it is published, and rewritten with the date of a
 * correction when the result is corrected afterwards.
 */
#ifndef SUIJI_OP_PUBLIC_RECORD_H
#define SUIJI_OP_PUBLIC_RECORD_H

#include "op/task.h"

/*
 * The public record of task "ti" published on "published_on" (canonical JSON: sorted keys, compact),
 * allocated; "corrected_on" (or NULL) the date its result was last corrected. NULL on failure.
 */
char *op_public_record(struct store *st, const struct task_info *ti, const char *published_on,
		       const char *corrected_on);

#endif
