/*
 * This file implements appending to the audit chain and reading its head (see audit.h).
 */
#include "store/audit.h"

#include <stdio.h>
#include <string.h>

#include "core/hash.h"
#include "store/store-internal.h"
#include "util/error.h"
#include "util/strbuf.h"

int store_audit_head(struct store *st, char hash[65], long *seq, char **err)
{
	sqlite3_stmt *s;
	hash[0] = '\0';
	*seq = 0;
	if (db_prepare(st, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1", &s, err))
		return -1;
	if (sqlite3_step(s) == SQLITE_ROW) {
		*seq = sqlite3_column_int64(s, 0);
		snprintf(hash, 65, "%s", db_col(s, 1));
	}
	sqlite3_finalize(s);
	return 0;
}

int store_audit_append(struct store *st, const char *at, const char *actor, const char *action,
		       const char *subject, const char *content_hash, char **err)
{
	char prev[65], hash[65];
	long seq;
	if (store_audit_head(st, prev, &seq, err))
		return -1;
	seq++;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "%s\n%ld\n%s\n%s\n%s\n%s\n%s", prev, seq, at, actor, action, subject, content_hash);
	sha256_hex(sb.buf, sb.len, hash);
	strbuf_release(&sb);

	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO audit(seq, at, actor, action, subject, content_hash, prev_hash, hash)"
		       " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
		       &s, err))
		return -1;
	sqlite3_bind_int64(s, 1, seq);
	sqlite3_bind_text(s, 2, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 3, actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, action, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, subject, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, content_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, prev, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 8, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s) == SQLITE_DONE ? 0 : db_fail(st, "写入审计记录", err);
	sqlite3_finalize(s);
	return rc;
}
