/*
 * This file declares the demo (`suiji demo`, scripts/run-demo.sh behind `make run`): realistic,
 * deterministic Jiaozuo data written as the four import files, and — on a database — Jiaozuo's
 * structure (the city bureau and its six county branches), the files imported through op_import, and
 * a demo login for every role, each with a random password given back once.
 */
#ifndef SUIJI_OP_DEMO_H
#define SUIJI_OP_DEMO_H

#include <stddef.h>
#include <stdint.h>

#include "op/session.h"
#include "op/user.h"
#include "store/directory.h"

struct op_demo_args {
	long objects;	       /* 10 … 1,000,000 */
	long people;	       /* 0: 1% of the objects, at least 200 */
	uint64_t seed;	       /* the same seed gives the same files */
	const char *dir;       /* where the files go (created when missing) */
	const char *effective; /* the imports' effective date, NULL: today */
};

struct op_demo_login {
	char name[64];
	char roles[64];
	char unit[256];
	char password[OP_PASSWORD_GENERATED]; /* "" when the user already existed (password unchanged) */
};

struct op_demo_result {
	char *paths[4];		     /* items, objects, people, conflicts */
	struct dir_counts counts[4]; /* their imports (op_demo_setup only) */
	long people;		     /* people generated */
	struct unit *units;	     /* the branches made or found (op_demo_setup) */
	size_t nunits;
	struct op_demo_login *logins;
	size_t nlogins;
};
void op_demo_result_release(struct op_demo_result *r);

/* Writes the four files only (no database). 0, or -1 with *d. */
int op_demo_files(const struct op_demo_args *a, struct op_demo_result *r, struct op_diag *d);
/*
 * On the session's database (an administrator's: action demo): the files, the six county branches
 * (units already there by name are kept), the four imports, then the demo logins (users already there
 * are kept, password unchanged). 0, or -1 with *d (what was done before the failure stays).
 */
int op_demo_setup(struct op_session *s, const struct op_demo_args *a, struct op_demo_result *r,
		  struct op_diag *d);

#endif
