/*
 * This file declares the units of a database (单位): the top unit (the city bureau, id 1, made by
 * init from the organisation) and its branches (分局, level county), each with its jurisdiction — the
 * region codes whose objects and people belong to it. Every change is audited as "unit:ID".
 */
#ifndef SUIJI_STORE_UNIT_H
#define SUIJI_STORE_UNIT_H

#include <stddef.h>

#include "store/store.h"

struct unit {
	long id;
	char name[256];
	char level[8];	   /* "city" or "county" */
	long parent;	   /* 0 for the top unit */
	char regions[512]; /* region codes joined by ',' */
	char created_at[32];
	char created_by[128];
};

/* 1 with *u filled when unit "id" exists, 0 when not, -1 with *err. */
int store_unit_get(struct store *st, long id, struct unit *u, char **err);
/* The same by name, or by id when "key" is all digits. */
int store_unit_find(struct store *st, const char *key, struct unit *u, char **err);
/*
 * All units in id order into a new array (*out, *n; free it), the top unit first. 0, or -1 with *err.
 */
int store_unit_list(struct store *st, struct unit **out, size_t *n, char **err);
/*
 * Adds a branch under unit "u->parent" inside the caller's transaction, with its audit entry
 * "unit add". Fills u->id. Refuses a name in use (-1, *err in Chinese).
 */
int store_unit_add(struct store *st, struct unit *u, const char *at, const char *actor, char **err);

/* Sizes of a unit's directories now (core/units.h decides membership). */
struct unit_counts {
	long unit_id;
	long objects; /* current objects */
	long people;  /* current people */
	long staff;   /* on-duty business staff: 执法 or 监管, 在岗 (Article 7's staff) */
};
/*
 * Fills counts[i] for every unit id counts[i].unit_id (the caller sets the ids; the rest is zeroed
 * and filled), as of day "as_of" (NULL: now). 0, or -1 with *err.
 */
int store_unit_counts(struct store *st, const char *as_of, struct unit_counts *counts, size_t n, char **err);

#endif
