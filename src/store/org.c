/*
 * This file implements the organisation record, the signing keys' public halves and the credit-code
 * overrides (see org.h), and the audit family "org": the bureau's identity, its row and its keys.
 */
#include "store/org.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/hash.h"
#include "store/audit-internal.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/xalloc.h"

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

/* Inserts a key row inside the caller's transaction; returns its id or -1. The caller appends the entry. */
static long key_insert(struct store *st, const char *public_key, const char *at, const char *actor,
		       char **err)
{
	sqlite3_stmt *s;
	if (strlen(public_key) != 64 || strspn(public_key, "0123456789abcdef") != 64)
		return set_err(err, "公钥应为64位小写十六进制");
	if (db_prepare(st,
		       "INSERT INTO signing_key(alg, public_key, created_at, created_by) VALUES ('Ed25519', "
		       "?, ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, public_key, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT)
		return set_err(err, "该公钥已登记过");
	if (rc != SQLITE_DONE)
		return db_fail(st, "登记签名密钥", err);
	return (long)sqlite3_last_insert_rowid(st->db);
}

int store_org_init(struct store *st, const struct org *o, const char *actor, char **err)
{
	return store_org_init_key(st, o, actor, NULL, err);
}

int store_org_init_key(struct store *st, const struct org *o, const char *actor, const char *public_key,
		       char **err)
{
	sqlite3_stmt *s;
	if (store_begin(st, err))
		return -1;
	if (db_prepare(
		st,
		"INSERT INTO org(id, name, region, level, created_at, created_by) VALUES (1, ?, ?, ?, ?, ?)",
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
	if (public_key && key_insert(st, public_key, o->created_at, actor, err) < 0)
		goto fail;
	if (store_audit_record(st, o->created_at, actor, "init", "org", err))
		goto fail;
	/* the organisation is the top unit (store/unit.h) */
	if (db_prepare(st,
		       "INSERT INTO unit(id, name, level, parent, regions, created_at, created_by)"
		       " VALUES (1, ?1, ?2, NULL, ?3, ?4, ?5)",
		       &s, err))
		goto fail;
	sqlite3_bind_text(s, 1, o->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, o->level, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, o->region, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, o->created_at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, actor, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		db_fail(st, "初始化单位", err);
		goto fail;
	}
	if (store_audit_record(st, o->created_at, actor, "init", "unit:1", err))
		goto fail;
	return store_commit(st, err);
fail:
	store_rollback(st);
	return -1;
}

int store_key_current(struct store *st, long *id, char public_key[65], char **err)
{
	sqlite3_stmt *s;
	*id = 0;
	public_key[0] = '\0';
	if (db_prepare(st, "SELECT id, public_key FROM signing_key ORDER BY id DESC LIMIT 1", &s, err))
		return -1;
	int rc = sqlite3_step(s);
	if (rc == SQLITE_ROW) {
		*id = (long)sqlite3_column_int64(s, 0);
		snprintf(public_key, 65, "%s", db_col(s, 1));
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "读取签名密钥", err);
	return rc == SQLITE_ROW;
}

int store_key_known(struct store *st, const char *public_key, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT 1 FROM signing_key WHERE public_key = ?", &s, err))
		return -1;
	sqlite3_bind_text(s, 1, public_key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_fail(st, "读取签名密钥", err);
	return rc == SQLITE_ROW;
}

long store_key_add(struct store *st, const char *public_key, const char *at, const char *actor, char **err)
{
	if (store_begin(st, err))
		return -1;
	long id = key_insert(st, public_key, at, actor, err);
	if (id < 0 || store_audit_record(st, at, actor, "key add", "org", err) || store_commit(st, err)) {
		store_rollback(st);
		return -1;
	}
	return id;
}

int store_uscc_override_has(struct store *st, const char *uscc)
{
	sqlite3_stmt *s;
	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM uscc_override WHERE uscc = ?", -1, &s, NULL) !=
	    SQLITE_OK)
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
	if (db_prepare(st,
		       "INSERT INTO uscc_override(uscc, reason, actor, at, batch_id) VALUES (?, ?, ?, ?, ?)"
		       " ON CONFLICT(uscc) DO NOTHING",
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

/*
 * The subject "org" is the bureau's identity: the org row and every signing key, in id order. Init
 * writes its first entry; registering a key appends another.
 */
static int org_rehash(struct store *st, const char *id, char hex[65], char **err)
{
	char row[65];
	int rc = *id ? 1 : store_row_hash(st, "org", 1, row, err);
	if (rc)
		return rc;
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT id FROM signing_key ORDER BY id", &s, err))
		return -1;
	struct sha256_stream *h = sha256_stream_new();
	sha256_stream_add(h, "suiji-org-v1", 13);
	sha256_stream_add(h, row, 64);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (store_row_hash(st, "signing_key", sqlite3_column_int64(s, 0), row, err)) {
			rc = -1;
			break;
		}
		sha256_stream_add(h, row, 64);
	}
	sha256_stream_finish(h, hex);
	sqlite3_finalize(s);
	if (rc == -1)
		return -1;
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取签名密钥", err);
}

static int org_check(struct store *st, char **problem, char **err)
{
	int rc = audit_check_rows(st, "org", "org", "本单位信息", problem, err);
	if (rc)
		return rc;
	/* the organisation is the one row 1: another row was written outside suiji */
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT rowid FROM org WHERE rowid <> 1 ORDER BY rowid LIMIT 1", &s, err))
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*problem =
		    xasprintf("本单位信息（表 org 第 %lld 行）没有审计记录：本单位信息只有第 1 行（org）",
			      (long long)sqlite3_column_int64(s, 0));
		rc = 1;
	}
	sqlite3_finalize(s);
	if (rc)
		return rc;
	/* keys are part of "org": one without any org entry was written outside suiji */
	if (db_prepare(
		st,
		"SELECT id FROM signing_key WHERE NOT EXISTS (SELECT 1 FROM audit WHERE subject = 'org')"
		" ORDER BY id LIMIT 1",
		&s, err))
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*problem = xasprintf("签名密钥（表 signing_key 第 %lld 行）没有审计记录",
				     (long long)sqlite3_column_int64(s, 0));
		rc = 1;
	}
	sqlite3_finalize(s);
	return rc;
}

const struct audit_family audit_family_org = {
    .name = "org",
    .zh = "本单位信息及签名密钥",
    .rehash = org_rehash,
    .check = org_check,
};
