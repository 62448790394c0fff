/*
 * This file declares the session every operation takes (src/op/): the store, who the operator is
 * (a registered, active user), their roles and unit, and the unit this call acts on. The command line
 * opens one per run (main.c, for the commands that need a database); the server one per request from
 * the signed-in user. There is no "open" database: an operator who is not a registered, active user
 * gets no session, and so can do nothing that needs the database.
 */
#ifndef SUIJI_OP_SESSION_H
#define SUIJI_OP_SESSION_H

#include "op/diag.h"

#include "store/unit.h"

struct op_session {
	struct store *st;
	char name[128];	    /* the operator, a registered user */
	unsigned roles;	    /* core/roles.h bits */
	char person_id[64]; /* the inspector's person id, "" when none */
	struct unit own;    /* the operator's unit */
	struct unit unit;   /* the unit this call acts on: --unit / ?unit=, default "own" */
	const char *via;    /* "命令行" or "网页": recorded with sign-in entries */
};

/*
 * Opens a session on "st" for the user "name": refuses (OP_DENIED) a name that is not registered or
 * not active. "unit" names the unit to act on (its name or id); NULL or "" means the operator's own.
 * A unit outside what the operator's roles can reach is still set here: each operation decides.
 */
int op_session_open(struct op_session *s, struct store *st, const char *name, const char *unit,
		    struct op_diag *d);
/* The same for a database that has no user yet: only "init --admin" (which registers the first) calls it. */
int op_session_bootstrap(struct op_session *s, struct store *st, const char *name);
/* 1 when unit "u" is "top" or below it (the city holds its branches). */
int op_unit_within(struct op_session *s, long u, long top);
/* The roles of the session joined by 、 (for records of who did what: 角色). */
const char *op_session_roles(const struct op_session *s, char *buf, unsigned long n);

#endif
