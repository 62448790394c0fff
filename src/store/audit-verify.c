/*
 * This file implements the registry of audit subject families and "suiji audit verify"'s walk (see
 * audit.h): the chain itself (no gap, each entry's hash, each link), then the rows behind the newest
 * entry of every subject re-hashed by their family, then each family's own checks.
 *
 * Registering a family is one line in the table below. A family over a plain table (a row per member,
 * subject "name:rowid") needs only its name, its Chinese word and the table; others give functions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit-internal.h"
#include "store/plan.h"
#include "store/result.h"
#include "store/store-internal.h"
#include "store/task.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/*
 * Coverage checks of the families below: every row a family's entries vouch for must be named by one.
 * A row inserted with sqlite3 has none. Rows of dependent tables (result_item, attachment,
 * problem_step, plan_line) are inside their parent's hash and need no entry of their own.
 */
static int first_missing(struct store *st, const char *sql, const char *what, char **problem, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, sql, &s, err))
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*problem = xasprintf("%s %s 没有审计记录：它不是经由 suiji 写入的", what, db_col(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "核对审计覆盖", err);
	return rc == SQLITE_ROW;
}

/* The first row "sql" returns, as a finding about a task's derived column; 0 when none, 1, or -1. */
static int first_finding(struct store *st, const char *sql, char **problem, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, sql, &s, err))
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*problem =
		    xasprintf("检查任务 %s：该字段由其他记录推出，与之不符，已被直接改动", db_col(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "核对推出的字段", err);
	return rc == SQLITE_ROW;
}

/* A row of a dependent table whose parent does not exist: no entry's hash covers it. */
static int check_orphans(struct store *st, char **problem, char **err)
{
	return first_missing(
	    st,
	    "SELECT '（表 result_item，检查结果 ' || result_id || ' 不存在）' FROM result_item"
	    " WHERE result_id NOT IN (SELECT id FROM result)"
	    " UNION ALL SELECT '（表 attachment 第 ' || id || ' 行，所属检查结果或问题步骤不存在）' FROM "
	    "attachment"
	    " WHERE (result_id IS NULL OR result_id NOT IN (SELECT id FROM result))"
	    " AND (step_id IS NULL OR step_id NOT IN (SELECT id FROM problem_step))"
	    " UNION ALL SELECT '（表 problem_step 第 ' || id || ' 行，问题 ' || problem_id || ' 不存在）'"
	    " FROM problem_step WHERE problem_id NOT IN (SELECT id FROM problem) LIMIT 1",
	    "检查结果或问题的附属记录", problem, err);
}

static int check_result(struct store *st, char **problem, char **err)
{
	int rc = audit_check_rows(st, "result", "result", "检查结果", problem, err);
	return rc ? rc : check_orphans(st, problem, err);
}

static int check_penalty(struct store *st, char **problem, char **err)
{
	return audit_check_rows(st, "penalty", "penalty", "行政处罚决定", problem, err);
}

static int check_publish(struct store *st, char **problem, char **err)
{
	return audit_check_rows(st, "disclosure", "publish", "公开决定", problem, err); /* rowid = task_id */
}

static int check_problem(struct store *st, char **problem, char **err)
{
	return audit_check_rows(st, "problem", "problem", "问题", problem, err);
}

/* A draw's compressed frame (draw_input) is inside its draw's hash, so its draw must exist. */
static int check_draw(struct store *st, char **problem, char **err)
{
	int rc = audit_check_rows(st, "draw", "draw", "随机抽取", problem, err);
	if (rc)
		return rc;
	return first_missing(st,
			     "SELECT draw_id || '（所属抽取不存在）' FROM draw_input"
			     " WHERE draw_id NOT IN (SELECT id FROM draw) ORDER BY draw_id LIMIT 1",
			     "抽取框架", problem, err);
}

static int check_user(struct store *st, char **problem, char **err)
{
	return first_missing(
	    st,
	    "SELECT name FROM users WHERE ('user:' || name) NOT IN (SELECT subject FROM audit)"
	    " ORDER BY name LIMIT 1",
	    "用户", problem, err);
}

/* A targeted task has entries of its own; a drawn one is inside its draw's hash, so its draw must exist. */
static int check_task(struct store *st, char **problem, char **err)
{
	int rc = first_missing(st,
			       "SELECT id FROM task WHERE draw_id IS NULL AND ('task:' || id) NOT IN"
			       " (SELECT subject FROM audit) ORDER BY id LIMIT 1",
			       "检查任务", problem, err);
	if (rc)
		return rc;
	rc = first_missing(
	    st,
	    "SELECT id || '（所属抽取 ' || draw_id || ' 不存在）' FROM task WHERE draw_id IS NOT NULL"
	    " AND draw_id NOT IN (SELECT id FROM draw) ORDER BY id LIMIT 1",
	    "检查任务", problem, err);
	if (rc)
		return rc;
	/*
	 * Derived columns (docs/SECURITY.md): a task's state follows from its result and its disclosure
	 * decision, which their own entries vouch for; "cancelled" is set only by an entry that cancels
	 * the task ("task cancel…" on task:N) or voids its draw while it waited ("draw void" on draw:N).
	 */
	rc = first_finding(
	    st,
	    "SELECT t.id || ' 的状态“' || t.state || '”与其检查结果和公开决定不符（应为“' || x.want || '”）'"
	    " FROM task t JOIN (SELECT t2.id AS id, CASE"
	    "   WHEN d.decision = '公开' THEN '已公开' WHEN d.decision = '不予公开' THEN '不予公开'"
	    "   WHEN EXISTS (SELECT 1 FROM result r WHERE r.task_id = t2.id) THEN '已检查'"
	    "   ELSE '待检查' END AS want"
	    "   FROM task t2 LEFT JOIN disclosure d ON d.task_id = t2.id) x ON x.id = t.id"
	    " WHERE t.state <> x.want ORDER BY t.id LIMIT 1",
	    problem, err);
	if (rc)
		return rc;
	return first_finding(
	    st,
	    "SELECT id || CASE WHEN cancelled IS NULL THEN ' 已被作废（有作废记录），却标为未作废'"
	    "   ELSE ' 标为已作废（' || cancelled || '），却没有作废它的审计记录' END"
	    " FROM (SELECT t.id, t.cancelled,"
	    "   EXISTS (SELECT 1 FROM audit a WHERE a.subject = 'task:' || t.id"
	    "           AND a.action LIKE 'task cancel%')"
	    "   OR (t.draw_id IS NOT NULL AND t.state = '待检查' AND EXISTS (SELECT 1 FROM audit a"
	    "       WHERE a.subject = 'draw:' || t.draw_id AND a.action = 'draw void')) AS voided"
	    "   FROM task t)"
	    " WHERE (cancelled IS NOT NULL) <> voided ORDER BY id LIMIT 1",
	    problem, err);
}

#define PLAN_PREFIX(v) "CASE WHEN " v ".unit_id = 1 THEN 'plan:' ELSE 'plan:u' || " v ".unit_id || '/' END"

static int check_plan(struct store *st, char **problem, char **err)
{
	/*
	 * Rows no subject covers: a plan row without versions, a line of no version, a draft's line
	 * without its entry (a filed version's lines are in its own hash), a filing that names another
	 * version than its own.
	 */
	int rc = first_missing(
	    st,
	    "SELECT p.year || ' 年（单位 ' || p.unit_id || '）的计划（没有任何版本）' FROM plan p"
	    " WHERE NOT EXISTS (SELECT 1 FROM plan_version v WHERE v.unit_id = p.unit_id AND v.year = p.year)"
	    " UNION ALL SELECT '第 ' || l.id || ' 行计划事项（所属版本 ' || l.version_id || ' 不存在）'"
	    " FROM plan_line l WHERE l.version_id NOT IN (SELECT id FROM plan_version)"
	    " UNION ALL SELECT v.year || ' 年第 ' || v.version || ' 版（单位 ' || v.unit_id || '）的第 ' ||"
	    " l.line_no || ' 项' FROM plan_line l JOIN plan_version v ON v.id = l.version_id"
	    " WHERE v.status = 'draft' AND (" PLAN_PREFIX(
		"v") " || v.year || '/v' || v.version || '/line:' ||"
		     " l.line_no) NOT IN (SELECT subject FROM audit)"
		     " UNION ALL SELECT '第 ' || f.id || ' 号计划备案（所记版本与其计划版本 ' || "
		     "f.version_id || ' 不符）'"
		     " FROM plan_filing f LEFT JOIN plan_version v ON v.id = f.version_id"
		     " WHERE v.id IS NULL OR v.unit_id <> f.unit_id OR v.year <> f.year OR v.version <> "
		     "f.version"
		     " LIMIT 1",
	    "年度抽查计划", problem, err);
	if (rc)
		return rc;
	/* derived: a plan's next line number follows the highest line number any entry of it names */
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"SELECT year, unit_id, next_line, want FROM (SELECT p.year, p.unit_id, p.next_line, 1 + max("
		" coalesce((SELECT max(l.line_no) FROM plan_line l JOIN plan_version v ON v.id = l.version_id"
		"   WHERE v.unit_id = p.unit_id AND v.year = p.year), 0),"
		" coalesce((SELECT max(CAST(substr(a.subject, instr(a.subject, '/line:') + 6) AS INTEGER))"
		"   FROM audit a WHERE a.subject LIKE (" PLAN_PREFIX(
		    "p") " || p.year || '/v%/line:%')), 0))"
			 " AS want FROM plan p) WHERE next_line <> want ORDER BY year, unit_id LIMIT 1",
		&s, err))
		return -1;
	rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*problem =
		    xasprintf("%d 年度抽查计划（单位 %lld）的下一事项编号为 %lld，按其事项的审计记录应为 "
			      "%lld：该字段由其他记录推出，已被直接改动",
			      sqlite3_column_int(s, 0), (long long)sqlite3_column_int64(s, 1),
			      (long long)sqlite3_column_int64(s, 2), (long long)sqlite3_column_int64(s, 3));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "核对推出的字段", err);
	if (rc == SQLITE_ROW)
		return 1;
	return first_missing(
	    st,
	    "SELECT year || ' 年第 ' || version || ' 版（单位 ' || unit_id || '）' FROM plan_version"
	    " WHERE (CASE WHEN unit_id = 1 THEN 'plan:' ELSE 'plan:u' || unit_id || '/' END"
	    " || year || '/v' || version) NOT IN (SELECT subject FROM audit)"
	    " UNION ALL SELECT year || ' 年第 ' || version || ' 版的备案（单位 ' || unit_id || '）'"
	    " FROM plan_filing WHERE (CASE WHEN unit_id = 1 THEN 'plan:' ELSE 'plan:u' || unit_id || '/' END"
	    " || year || '/v' || version || '/filing') NOT IN (SELECT subject FROM audit)"
	    " LIMIT 1",
	    "年度抽查计划", problem, err);
}

static int check_setting(struct store *st, char **problem, char **err)
{
	return first_missing(
	    st,
	    "SELECT DISTINCT key FROM setting WHERE (CASE WHEN unit_id = 1 THEN 'setting:' ELSE"
	    " 'setting:u' || unit_id || '/' END || key) NOT IN (SELECT subject FROM audit) ORDER BY key "
	    "LIMIT 1",
	    "设置项", problem, err);
}

/*
 * What a v2 hash covers (store/audit-rows.c), for the message when it no longer matches: the hash
 * cannot tell which row changed, so the message names the tables whose rows it covers.
 */
#define COVERS(fn, text)                                                                                     \
	static int fn(struct store *st, const char *id, char **where, char **err)                            \
	{                                                                                                    \
		(void)st, (void)id, (void)err;                                                               \
		*where = xstrdup("该审计记录覆盖的" text "中，有列被改动或有行被删除、插入");                \
		return 1;                                                                                    \
	}
COVERS(covers_result, "检查结果（表 result）、检查情况（表 result_item）及其附件（表 attachment）")
COVERS(covers_penalty, "行政处罚决定（表 penalty）")
COVERS(covers_publish, "公开决定（表 disclosure）")
COVERS(covers_problem, "问题（表 problem）、办理步骤（表 problem_step）及其附件（表 attachment）")
COVERS(covers_draw, "抽取（表 draw）、抽取框架（表 draw_input）和它生成的检查任务（表 task，状态与作废除外）")
COVERS(covers_plan, "计划（表 plan，下一事项编号除外）、计划版本（表 plan_version）、计划事项（表 "
		    "plan_line）或备案（表 plan_filing）")
COVERS(covers_setting, "该设置项的全部修改记录（表 setting）")
COVERS(covers_task, "检查任务（表 task，状态与作废除外）")
COVERS(covers_user, "用户（表 users）")

/* Families whose re-hash functions live with their tables (store/result.c for these five). */
static const struct audit_family family_result = {.name = "result",
						  .zh = "检查结果",
						  .rehash = store_audit_rehash_result,
						  .locate = covers_result,
						  .check = check_result};
static const struct audit_family family_penalty = {.name = "penalty",
						   .zh = "行政处罚决定",
						   .rehash = store_audit_rehash_penalty,
						   .locate = covers_penalty,
						   .check = check_penalty};
static const struct audit_family family_publish = {.name = "publish",
						   .zh = "公开决定",
						   .rehash = store_audit_rehash_publish,
						   .locate = covers_publish,
						   .check = check_publish};
static const struct audit_family family_problem = {.name = "problem",
						   .zh = "问题及其闭环",
						   .rehash = store_audit_rehash_problem,
						   .locate = covers_problem,
						   .check = check_problem};
/* Draws (the row and the tasks each created) and tasks (their immutable part), in store/task.c. */
static const struct audit_family family_draw = {.name = "draw",
						.zh = "随机抽取",
						.rehash = store_audit_rehash_draw,
						.locate = covers_draw,
						.check = check_draw};
/* The annual plan's versions and the bureau's settings, in store/plan.c and store/settings.c. */
static const struct audit_family family_plan = {.name = "plan",
						.zh = "年度抽查计划",
						.rehash = store_audit_rehash_plan,
						.locate = covers_plan,
						.check = check_plan};
static const struct audit_family family_setting = {.name = "setting",
						   .zh = "规则与设置",
						   .rehash = store_audit_rehash_setting,
						   .locate = covers_setting,
						   .check = check_setting};
static const struct audit_family family_task = {.name = "task",
						.zh = "检查任务",
						.rehash = store_audit_rehash_task,
						.locate = covers_task,
						.check = check_task};
/* Units: one row each, every column hashed (store/unit.c). */
static const struct audit_family family_unit = {.name = "unit", .zh = "单位", .table = "unit"};
/* Holiday notices loaded for a year (store/calendar.c): one row each, every column hashed. */
static const struct audit_family family_calendar = {
    .name = "calendar", .zh = "节假日安排", .table = "calendar_year"};
/* Files uploaded to tasks (store/upload.c): one row each, every column hashed, the bytes included. */
static const struct audit_family family_upload = {.name = "upload", .zh = "上传的附件", .table = "upload"};
/*
 * The database's structure (store/schema-check.c): the hash of its schema rows, recorded at every
 * migration of a database with a chain; check() names any table, index, trigger or view the schema
 * steps do not create (store_open refuses such a database too).
 */
static int check_schema(struct store *st, char **problem, char **err)
{
	return store_schema_check(st, problem, err);
}
static const struct audit_family family_schema = {
    .name = "schema", .zh = "数据库结构", .rehash = store_schema_rehash, .check = check_schema};
static const struct audit_family family_user = {.name = "user",
						.zh = "用户",
						.rehash = store_audit_rehash_user,
						.locate = covers_user,
						.check = check_user};

/*
 * The registry: every family of subjects the chain may name, one line each. A family missing here is
 * named by "audit verify" as not checked: its entries are still links of the chain, but its rows are
 * not re-hashed, so registering it is what makes them tamper-evident.
 */
/* clang-format off */
static const struct audit_family *const families[] = {
	&audit_family_org,
	&audit_family_batch,
	&family_result,
	&family_penalty,
	&family_publish,
	&family_problem,
	&family_user,
	&family_schema,
	&family_unit,
	&family_draw,
	&family_task,
	&family_plan,
	&family_setting,
	&family_calendar,
	&family_upload,
	NULL,
};
/* clang-format on */

const struct audit_family *store_audit_family(const char *subject)
{
	size_t n = strcspn(subject, ":");
	for (const struct audit_family *const *f = families; *f; f++)
		if (strlen((*f)->name) == n && !memcmp((*f)->name, subject, n))
			return *f;
	return NULL;
}

/* A rowid from the id part of a subject; 0 when it is not a positive decimal number. */
static long long parse_rowid(const char *id)
{
	long long v = 0;
	if (!*id || *id == '0' || strlen(id) > 18)
		return 0;
	for (const char *p = id; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		v = v * 10 + (*p - '0');
	}
	return v;
}

int audit_family_rehash(struct store *st, const struct audit_family *f, const char *id, char hex[65],
			char **err)
{
	if (f->rehash)
		return f->rehash(st, id, hex, err);
	long long rowid = parse_rowid(id);
	return rowid ? store_row_hash(st, f->table, rowid, hex, err) : 1;
}

int audit_check_rows(struct store *st, const char *table, const char *family, const char *zh, char **problem,
		     char **err)
{
	char sql[400];
	sqlite3_stmt *s;
	if (!strcmp(table, "org"))
		snprintf(
		    sql, sizeof(sql),
		    "SELECT rowid FROM org WHERE NOT EXISTS (SELECT 1 FROM audit WHERE subject = 'org')");
	else
		snprintf(sql, sizeof(sql),
			 "SELECT rowid FROM \"%s\" WHERE ('%s:' || rowid) NOT IN (SELECT subject FROM audit)"
			 " ORDER BY rowid LIMIT 1",
			 table, family);
	if (db_prepare(st, sql, &s, err))
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW)
		*problem = xasprintf("%s（表 %s 第 %lld 行）没有审计记录：它不是经由 suiji 写入的", zh, table,
				     (long long)sqlite3_column_int64(s, 0));
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "核对审计覆盖", err);
	return rc == SQLITE_ROW;
}

void audit_report_release(struct audit_report *r)
{
	free(r->problem);
	free(r->unchecked);
	r->problem = NULL;
	r->unchecked = NULL;
}

/* "第 N 条审计记录（时间 操作人 操作 对象）" */
static char *entry_text(sqlite3_stmt *s, int seq_col)
{
	return xasprintf("第 %lld 条审计记录（%s %s %s %s）", (long long)sqlite3_column_int64(s, seq_col),
			 db_col(s, seq_col + 1), db_col(s, seq_col + 2), db_col(s, seq_col + 3),
			 db_col(s, seq_col + 4));
}

/* Step 1: the chain. Returns 0, 1 with r->problem, -1. */
static int walk_chain(struct store *st, struct audit_report *r, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT seq, at, actor, action, subject, content_hash, prev_hash, hash FROM audit "
		       "ORDER BY seq",
		       &s, err))
		return -1;
	char prev[65] = "", hash[65], prev_at[64] = "";
	long expect = 1;
	int rc;
	struct strbuf sb = STRBUF_INIT;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		long seq = (long)sqlite3_column_int64(s, 0);
		if (seq != expect) {
			r->problem_seq = expect;
			r->problem =
			    seq > expect
				? xasprintf(
				      "第 %ld 条审计记录缺失（第 %ld 条之后是第 %ld 条）：审计记录被删除",
				      expect, expect - 1, seq)
				: xasprintf("第 %ld 条审计记录的序号不对", seq);
			break;
		}
		if (strcmp(db_col(s, 6), prev)) {
			char *e = entry_text(s, 0);
			r->problem_seq = seq;
			r->problem = seq == 1 ? xasprintf("%s不是链条的第一条：它的前一哈希不为空", e)
					      : xasprintf("%s与第 %ld 条断开：前一哈希不是第 %ld 条的哈希", e,
							  seq - 1, seq - 1);
			free(e);
			break;
		}
		strbuf_reset(&sb);
		strbuf_addf(&sb, "%s\n%ld\n%s\n%s\n%s\n%s\n%s", prev, seq, db_col(s, 1), db_col(s, 2),
			    db_col(s, 3), db_col(s, 4), db_col(s, 5));
		sha256_hex(sb.buf, sb.len, hash);
		if (strcmp(hash, db_col(s, 7))) {
			char *e = entry_text(s, 0);
			r->problem_seq = seq;
			r->problem = xasprintf("%s已被改动：按其内容算出的哈希与记下的哈希不符", e);
			free(e);
			break;
		}
		/* time only moves forward (store_audit_append refuses the contrary): a back-dated entry */
		if (*prev_at && strcmp(db_col(s, 1), prev_at) < 0) {
			char *e = entry_text(s, 0);
			r->problem_seq = seq;
			r->problem =
			    xasprintf("%s的时间早于第 %ld 条（%s）：审计链的时间只能向前，该记录被倒填或改动",
				      e, seq - 1, prev_at);
			free(e);
			break;
		}
		snprintf(prev_at, sizeof(prev_at), "%s", db_col(s, 1));
		snprintf(prev, sizeof(prev), "%s", hash);
		r->entries++;
		r->head_seq = seq;
		snprintf(r->head_hash, sizeof(r->head_hash), "%s", hash);
		expect++;
	}
	strbuf_release(&sb);
	sqlite3_finalize(s);
	if (r->problem)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取审计链", err);
}

struct unchecked {
	char name[32];
	long n;
};
#define MAX_UNCHECKED 16

/* Counts a subject of an unregistered family. */
static void note_unchecked(struct unchecked *u, int *nu, const char *subject)
{
	int n = (int)strcspn(subject, ":");
	for (int i = 0; i < *nu; i++) {
		if ((int)strlen(u[i].name) == n && !strncmp(u[i].name, subject, (size_t)n)) {
			u[i].n++;
			return;
		}
	}
	if (*nu < MAX_UNCHECKED) {
		snprintf(u[*nu].name, sizeof(u[*nu].name), "%.*s", n, subject);
		u[(*nu)++].n = 1;
	}
}

/* Step 2: the rows behind the newest entry of every subject, in chain order. */
static int rehash_subjects(struct store *st, struct audit_report *r, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT a.seq, a.at, a.actor, a.action, a.subject, a.content_hash FROM audit a"
		       " JOIN (SELECT max(seq) AS last FROM audit GROUP BY subject) l ON a.seq = l.last "
		       "ORDER BY a.seq",
		       &s, err))
		return -1;
	int rc, nunchecked = 0;
	struct unchecked unchecked[MAX_UNCHECKED];
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *subject = db_col(s, 4);
		const struct audit_family *f = store_audit_family(subject);
		const char *colon = strchr(subject, ':');
		const char *id = colon ? colon + 1 : "";
		char hex[65];
		if (!f) {
			note_unchecked(unchecked, &nunchecked, subject);
			r->unchecked_subjects++;
			continue;
		} else {
			int h = audit_family_rehash(st, f, id, hex, err);
			if (h < 0) {
				sqlite3_finalize(s);
				return -1;
			}
			if (h > 0) {
				char *e = entry_text(s, 0);
				r->problem =
				    xasprintf("%s所记的%s %s 已不存在：记录被删除", e, f->zh, subject);
				free(e);
			} else if (strcmp(hex, db_col(s, 5))) {
				char *where = NULL, *e = entry_text(s, 0);
				if (f->locate && f->locate(st, id, &where, err) < 0) {
					free(e);
					sqlite3_finalize(s);
					return -1;
				}
				r->problem =
				    where ? xasprintf("%s之后，%s %s 的内容已被改动：%s", e, f->zh, subject,
						      where)
					  : xasprintf(
						"%s之后，%s %s 的内容已被改动（与审计记录的内容哈希不符）", e,
						f->zh, subject);
				free(where);
				free(e);
			}
		}
		if (r->problem) {
			r->problem_seq = (long)sqlite3_column_int64(s, 0);
			break;
		}
		r->subjects++;
	}
	sqlite3_finalize(s);
	if (nunchecked) {
		struct strbuf sb = STRBUF_INIT;
		for (int i = 0; i < nunchecked; i++)
			strbuf_addf(&sb, "%s%s %ld 个", i ? "、" : "", unchecked[i].name, unchecked[i].n);
		r->unchecked = strbuf_detach(&sb);
	}
	if (r->problem)
		return 1;
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取审计链", err);
}

/* Step 3: what no entry names. */
static int check_families(struct store *st, struct audit_report *r, char **err)
{
	for (const struct audit_family *const *f = families; *f; f++) {
		int rc = 0;
		if ((*f)->check)
			rc = (*f)->check(st, &r->problem, err);
		else if ((*f)->table)
			rc = audit_check_rows(st, (*f)->table, (*f)->name, (*f)->zh, &r->problem, err);
		if (rc)
			return rc;
	}
	return 0;
}

int store_audit_verify(struct store *st, struct audit_report *r, char **err)
{
	memset(r, 0, sizeof(*r));
	/* one read transaction: a change committed meanwhile is seen whole or not at all */
	if (db_exec(st, "BEGIN", err))
		return -1;
	int rc = walk_chain(st, r, err);
	if (!rc)
		rc = rehash_subjects(st, r, err);
	if (!rc)
		rc = check_families(st, r, err);
	store_rollback(st);
	return rc;
}
