/*
 * This file declares what the inspection commands share (task, result, problems, disclosure,
 * publish, stats): a task loaded with everything the lists show, the Article 9 due date, files
 * referred to by name and hash, and small argument parsers.
 */
#ifndef SUIJI_CMD_INSPECTION_H
#define SUIJI_CMD_INSPECTION_H
#include <stddef.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "op/task.h"
#include "store/result.h"

#include "core/disclosure.h"

/*
 * Loads task "arg" (a task number as typed) for action "a" (op_task_get: the operation checks the
 * operator may). Prints the error itself; returns 0, or the exit code (1, or 2 for a malformed number).
 */
int task_load_for(struct ctx *ctx, const char *arg, enum op_action a, struct task_info *ti);

/* "随机抽查" or "针对性检查". */
const char *task_kind_zh(const char *kind);

/*
 * Checks a date typed by the operator: strict YYYY-MM-DD, not after today. "what" names the option
 * in the message. Returns 0, or prints the error and returns 1.
 */
int check_date_arg(const char *what, const char *s, int allow_future);

/*
 * The Article 9 due date of an inspection that ended on "end" (core/disclosure.h), over the calendar
 * in force for the session's database (op/calendar.h); *tentative 1 when it is provisional (暂定: a
 * year whose holiday notice is not yet loaded). 0 with due filled, -1 with *err.
 */
int disclosure_due(struct ctx *ctx, const char *end, char due[11], int *tentative, char **err);
/* Working days from "from" (excluded) to "to" (included), *tentative as above; -1 with *err. */
int workdays_between(struct ctx *ctx, const char *from, const char *to, int *n, int *tentative, char **err);
/* The working day "n" working days after "from", *tentative as above. */
int workdays_after(struct ctx *ctx, const char *from, int n, char out[11], int *tentative, char **err);
/* "（暂定）" when tentative, else "". */
const char *tentative_mark(int tentative);

/* A file referred to by name and hash. */
struct file_ref {
	struct attachment_ref ref;
	char *name;
	char sha256[65];
};
/* Reads "path" and fills *f (name = the file's base name). 0, or prints the error and returns 1. */
int file_ref_load(const char *path, struct file_ref *f);
void file_ref_release(struct file_ref *f);

/* "person ids joined by 、" → "P0001 王建华、P0002 李红梅" (names from the directory), allocated. */
char *people_names(struct store *st, const char *ids);
/* "item codes joined by 、" → the items' names joined by 、 (the code where unknown), allocated. */
char *item_names(struct store *st, const char *codes);

#endif
