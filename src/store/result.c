/*
 * This file implements results, attachments, penalty decisions, disclosure decisions and the task
 * view of the lists (see result.h).
 */
#include "store/result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit.h"
#include "store/problem.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "store/user.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The current state of task "id" into state[16]; 1 when found, 0 when not, -1 on error. */
static int task_state(struct store *st, long id, char state[32], char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT state, cancelled FROM task WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int found = 0;
	if (sqlite3_step(s) == SQLITE_ROW) {
		found = 1;
		snprintf(state, 32, "%s", sqlite3_column_type(s, 1) != SQLITE_NULL ? "已作废" : db_col(s, 0));
	}
	sqlite3_finalize(s);
	return found;
}

static int audit_subject(struct store *st, const char *at, const char *actor, const char *action,
			 const char *prefix, long id, const char *hex, char **err)
{
	char subject[64];
	snprintf(subject, sizeof(subject), "%s:%ld", prefix, id);
	return store_audit_append(st, at, actor, action, subject, hex, err);
}

int store_attachment_insert(struct store *st, long result_id, long step_id, const struct attachment_ref *a,
			    const char *at, const char *actor, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO attachment(result_id, step_id, name, sha256, size, added_at, added_by)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		return -1;
	if (result_id)
		sqlite3_bind_int64(s, 1, result_id);
	if (step_id)
		sqlite3_bind_int64(s, 2, step_id);
	sqlite3_bind_text(s, 3, a->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, a->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, a->size);
	sqlite3_bind_text(s, 6, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "记录附件", err);
	sqlite3_finalize(s);
	return rc;
}

int store_attachments(struct store *st, long result_id, long step_id,
		      int (*fn)(const struct attachment_ref *a, void *arg), void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       result_id ? "SELECT name, sha256, size FROM attachment WHERE result_id = ? ORDER BY id"
				 : "SELECT name, sha256, size FROM attachment WHERE step_id = ? ORDER BY id",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, result_id ? result_id : step_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct attachment_ref a = {db_col(s, 0), db_col(s, 1), (long)sqlite3_column_int64(s, 2)};
		int r = fn(&a, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取附件", err);
}

long store_result_record(struct store *st, const struct result_new *r, char **err)
{
	char state[32];
	sqlite3_stmt *s = NULL;
	long id = -1;
	if (store_begin(st, err))
		return -1;
	int found = task_state(st, r->task_id, state, err);
	if (found < 0)
		goto fail;
	if (!found) {
		set_err(err, "没有编号为 %ld 的检查任务", r->task_id);
		goto fail;
	}
	if (strcmp(state, "待检查")) {
		set_err(err, "任务 %ld 的状态是“%s”，只有“待检查”的任务才能录入检查结果", r->task_id, state);
		store_rollback(st);
		return 0;
	}
	if (db_prepare(
		st,
		"INSERT INTO result(task_id, outcome, dates, start_date, end_date, summary, recorded_at,"
		" recorded_by, recorded_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		&s, err))
		goto fail;
	sqlite3_bind_int64(s, 1, r->task_id);
	sqlite3_bind_text(s, 2, r->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, r->dates, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->start_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->end_date, -1, SQLITE_STATIC);
	db_bind_text(s, 6, r->summary);
	sqlite3_bind_text(s, 7, r->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, r->role, -1, SQLITE_STATIC);
	if (sqlite3_step(s) != SQLITE_DONE) {
		db_fail(st, "写入检查结果", err);
		goto fail;
	}
	sqlite3_finalize(s);
	s = NULL;
	id = (long)sqlite3_last_insert_rowid(st->db);

	if (db_prepare(st, "INSERT INTO result_item(result_id, item, finding) VALUES (?, ?, ?)", &s, err))
		goto fail;
	for (size_t i = 0; i < r->nfindings; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, r->findings[i].item, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, r->findings[i].finding, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE) {
			db_fail(st, "写入检查情况", err);
			goto fail;
		}
	}
	sqlite3_finalize(s);
	s = NULL;
	for (size_t i = 0; i < r->nattachments; i++)
		if (store_attachment_insert(st, id, 0, &r->attachments[i], r->at, r->actor, err))
			goto fail;
	int moved = store_task_set_state(st, r->task_id, "待检查", "已检查", err);
	if (moved) {
		if (moved > 0)
			set_err(err, "任务 %ld 的状态已被他人改变", r->task_id);
		goto fail;
	}
	char hex[65];
	if (store_result_hash_of(st, id, hex, err) ||
	    audit_subject(st, r->at, r->actor, "result record", "result", id, hex, err))
		goto fail;
	for (size_t i = 0; i < r->nproblems; i++) {
		long pid =
		    store_problem_insert(st, r->task_id, id, r->problems[i].item, r->problems[i].description,
					 r->problem_kind, r->end_date, r->at, r->actor, r->role, err);
		if (pid < 0 || store_problem_hash_of(st, pid, hex, err) ||
		    audit_subject(st, r->at, r->actor, "problem 发现", "problem", pid, hex, err))
			goto fail;
	}
	if (store_commit(st, err))
		goto fail;
	return id;
fail:
	if (s)
		sqlite3_finalize(s);
	store_rollback(st);
	return -1;
}

long store_result_amend(struct store *st, const struct result_new *r, long amends, const char *reason,
			char **err)
{
	sqlite3_stmt *s = NULL;
	if (db_prepare(
		st,
		"INSERT INTO result(task_id, amends, reason, outcome, dates, start_date, end_date, summary,"
		" recorded_at, recorded_by, recorded_role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		&s, err))
		return -1;
	sqlite3_bind_int64(s, 1, r->task_id);
	sqlite3_bind_int64(s, 2, amends);
	sqlite3_bind_text(s, 3, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, r->outcome, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, r->dates, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, r->start_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, r->end_date, -1, SQLITE_STATIC);
	db_bind_text(s, 8, r->summary);
	sqlite3_bind_text(s, 9, r->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, r->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 11, r->role, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, "写入更正的检查结果", err);
	long id = (long)sqlite3_last_insert_rowid(st->db);
	if (db_prepare(st, "INSERT INTO result_item(result_id, item, finding) VALUES (?, ?, ?)", &s, err))
		return -1;
	for (size_t i = 0; i < r->nfindings; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, id);
		sqlite3_bind_text(s, 2, r->findings[i].item, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 3, r->findings[i].finding, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE) {
			sqlite3_finalize(s);
			return db_fail(st, "写入检查情况", err);
		}
	}
	sqlite3_finalize(s);
	for (size_t i = 0; i < r->nattachments; i++)
		if (store_attachment_insert(st, id, 0, &r->attachments[i], r->at, r->actor, err))
			return -1;
	char hex[65];
	struct strbuf action = STRBUF_INIT;
	strbuf_addf(&action, "result amend：%s", reason);
	rc = store_result_hash_of(st, id, hex, err) ||
	     audit_subject(st, r->at, r->actor, strbuf_str(&action), "result", id, hex, err);
	strbuf_release(&action);
	if (rc)
		return -1;
	for (size_t i = 0; i < r->nproblems; i++) {
		long pid =
		    store_problem_insert(st, r->task_id, id, r->problems[i].item, r->problems[i].description,
					 r->problem_kind, r->end_date, r->at, r->actor, r->role, err);
		if (pid < 0 || store_problem_hash_of(st, pid, hex, err) ||
		    audit_subject(st, r->at, r->actor, "problem 发现", "problem", pid, hex, err))
			return -1;
	}
	return id;
}

int store_disclosure_correct(struct store *st, long task_id, long result_id, const char *record,
			     const char *at, const char *actor, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(
		st, "UPDATE disclosure SET record = ?, result_id = ? WHERE task_id = ? AND decision = '公开'",
		&s, err))
		return -1;
	sqlite3_bind_text(s, 1, record, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, result_id);
	sqlite3_bind_int64(s, 3, task_id);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE)
		return db_fail(st, "更正公开记录", err);
	if (!sqlite3_changes(st->db))
		return 1;
	char hex[65];
	if (store_disclosure_hash_of(st, task_id, hex, err) ||
	    audit_subject(st, at, actor, "disclosure correct", "publish", task_id, hex, err))
		return -1;
	return 0;
}

#define RESULT_COLS                                                                                          \
	"id, task_id, outcome, dates, start_date, end_date, summary, recorded_at, recorded_by, "             \
	"recorded_role"

int store_result_get(struct store *st, long task_id, int (*fn)(const struct result_row *r, void *arg),
		     void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " RESULT_COLS " FROM result WHERE task_id = ? ORDER BY id DESC LIMIT 1",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, task_id);
	int rc = sqlite3_step(s);
	int ret = 1;
	if (rc == SQLITE_ROW) {
		struct result_row r = {
		    .id = (long)sqlite3_column_int64(s, 0),
		    .task_id = (long)sqlite3_column_int64(s, 1),
		    .outcome = db_col(s, 2),
		    .dates = db_col(s, 3),
		    .start_date = db_col(s, 4),
		    .end_date = db_col(s, 5),
		    .summary = db_col(s, 6),
		    .recorded_at = db_col(s, 7),
		    .recorded_by = db_col(s, 8),
		    .recorded_role = db_col(s, 9),
		};
		ret = fn(&r, arg);
	} else if (rc != SQLITE_DONE) {
		ret = db_fail(st, "读取检查结果", err);
	}
	sqlite3_finalize(s);
	return ret;
}

int store_result_findings(struct store *st, long result_id,
			  int (*fn)(const char *item, const char *finding, void *arg), void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT item, finding FROM result_item WHERE result_id = ? ORDER BY item", &s,
		       err))
		return -1;
	sqlite3_bind_int64(s, 1, result_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int r = fn(db_col(s, 0), db_col(s, 1), arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取检查情况", err);
}

static int hash_finding(const char *item, const char *finding, void *arg)
{
	strbuf_addf(arg, "%s\x1f%s\x1e", item, finding);
	return 0;
}

static int hash_attachment(const struct attachment_ref *a, void *arg)
{
	strbuf_addf(arg, "%s\x1f%s\x1f%ld\x1e", a->name, a->sha256, a->size);
	return 0;
}

static int hash_result_row(const struct result_row *r, void *arg)
{
	strbuf_addf(arg, "%ld\n%s\n%s\n%s\n", r->task_id, r->outcome, r->dates, r->summary);
	return 0;
}

int store_result_hash_v1(struct store *st, long id, char hex[65], char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT task_id FROM result WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	long task = sqlite3_step(s) == SQLITE_ROW ? (long)sqlite3_column_int64(s, 0) : 0;
	sqlite3_finalize(s);
	if (!task)
		return 1;
	struct strbuf sb = STRBUF_INIT;
	/* the row itself, by id (a task keeps one result; amendments would add rows) */
	if (db_prepare(st, "SELECT " RESULT_COLS " FROM result WHERE id = ?", &s, err)) {
		strbuf_release(&sb);
		return -1;
	}
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		struct result_row r = {
		    .task_id = task, .outcome = db_col(s, 2), .dates = db_col(s, 3), .summary = db_col(s, 6)};
		hash_result_row(&r, &sb);
	}
	sqlite3_finalize(s);
	int rc = store_result_findings(st, id, hash_finding, &sb, err);
	if (!rc)
		rc = store_attachments(st, id, 0, hash_attachment, &sb, err);
	if (!rc)
		sha256_hex(sb.buf ? sb.buf : "", sb.len, hex);
	strbuf_release(&sb);
	return rc;
}

/* ---- penalties ---- */

#define PENALTY_COLS                                                                                         \
	"id, task_id, decision_no, decided_on, violation, basis, content, fine, recorded_at, recorded_by"

static void penalty_from_row(sqlite3_stmt *s, struct penalty_row *p)
{
	p->id = (long)sqlite3_column_int64(s, 0);
	p->task_id = (long)sqlite3_column_int64(s, 1);
	p->decision_no = db_col(s, 2);
	p->decided_on = db_col(s, 3);
	p->violation = db_col(s, 4);
	p->basis = db_col(s, 5);
	p->content = db_col(s, 6);
	p->fine = db_col(s, 7);
	p->recorded_at = db_col(s, 8);
	p->recorded_by = db_col(s, 9);
}

int store_penalty_hash_v1(struct store *st, long id, char hex[65], char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " PENALTY_COLS " FROM penalty WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = 1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		struct penalty_row p;
		penalty_from_row(s, &p);
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%ld\n%s\n%s\n%s\n%s\n%s\n%s", p.task_id, p.decision_no, p.decided_on,
			    p.violation, p.basis, p.content, p.fine);
		sha256_hex(sb.buf, sb.len, hex);
		strbuf_release(&sb);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

long store_penalty_add(struct store *st, const struct penalty_row *p, char **err)
{
	if (store_begin(st, err))
		return -1;
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"INSERT INTO penalty(task_id, decision_no, decided_on, violation, basis, content, fine,"
		" recorded_at, recorded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		&s, err))
		goto fail;
	sqlite3_bind_int64(s, 1, p->task_id);
	sqlite3_bind_text(s, 2, p->decision_no, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, p->decided_on, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, p->violation, -1, SQLITE_STATIC);
	db_bind_text(s, 5, p->basis);
	sqlite3_bind_text(s, 6, p->content, -1, SQLITE_STATIC);
	db_bind_text(s, 7, p->fine);
	sqlite3_bind_text(s, 8, p->recorded_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, p->recorded_by, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT) {
		set_err(err, "行政处罚决定书文号“%s”已录入", p->decision_no);
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		db_fail(st, "写入行政处罚决定", err);
		goto fail;
	}
	long id = (long)sqlite3_last_insert_rowid(st->db);
	char hex[65];
	if (store_penalty_hash_of(st, id, hex, err) ||
	    audit_subject(st, p->recorded_at, p->recorded_by, "penalty record", "penalty", id, hex, err) ||
	    store_commit(st, err))
		goto fail;
	return id;
fail:
	store_rollback(st);
	return -1;
}

int store_penalty_each(struct store *st, long task_id, int (*fn)(const struct penalty_row *p, void *arg),
		       void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT " PENALTY_COLS
		       " FROM penalty WHERE ?1 = 0 OR task_id = ?1 ORDER BY decided_on, id",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, task_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct penalty_row p;
		penalty_from_row(s, &p);
		int r = fn(&p, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取行政处罚决定", err);
}

/* ---- disclosure ---- */

#define DISCLOSURE_COLS "task_id, result_id, decision, on_date, reason, note, record, at, actor, role"

static void disclosure_from_row(sqlite3_stmt *s, struct disclosure_row *d)
{
	d->task_id = (long)sqlite3_column_int64(s, 0);
	d->result_id = (long)sqlite3_column_int64(s, 1);
	d->decision = db_col(s, 2);
	d->on_date = db_col(s, 3);
	d->reason = db_col(s, 4);
	d->note = db_col(s, 5);
	d->record = db_col(s, 6);
	d->at = db_col(s, 7);
	d->actor = db_col(s, 8);
	d->role = db_col(s, 9);
}

int store_disclosure_hash_v1(struct store *st, long task_id, char hex[65], char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " DISCLOSURE_COLS " FROM disclosure WHERE task_id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, task_id);
	int rc = 1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		struct disclosure_row d;
		disclosure_from_row(s, &d);
		struct strbuf sb = STRBUF_INIT;
		strbuf_addf(&sb, "%ld\n%ld\n%s\n%s\n%s\n%s\n%s", d.task_id, d.result_id, d.decision,
			    d.on_date, d.reason, d.note, d.record);
		sha256_hex(sb.buf, sb.len, hex);
		strbuf_release(&sb);
		rc = 0;
	}
	sqlite3_finalize(s);
	return rc;
}

int store_disclosure_record(struct store *st, const struct disclosure_row *d, char **err)
{
	char state[32];
	if (store_begin(st, err))
		return -1;
	int found = task_state(st, d->task_id, state, err);
	if (found < 0)
		goto fail;
	if (!found) {
		set_err(err, "没有编号为 %ld 的检查任务", d->task_id);
		goto fail;
	}
	if (strcmp(state, "已检查")) {
		if (!strcmp(state, "待检查"))
			set_err(err, "任务 %ld 尚未录入检查结果，不能%s", d->task_id, d->decision);
		else if (!strcmp(state, "不予公开"))
			set_err(err, "任务 %ld 的检查结果已决定不予公开，不能%s", d->task_id, d->decision);
		else
			set_err(err, "任务 %ld 的状态是“%s”，不能再%s", d->task_id, state, d->decision);
		store_rollback(st);
		return 1;
	}
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO disclosure(task_id, result_id, decision, on_date, reason, note, record, "
		       "at, actor,"
		       " role) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		goto fail;
	sqlite3_bind_int64(s, 1, d->task_id);
	sqlite3_bind_int64(s, 2, d->result_id);
	sqlite3_bind_text(s, 3, d->decision, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, d->on_date, -1, SQLITE_STATIC);
	db_bind_text(s, 5, d->reason);
	db_bind_text(s, 6, d->note);
	db_bind_text(s, 7, d->record);
	sqlite3_bind_text(s, 8, d->at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, d->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 10, d->role, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		db_fail(st, "写入公开决定", err);
		goto fail;
	}
	const char *to = !strcmp(d->decision, DISCLOSE_PUBLISH) ? "已公开" : "不予公开";
	int moved = store_task_set_state(st, d->task_id, "已检查", to, err);
	if (moved) {
		if (moved > 0)
			set_err(err, "任务 %ld 的状态已被他人改变", d->task_id);
		goto fail;
	}
	char hex[65];
	if (store_disclosure_hash_of(st, d->task_id, hex, err) ||
	    audit_subject(st, d->at, d->actor,
			  !strcmp(d->decision, DISCLOSE_PUBLISH) ? "disclosure publish"
								 : "disclosure withhold",
			  "publish", d->task_id, hex, err) ||
	    store_commit(st, err))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}

int store_disclosure_each(struct store *st, const char *decision,
			  int (*fn)(const struct disclosure_row *d, void *arg), void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT " DISCLOSURE_COLS
		       " FROM disclosure WHERE ?1 IS NULL OR decision = ?1 ORDER BY task_id",
		       &s, err))
		return -1;
	db_bind_text(s, 1, decision);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct disclosure_row d;
		disclosure_from_row(s, &d);
		int r = fn(&d, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取公开决定", err);
}

/*
 * The portal's search reads the index of schema step 18: its expressions are written here exactly as there,
 * so that SQLite takes their values from the index instead of the records' JSON.
 */
#define PUB_REC "iif(json_valid(record), record, '{}')"
#define PUB_U "json_extract(" PUB_REC ", '$.uscc')"
#define PUB_E "json_extract(" PUB_REC ", '$.end_date')"
#define PUB_N                                                                                                \
	"upper(replace(replace(replace(json_extract(" PUB_REC                                                \
	", '$.name'), ' ', ''), char(9), ''), '　', ''))"
/* ?1: the term (instr(), not LIKE: matched literally, so % and _ are ordinary characters), or the code */
#define PUB_TERM "decision = '公开' AND (instr(upper(" PUB_U "), ?1) > 0 OR instr(" PUB_N ", ?1) > 0)"
#define PUB_CODE "decision = '公开' AND " PUB_U " = ?1"
#define PUB_FROM " FROM disclosure INDEXED BY disclosure_search WHERE "
/* every matching record's code in index order (GROUP BY or DISTINCT would take each code from the record) */
#define PUB_OBJECTS(match) "SELECT " PUB_U PUB_FROM match " ORDER BY " PUB_U ", " PUB_E ", task_id"
/* the matching records of the objects ?2 to ?3: those of the page (the objects found are consecutive) */
#define PUB_RECORDS(match)                                                                                   \
	"SELECT " DISCLOSURE_COLS ", " PUB_U PUB_FROM match " AND " PUB_U " >= ?2 AND " PUB_U                \
	" <= ?3 ORDER BY " PUB_U ", " PUB_E ", task_id"

int store_public_search(struct store *st, const char *needle, const char *uscc, size_t offset, size_t limit,
			int (*fn)(const struct disclosure_row *d, const char *uscc, void *arg), void *arg,
			size_t *total, char **err)
{
	const char *key = uscc ? uscc : needle ? needle : "";
	char *first = NULL, *last = NULL;
	size_t n = 0;
	int rc = -1, step, own_txn = sqlite3_get_autocommit(st->db);
	sqlite3_stmt *s;
	*total = 0;
	if (own_txn && db_exec(st, "BEGIN", err))
		return -1;
	/* the objects found, in order: count them, keep the first and last of the page */
	if (db_prepare_cached(st, uscc ? PUB_OBJECTS(PUB_CODE) : PUB_OBJECTS(PUB_TERM), &s, err))
		goto out;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	struct strbuf prev = STRBUF_INIT;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *u = (const char *)sqlite3_column_text(s, 0);
		if (!u || (n && !strcmp(u, strbuf_str(&prev))))
			continue;
		strbuf_reset(&prev);
		strbuf_adds(&prev, u);
		if (n >= offset && (!limit || n - offset < limit)) {
			if (!first)
				first = xstrdup(u);
			free(last);
			last = xstrdup(u);
		}
		n++;
	}
	strbuf_release(&prev);
	sqlite3_reset(s);
	if (step != SQLITE_DONE) {
		db_fail(st, "查询已公开的检查结果", err);
		goto out;
	}
	*total = n;
	rc = 0;
	if (!first)
		goto out;
	if (db_prepare_cached(st, uscc ? PUB_RECORDS(PUB_CODE) : PUB_RECORDS(PUB_TERM), &s, err)) {
		rc = -1;
		goto out;
	}
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, first, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, last, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		struct disclosure_row d;
		disclosure_from_row(s, &d);
		rc = fn(&d, db_col(s, 10), arg);
		if (rc)
			break;
	}
	sqlite3_reset(s);
	if (!rc && step != SQLITE_DONE)
		rc = db_fail(st, "查询已公开的检查结果", err);
out:
	if (own_txn && !sqlite3_get_autocommit(st->db))
		db_exec(st, "COMMIT", NULL);
	free(first);
	free(last);
	return rc;
}

/* ---- the task view ---- */

int store_task_view_each(struct store *st, const struct task_view_filter *f,
			 int (*fn)(const struct task_view *v, void *arg), void *arg, char **err)
{
	static const struct task_view_filter none;
	if (!f)
		f = &none;
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"SELECT t.id, t.kind, t.draw_id, t.visit_no, t.uscc, t.items, t.plan_year, t.plan_lines, "
		"t.slot,"
		" t.mode, t.team, t.experts, t.trigger, t.reference, t.state, t.created_at, t.created_by,"
		" t.cancelled, o.name, o.region, o.class,"
		" r.id, r.outcome, r.dates, r.end_date, d.decision, d.on_date,"
		" (SELECT count(*) FROM problem p WHERE p.task_id = t.id),"
		" (SELECT count(*) FROM problem p WHERE p.task_id = t.id AND p.state <> '销号'),"
		" (SELECT count(*) FROM penalty x WHERE x.task_id = t.id), t.unit_id"
		" FROM task t"
		" LEFT JOIN object_version o ON o.k = t.uscc AND o.valid_to IS NULL"
		" LEFT JOIN result r ON r.id = (SELECT max(id) FROM result WHERE task_id = t.id)"
		" LEFT JOIN disclosure d ON d.task_id = t.id"
		" WHERE (?1 = 0 OR t.id = ?1) AND (?2 = 0 OR t.draw_id = ?2) AND (?3 IS NULL OR t.state = ?3)"
		" AND (?4 IS NULL OR t.kind = ?4) AND (?5 IS NULL OR t.uscc = ?5)"
		" AND (?6 IS NULL OR ('、' || t.team || '、') LIKE ('%、' || ?6 || '、%'))"
		" AND (?7 = 0 OR substr(r.end_date, 1, 4) = printf('%04d', ?7))"
		" AND (?8 OR t.cancelled IS NULL) AND (?9 = 0 OR t.unit_id = ?9)"
		" ORDER BY t.id",
		&s, err))
		return -1;
	sqlite3_bind_int64(s, 1, f->id);
	sqlite3_bind_int64(s, 2, f->draw_id);
	db_bind_text(s, 3, f->state);
	db_bind_text(s, 4, f->kind);
	db_bind_text(s, 5, f->uscc);
	db_bind_text(s, 6, f->member);
	sqlite3_bind_int(s, 7, f->result_year);
	sqlite3_bind_int(s, 8, f->include_cancelled);
	sqlite3_bind_int64(s, 9, f->unit_id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct task_view v = {
		    .cancelled = db_col(s, 17),
		    .object_name = db_col(s, 18),
		    .region = db_col(s, 19),
		    .klass = db_col(s, 20),
		    .result_id = (long)sqlite3_column_int64(s, 21),
		    .outcome = db_col(s, 22),
		    .dates = db_col(s, 23),
		    .end_date = db_col(s, 24),
		    .decision = db_col(s, 25),
		    .decided_on = db_col(s, 26),
		    .problems = (long)sqlite3_column_int64(s, 27),
		    .open_problems = (long)sqlite3_column_int64(s, 28),
		    .penalties = (long)sqlite3_column_int64(s, 29),
		};
		task_from_row(s, &v.task);
		v.task.unit_id = (long)sqlite3_column_int64(s, 30);
		int r = fn(&v, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取检查任务", err);
}

char *store_dir_current_value(struct store *st, const struct dirkind *d, const char *key, const char *col)
{
	if (dirkind_field_index(d, col) < 0)
		return NULL;
	char sql[256];
	snprintf(sql, sizeof(sql), "SELECT %s FROM %s WHERE k = ? AND valid_to IS NULL AND removed = 0", col,
		 d->table);
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, sql, -1, &s, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	char *v = sqlite3_step(s) == SQLITE_ROW ? xstrdup(db_col(s, 0)) : NULL;
	sqlite3_finalize(s);
	return v;
}

/* ---- the audit verifier's re-hash functions ---- */

static long subject_id(const char *id)
{
	char *end;
	long n = id && *id ? strtol(id, &end, 10) : 0;
	return n > 0 && !*end ? n : 0;
}

int store_audit_rehash_result(struct store *st, const char *id, char hex[65], char **err)
{
	long n = subject_id(id);
	return n ? store_result_hash_of(st, n, hex, err) : 1;
}

int store_audit_rehash_penalty(struct store *st, const char *id, char hex[65], char **err)
{
	long n = subject_id(id);
	return n ? store_penalty_hash_of(st, n, hex, err) : 1;
}

int store_audit_rehash_publish(struct store *st, const char *id, char hex[65], char **err)
{
	long n = subject_id(id);
	return n ? store_disclosure_hash_of(st, n, hex, err) : 1;
}

int store_audit_rehash_problem(struct store *st, const char *id, char hex[65], char **err)
{
	long n = subject_id(id);
	return n ? store_problem_hash_of(st, n, hex, err) : 1;
}

int store_audit_rehash_user(struct store *st, const char *id, char hex[65], char **err)
{
	return store_user_hash_of(st, id, hex, err);
}
