/*
 * This file implements the problems and their closed-loop steps (see problem.h).
 */
#include "store/problem.h"

#include <stdio.h>
#include <string.h>

#include "core/hash.h"
#include "core/result.h"
#include "store/audit.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"

static long insert_step(struct store *st, long problem_id, const char *step, const char *on_date,
			const char *at, const char *actor, const char *role, const char *assignee,
			const char *deadline, const char *note, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO problem_step(problem_id, step, on_date, at, actor, role, assignee, "
		       "deadline, note)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, problem_id);
	sqlite3_bind_text(s, 2, step, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, on_date, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, role, -1, SQLITE_STATIC);
	db_bind_text(s, 7, assignee);
	db_bind_text(s, 8, deadline);
	db_bind_text(s, 9, note);
	long id = sqlite3_step(s) == SQLITE_DONE ? (long)sqlite3_last_insert_rowid(st->db)
						 : db_fail(st, "写入问题办理记录", err);
	sqlite3_finalize(s);
	return id;
}

long store_problem_insert(struct store *st, long task_id, long result_id, const char *item,
			  const char *description, const char *kind, const char *found_on, const char *at,
			  const char *actor, const char *role, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO problem(task_id, result_id, item, description, kind, state, found_on)"
		       " VALUES (?, ?, ?, ?, ?, '发现', ?)",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, task_id);
	sqlite3_bind_int64(s, 2, result_id);
	db_bind_text(s, 3, item);
	sqlite3_bind_text(s, 4, description, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, kind, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, found_on, -1, SQLITE_STATIC);
	long id = sqlite3_step(s) == SQLITE_DONE ? (long)sqlite3_last_insert_rowid(st->db)
						 : db_fail(st, "写入问题", err);
	sqlite3_finalize(s);
	if (id < 0)
		return -1;
	if (insert_step(st, id, PROBLEM_FOUND, found_on, at, actor, role, NULL, NULL, description, err) < 0)
		return -1;
	return id;
}

#define PROBLEM_COLS                                                                                         \
	"p.id, p.task_id, p.result_id, p.item, p.description, p.kind, p.state, p.found_on, p.assignee,"      \
	" p.deadline, p.closed_on, p.escalated, t.uscc, o.name, t.team"

int store_problem_each(struct store *st, const struct problem_filter *f,
		       int (*fn)(const struct problem_row *p, void *arg), void *arg, char **err)
{
	static const struct problem_filter none;
	if (!f)
		f = &none;
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"SELECT " PROBLEM_COLS " FROM problem p JOIN task t ON t.id = p.task_id"
		" LEFT JOIN object_version o ON o.k = t.uscc AND o.valid_to IS NULL"
		" WHERE (?1 = 0 OR p.id = ?1) AND (?2 = 0 OR p.task_id = ?2) AND (?3 IS NULL OR p.state = ?3)"
		" AND (?4 = 0 OR p.state <> '销号')"
		" AND (?5 IS NULL OR (p.state <> '销号' AND p.deadline IS NOT NULL AND p.deadline < ?5))"
		" AND (?6 IS NULL OR ('、' || t.team || '、') LIKE ('%、' || ?6 || '、%'))"
		" ORDER BY p.id",
		&s, err))
		return -1;
	sqlite3_bind_int64(s, 1, f->id);
	sqlite3_bind_int64(s, 2, f->task_id);
	db_bind_text(s, 3, f->state);
	sqlite3_bind_int(s, 4, f->open_only);
	db_bind_text(s, 5, f->overdue_on);
	db_bind_text(s, 6, f->member);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct problem_row p = {
		    .id = (long)sqlite3_column_int64(s, 0),
		    .task_id = (long)sqlite3_column_int64(s, 1),
		    .result_id = (long)sqlite3_column_int64(s, 2),
		    .item = db_col(s, 3),
		    .description = db_col(s, 4),
		    .kind = db_col(s, 5),
		    .state = db_col(s, 6),
		    .found_on = db_col(s, 7),
		    .assignee = db_col(s, 8),
		    .deadline = db_col(s, 9),
		    .closed_on = db_col(s, 10),
		    .escalated = sqlite3_column_int(s, 11),
		    .uscc = db_col(s, 12),
		    .object_name = db_col(s, 13),
		    .team = db_col(s, 14),
		};
		int r = fn(&p, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取问题", err);
}

int store_problem_steps(struct store *st, long id, int (*fn)(const struct problem_step_row *s, void *arg),
			void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT id, problem_id, step, on_date, at, actor, role, assignee, deadline, note"
		       " FROM problem_step WHERE problem_id = ? ORDER BY id",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct problem_step_row r = {
		    .id = (long)sqlite3_column_int64(s, 0),
		    .problem_id = (long)sqlite3_column_int64(s, 1),
		    .step = db_col(s, 2),
		    .on_date = db_col(s, 3),
		    .at = db_col(s, 4),
		    .actor = db_col(s, 5),
		    .role = db_col(s, 6),
		    .assignee = db_col(s, 7),
		    .deadline = db_col(s, 8),
		    .note = db_col(s, 9),
		};
		int ret = fn(&r, arg);
		if (ret) {
			sqlite3_finalize(s);
			return ret;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取问题办理记录", err);
}

struct hash_state {
	struct store *st;
	struct strbuf sb;
	char **err;
};

static int hash_evidence(const struct attachment_ref *a, void *arg)
{
	strbuf_addf(arg, "%s\x1f%s\x1f%ld\x1e", a->name, a->sha256, a->size);
	return 0;
}

static int hash_step(const struct problem_step_row *r, void *arg)
{
	struct hash_state *h = arg;
	strbuf_addf(&h->sb, "%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1f%s\x1e", r->step, r->on_date, r->actor,
		    r->role, r->assignee, r->deadline, r->note);
	return store_attachments(h->st, 0, r->id, hash_evidence, &h->sb, h->err) ? -1 : 0;
}

static int hash_row(const struct problem_row *p, void *arg)
{
	struct hash_state *h = arg;
	strbuf_addf(&h->sb, "%ld\n%s\n%s\n%s\n%s\n%s\n%s\n%s\n%d\n%s\n", p->task_id, p->item, p->description,
		    p->kind, p->state, p->found_on, p->assignee, p->deadline, p->escalated, p->closed_on);
	return 1;
}

int store_problem_hash_v1(struct store *st, long id, char hex[65], char **err)
{
	struct hash_state h = {st, STRBUF_INIT, err};
	struct problem_filter f = {.id = id};
	int rc = store_problem_each(st, &f, hash_row, &h, err);
	if (rc == 0) {
		strbuf_release(&h.sb);
		return 1;
	}
	if (rc < 0 || store_problem_steps(st, id, hash_step, &h, err)) {
		strbuf_release(&h.sb);
		return -1;
	}
	sha256_hex(h.sb.buf, h.sb.len, hex);
	strbuf_release(&h.sb);
	return 0;
}

struct current {
	char state[16];
	char deadline[16];
	int found;
};

static int get_current(const struct problem_row *p, void *arg)
{
	struct current *c = arg;
	c->found = 1;
	snprintf(c->state, sizeof(c->state), "%s", p->state);
	snprintf(c->deadline, sizeof(c->deadline), "%s", p->deadline);
	return 0;
}

static int refuse(struct store *st, char **err, const char *fmt, const char *a, long b)
{
	set_err(err, fmt, a, b);
	store_rollback(st);
	return 1;
}

int store_problem_step(struct store *st, const struct problem_step_new *n, char **err)
{
	if (store_begin(st, err))
		return -1;
	struct current c = {0};
	struct problem_filter f = {.id = n->problem_id};
	if (store_problem_each(st, &f, get_current, &c, err) < 0)
		goto fail;
	if (!c.found)
		return refuse(st, err, "%s没有编号为 %ld 的问题", "", n->problem_id);
	const char *why = NULL;
	if (!problem_step_allowed(c.state, n->step, &why))
		return refuse(st, err, "%s（问题 %ld）", why, n->problem_id);
	int assign = !strcmp(n->step, PROBLEM_ASSIGNED), close = !strcmp(n->step, PROBLEM_CLOSED),
	    escalate = !strcmp(n->step, PROBLEM_STEP_ESCALATED);
	if (assign && (!n->assignee || !*n->assignee || !n->deadline || !*n->deadline))
		return refuse(st, err, "%s交办须写明责任单位和整改期限（问题 %ld）", "", n->problem_id);
	if (close && (!n->note || !*n->note))
		return refuse(st, err, "%s销号须写明复查核实情况（问题 %ld）", "", n->problem_id);
	if (close && n->nevidence == 0)
		return refuse(st, err, "%s没有整改证据不能销号：请附上至少一份证据材料（问题 %ld）", "",
			      n->problem_id);
	if (escalate && !(*c.deadline && strcmp(c.deadline, n->on_date) < 0))
		return refuse(st, err,
			      "整改期限（%s）尚未届满，不能升级督办（问题 %ld）；未超期时请用督办（催办）",
			      *c.deadline ? c.deadline : "未定", n->problem_id);
	long step_id = insert_step(st, n->problem_id, n->step, n->on_date, n->at, n->actor, n->role,
				   n->assignee, n->deadline, n->note, err);
	if (step_id < 0)
		goto fail;
	for (size_t i = 0; i < n->nevidence; i++)
		if (store_attachment_insert(st, 0, step_id, &n->evidence[i], n->at, n->actor, err))
			goto fail;
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "UPDATE problem SET state = ?2,"
		       " assignee = CASE WHEN ?3 IS NOT NULL THEN ?3 ELSE assignee END,"
		       " deadline = CASE WHEN ?4 IS NOT NULL THEN ?4 ELSE deadline END,"
		       " escalated = escalated OR ?5,"
		       " closed_on = CASE WHEN ?2 = '销号' THEN ?6 ELSE closed_on END"
		       " WHERE id = ?1",
		       &s, err))
		goto fail;
	sqlite3_bind_int64(s, 1, n->problem_id);
	sqlite3_bind_text(s, 2, problem_state_after(n->step), -1, SQLITE_STATIC);
	db_bind_text(s, 3, n->assignee);
	db_bind_text(s, 4, n->deadline);
	sqlite3_bind_int(s, 5, escalate);
	sqlite3_bind_text(s, 6, n->on_date, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		db_fail(st, "更新问题", err);
		goto fail;
	}
	char hex[65], subject[64], action[64];
	snprintf(subject, sizeof(subject), "problem:%ld", n->problem_id);
	snprintf(action, sizeof(action), "problem %s", n->step);
	if (store_problem_hash_of(st, n->problem_id, hex, err) ||
	    store_audit_append(st, n->at, n->actor, action, subject, hex, err) || store_commit(st, err))
		goto fail;
	return 0;
fail:
	store_rollback(st);
	return -1;
}
