/*
 * This file declares the reading of the people named to inspect one object (core/team-roster.h) from
 * the current people and conflicts directories, and the row errors that say why someone may not take
 * part: one place for targeted inspections (op/targeted.c) and a task's new team (op/task.c).
 */
#ifndef SUIJI_OP_ROSTER_H
#define SUIJI_OP_ROSTER_H

#include "core/team-roster.h"
#include "op/diag.h"
#include "store/store.h"

/*
 * Fills m[0..n) (their ids and in_team set by the caller) from the current people directory and their
 * declared conflicts with object "uscc", inside the caller's transaction if any. 0, or -1 with d
 * (OP_ERROR). Release with team_roster_release.
 */
int op_roster_read(struct store *st, const char *uscc, struct team_member *m, size_t n, struct op_diag *d);

/*
 * Adds a row error for each reason member "m" may not take part in inspecting "uscc"; "what" names the
 * member's part (检查组成员, 辅助检查人员) in the messages, NULL for a task's new team. Returns how many.
 */
int op_roster_errors(const struct team_member *m, const char *uscc, const char *what, struct op_diag *d);

#endif
