/*
 * This file declares the stored draws (随机抽取): the announcement with its frozen frame (inputs) and
 * secret salt, the run with the beacon and result, the reveal, and a draw's history of re-runs. The
 * protocol itself is core/draw.h; the database keeps what it needs to prove afterwards.
 */
#ifndef SUIJI_STORE_DRAW_H
#define SUIJI_STORE_DRAW_H

#include "store/store.h"

struct draw_row {
	long id;
	int year;
	const char *period;       /* "2025Q1" or "2025-03" */
	const char *lines;        /* plan line ids joined by , */
	int plan_version;
	const char *inputs;       /* CJ(inputs) */
	const char *inputs_hash;
	const char *salt;         /* hex, secret until the reveal */
	const char *salt_commitment;
	const char *announcement; /* CJ(announcement) */
	const char *beacon_source;
	const char *announced_at, *announced_by;
	const char *beacon_value; /* "" until run */
	const char *result;       /* CJ(result), "" until run */
	const char *run_at, *run_by;
	const char *state;        /* announced, drawn, revealed, void */
	long supersedes;          /* the earlier draw of the same lines and period it replaces, or 0 */
	const char *reason;       /* why it replaces the earlier one */
	const char *revealed_at, *reveal_reason;
	const char *meta;         /* JSON: what each stratum stands for (plan line, items, pool, quota) */
};

/* Inserts an announced draw inside the caller's transaction; returns its id or -1 with *err. */
long store_draw_insert(struct store *st, const struct draw_row *d, char **err);
/* Calls fn with draw "id"; returns fn's value, 0 when it ran, 1 when there is no such draw, -1 on error. */
int store_draw_get(struct store *st, long id, int (*fn)(const struct draw_row *d, void *arg), void *arg,
		   char **err);
/* Stores the draw's meta (JSON text) inside the caller's transaction. */
int store_draw_set_meta(struct store *st, long id, const char *meta, char **err);
/* The newest draw, not void, of the same lines and period (0 when none). */
long store_draw_find_active(struct store *st, int year, const char *period, const char *lines, char **err);
/* Records the run inside the caller's transaction; 1 when the draw is not in state "announced". */
int store_draw_set_result(struct store *st, long id, const char *beacon_value, const char *result,
			  const char *run_at, const char *run_by, char **err);
/* Moves a draw to "void" (replaced by a newer one) or "revealed" (with the time and any reason). */
int store_draw_set_state(struct store *st, long id, const char *state, const char *at, const char *reason,
			 char **err);
/* Calls fn for every draw, newest first. */
int store_draw_each(struct store *st, int (*fn)(const struct draw_row *d, void *arg), void *arg, char **err);

#endif
