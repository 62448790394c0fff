/*
 * This file declares lookups a front end needs to show a row: a unit's name and level by its id, a
 * person's name by their id. Unit names are public (the public portal names the unit responsible for
 * each result), so no authorisation is asked; a person's name is asked for a team the caller has
 * already been allowed to read (the task notice names its people the same way).
 */
#ifndef SUIJI_OP_LOOKUP_H
#define SUIJI_OP_LOOKUP_H

#include "op/session.h"

/* Fills *u for unit "id": 0, or -1 (OP_NOTFOUND, OP_ERROR). */
int op_unit_lookup(struct op_session *s, long id, struct unit *u, struct op_diag *d);
/* The name of person "id" in the inspector directory as it is now, "" when it is not there. free() it. */
char *op_person_name(struct op_session *s, const char *id);

#endif
