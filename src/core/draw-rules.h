/*
 * This file declares the draw's own rules that need no database: when a draw's period is over (a draw
 * for a period already over needs a reason), and which plan lines two draws share (drawing a line
 * again in the same period needs a reason and voids that part of the earlier draw). Pure: no I/O.
 */
#ifndef SUIJI_CORE_DRAW_RULES_H
#define SUIJI_CORE_DRAW_RULES_H

#include <stddef.h>

/*
 * 1 when the period "label" (2025Q1, 2025-03) is over on day "today" (YYYY-MM-DD), 0 when not,
 * -1 when the label is not a period.
 */
int draw_period_over(const char *label, const char *today);
/*
 * The ids in the list "lines" (ids joined by , as a draw stores them) that are also in "ids" (n of
 * them), written to "common" (room for n): returns how many.
 */
size_t draw_lines_common(const char *lines, const long *ids, size_t n, long *common);
/* The number of ids in the list "lines". */
size_t draw_lines_count(const char *lines);

#endif
