/*
 * This file declares lookups a front end needs to show a row: a unit's name and level by its id.
 * Unit names are public (the public portal names the unit responsible for each result), so no
 * authorisation is asked.
 */
#ifndef SUIJI_OP_LOOKUP_H
#define SUIJI_OP_LOOKUP_H

#include "op/session.h"

/* Fills *u for unit "id": 0, or -1 (OP_NOTFOUND, OP_ERROR). */
int op_unit_lookup(struct op_session *s, long id, struct unit *u, struct op_diag *d);

#endif
