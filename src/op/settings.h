/*
 * This file declares the operations on a unit's rules and settings (settings show|set|history): each
 * unit (the session's chosen one) has the regulation's defaults for its level (city or county) with its
 * own recorded changes applied. A value that weakens an Article 7 minimum needs a reason.
 */
#ifndef SUIJI_OP_SETTINGS_H
#define SUIJI_OP_SETTINGS_H

#include "core/quota.h"
#include "op/session.h"

struct op_settings {
	struct unit unit;
	struct plan_settings now;      /* in force */
	struct plan_settings defaults; /* the regulation's for the unit's level */
};
/* The unit's settings (report.read). */
int op_settings_show(struct op_session *s, struct op_settings *out, struct op_diag *d);
/* Sets "key" to "value" (settings.write); a value below an Article 7 minimum needs "reason". */
int op_settings_set(struct op_session *s, const char *key, const char *value, const char *reason,
		    struct op_diag *d);
/* Every recorded change of the unit, oldest first (report.read). */
int op_settings_history(struct op_session *s,
			int (*fn)(const char *key, const char *value, const char *reason, const char *at,
				  const char *actor, void *arg),
			void *arg, struct op_diag *d);

#endif
