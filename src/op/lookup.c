/*
 * This file implements op/lookup.h.
 */
#include "op/lookup.h"

#include "core/dirschema.h"
#include "store/result.h"
#include "util/xalloc.h"

int op_unit_lookup(struct op_session *s, long id, struct unit *u, struct op_diag *d)
{
	char *err = NULL;
	int found = store_unit_get(s->st, id, u, &err);
	if (found < 0)
		return op_fail_take(d, OP_ERROR, err, "读取单位失败");
	if (!found)
		return op_fail(d, OP_NOTFOUND, "没有编号为 %ld 的单位", id);
	return 0;
}

char *op_person_name(struct op_session *s, const char *id)
{
	char *name = id && *id ? store_dir_current_value(s->st, &dir_people, id, "name") : NULL;
	return name ? name : xstrdup("");
}
