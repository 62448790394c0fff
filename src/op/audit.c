/*
 * This file implements reading and verifying the audit chain (op/audit.h).
 */
#include "op/audit.h"

#include <string.h>

#include "op/authz.h"

int op_audit_entries(struct op_session *s, long limit, int (*fn)(const struct audit_entry *e, void *arg),
		     void *arg, struct op_diag *d)
{
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	if (store_audit_each(s->st, limit, fn, arg, &err) < 0)
		return op_fail_take(d, OP_ERROR, err, "读取审计链失败");
	return 0;
}

int op_audit_verify(struct op_session *s, struct audit_report *r, struct op_diag *d)
{
	memset(r, 0, sizeof(*r));
	if (op_authorize(s, ACT_AUDIT_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	int rc = store_audit_verify(s->st, r, &err);
	if (rc < 0)
		return op_fail_take(d, OP_ERROR, err, "核验审计链失败");
	return rc;
}
