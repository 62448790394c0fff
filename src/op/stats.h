/*
 * This file declares the year's statistics as an operation (report.read): coverage of the object
 * directory per class and region, each unit's year against its own plan's Article 7 minimums (the
 * level's rule, its own staff), problems found and closed, disclosure on time and late, random against
 * targeted inspections, the load per inspector, per unit and in total (io/stats-json.h). The command
 * line prints it; the web application serves it as GET /api/stats. Never prints.
 */
#ifndef SUIJI_OP_STATS_H
#define SUIJI_OP_STATS_H

#include "io/stats-json.h"
#include "op/session.h"

/*
 * The statistics of year "year" (2000 to next year): "unit" 0 for every unit the operator may read
 * (report.read), else that unit alone (report.read on it). The year's plan figures of out->plan are the
 * chosen unit's (s->unit, or "unit"). 0, or -1 with d. Release with op_stats_release.
 */
int op_stats(struct op_session *s, int year, long unit, struct stats *out, struct op_diag *d);
void op_stats_release(struct stats *st);

#endif
