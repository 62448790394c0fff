/*
 * This file declares the import engine shared by "suiji import" and "suiji demo": one CSV file into
 * one directory, validated row by row, all or nothing.
 */
#ifndef SUIJI_IMPORTER_H
#define SUIJI_IMPORTER_H
#include <stddef.h>

#include "cmd/cmd.h"
#include "core/dirschema.h"
#include "store/directory.h"

struct import_opts {
	const char *effective; /* YYYY-MM-DD, NULL: today */
	int dry_run;
	int full; /* the file is the whole directory: entries it does not list are removed */
	const char *const *overrides; /* credit codes accepted despite a failing check */
	size_t noverrides;
	const char *override_reason;
	const char *command; /* recorded with the batch, e.g. "import objects" */
	int all_errors; /* list every bad row, not only the first 200 */
};

/*
 * Imports "path" into directory "d". Prints the bad rows on stderr as "第N行 列名: 原因" (the first
 * 200 and a count of the rest, or all with o->all_errors) and nothing is written; a fatal database
 * error (disk full, I/O error, corruption) stops the import at once with one message; on success fills *counts. Returns 0 on success, 1 on bad data or a failure.
 */
int import_file(struct ctx *ctx, const struct dirkind *d, const char *path, const struct import_opts *o,
		struct dir_counts *counts);

#endif
