/*
 * This file declares what the draw's operations share between op/draw.c (announce, run) and
 * op/draw-read.c (show, list, export, record): a draw row copied out of the store's walk, the unit a
 * draw belongs to, and the count of its open tasks.
 */
#ifndef SUIJI_OP_DRAW_INTERNAL_H
#define SUIJI_OP_DRAW_INTERNAL_H

#include "op/draw.h"

/* A draw row whose strings are owned (draw_row_free). */
struct draw_copy {
	struct draw_row row;
};

/*
 * Loads draw "id" into *c: 0; -1 with d (OP_NOTFOUND when there is no such draw).
 */
int draw_load(struct op_session *s, long id, struct draw_copy *c, struct op_diag *d);
void draw_copy_release(struct draw_copy *c);
/* The unit of a draw: its unit_id, or the top unit (1) when NULL. */
long draw_unit(const struct draw_row *r);
/* Its tasks not yet inspected (cancelled ones do not count); -1 with d. */
long draw_open(struct op_session *s, long id, struct op_diag *d);
/* 1 when the operator may see the draw's announcement (a public document, but within their units). */
int draw_visible(struct op_session *s, const struct draw_row *r);

#endif
