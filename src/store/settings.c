/*
 * This file implements the bureau's rules and settings in SQLite (see plan.h): table "setting"
 * (schema.c, migration 3) keeps every change with its reason, time and actor; the value in force for a
 * key is its newest row, and a key never set has the regulation's default for the bureau's level
 * (core/quota.c).
 */
#include "store/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit.h"
#include "store/org.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "store/unit.h"
#include "util/error.h"
#include "util/strbuf.h"

int store_settings_load_unit(struct store *st, long unit, struct plan_settings *s, char **err)
{
	struct unit u;
	int found = store_unit_get(st, unit, &u, err);
	if (found < 0)
		return -1;
	plan_settings_default(s, found && !strcmp(u.level, "county"));
	sqlite3_stmt *q;
	if (db_prepare(st,
		       "SELECT key, value FROM setting WHERE id IN"
		       " (SELECT max(id) FROM setting WHERE unit_id = ? GROUP BY key)",
		       &q, err))
		return -1;
	sqlite3_bind_int64(q, 1, unit);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		const struct setting_def *d = plan_setting_find(db_col(q, 0));
		const char *why;
		char buf[128];
		if (d) /* values were checked when set; a key of a newer program is skipped */
			plan_setting_set(s, d, db_col(q, 1), &why, buf);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取规则设置", err);
}

int store_settings_load(struct store *st, struct plan_settings *s, char **err)
{
	return store_settings_load_unit(st, 1, s, err);
}

int store_setting_is_set(struct store *st, const char *key)
{
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM setting WHERE key = ? AND unit_id = 1 LIMIT 1", -1, &q,
			       NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	int found = sqlite3_step(q) == SQLITE_ROW;
	sqlite3_finalize(q);
	return found;
}

static void setting_text(const char *key, const char *value, const char *reason, struct strbuf *sb)
{
	strbuf_addf(sb, "key\x1f%s\x1evalue\x1f%s\x1ereason\x1f%s\x1e", key, value, reason ? reason : "");
}

int store_audit_rehash_setting_v1(struct store *st, const char *id, char hex[65], char **err)
{
	long unit = 1;
	if (!(id = audit_subject_unit(id, &unit)))
		return 1;
	sqlite3_stmt *q;
	if (db_prepare(
		st,
		"SELECT value, reason FROM setting WHERE key = ? AND unit_id = ? ORDER BY id DESC LIMIT 1",
		&q, err))
		return -1;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, unit);
	int rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		struct strbuf sb = STRBUF_INIT;
		setting_text(id, db_col(q, 0), db_col(q, 1), &sb);
		sha256_hex(sb.buf, sb.len, hex);
		strbuf_release(&sb);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 1 : db_fail(st, "读取规则设置", err);
	}
	sqlite3_finalize(q);
	return rc;
}

int store_setting_set(struct store *st, long unit, const char *key, const char *value, const char *reason,
		      const char *actor, const char *at, char **err)
{
	const struct setting_def *d = plan_setting_find(key);
	if (!d)
		return set_err(err, "没有名为“%s”的设置项（suiji settings 列出全部设置项）", key);
	struct plan_settings s;
	const char *why;
	char why_buf[128], canon[32];
	plan_settings_default(&s, 0);
	if (plan_setting_set(&s, d, value, &why, why_buf))
		return set_err(err, "%s（%s）: “%s”%s", d->key, d->zh, value, why);
	plan_setting_format(&s, d, canon);
	sqlite3_stmt *q;
	if (db_prepare(
		st, "INSERT INTO setting(key, value, reason, at, actor, unit_id) VALUES (?, ?, ?, ?, ?, ?)",
		&q, err))
		return -1;
	sqlite3_bind_text(q, 1, d->key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, canon, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, reason ? reason : "", -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, actor, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 6, unit);
	int ok = sqlite3_step(q) == SQLITE_DONE;
	sqlite3_finalize(q);
	if (!ok)
		return db_fail(st, "写入规则设置", err);
	char subject[96];
	if (unit <= 1)
		snprintf(subject, sizeof(subject), "setting:%s", d->key);
	else
		snprintf(subject, sizeof(subject), "setting:u%ld/%s", unit, d->key);
	/* the entry vouches for every row of the key, its whole history (store/audit-rows.c) */
	return store_audit_record(st, at, actor, "settings set", subject, err);
}

int store_setting_history(struct store *st, long unit,
			  int (*fn)(const char *key, const char *value, const char *reason, const char *at,
				    const char *actor, void *arg),
			  void *arg, char **err)
{
	sqlite3_stmt *q;
	if (db_prepare(st, "SELECT key, value, reason, at, actor FROM setting WHERE unit_id = ? ORDER BY id",
		       &q, err))
		return -1;
	sqlite3_bind_int64(q, 1, unit);
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		int r = fn(db_col(q, 0), db_col(q, 1), db_col(q, 2), db_col(q, 3), db_col(q, 4), arg);
		if (r) {
			sqlite3_finalize(q);
			return r;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取规则设置", err);
}
