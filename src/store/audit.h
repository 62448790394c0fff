/*
 * This file declares the audit chain: an append-only list of every change, each entry hashing the
 * one before it, so that a change after the fact shows (docs/SECURITY.md), and the registry of
 * subject families that lets "suiji audit verify" re-hash the rows each entry vouches for.
 *
 * A subject names what an entry is about: "org", "batch:12", "task:40", "draw:3" … — a
 * family name, and after a ':' the id of one member. Each family registers (one line in the table of
 * store/audit-verify.c) a function that recomputes the content hash of one member from the rows as
 * they are now. An entry's content hash is what that function returned when the entry was written,
 * so verify compares the two for the newest entry of every subject. A layer that stores something
 * new therefore: (1) writes its rows, (2) calls store_audit_record() in the same transaction, and
 * (3) registers its family. docs/ARCHITECTURE.md, "Audit chain", says what a family must cover.
 */
#ifndef SUIJI_STORE_AUDIT_H
#define SUIJI_STORE_AUDIT_H

#include "core/merkle.h"
#include "store/store.h"

/*
 * Appends an entry inside the caller's transaction: who ("actor"), when ("at"), what ("action",
 * e.g. "import objects"), on what ("subject", e.g. "batch:12"), and the hash of the new content.
 * entry hash = SHA-256(prev_hash 0x0A seq 0x0A at 0x0A actor 0x0A action 0x0A subject 0x0A content_hash).
 * Fields holding a control character (a line feed would make the hashed text ambiguous) or that are
 * not valid UTF-8 are refused with -1 and *err set.
 */
int store_audit_append(struct store *st, const char *at, const char *actor, const char *action,
		       const char *subject, const char *content_hash, char **err);
/*
 * Appends an entry whose content hash the subject's family computes from the rows as they are now:
 * call it inside the transaction that changed them, after the change. -1 with *err when the family
 * is not registered or the subject does not exist.
 */
int store_audit_record(struct store *st, const char *at, const char *actor, const char *action,
		       const char *subject, char **err);
/* The newest entry's hash and sequence number ("" and 0 for an empty chain). */
int store_audit_head(struct store *st, char hash[65], long *seq, char **err);
/* The hash of entry "seq": 1 with hash filled, 0 when there is no such entry, -1 on error. */
int store_audit_entry_hash(struct store *st, long seq, char hash[65], char **err);

/* One entry, as handed to store_audit_each's callback (valid during the call only). */
struct audit_entry {
	long seq;
	const char *at, *actor, *action, *subject, *content_hash, *prev_hash, *hash;
};
/*
 * The Merkle leaf hashes (core/merkle.h) of entries 1 .. n (n <= 0: all) into *leaves (allocated,
 * the caller frees it), their number in *count (fewer than n when the chain is shorter). -1 with
 * *err on a database error, a gap in the sequence or an entry hash that is not hex.
 */
int store_audit_leaves(struct store *st, long n, merkle_hash **leaves, long *count, char **err);
/* Calls fn for entry "seq": 1 when it exists (or fn's non-zero return), 0 when not, -1 with *err. */
int store_audit_entry(struct store *st, long seq, int (*fn)(const struct audit_entry *e, void *arg),
		      void *arg, char **err);
/*
 * Calls fn for each entry about "subject" (exactly) with seq <= max_seq (0: any), oldest first; fn
 * returning non-zero stops the walk and is returned. 0, or -1 with *err.
 */
int store_audit_subject_each(struct store *st, const char *subject, long max_seq,
			     int (*fn)(const struct audit_entry *e, void *arg), void *arg, char **err);
/* Calls fn for the newest "limit" entries (0: all), newest first; fn returning non-zero stops the walk. */
int store_audit_each(struct store *st, long limit, int (*fn)(const struct audit_entry *e, void *arg),
		     void *arg, char **err);

/*
 * A family of subjects. "name" is the part of the subject before ':' ("batch"), or the whole subject
 * when it has no id ("org").
 *
 * rehash("id") recomputes the content hash of one member from the rows as they are now: 0 with "hex"
 * filled, 1 when the member's rows no longer exist, -1 with *err on a database error.
 *
 * locate("id") (optional) is called when rehash disagrees with the entry: it names the first row
 * that differs, in Chinese (*where, allocated), when the family can tell; 0 when it cannot.
 *
 * check() (optional) finds what the entries do not vouch for but verify must still see: rows of the
 * family that no entry names, columns derived from other rows (a version's valid_to). It returns 0
 * when all holds, 1 with *problem (allocated, Chinese) describing the first finding, -1 on error.
 */
struct audit_family {
	const char *name;
	const char *zh; /* what a member is, for messages: "导入批次" */
	/*
	 * A plain table whose rows are the members, by rowid ("task:17" is the row of task with rowid 17):
	 * then rehash defaults to store_row_hash() of that row and check to "every row has an entry".
	 */
	const char *table;
	int (*rehash)(struct store *st, const char *id, char hex[65], char **err);
	int (*locate)(struct store *st, const char *id, char **where, char **err);
	int (*check)(struct store *st, char **problem, char **err);
};

/* The registered family of "subject" ("batch:12" → the batch family), or NULL. */
const struct audit_family *store_audit_family(const char *subject);

/* What "suiji audit verify" found. */
struct audit_report {
	long entries;  /* entries walked */
	long head_seq; /* the newest entry */
	char head_hash[65];
	long subjects;	  /* subjects whose rows were re-hashed */
	long problem_seq; /* the entry the problem concerns; 0 when it concerns rows no entry names */
	char *problem;	  /* the first problem, in Chinese (allocated); NULL when everything holds */
	/*
	 * Subjects whose family is not registered: their entries are checked as links of the chain, their
	 * rows are not re-hashed. Counted, and listed per family ("draw 3 个、plan 2 个", allocated) or NULL.
	 */
	long unchecked_subjects;
	char *unchecked;
};

/*
 * Walks the chain (sequence numbers without gaps, each entry's hash, each link to the one before),
 * then re-hashes the rows behind the newest entry of every subject, in chain order (subjects of an
 * unregistered family are counted in r->unchecked instead), then runs every family's check(). Stops
 * at the first problem. Everything is read in one read transaction, so a
 * change committed meanwhile is not half seen. Returns 0 when everything holds, 1 when r->problem
 * names what does not, -1 with *err on a database error.
 */
int store_audit_verify(struct store *st, struct audit_report *r, char **err);
void audit_report_release(struct audit_report *r);

/*
 * The generic content hash of one row: "table" and, for each column in schema order (generated
 * columns left out) whose value is not NULL, its name, type and value. A column added later with a
 * NULL default therefore leaves the hashes of older rows as they were. Families over plain tables
 * (org, task, draw …) use it as their rehash. 0 with "hex" filled, 1 when there is no such row, -1.
 */
int store_row_hash(struct store *st, const char *table, long long rowid, char hex[65], char **err);

#endif
