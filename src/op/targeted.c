/*
 * This file implements the operations on targeted inspections (op/targeted.h): the checks of the
 * object, the items and everyone named, read in the same transaction that writes the task and its
 * audit entry (the task family's own hash, team and experts included, which "suiji audit verify"
 * recomputes).
 */
#include "op/targeted.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/dirschema.h"
#include "core/plan.h"
#include "core/units.h"
#include "op/authz.h"
#include "op/roster.h"
#include "store/audit.h"
#include "store/directory.h"
#include "store/plan.h"
#include "store/unit.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static int store_failed(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_ERROR, err, "数据库错误");
}

struct roster {
	struct team_member p[2 * OP_TARGETED_MAX_NAMED];
	size_t n;
};

static void roster_add(struct roster *r, const char *list, int in_team)
{
	size_t len;
	const char *cur = list, *e;
	while ((e = plan_list_next(&cur, &len)) && r->n < sizeof(r->p) / sizeof(r->p[0])) {
		struct team_member *p = &r->p[r->n++];
		memset(p, 0, sizeof(*p));
		snprintf(p->id, sizeof(p->id), "%.*s", (int)len, e);
		p->in_team = in_team;
	}
}

/* Adds a row error for everyone in the roster who may not take part; returns how many, or -1. */
static int roster_check(struct store *st, const char *uscc, struct roster *r, struct op_diag *d)
{
	if (!r->n)
		return 0;
	if (op_roster_read(st, uscc, r->p, r->n, d))
		return -1;
	int bad = 0;
	for (size_t i = 0; i < r->n; i++)
		bad += op_roster_errors(&r->p[i], uscc, r->p[i].in_team ? "检查组成员" : "辅助检查人员", d);
	return bad;
}

/* The normalised list of "opt" into "out" (、-joined); refuses an empty or overlong one. */
static int named_list(const char *field, const char *what, const char *arg, struct strbuf *out,
		      struct op_diag *d)
{
	if (!arg)
		return 0;
	plan_list_normalize(arg, out);
	size_t n = plan_list_count(strbuf_str(out));
	if (!n || n > OP_TARGETED_MAX_NAMED)
		return op_fail_at(d, OP_INVALID, field, "%s须列出 1 到 %d 个人员编号（以 , ， ; ； 、 分隔）",
				  what, OP_TARGETED_MAX_NAMED);
	return 0;
}

struct object_find {
	int found;
	char region[16], klass[16], city[8];
};

static int object_current(const struct dir_entry *e, void *arg)
{
	struct object_find *f = arg;
	if (*e->valid_to || e->removed)
		return 0;
	const struct dirkind *od = &dir_objects;
	f->found = 1;
	snprintf(f->region, sizeof(f->region), "%s", e->vals[dirkind_field_index(od, "region")]);
	snprintf(f->klass, sizeof(f->klass), "%s", e->vals[dirkind_field_index(od, "class")]);
	snprintf(f->city, sizeof(f->city), "%s", e->vals[dirkind_field_index(od, "city_managed")]);
	return 0;
}

/* The unit of object "uscc" now: 1 found (*unit set), 0 not in the directory, -1 with *err. */
static int object_unit(struct store *st, const char *uscc, long *unit, char **err)
{
	struct object_find f = {0};
	if (store_dir_history(st, &dir_objects, uscc, object_current, &f, err) < 0)
		return -1;
	if (!f.found)
		return 0;
	struct unit *units;
	size_t n;
	if (store_unit_list(st, &units, &n, err))
		return -1;
	struct unit_juris *j = xcalloc(n + 1, sizeof(*j));
	for (size_t i = 0; i < n; i++)
		j[i] = (struct unit_juris){units[i].id, units[i].parent, units[i].regions};
	*unit = unit_of(j, n, f.region, unit_city_key(f.klass, f.city));
	free(j);
	free(units);
	return 1;
}

int op_targeted_add(struct op_session *s, const struct op_targeted_args *a, struct op_targeted *out,
		    struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	const char *mode = a->mode ? a->mode : "现场";
	if (!a->uscc || !*a->uscc)
		return op_fail_at(d, OP_INVALID, "uscc", "请填写检查对象的统一社会信用代码");
	if (!a->trigger || !targeted_trigger_valid(a->trigger))
		return op_fail(d, OP_INVALID, "启动原因“%s”不是第二条所列的针对性检查情形",
			       a->trigger ? a->trigger : "");
	if (!a->reference || !*a->reference || strlen(a->reference) > 200)
		return op_fail_at(d, OP_INVALID, "reference",
				  "须写明线索来源编号（如信访件编号、转办或移送文号），不超过200字节");
	if (strcmp(mode, "现场") && strcmp(mode, "非现场"))
		return op_fail_at(d, OP_INVALID, "mode", "检查方式应为 现场 或 非现场");
	if (a->experts && !a->team)
		return op_fail_at(d, OP_INVALID, "team",
				  "辅助检查人员随检查组参加检查：列出辅助检查人员时须同时列出检查组");
	char today[11], at[26];
	clock_today(today);
	clock_now(at);
	const char *date = a->date ? a->date : today;
	int day;
	char *err = NULL;
	if (date_parse(date, &day, &err)) {
		op_fail_at(d, OP_INVALID, "date", "检查日期: %s", err ? err : "日期无效");
		free(err);
		return -1;
	}
	struct strbuf team = STRBUF_INIT, experts = STRBUF_INIT, list = STRBUF_INIT;
	struct roster roster = {.n = 0};
	int rc = -1;
	if (named_list("team", "检查组", a->team, &team, d) ||
	    named_list("experts", "辅助检查人员", a->experts, &experts, d))
		goto out;
	size_t nteam = plan_list_count(strbuf_str(&team));
	if (a->team && nteam < 2) {
		op_fail_at(d, OP_INVALID, "team",
			   "检查组只列了 %zu 名：检查组至少两名执法人员（行政处罚法第四十二条）", nteam);
		goto out;
	}

	/* everything checked is read inside the transaction that writes the task */
	if (store_begin(s->st, &err)) {
		store_failed(d, err);
		goto out;
	}
	long unit = 0;
	int has = object_unit(s->st, a->uscc, &unit, &err);
	if (has < 0) {
		store_failed(d, err);
		goto rollback;
	}
	if (!has) {
		op_fail(d, OP_CONFLICT, "检查对象名录中没有统一社会信用代码为 %s 的单位", a->uscc);
		goto rollback;
	}
	if (op_authorize(s, ACT_TARGETED_CREATE, unit, NULL, d))
		goto rollback;
	plan_list_normalize(a->items ? a->items : "", &list);
	int bad = 0;
	struct item_walk w = ITEM_WALK(strbuf_str(&list));
	int walked;
	while ((walked = store_item_next(s->st, &w, &err)) > 0)
		if (!w.listed) {
			op_row_error(d, 0, NULL, "事项 %s 不在随机抽查事项清单中", w.code);
			bad++;
		}
	item_walk_release(&w);
	if (walked < 0) {
		store_failed(d, err);
		goto rollback;
	}
	roster_add(&roster, strbuf_str(&team), 1);
	roster_add(&roster, strbuf_str(&experts), 0);
	int r = roster_check(s->st, a->uscc, &roster, d);
	if (r < 0)
		goto rollback;
	if (bad || r) {
		op_fail(d, OP_CONFLICT, "不能登记该针对性检查（原因见上）");
		goto rollback;
	}
	struct task t = {
	    .kind = "targeted",
	    .uscc = a->uscc,
	    .items = strbuf_str(&list),
	    .slot = date,
	    .mode = mode,
	    .team = strbuf_str(&team),
	    .experts = strbuf_str(&experts),
	    .trigger = a->trigger,
	    .reference = a->reference,
	    .created_at = at,
	    .created_by = s->name,
	    .unit_id = unit,
	};
	char hash[65], subject[48], idtext[24];
	long id = store_task_insert(s->st, &t, &err);
	if (id < 0) {
		store_failed(d, err);
		goto rollback;
	}
	snprintf(idtext, sizeof(idtext), "%ld", id);
	snprintf(subject, sizeof(subject), "task:%ld", id);
	if (store_audit_rehash_task(s->st, idtext, hash, &err) ||
	    store_audit_append(s->st, at, s->name, "targeted add", subject, hash, &err) ||
	    store_commit(s->st, &err)) {
		store_failed(d, err);
		goto rollback;
	}
	out->id = id;
	out->unit_id = unit;
	snprintf(out->date, sizeof(out->date), "%s", date);
	snprintf(out->items, sizeof(out->items), "%s", strbuf_str(&list));
	for (size_t i = 0; i < roster.n; i++) {
		struct op_named *np = &out->people[out->npeople++];
		snprintf(np->id, sizeof(np->id), "%s", roster.p[i].id);
		snprintf(np->name, sizeof(np->name), "%s", roster.p[i].name);
		np->in_team = roster.p[i].in_team;
	}
	rc = 0;
	goto out;
rollback:
	store_rollback(s->st);
out:
	team_roster_release(roster.p, roster.n);
	strbuf_release(&list);
	strbuf_release(&team);
	strbuf_release(&experts);
	return rc;
}

struct list_state {
	struct op_session *s;
	const struct op_targeted_filter *f;
	int (*fn)(const struct task *t, void *arg);
	void *arg;
};

static int list_one(const struct task *t, void *arg)
{
	struct list_state *ls = arg;
	if (ls->f->year && strncmp(t->slot, ls->f->year, 4))
		return 0;
	if (ls->f->trigger && strcmp(t->trigger, ls->f->trigger))
		return 0;
	if (!op_allowed(ls->s, ACT_TASK_READ, t->unit_id, t))
		return 0;
	return ls->fn(t, ls->arg);
}

int op_targeted_list(struct op_session *s, const struct op_targeted_filter *f,
		     int (*fn)(const struct task *t, void *arg), void *arg, struct op_diag *d)
{
	if (op_scope_of(s->roles, ACT_TASK_READ) == SCOPE_NONE)
		return op_authorize(s, ACT_TASK_READ, 0, NULL, d);
	if (f->year && (strlen(f->year) != 4 || strspn(f->year, "0123456789") != 4))
		return op_fail_at(d, OP_INVALID, "year", "年度应为四位年份");
	if (f->trigger && !targeted_trigger_valid(f->trigger))
		return op_fail(d, OP_INVALID, "启动原因“%s”不是第二条所列的针对性检查情形", f->trigger);
	struct task_filter tf = {.kind = "targeted"};
	struct list_state ls = {s, f, fn, arg};
	char *err = NULL;
	int rc = store_task_each(s->st, &tf, list_one, &ls, &err);
	return rc < 0 ? store_failed(d, err) : rc;
}
