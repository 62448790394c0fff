/*
 * This file declares the operations on targeted inspections (针对性检查, Article 2): registering one —
 * a named object, one of the eight triggers, a reference, the day of the inspection, optionally the team
 * and the experts — and listing them. A targeted inspection belongs to the unit of its object
 * (core/units.h); its date is the day given, so a result recorded for that day is accepted.
 */
#ifndef SUIJI_OP_TARGETED_H
#define SUIJI_OP_TARGETED_H

#include <stddef.h>

#include "op/session.h"
#include "store/task.h"

/* The most people team or experts may name (as "draw announce --team-size"). */
#define OP_TARGETED_MAX_NAMED 20

struct op_targeted_args {
	const char *uscc, *trigger, *reference;
	const char *items;   /* item codes (any separators), "" none */
	const char *date;    /* the day of the inspection, NULL today */
	const char *mode;    /* 现场 (default) or 非现场 */
	const char *team;    /* person ids, NULL none */
	const char *experts; /* person ids, NULL none (only with a team) */
};

/* One person named, as the current people directory has them. */
struct op_named {
	char id[64], name[128];
	int in_team;
};

struct op_targeted {
	long id;      /* the task */
	long unit_id; /* the object's unit */
	char date[11];
	char items[1024];
	struct op_named people[2 * OP_TARGETED_MAX_NAMED];
	size_t npeople;
};

/*
 * Registers a targeted inspection (targeted.create on the object's unit). Refuses, listing every reason
 * as row errors (OP_CONFLICT), an object not in the directory, an item not on the list, a person not in
 * the directory, not on duty, not a certified officer in the team, not 辅助 as an expert, or with a
 * declared conflict with the object; bad values (trigger, mode, date, lists) as OP_INVALID.
 */
int op_targeted_add(struct op_session *s, const struct op_targeted_args *a, struct op_targeted *out,
		    struct op_diag *d);

struct op_targeted_filter {
	const char *year;    /* "2026" or NULL */
	const char *trigger; /* NULL: any */
};
/* Calls fn for each targeted inspection the session may see (task.read), by id. */
int op_targeted_list(struct op_session *s, const struct op_targeted_filter *f,
		     int (*fn)(const struct task *t, void *arg), void *arg, struct op_diag *d);

#endif
