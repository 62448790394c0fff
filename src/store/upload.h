/*
 * This file declares files uploaded to an inspection task through the web application (photos,
 * records, evidence of rectification): each upload is one row holding the file's name as given, the
 * type read from its first bytes, its SHA-256, size and bytes, who added it and when, never changed
 * or removed (audited as "upload:N", the whole row hashed, bytes included). An upload is referred to
 * by a result or a problem step the way the command line refers to a file (store/result.h's
 * attachment rows: name, SHA-256, size), so the bytes behind such a reference can be downloaded.
 */
#ifndef SUIJI_STORE_UPLOAD_H
#define SUIJI_STORE_UPLOAD_H
#include <stddef.h>

#include "store/store.h"

struct upload_row {
	long id, task_id;
	const char *name, *type, *sha256;
	long size;
	const char *added_at, *added_by;
	const void *data; /* store_upload_get with data only */
};

/*
 * Adds an upload inside the caller's transaction (the caller appends "upload:N" to the audit chain).
 * Returns its id, or -1 with *err.
 */
long store_upload_insert(struct store *st, const struct upload_row *u, char **err);
/*
 * Calls fn with upload "id" (with its bytes when "data" is set; valid during the call). Returns fn's
 * value, 1 when there is no such upload, -1 on error.
 */
int store_upload_get(struct store *st, long id, int data, int (*fn)(const struct upload_row *u, void *arg),
		     void *arg, char **err);
/* Calls fn for each upload of task "task_id" (every task's when 0; without bytes), by id. */
int store_upload_each(struct store *st, long task_id, int (*fn)(const struct upload_row *u, void *arg),
		      void *arg, char **err);
/*
 * Where upload "id" is referred to: *ref 'r' when a result of its task lists its name and SHA-256
 * among the attachments, 'e' when a problem step of its task does as evidence, 0 when neither.
 * Returns 0, or -1 with *err.
 */
int store_upload_ref(struct store *st, long id, char *ref, char **err);

#endif
