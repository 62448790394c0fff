/*
 * This file implements the organisation record and the credit-code overrides (see org.h).
 */
#include "store/org.h"

#include <stdio.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"

int store_org_get(struct store *st, struct org *o, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT name, region, level, created_at FROM org WHERE id = 1", &s, err))
		return -1;
	int found = sqlite3_step(s) == SQLITE_ROW;
	if (found) {
		snprintf(o->name, sizeof(o->name), "%s", db_col(s, 0));
		snprintf(o->region, sizeof(o->region), "%s", db_col(s, 1));
		snprintf(o->level, sizeof(o->level), "%s", db_col(s, 2));
		snprintf(o->created_at, sizeof(o->created_at), "%s", db_col(s, 3));
	}
	sqlite3_finalize(s);
	return found;
}

int store_org_init(struct store *st, const struct org *o, const char *actor, char **err)
{
	sqlite3_stmt *s;
	if (store_begin(st, err))
		return -1;
	if (db_prepare(st, "INSERT INTO org(id, name, region, level, created_at, created_by) VALUES (1, ?, ?, ?, ?, ?)",
		       &s, err))
		goto fail;
	sqlite3_bind_text(s, 1, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, o->region, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->level, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, o->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT) {
		set_err(err, "数据库已初始化，不能重复初始化");
		goto fail;
	}
	if (rc != SQLITE_DONE) {
		db_fail(st, "初始化", err);
		goto fail;
	}
	struct strbuf sb = STRBUF_INIT;
	char hash[65];
	strbuf_addf(&sb, "%s\n%s\n%s", o->name, o->region, o->level);
	sha256_hex(sb.buf, sb.len, hash);
	strbuf_release(&sb);
	if (store_audit_append(st, o->created_at, actor, "init", "org", hash, err))
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_uscc_override_has(struct store *st, const char *uscc)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM uscc_override WHERE uscc = ?", -1, &s, NULL) != SQLITE_OK)
		return 0;
	sqlite3_bind_text(s, 1, uscc, -1, SQLITE_STATIC);
	int found = sqlite3_step(s) == SQLITE_ROW;
	sqlite3_finalize(s);
	return found;
}

int store_uscc_override_add(struct store *st, const char *uscc, const char *reason, const char *actor,
			    const char *at, long batch, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "INSERT OR REPLACE INTO uscc_override(uscc, reason, actor, at, batch_id) VALUES (?, ?, ?, ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, uscc, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, at, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 5, batch);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "记录信用代码例外", err);
	sqlite3_finalize(s);
	return rc;
}
