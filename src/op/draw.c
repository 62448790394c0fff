/*
 * This file implements the draw's two steps that write (op/draw.h): announce (T0: the frame frozen from
 * the unit's plan lines, directory and officers, a secret salt, the announcement into the record) and
 * run (T1: the beacon entered, the result computed per docs/DRAW.md and stored as tasks). A draw runs
 * once. Drawing any plan line again for a period in which a live draw of the same unit already drew it
 * needs a reason and voids that part of the earlier draw: the whole draw when every one of its lines
 * is drawn again or it has not been run yet, otherwise the open tasks drawn for the lines drawn again.
 * A draw for a period already over needs a reason too; both are recorded with the draw.
 *
 * So that a draw cannot be ground by drawing again until a result suits: every re-draw needs an
 * oversight (监督) user's approval of the draw it supersedes (op_draw_approve, recorded on that draw),
 * and its announcement names the draw it supersedes, its attempt number and who approved it; the
 * announcement names the day the public number is drawn (a run before it is refused) and the day of
 * the directory snapshot; every announcement, voided or not, is published. The salt is sealed under a
 * key kept outside the database (core/salt-seal.h), so that a copy of the database does not predict it.
 */
#include "op/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/cj.h"
#include "core/draw-rules.h"
#include "core/draw.h"
#include "core/hash.h"
#include "core/plan.h"
#include "core/salt-seal.h"
#include "core/units.h"
#include "op/authz.h"
#include "op/draw-frame-build.h"
#include "op/draw-internal.h"
#include "op/draw-lines.h"
#include "store/audit.h"
#include "store/org.h"
#include "store/task.h"
#include "store/unit.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/timing.h"
#include "util/xalloc.h"

static int store_failed(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_ERROR, err, "数据库错误");
}

static void join_ids(const long *ids, size_t n, struct strbuf *sb)
{
	for (size_t i = 0; i < n; i++)
		strbuf_addf(sb, "%s%ld", i ? "," : "", ids[i]);
}

/* The meta the run needs besides the protocol: which line and items each stratum stands for. */
static json_t *meta_of(const struct draw_lines *dl)
{
	json_t *strata = json_object();
	for (size_t i = 0; i < dl->n; i++) {
		const struct frame_stratum *s = &dl->strata[i];
		json_t *o = json_object(), *items = json_array();
		for (size_t j = 0; j < s->nitems; j++)
			json_array_append_new(items, json_string(s->items[j]));
		json_object_set_new(o, "line", json_integer(s->line_id));
		json_object_set_new(o, "items", items);
		json_object_set_new(o, "pool", json_integer(s->pool));
		json_object_set_new(o, "quota", json_integer(s->quota_value));
		json_object_set_new(strata, s->id, o);
	}
	json_t *meta = json_object();
	json_object_set_new(meta, "strata", strata);
	return meta;
}

/* The units' jurisdictions for the frame (core/units.h), borrowing the regions of "units". */
static struct unit_juris *juris_of(const struct unit *units, size_t n)
{
	struct unit_juris *j = xcalloc(n ? n : 1, sizeof(*j));
	for (size_t i = 0; i < n; i++)
		j[i] = (struct unit_juris){units[i].id, units[i].parent, units[i].regions};
	return j;
}

/*
 * Voids what the live draws of the same unit, year and period drew for lines "ids": fills out's
 * superseded list, *replaces (the one draw voided whole whose inspected tasks no longer count as
 * history, 0 when none). Refuses without a reason. Inside the caller's transaction.
 */
static int void_overlaps(struct op_session *s, const struct op_draw_announce_args *a, long unit_id,
			 const char *lines_text, const char *now, struct op_draw_announced *out,
			 long *replaces, struct op_diag *d)
{
	char *err = NULL;
	struct draw_live *live = NULL;
	size_t nlive = 0;
	*replaces = 0;
	if (store_draw_live(s->st, unit_id, a->year, a->period, &live, &nlive, &err))
		return store_failed(d, err);
	long *common = xcalloc(a->nlines, sizeof(*common));
	int rc = 0;
	for (size_t i = 0; i < nlive && !rc; i++) {
		size_t nc = draw_lines_common(live[i].lines, a->lines, a->nlines, common);
		if (!nc)
			continue;
		struct strbuf c = STRBUF_INIT;
		join_ids(common, nc, &c);
		if (!a->reason || !*a->reason) {
			rc = op_fail_at(
			    d, OP_CONFLICT, "reason",
			    "计划事项 %s 在 %s 已有抽取（第 %ld 号，计划事项 %s）。重新抽取须说明理由，"
			    "原抽取中这些计划事项的部分作废并保留在记录中",
			    c.buf, a->period, live[i].id, live[i].lines);
			strbuf_release(&c);
			break;
		}
		if (!*live[i].approved_by) {
			rc =
			    op_fail(d, OP_DENIED,
				    "重新抽取计划事项 %s（%s）须经监督人员批准：第 %ld 号抽取尚未批准重新抽取"
				    "（由监督人员在抽取会议页面批准重新抽取并说明理由）",
				    c.buf, a->period, live[i].id);
			strbuf_release(&c);
			break;
		}
		size_t used = strlen(out->approved_by);
		if (!strstr(out->approved_by, live[i].approved_by))
			snprintf(out->approved_by + used, sizeof(out->approved_by) - used, "%s%s",
				 used ? "、" : "", live[i].approved_by);
		long attempt = (live[i].attempt ? live[i].attempt : 1) + 1;
		if (attempt > out->attempt)
			out->attempt = attempt;
		int whole = nc == draw_lines_count(live[i].lines) || !strcmp(live[i].state, "announced");
		char subject[32];
		snprintf(subject, sizeof(subject), "draw:%ld", live[i].id);
		long n;
		if (whole) {
			n = store_task_cancel_draw(s->st, live[i].id, a->reason, &err);
			if (n < 0 || store_draw_set_state(s->st, live[i].id, "void", now, a->reason, &err) ||
			    store_audit_record(s->st, now, s->name, "draw void", subject, &err))
				rc = store_failed(d, err);
			*replaces = live[i].id;
			if (!rc && nc < draw_lines_count(live[i].lines))
				op_note(d,
					"第 %ld "
					"号抽取尚未运行，已整体作废：其中未重新抽取的计划事项须另行公告抽取",
					live[i].id);
		} else {
			/* the approval is used up: drawing its other lines again needs a new one */
			n = store_task_cancel_draw_lines(s->st, live[i].id, common, nc, a->reason, now,
							 s->name, &err);
			if (n < 0 || store_draw_approve_redraw(s->st, live[i].id, NULL, NULL, NULL, &err) ||
			    store_audit_record(s->st, now, s->name, "draw void part", subject, &err))
				rc = store_failed(d, err);
			if (!rc)
				op_note(d,
					"第 %ld 号抽取中计划事项 %s 的部分已作废（作废未检查任务 %ld "
					"项），其余计划事项仍有效",
					live[i].id, c.buf, n);
		}
		strbuf_release(&c);
		if (rc)
			break;
		out->cancelled += n;
		out->superseded =
		    xrealloc(out->superseded, (out->nsuperseded + 1) * sizeof(*out->superseded));
		out->superseded[out->nsuperseded++] = live[i].id;
	}
	free(common);
	free(live);
	return rc;
}

int op_draw_announce(struct op_session *s, const struct op_draw_announce_args *a,
		     struct op_draw_announced *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	if (op_authorize(s, ACT_DRAW_ANNOUNCE, s->unit.id, NULL, d))
		return -1;
	if (a->year < 2000 || a->year > 2999)
		return op_fail_at(d, OP_INVALID, "year", "年度应为四位年份");
	if (!a->nlines)
		return op_fail_at(d, OP_INVALID, "lines", "请选择计划事项（计划事项号，如 1,3）");
	if (a->team_size != -1 && (a->team_size < 2 || a->team_size > 20))
		return op_fail_at(d, OP_INVALID, "team_size",
				  "检查组人数应为 2 到 20：检查组至少两名执法人员（行政处罚法第四十二条）");
	if (a->experts != -1 && (a->experts < 0 || a->experts > 20))
		return op_fail_at(d, OP_INVALID, "experts", "辅助检查人员人数应为 0 到 20");
	char *err = NULL;
	char *beacon_source = draw_beacon_trim(a->beacon_source, &err);
	if (!beacon_source)
		return op_fail_at(d, OP_INVALID, "beacon_source", "公开随机数来源: %s", err ? err : "无效"),
		       free(err), -1;

	char now[26], today[11];
	clock_now(now);
	clock_today(today);
	const char *as_of = a->date ? a->date : today;
	int day, rc = -1, in_txn = 0;
	struct org org;
	struct draw_lines dl = {0};
	struct strbuf lines_text = STRBUF_INIT, inputs_cj = STRBUF_INIT;
	json_t *announcement = NULL, *meta = NULL;
	char *ann_cj = NULL, *meta_cj = NULL;
	struct unit *units = NULL;
	size_t nunits = 0;
	struct unit_juris *juris = NULL;
	long unit_id = s->unit.id;
	join_ids(a->lines, a->nlines, &lines_text);
	out->lines = xstrdup(lines_text.buf);
	out->beacon_source = beacon_source;
	snprintf(out->unit, sizeof(out->unit), "%s", s->unit.name);
	snprintf(out->announced_at, sizeof(out->announced_at), "%s", now);

	if (date_parse(as_of, &day, &err)) {
		op_fail_at(d, OP_INVALID, "date", "公告日期: %s", err ? err : "无效");
		free(err);
		goto out;
	}
	int bday;
	if (a->beacon_date && (date_parse(a->beacon_date, &bday, NULL) || strlen(a->beacon_date) != 10)) {
		op_fail_at(d, OP_INVALID, "beacon_date",
			   "公开随机数产生日期应为 YYYY-MM-DD 形式的日期，而不是“%s”", a->beacon_date);
		goto out;
	}
	if (a->beacon_date && strcmp(a->beacon_date, today) < 0) {
		op_fail_at(d, OP_INVALID, "beacon_date",
			   "公开随机数产生日期 %s "
			   "早于今天（%s）：公开随机数应在公告之后产生，已经公布的号码不能作为公开随机数",
			   a->beacon_date, today);
		goto out;
	}
	if (!a->salt_key) {
		op_fail(d, OP_ERROR, "缺少盐值密钥，不能公告抽取");
		goto out;
	}
	snprintf(out->snapshot_date, sizeof(out->snapshot_date), "%s", as_of);
	snprintf(out->beacon_date, sizeof(out->beacon_date), "%s", a->beacon_date ? a->beacon_date : "");
	int over = draw_period_over(a->period, today);
	if (over == 1 && (!a->reason || !*a->reason)) {
		op_fail_at(d, OP_INVALID, "reason",
			   "时段 %s 已经结束（今天是 %s）：为已结束的时段抽取，须说明理由（记入抽取记录）",
			   a->period, today);
		goto out;
	}
	if (store_org_get(s->st, &org, &err) != 1) {
		store_failed(d, err ? err : xstrdup("数据库尚未初始化"));
		goto out;
	}
	if (store_unit_list(s->st, &units, &nunits, &err)) {
		store_failed(d, err);
		goto out;
	}
	/* the write lock from here on: the frame is read from one state of the database (also by the
	 * directory scan's second connection), and no other announcement of these lines slips in */
	if (store_begin(s->st, &err)) {
		store_failed(d, err);
		goto out;
	}
	in_txn = 1;
	long replaces = 0;
	if (void_overlaps(s, a, unit_id, lines_text.buf, now, out, &replaces, d))
		goto out;
	if (!out->nsuperseded && a->reason && *a->reason && over != 1)
		op_note(d, "没有需要替代的抽取，所填理由将作为说明一并记录");
	timing_mark("start");
	if (draw_lines_load(s->st, unit_id, a->year, a->period, a->lines, a->nlines, &dl, &err)) {
		op_fail_take(d, OP_INVALID, err, "计划事项无效");
		err = NULL;
		goto out;
	}
	timing_mark("plan lines");
	if (a->team_size != -1)
		dl.rules.team_size = a->team_size;
	if (a->cross_region != -1)
		dl.rules.cross_region = a->cross_region;
	if (a->experts != -1)
		dl.rules.experts_per_visit = a->experts;
	juris = juris_of(units, nunits);
	dl.rules.units = juris;
	dl.rules.nunits = nunits;
	dl.rules.unit_id = unit_id;
	dl.rules.all_officers = s->unit.parent == 0 && dl.rules.settings->draw_branch_officers;
	/* the frame is written as CJ(inputs) itself: stored as it is, and its SHA-256 is inputs_hash
	 * (DRAW.md) */
	struct frame_stats fs;
	if (frame_build(s->st, as_of, a->year, replaces, a->period, (const char *const *)dl.slots, dl.nslots,
			dl.strata, dl.n, &dl.rules, &inputs_cj, &fs, &err)) {
		op_fail_take(d, OP_ERROR, err, "建立抽取框架失败");
		err = NULL;
		goto out;
	}
	unsigned char salt[32];
	char sealed[SALT_SEALED_LEN + 1];
	if (draw_salt_generate(salt)) {
		op_fail(d, OP_ERROR, "无法生成随机盐值");
		goto out;
	}
	draw_salt_commitment(salt, out->salt_commitment);
	int sealed_bad = salt_seal(a->salt_key, salt, out->salt_commitment, sealed);
	memset(salt, 0, sizeof(salt));
	if (sealed_bad) {
		op_fail(d, OP_ERROR, "无法加密保存盐值");
		goto out;
	}
	sha256_hex(strbuf_str(&inputs_cj), inputs_cj.len, out->inputs_hash);
	timing_mark("inputs_hash");
	announcement = json_object();
	json_object_set_new(announcement, "inputs_hash", json_string(out->inputs_hash));
	json_object_set_new(announcement, "salt_commitment", json_string(out->salt_commitment));
	json_object_set_new(announcement, "beacon_source", json_string(beacon_source));
	json_object_set_new(announcement, "announced_at", json_string(now));
	json_object_set_new(announcement, "org", json_string(s->unit.parent ? s->unit.name : org.name));
	/* extra keys (docs/DRAW.md): signed with the announcement, outside inputs_hash */
	json_object_set_new(announcement, "snapshot_date", json_string(as_of));
	if (a->beacon_date)
		json_object_set_new(announcement, "beacon_date", json_string(a->beacon_date));
	if (out->nsuperseded) {
		json_object_set_new(announcement, "supersedes",
				    json_integer(out->superseded[out->nsuperseded - 1]));
		json_object_set_new(announcement, "attempt", json_integer(out->attempt));
		json_object_set_new(announcement, "approved_by", json_string(out->approved_by));
	}
	meta = meta_of(&dl);
	ann_cj = cj_dump(announcement, NULL, &err);
	meta_cj = ann_cj ? cj_dump(meta, NULL, &err) : NULL;
	if (!ann_cj || !meta_cj) {
		op_fail_take(d, OP_ERROR, err, "写出抽取公告失败");
		err = NULL;
		goto out;
	}
	long supersedes = out->nsuperseded ? out->superseded[out->nsuperseded - 1] : 0;
	struct draw_row row = {
	    .year = a->year,
	    .period = a->period,
	    .lines = lines_text.buf,
	    .plan_version = dl.plan_version,
	    .inputs = strbuf_str(&inputs_cj),
	    .inputs_len = inputs_cj.len,
	    .inputs_hash = out->inputs_hash,
	    .salt = sealed,
	    .salt_commitment = out->salt_commitment,
	    .announcement = ann_cj,
	    .beacon_source = beacon_source,
	    .announced_at = now,
	    .announced_by = s->name,
	    .supersedes = supersedes,
	    .reason = a->reason && *a->reason ? a->reason : NULL,
	    .unit_id = s->unit.parent ? unit_id : 0,
	    .beacon_date = a->beacon_date,
	    .attempt = out->nsuperseded ? out->attempt : 0,
	};
	long id = store_draw_insert(s->st, &row, &err);
	char subject[32];
	snprintf(subject, sizeof(subject), "draw:%ld", id);
	if (id < 0 || store_draw_set_meta(s->st, id, meta_cj, &err) ||
	    store_audit_record(s->st, now, s->name, supersedes ? "draw reannounce" : "draw announce", subject,
			       &err) ||
	    store_commit(s->st, &err)) {
		store_failed(d, err);
		err = NULL;
		goto out;
	}
	in_txn = 0;
	timing_mark("store+commit");
	out->id = id;
	out->plan_version = dl.plan_version;
	out->nstrata = dl.n;
	out->strata = xcalloc(dl.n ? dl.n : 1, sizeof(*out->strata));
	for (size_t i = 0; i < dl.n; i++) {
		snprintf(out->strata[i].id, sizeof(out->strata[i].id), "%s", dl.strata[i].id);
		out->strata[i].pool = dl.strata[i].pool;
		out->strata[i].quota = dl.strata[i].quota_value;
		out->strata[i].population = dl.strata[i].population;
		out->strata[i].shortfall = dl.strata[i].shortfall;
	}
	out->excluded_status = fs.excluded_status;
	out->excluded_window = fs.excluded_window;
	out->excluded_cap = fs.excluded_cap;
	out->officers = fs.officers;
	out->experts = fs.experts;
	if (over == 1)
		op_note(d, "时段 %s 已经结束，理由已记入抽取记录: %s", a->period, a->reason);
	rc = 0;
out:
	if (in_txn)
		store_rollback(s->st);
	free(err);
	strbuf_release(&inputs_cj);
	free(ann_cj);
	free(meta_cj);
	json_decref(announcement);
	json_decref(meta);
	strbuf_release(&lines_text);
	draw_lines_release(&dl);
	free(juris);
	free(units);
	if (rc) {
		op_draw_announced_release(out);
		memset(out, 0, sizeof(*out));
	}
	return rc;
}

void op_draw_announced_release(struct op_draw_announced *out)
{
	free(out->strata);
	free(out->beacon_source);
	free(out->lines);
	free(out->superseded);
	memset(out, 0, sizeof(*out));
}

/* Items and plan lines of a visit: the union over the strata that selected it (ids, from the meta). */
static void visit_items(json_t *meta, const struct draw_visit_entry *v, struct strbuf *items,
			struct strbuf *lines)
{
	json_t *strata = json_object_get(meta, "strata");
	strbuf_reset(items);
	strbuf_reset(lines);
	for (size_t i = 0; i < v->nstrata; i++) {
		json_t *m = json_object_get(strata, v->strata[i]);
		size_t j;
		json_t *code;
		json_array_foreach(json_object_get(m, "items"), j, code)
		{
			const char *c = json_string_value(code);
			if (plan_list_has(strbuf_str(items), c))
				continue;
			if (items->len)
				strbuf_adds(items, "、");
			strbuf_adds(items, c);
		}
		if (lines->len)
			strbuf_adds(lines, "、");
		cj_add_integer(lines, json_integer_value(json_object_get(m, "line")));
	}
}

/* A list of names joined by 、 (a team, its experts). */
static const char *join_names(const char *const *names, size_t n, struct strbuf *sb)
{
	strbuf_reset(sb);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strbuf_adds(sb, "、");
		strbuf_adds(sb, names[i]);
	}
	return strbuf_str(sb);
}

/* The visits as tasks of draw "r" (inside the caller's transaction); returns how many have no team. */
static int insert_tasks(struct op_session *s, const struct draw_row *r, json_t *meta,
			const struct draw_visits *result, const char *now, long *no_team, char **err)
{
	struct strbuf items = STRBUF_INIT, lines = STRBUF_INIT, team = STRBUF_INIT, experts = STRBUF_INIT;
	/* the tasks' lists are kept in one arena (offsets until it stops growing); visits with the same
	 * strata (usually all of them) share their items and lines */
	struct task *tasks = xcalloc(result->nvisits + 1, sizeof(*tasks));
	size_t *at = xmalloc((4 * result->nvisits + 1) * sizeof(*at));
	struct strbuf arena = STRBUF_INIT;
	const char *const *last_strata = NULL;
	size_t last_nstrata = (size_t)-1, items_at = 0, lines_at = 0;
	long unit = draw_unit(r);
	*no_team = 0;
	for (size_t i = 0; i < result->nvisits; i++) {
		const struct draw_visit_entry *v = &result->visits[i];
		int same = v->nstrata == last_nstrata;
		for (size_t k = 0; same && k < v->nstrata; k++)
			same = !strcmp(v->strata[k], last_strata[k]);
		if (!same) {
			visit_items(meta, v, &items, &lines);
			items_at = arena.len;
			strbuf_add(&arena, strbuf_str(&items), items.len + 1);
			lines_at = arena.len;
			strbuf_add(&arena, strbuf_str(&lines), lines.len + 1);
		}
		last_strata = v->strata;
		last_nstrata = v->nstrata;
		at[4 * i] = items_at;
		at[4 * i + 1] = lines_at;
		at[4 * i + 2] = arena.len;
		join_names(v->team, v->nteam, &team);
		strbuf_add(&arena, strbuf_str(&team), team.len + 1);
		at[4 * i + 3] = arena.len;
		join_names(v->experts, v->nexperts, &experts);
		strbuf_add(&arena, strbuf_str(&experts), experts.len + 1);
		tasks[i] = (struct task){
		    .kind = "random",
		    .draw_id = r->id,
		    .visit_no = (long)i,
		    .uscc = v->uscc,
		    .plan_year = r->year,
		    .slot = v->slot,
		    .mode = v->mode,
		    .created_at = now,
		    .created_by = s->name,
		    .unit_id = unit,
		};
		*no_team += !v->nteam;
	}
	for (size_t i = 0; i < result->nvisits; i++) {
		tasks[i].items = arena.buf + at[4 * i];
		tasks[i].plan_lines = arena.buf + at[4 * i + 1];
		tasks[i].team = arena.buf + at[4 * i + 2];
		tasks[i].experts = arena.buf + at[4 * i + 3];
	}
	int rc = store_task_insert_many(s->st, tasks, result->nvisits, err);
	free(tasks);
	free(at);
	strbuf_release(&arena);
	strbuf_release(&items);
	strbuf_release(&lines);
	strbuf_release(&team);
	strbuf_release(&experts);
	return rc;
}

int op_draw_run(struct op_session *s, long id, const char *beacon_entered, const unsigned char *salt_key,
		struct op_draw_ran *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	out->id = id;
	struct draw_copy c;
	if (draw_load(s, id, &c, d))
		return -1;
	const struct draw_row *r = &c.row;
	char *err = NULL, now[26];
	json_t *meta = NULL;
	char *result_cj = NULL, *beacon = NULL, *inputs = NULL;
	size_t inputs_len = 0;
	struct draw_visits result = {0};
	unsigned char salt[32];
	int rc = -1;
	if (op_authorize(s, ACT_DRAW_RUN, draw_unit(r), NULL, d))
		goto out;
	if (strcmp(r->state, "announced")) {
		if (!strcmp(r->state, "void"))
			op_fail(d, OP_CONFLICT, "第 %ld 号抽取已作废，不能运行", id);
		else
			op_fail(d, OP_CONFLICT,
				"第 %ld 号抽取已于 %s 由 %s "
				"运行，一次抽取只能运行一次；确需重新抽取，请重新公告并说明理由",
				id, r->run_at, r->run_by);
		goto out;
	}
	timing_mark("load draw row");
	clock_now(now);
	if (*r->beacon_date && strncmp(now, r->beacon_date, 10) < 0) {
		op_fail(d, OP_CONFLICT,
			"第 %ld 号抽取的公告写明公开随机数于 %s 产生：在此之前不能运行（今天是 %.10s）", id,
			r->beacon_date, now);
		goto out;
	}
	if (strcmp(now, r->announced_at) <= 0)
		op_note(d, "运行时间不晚于公告时间，公开随机数应在公告之后产生");
	beacon = draw_beacon_trim(beacon_entered, &err);
	if (!beacon) {
		op_fail_at(d, OP_INVALID, "beacon", "公开随机数: %s", err ? err : "无效");
		free(err);
		err = NULL;
		goto out;
	}
	if (salt_open(salt_key, r->salt, r->salt_commitment, salt)) {
		if (salt_is_sealed(r->salt))
			op_fail(d, OP_ERROR,
				"第 %ld 号抽取的盐值已加密保存，%s：没有本单位的盐值密钥文件，不能运行抽取",
				id,
				salt_key ? "但不能用现有的盐值密钥打开（密钥不符或记录被改动）"
					 : "找不到盐值密钥文件");
		else
			op_fail(d, OP_ERROR, "第 %ld 号抽取记录已损坏（盐值）", id);
		goto out;
	}
	if (store_draw_inputs(s->st, id, &inputs, &inputs_len, &err) ||
	    !(meta = cj_load(r->meta, strlen(r->meta), &err))) {
		op_fail_take(d, OP_ERROR, err, "抽取记录已损坏");
		err = NULL;
		goto out;
	}
	timing_mark("load inputs");
	/* the stored text is checked against inputs_hash and read in one pass (core/draw-parse.c) */
	if (draw_compute_text(inputs, inputs_len, r->inputs_hash, salt, beacon, &result, &err)) {
		op_fail(d, OP_ERROR, "第 %ld 号抽取: %s", id, err);
		goto out;
	}
	timing_mark("draw_compute");
	result_cj = draw_visits_cj(&result, NULL);
	timing_mark("result text");
	if (store_begin(s->st, &err)) {
		store_failed(d, err);
		err = NULL;
		goto out;
	}
	int set = store_draw_set_result(s->st, id, beacon, result_cj, now, s->name, &err);
	char subject[32];
	snprintf(subject, sizeof(subject), "draw:%ld", id);
	if (set || insert_tasks(s, r, meta, &result, now, &out->no_team, &err) ||
	    store_audit_record(s->st, now, s->name, "draw run", subject, &err) || store_commit(s->st, &err)) {
		store_rollback(s->st);
		if (set > 0 && !err)
			op_fail(d, OP_CONFLICT, "该抽取已被另一操作运行");
		else
			store_failed(d, err);
		err = NULL;
		goto out;
	}
	timing_mark("tasks, audit, commit");
	out->visits = result.nvisits;
	rc = 0;
out:
	free(err);
	free(beacon);
	free(result_cj);
	draw_visits_release(&result); /* before the text it borrows from */
	free(inputs);
	json_decref(meta);
	memset(salt, 0, sizeof(salt));
	draw_copy_release(&c);
	return rc;
}

int op_draw_approve(struct op_session *s, long id, const char *reason, struct op_diag *d)
{
	struct draw_copy c;
	if (draw_load(s, id, &c, d))
		return -1;
	const struct draw_row *r = &c.row;
	char *err = NULL, now[26], subject[32];
	int rc = -1;
	if (op_authorize(s, ACT_DRAW_APPROVE, draw_unit(r), NULL, d))
		goto out;
	if (!reason || !*reason) {
		op_fail_at(d, OP_INVALID, "reason", "批准重新抽取须说明理由（记入抽取记录和审计链）");
		goto out;
	}
	if (!strcmp(r->state, "void")) {
		op_fail(d, OP_CONFLICT, "第 %ld 号抽取已作废，无须批准", id);
		goto out;
	}
	if (*r->redraw_approved_by) {
		op_fail(d, OP_CONFLICT, "第 %ld 号抽取已于 %s 由 %s 批准重新抽取", id, r->redraw_approved_at,
			r->redraw_approved_by);
		goto out;
	}
	clock_now(now);
	snprintf(subject, sizeof(subject), "draw:%ld", id);
	if (store_begin(s->st, &err) || store_draw_approve_redraw(s->st, id, s->name, now, reason, &err) ||
	    store_audit_record(s->st, now, s->name, "draw approve redraw", subject, &err) ||
	    store_commit(s->st, &err)) {
		store_rollback(s->st);
		store_failed(d, err);
		goto out;
	}
	rc = 0;
out:
	draw_copy_release(&c);
	return rc;
}
