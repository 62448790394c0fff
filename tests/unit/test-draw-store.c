/*
 * Unit tests of a draw's stored frame (store/draw.c, schema step 7): the frame goes compressed into
 * draw_input and comes back byte for byte (empty, small, several megabytes, with or without its length
 * given); the draw row keeps inputs = '' and the row walks hand out inputs = NULL; a draw stored the
 * old way (text in draw.inputs, no draw_input row) is still read; damaged data is refused with the
 * draw's number; the draw's audit hash covers codec, size and the SHA-256 of the compressed bytes,
 * and is unchanged for a draw without a draw_input row.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after the three it needs */
#include <sqlite3.h>

#include "core/hash.h"
#include "store/audit-internal.h"
#include "store/audit.h"
#include "store/draw.h"
#include "store/task.h"
#include "util/strbuf.h"
#include "tmpdb.h"
#include "util/xalloc.h"

static int setup(void **state)
{
	*state = tmpdb_open("draw-store");
	return 0;
}

static int teardown(void **state)
{
	tmpdb_close(*state);
	return 0;
}

/* Announces a draw with frame "text" ("len" bytes; 0: let the store measure it); returns its id. */
static long announce(struct store *st, const char *text, size_t len)
{
	char hash[65], *err = NULL;
	sha256_hex(text, len ? len : strlen(text), hash);
	struct draw_row d = {
	    .year = 2025,
	    .period = "2025Q1",
	    .lines = "1",
	    .inputs = text,
	    .inputs_len = len,
	    .inputs_hash = hash,
	    .salt = "00",
	    .salt_commitment = "11",
	    .announcement = "{}",
	    .beacon_source = "福彩3D",
	    .announced_at = "2025-01-05T09:00:00+08:00",
	    .announced_by = "测试员",
	};
	assert_int_equal(store_begin(st, &err), 0);
	long id = store_draw_insert(st, &d, &err);
	assert_true(id > 0);
	assert_int_equal(store_commit(st, &err), 0);
	return id;
}

/* Runs "sql" on a second connection, as someone with sqlite3 would; returns sqlite3_exec's code. */
static int raw(const char *sql)
{
	sqlite3 *db;
	assert_int_equal(sqlite3_open(tmpdb_path, &db), SQLITE_OK);
	int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc;
}

/* The first column of the first row of "sql" as text ("" when none), on a second connection. */
static void raw_text(const char *sql, struct strbuf *out)
{
	sqlite3 *db;
	sqlite3_stmt *s;
	assert_int_equal(sqlite3_open(tmpdb_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &s, NULL), SQLITE_OK);
	strbuf_reset(out);
	if (sqlite3_step(s) == SQLITE_ROW) {
		const void *p = sqlite3_column_blob(s, 0);
		strbuf_add(out, p, (size_t)sqlite3_column_bytes(s, 0));
	}
	sqlite3_finalize(s);
	sqlite3_close(db);
}

static void expect_frame(struct store *st, long id, const char *want, size_t want_len)
{
	char *text = NULL, *err = NULL;
	size_t len = 99;
	assert_int_equal(store_draw_inputs(st, id, &text, &len, &err), 0);
	assert_int_equal(len, want_len);
	assert_memory_equal(text, want, want_len);
	assert_int_equal(text[len], '\0');
	free(text);
}

static int walk_inputs_null(const struct draw_row *d, void *arg)
{
	assert_null(d->inputs);
	assert_string_equal(d->period, "2025Q1");
	assert_string_equal(d->meta, "{}");
	(*(int *)arg)++;
	return 0;
}

static void roundtrip(void **state)
{
	struct store *st = *state;
	const char small[] = "{\"objects\":{\"U1\":{\"region\":\"410800\"}},\"strata\":[]}";
	long a = announce(st, small, 0);
	long b = announce(st, small, sizeof(small) - 1);
	long c = announce(st, "", 0);

	/* several megabytes of CJ-like text: what the worker threads see at scale */
	struct strbuf big = STRBUF_INIT;
	strbuf_addc(&big, '{');
	for (int i = 0; i < 60000; i++)
		strbuf_addf(&big,
			    "%s\"9141%014d\":{\"class\":\"重点\",\"region\":\"4108%02d\",\"weight\":%d}",
			    i ? "," : "", i, i % 23, 1 + i % 7);
	strbuf_addc(&big, '}');
	long d = announce(st, big.buf, big.len);

	expect_frame(st, a, small, sizeof(small) - 1);
	expect_frame(st, b, small, sizeof(small) - 1);
	expect_frame(st, c, "", 0);
	expect_frame(st, d, big.buf, big.len);

	struct strbuf out = STRBUF_INIT;
	raw_text("SELECT count(*) FROM draw WHERE inputs <> ''", &out);
	assert_string_equal(strbuf_str(&out), "0");
	raw_text("SELECT count(*) || ' ' || sum(codec = 'zstd') FROM draw_input", &out);
	assert_string_equal(strbuf_str(&out), "4 4");
	raw_text("SELECT size < 4000000 OR length(data) * 4 < size FROM draw_input WHERE draw_id = 4", &out);
	assert_string_equal(strbuf_str(&out), "1");

	int n = 0;
	char *err = NULL;
	assert_int_equal(store_draw_each(st, walk_inputs_null, &n, &err), 0);
	assert_int_equal(n, 4);
	n = 0;
	assert_int_equal(store_draw_get(st, d, walk_inputs_null, &n, &err), 0);
	assert_int_equal(n, 1);

	char *text = NULL;
	size_t len = 0;
	assert_int_equal(store_draw_inputs(st, 99, &text, &len, &err), 1);
	assert_null(text);

	/* the frame is written once */
	assert_int_not_equal(raw("UPDATE draw_input SET size = size + 1"), SQLITE_OK);
	assert_int_not_equal(raw("DELETE FROM draw_input"), SQLITE_OK);
	strbuf_release(&big);
	strbuf_release(&out);
}

/* A draw announced before schema step 7: the frame in draw.inputs, no draw_input row. */
static void old_draw(void **state)
{
	struct store *st = *state;
	const char frame[] = "{\"strata\":[],\"objects\":{}}";
	assert_int_equal(
	    raw("INSERT INTO draw(year, period, lines, inputs, inputs_hash, salt, salt_commitment,"
		" announcement, beacon_source, announced_at, announced_by, state) VALUES"
		" (2024, '2024Q4', '1', '{\"strata\":[],\"objects\":{}}', 'h', 's', 'c', '{}', 'b',"
		" '2024-10-01T09:00:00+08:00', '测试员', 'announced')"),
	    SQLITE_OK);
	expect_frame(st, 1, frame, sizeof(frame) - 1);
}

static void expect_corrupt(struct store *st, long id, const char *why)
{
	char *text = NULL, *err = NULL;
	size_t len = 0;
	assert_int_equal(store_draw_inputs(st, id, &text, &len, &err), -1);
	assert_null(text);
	assert_non_null(err);
	if (!strstr(err, why))
		fail_msg("“%s” lacks “%s”", err, why);
	free(err);
}

static void corrupt(void **state)
{
	struct store *st = *state;
	const char frame[] = "{\"objects\":{\"U1\":{\"region\":\"410800\"},\"U2\":{\"region\":\"410821\"}}}";
	long id = announce(st, frame, 0);
	assert_int_equal(id, 1);
	assert_int_equal(raw("DROP TRIGGER draw_input_no_update"), SQLITE_OK);

	assert_int_equal(raw("UPDATE draw_input SET size = size + 1"), SQLITE_OK);
	expect_corrupt(st, id, "第 1 号抽取的抽取框架数据已损坏（长度不符");
	assert_int_equal(raw("UPDATE draw_input SET size = size - 1"), SQLITE_OK);
	expect_frame(st, id, frame, sizeof(frame) - 1);

	/* one byte of the compressed data changed (the last: inside the checksum) */
	assert_int_equal(raw("UPDATE draw_input SET data = CAST(substr(data, 1, length(data) - 1) ||"
			     " CASE WHEN substr(data, -1) = x'00' THEN x'01' ELSE x'00' END AS BLOB)"),
			 SQLITE_OK);
	struct strbuf out = STRBUF_INIT;
	raw_text("SELECT typeof(data) FROM draw_input", &out);
	assert_string_equal(strbuf_str(&out), "blob");
	strbuf_release(&out);
	expect_corrupt(st, id, "第 1 号抽取的抽取框架数据已损坏（解压失败: ");

	assert_int_equal(raw("UPDATE draw_input SET data = x'00112233445566778899'"), SQLITE_OK);
	expect_corrupt(st, id, "第 1 号抽取的抽取框架数据已损坏（解压失败: ");
	assert_int_equal(raw("UPDATE draw_input SET data = x''"), SQLITE_OK);
	expect_corrupt(st, id, "第 1 号抽取的抽取框架数据已损坏（解压失败: ");
	assert_int_equal(raw("UPDATE draw_input SET size = -5"), SQLITE_OK);
	expect_corrupt(st, id, "第 1 号抽取的抽取框架数据已损坏（长度 -5 无效）");
}

/*
 * The draw's audit hash. v1 (kept to re-record older databases): as before schema step 7 without a
 * frame row, with codec, size, SHA-256 else. v2 (schema step 15 on): the generic row hashes of the draw
 * row, its frame row and its tasks, each in hex and "\n".
 */
static void audit_hash(void **state)
{
	struct store *st = *state;
	char *err = NULL, row[65], want[65], got[65], data[65];
	struct strbuf sb = STRBUF_INIT, blob = STRBUF_INIT;

	assert_int_equal(
	    raw("INSERT INTO draw(year, period, lines, inputs, inputs_hash, salt, salt_commitment,"
		" announcement, beacon_source, announced_at, announced_by, state) VALUES"
		" (2024, '2024Q4', '1', '{}', 'h', 's', 'c', '{}', 'b',"
		" '2024-10-01T09:00:00+08:00', '测试员', 'announced')"),
	    SQLITE_OK);
	assert_int_equal(store_row_hash(st, "draw", 1, row, &err), 0);
	strbuf_addf(&sb, "suiji-draw-audit-v1\n%s\n", row);
	sha256_hex(sb.buf, sb.len, want);
	assert_int_equal(store_audit_rehash_draw_v1(st, "1", got, &err), 0);
	assert_string_equal(got, want);

	long id = announce(st, "{\"objects\":{}}", 0);
	assert_int_equal(id, 2);
	assert_int_equal(store_row_hash(st, "draw", 2, row, &err), 0);
	raw_text("SELECT data FROM draw_input WHERE draw_id = 2", &blob);
	sha256_hex(blob.buf, blob.len, data);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "suiji-draw-audit-v1\n%s\ndraw_input\x1Fzstd\x1F%zu\x1F%s\n", row,
		    strlen("{\"objects\":{}}"), data);
	sha256_hex(sb.buf, sb.len, want);
	assert_int_equal(store_audit_rehash_draw_v1(st, "2", got, &err), 0);
	assert_string_equal(got, want);
	char input[65], want2[65], got2[65];
	assert_int_equal(store_row_hash(st, "draw_input", 2, input, &err), 0);
	strbuf_reset(&sb);
	strbuf_addf(&sb, "suiji-draw-audit-v2\n%s\n%s\n", row, input);
	sha256_hex(sb.buf, sb.len, want2);
	assert_int_equal(store_audit_rehash_draw(st, "2", got2, &err), 0);
	assert_string_equal(got2, want2);

	/* a changed byte of the compressed data changes the hash */
	assert_int_equal(
	    raw("DROP TRIGGER draw_input_no_update;"
		" UPDATE draw_input SET data = CAST(x'00' || substr(data, 2) AS BLOB) WHERE draw_id = 2"),
	    SQLITE_OK);
	assert_int_equal(store_audit_rehash_draw_v1(st, "2", got, &err), 0);
	assert_string_not_equal(got, want);
	assert_int_equal(store_audit_rehash_draw(st, "2", got2, &err), 0);
	assert_string_not_equal(got2, want2);
	strbuf_release(&sb);
	strbuf_release(&blob);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(roundtrip, setup, teardown),
	    cmocka_unit_test_setup_teardown(old_draw, setup, teardown),
	    cmocka_unit_test_setup_teardown(corrupt, setup, teardown),
	    cmocka_unit_test_setup_teardown(audit_hash, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
