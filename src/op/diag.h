/*
 * This file declares the diagnostics an operation returns (src/op/): the one message that says why
 * it failed, whether it failed because the operator may not do it (a refusal by role or unit), the
 * row errors of an input file with their line numbers (the first OP_ROWS_MAX kept, the rest counted),
 * and notes (warnings and information a front end shows beside the result). All text is Chinese.
 * An operation never prints: the command line prints these (cmd/), the server sends them as JSON.
 * A message never names a command-line flag: when it is about one input, op_fail_at() names that
 * input's JSON name in "field" ("reason"); the command line adds the flag (cmd_flag_of: --reason),
 * the server sends it as the error's "field" for the page to point at.
 *
 *   struct op_diag d = OP_DIAG_INIT;
 *   if (op_x(s, &args, &out, &d)) … d.msg, d.denied, d.rows …
 *   op_diag_release(&d);
 */
#ifndef SUIJI_OP_DIAG_H
#define SUIJI_OP_DIAG_H

#include <stddef.h>

#define OP_ROWS_MAX 200

/* Why an operation failed: what a front end maps to an exit code or an HTTP status. */
enum op_fail {
	OP_OK = 0,
	OP_INVALID,  /* bad input (CLI exit 1, HTTP 400/422) */
	OP_DENIED,   /* the operator may not (HTTP 403) */
	OP_NOTFOUND, /* no such thing, or not visible to the operator (HTTP 404) */
	OP_CONFLICT, /* the state does not allow it now (HTTP 409) */
	OP_ERROR,    /* the database or the system failed (HTTP 500) */
	OP_UNAUTH,   /* not signed in, a wrong password or an ended session (HTTP 401) */
};

struct op_row_err {
	long line;   /* the file's line (or record) number, 0 when none */
	char *field; /* the column's Chinese name, NULL when the whole row */
	char *msg;
};

struct op_diag {
	enum op_fail fail;
	char *msg;	   /* why it failed (NULL on success) */
	const char *field; /* the input it is about, by its JSON name ("reason"), NULL when none */
	struct op_row_err *rows;
	size_t nrows, rows_alloc;
	size_t rows_total; /* every row error found, also those beyond OP_ROWS_MAX */
	int rows_all;	   /* set by the caller: keep every row error, not only the first OP_ROWS_MAX */
	char **notes;
	size_t nnotes, notes_alloc;
};
#define OP_DIAG_INIT                                                                                         \
	{                                                                                                    \
		0                                                                                            \
	}

/* Sets the failure "kind" with its message (the first one wins) and returns -1. */
int op_fail(struct op_diag *d, enum op_fail kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The same about the input "field" (its JSON name, a static string: "reason", "team", "date"). */
int op_fail_at(struct op_diag *d, enum op_fail kind, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* The same, taking over an allocated message "msg" (may be NULL: then "fallback" is used). */
int op_fail_take(struct op_diag *d, enum op_fail kind, char *msg, const char *fallback);
/* Adds a row error (kept while fewer than OP_ROWS_MAX are kept; always counted). */
void op_row_error(struct op_diag *d, long line, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Adds a note. */
void op_note(struct op_diag *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void op_diag_release(struct op_diag *d);

#endif
