/*
 * This file implements the reading of a roster and its row errors (op/roster.h).
 */
#include "op/roster.h"

#include <string.h>

#include "core/dirschema.h"
#include "store/directory.h"

struct roster {
	struct team_member *m;
	size_t n;
	const char *uscc;
};

static int roster_person(const struct dir_entry *e, void *arg)
{
	struct roster *r = arg;
	const struct dirkind *d = &dir_people;
	team_roster_person(r->m, r->n, e->k, e->vals[dirkind_field_index(d, "name")],
			   e->vals[dirkind_field_index(d, "kind")], e->vals[dirkind_field_index(d, "region")],
			   e->vals[dirkind_field_index(d, "active")],
			   e->vals[dirkind_field_index(d, "cert_no")]);
	return 0;
}

static int roster_conflict(const struct dir_entry *e, void *arg)
{
	struct roster *r = arg;
	const struct dirkind *d = &dir_conflicts;
	if (strcmp(e->vals[dirkind_field_index(d, "uscc")], r->uscc))
		return 0;
	team_roster_conflict(r->m, r->n, e->vals[dirkind_field_index(d, "person")],
			     e->vals[dirkind_field_index(d, "reason")]);
	return 0;
}

int op_roster_read(struct store *st, const char *uscc, struct team_member *m, size_t n, struct op_diag *d)
{
	struct roster r = {m, n, uscc};
	char *err = NULL;
	if (store_dir_each(st, &dir_people, NULL, 0, roster_person, &r, &err) ||
	    store_dir_each(st, &dir_conflicts, NULL, 0, roster_conflict, &r, &err))
		return op_fail_take(d, OP_ERROR, err, "读取名录失败");
	return 0;
}

int op_roster_errors(const struct team_member *p, const char *uscc, const char *what, struct op_diag *d)
{
	unsigned f = team_member_faults(p);
	int bad = 0;
	if (f & TEAM_UNKNOWN) {
		if (what)
			op_row_error(d, 0, NULL, "检查人员名录中没有人员编号“%s”（%s）", p->id, what);
		else
			op_row_error(d, 0, NULL, "检查人员名录中没有人员编号“%s”", p->id);
		return 1;
	}
	if (f & TEAM_INACTIVE) {
		op_row_error(d, 0, NULL, "%s（%s）不在岗，不能%s%s", p->id, p->name, what ? "作为" : "列入",
			     what ? what : "检查组");
		bad++;
	}
	if (f & TEAM_NOT_OFFICER) {
		op_row_error(d, 0, NULL,
			     "%s（%s）人员类别为“%s”%s，不能列入检查组：检查组成员须为持执法证的执法人员",
			     p->id, p->name, p->kind, strcmp(p->kind, "执法") ? "" : "但没有执法证号");
		bad++;
	}
	if (f & TEAM_NOT_EXPERT) {
		op_row_error(d, 0, NULL, "%s（%s）人员类别为“%s”，不能作为辅助检查人员（须为“辅助”人员）",
			     p->id, p->name, p->kind);
		bad++;
	}
	if (f & TEAM_CONFLICT) {
		op_row_error(d, 0, NULL, "%s（%s）与 %s 有回避关系%s%s%s，不能参加对该单位的检查", p->id,
			     p->name, uscc, *p->conflict ? "（" : "", p->conflict, *p->conflict ? "）" : "");
		bad++;
	}
	return bad;
}
