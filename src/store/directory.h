/*
 * This file declares the versioned directories in the store: writing a change set (an import)
 * row by row inside one transaction, and reading the directory as of any date, its changes over
 * a period and one entry's history. Rows are canonical values in the field order of their
 * struct dirkind (core/dirschema.h).
 */
#ifndef SUIJI_STORE_DIRECTORY_H
#define SUIJI_STORE_DIRECTORY_H

#include "core/dirschema.h"
#include "store/store.h"

/* What a change set records about itself. */
struct dir_batch {
	const char *actor;
	const char *at;	     /* timestamp, clock_now() */
	const char *command; /* e.g. "import objects" */
	const char *source;  /* file name, or NULL */
	const char *source_sha256;
	const char *effective; /* YYYY-MM-DD: the date the changes take effect */
	const char *note;
	long unit_id; /* a full import by a branch replaces only that unit's objects or people (0: all) */
};

struct dir_counts {
	long added, changed, unchanged, removed;
};

struct dir_writer;

/*
 * Records the batch inside the caller's transaction (store_begin: the operation owns it). NULL with
 * *err set.
 */
struct dir_writer *store_dir_writer_begin(struct store *st, const struct dirkind *d,
					  const struct dir_batch *b, char **err);
/* The batch id of the change set being written. */
long store_dir_writer_batch(const struct dir_writer *w);
/*
 * Adds one canonical row read from file line "line". Returns 0 when stored (or unchanged),
 * 1 when the file already listed this key (*dup_line = the earlier line), -1 with *err set on an
 * error (e.g. an effective date before the entry's current version).
 */
int store_dir_writer_row(struct dir_writer *w, const char *const *vals, long line, long *dup_line,
			 char **err);
/*
 * Finds the keys the file listed twice that store_dir_writer_row could not see at once (the bulk
 * load of an empty directory), calling fn(line, first_line) for each later line. Returns their
 * number (0: none), or -1 with *err set. Call it once, after the last row and before the end.
 */
int store_dir_writer_duplicates(struct dir_writer *w, void (*fn)(long line, long first, void *arg), void *arg,
				char **err);
/*
 * Ends the change set. With "full", entries the batch did not list are marked removed (objects:
 * deregistered; with b->unit_id only that unit's). With "commit" the batch's counts are recorded and
 * it enters the audit chain; the caller then commits its transaction (or rolls it back: without
 * "commit", or on an error). Fills *c. Frees w. Returns 0 or -1 with *err set.
 */
int store_dir_writer_end(struct dir_writer *w, int full, int commit, struct dir_counts *c, char **err);

/* One version of one entry, as handed to the iteration callbacks (valid during the call only). */
struct dir_entry {
	const char *k;
	const char *const *vals; /* nfields canonical values */
	const char *valid_from;
	const char *valid_to; /* "" when current */
	const char *change;
	int removed;
	long batch_id;
	const char *actor;
	const char *source;
};

typedef int (*dir_each_fn)(const struct dir_entry *e, void *arg);

/*
 * Calls fn for each entry as of day "as_of" (NULL: now), ordered by key; removed entries only with
 * "include_removed". fn returning non-zero stops the walk and is returned.
 */
int store_dir_each(struct store *st, const struct dirkind *d, const char *as_of, int include_removed,
		   dir_each_fn fn, void *arg, char **err);
/*
 * What a directory list selects (store_dir_list): the entries as of a day (or the current versions), not
 * removed, narrowed by every filter that is set. The store knows the columns; the operation decides what
 * to ask for (op/directory.c: the session's units, the codes within a region).
 */
struct dir_filter {
	const char
	    *as_of; /* YYYY-MM-DD: the versions in force that day; NULL: the current ones (valid_to NULL) */
	const char *klass;	    /* the "class" field equals it */
	const char *const *regions; /* with by_region: the "region" field is one of these nregions codes */
	size_t nregions;
	int by_region;
	/*
	 * The entry carries the tag (core/plan.h's rule for plan lines, for any directory): a yes/no field
	 * named by it (市管 for city_managed) holding 是, an enumerated or industry field equal to it, or a
	 * list field (values joined by 、) with an element equal to it.
	 */
	const char *tag;
	const char *q; /* the key or the "name" field contains these bytes (a byte substring, as strstr) */
	/*
	 * With scoped: the entry's unit is one of these nunits ids — an object's or a person's unit by the
	 * rule of core/units.h (UNIT_OF), a conflict's the unit of its person's current version (removed or
	 * not; a conflict whose person has no version is in none). Items have no unit: not narrowed.
	 */
	const long *units;
	size_t nunits;
	int scoped;
};

/*
 * One page of the entries "f" selects, ordered by key: fn is called for entries [offset, offset + limit)
 * (limit 0: to the end), and *total set to the number of entries selected. The count and the page are
 * two statements with the same WHERE, read in one transaction. fn returning non-zero stops the walk and is
 * returned; -1 with *err on an error.
 */
int store_dir_list(struct store *st, const struct dirkind *d, const struct dir_filter *f, long offset,
		   long limit, dir_each_fn fn, void *arg, long *total, char **err);
/*
 * The fast walk for bulk readers (the draw's frame and record), in directory-scan.c: the entries as
 * of "as_of" (the removed ones too with "removed"), in storage order, with only k and vals filled (the other
 * strings "", removed and batch_id 0). Only the fields with want[i] set are read (NULL: all); the others are
 * "". Inside a write transaction (no other writer can commit meanwhile) a large table is read by two
 * connections at once, each half of the rows; fn still sees every row in storage order, on the caller's
 * thread. The second connection sees what is committed: the caller must not have changed the table in its own
 * transaction before the scan.
 */
int store_dir_scan(struct store *st, const struct dirkind *d, const char *as_of, int removed,
		   const unsigned char *want, dir_each_fn fn, void *arg, char **err);
/* Calls fn for each version that took effect in [from, to] (dates), by date then key. */
int store_dir_changes(struct store *st, const struct dirkind *d, const char *from, const char *to,
		      dir_each_fn fn, void *arg, char **err);
/* Calls fn for every version of the entry "k", oldest first. */
int store_dir_history(struct store *st, const struct dirkind *d, const char *k, dir_each_fn fn, void *arg,
		      char **err);
/* 1 when entry "k" exists now and is not removed, 0 when not, -1 on error. */
int store_dir_exists(struct store *st, const struct dirkind *d, const char *k, char **err);
/* Number of current, not removed entries. */
long store_dir_count(struct store *st, const struct dirkind *d);

#endif
