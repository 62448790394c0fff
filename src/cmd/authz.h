/*
 * This file declares the command line's older authorisation calls, kept for the commands whose work
 * has not yet moved into src/op/. They ask the one table of op/authz.h (docs/ROLES.md) about the
 * operator of the session main.c opened; src/op/ operations call op_authorize() directly.
 */
#ifndef SUIJI_CMD_AUTHZ_H
#define SUIJI_CMD_AUTHZ_H

#include "cmd/cmd.h"

struct task;

struct authz_who {
	char name[128];
	char role[256];	    /* the roles joined by 、 */
	char person_id[64]; /* the inspector's person id, "" when none */
	int registered;	    /* 1 when a user row exists and is active */
};

/* Who the operator is: fills *w. Returns 0, or -1 with *err (a database error). */
int authz_whoami(struct ctx *ctx, struct authz_who *w, char **err);
/*
 * Whether the operator may take "action" (on task "t", or NULL). Returns 0 when allowed, 1 when
 * refused with the Chinese reason in *why, -1 on an error (*why set). The caller frees *why.
 */
int authz_check(struct ctx *ctx, const char *action, const struct task *t, char **why);
/* The same, printing the refusal (错误: 无权限…). Returns 0 when allowed, else the exit code 1. */
int authz_require(struct ctx *ctx, const char *action, const struct task *t);
/* 1 when the operator may see task "t" (task.read), silently. */
int authz_visible(struct ctx *ctx, const struct task *t);
/* The operator's role as recorded with a change ("管理员" in an open database). */
const char *authz_role(struct ctx *ctx);
/* 1 when the list "team" (person ids joined by 、) names "person_id". */
int authz_team_has(const char *team, const char *person_id);

#endif
