/*
 * This file implements the annual plan's versions and lines in SQLite (see plan.h): reading them,
 * creating a plan, adjusting it into a new version, adding, changing and removing lines of a draft,
 * and filing. Tables plan, plan_version and plan_line (schema.c, migration 3); triggers there refuse
 * any change to a filed version even from outside this file.
 */
#include "store/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define VERSION_COLS                                                                                         \
	"id, unit_id, year, version, status, date, reason, created_at, created_by, coalesce(filed_at, ''),"  \
	" coalesce(filed_by, ''), coalesce(filed_date, ''), late, coalesce(content_hash, '')"

#define LINE_COLS                                                                                            \
	"line_no, name, type, items, initiator, participants, classes, city_managed, regions, industries, "  \
	"tags,"                                                                                              \
	" positive, period, rule, value, staff_departments, grp, note, partners"

void plan_version_release(struct plan_version *v)
{
	free(v->reason);
	free(v->created_at);
	free(v->created_by);
	free(v->filed_at);
	free(v->filed_by);
	memset(v, 0, sizeof(*v));
}

int plan_version_filed(const struct plan_version *v)
{
	return !strcmp(v->status, "filed");
}

static void read_version(sqlite3_stmt *s, struct plan_version *v)
{
	memset(v, 0, sizeof(*v));
	v->id = (long)sqlite3_column_int64(s, 0);
	v->unit_id = (long)sqlite3_column_int64(s, 1);
	v->year = sqlite3_column_int(s, 2);
	v->version = sqlite3_column_int(s, 3);
	snprintf(v->status, sizeof(v->status), "%s", db_col(s, 4));
	snprintf(v->date, sizeof(v->date), "%s", db_col(s, 5));
	v->reason = xstrdup(db_col(s, 6));
	v->created_at = xstrdup(db_col(s, 7));
	v->created_by = xstrdup(db_col(s, 8));
	v->filed_at = xstrdup(db_col(s, 9));
	v->filed_by = xstrdup(db_col(s, 10));
	snprintf(v->filed_date, sizeof(v->filed_date), "%s", db_col(s, 11));
	v->late = sqlite3_column_int(s, 12);
	snprintf(v->content_hash, sizeof(v->content_hash), "%s", db_col(s, 13));
}

static int get_version(struct store *st, const char *sql, long unit, int year, int version,
		       struct plan_version *v, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	if (version)
		sqlite3_bind_int(s, 3, version);
	int rc = sqlite3_step(s);
	int found = 0;
	if (rc == SQLITE_ROW) {
		read_version(s, v);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(st, "读取抽查计划", err);
	}
	sqlite3_finalize(s);
	return found;
}

int store_plan_current(struct store *st, long unit, int year, struct plan_version *v, char **err)
{
	return get_version(st,
			   "SELECT " VERSION_COLS " FROM plan_version WHERE unit_id = ? AND year = ?"
			   " ORDER BY version DESC LIMIT 1",
			   unit, year, 0, v, err);
}

int store_plan_version_get(struct store *st, long unit, int year, int version, struct plan_version *v,
			   char **err)
{
	return get_version(
	    st, "SELECT " VERSION_COLS " FROM plan_version WHERE unit_id = ? AND year = ? AND version = ?",
	    unit, year, version, v, err);
}

int store_plan_versions(struct store *st, long unit, int year,
			int (*fn)(const struct plan_version *v, void *arg), void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT " VERSION_COLS
		       " FROM plan_version WHERE unit_id = ? AND year = ? ORDER BY version",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct plan_version v;
		read_version(s, &v);
		int r = fn(&v, arg);
		plan_version_release(&v);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取计划版本", err);
}

/* ---- items ---- */

int store_item_get(struct store *st, const char *code, struct plan_item *it, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"SELECT code, name, department, content, legal_basis, classes, method FROM item_version"
		" WHERE k = ? AND valid_to IS NULL AND removed = 0",
		&s, err))
		return -1;
	sqlite3_bind_text(s, 1, code, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s), found = 0;
	if (rc == SQLITE_ROW) {
		it->code = xstrdup(db_col(s, 0));
		it->name = xstrdup(db_col(s, 1));
		it->department = xstrdup(db_col(s, 2));
		it->content = xstrdup(db_col(s, 3));
		it->legal_basis = xstrdup(db_col(s, 4));
		it->classes = xstrdup(db_col(s, 5));
		it->method = xstrdup(db_col(s, 6));
		it->class_mask = plan_class_mask(it->classes);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(st, "读取抽查事项", err);
	}
	sqlite3_finalize(s);
	return found;
}

int store_item_next(struct store *st, struct item_walk *w, char **err)
{
	size_t len;
	item_walk_release(w);
	const char *e = plan_list_next(&w->cur, &len);
	if (!e)
		return 0;
	w->code = xstrndup(e, len);
	int found = store_item_get(st, w->code, &w->it, err);
	if (found < 0)
		return -1;
	w->listed = found;
	return 1;
}

void item_walk_release(struct item_walk *w)
{
	free(w->code);
	w->code = NULL;
	w->listed = 0;
	plan_item_release(&w->it);
}

/* ---- lines ---- */

static void read_line(sqlite3_stmt *s, struct plan_line *l)
{
	plan_line_init(l);
	l->no = sqlite3_column_int(s, 0);
	plan_set_str(&l->name, db_col(s, 1));
	plan_set_str(&l->type, db_col(s, 2));
	plan_set_str(&l->items, db_col(s, 3));
	plan_set_str(&l->initiator, db_col(s, 4));
	plan_set_str(&l->participants, db_col(s, 5));
	plan_set_str(&l->classes, db_col(s, 6));
	plan_set_str(&l->city_managed, db_col(s, 7));
	plan_set_str(&l->regions, db_col(s, 8));
	plan_set_str(&l->industries, db_col(s, 9));
	plan_set_str(&l->tags, db_col(s, 10));
	plan_set_str(&l->positive, db_col(s, 11));
	period_from_name(db_col(s, 12), &l->period);
	quota_rule_from_name(db_col(s, 13), &l->quota.rule);
	l->quota.value = (long)sqlite3_column_int64(s, 14);
	plan_set_str(&l->staff_departments, db_col(s, 15));
	plan_set_str(&l->group, db_col(s, 16));
	plan_set_str(&l->note, db_col(s, 17));
	plan_set_str(&l->partners, db_col(s, 18));
}

void plan_lines_free(struct plan_line *lines, size_t n)
{
	for (size_t i = 0; i < n; i++)
		plan_line_release(&lines[i]);
	free(lines);
}

/* The union of the current item list's classes over the line's item codes. */
static int line_item_classes(struct store *st, struct plan_line *l, char **err)
{
	unsigned mask = 0;
	struct item_walk w = ITEM_WALK(l->items);
	int r;
	while ((r = store_item_next(st, &w, err)) > 0)
		if (w.listed)
			mask |= w.it.class_mask;
	item_walk_release(&w);
	l->item_classes = mask;
	return r < 0 ? -1 : 0;
}

int store_plan_lines(struct store *st, long version_id, struct plan_line **lines, size_t *n, char **err)
{
	sqlite3_stmt *s;
	*lines = NULL;
	*n = 0;
	if (db_prepare(st, "SELECT " LINE_COLS " FROM plan_line WHERE version_id = ? ORDER BY line_no", &s,
		       err))
		return -1;
	sqlite3_bind_int64(s, 1, version_id);
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		ALLOC_GROW(*lines, *n + 1, alloc);
		read_line(s, &(*lines)[(*n)++]);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		db_fail(st, "读取计划事项", err);
		goto fail;
	}
	for (size_t i = 0; i < *n; i++)
		if (line_item_classes(st, &(*lines)[i], err))
			goto fail;
	return 0;
fail:
	plan_lines_free(*lines, *n);
	*lines = NULL;
	*n = 0;
	return -1;
}

/* ---- hashing ---- */

static void version_header(const struct plan_version *v, struct strbuf *sb)
{
	/* a branch's versions name their unit; the top unit's text stays as it was before units */
	if (v->unit_id > 1)
		strbuf_addf(sb, "unit\x1f%ld\x1e", v->unit_id);
	strbuf_addf(sb,
		    "year\x1f%d\x1eversion\x1f%d\x1e"
		    "date\x1f%s\x1ereason\x1f%s\x1e",
		    v->year, v->version, v->date, v->reason ? v->reason : "");
}

void plan_content_hash(const struct plan_version *v, const struct plan_line *lines, size_t n, char hex[65])
{
	struct strbuf sb = STRBUF_INIT;
	version_header(v, &sb);
	for (size_t i = 0; i < n; i++) {
		strbuf_adds(&sb, "line\x1e");
		plan_line_canonical(&lines[i], &sb);
	}
	sha256_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
}

/* An entry for "subject" over its rows as they now are (store_audit_rehash_plan, store/audit-rows.c). */
static int audit(struct store *st, const char *at, const char *actor, const char *action, const char *subject,
		 char **err)
{
	return store_audit_record(st, at, actor, action, subject, err);
}

static void line_removed_text(int no, struct strbuf *sb);

/* ---- changes (inside the caller's transaction) ---- */

void plan_subject(char *buf, size_t n, long unit, int year, int version)
{
	if (unit <= 1)
		snprintf(buf, n, "plan:%d/v%d", year, version);
	else
		snprintf(buf, n, "plan:u%ld/%d/v%d", unit, year, version);
}

/* The current version, which must exist and (when want_draft) be a draft. */
static int current_for_change(struct store *st, long unit, int year, int want_draft, struct plan_version *v,
			      char **err)
{
	int found = store_plan_current(st, unit, year, v, err);
	if (found < 0)
		return -1;
	if (!found)
		return set_err(err, "没有 %d 年度抽查计划，请先运行 suiji plan new --year %d", year, year);
	if (want_draft && plan_version_filed(v)) {
		set_err(err,
			"%d 年度计划当前版本（第%d版）已于 %s 备案，不能修改；如需调整，请先运行 suiji plan "
			"adjust --year %d --reason 调整原因",
			year, v->version, v->filed_date, year);
		plan_version_release(v);
		return -1;
	}
	return 0;
}

static int step_done(struct store *st, sqlite3_stmt *s, const char *what, char **err)
{
	int ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	return ok ? 0 : db_fail(st, what, err);
}

static int version_audit(struct store *st, const struct plan_version *v, const char *action,
			 const char *actor, const char *at, char **err)
{
	char subject[64];
	plan_subject(subject, sizeof(subject), v->unit_id, v->year, v->version);
	return audit(st, at, actor, action, subject, err);
}

int store_plan_new(struct store *st, long unit, int year, const char *date, const char *actor, const char *at,
		   char **err)
{
	struct plan_version cur;
	int found = store_plan_current(st, unit, year, &cur, err);
	if (found < 0)
		return -1;
	if (found) {
		set_err(err, "%d 年度抽查计划已存在（当前为第%d版，%s）；调整计划请用 suiji plan adjust",
			year, cur.version, plan_version_filed(&cur) ? "已备案" : "草稿");
		plan_version_release(&cur);
		return -1;
	}
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"INSERT INTO plan(unit_id, year, next_line, created_at, created_by) VALUES (?, ?, 1, ?, ?)",
		&s, err))
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_text(s, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, actor, -1, SQLITE_STATIC);
	if (step_done(st, s, "创建抽查计划", err))
		return -1;
	if (db_prepare(st,
		       "INSERT INTO plan_version(unit_id, year, version, status, date, reason, created_at, "
		       "created_by)"
		       " VALUES (?, ?, 1, 'draft', ?, '', ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_text(s, 3, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, actor, -1, SQLITE_STATIC);
	if (step_done(st, s, "创建计划版本", err))
		return -1;
	struct plan_version v = {.unit_id = unit, .year = year, .version = 1, .reason = ""};
	snprintf(v.date, sizeof(v.date), "%s", date);
	return version_audit(st, &v, "plan new", actor, at, err);
}

static int line_audit(struct store *st, const struct plan_version *v, int no, const struct plan_line *l,
		      const char *action, const char *actor, const char *at, char **err);

int store_plan_adjust(struct store *st, long unit, int year, const char *date, const char *reason,
		      const char *actor, const char *at, int *version, char **err)
{
	struct plan_version cur;
	if (current_for_change(st, unit, year, 0, &cur, err))
		return -1;
	int rc = -1;
	if (!plan_version_filed(&cur)) {
		set_err(err, "%d 年度计划当前版本（第%d版）是草稿、尚未备案，可直接修改，不必另建调整版本",
			year, cur.version);
		goto out;
	}
	if (strcmp(date, cur.date) < 0) {
		set_err(err, "调整日期 %s 早于当前版本（第%d版）的日期 %s", date, cur.version, cur.date);
		goto out;
	}
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"INSERT INTO plan_version(unit_id, year, version, status, date, reason, based_on, created_at,"
		" created_by) VALUES (?, ?, ?, 'draft', ?, ?, ?, ?, ?)",
		&s, err))
		goto out;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_int(s, 3, cur.version + 1);
	sqlite3_bind_text(s, 4, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, cur.id);
	sqlite3_bind_text(s, 7, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, actor, -1, SQLITE_STATIC);
	if (step_done(st, s, "创建调整版本", err))
		goto out;
	long new_id = (long)sqlite3_last_insert_rowid(st->db);
	if (db_prepare(st,
		       "INSERT INTO plan_line(version_id, " LINE_COLS ") SELECT ?, " LINE_COLS
		       " FROM plan_line WHERE version_id = ?",
		       &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, new_id);
	sqlite3_bind_int64(s, 2, cur.id);
	if (step_done(st, s, "复制计划事项", err))
		goto out;
	*version = cur.version + 1;
	struct plan_version v = {
	    .unit_id = unit, .year = year, .version = *version, .reason = (char *)reason};
	snprintf(v.date, sizeof(v.date), "%s", date);
	rc = version_audit(st, &v, "plan adjust", actor, at, err);
	/* each line copied into the new draft gets its entry, as a line added to it would */
	if (!rc &&
	    db_prepare(st, "SELECT line_no FROM plan_line WHERE version_id = ? ORDER BY line_no", &s, err))
		rc = -1;
	if (!rc) {
		sqlite3_bind_int64(s, 1, new_id);
		int step = SQLITE_DONE;
		while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW)
			rc = line_audit(st, &v, sqlite3_column_int(s, 0), NULL, "plan adjust (line copied)",
					actor, at, err);
		if (!rc && step != SQLITE_DONE)
			rc = db_fail(st, "复制计划事项", err);
		sqlite3_finalize(s);
	}
out:
	plan_version_release(&cur);
	return rc;
}

/* The checks a line must pass against the store before it enters a draft. */
static int check_line_refs(struct store *st, const struct plan_version *v, const struct plan_line *l,
			   char **err)
{
	struct strbuf why = STRBUF_INIT;
	struct item_walk w = ITEM_WALK(l->items);
	int r;
	while ((r = store_item_next(st, &w, err)) > 0) {
		if (!w.listed)
			strbuf_addf(&why, "%s无事项清单不检查：事项 %s 不在随机抽查事项清单中",
				    why.len ? "\n" : "", w.code);
		else if (!*w.it.legal_basis)
			strbuf_addf(&why, "%s无法律依据不检查：事项 %s 没有法律依据", why.len ? "\n" : "",
				    w.code);
		else if (*l->classes && !(plan_class_mask(l->classes) & w.it.class_mask))
			strbuf_addf(&why, "%s事项 %s 的适用类别为“%s”，不适用于本计划事项所选的“%s”对象",
				    why.len ? "\n" : "", w.code, w.it.classes, l->classes);
	}
	item_walk_release(&w);
	if (r < 0) {
		strbuf_release(&why);
		return -1;
	}
	if (*l->group) {
		sqlite3_stmt *s;
		if (db_prepare(st,
			       "SELECT line_no, period FROM plan_line WHERE version_id = ? AND grp = ? AND "
			       "line_no <> ? LIMIT 1",
			       &s, err)) {
			strbuf_release(&why);
			return -1;
		}
		sqlite3_bind_int64(s, 1, v->id);
		sqlite3_bind_text(s, 2, l->group, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 3, l->no);
		if (sqlite3_step(s) == SQLITE_ROW && strcmp(db_col(s, 1), period_name(l->period))) {
			enum plan_period other = PERIOD_QUARTER;
			period_from_name(db_col(s, 1), &other);
			strbuf_addf(
			    &why, "%s联合抽查组“%s”中的第%d项按%s抽取，同一组的计划事项应按相同时段抽取",
			    why.len ? "\n" : "", l->group, sqlite3_column_int(s, 0), period_zh(other));
		}
		sqlite3_finalize(s);
	}
	if (why.len) {
		if (err)
			*err = strbuf_detach(&why);
		strbuf_release(&why);
		return -1;
	}
	strbuf_release(&why);
	return 0;
}

static void bind_line(sqlite3_stmt *s, int first, const struct plan_line *l)
{
	int i = first;
	sqlite3_bind_text(s, i++, l->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->items, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->initiator, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->participants, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->classes, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->city_managed, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->regions, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->industries, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->tags, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->positive, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, period_name(l->period), -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, quota_rule_name(l->quota.rule), -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, i++, l->quota.value);
	sqlite3_bind_text(s, i++, l->staff_departments, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->group, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->note, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, i++, l->partners, -1, SQLITE_STATIC);
}

static int line_audit(struct store *st, const struct plan_version *v, int no, const struct plan_line *l,
		      const char *action, const char *actor, const char *at, char **err)
{
	char subject[64], line[96];
	(void)l; /* the entry covers the line's row as stored, or its absence once removed */
	plan_subject(subject, sizeof(subject), v->unit_id, v->year, v->version);
	snprintf(line, sizeof(line), "%s/line:%d", subject, no);
	return audit(st, at, actor, action, line, err);
}

int store_plan_line_add(struct store *st, long unit, int year, struct plan_line *l, const char *actor,
			const char *at, char **err)
{
	struct plan_version v;
	sqlite3_stmt *s;
	if (current_for_change(st, unit, year, 1, &v, err))
		return -1;
	int rc = -1, no = 0;
	if (db_prepare(st, "SELECT next_line FROM plan WHERE unit_id = ? AND year = ?", &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	if (sqlite3_step(s) == SQLITE_ROW)
		no = sqlite3_column_int(s, 0);
	sqlite3_finalize(s);
	if (no <= 0) {
		db_fail(st, "读取计划编号", err);
		goto out;
	}
	l->no = no;
	if (check_line_refs(st, &v, l, err))
		goto out;
	if (db_prepare(st,
		       "INSERT INTO plan_line(version_id, " LINE_COLS
		       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, v.id);
	sqlite3_bind_int(s, 2, no);
	bind_line(s, 3, l);
	if (step_done(st, s, "写入计划事项", err))
		goto out;
	if (db_prepare(st, "UPDATE plan SET next_line = next_line + 1 WHERE unit_id = ? AND year = ?", &s,
		       err))
		goto out;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	if (step_done(st, s, "更新计划编号", err))
		goto out;
	rc = line_audit(st, &v, no, l, "plan line add", actor, at, err);
out:
	plan_version_release(&v);
	return rc;
}

int store_plan_line_update(struct store *st, long unit, int year, const struct plan_line *l,
			   const char *actor, const char *at, char **err)
{
	struct plan_version v;
	sqlite3_stmt *s;
	if (current_for_change(st, unit, year, 1, &v, err))
		return -1;
	int rc = -1;
	if (check_line_refs(st, &v, l, err))
		goto out;
	if (db_prepare(st,
		       "UPDATE plan_line SET name = ?, type = ?, items = ?, initiator = ?, participants = ?, "
		       "classes = ?,"
		       " city_managed = ?, regions = ?, industries = ?, tags = ?, positive = ?, period = ?, "
		       "rule = ?,"
		       " value = ?, staff_departments = ?, grp = ?, note = ?, partners = ? WHERE version_id "
		       "= ? AND line_no = ?",
		       &s, err))
		goto out;
	bind_line(s, 1, l);
	sqlite3_bind_int64(s, 19, v.id);
	sqlite3_bind_int(s, 20, l->no);
	if (step_done(st, s, "修改计划事项", err))
		goto out;
	if (!sqlite3_changes(st->db)) {
		set_err(err, "%d 年度计划第%d版中没有第%d项", year, v.version, l->no);
		goto out;
	}
	rc = line_audit(st, &v, l->no, l, "plan line edit", actor, at, err);
out:
	plan_version_release(&v);
	return rc;
}

int store_plan_line_remove(struct store *st, long unit, int year, int no, const char *actor, const char *at,
			   char **err)
{
	struct plan_version v;
	sqlite3_stmt *s;
	if (current_for_change(st, unit, year, 1, &v, err))
		return -1;
	int rc = -1;
	if (db_prepare(st, "DELETE FROM plan_line WHERE version_id = ? AND line_no = ?", &s, err))
		goto out;
	sqlite3_bind_int64(s, 1, v.id);
	sqlite3_bind_int(s, 2, no);
	if (step_done(st, s, "删除计划事项", err))
		goto out;
	if (!sqlite3_changes(st->db)) {
		set_err(err, "%d 年度计划第%d版中没有第%d项", year, v.version, no);
		goto out;
	}
	rc = line_audit(st, &v, no, NULL, "plan line remove", actor, at, err);
out:
	plan_version_release(&v);
	return rc;
}

int store_plan_file(struct store *st, long unit, int year, const char *today, const char *actor,
		    const char *at, struct plan_version *out, char **err)
{
	struct plan_version v;
	struct plan_line *lines = NULL;
	size_t n = 0;
	sqlite3_stmt *s;
	if (current_for_change(st, unit, year, 1, &v, err))
		return -1;
	int rc = -1;
	if (store_plan_lines(st, v.id, &lines, &n, err))
		goto out;
	if (!n) {
		set_err(err, "%d 年度计划第%d版没有任何计划事项，不能备案", year, v.version);
		goto out;
	}
	char hash[65], subject[64];
	plan_content_hash(&v, lines, n, hash);
	int late = plan_filing_late(year, v.version, today);
	if (db_prepare(st,
		       "UPDATE plan_version SET status = 'filed', filed_at = ?, filed_by = ?, filed_date = "
		       "?, late = ?,"
		       " content_hash = ? WHERE id = ? AND status = 'draft'",
		       &s, err))
		goto out;
	sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, late);
	sqlite3_bind_text(s, 5, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, v.id);
	if (step_done(st, s, "计划备案", err))
		goto out;
	if (sqlite3_changes(st->db) != 1) {
		set_err(err, "计划备案失败：第%d版已不是草稿", v.version);
		goto out;
	}
	plan_subject(subject, sizeof(subject), unit, year, v.version);
	if (audit(st, at, actor, late ? "plan file (late)" : "plan file", subject, err))
		goto out;
	rc = store_plan_version_get(st, unit, year, v.version, out, err) == 1 ? 0 : -1;
out:
	plan_lines_free(lines, n);
	plan_version_release(&v);
	return rc;
}

/* ---- the audit chain ---- */

static void line_removed_text(int no, struct strbuf *sb)
{
	strbuf_addf(sb, "removed\x1f%d\x1e", no);
}

/* ---- the filings of branches (the city's inbox) ---- */

#define FILING_COLS                                                                                          \
	"f.id, f.unit_id, f.version_id, f.year, f.version, f.state, f.filed_at, f.filed_by,"                 \
	" coalesce(f.reviewed_at, ''), coalesce(f.reviewed_by, ''), f.reason, coalesce(u.name, '')"

static void read_filing(sqlite3_stmt *s, struct plan_filing *f)
{
	memset(f, 0, sizeof(*f));
	f->id = (long)sqlite3_column_int64(s, 0);
	f->unit_id = (long)sqlite3_column_int64(s, 1);
	f->version_id = (long)sqlite3_column_int64(s, 2);
	f->year = sqlite3_column_int(s, 3);
	f->version = sqlite3_column_int(s, 4);
	snprintf(f->state, sizeof(f->state), "%s", db_col(s, 5));
	snprintf(f->filed_at, sizeof(f->filed_at), "%s", db_col(s, 6));
	snprintf(f->filed_by, sizeof(f->filed_by), "%s", db_col(s, 7));
	snprintf(f->reviewed_at, sizeof(f->reviewed_at), "%s", db_col(s, 8));
	snprintf(f->reviewed_by, sizeof(f->reviewed_by), "%s", db_col(s, 9));
	snprintf(f->reason, sizeof(f->reason), "%s", db_col(s, 10));
	snprintf(f->unit_name, sizeof(f->unit_name), "%s", db_col(s, 11));
}

static void filing_text(const struct plan_filing *f, struct strbuf *sb)
{
	strbuf_addf(sb,
		    "unit\x1f%ld\x1eyear\x1f%d\x1eversion\x1f%d\x1estate\x1f%s\x1e"
		    "filed_at\x1f%s\x1e"
		    "filed_by\x1f%s\x1ereviewed_at\x1f%s\x1ereviewed_by\x1f%s\x1ereason\x1f%s\x1e",
		    f->unit_id, f->year, f->version, f->state, f->filed_at, f->filed_by, f->reviewed_at,
		    f->reviewed_by, f->reason);
}

static int filing_by(struct store *st, const char *where, long a, int b, struct plan_filing *f, char **err)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
		 "SELECT " FILING_COLS " FROM plan_filing f LEFT JOIN unit u ON u.id = f.unit_id WHERE %s"
		 " ORDER BY f.id DESC LIMIT 1",
		 where);
	sqlite3_stmt *s;
	if (db_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, a);
	sqlite3_bind_int(s, 2, b);
	int rc = sqlite3_step(s), found = 0;
	if (rc == SQLITE_ROW) {
		read_filing(s, f);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(st, "读取计划备案", err);
	}
	sqlite3_finalize(s);
	return found;
}

static int filing_audit(struct store *st, const struct plan_filing *f, const char *action, const char *actor,
			const char *at, char **err)
{
	char subject[64], full[96];
	plan_subject(subject, sizeof(subject), f->unit_id, f->year, f->version);
	snprintf(full, sizeof(full), "%s/filing", subject);
	return audit(st, at, actor, action, full, err);
}

int store_plan_filing_add(struct store *st, const struct plan_version *v, const char *actor, const char *at,
			  char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"INSERT INTO plan_filing(version_id, unit_id, year, version, state, filed_at, filed_by)"
		" VALUES (?, ?, ?, ?, '待审', ?, ?)",
		&s, err))
		return -1;
	sqlite3_bind_int64(s, 1, v->id);
	sqlite3_bind_int64(s, 2, v->unit_id);
	sqlite3_bind_int(s, 3, v->year);
	sqlite3_bind_int(s, 4, v->version);
	sqlite3_bind_text(s, 5, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, actor, -1, SQLITE_STATIC);
	if (step_done(st, s, "登记计划备案", err))
		return -1;
	struct plan_filing f;
	if (filing_by(st, "f.version_id = ?1 AND ?2 = ?2", v->id, 0, &f, err) != 1)
		return err && *err ? -1 : set_err(err, "登记计划备案失败");
	return filing_audit(st, &f, "plan filing", actor, at, err);
}

int store_plan_filing_get(struct store *st, long unit, int year, struct plan_filing *f, char **err)
{
	return filing_by(st, "f.unit_id = ?1 AND f.year = ?2", unit, year, f, err);
}

int store_plan_filings(struct store *st, int (*fn)(const struct plan_filing *f, void *arg), void *arg,
		       char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT " FILING_COLS " FROM plan_filing f LEFT JOIN unit u ON u.id = f.unit_id"
		       " ORDER BY f.state <> '待审', f.id DESC",
		       &s, err))
		return -1;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct plan_filing f;
		read_filing(s, &f);
		int r = fn(&f, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取计划备案", err);
}

int store_plan_filing_review(struct store *st, long id, const char *state, const char *reason,
			     const char *actor, const char *at, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "UPDATE plan_filing SET state = ?, reason = ?, reviewed_at = ?, reviewed_by = ?"
		       " WHERE id = ? AND state = '待审'",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, state, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, id);
	if (step_done(st, s, "审核计划备案", err))
		return -1;
	if (sqlite3_changes(st->db) != 1)
		return set_err(err, "该计划备案已审核");
	struct plan_filing f;
	if (filing_by(st, "f.id = ?1 AND ?2 = ?2", id, 0, &f, err) != 1)
		return -1;
	return filing_audit(st, &f, !strcmp(state, "已接收") ? "plan accept" : "plan return", actor, at, err);
}

int store_audit_rehash_plan_v1(struct store *st, const char *id, char hex[65], char **err)
{
	int year = 0, version = 0, no = 0, filing = 0;
	long unit = 1;
	const char *rest = audit_subject_unit(id, &unit);
	if (!rest || audit_plan_subject(rest, &year, &version, &filing, &no))
		return 1;
	struct plan_version v;
	int found = store_plan_version_get(st, unit, year, version, &v, err);
	if (found != 1)
		return found < 0 ? -1 : 1;
	if (filing) {
		struct plan_filing f;
		found = filing_by(st, "f.version_id = ?1 AND ?2 = ?2", v.id, 0, &f, err);
		plan_version_release(&v);
		if (found != 1)
			return found < 0 ? -1 : 1;
		struct strbuf sb = STRBUF_INIT;
		filing_text(&f, &sb);
		sha256_hex(sb.buf, sb.len, hex);
		strbuf_release(&sb);
		return 0;
	}
	struct plan_line *lines = NULL;
	size_t nlines = 0;
	struct strbuf sb = STRBUF_INIT;
	int rc = 0;
	if (store_plan_lines(st, v.id, &lines, &nlines, err)) {
		rc = -1;
	} else if (!no && plan_version_filed(&v)) {
		plan_content_hash(&v, lines, nlines, hex);
	} else {
		if (!no) {
			version_header(&v, &sb);
		} else {
			size_t i = 0;
			while (i < nlines && lines[i].no != no)
				i++;
			if (i < nlines)
				plan_line_canonical(&lines[i], &sb);
			else
				line_removed_text(no, &sb);
		}
		sha256_hex(sb.buf ? sb.buf : "", sb.len, hex);
	}
	strbuf_release(&sb);
	plan_lines_free(lines, nlines);
	plan_version_release(&v);
	return rc;
}
