/*
 * This file declares the one place where suiji decides who may do what (谁检查、谁录入、谁公开).
 * Every command, and later the web server, asks here before acting; nowhere else compares roles.
 *
 * The operator is ctx->actor (--as, SUIJI_USER, or the system user). Roles are kept by store/user.h.
 * Bootstrap: while no user is registered the database is "open" and every operator acts as 管理员
 * (a bureau that works alone needs no set-up); the first user registered must be a 管理员, and from
 * then on an operator who is not registered, or is disabled, may do nothing.
 *
 * Actions (the strings below), and who may take them:
 *   task.read            管理员, 监督, 公开审核; 执法人员 only for a task of their own team
 *   task.create          管理员 (targeted inspections; random tasks come from draws)
 *   task.cancel          管理员
 *   result.record        管理员; 执法人员 of the task's team
 *   penalty.record       管理员; 执法人员 of the task's team
 *   problem.step         管理员; 执法人员 of the task's team (交办、督办、销号)
 *   disclosure.publish   管理员, 公开审核; 执法人员 of the task's team
 *   disclosure.withhold  管理员, 公开审核 (不予公开 needs a reason and is taken by a role, not a team)
 *   site.publish         管理员, 公开审核 (suiji publish)
 *   report.read          every role (statistics, due lists; lists of tasks show an inspector's own only)
 *   draw.read            管理员, 监督 (the drawn list is confidential until the inspection)
 *   draw.announce, draw.run, draw.reveal, directory.write, plan.write, user.manage   管理员
 * "Team" means the person ids in task->team; experts (task->experts) do not record or publish.
 * For an action that names a task, pass it; for the others pass NULL. An inspector asked about a
 * team-scoped action with no task is refused.
 */
#ifndef SUIJI_CMD_AUTHZ_H
#define SUIJI_CMD_AUTHZ_H

#include "cmd/cmd.h"

struct task;

struct authz_who {
	char name[128];
	char role[32];      /* 管理员, 执法人员, 监督, 公开审核; "" when not registered */
	char person_id[64]; /* the inspector's person id, "" when none */
	int registered;     /* 1 when a user row exists and is active */
	int open;           /* 1 when no user is registered at all (everyone acts as 管理员) */
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
