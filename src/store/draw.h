/*
 * This file declares the stored draws (随机抽取): the announcement with its frozen frame (inputs) and
 * secret salt, the run with the beacon and result, the reveal, and a draw's history of re-runs. The
 * protocol itself is core/draw.h; the database keeps what it needs to prove afterwards.
 *
 * The frame (CJ of the inputs, about 111 bytes per object) is stored compressed beside the draw row
 * (table draw_input) and read only on demand with store_draw_inputs: the row walks leave it out.
 */
#ifndef SUIJI_STORE_DRAW_H
#define SUIJI_STORE_DRAW_H

#include <stddef.h>

#include "store/store.h"

struct draw_row {
	long id;
	int year;
	const char *period; /* "2025Q1" or "2025-03" */
	const char *lines;  /* plan line ids joined by , */
	int plan_version;
	const char *inputs; /* CJ(inputs) for store_draw_insert; NULL in the rows of the walks */
	size_t inputs_len;  /* its length in bytes (0: strlen(inputs)) */
	const char *inputs_hash;
	const char *salt; /* secret until the reveal: sealed (core/salt-seal.h), or hex once revealed or
			   * for a draw announced before salts were sealed */
	const char *salt_commitment;
	const char *announcement; /* CJ(announcement) */
	const char *beacon_source;
	const char *announced_at, *announced_by;
	const char *beacon_value; /* "" until run */
	const char *result;	  /* CJ(result), "" until run */
	const char *run_at, *run_by;
	const char *state;  /* announced, drawn, revealed, void */
	long supersedes;    /* the earlier draw of the same lines and period it replaces, or 0 */
	const char *reason; /* why it replaces the earlier one */
	const char *revealed_at, *reveal_reason;
	const char *meta; /* JSON: what each stratum stands for (plan line, items, pool, quota) */
	long unit_id;	  /* the unit whose plan lines it draws; 0: the top unit (stored NULL) */
	const char
	    *beacon_date; /* the day the public number is drawn: no run before it ("" when not named) */
	long attempt;	  /* a re-draw's attempt number (2, 3, …); 0 for a first draw */
	/* an oversight (监督) user's approval to draw this draw's lines again ("" when none) */
	const char *redraw_approved_by, *redraw_approved_at, *redraw_approval;
};

/*
 * Inserts an announced draw inside the caller's transaction; returns its id or -1 with *err. The frame
 * "inputs" (inputs_len bytes) goes compressed into draw_input in the same transaction.
 */
long store_draw_insert(struct store *st, const struct draw_row *d, char **err);
/*
 * Calls fn with draw "id"; returns fn's value, 0 when it ran, 1 when there is no such draw, -1 on error.
 * The row's "inputs" is NULL: fetch the frame with store_draw_inputs when it is needed.
 */
int store_draw_get(struct store *st, long id, int (*fn)(const struct draw_row *d, void *arg), void *arg,
		   char **err);
/* Stores the draw's meta (JSON text) inside the caller's transaction. */
int store_draw_set_meta(struct store *st, long id, const char *meta, char **err);
/* The newest draw, not void, of the same lines and period (0 when none). */
long store_draw_find_active(struct store *st, int year, const char *period, const char *lines, char **err);
/* A live draw (not void) of one unit, year and period. */
struct draw_live {
	long id;
	char lines[512]; /* plan line ids joined by , */
	char state[16];
	long attempt;	       /* 0 for a first draw */
	char approved_by[128]; /* the oversight user who approved drawing its lines again, "" when none */
};
/*
 * The live draws of unit "unit_id" (0: the top unit), year and period, oldest first, into a new array
 * (*out, *n; free it). 0, or -1 with *err.
 */
int store_draw_live(struct store *st, long unit_id, int year, const char *period, struct draw_live **out,
		    size_t *n, char **err);
/* Records the run inside the caller's transaction; 1 when the draw is not in state "announced". */
int store_draw_set_result(struct store *st, long id, const char *beacon_value, const char *result,
			  const char *run_at, const char *run_by, char **err);
/* Moves a draw to "void" (replaced by a newer one) or "revealed" (with the time and any reason). */
int store_draw_set_state(struct store *st, long id, const char *state, const char *at, const char *reason,
			 char **err);
/* Records an oversight user's approval to draw the lines of draw "id" again (inside the caller's
 * transaction). */
int store_draw_approve_redraw(struct store *st, long id, const char *by, const char *at, const char *reason,
			      char **err);
/* Replaces the stored salt of draw "id" (the sealed salt by the plain one at the reveal), inside the
 * caller's transaction. */
int store_draw_set_salt(struct store *st, long id, const char *salt, char **err);
/* Calls fn for every draw, newest first ("inputs" NULL as for store_draw_get). */
int store_draw_each(struct store *st, int (*fn)(const struct draw_row *d, void *arg), void *arg, char **err);
/*
 * The frozen frame of draw "id": CJ(inputs) in *text (malloc'd, NUL-terminated, the caller frees) and
 * its length in *len — decompressed from draw_input, or draw.inputs as stored before schema step 7.
 * 0; 1 when there is no such draw; -1 with *err when the stored data is corrupt or cannot be read. It
 * does not check the text against inputs_hash: callers compare SHA-256(*text) with it before use.
 */
int store_draw_inputs(struct store *st, long id, char **text, size_t *len, char **err);

#endif
