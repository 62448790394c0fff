/*
 * This file implements the bureau's signing keys as operations (op/key.h) over store/org.h.
 */
#include "op/key.h"

#include "op/authz.h"
#include "store/org.h"
#include "util/clock.h"

int op_key_current(struct store *st, long *id, char pub[65], struct op_diag *d)
{
	char *err = NULL;
	int has = store_key_current(st, id, pub, &err);
	if (has < 0)
		return op_fail_take(d, OP_ERROR, err, "读取签名密钥失败");
	return has;
}

int op_key_known(struct store *st, const char *pub, struct op_diag *d)
{
	char *err = NULL;
	int known = store_key_known(st, pub, &err);
	if (known < 0)
		return op_fail_take(d, OP_ERROR, err, "读取签名密钥失败");
	return known;
}

int op_key_prepare(struct op_session *s, int rotate, long *old_id, struct op_diag *d)
{
	*old_id = 0;
	if (op_authorize(s, ACT_KEY_MANAGE, 0, NULL, d))
		return -1;
	struct org o;
	char pub[65], *err = NULL;
	int has = store_org_get(s->st, &o, &err);
	if (has != 1)
		return op_fail_take(d, has < 0 ? OP_ERROR : OP_CONFLICT, err,
				    "数据库尚未初始化，请先运行 suiji init");
	if (op_key_current(s->st, old_id, pub, d) < 0)
		return -1;
	if (*old_id && !rotate)
		return op_fail(d, OP_CONFLICT,
			       "数据库已登记签名密钥（第 %ld 号）；更换密钥请用 suiji key create --rotate",
			       *old_id);
	return 0;
}

long op_key_add(struct op_session *s, const char *pub, struct op_diag *d)
{
	if (op_authorize(s, ACT_KEY_MANAGE, 0, NULL, d))
		return -1;
	char now[26], *err = NULL;
	clock_now(now);
	long id = store_key_add(s->st, pub, now, s->name, &err);
	if (id < 0)
		return op_fail_take(d, OP_ERROR, err, "登记签名密钥失败");
	return id;
}

int op_key_may_sign(struct op_session *s, struct op_diag *d)
{
	return op_authorize(s, ACT_KEY_SIGN, 0, NULL, d) ? -1 : 0;
}

char *op_key_sign_detached(struct op_session *s, const struct sign_key *k, const void *data, size_t n,
			   struct op_diag *d)
{
	if (op_authorize(s, ACT_KEY_SIGN, 0, NULL, d))
		return NULL;
	return sign_detached(k, data, n);
}

int op_key_sign_json(struct op_session *s, const struct sign_key *k, json_t *obj, struct op_diag *d)
{
	if (op_authorize(s, ACT_KEY_SIGN, 0, NULL, d))
		return -1;
	char *err = NULL;
	if (sign_json(obj, k, &err))
		return op_fail_take(d, OP_INVALID, err, "签名失败");
	return 0;
}
