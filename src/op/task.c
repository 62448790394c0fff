/*
 * This file implements the operations on tasks (op/task.h): loading one task for an action, and the
 * filtered, paged list, each row checked against the operator's scope (task.read).
 */
#include "op/task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dirschema.h"
#include "core/disclosure.h"
#include "core/plan.h"
#include "core/quota.h"
#include "core/region.h"
#include "core/utf8.h"
#include "op/calendar.h"
#include "op/roster.h"
#include "store/audit.h"
#include "store/directory.h"
#include "store/org.h"
#include "store/plan.h"
#include "store/unit.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static char *own(struct task_info *ti, const char *s)
{
	char *c = xstrdup(s ? s : "");
	if (ti->nowned < (int)(sizeof(ti->owned) / sizeof(ti->owned[0])))
		ti->owned[ti->nowned++] = c;
	return c;
}

static int copy_view(const struct task_view *v, void *arg)
{
	struct task_info *ti = arg;
	ti->task = v->task;
	ti->task.kind = own(ti, v->task.kind);
	ti->task.uscc = own(ti, v->task.uscc);
	ti->task.items = own(ti, v->task.items);
	ti->task.plan_lines = own(ti, v->task.plan_lines);
	ti->task.slot = own(ti, v->task.slot);
	ti->task.mode = own(ti, v->task.mode);
	ti->task.team = own(ti, v->task.team);
	ti->task.experts = own(ti, v->task.experts);
	ti->task.trigger = own(ti, v->task.trigger);
	ti->task.reference = own(ti, v->task.reference);
	ti->task.state = own(ti, v->task.state);
	ti->task.created_at = own(ti, v->task.created_at);
	ti->task.created_by = own(ti, v->task.created_by);
	ti->cancelled = own(ti, v->cancelled);
	ti->task.cancelled = ti->cancelled;
	ti->object_name = own(ti, v->object_name);
	ti->region = own(ti, v->region);
	ti->klass = own(ti, v->klass);
	ti->outcome = own(ti, v->outcome);
	ti->dates = own(ti, v->dates);
	ti->end_date = own(ti, v->end_date);
	ti->decision = own(ti, v->decision);
	ti->decided_on = own(ti, v->decided_on);
	ti->result_id = v->result_id;
	ti->problems = v->problems;
	ti->open_problems = v->open_problems;
	ti->penalties = v->penalties;
	return 1;
}

int task_info_load(struct store *st, long id, struct task_info *ti, char **err)
{
	memset(ti, 0, sizeof(*ti));
	struct task_view_filter f = {.id = id, .include_cancelled = 1};
	int rc = store_task_view_each(st, &f, copy_view, ti, err);
	if (rc < 0)
		return -1;
	return rc == 1 ? 0 : 1;
}

void task_info_release(struct task_info *ti)
{
	for (int i = 0; i < ti->nowned; i++)
		free(ti->owned[i]);
	ti->nowned = 0;
}

int op_task_get(struct op_session *s, long id, enum op_action a, struct task_info *ti, struct op_diag *d)
{
	memset(ti, 0, sizeof(*ti));
	if (op_scope_of(s->roles, ACT_TASK_READ) == SCOPE_NONE && op_scope_of(s->roles, a) == SCOPE_NONE)
		return op_authorize(s, a, 0, NULL, d);
	char *err = NULL;
	int rc = task_info_load(s->st, id, ti, &err);
	if (rc < 0)
		return op_fail_take(d, OP_ERROR, err, "读取检查任务失败");
	if (rc)
		return op_fail(d, OP_NOTFOUND, "没有编号为 %ld 的检查任务", id);
	/* a task the operator may not even see is refused as a read, not described by the other action */
	if ((a != ACT_TASK_READ && !op_allowed(s, ACT_TASK_READ, 0, &ti->task) &&
	     op_authorize(s, ACT_TASK_READ, 0, &ti->task, d)) ||
	    op_authorize(s, a, 0, &ti->task, d)) {
		task_info_release(ti);
		return -1;
	}
	return 0;
}

struct walk {
	struct op_session *s;
	const struct op_task_filter *f;
	const struct calendar *cal; /* for due_by */
	int (*fn)(const struct task_view *v, void *arg);
	void *arg;
	struct op_task_list_result *out;
	int stopped;
};

static int month_matches(const struct task_view *v, const char *month)
{
	size_t n = strlen(month);
	if (*v->task.slot)
		return !strncmp(v->task.slot, month, n);
	return !strncmp(v->task.created_at, month, n);
}

static int due_matches(struct walk *w, const struct task_view *v)
{
	if (strcmp(v->task.state, "已检查") || !*v->end_date || *v->cancelled)
		return 0;
	char due[DATE_STR_SIZE], *err = NULL;
	int tent = 0;
	if (disclosure_due_date(w->cal, v->end_date, due, &tent, &err)) {
		free(err);
		return 1; /* a due date that cannot be computed is shown, not hidden */
	}
	return strcmp(due, w->f->due_by) <= 0;
}

static int visit(const struct task_view *v, void *arg)
{
	struct walk *w = arg;
	const struct op_task_filter *f = w->f;
	if (f->state && !strcmp(f->state, "已作废") && !*v->cancelled)
		return 0;
	if (f->month && !month_matches(v, f->month))
		return 0;
	if (f->mine && !op_team_has(v->task.team, w->s->person_id))
		return 0;
	if (f->due_by && !due_matches(w, v))
		return 0;
	if (!op_allowed(w->s, ACT_TASK_READ, 0, &v->task)) {
		w->out->hidden++;
		return 0;
	}
	long i = w->out->total++;
	if (i < f->offset || (f->limit && i >= f->offset + f->limit))
		return 0;
	w->out->shown++;
	int rc = w->fn ? w->fn(v, w->arg) : 0;
	if (rc)
		w->stopped = 1;
	return rc;
}

static int check_month(const char *m)
{
	return strlen(m) == 7 && strspn(m, "0123456789") == 4 && m[4] == '-' &&
	       strspn(m + 5, "0123456789") == 2 && atoi(m + 5) >= 1 && atoi(m + 5) <= 12;
}

int op_task_list(struct op_session *s, const struct op_task_filter *f,
		 int (*fn)(const struct task_view *v, void *arg), void *arg, struct op_task_list_result *out,
		 struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_scope_of(s->roles, ACT_TASK_READ) == SCOPE_NONE)
		return op_authorize(s, ACT_TASK_READ, 0, NULL, d);
	if (f->unit_id && op_scope_of(s->roles, ACT_TASK_READ) != SCOPE_ALL &&
	    !op_unit_within(s, f->unit_id, s->own.id))
		return op_fail(d, OP_DENIED, "无权限：%s（%s）不能查看其他单位的检查任务", s->name,
			       s->own.name);
	if (f->state && strcmp(f->state, "待检查") && strcmp(f->state, "已检查") &&
	    strcmp(f->state, "已公开") && strcmp(f->state, "不予公开") && strcmp(f->state, "已作废"))
		return op_fail(d, OP_INVALID,
			       "状态应为 待检查、已检查、已公开、不予公开 或 已作废，而不是“%s”", f->state);
	if (f->kind && strcmp(f->kind, "random") && strcmp(f->kind, "targeted"))
		return op_fail(d, OP_INVALID, "检查类型应为 random（随机抽查）或 targeted（针对性检查）");
	if (f->month && !check_month(f->month))
		return op_fail(d, OP_INVALID, "月份应写作 YYYY-MM（如 2026-03），而不是“%s”", f->month);
	if (f->mine && !*s->person_id)
		return op_fail_at(d, OP_INVALID, "mine",
				  "%s 没有登记人员编号，没有“我的”检查任务（只有执法人员有）", s->name);
	if (f->offset < 0 || f->limit < 0)
		return op_fail(d, OP_INVALID, "分页参数不能为负数");
	struct walk w = {.s = s, .f = f, .fn = fn, .arg = arg, .out = out};
	if (f->due_by) {
		int day;
		char *e = NULL;
		if (date_parse(f->due_by, &day, &e))
			return op_fail_take(d, OP_INVALID, e, "截止日期格式有误");
		if (!(w.cal = op_calendar(s, d)))
			return -1;
	}
	struct task_view_filter vf = {
	    .draw_id = f->draw_id,
	    .state = f->state && strcmp(f->state, "已作废") ? f->state : NULL,
	    .kind = f->kind,
	    .uscc = f->uscc,
	    .member = f->officer,
	    .include_cancelled = f->state && !strcmp(f->state, "已作废"),
	    .unit_id = f->unit_id,
	};
	char *err = NULL;
	int rc = store_task_view_each(s->st, &vf, visit, &w, &err);
	if (rc < 0)
		return op_fail_take(d, OP_ERROR, err, "读取检查任务失败");
	if (w.stopped)
		return op_fail(d, OP_ERROR, "列出检查任务时出错");
	return 0;
}

int op_task_cancel(struct op_session *s, long id, const char *reason, struct op_diag *d)
{
	struct task_info ti;
	if (op_task_get(s, id, ACT_TASK_CHANGE, &ti, d))
		return -1;
	int cancelled = *ti.cancelled != 0, inspected = strcmp(ti.task.state, "待检查") != 0;
	char state[32];
	snprintf(state, sizeof(state), "%s", ti.task.state);
	task_info_release(&ti);
	size_t n = reason ? strlen(reason) : 0;
	if (!n || n > 500 || !utf8_valid(reason, n) || utf8_has_control(reason, n))
		return op_fail_at(d, OP_INVALID, "reason",
				  "作废检查任务须写明理由（不超过500字节，不含换行等控制字符）");
	if (cancelled)
		return op_fail(d, OP_CONFLICT, "任务 %ld 已经作废", id);
	if (inspected)
		return op_fail(d, OP_CONFLICT, "任务 %ld 已%s，不能作废（检查结果需要更正时请更正结果）", id,
			       !strcmp(state, "已检查") ? "录入检查结果" : state);
	char *err = NULL, now[26], subject[32];
	clock_now(now);
	snprintf(subject, sizeof(subject), "task:%ld", id);
	char *why = xasprintf("单独作废：%s（%s）", reason, s->name);
	char *action = xasprintf("task cancel：%s", reason);
	if (store_begin(s->st, &err)) {
		free(why);
		free(action);
		return op_fail_take(d, OP_ERROR, err, "数据库错误");
	}
	int rc = store_task_cancel_one(s->st, id, why, &err);
	if (!rc)
		rc = store_audit_record(s->st, now, s->name, action, subject, &err) ? -1 : 0;
	if (!rc)
		rc = store_commit(s->st, &err) ? -1 : 0;
	free(why);
	free(action);
	if (rc) {
		store_rollback(s->st);
		if (rc > 0)
			return op_fail(d, OP_CONFLICT, "任务 %ld 已不是待检查状态，不能作废", id);
		return op_fail_take(d, OP_ERROR, err, "数据库错误");
	}
	return 0;
}

#define TEAM_MAX 20

/* Checks the new team against the rules (op/task.h), a row error per reason; 0 when it holds, -1. */
static int team_check(struct op_session *s, const struct task_info *ti, const char *team, struct strbuf *norm,
		      struct op_diag *d)
{
	struct team_member m[TEAM_MAX];
	size_t n = 0;
	memset(m, 0, sizeof(m));
	size_t len;
	struct strbuf typed = STRBUF_INIT;
	plan_list_normalize(team, &typed);
	for (const char *p = strbuf_str(&typed), *id; (id = plan_list_next(&p, &len));) {
		if (n == TEAM_MAX || !len || len >= sizeof(m[0].id)) {
			strbuf_release(&typed);
			return op_fail(d, OP_INVALID, n == TEAM_MAX ? "检查组最多 20 人" : "人员编号无效");
		}
		m[n].in_team = 1;
		snprintf(m[n++].id, sizeof(m[0].id), "%.*s", (int)len, id);
	}
	strbuf_release(&typed);
	if (n < 2)
		return op_fail_at(d, OP_INVALID, "team",
				  "检查组至少要有两名执法人员（人员编号以 , 、 ， ； 分隔）");
	char *err = NULL, *previous = NULL;
	struct plan_settings set;
	int rc = 0;
	if (op_roster_read(s->st, ti->task.uscc, m, n, d)) {
		rc = -1;
		goto out;
	}
	if (store_task_previous_team(s->st, ti->task.id, &previous, &err) ||
	    store_settings_load_unit(s->st, ti->task.unit_id ? ti->task.unit_id : 1, &set, &err)) {
		rc = op_fail_take(d, OP_ERROR, err, "读取名录失败");
		goto out;
	}
	int bad = 0;
	for (size_t i = 0; i < n; i++) {
		const struct team_member *p = &m[i];
		for (size_t k = 0; k < i; k++)
			if (!strcmp(m[k].id, p->id)) {
				op_row_error(d, 0, NULL, "%s 在检查组中列了两次", p->id);
				bad++;
			}
		bad += op_roster_errors(p, ti->task.uscc, NULL, d);
		if (!p->found)
			continue;
		if (op_team_has(previous, p->id)) {
			op_row_error(d, 0, NULL,
				     "%s（%s）参加了对 %s 的上一次检查（%s），不能连续检查同一单位", p->id,
				     p->name, ti->task.uscc, previous);
			bad++;
		}
		if (set.cross_region && !strcmp(ti->task.kind, "random") && *ti->region &&
		    !strcmp(p->region, ti->region)) {
			op_row_error(
			    d, 0, NULL,
			    "%s（%s）属于检查对象所在县（市、区）（%s），按跨区域检查规则不能检查本地单位",
			    p->id, p->name, p->region);
			bad++;
		}
		strbuf_addf(norm, "%s%s", i ? "、" : "", p->id);
	}
	if (bad)
		rc = op_fail(d, OP_CONFLICT, "新的检查组不符合规则（共 %d 处）", bad);
out:
	team_roster_release(m, n);
	free(previous);
	return rc;
}

int op_task_set_team(struct op_session *s, long id, const char *team, const char *reason, struct op_diag *d)
{
	struct task_info ti;
	if (op_task_get(s, id, ACT_TASK_CHANGE, &ti, d))
		return -1;
	struct strbuf norm = STRBUF_INIT;
	int rc = -1;
	size_t n = reason ? strlen(reason) : 0;
	if (!n || n > 500 || !utf8_valid(reason, n) || utf8_has_control(reason, n)) {
		op_fail_at(d, OP_INVALID, "reason",
			   "调整检查组须写明理由（不超过500字节，不含换行等控制字符）");
	} else if (*ti.cancelled) {
		op_fail(d, OP_CONFLICT, "任务 %ld 已作废，不能调整检查组", id);
	} else if (strcmp(ti.task.state, "待检查")) {
		op_fail(d, OP_CONFLICT, "任务 %ld 已%s，不能再调整检查组", id,
			!strcmp(ti.task.state, "已检查") ? "录入检查结果" : ti.task.state);
	} else if (!team_check(s, &ti, team ? team : "", &norm, d)) {
		if (!strcmp(strbuf_str(&norm), ti.task.team)) {
			op_fail(d, OP_INVALID, "新的检查组与现在的相同（%s）", ti.task.team);
		} else {
			char *err = NULL, now[26], subject[32];
			clock_now(now);
			char *action =
			    xasprintf("task team：%s → %s：%s", *ti.task.team ? ti.task.team : "（无）",
				      strbuf_str(&norm), reason);
			int c = store_begin(s->st, &err)
				    ? -1
				    : store_task_set_team(s->st, id, strbuf_str(&norm), &err);
			if (!c) {
				snprintf(subject, sizeof(subject), "task:%ld", id);
				c = store_audit_record(s->st, now, s->name, action, subject, &err) ? -1 : 0;
			}
			if (!c && ti.task.draw_id) {
				snprintf(subject, sizeof(subject), "draw:%ld", ti.task.draw_id);
				c = store_audit_record(s->st, now, s->name, action, subject, &err) ? -1 : 0;
			}
			if (!c)
				c = store_commit(s->st, &err) ? -1 : 0;
			free(action);
			if (c) {
				store_rollback(s->st);
				if (c > 0)
					op_fail(d, OP_CONFLICT, "任务 %ld 已不是待检查状态", id);
				else
					op_fail_take(d, OP_ERROR, err, "数据库错误");
			} else {
				rc = 0;
			}
		}
	}
	strbuf_release(&norm);
	task_info_release(&ti);
	return rc;
}

static const char *keep(struct op_task_notice *n, char *s)
{
	if (!s)
		s = xstrdup("");
	if (n->nowned < sizeof(n->owned) / sizeof(n->owned[0]))
		n->owned[n->nowned++] = s;
	return s;
}

/* The people of "ids" (、-joined) with their names, certificates and units from the directory. */
static size_t notice_people(struct op_session *s, struct op_task_notice *n, const char *ids,
			    struct notice_person *out)
{
	size_t k = 0, len;
	for (const char *p = ids, *id; k < OP_NOTICE_MAX && (id = plan_list_next(&p, &len));) {
		const char *code = keep(n, xstrndup(id, len));
		out[k].id = code;
		out[k].name = keep(n, store_dir_current_value(s->st, &dir_people, code, "name"));
		out[k].cert = keep(n, store_dir_current_value(s->st, &dir_people, code, "cert_no"));
		out[k].unit = keep(n, store_dir_current_value(s->st, &dir_people, code, "unit"));
		k++;
	}
	return k;
}

int op_task_notice(struct op_session *s, long id, struct op_task_notice *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct task_info ti;
	if (op_task_get(s, id, ACT_TASK_READ, &ti, d))
		return -1;
	const struct task *t = &ti.task;
	struct task_notice *n = &out->n;
	struct unit u = {0};
	struct org o = {0};
	char *err = NULL;
	if (store_unit_get(s->st, t->unit_id ? t->unit_id : 1, &u, &err) <= 0) {
		free(err);
		err = NULL;
		store_org_get(s->st, &o, &err);
		snprintf(u.name, sizeof(u.name), "%s", o.name);
	}
	free(err);
	n->unit = keep(out, xstrdup(u.name));
	n->task_id = t->id;
	n->source =
	    keep(out, t->draw_id ? xasprintf("随机抽取第%ld号，第%ld户（双随机）", t->draw_id, t->visit_no)
				 : xasprintf("针对性检查：%s%s%s", t->trigger, *t->reference ? "，" : "",
					     t->reference));
	n->object_name = keep(out, xstrdup(ti.object_name));
	n->uscc = keep(out, xstrdup(t->uscc));
	const struct region *reg = region_find(ti.region);
	n->region = keep(out, xstrdup(reg ? reg->name : ti.region));
	n->address = keep(out, store_dir_current_value(s->st, &dir_objects, t->uscc, "address"));
	n->mode = keep(out, xstrdup(t->mode));
	n->slot = keep(out, xstrdup(t->slot));
	size_t k = 0, len;
	for (const char *p = t->items, *c; k < OP_NOTICE_MAX && (c = plan_list_next(&p, &len)); k++) {
		const char *code = keep(out, xstrndup(c, len));
		out->items[k] = (struct notice_item){
		    code,
		    keep(out, store_dir_current_value(s->st, &dir_items, code, "name")),
		    keep(out, store_dir_current_value(s->st, &dir_items, code, "content")),
		    keep(out, store_dir_current_value(s->st, &dir_items, code, "legal_basis")),
		    keep(out, store_dir_current_value(s->st, &dir_items, code, "department")),
		};
	}
	n->items = out->items;
	n->nitems = k;
	n->team = out->team;
	n->nteam = notice_people(s, out, t->team, out->team);
	n->experts = out->experts;
	n->nexperts = notice_people(s, out, t->experts, out->experts);
	n->workdays = DISCLOSURE_WORKDAYS;
	task_info_release(&ti);
	return 0;
}

void op_task_notice_release(struct op_task_notice *out)
{
	for (size_t i = 0; i < out->nowned; i++)
		free(out->owned[i]);
	out->nowned = 0;
}
