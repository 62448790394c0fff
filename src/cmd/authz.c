/*
 * This file implements the command line's older authorisation calls (authz.h) over the one table of
 * op/authz.c, for the commands whose work has not yet moved into src/op/: each action name maps to
 * an op_action, and the operator is the session main.c opened.
 */
#include "cmd/authz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "op/authz.h"
#include "store/task.h"
#include "util/error.h"
#include "util/xalloc.h"

static const struct {
	const char *name;
	enum op_action a;
} names[] = {
    {"task.read", ACT_TASK_READ},
    {"task.create", ACT_TARGETED_CREATE},
    {"task.cancel", ACT_TASK_CHANGE},
    {"result.record", ACT_RESULT_RECORD},
    {"penalty.record", ACT_RESULT_RECORD},
    {"problem.step", ACT_PROBLEM_STEP},
    {"disclosure.publish", ACT_DISCLOSURE_PUBLISH},
    {"disclosure.withhold", ACT_DISCLOSURE_WITHHOLD},
    {"site.publish", ACT_SITE_PUBLISH},
    {"report.read", ACT_REPORT_READ},
    {"draw.read", ACT_DRAW_READ},
    {"draw.announce", ACT_DRAW_ANNOUNCE},
    {"draw.run", ACT_DRAW_RUN},
    {"draw.reveal", ACT_DRAW_REVEAL},
    {"directory.write", ACT_DIRECTORY_WRITE},
    {"plan.write", ACT_PLAN_WRITE},
    {"user.manage", ACT_USER_MANAGE},
};

static int action_of(const char *name, enum op_action *a)
{
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (!strcmp(names[i].name, name)) {
			*a = names[i].a;
			return 0;
		}
	return -1;
}

int authz_team_has(const char *team, const char *person_id)
{
	return op_team_has(team, person_id);
}

int authz_whoami(struct ctx *ctx, struct authz_who *w, char **err)
{
	memset(w, 0, sizeof(*w));
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return set_err(err, "操作人“%s”未登记或已停用", ctx->actor ? ctx->actor : "");
	snprintf(w->name, sizeof(w->name), "%s", s->name);
	roles_format(s->roles, w->role, sizeof(w->role));
	snprintf(w->person_id, sizeof(w->person_id), "%s", s->person_id);
	w->registered = 1;
	return 0;
}

int authz_check(struct ctx *ctx, const char *action, const struct task *t, char **why)
{
	enum op_action a;
	if (action_of(action, &a))
		return set_err(why, "程序错误：未知的权限项“%s”", action);
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return set_err(why, "操作人“%s”未登记或已停用", ctx->actor ? ctx->actor : "");
	struct op_diag d = OP_DIAG_INIT;
	if (!op_authorize(s, a, 0, t, &d))
		return 0;
	*why = d.msg;
	d.msg = NULL;
	op_diag_release(&d);
	return 1;
}

int authz_require(struct ctx *ctx, const char *action, const struct task *t)
{
	char *why = NULL;
	int rc = authz_check(ctx, action, t, &why);
	if (rc) {
		error("%s", why ? why : "无权限");
		free(why);
		return 1;
	}
	return 0;
}

int authz_visible(struct ctx *ctx, const struct task *t)
{
	char *why = NULL;
	int rc = authz_check(ctx, "task.read", t, &why);
	free(why);
	return rc == 0;
}

const char *authz_role(struct ctx *ctx)
{
	static _Thread_local char role[256];
	struct op_session *s = ctx_session(ctx);
	role[0] = 0;
	if (s)
		roles_format(s->roles, role, sizeof(role));
	return role;
}
