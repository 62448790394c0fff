/*
 * This file implements the operations on a unit's rules and settings (op/settings.h) over
 * store/plan.h's settings, each authorised, the change in one transaction with its audit entry.
 */
#include "op/settings.h"

#include <stdio.h>
#include <string.h>

#include "op/authz.h"
#include "store/plan.h"
#include "util/clock.h"

static int store_failed(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_ERROR, err, "数据库错误");
}

int op_settings_show(struct op_session *s, struct op_settings *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_REPORT_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	out->unit = s->unit;
	plan_settings_default(&out->defaults, !strcmp(s->unit.level, "county"));
	if (store_settings_load_unit(s->st, s->unit.id, &out->now, &err))
		return store_failed(d, err);
	return 0;
}

int op_settings_set(struct op_session *s, const char *key, const char *value, const char *reason,
		    struct op_diag *d)
{
	if (op_authorize(s, ACT_SETTINGS_WRITE, 0, NULL, d))
		return -1;
	const struct setting_def *def = plan_setting_find(key);
	if (!def)
		return op_fail(d, OP_INVALID, "没有名为“%s”的设置项（suiji settings 列出全部设置项）", key);
	struct plan_settings probe, dflt;
	const char *why;
	char why_buf[128];
	plan_settings_default(&probe, 0);
	if (plan_setting_set(&probe, def, value, &why, why_buf))
		return op_fail(d, OP_INVALID, "%s（%s）: “%s”%s", def->key, def->zh, value, why);
	plan_settings_default(&dflt, !strcmp(s->unit.level, "county"));
	if (def->minimum && plan_setting_value(&probe, def) < plan_setting_value(&dflt, def) &&
	    (!reason || !*reason))
		return op_fail_at(d, OP_INVALID, "reason",
				  "%s 低于第七条的要求，须写明理由（记入设置记录和审计链）", def->key);
	char *err = NULL, at[26];
	clock_now(at);
	if (store_begin(s->st, &err))
		return store_failed(d, err);
	if (store_setting_set(s->st, s->unit.id, key, value, reason, s->name, at, &err)) {
		store_rollback(s->st);
		return op_fail_take(d, OP_INVALID, err, "数据库错误");
	}
	if (store_commit(s->st, &err)) {
		store_rollback(s->st);
		return store_failed(d, err);
	}
	return 0;
}

int op_settings_history(struct op_session *s,
			int (*fn)(const char *key, const char *value, const char *reason, const char *at,
				  const char *actor, void *arg),
			void *arg, struct op_diag *d)
{
	if (op_authorize(s, ACT_REPORT_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	int rc = store_setting_history(s->st, s->unit.id, fn, arg, &err);
	return rc < 0 ? store_failed(d, err) : rc;
}
