/*
 * This file implements the content hashes of the second version ("v2", schema step ROWS_V2_STEP on)
 * of the families whose first version left columns out: results, penalties, disclosure decisions,
 * problems, users, settings, tasks, draws and the annual plan. A v2 hash is SHA-256 of a tag
 * ("suiji-result-v2\n" …) and then, for every row the subject vouches for, in a fixed order, the
 * generic row hash of store_row_hash() (every column, NULLs left out; a few derived columns named
 * here left out too) in hex and "\n" — so every column of those rows is covered, including columns
 * added later. docs/SECURITY.md gives the byte format and the list of columns left out.
 *
 * Databases written before keep verifying: when such a database is migrated past ROWS_V2_STEP,
 * store_rows_v2_migrate() re-records every subject of these families whose newest entry still
 * matches its first-version hash (kept here as the *_v1 functions of each store file), appending an
 * entry "rehash v2" with the v2 hash in the migration's transaction. A subject whose rows no longer
 * match their v1 hash is left as it is, so audit verify keeps reporting it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit-internal.h"
#include "store/plan.h"
#include "store/problem.h"
#include "store/result.h"
#include "store/store-internal.h"
#include "store/task.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* Columns no entry of a task or draw vouches for: derived from other rows (audit-verify.c checks). */
static const char *const task_skip[] = {"state", "cancelled", NULL};
/* A plan's next line number changes with every line added to any of its versions: derived, checked. */
static const char *const plan_skip[] = {"next_line", NULL};

static struct sha256_stream *begin(const char *tag)
{
	struct sha256_stream *h = sha256_stream_new();
	sha256_stream_add(h, tag, strlen(tag));
	return h;
}

/* Finishes h: 0 with hex when rows >= 0 (1 instead when "first" found no row), -1 when rows < 0. */
static int finish(struct sha256_stream *h, long first, long rows, char hex[65])
{
	char dummy[65];
	if (rows < 0 || first <= 0) {
		sha256_stream_finish(h, dummy);
		return rows < 0 || first < 0 ? -1 : 1;
	}
	sha256_stream_finish(h, hex);
	return 0;
}

int store_result_hash_of(struct store *st, long id, char hex[65], char **err)
{
	struct sha256_stream *h = begin("suiji-result-v2\n");
	long first = audit_add_rows(st, h, "result", "WHERE id = ?1", NULL, id, NULL, err), n = first;
	if (n > 0)
		n = audit_add_rows(st, h, "result_item", "WHERE result_id = ?1 ORDER BY item", NULL, id, NULL,
				   err);
	if (n >= 0 && first > 0)
		n = audit_add_rows(st, h, "attachment", "WHERE result_id = ?1 ORDER BY id", NULL, id, NULL,
				   err);
	return finish(h, first, n, hex);
}

int store_penalty_hash_of(struct store *st, long id, char hex[65], char **err)
{
	struct sha256_stream *h = begin("suiji-penalty-v2\n");
	long n = audit_add_rows(st, h, "penalty", "WHERE id = ?1", NULL, id, NULL, err);
	return finish(h, n, n, hex);
}

int store_disclosure_hash_of(struct store *st, long task_id, char hex[65], char **err)
{
	struct sha256_stream *h = begin("suiji-publish-v2\n");
	long n = audit_add_rows(st, h, "disclosure", "WHERE task_id = ?1", NULL, task_id, NULL, err);
	return finish(h, n, n, hex);
}

int store_problem_hash_of(struct store *st, long id, char hex[65], char **err)
{
	struct sha256_stream *h = begin("suiji-problem-v2\n");
	long first = audit_add_rows(st, h, "problem", "WHERE id = ?1", NULL, id, NULL, err), n = first;
	if (n > 0)
		n = audit_add_rows(st, h, "problem_step", "WHERE problem_id = ?1 ORDER BY id", NULL, id, NULL,
				   err);
	if (n >= 0 && first > 0)
		n = audit_add_rows(
		    st, h, "attachment",
		    "WHERE step_id IN (SELECT id FROM problem_step WHERE problem_id = ?1) ORDER BY id", NULL,
		    id, NULL, err);
	return finish(h, first, n, hex);
}

int store_user_hash_of(struct store *st, const char *name, char hex[65], char **err)
{
	struct sha256_stream *h = begin("suiji-user-v3\n");
	long n = audit_add_rows(st, h, "users", "WHERE name = ?2 AND ?1 = 0", NULL, 0, name, err);
	return finish(h, n, n, hex);
}

const char *audit_subject_unit(const char *id, long *unit)
{
	*unit = 1;
	if (*id != 'u')
		return id;
	int used = 0;
	if (sscanf(id, "u%ld/%n", unit, &used) != 1 || !used || *unit <= 1)
		return NULL;
	return id + used;
}

int audit_plan_subject(const char *rest, int *year, int *version, int *filing, int *line)
{
	int used = 0;
	*filing = *line = 0;
	if (sscanf(rest, "%d/v%d%n", year, version, &used) != 2 || *year < 1900 || *version < 1)
		return 1;
	if (!rest[used])
		return 0;
	if (!strcmp(rest + used, "/filing")) {
		*filing = 1;
		return 0;
	}
	return sscanf(rest + used, "/line:%d", line) != 1 || *line < 1;
}

int store_audit_rehash_setting(struct store *st, const char *id, char hex[65], char **err)
{
	long unit = 1;
	if (!(id = audit_subject_unit(id, &unit)))
		return 1;
	/* every change of the key, its whole history, in order */
	struct sha256_stream *h = begin("suiji-setting-v2\n");
	long n = audit_add_rows(st, h, "setting", "WHERE unit_id = ?1 AND key = ?2 ORDER BY id", NULL, unit,
				id, err);
	return finish(h, n, n, hex);
}

static long parse_id(const char *id)
{
	char *end;
	long v = id && *id ? strtol(id, &end, 10) : 0;
	return v > 0 && !*end ? v : 0;
}

int store_audit_rehash_task(struct store *st, const char *id, char hex[65], char **err)
{
	long n = parse_id(id);
	if (!n)
		return 1;
	struct sha256_stream *h = begin("suiji-task-v2\n");
	long rows = audit_add_rows(st, h, "task", "WHERE id = ?1", task_skip, n, NULL, err);
	return finish(h, rows, rows, hex);
}

int store_audit_rehash_draw(struct store *st, const char *id, char hex[65], char **err)
{
	long n = parse_id(id);
	if (!n)
		return 1;
	struct sha256_stream *h = begin("suiji-draw-audit-v2\n");
	long first = audit_add_rows(st, h, "draw", "WHERE id = ?1", NULL, n, NULL, err), rows = first;
	if (rows > 0)
		rows = audit_add_rows(st, h, "draw_input", "WHERE draw_id = ?1", NULL, n, NULL, err);
	if (rows >= 0 && first > 0)
		rows =
		    audit_add_rows(st, h, "task", "WHERE draw_id = ?1 ORDER BY id", task_skip, n, NULL, err);
	return finish(h, first, rows, hex);
}

/*
 * Subjects of the plan family: plan:[uU/]Y/vN (the version: its plan row, its version row and, once
 * filed, its lines), plan:[uU/]Y/vN/line:K (the line's row, none once removed), plan:[uU/]Y/vN/filing
 * (the branch's filing rows).
 */
int store_audit_rehash_plan(struct store *st, const char *id, char hex[65], char **err)
{
	int year = 0, version = 0, no = 0, filing = 0;
	long unit = 1;
	const char *rest = audit_subject_unit(id, &unit);
	if (!rest || audit_plan_subject(rest, &year, &version, &filing, &no))
		return 1;
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT id, status FROM plan_version WHERE unit_id = ? AND year = ? AND version = ?",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, unit);
	sqlite3_bind_int(s, 2, year);
	sqlite3_bind_int(s, 3, version);
	int rc = sqlite3_step(s);
	long vid = rc == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	int filed = rc == SQLITE_ROW && !strcmp(db_col(s, 1), "filed");
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? 1 : db_fail(st, "读取计划版本", err);
	struct sha256_stream *h;
	long rows;
	if (filing) {
		h = begin("suiji-plan-filing-v2\n");
		rows = audit_add_rows(st, h, "plan_filing", "WHERE version_id = ?1 ORDER BY id", NULL, vid,
				      NULL, err);
		return finish(h, rows, rows, hex);
	}
	if (no) {
		char text[16];
		snprintf(text, sizeof(text), "%d", no);
		h = begin("suiji-plan-line-v2\n");
		rows = audit_add_rows(st, h, "plan_line",
				      "WHERE version_id = ?1 AND line_no = CAST(?2 AS INTEGER)", NULL, vid,
				      text, err);
		return finish(h, 1, rows, hex); /* a removed line hashes as the tag alone */
	}
	h = begin("suiji-plan-version-v2\n");
	long first = audit_add_rows(st, h, "plan",
				    "WHERE unit_id = (SELECT unit_id FROM plan_version WHERE id = ?1)"
				    " AND year = (SELECT year FROM plan_version WHERE id = ?1)",
				    plan_skip, vid, NULL, err);
	rows = first;
	if (rows >= 0)
		rows = audit_add_rows(st, h, "plan_version", "WHERE id = ?1", NULL, vid, NULL, err);
	if (rows >= 0 && filed)
		rows = audit_add_rows(st, h, "plan_line", "WHERE version_id = ?1 ORDER BY line_no", NULL, vid,
				      NULL, err);
	return finish(h, first < 0 ? -1 : 1, rows, hex);
}

/* ---- databases written before ROWS_V2_STEP ---- */

static int result_v1(struct store *st, const char *id, char hex[65], char **err)
{
	long n = parse_id(id);
	return n ? store_result_hash_v1(st, n, hex, err) : 1;
}
static int penalty_v1(struct store *st, const char *id, char hex[65], char **err)
{
	long n = parse_id(id);
	return n ? store_penalty_hash_v1(st, n, hex, err) : 1;
}
static int publish_v1(struct store *st, const char *id, char hex[65], char **err)
{
	long n = parse_id(id);
	return n ? store_disclosure_hash_v1(st, n, hex, err) : 1;
}
static int problem_v1(struct store *st, const char *id, char hex[65], char **err)
{
	long n = parse_id(id);
	return n ? store_problem_hash_v1(st, n, hex, err) : 1;
}

/* The families whose hash changed at ROWS_V2_STEP, with their first-version functions. */
static const struct {
	const char *family;
	int (*v1)(struct store *st, const char *id, char hex[65], char **err);
} v1_families[] = {
    {"result", result_v1},
    {"penalty", penalty_v1},
    {"publish", publish_v1},
    {"problem", problem_v1},
    {"user", store_user_hash_v1},
    {"setting", store_audit_rehash_setting_v1},
    {"task", store_audit_rehash_task_v1},
    {"draw", store_audit_rehash_draw_v1},
    {"plan", store_audit_rehash_plan_v1},
};

int store_rows_v2_migrate(struct store *st, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT a.subject, a.content_hash FROM audit a"
		       " JOIN (SELECT max(seq) AS last FROM audit GROUP BY subject) l ON a.seq = l.last "
		       "ORDER BY a.seq",
		       &s, err))
		return -1;
	/* the newest entry of every subject, read before any is appended: subject 0x00 hash 0x00 … */
	struct strbuf todo = STRBUF_INIT;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		strbuf_add(&todo, db_col(s, 0), strlen(db_col(s, 0)) + 1);
		strbuf_add(&todo, db_col(s, 1), strlen(db_col(s, 1)) + 1);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		strbuf_release(&todo);
		return db_fail(st, "读取审计链", err);
	}
	char at[26];
	clock_now(at);
	int ret = 0;
	for (size_t off = 0; !ret && off < todo.len;) {
		const char *subject = todo.buf + off;
		const char *recorded = subject + strlen(subject) + 1;
		off += strlen(subject) + strlen(recorded) + 2;
		size_t fl = strcspn(subject, ":");
		const char *id = subject[fl] ? subject + fl + 1 : "";
		for (size_t i = 0; i < sizeof(v1_families) / sizeof(v1_families[0]); i++) {
			if (strlen(v1_families[i].family) != fl || memcmp(v1_families[i].family, subject, fl))
				continue;
			char v1[65], v2[65];
			const struct audit_family *f = store_audit_family(subject);
			int r2 = f ? audit_family_rehash(st, f, id, v2, err) : 1;
			if (r2 < 0) {
				ret = -1;
				break;
			}
			if (!r2 && !strcmp(v2, recorded))
				break; /* already vouched for in v2 (a step before this one re-recorded it) */
			int r1 = v1_families[i].v1(st, id, v1, err);
			if (r1 < 0) {
				ret = -1;
				break;
			}
			/* only what its entry still vouches for; the rest stays for audit verify to report */
			if (!r1 && !r2 && !strcmp(v1, recorded) &&
			    store_audit_append(st, at, "suiji", "rehash v2", subject, v2, err))
				ret = -1;
			break;
		}
	}
	strbuf_release(&todo);
	if (ret)
		return -1;
	/*
	 * The lines of a draft copied from the version it adjusts had no entry of their own (the draft's
	 * entry covered its header only): each gets one, so that every line of a draft is vouched for.
	 */
	if (db_prepare(
		st,
		"SELECT CASE WHEN v.unit_id = 1 THEN 'plan:' ELSE 'plan:u' || v.unit_id || '/' END || v.year"
		" || '/v' || v.version || '/line:' || l.line_no FROM plan_line l"
		" JOIN plan_version v ON v.id = l.version_id WHERE v.status = 'draft'"
		" ORDER BY v.id, l.line_no",
		&s, err))
		return -1;
	while (!ret && (rc = sqlite3_step(s)) == SQLITE_ROW) {
		sqlite3_stmt *q;
		if (db_prepare(st, "SELECT 1 FROM audit WHERE subject = ?", &q, err)) {
			ret = -1;
			break;
		}
		sqlite3_bind_text(q, 1, db_col(s, 0), -1, SQLITE_STATIC);
		int has = sqlite3_step(q) == SQLITE_ROW;
		sqlite3_finalize(q);
		if (!has && store_audit_record(st, at, "suiji", "rehash v2", db_col(s, 0), err))
			ret = -1;
	}
	if (!ret && rc != SQLITE_DONE && rc != SQLITE_ROW)
		ret = db_fail(st, "读取计划事项", err);
	sqlite3_finalize(s);
	return ret;
}
