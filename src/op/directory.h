/*
 * This file declares the operations on the four directories (objects, people, conflicts, items):
 * import a file, export, list with filters and pages, one entry's history and a period's changes,
 * each field that changed named with its old and new value. Every operation checks the operator's
 * roles itself (op/authz.h: ACT_DIRECTORY_READ, ACT_DIRECTORY_WRITE, ACT_ITEM_WRITE) on the session's
 * unit, and sees or writes only that unit's tree: an object or a person belongs to the unit whose
 * jurisdiction holds its 行政区划代码 (core/units.h), a conflict to its person's unit; the item list is
 * the bureau's, shared by every unit. The city sees everything; a branch its own entries.
 */
#ifndef SUIJI_OP_DIRECTORY_H
#define SUIJI_OP_DIRECTORY_H

#include <stddef.h>

#include "core/dirschema.h"
#include "op/session.h"
#include "store/directory.h"

struct op_import_args {
	const struct dirkind *d;
	const char *path;      /* the CSV file or .xlsx workbook (read through io/rows.h) */
	const char *sheet;     /* a workbook's worksheet by name; NULL: the first */
	const char *effective; /* YYYY-MM-DD, NULL: today */
	int dry_run;
	int full; /* the file is the whole directory (of the session's unit): entries it does not list are
		     removed */
	const char *const *overrides; /* credit codes accepted despite a failing check */
	size_t noverrides;
	const char *override_reason;
	const char *command; /* recorded with the batch; NULL: "import <name>" */
	/* optional: called every 10,000 rows with the rows read so far (the web's progress bar) */
	void (*progress)(long rows, void *arg);
	void *progress_arg;
};

/*
 * Imports a file into a directory, all or nothing: every bad row is a row error (line, the column's
 * Chinese name, why: set d->rows_all to keep them all) and nothing is written when there is one. A
 * branch's rows must lie in its jurisdiction (a key object managed by the city is the city's). Notes:
 * unknown columns, a file with a header only. Fills *counts. 0, or -1 with *d.
 */
int op_import(struct op_session *s, const struct op_import_args *a, struct dir_counts *counts,
	      struct op_diag *d);

/* What a list selects: every filter is optional. */
struct op_list_args {
	const struct dirkind *d;
	const char *as_of;  /* YYYY-MM-DD, NULL: now */
	const char *klass;  /* 监管类别: 重点, 一般, 特殊 */
	const char *region; /* a region code: the entries within it */
	const char *tag; /* 市管, 正面清单, a value of an enumerated or list field, an industry code */
	const char *q;	 /* the entry's key or name contains it (bytes, case-sensitive); NULL or "": any */
	long offset, limit; /* the page: entries [offset, offset + limit) of those matching; limit 0: all */
};
/*
 * Calls fn for each entry of the page (in key order; fn's entry is valid during the call only) and
 * sets *total to the number of entries that match. The store filters, counts and pages
 * (store_dir_list); this operation decides what the session may see (its unit tree). A bad filter (an unknown
 * class or tag, a date that does not exist) is refused naming the valid values. 0, or -1 with *d (fn's
 * non-zero return stops the walk: -1 with OP_ERROR unless fn set *d itself).
 */
int op_list(struct op_session *s, const struct op_list_args *a,
	    int (*fn)(const struct dir_entry *e, void *arg), void *arg, long *total, struct op_diag *d);

/*
 * Writes the directory of the session's unit tree as of "as_of" (NULL: now) in the import format
 * to "path" (NULL or "-": standard output) as csv, json or xlsx (io/table.h: a file is replaced
 * atomically, and left as it was on a failure). Sets *rows. 0, or -1 with *d.
 */
int op_export(struct op_session *s, const struct dirkind *dk, const char *format, const char *path,
	      const char *as_of, long *rows, struct op_diag *d);

/* One field that changed between two versions: the column's Chinese name and both values. */
struct op_field_change {
	const char *field; /* static (core/dirschema) */
	char *old, *neu;
};
/* One version of an entry, with what changed from the version before it. */
struct op_dir_version {
	char *k;
	char *valid_from, *valid_to; /* valid_to "" while current */
	char *change;		     /* new, changed, suspended, … (dir_change_zh) */
	int removed;
	long batch_id;
	char *actor, *source;
	char **vals;			 /* the whole row (nfields values) */
	struct op_field_change *changes; /* against the previous version (none for the first) */
	size_t nchanges;
};
struct op_dir_versions {
	const struct dirkind *d;
	struct op_dir_version *v;
	size_t n;
};
void op_dir_versions_release(struct op_dir_versions *h);

/*
 * Every version of entry "key" (a credit code, a person id, "person/credit code", an item code),
 * oldest first. An entry that does not exist, or lies outside the session's unit tree, is refused
 * (OP_NOTFOUND). 0, or -1 with *d.
 */
int op_history(struct op_session *s, const struct dirkind *dk, const char *key, struct op_dir_versions *out,
	       struct op_diag *d);

/*
 * The versions that took effect in [from, to] (dates) in the session's unit tree, by date then key,
 * each "changed" one with its changed fields. 0, or -1 with *d.
 */
int op_changes(struct op_session *s, const struct dirkind *dk, const char *from, const char *to,
	       struct op_dir_versions *out, struct op_diag *d);

#endif
