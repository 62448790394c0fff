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
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define VERSION_COLS                                                                                         \
	"id, year, version, status, date, reason, created_at, created_by, coalesce(filed_at, ''),"           \
	" coalesce(filed_by, ''), coalesce(filed_date, ''), late, coalesce(content_hash, '')"

#define LINE_COLS                                                                                            \
	"line_no, name, type, items, initiator, participants, classes, city_managed, regions, industries, "  \
	"tags,"                                                                                              \
	" positive, period, rule, value, staff_departments, grp, note"

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
	v->year = sqlite3_column_int(s, 1);
	v->version = sqlite3_column_int(s, 2);
	snprintf(v->status, sizeof(v->status), "%s", db_col(s, 3));
	snprintf(v->date, sizeof(v->date), "%s", db_col(s, 4));
	v->reason = xstrdup(db_col(s, 5));
	v->created_at = xstrdup(db_col(s, 6));
	v->created_by = xstrdup(db_col(s, 7));
	v->filed_at = xstrdup(db_col(s, 8));
	v->filed_by = xstrdup(db_col(s, 9));
	snprintf(v->filed_date, sizeof(v->filed_date), "%s", db_col(s, 10));
	v->late = sqlite3_column_int(s, 11);
	snprintf(v->content_hash, sizeof(v->content_hash), "%s", db_col(s, 12));
}

static int get_version(struct store *st, const char *sql, int year, int version, struct plan_version *v,
		       char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, sql, &s, err))
		return -1;
	sqlite3_bind_int(s, 1, year);
	if (version)
		sqlite3_bind_int(s, 2, version);
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

int store_plan_current(struct store *st, int year, struct plan_version *v, char **err)
{
	return get_version(
	    st, "SELECT " VERSION_COLS " FROM plan_version WHERE year = ? ORDER BY version DESC LIMIT 1",
	    year, 0, v, err);
}

int store_plan_version_get(struct store *st, int year, int version, struct plan_version *v, char **err)
{
	return get_version(st, "SELECT " VERSION_COLS " FROM plan_version WHERE year = ? AND version = ?",
			   year, version, v, err);
}

int store_plan_versions(struct store *st, int year, int (*fn)(const struct plan_version *v, void *arg),
			void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " VERSION_COLS " FROM plan_version WHERE year = ? ORDER BY version", &s,
		       err))
		return -1;
	sqlite3_bind_int(s, 1, year);
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

static int audit(struct store *st, const char *at, const char *actor, const char *action, const char *subject,
		 const struct strbuf *content, char **err)
{
	char hash[65];
	sha256_hex(content->buf ? content->buf : "", content->len, hash);
	return store_audit_append(st, at, actor, action, subject, hash, err);
}

static void line_removed_text(int no, struct strbuf *sb);

/* ---- changes ---- */

/* Inside a transaction: the current version, which must exist and (when want_draft) be a draft. */
static int current_for_change(struct store *st, int year, int want_draft, struct plan_version *v, char **err)
{
	int found = store_plan_current(st, year, v, err);
	if (found < 0)
		return -1;
	if (!found)
		return set_err(err, "没有 %d 年度抽查计划，请先运行 suiji plan new --year %d", year, year);
	if (want_draft && plan_version_filed(v)) {
		set_err(err,
			"%d 年度计划当前版本（第%d版）已于 %s 备案，不能修改；如需调整，请先运行 suiji plan "
			"adjust --year %d"
			" --reason 调整原因",
			year, v->version, v->filed_date, year);
		plan_version_release(v);
		return -1;
	}
	return 0;
}

int store_plan_new(struct store *st, int year, const char *date, const char *actor, const char *at,
		   char **err)
{
	if (store_begin(st, err))
		return -1;
	struct plan_version cur;
	int found = store_plan_current(st, year, &cur, err);
	if (found < 0)
		goto fail;
	if (found) {
		set_err(err, "%d 年度抽查计划已存在（当前为第%d版，%s）；调整计划请用 suiji plan adjust",
			year, cur.version, plan_version_filed(&cur) ? "已备案" : "草稿");
		plan_version_release(&cur);
		goto fail;
	}
	sqlite3_stmt *s;
	if (db_prepare(st, "INSERT INTO plan(year, next_line, created_at, created_by) VALUES (?, 1, ?, ?)",
		       &s, err))
		goto fail;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, actor, -1, SQLITE_STATIC);
	int ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok) {
		db_fail(st, "创建抽查计划", err);
		goto fail;
	}
	if (db_prepare(st,
		       "INSERT INTO plan_version(year, version, status, date, reason, created_at, created_by)"
		       " VALUES (?, 1, 'draft', ?, '', ?, ?)",
		       &s, err))
		goto fail;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_text(s, 2, date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, actor, -1, SQLITE_STATIC);
	ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok) {
		db_fail(st, "创建计划版本", err);
		goto fail;
	}
	struct plan_version v = {.year = year, .version = 1, .reason = ""};
	snprintf(v.date, sizeof(v.date), "%s", date);
	struct strbuf sb = STRBUF_INIT;
	char subject[48];
	version_header(&v, &sb);
	snprintf(subject, sizeof(subject), "plan:%d/v1", year);
	int rc = audit(st, at, actor, "plan new", subject, &sb, err);
	strbuf_release(&sb);
	if (rc)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_plan_adjust(struct store *st, int year, const char *date, const char *reason, const char *actor,
		      const char *at, int *version, char **err)
{
	struct plan_version cur;
	if (store_begin(st, err))
		return -1;
	if (current_for_change(st, year, 0, &cur, err))
		goto fail;
	if (!plan_version_filed(&cur)) {
		set_err(err, "%d 年度计划当前版本（第%d版）是草稿、尚未备案，可直接修改，不必另建调整版本",
			year, cur.version);
		plan_version_release(&cur);
		goto fail;
	}
	if (strcmp(date, cur.date) < 0) {
		set_err(err, "调整日期 %s 早于当前版本（第%d版）的日期 %s", date, cur.version, cur.date);
		plan_version_release(&cur);
		goto fail;
	}
	sqlite3_stmt *s;
	int ok = !db_prepare(
	    st,
	    "INSERT INTO plan_version(year, version, status, date, reason, based_on, created_at, created_by)"
	    " VALUES (?, ?, 'draft', ?, ?, ?, ?, ?)",
	    &s, err);
	if (ok) {
		sqlite3_bind_int(s, 1, year);
		sqlite3_bind_int(s, 2, cur.version + 1);
		sqlite3_bind_text(s, 3, date, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, reason, -1, SQLITE_STATIC);
		sqlite3_bind_int64(s, 5, cur.id);
		sqlite3_bind_text(s, 6, at, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 7, actor, -1, SQLITE_STATIC);
		ok = sqlite3_step(s) == SQLITE_DONE;
		sqlite3_finalize(s);
		if (!ok)
			db_fail(st, "创建调整版本", err);
	}
	long new_id = (long)sqlite3_last_insert_rowid(st->db);
	if (ok && !db_prepare(st,
			      "INSERT INTO plan_line(version_id, " LINE_COLS ") SELECT ?, " LINE_COLS
			      " FROM plan_line WHERE version_id = ?",
			      &s, err)) {
		sqlite3_bind_int64(s, 1, new_id);
		sqlite3_bind_int64(s, 2, cur.id);
		ok = sqlite3_step(s) == SQLITE_DONE;
		sqlite3_finalize(s);
		if (!ok)
			db_fail(st, "复制计划事项", err);
	} else {
		ok = 0;
	}
	*version = cur.version + 1;
	plan_version_release(&cur);
	if (!ok)
		goto fail;
	struct plan_version v = {.year = year, .version = *version, .reason = (char *)reason};
	snprintf(v.date, sizeof(v.date), "%s", date);
	struct strbuf sb = STRBUF_INIT;
	char subject[48];
	version_header(&v, &sb);
	snprintf(subject, sizeof(subject), "plan:%d/v%d", year, *version);
	int rc = audit(st, at, actor, "plan adjust", subject, &sb, err);
	strbuf_release(&sb);
	if (rc)
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
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
}

static int line_audit(struct store *st, int year, int version, const struct plan_line *l, const char *action,
		      const char *actor, const char *at, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	char subject[64];
	snprintf(subject, sizeof(subject), "plan:%d/v%d/line:%d", year, version, l->no);
	plan_line_canonical(l, &sb);
	int rc = audit(st, at, actor, action, subject, &sb, err);
	strbuf_release(&sb);
	return rc;
}

int store_plan_line_add(struct store *st, int year, struct plan_line *l, const char *actor, const char *at,
			char **err)
{
	struct plan_version v;
	sqlite3_stmt *s;
	if (store_begin(st, err))
		return -1;
	if (current_for_change(st, year, 1, &v, err))
		goto fail;
	int no = 0;
	if (!db_prepare(st, "SELECT next_line FROM plan WHERE year = ?", &s, err)) {
		sqlite3_bind_int(s, 1, year);
		if (sqlite3_step(s) == SQLITE_ROW)
			no = sqlite3_column_int(s, 0);
		sqlite3_finalize(s);
	}
	if (no <= 0) {
		if (err && !*err)
			db_fail(st, "读取计划编号", err);
		goto fail_v;
	}
	l->no = no;
	if (check_line_refs(st, &v, l, err))
		goto fail_v;
	if (db_prepare(st,
		       "INSERT INTO plan_line(version_id, " LINE_COLS
		       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
		       " ?, ?, ?, ?, ?, ?)",
		       &s, err))
		goto fail_v;
	sqlite3_bind_int64(s, 1, v.id);
	sqlite3_bind_int(s, 2, no);
	bind_line(s, 3, l);
	int ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok) {
		db_fail(st, "写入计划事项", err);
		goto fail_v;
	}
	if (db_prepare(st, "UPDATE plan SET next_line = next_line + 1 WHERE year = ?", &s, err))
		goto fail_v;
	sqlite3_bind_int(s, 1, year);
	ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok) {
		db_fail(st, "更新计划编号", err);
		goto fail_v;
	}
	if (line_audit(st, year, v.version, l, "plan line add", actor, at, err))
		goto fail_v;
	plan_version_release(&v);
	return store_commit(st, err);
fail_v:
	plan_version_release(&v);
fail:
	store_rollback(st);
	return -1;
}

int store_plan_line_update(struct store *st, int year, const struct plan_line *l, const char *actor,
			   const char *at, char **err)
{
	struct plan_version v;
	sqlite3_stmt *s;
	if (store_begin(st, err))
		return -1;
	if (current_for_change(st, year, 1, &v, err))
		goto fail;
	if (check_line_refs(st, &v, l, err))
		goto fail_v;
	if (db_prepare(
		st,
		"UPDATE plan_line SET name = ?, type = ?, items = ?, initiator = ?, participants = ?, "
		"classes = ?,"
		" city_managed = ?, regions = ?, industries = ?, tags = ?, positive = ?, period = ?, rule = "
		"?,"
		" value = ?, staff_departments = ?, grp = ?, note = ? WHERE version_id = ? AND line_no = ?",
		&s, err))
		goto fail_v;
	bind_line(s, 1, l);
	sqlite3_bind_int64(s, 18, v.id);
	sqlite3_bind_int(s, 19, l->no);
	int ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok) {
		db_fail(st, "修改计划事项", err);
		goto fail_v;
	}
	if (!sqlite3_changes(st->db)) {
		set_err(err, "%d 年度计划第%d版中没有第%d项", year, v.version, l->no);
		goto fail_v;
	}
	if (line_audit(st, year, v.version, l, "plan line edit", actor, at, err))
		goto fail_v;
	plan_version_release(&v);
	return store_commit(st, err);
fail_v:
	plan_version_release(&v);
fail:
	store_rollback(st);
	return -1;
}

int store_plan_line_remove(struct store *st, int year, int no, const char *actor, const char *at, char **err)
{
	struct plan_version v;
	sqlite3_stmt *s;
	if (store_begin(st, err))
		return -1;
	if (current_for_change(st, year, 1, &v, err))
		goto fail;
	if (db_prepare(st, "DELETE FROM plan_line WHERE version_id = ? AND line_no = ?", &s, err))
		goto fail_v;
	sqlite3_bind_int64(s, 1, v.id);
	sqlite3_bind_int(s, 2, no);
	int ok = sqlite3_step(s) == SQLITE_DONE;
	sqlite3_finalize(s);
	if (!ok) {
		db_fail(st, "删除计划事项", err);
		goto fail_v;
	}
	if (!sqlite3_changes(st->db)) {
		set_err(err, "%d 年度计划第%d版中没有第%d项", year, v.version, no);
		goto fail_v;
	}
	struct strbuf sb = STRBUF_INIT;
	char subject[64];
	line_removed_text(no, &sb);
	snprintf(subject, sizeof(subject), "plan:%d/v%d/line:%d", year, v.version, no);
	int rc = audit(st, at, actor, "plan line remove", subject, &sb, err);
	strbuf_release(&sb);
	if (rc)
		goto fail_v;
	plan_version_release(&v);
	return store_commit(st, err);
fail_v:
	plan_version_release(&v);
fail:
	store_rollback(st);
	return -1;
}

int store_plan_file(struct store *st, int year, const char *today, const char *actor, const char *at,
		    struct plan_version *out, char **err)
{
	struct plan_version v;
	struct plan_line *lines = NULL;
	size_t n = 0;
	sqlite3_stmt *s;
	if (store_begin(st, err))
		return -1;
	if (current_for_change(st, year, 1, &v, err))
		goto fail;
	if (store_plan_lines(st, v.id, &lines, &n, err))
		goto fail_v;
	if (!n) {
		set_err(err, "%d 年度计划第%d版没有任何计划事项，不能备案", year, v.version);
		goto fail_v;
	}
	char hash[65], first_day[16];
	plan_content_hash(&v, lines, n, hash);
	snprintf(first_day, sizeof(first_day), "%04d-01-01", year % 10000);
	int late = v.version == 1 && strcmp(today, first_day) >= 0;
	if (db_prepare(st,
		       "UPDATE plan_version SET status = 'filed', filed_at = ?, filed_by = ?, filed_date = "
		       "?, late = ?,"
		       " content_hash = ? WHERE id = ? AND status = 'draft'",
		       &s, err))
		goto fail_v;
	sqlite3_bind_text(s, 1, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, today, -1, SQLITE_STATIC);
	sqlite3_bind_int(s, 4, late);
	sqlite3_bind_text(s, 5, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 6, v.id);
	int ok = sqlite3_step(s) == SQLITE_DONE && sqlite3_changes(st->db) == 1;
	sqlite3_finalize(s);
	if (!ok) {
		db_fail(st, "计划备案", err);
		goto fail_v;
	}
	char subject[48];
	snprintf(subject, sizeof(subject), "plan:%d/v%d", year, v.version);
	if (store_audit_append(st, at, actor, late ? "plan file (late)" : "plan file", subject, hash, err))
		goto fail_v;
	if (store_commit(st, err))
		goto fail_v;
	plan_lines_free(lines, n);
	int version = v.version;
	plan_version_release(&v);
	return store_plan_version_get(st, year, version, out, err) == 1 ? 0 : -1;
fail_v:
	plan_lines_free(lines, n);
	plan_version_release(&v);
fail:
	store_rollback(st);
	return -1;
}

/* ---- the audit chain ---- */

static void line_removed_text(int no, struct strbuf *sb)
{
	strbuf_addf(sb, "removed\x1f%d\x1e", no);
}

int store_audit_rehash_plan(struct store *st, const char *id, char hex[65], char **err)
{
	int year = 0, version = 0, no = 0, used = 0;
	size_t n = strlen(id);
	if (sscanf(id, "%d/v%d%n", &year, &version, &used) != 2 || year < 1900 || version < 1)
		return 1;
	if ((size_t)used != n && (sscanf(id + used, "/line:%d", &no) != 1 || no < 1))
		return 1;
	struct plan_version v;
	int found = store_plan_version_get(st, year, version, &v, err);
	if (found != 1)
		return found < 0 ? -1 : 1;
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
