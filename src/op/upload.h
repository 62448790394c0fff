/*
 * This file declares the operations on files uploaded to an inspection task (photos and records taken
 * in the field, evidence of rectification): adding one (result.record or problem.step on the task:
 * 谁检查、谁录入), listing a task's files and reading one back (task.read), and turning uploads named
 * by their ids into the references a result or a problem step keeps (store/result.h: name, SHA-256,
 * size — the way the command line refers to a file). Nothing here prints.
 */
#ifndef SUIJI_OP_UPLOAD_H
#define SUIJI_OP_UPLOAD_H

#include <stddef.h>

#include "op/session.h"
#include "store/result.h"

/* Longest file name kept (bytes of UTF-8). */
#define OP_UPLOAD_NAME_MAX 200

struct op_upload {
	long id, task_id;
	char name[OP_UPLOAD_NAME_MAX + 1];
	char type[48]; /* read from the bytes: image/jpeg, image/png, application/pdf … */
	char sha256[65];
	long size;
	char added_at[26], added_by[128];
	char ref;  /* 'r' a result lists it, 'e' a problem step's evidence, 0 neither */
	int image; /* a raster image a browser may show inline (jpeg, png, gif, webp) */
};

/*
 * Adds "size" bytes at "data" named "name" (the base name is kept; valid UTF-8 without control
 * characters, at most OP_UPLOAD_NAME_MAX bytes) to task "task_id": result.record or problem.step on
 * the task, not cancelled, not empty; audited as "upload:N" (action "upload：name（size 字节，SHA-256
 * …）"). *out describes what was stored. 0, or -1 with d.
 */
int op_upload_add(struct op_session *s, long task_id, const char *name, const void *data, size_t size,
		  struct op_upload *out, struct op_diag *d);

/*
 * The files of task "task_id" (task.read on it), or with task_id 0 those of every task the operator may
 * read (task.read in some scope; the others left out), by id, into *rows (allocated; free() it). 0, or
 * -1 with d.
 */
int op_upload_list(struct op_session *s, long task_id, struct op_upload **rows, size_t *n, struct op_diag *d);

/*
 * Upload "id" of task "task_id" with its bytes (task.read on the task): *data allocated (free() it),
 * the bytes checked against the recorded SHA-256 (OP_ERROR when they differ: the row was altered).
 * OP_NOTFOUND when the task has no such upload. 0, or -1 with d.
 */
int op_upload_read(struct op_session *s, long task_id, long id, struct op_upload *out, void **data,
		   struct op_diag *d);

/*
 * Upload "id" whatever its task, with its bytes: op_upload_read on the upload's task (task.read, the
 * SHA-256 checked). OP_NOTFOUND when there is no such upload. 0, or -1 with d.
 */
int op_upload_get(struct op_session *s, long id, struct op_upload *out, void **data, struct op_diag *d);

/* References to uploads (op_upload_refs), owning their strings. */
struct op_upload_refs {
	struct attachment_ref *refs;
	struct op_upload *rows;
	size_t n;
};

/*
 * The uploads "ids" (each of task "task_id"; none twice) as attachment references for a result or a
 * problem step, checked only for belonging to the task (the caller's operation checks authorisation).
 * OP_INVALID naming an id that is not the task's. 0, or -1 with d; release with op_upload_refs_release.
 */
int op_upload_refs(struct op_session *s, long task_id, const long *ids, size_t n, struct op_upload_refs *out,
		   struct op_diag *d);
void op_upload_refs_release(struct op_upload_refs *r);

#endif
