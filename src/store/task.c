/*
 * This file implements the task table (see task.h).
 */
#include "store/task.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "core/plan.h"
#include "store/audit.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/xalloc.h"
#include "util/error.h"
#include "util/strbuf.h"

#define TASK_COLS                                                                                            \
	"id, kind, draw_id, visit_no, uscc, items, plan_year, plan_lines, slot, mode, team, experts,"        \
	" trigger, reference, state, created_at, created_by, cancelled, unit_id"

#define TASK_INSERT_COLS                                                                                     \
	"INSERT INTO task(kind, draw_id, visit_no, uscc, items, plan_year, plan_lines, slot, mode,"          \
	" team, experts, trigger, reference, state, created_at, created_by, unit_id) VALUES "
#define TASK_INSERT_ROW "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, coalesce(?, '待检查'), ?, ?, ?)"
#define TASK_PARAMS 17
/* Rows per statement of store_task_insert_many: one statement's overhead spread over many rows. */
#define TASK_BATCH 64

/* Binds task "t" to the parameters after "base" (0 for the first row of a statement). */
static void bind_task(sqlite3_stmt *s, int base, const struct task *t)
{
	sqlite3_bind_text(s, base + 1, t->kind, -1, SQLITE_STATIC);
	if (t->draw_id) {
		sqlite3_bind_int64(s, base + 2, t->draw_id);
		sqlite3_bind_int64(s, base + 3, t->visit_no);
	}
	sqlite3_bind_text(s, base + 4, t->uscc, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 5, t->items ? t->items : "", -1, SQLITE_STATIC);
	if (t->plan_year)
		sqlite3_bind_int(s, base + 6, t->plan_year);
	db_bind_text(s, base + 7, t->plan_lines);
	db_bind_text(s, base + 8, t->slot);
	sqlite3_bind_text(s, base + 9, t->mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 10, t->team ? t->team : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 11, t->experts ? t->experts : "", -1, SQLITE_STATIC);
	db_bind_text(s, base + 12, t->trigger);
	db_bind_text(s, base + 13, t->reference);
	db_bind_text(s, base + 14, t->state);
	sqlite3_bind_text(s, base + 15, t->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, base + 16, t->created_by, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, base + 17, t->unit_id ? t->unit_id : 1);
}

long store_task_insert(struct store *st, const struct task *t, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare_cached(st, TASK_INSERT_COLS TASK_INSERT_ROW, &s, err))
		return -1;
	bind_task(s, 0, t);
	long id = -1;
	if (sqlite3_step(s) == SQLITE_DONE)
		id = (long)sqlite3_last_insert_rowid(st->db);
	else
		db_fail(st, "写入检查任务", err);
	sqlite3_reset(s);
	return id;
}

int store_task_insert_many(struct store *st, const struct task *t, size_t n, char **err)
{
	static char sql[sizeof(TASK_INSERT_COLS) + TASK_BATCH * sizeof("," TASK_INSERT_ROW)];
	if (!*sql) {
		size_t len = (size_t)snprintf(sql, sizeof(sql), "%s", TASK_INSERT_COLS);
		for (int i = 0; i < TASK_BATCH; i++)
			len += (size_t)snprintf(sql + len, sizeof(sql) - len, "%s%s", i ? "," : "",
						TASK_INSERT_ROW);
	}
	size_t i = 0;
	for (; i + TASK_BATCH <= n; i += TASK_BATCH) {
		sqlite3_stmt *s;
		if (db_prepare_cached(st, sql, &s, err))
			return -1;
		for (int k = 0; k < TASK_BATCH; k++)
			bind_task(s, k * TASK_PARAMS, &t[i + (size_t)k]);
		int rc = sqlite3_step(s);
		sqlite3_reset(s);
		if (rc != SQLITE_DONE)
			return db_fail(st, "写入检查任务", err);
	}
	for (; i < n; i++)
		if (store_task_insert(st, &t[i], err) < 0)
			return -1;
	return 0;
}

void task_from_row(sqlite3_stmt *s, struct task *t)
{
	*t = (struct task){
	    .id = (long)sqlite3_column_int64(s, 0),
	    .kind = db_col(s, 1),
	    .draw_id = (long)sqlite3_column_int64(s, 2),
	    .visit_no = (long)sqlite3_column_int64(s, 3),
	    .uscc = db_col(s, 4),
	    .items = db_col(s, 5),
	    .plan_year = sqlite3_column_int(s, 6),
	    .plan_lines = db_col(s, 7),
	    .slot = db_col(s, 8),
	    .mode = db_col(s, 9),
	    .team = db_col(s, 10),
	    .experts = db_col(s, 11),
	    .trigger = db_col(s, 12),
	    .reference = db_col(s, 13),
	    .state = db_col(s, 14),
	    .created_at = db_col(s, 15),
	    .created_by = db_col(s, 16),
	    .cancelled = db_col(s, 17),
	};
}

int store_task_each(struct store *st, const struct task_filter *f, int (*fn)(const struct task *t, void *arg),
		    void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "SELECT " TASK_COLS
		       " FROM task WHERE (?1 IS NULL OR kind = ?1) AND (?2 IS NULL OR state = ?2)"
		       " AND (?3 IS NULL OR uscc = ?3) AND (?4 = 0 OR draw_id = ?4) AND (?5 = 0 OR id = ?5) "
		       "ORDER BY id",
		       &s, err))
		return -1;
	db_bind_text(s, 1, f ? f->kind : NULL);
	db_bind_text(s, 2, f ? f->state : NULL);
	db_bind_text(s, 3, f ? f->uscc : NULL);
	sqlite3_bind_int64(s, 4, f ? f->draw_id : 0);
	sqlite3_bind_int64(s, 5, f ? f->id : 0);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		struct task t;
		task_from_row(s, &t);
		t.unit_id = (long)sqlite3_column_int64(s, 18);
		int r = fn(&t, arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取检查任务", err);
}

int store_task_set_state(struct store *st, long id, const char *from, const char *to, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "UPDATE task SET state = ? WHERE id = ? AND state = ?", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, to, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	sqlite3_bind_text(s, 3, from, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? (sqlite3_changes(st->db) ? 0 : 1)
						: db_fail(st, "更新任务状态", err);
	sqlite3_finalize(s);
	return rc;
}

int store_task_history(struct store *st, int year, long ignore_draw,
		       int (*fn)(const char *uscc, const char *last_random_at, long random_in_year,
				 const char *last_team, void *arg),
		       void *arg, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"SELECT t.uscc,"
		" max(CASE WHEN t.kind = 'random' THEN coalesce((SELECT max(r.end_date) FROM result r"
		"  WHERE r.task_id = t.id), CASE WHEN length(t.slot) = 7 THEN t.slot || '-01' END, "
		"t.created_at) END),"
		" sum(t.kind = 'random' AND substr(t.created_at, 1, 4) = printf('%04d', ?1)),"
		" (SELECT team FROM task u WHERE u.uscc = t.uscc AND u.team != '' AND u.cancelled IS NULL"
		"  AND (u.draw_id IS NULL OR u.draw_id != ?2) ORDER BY u.id DESC LIMIT 1)"
		" FROM task t WHERE t.cancelled IS NULL AND (t.draw_id IS NULL OR t.draw_id != ?2) GROUP BY "
		"t.uscc",
		&s, err))
		return -1;
	sqlite3_bind_int(s, 1, year);
	sqlite3_bind_int64(s, 2, ignore_draw);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		int r = fn(db_col(s, 0), db_col(s, 1), (long)sqlite3_column_int64(s, 2), db_col(s, 3), arg);
		if (r) {
			sqlite3_finalize(s);
			return r;
		}
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取检查历史", err);
}

int store_task_cancel_one(struct store *st, long id, const char *reason, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(
		st, "UPDATE task SET cancelled = ? WHERE id = ? AND state = '待检查' AND cancelled IS NULL",
		&s, err))
		return -1;
	sqlite3_bind_text(s, 1, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	int rc = sqlite3_step(s) == SQLITE_DONE ? (sqlite3_changes(st->db) ? 0 : 1)
						: db_fail(st, "作废检查任务", err);
	sqlite3_finalize(s);
	return rc;
}

int store_task_set_team(struct store *st, long id, const char *team, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "UPDATE task SET team = ? WHERE id = ? AND state = '待检查' AND cancelled IS NULL",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, team, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, id);
	int rc = sqlite3_step(s) == SQLITE_DONE ? (sqlite3_changes(st->db) ? 0 : 1)
						: db_fail(st, "调整检查组", err);
	sqlite3_finalize(s);
	return rc;
}

int store_task_previous_team(struct store *st, long id, char **team, char **err)
{
	sqlite3_stmt *s;
	*team = NULL;
	if (db_prepare(st,
		       "SELECT p.team FROM task t JOIN task p ON p.uscc = t.uscc AND p.id < t.id"
		       " WHERE t.id = ? AND p.cancelled IS NULL AND coalesce(p.team, '') <> ''"
		       " ORDER BY p.id DESC LIMIT 1",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE)
		*team = xstrdup(rc == SQLITE_ROW ? db_col(s, 0) : "");
	sqlite3_finalize(s);
	return *team ? 0 : db_fail(st, "读取上次检查组", err);
}

long store_task_cancel_draw(struct store *st, long draw_id, const char *reason, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(
		st,
		"UPDATE task SET cancelled = ? WHERE draw_id = ? AND state = '待检查' AND cancelled IS NULL",
		&s, err))
		return -1;
	sqlite3_bind_text(s, 1, reason, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, draw_id);
	long n = sqlite3_step(s) == SQLITE_DONE ? sqlite3_changes(st->db) : db_fail(st, "作废检查任务", err);
	sqlite3_finalize(s);
	return n;
}

long store_task_cancel_draw_lines(struct store *st, long draw_id, const long *lines, size_t n,
				  const char *reason, const char *at, const char *actor, char **err)
{
	sqlite3_stmt *s, *u;
	if (db_prepare(st,
		       "SELECT id, plan_lines FROM task WHERE draw_id = ? AND state = '待检查' AND cancelled "
		       "IS NULL",
		       &s, err))
		return -1;
	if (db_prepare(st, "UPDATE task SET cancelled = ? WHERE id = ?", &u, err)) {
		sqlite3_finalize(s);
		return -1;
	}
	sqlite3_bind_int64(s, 1, draw_id);
	sqlite3_bind_text(u, 1, reason, -1, SQLITE_STATIC);
	long count = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *p = db_col(s, 1), *e;
		size_t len;
		int hit = 0;
		while (!hit && (e = plan_list_next(&p, &len))) {
			char buf[24];
			snprintf(buf, sizeof(buf), "%.*s", (int)(len < 20 ? len : 20), e);
			long v = strtol(buf, NULL, 10);
			for (size_t i = 0; i < n; i++)
				hit |= lines[i] == v;
		}
		if (!hit)
			continue;
		sqlite3_bind_int64(u, 2, sqlite3_column_int64(s, 0));
		if (sqlite3_step(u) != SQLITE_DONE) {
			count = db_fail(st, "作废检查任务", err);
			break;
		}
		sqlite3_reset(u);
		/* each task cancelled here has its own entry: audit verify derives "cancelled" from it */
		char subject[32];
		snprintf(subject, sizeof(subject), "task:%lld", (long long)sqlite3_column_int64(s, 0));
		if (store_audit_record(st, at, actor, "task cancel (draw void part)", subject, err)) {
			count = -1;
			break;
		}
		count++;
	}
	if (count >= 0 && rc != SQLITE_DONE && rc != SQLITE_ROW)
		count = db_fail(st, "作废检查任务", err);
	sqlite3_finalize(s);
	sqlite3_finalize(u);
	return count;
}

#define TASK_IMMUTABLE                                                                                       \
	"kind, draw_id, visit_no, uscc, items, plan_year, plan_lines, slot, mode, team, experts, trigger,"   \
	" reference, created_at, created_by"

/* Adds the immutable columns of the current row of "s" (selected as TASK_IMMUTABLE) to "sb". */
static void add_immutable(sqlite3_stmt *s, struct strbuf *sb)
{
	for (int i = 0; i < 15; i++) {
		strbuf_adds(sb, db_col(s, i));
		strbuf_addc(sb, 0x1F);
	}
	strbuf_addc(sb, 0x1E);
}

static long parse_id(const char *id)
{
	char *end;
	long v = strtol(id, &end, 10);
	return *id && !*end && v > 0 ? v : 0;
}

int store_audit_rehash_task_v1(struct store *st, const char *id, char hex[65], char **err)
{
	long n = parse_id(id);
	sqlite3_stmt *s;
	if (!n)
		return 1;
	if (db_prepare(st, "SELECT " TASK_IMMUTABLE " FROM task WHERE id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, n);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		struct strbuf sb = STRBUF_INIT;
		strbuf_adds(&sb, "suiji-task-v1\n");
		add_immutable(s, &sb);
		sha256_hex(sb.buf, sb.len, hex);
		strbuf_release(&sb);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 1 : db_fail(st, "读取检查任务", err);
	}
	sqlite3_finalize(s);
	return rc;
}

/*
 * Adds the line of draw "id"'s compressed frame (schema step 7) to "sb": "draw_input" 0x1F codec 0x1F
 * size 0x1F SHA-256 of the stored bytes, then 0x0A — the compressed bytes are hashed as they are, not
 * decompressed. Nothing when the draw has no draw_input row (announced before step 7), so that older
 * draws hash as they always did. 0, or -1 with *err.
 */
static int add_input(struct store *st, long id, struct strbuf *sb, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT codec, size, data FROM draw_input WHERE draw_id = ?", &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		char data[65];
		const void *p = sqlite3_column_blob(s, 2);
		sha256_hex(p, (size_t)sqlite3_column_bytes(s, 2), data);
		strbuf_addf(sb, "draw_input\x1F%s\x1F%s\x1F%s\n", db_col(s, 0), db_col(s, 1), data);
	}
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : db_fail(st, "读取抽取框架", err);
	sqlite3_finalize(s);
	return rc;
}

int store_audit_rehash_draw_v1(struct store *st, const char *id, char hex[65], char **err)
{
	long n = parse_id(id);
	char row[65];
	if (!n)
		return 1;
	int r = store_row_hash(st, "draw", n, row, err);
	if (r)
		return r;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "suiji-draw-audit-v1\n%s\n", row);
	sqlite3_stmt *s;
	if (add_input(st, n, &sb, err) ||
	    db_prepare(st, "SELECT " TASK_IMMUTABLE " FROM task WHERE draw_id = ? ORDER BY id", &s, err)) {
		strbuf_release(&sb);
		return -1;
	}
	sqlite3_bind_int64(s, 1, n);
	struct sha256_stream *h = sha256_stream_new();
	sha256_stream_add(h, sb.buf, sb.len);
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		strbuf_reset(&sb);
		add_immutable(s, &sb);
		sha256_stream_add(h, sb.buf, sb.len);
	}
	strbuf_release(&sb);
	sqlite3_finalize(s);
	sha256_stream_finish(h, hex);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取检查任务", err);
}

void task_start_day(const struct task *t, char out[11])
{
	const char *src = t->kind && !strcmp(t->kind, "targeted") && t->slot && strlen(t->slot) == 10
			      ? t->slot
			      : t->created_at;
	snprintf(out, 11, "%.10s", src ? src : "");
}
