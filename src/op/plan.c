/*
 * This file implements the operations on a unit's annual plan (op/plan.h): each authorises itself, runs
 * its changes in one transaction through store/plan.h, and reports in op_diag. The Article 7 check reads
 * the unit's own objects (core/units.h decides membership) and business staff, its settings (its level's
 * defaults), and counts what the unit's draws have drawn so far for each rule.
 */
#include "op/plan.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/dirschema.h"
#include "core/units.h"
#include "op/authz.h"
#include "store/directory.h"
#include "store/task.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static int store_failed(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_ERROR, err, "数据库错误");
}
static int refused(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_INVALID, err, "请求被拒绝");
}

static int begin(struct op_session *s, struct op_diag *d)
{
	char *err = NULL;
	return store_begin(s->st, &err) ? store_failed(d, err) : 0;
}

static int commit(struct op_session *s, struct op_diag *d)
{
	char *err = NULL;
	if (store_commit(s->st, &err)) {
		store_rollback(s->st);
		return store_failed(d, err);
	}
	return 0;
}

/* Rolls back and fails with the store's message as "kind". */
static int undo(struct op_session *s, struct op_diag *d, enum op_fail kind, char *err)
{
	store_rollback(s->st);
	return op_fail_take(d, kind, err, "数据库错误");
}

static int check_year(int year, struct op_diag *d)
{
	if (year < 2000 || year > 9999)
		return op_fail(d, OP_INVALID, "年度 %d 不在可编制计划的范围内（2000 年以后的四位年份）",
			       year);
	return 0;
}

static int check_date(const char *field, const char *date, struct op_diag *d)
{
	int day;
	char *err = NULL;
	if (date_parse(date, &day, &err)) {
		op_fail_at(d, OP_INVALID, field, "%s", err ? err : "日期无效");
		free(err);
		return -1;
	}
	return 0;
}

/* ---- the units' jurisdictions: which objects are the unit's ---- */

struct juris {
	struct unit *units;
	struct unit_juris *j;
	size_t n;
};

static int juris_load(struct store *st, struct juris *ju, char **err)
{
	memset(ju, 0, sizeof(*ju));
	if (store_unit_list(st, &ju->units, &ju->n, err))
		return -1;
	ju->j = xcalloc(ju->n + 1, sizeof(*ju->j));
	for (size_t i = 0; i < ju->n; i++)
		ju->j[i] = (struct unit_juris){ju->units[i].id, ju->units[i].parent, ju->units[i].regions};
	return 0;
}

static void juris_release(struct juris *ju)
{
	free(ju->units);
	free(ju->j);
	memset(ju, 0, sizeof(*ju));
}

static long object_unit(const struct juris *ju, const struct plan_object *o)
{
	return unit_of(ju->j, ju->n, o->region, unit_city_key(o->klass, o->city_managed ? "是" : "否"));
}

/* ---- the check ---- */

struct feed {
	struct article7 *a;
	const struct juris *ju;
	long unit;
	long objects;	   /* the unit's objects seen (eligible or not) */
	struct strmap cat; /* uscc → category + 1 of the unit's eligible objects with drawn tasks */
	const struct strmap *drawn; /* the objects of the unit's random tasks of the year */
	const struct plan_settings *settings;
};

static int feed_object(const struct dir_entry *e, void *arg)
{
	struct feed *f = arg;
	struct plan_object o;
	plan_object_view(e->vals, &o);
	if (object_unit(f->ju, &o) != f->unit)
		return 0;
	f->objects++;
	article7_add(f->a, &o);
	int cat = plan_object_category(&o);
	if (cat >= 0 && strmap_get(f->drawn, o.uscc) && plan_object_eligible(&o, f->settings))
		strmap_put(&f->cat, o.uscc, (void *)(intptr_t)(cat + 1));
	return 0;
}

struct drawn_objects {
	int year;
	long unit;
	struct strmap set;
};

/* The objects of the unit's random tasks of the year (not cancelled): only their categories are kept. */
static int collect_drawn(const struct task *t, void *arg)
{
	struct drawn_objects *dw = arg;
	if (!strcmp(t->kind, "random") && (t->unit_id ? t->unit_id : 1) == dw->unit &&
	    t->plan_year == dw->year && !(t->cancelled && *t->cancelled))
		strmap_put(&dw->set, t->uscc, (void *)1);
	return 0;
}

struct task_count {
	int year;
	long unit;
	struct op_plan_check *pc;
	struct strmap *cat;
	struct strmap seen; /* key_city: "uscc#q" counted once a quarter */
};

static int count_task(const struct task *t, void *arg)
{
	struct task_count *tc = arg;
	struct op_plan_check *pc = tc->pc;
	if ((t->unit_id ? t->unit_id : 1) != tc->unit)
		return 0;
	if (!strcmp(t->kind, "targeted")) {
		/* a targeted task's slot is the day of the inspection */
		if (strlen(t->slot) < 4 || atoi(t->slot) != tc->year)
			return 0;
		pc->targeted++;
		for (int i = 0; targeted_triggers[i]; i++)
			if (!strcmp(targeted_triggers[i], t->trigger))
				pc->targeted_by_trigger[i]++;
		return 0;
	}
	if (t->plan_year != tc->year || (t->cancelled && *t->cancelled))
		return 0;
	pc->random_tasks++;
	intptr_t c = (intptr_t)strmap_get(tc->cat, t->uscc);
	int month = strlen(t->slot) >= 7 ? atoi(t->slot + 5) : 0;
	if (!c || month < 1 || month > 12)
		return 0;
	int q = (month - 1) / 3, rule = -1;
	switch ((int)c - 1) {
	case A7_KEY_CITY: {
		char key[96];
		snprintf(key, sizeof(key), "%s#%d", t->uscc, q);
		if (strmap_get(&tc->seen, key))
			return 0;
		strmap_put(&tc->seen, key, (void *)1);
		rule = A7_RULE_KEY_CITY;
		break;
	}
	case A7_KEY_OTHER:
		rule = A7_RULE_KEY_OTHER;
		break;
	case A7_GENERAL:
		rule = A7_RULE_GENERAL;
		break;
	case A7_SPECIAL:
		rule = A7_RULE_SPECIAL;
		break;
	}
	if (rule >= 0) {
		pc->drawn[rule]++;
		pc->q_drawn[rule][q]++;
	}
	return 0;
}

static char *keep(struct op_plan_check *pc, const char *s)
{
	pc->strings = xrealloc(pc->strings, (pc->nstrings + 1) * sizeof(char *));
	return pc->strings[pc->nstrings++] = xstrdup(s ? s : "");
}

static int collect_version(const struct plan_version *v, void *arg)
{
	struct op_plan_check *pc = arg;
	pc->history = xrealloc(pc->history, (pc->nhistory + 1) * sizeof(*pc->history));
	struct plan_doc_version *d = &pc->history[pc->nhistory++];
	d->version = v->version;
	d->status = keep(pc, v->status);
	d->date = keep(pc, v->date);
	d->reason = keep(pc, v->reason);
	d->filed_date = keep(pc, v->filed_date);
	d->late = v->late;
	return 0;
}

/* The check without authorisation (the callers authorise): 1 found, 0 no such version, -1 with *err. */
static int check_unit(struct store *st, const struct unit *unit, int year, int version, const char *as_of,
		      struct op_plan_check *pc, long *objects, char **err)
{
	memset(pc, 0, sizeof(*pc));
	pc->unit = *unit;
	int found = version ? store_plan_version_get(st, unit->id, year, version, &pc->v, err)
			    : store_plan_current(st, unit->id, year, &pc->v, err);
	if (found <= 0)
		return found;
	snprintf(pc->as_of, sizeof(pc->as_of), "%s", as_of ? as_of : pc->v.date);
	if (store_plan_lines(st, pc->v.id, &pc->lines, &pc->nlines, err) ||
	    store_settings_load_unit(st, unit->id, &pc->settings, err) ||
	    store_plan_versions(st, unit->id, year, collect_version, pc, err) < 0)
		goto fail;
	pc->items = xcalloc(pc->nlines + 1, sizeof(*pc->items));
	pc->nitems = xcalloc(pc->nlines + 1, sizeof(*pc->nitems));
	long *line_staff = xcalloc(pc->nlines + 1, sizeof(long));
	for (size_t i = 0; i < pc->nlines; i++) {
		const struct plan_line *l = &pc->lines[i];
		struct item_walk w = ITEM_WALK(l->items);
		int r;
		while ((r = store_item_next(st, &w, err)) > 0) {
			if (!w.listed)
				continue;
			pc->items[i] = xrealloc(pc->items[i], (pc->nitems[i] + 1) * sizeof(struct plan_item));
			pc->items[i][pc->nitems[i]++] = w.it; /* kept: moved out of the walk */
			memset(&w.it, 0, sizeof(w.it));
		}
		item_walk_release(&w);
		if (r < 0 || (l->quota.rule == QUOTA_PER_STAFF &&
			      (line_staff[i] = store_staff_count(st, unit->id, pc->as_of,
								 l->staff_departments, err)) < 0)) {
			free(line_staff);
			goto fail;
		}
	}
	long staff = store_staff_count(st, unit->id, pc->as_of, NULL, err);
	struct juris ju;
	if (staff < 0 || juris_load(st, &ju, err)) {
		free(line_staff);
		goto fail;
	}
	struct drawn_objects dw = {.year = year, .unit = unit->id};
	strmap_init(&dw.set);
	struct feed f = {.ju = &ju, .unit = unit->id, .settings = &pc->settings, .drawn = &dw.set};
	strmap_init(&f.cat);
	f.a = article7_new(&pc->settings, pc->lines, line_staff, pc->nlines, staff);
	free(line_staff);
	int rc = store_task_each(st, NULL, collect_drawn, &dw, err) < 0 ? -1 : 0;
	if (!rc)
		rc = store_dir_each(st, &dir_objects, pc->as_of, 0, feed_object, &f, err);
	strmap_free(&dw.set);
	article7_finish(f.a, &pc->r);
	juris_release(&ju);
	if (objects)
		*objects = f.objects;
	struct task_count tc = {.year = year, .unit = unit->id, .pc = pc, .cat = &f.cat};
	strmap_init(&tc.seen);
	if (!rc)
		rc = store_task_each(st, NULL, count_task, &tc, err) < 0 ? -1 : 0;
	strmap_free(&tc.seen);
	strmap_free(&f.cat);
	if (rc < 0)
		goto fail;
	return 1;
fail:
	op_plan_check_release(pc);
	return -1;
}

int op_plan_minimums_unit(struct store *st, long unit, const char *as_of, struct a7_result *r, char **err)
{
	memset(r, 0, sizeof(*r));
	struct plan_settings set;
	struct juris ju;
	long staff;
	if (store_settings_load_unit(st, unit, &set, err) ||
	    (staff = store_staff_count(st, unit, as_of, NULL, err)) < 0 || juris_load(st, &ju, err))
		return -1;
	struct strmap none;
	strmap_init(&none);
	struct feed f = {.ju = &ju, .unit = unit, .settings = &set, .drawn = &none};
	strmap_init(&f.cat);
	f.a = article7_new(&set, NULL, NULL, 0, staff);
	int rc = store_dir_each(st, &dir_objects, as_of, 0, feed_object, &f, err);
	article7_finish(f.a, r);
	strmap_free(&f.cat);
	strmap_free(&none);
	juris_release(&ju);
	if (rc)
		a7_result_release(r);
	return rc ? -1 : 0;
}

void op_plan_check_release(struct op_plan_check *pc)
{
	for (size_t i = 0; i < pc->nlines; i++) {
		for (size_t k = 0; pc->items && k < pc->nitems[i]; k++)
			plan_item_release(&pc->items[i][k]);
		if (pc->items)
			free(pc->items[i]);
	}
	free(pc->items);
	free(pc->nitems);
	plan_lines_free(pc->lines, pc->nlines);
	plan_version_release(&pc->v);
	a7_result_release(&pc->r);
	for (size_t i = 0; i < pc->nstrings; i++)
		free(pc->strings[i]);
	free(pc->strings);
	free(pc->history);
	memset(pc, 0, sizeof(*pc));
}

int op_plan_check_unit(struct store *st, long unit, int year, int version, const char *as_of,
		       struct op_plan_check *pc, char **err)
{
	struct unit u;
	int found = store_unit_get(st, unit, &u, err);
	if (found <= 0) {
		memset(pc, 0, sizeof(*pc));
		return found < 0 ? -1 : 0;
	}
	return check_unit(st, &u, year, version, as_of, pc, NULL, err);
}

static int not_found(struct op_session *s, int year, int version, struct op_diag *d)
{
	if (version)
		return op_fail(d, OP_NOTFOUND, "%s %d 年度计划没有第%d版", s->unit.name, year, version);
	return op_fail(d, OP_NOTFOUND, "%s没有 %d 年度抽查计划（请先新建计划）", s->unit.name, year);
}

/* The check of the session's unit; "need_objects": refuse a check against an empty directory. */
static int check_session(struct op_session *s, int year, int version, const char *as_of, int need_objects,
			 struct op_plan_check *out, struct op_diag *d)
{
	char *err = NULL;
	long objects = 0;
	if (as_of && check_date("as_of", as_of, d))
		return -1;
	int found = check_unit(s->st, &s->unit, year, version, as_of, out, &objects, &err);
	if (found < 0)
		return store_failed(d, err);
	if (!found)
		return not_found(s, year, version, d);
	if (need_objects && !objects) {
		int rc = op_fail_at(
		    d, OP_INVALID, "as_of",
		    "截至 %s，检查对象名录中没有%s的对象（名录晚于计划日期导入，或本单位辖区内没有对象），"
		    "无法按第七条核对计划；请先导入名录，或指定名录日期",
		    out->as_of, s->unit.name);
		op_plan_check_release(out);
		return rc;
	}
	return 0;
}

int op_plan_check(struct op_session *s, int year, int version, const char *as_of, struct op_plan_check *out,
		  struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_PLAN_READ, 0, NULL, d))
		return -1;
	return check_session(s, year, version, as_of, 1, out, d);
}

int op_plan_read(struct op_session *s, int year, int version, struct op_plan_check *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_PLAN_READ, 0, NULL, d))
		return -1;
	return check_session(s, year, version, NULL, 0, out, d);
}

void op_plan_check_view(const struct op_plan_check *pc, struct plan_check_view *v)
{
	*v = (struct plan_check_view){
	    .unit = pc->unit.name,
	    .level = pc->unit.level,
	    .status = pc->v.status,
	    .as_of = pc->as_of,
	    .year = pc->v.year,
	    .version = pc->v.version,
	    .r = &pc->r,
	    .settings = &pc->settings,
	    .lines = pc->lines,
	    .nlines = pc->nlines,
	    .drawn = pc->drawn,
	    .q_drawn = (const long(*)[4])pc->q_drawn,
	    .targeted = pc->targeted,
	    .targeted_by_trigger = pc->targeted_by_trigger,
	    .random_tasks = pc->random_tasks,
	};
}

void op_plan_doc(const struct op_plan_check *pc, struct plan_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->org = pc->unit.name;
	d->county = !strcmp(pc->unit.level, "county");
	d->year = pc->v.year;
	d->version = pc->v.version;
	d->filed = plan_version_filed(&pc->v);
	d->date = pc->v.date;
	d->reason = pc->v.reason;
	d->filed_date = pc->v.filed_date;
	d->late = pc->v.late;
	d->content_hash = pc->v.content_hash;
	d->lines = pc->lines;
	d->nlines = pc->nlines;
	d->items = (const struct plan_item *const *)pc->items;
	d->nitems = pc->nitems;
	d->check = &pc->r;
	d->check_as_of = pc->as_of;
	d->settings = &pc->settings;
	d->history = pc->history;
	d->nhistory = pc->nhistory;
}

int op_plan_write_docs(struct op_session *s, int year, int version, const char *html, const char *xlsx,
		       struct op_diag *d)
{
	struct op_plan_check pc;
	if (op_plan_read(s, year, version, &pc, d))
		return -1;
	struct plan_doc doc;
	op_plan_doc(&pc, &doc);
	char *err = NULL;
	int rc = 0;
	if ((html && plan_doc_html(&doc, html, &err)) || (xlsx && plan_doc_xlsx(&doc, xlsx, &err)))
		rc = op_fail_take(d, OP_ERROR, err, "无法写出计划文件");
	op_plan_check_release(&pc);
	return rc;
}

int op_plan_versions(struct op_session *s, int year, int (*fn)(const struct plan_version *v, void *arg),
		     void *arg, struct op_diag *d)
{
	if (op_authorize(s, ACT_PLAN_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	int rc = store_plan_versions(s->st, s->unit.id, year, fn, arg, &err);
	return rc < 0 ? store_failed(d, err) : rc;
}

/* ---- new, adjust ---- */

/* The day the object directory's first entry takes effect, "" when empty. */
static int directory_start(struct op_session *s, char first[11], struct op_diag *d)
{
	char *err = NULL;
	int rc = store_objects_first_date(s->st, first, &err);
	return rc < 0 ? store_failed(d, err) : 0;
}

int op_plan_new(struct op_session *s, int year, const char *date, struct op_diag *d)
{
	char today[11], at[26], first[11] = "";
	clock_today(today);
	clock_now(at);
	if (!date)
		date = today;
	if (op_authorize(s, ACT_PLAN_WRITE, 0, NULL, d) || check_year(year, d) || check_date("date", date, d))
		return -1;
	char last[16];
	snprintf(last, sizeof(last), "%04d-12-31", year % 10000);
	if (strcmp(date, last) > 0)
		return op_fail(d, OP_INVALID, "计划日期 %s 晚于 %d 年度的最后一天，不能再编制该年度计划",
			       date, year);
	if (directory_start(s, first, d))
		return -1;
	if (begin(s, d))
		return -1;
	char *err = NULL;
	if (store_plan_new(s->st, s->unit.id, year, date, s->name, at, &err))
		return undo(s, d, OP_CONFLICT, err);
	if (commit(s, d))
		return -1;
	if (!*first || strcmp(date, first) < 0)
		op_note(d,
			"警告: 计划日期 %s 早于检查对象名录（%s%s）：按该日期无法核对第七条，plan check 和 "
			"plan file 将拒绝；"
			"请先导入名录后用 plan adjust，或重新编制",
			date, *first ? "最早生效日期 " : "尚未导入", first);
	if (plan_filing_late(year, 1, today))
		op_note(d,
			"提示: 第六条要求在 %d 年 12 月 31 "
			"日前制定并备案下一年度计划，现已逾期，备案时将标注“逾期备案”",
			year - 1);
	return 0;
}

int op_plan_adjust(struct op_session *s, int year, const char *date, const char *reason, int *version,
		   struct op_diag *d)
{
	char today[11], at[26];
	clock_today(today);
	clock_now(at);
	if (!date)
		date = today;
	if (op_authorize(s, ACT_PLAN_WRITE, 0, NULL, d) || check_date("date", date, d))
		return -1;
	if (!reason || !*reason)
		return op_fail_at(d, OP_INVALID, "reason",
				  "调整计划须写明调整原因（第六条：计划可根据实际动态调整，每个版本都保留）");
	if (begin(s, d))
		return -1;
	char *err = NULL;
	if (store_plan_adjust(s->st, s->unit.id, year, date, reason, s->name, at, version, &err))
		return undo(s, d, OP_CONFLICT, err);
	return commit(s, d);
}

/* ---- lines ---- */

static void set_list(char **slot, const char *v)
{
	struct strbuf sb = STRBUF_INIT;
	plan_list_normalize(v, &sb);
	plan_set_str(slot, strbuf_str(&sb));
	strbuf_release(&sb);
}

static int parse_count(const char *what, const char *v, long max, long *out, struct op_diag *d)
{
	char *end;
	long n = v ? strtol(v, &end, 10) : 0;
	if (!v || !*v || *end || n < 1 || n > max)
		return op_fail_at(d, OP_INVALID, "value", "%s应为 1 到 %ld 的整数", what, max);
	*out = n;
	return 0;
}

/* Applies the values given to line "l" (values not given stay). */
static int apply_args(const struct op_line_args *o, struct plan_line *l, struct op_diag *d)
{
	if (o->name)
		plan_set_str(&l->name, o->name);
	if (o->type)
		plan_set_str(&l->type, o->type);
	if (o->items)
		set_list(&l->items, o->items);
	if (o->initiator)
		plan_set_str(&l->initiator, o->initiator);
	if (o->participants)
		set_list(&l->participants, o->participants);
	if (o->partners)
		set_list(&l->partners, o->partners);
	if (o->classes) {
		set_list(&l->classes, o->classes);
		if (plan_list_has(l->classes, "全部"))
			plan_set_str(&l->classes, "");
	}
	if (o->city)
		plan_set_str(&l->city_managed, o->city);
	if (o->regions)
		set_list(&l->regions, o->regions);
	if (o->industries)
		set_list(&l->industries, o->industries);
	if (o->tags)
		set_list(&l->tags, o->tags);
	if (o->positive)
		plan_set_str(&l->positive, o->positive);
	if (o->period && period_from_name(o->period, &l->period))
		return op_fail_at(d, OP_INVALID, "period", "抽查周期应为 quarter（季度）或 month（月）");
	if (o->rule_set) {
		const char *why;
		l->quota.rule = o->rule;
		l->quota.value = 0;
		if (o->rule == QUOTA_RATIO) {
			if (quota_parse_percent(o->rule_value ? o->rule_value : "", &l->quota.value, &why))
				return op_fail_at(d, OP_INVALID, "value", "抽查比例: %s", why);
		} else if (o->rule == QUOTA_COUNT) {
			if (parse_count("抽查家数", o->rule_value, 1000000, &l->quota.value, d))
				return -1;
		} else if (o->rule == QUOTA_PER_STAFF) {
			if (parse_count("每名执法人员抽查家数", o->rule_value, 1000, &l->quota.value, d))
				return -1;
		}
		if (o->rule != QUOTA_PER_STAFF && !o->staff_deps)
			plan_set_str(&l->staff_departments, "");
	}
	if (o->staff_deps)
		set_list(&l->staff_departments, o->staff_deps);
	if (o->group)
		plan_set_str(&l->group, o->group);
	if (o->note)
		plan_set_str(&l->note, o->note);
	return 0;
}

/*
 * Checks the line's items against the list first (an unknown code is named as such), then fills what was
 * left empty from the items: the initiator (the first item's department), the participants (the other
 * items' departments), the type (部门联合检查 with outside departments, otherwise 日常监督管理检查). Notes an
 * item department that takes no part.
 */
static int complete_line(struct op_session *s, struct plan_line *l, int fill, struct op_diag *d)
{
	struct strbuf deps = STRBUF_INIT, missing = STRBUF_INIT;
	size_t len;
	const char *cur, *e;
	char *err = NULL;
	struct item_walk w = ITEM_WALK(l->items);
	int r;
	while ((r = store_item_next(s->st, &w, &err)) > 0) {
		if (!w.listed)
			strbuf_addf(&missing, "%s%s", missing.len ? "、" : "", w.code);
		else if (!plan_list_has(strbuf_str(&deps), w.it.department))
			strbuf_addf(&deps, "%s%s", deps.len ? "、" : "", w.it.department);
	}
	item_walk_release(&w);
	if (r < 0 || missing.len) {
		strbuf_release(&deps);
		if (r < 0) {
			strbuf_release(&missing);
			return store_failed(d, err);
		}
		int rc =
		    op_fail(d, OP_CONFLICT,
			    "无事项清单不检查：事项 %s 不在随机抽查事项清单中（suiji list items 列出清单）",
			    missing.buf);
		strbuf_release(&missing);
		return rc;
	}
	strbuf_release(&missing);
	if (fill && !*l->initiator && deps.len) {
		const char *c2 = deps.buf;
		const char *first = plan_list_next(&c2, &len);
		char *init = xstrndup(first, len);
		plan_set_str(&l->initiator, init);
		free(init);
		if (!*l->participants)
			plan_set_str(&l->participants, c2);
	}
	if (fill && !*l->type)
		plan_set_str(&l->type, *l->partners ? "部门联合检查" : "日常监督管理检查");
	cur = strbuf_str(&deps);
	while ((e = plan_list_next(&cur, &len))) {
		char *dep = xstrndup(e, len);
		if (strcmp(dep, l->initiator) && !plan_list_has(l->participants, dep))
			op_note(d, "警告: 事项责任科室“%s”既不是发起部门也不是参与部门", dep);
		free(dep);
	}
	strbuf_release(&deps);
	return 0;
}

/* The reasons of plan_line_check joined by lines, and the field of the first that names one. */
struct line_reasons {
	struct strbuf sb;
	const char *field;
};

static void report_reason(const char *field, const char *reason, void *arg)
{
	struct line_reasons *r = arg;
	strbuf_addf(&r->sb, "%s%s", r->sb.len ? "\n" : "", reason);
	if (!r->field)
		r->field = field;
}

/* What a selector's tags and industries match among the current objects. */
struct selector_probe {
	const struct plan_line *l;
	unsigned char *tag_hit, *industry_hit;
	size_t ntags, nindustries;
};

static int probe_object(const struct dir_entry *e, void *arg)
{
	struct selector_probe *p = arg;
	struct plan_object o;
	plan_object_view(e->vals, &o);
	size_t len, i = 0;
	const char *cur = p->l->tags, *t;
	while ((t = plan_list_next(&cur, &len))) {
		char *tag = xstrndup(t, len);
		if (!p->tag_hit[i] && plan_object_has_tag(&o, tag))
			p->tag_hit[i] = 1;
		free(tag);
		i++;
	}
	i = 0;
	for (cur = p->l->industries; (t = plan_list_next(&cur, &len)); i++)
		if (!p->industry_hit[i] && o.industry && !strncmp(o.industry, t, len))
			p->industry_hit[i] = 1;
	return 0;
}

/* Refuses a tag or an industry of the line that no current object has (a typo selects nothing). */
static int check_selector(struct op_session *s, const struct plan_line *l, struct op_diag *d)
{
	if (!*l->tags && !*l->industries)
		return 0;
	struct selector_probe p = {
	    .l = l, .ntags = plan_list_count(l->tags), .nindustries = plan_list_count(l->industries)};
	p.tag_hit = xcalloc(p.ntags + 1, 1);
	p.industry_hit = xcalloc(p.nindustries + 1, 1);
	char *err = NULL;
	int rc = store_dir_each(s->st, &dir_objects, NULL, 0, probe_object, &p, &err);
	if (rc < 0) {
		rc = store_failed(d, err);
	} else {
		struct strbuf why = STRBUF_INIT;
		size_t len, i = 0;
		const char *cur = l->tags, *t;
		for (; (t = plan_list_next(&cur, &len)); i++)
			if (!p.tag_hit[i])
				strbuf_addf(&why, "%s标识“%.*s”", why.len ? "、" : "", (int)len, t);
		i = 0;
		for (cur = l->industries; (t = plan_list_next(&cur, &len)); i++)
			if (!p.industry_hit[i])
				strbuf_addf(&why, "%s行业代码“%.*s”", why.len ? "、" : "", (int)len, t);
		if (why.len)
			rc = op_fail(d, OP_CONFLICT,
				     "%s "
				     "不匹配检查对象名录中的任何对象，计划事项将抽不到对象；请对照检查对象名"
				     "录核对拼写",
				     why.buf);
		strbuf_release(&why);
	}
	free(p.tag_hit);
	free(p.industry_hit);
	return rc;
}

static int validate_line(struct op_session *s, const struct plan_line *l, struct op_diag *d)
{
	struct line_reasons why = {STRBUF_INIT, NULL};
	int rc = 0;
	if (plan_line_check(l, report_reason, &why))
		rc = op_fail_at(d, OP_INVALID, why.field, "%s", why.sb.buf);
	strbuf_release(&why.sb);
	return rc ? rc : check_selector(s, l, d);
}

/* Completes, checks and stores line "l" (new, or an edit) in one transaction; *out gets a copy. */
static int save_line(struct op_session *s, int year, struct plan_line *l, int is_new, struct plan_line *out,
		     struct op_diag *d)
{
	char *err = NULL, at[26];
	clock_now(at);
	if (begin(s, d))
		return -1;
	if (complete_line(s, l, is_new, d) || validate_line(s, l, d)) {
		store_rollback(s->st);
		return -1;
	}
	if (is_new ? store_plan_line_add(s->st, s->unit.id, year, l, s->name, at, &err)
		   : store_plan_line_update(s->st, s->unit.id, year, l, s->name, at, &err))
		return undo(s, d, OP_CONFLICT, err);
	if (commit(s, d))
		return -1;
	if (out)
		plan_line_copy(out, l);
	return 0;
}

int op_plan_line_add(struct op_session *s, int year, const struct op_line_args *a, struct plan_line *out,
		     struct op_diag *d)
{
	if (out)
		plan_line_init(out);
	if (op_authorize(s, ACT_PLAN_WRITE, 0, NULL, d))
		return -1;
	if (!a->rule_set)
		return op_fail_at(
		    d, OP_INVALID, "rule",
		    "须指定抽查数量规则: 每期全部、按比例（百分比）、按家数 或 按执法人员数（每人家数）");
	if (!a->items || !*a->items)
		return op_fail_at(d, OP_INVALID, "items", "请指定抽查事项（事项清单中的编码）");
	struct plan_line l;
	plan_line_init(&l);
	l.period = PERIOD_QUARTER;
	int rc = apply_args(a, &l, d);
	if (!rc) {
		if (out)
			plan_line_release(out);
		rc = save_line(s, year, &l, 1, out, d);
	}
	plan_line_release(&l);
	return rc;
}

/* A copy of line "no" of the unit's current version into *out. */
static int find_line(struct op_session *s, int year, int no, struct plan_line *out, struct op_diag *d)
{
	struct plan_version v;
	char *err = NULL;
	int found = store_plan_current(s->st, s->unit.id, year, &v, &err);
	if (found < 0)
		return store_failed(d, err);
	if (!found)
		return not_found(s, year, 0, d);
	struct plan_line *lines;
	size_t n;
	int rc = store_plan_lines(s->st, v.id, &lines, &n, &err);
	if (rc) {
		rc = store_failed(d, err);
	} else {
		rc = -1;
		for (size_t i = 0; i < n && rc; i++) {
			if (lines[i].no == no) {
				plan_line_copy(out, &lines[i]);
				rc = 0;
			}
		}
		if (rc)
			op_fail(d, OP_NOTFOUND, "%d 年度计划第%d版中没有第%d项", year, v.version, no);
		plan_lines_free(lines, n);
	}
	plan_version_release(&v);
	return rc;
}

int op_plan_line_edit(struct op_session *s, int year, int no, const struct op_line_args *a,
		      struct plan_line *out, struct op_diag *d)
{
	if (out)
		plan_line_init(out);
	if (op_authorize(s, ACT_PLAN_WRITE, 0, NULL, d))
		return -1;
	struct plan_line l;
	if (find_line(s, year, no, &l, d))
		return -1;
	int rc = apply_args(a, &l, d);
	if (!rc) {
		if (out)
			plan_line_release(out);
		rc = save_line(s, year, &l, 0, out, d);
	}
	plan_line_release(&l);
	return rc;
}

int op_plan_line_remove(struct op_session *s, int year, int no, struct op_diag *d)
{
	if (op_authorize(s, ACT_PLAN_WRITE, 0, NULL, d) || begin(s, d))
		return -1;
	char *err = NULL, at[26];
	clock_now(at);
	if (store_plan_line_remove(s->st, s->unit.id, year, no, s->name, at, &err))
		return undo(s, d, OP_CONFLICT, err);
	return commit(s, d);
}

/* ---- filing ---- */

void op_plan_filed_release(struct op_plan_filed *f)
{
	plan_version_release(&f->v);
	free(f->html);
	free(f->xlsx);
	memset(f, 0, sizeof(*f));
}

int op_plan_file(struct op_session *s, int year, const char *dir, struct op_plan_filed *out,
		 struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_PLAN_FILE, 0, NULL, d))
		return -1;
	char *err = NULL, today[11], at[26], hash[65];
	clock_today(today);
	clock_now(at);
	struct op_plan_check pc;
	if (check_session(s, year, 0, NULL, 1, &pc, d))
		return -1;
	int rc = -1;
	if (plan_version_filed(&pc.v)) {
		op_fail(d, OP_CONFLICT,
			"%d 年度计划当前版本（第%d版）已于 %s 备案；如需调整请先运行 suiji plan adjust", year,
			pc.v.version, pc.v.filed_date);
		goto out;
	}
	if (!pc.nlines) {
		op_fail(d, OP_CONFLICT, "%d 年度计划第%d版没有任何计划事项，不能备案", year, pc.v.version);
		goto out;
	}
	struct unit city = {0};
	if (pc.unit.parent) {
		int f = store_unit_get(s->st, pc.unit.parent, &city, &err);
		if (f <= 0) {
			store_failed(d, err);
			goto out;
		}
		out->to_inbox = 1;
		snprintf(out->city, sizeof(out->city), "%s", city.name);
	}
	/* the document describes the version as it will be filed: the same hash and lateness as the store's
	 */
	int late = plan_filing_late(year, pc.v.version, today);
	plan_content_hash(&pc.v, pc.lines, pc.nlines, hash);
	for (size_t i = 0; i < pc.nhistory; i++) {
		if (pc.history[i].version == pc.v.version) {
			pc.history[i].status = "filed";
			pc.history[i].filed_date = today;
			pc.history[i].late = late;
		}
	}
	struct plan_doc doc;
	op_plan_doc(&pc, &doc);
	doc.filed = 1;
	doc.filed_date = today;
	doc.late = late;
	doc.content_hash = hash;
	out->html = xasprintf("%s/%s%d年度抽查工作计划-第%d版.html", dir ? dir : ".",
			      pc.unit.parent ? pc.unit.name : "", year, pc.v.version);
	out->xlsx = xasprintf("%s/%s%d年度抽查工作计划-第%d版.xlsx", dir ? dir : ".",
			      pc.unit.parent ? pc.unit.name : "", year, pc.v.version);
	if (plan_doc_html(&doc, out->html, &err) || plan_doc_xlsx(&doc, out->xlsx, &err)) {
		op_fail_take(d, OP_ERROR, err, "无法写出备案文件");
		remove(out->html);
		goto out;
	}
	if (begin(s, d))
		goto remove_docs;
	if (store_plan_file(s->st, s->unit.id, year, today, s->name, at, &out->v, &err) ||
	    (out->to_inbox && store_plan_filing_add(s->st, &out->v, s->name, at, &err))) {
		undo(s, d, OP_CONFLICT, err);
		goto remove_docs;
	}
	if (commit(s, d))
		goto remove_docs;
	out->a7_ok = pc.r.ok;
	if (strcmp(out->v.content_hash, hash))
		op_note(d, "警告: 备案文件的内容校验码与数据库不一致，请重新生成备案文件");
	rc = 0;
	goto out;
remove_docs:
	remove(out->html);
	remove(out->xlsx);
out:
	op_plan_check_release(&pc);
	return rc;
}

/* ---- the city's inbox ---- */

struct inbox {
	struct op_session *s;
	struct plan_filing *v;
	size_t n, alloc;
};

static int inbox_one(const struct plan_filing *f, void *arg)
{
	struct inbox *in = arg;
	if (!op_allowed(in->s, ACT_PLAN_REVIEW, f->unit_id, NULL) &&
	    !op_allowed(in->s, ACT_PLAN_READ, f->unit_id, NULL))
		return 0;
	ALLOC_GROW(in->v, in->n + 1, in->alloc);
	in->v[in->n++] = *f;
	return 0;
}

int op_plan_inbox(struct op_session *s, struct plan_filing **out, size_t *n, struct op_diag *d)
{
	*out = NULL;
	*n = 0;
	if (op_scope_of(s->roles, ACT_PLAN_REVIEW) == SCOPE_NONE &&
	    op_authorize(s, ACT_PLAN_READ, s->own.id, NULL, d))
		return -1;
	struct inbox in = {.s = s};
	char *err = NULL;
	if (store_plan_filings(s->st, inbox_one, &in, &err) < 0) {
		free(in.v);
		return store_failed(d, err);
	}
	*out = in.v;
	*n = in.n;
	return 0;
}

int op_plan_review(struct op_session *s, const char *unit, int year, int accept, const char *reason,
		   struct plan_filing *out, struct op_diag *d)
{
	struct unit u;
	char *err = NULL, at[26];
	clock_now(at);
	if (!unit || !*unit)
		return op_fail_at(d, OP_INVALID, "unit", "请指定报送备案的分局");
	int found = store_unit_find(s->st, unit, &u, &err);
	if (found < 0)
		return store_failed(d, err);
	if (!found)
		return op_fail(d, OP_INVALID, "没有名为“%s”的单位（suiji unit list 列出全部单位）", unit);
	if (op_authorize(s, ACT_PLAN_REVIEW, u.id, NULL, d))
		return -1;
	if (!u.parent)
		return op_fail(d, OP_INVALID, "“%s”是市局，计划备案报送上级生态环境部门，不在本系统内审核",
			       u.name);
	if (!accept && (!reason || !*reason))
		return op_fail_at(d, OP_INVALID, "reason",
				  "退回计划备案须写明理由（分局据此调整后重新备案）");
	if (begin(s, d))
		return -1;
	struct plan_filing f;
	found = store_plan_filing_get(s->st, u.id, year, &f, &err);
	if (found < 0)
		return undo(s, d, OP_ERROR, err);
	if (!found) {
		store_rollback(s->st);
		return op_fail(d, OP_NOTFOUND, "%s尚未报送 %d 年度计划备案", u.name, year);
	}
	if (strcmp(f.state, "待审")) {
		store_rollback(s->st);
		return op_fail(d, OP_CONFLICT, "%s %d 年度计划第%d版的备案已于 %.10s %s（%s），不能再审核",
			       u.name, year, f.version, f.reviewed_at, f.state, f.reviewed_by);
	}
	if (store_plan_filing_review(s->st, f.id, accept ? "已接收" : "已退回", accept ? "" : reason, s->name,
				     at, &err))
		return undo(s, d, OP_CONFLICT, err);
	if (out && store_plan_filing_get(s->st, u.id, year, out, &err) != 1)
		return undo(s, d, OP_ERROR, err);
	return commit(s, d);
}

/* ---- what the draw calls ---- */

int op_plan_authorize(struct op_session *s, int year, const int *nos, size_t n, struct plan_auth *auth,
		      struct op_diag *d)
{
	if (op_authorize(s, ACT_PLAN_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	int rc = store_plan_authorize(s->st, s->unit.id, year, nos, n, auth, &err);
	if (rc < 0)
		return store_failed(d, err);
	if (rc > 0)
		return op_fail_take(d, OP_CONFLICT, err, "拒绝随机抽查（第三条）");
	return 0;
}

struct pool_count {
	const struct plan_line_spec *spec;
	const struct juris *ju;
	long unit, pool;
};

static int count_pool(const struct dir_entry *e, void *arg)
{
	struct pool_count *p = arg;
	struct plan_object o;
	plan_object_view(e->vals, &o);
	if (object_unit(p->ju, &o) == p->unit && plan_object_eligible(&o, &p->spec->settings) &&
	    plan_line_matches(&p->spec->line, &o))
		p->pool++;
	return 0;
}

int op_plan_spec(struct op_session *s, int year, int line, const char *period, long pool,
		 struct plan_line_spec *spec, long *pool_out, long *quota, struct op_diag *d)
{
	memset(spec, 0, sizeof(*spec));
	if (op_authorize(s, ACT_PLAN_READ, 0, NULL, d))
		return -1;
	char *err = NULL;
	int rc = store_plan_line_spec(s->st, s->unit.id, year, line, period, spec, &err);
	if (rc < 0)
		return refused(d, err);
	if (rc > 0)
		return op_fail_take(d, OP_CONFLICT, err, "拒绝随机抽查（第三条）");
	if (pool < 0) {
		struct juris ju;
		if (juris_load(s->st, &ju, &err)) {
			plan_line_spec_release(spec);
			return store_failed(d, err);
		}
		struct pool_count pc = {spec, &ju, s->unit.id, 0};
		rc = store_dir_each(s->st, &dir_objects, NULL, 0, count_pool, &pc, &err);
		juris_release(&ju);
		if (rc < 0) {
			plan_line_spec_release(spec);
			return store_failed(d, err);
		}
		pool = pc.pool;
	}
	*pool_out = pool;
	*quota = plan_line_spec_quota(spec, pool, pool);
	return 0;
}
