/*
 * Unit tests of the audit chain's store side (store/audit.c, audit-verify.c, directory-audit.c,
 * org.c): the generic row hash pinned to its documented format (docs/SECURITY.md), the version tag,
 * refusals of entries that would make the hashed text ambiguous, the registry (unknown families are
 * refused when recording and named as not checked when verifying), and verify catching an edit made
 * behind the store's back.
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
#include "store/org.h"
#include "util/strbuf.h"
#include "tmpdb.h"

static int setup(void **state)
{
	struct store *st = tmpdb_open("audit");
	char *err = NULL;
	struct org o = {0};
	snprintf(o.name, sizeof(o.name), "焦作市生态环境局");
	snprintf(o.region, sizeof(o.region), "410800");
	snprintf(o.level, sizeof(o.level), "city");
	snprintf(o.created_at, sizeof(o.created_at), "2025-01-02T09:00:00+08:00");
	assert_int_equal(store_org_init(st, &o, "测试员", &err), 0);
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	tmpdb_close(*state);
	return 0;
}

static void add_text(struct strbuf *sb, const char *name, const char *v)
{
	strbuf_add(sb, name, strlen(name) + 1);
	strbuf_addf(sb, "t%zu:", strlen(v));
	strbuf_add(sb, v, strlen(v) + 1);
}

/* The org row hashed by hand, following docs/SECURITY.md, equals store_row_hash. */
static void row_hash_format(void **state)
{
	struct store *st = *state;
	struct strbuf sb = STRBUF_INIT;
	strbuf_add(&sb, "suiji-row-v1", 13);
	strbuf_add(&sb, "org", 4);
	strbuf_add(&sb, "id", 3);
	strbuf_add(&sb, "i1", 3);
	add_text(&sb, "name", "焦作市生态环境局");
	add_text(&sb, "region", "410800");
	add_text(&sb, "level", "city");
	add_text(&sb, "created_at", "2025-01-02T09:00:00+08:00");
	add_text(&sb, "created_by", "测试员");
	char want[65], got[65], *err = NULL;
	sha256_hex(sb.buf, sb.len, want);
	strbuf_release(&sb);
	assert_int_equal(store_row_hash(st, "org", 1, got, &err), 0);
	assert_string_equal(got, want);
	assert_int_equal(store_row_hash(st, "org", 2, got, &err), 1);
	assert_int_equal(store_row_hash(st, "no_such_table", 1, got, &err), -1);
	assert_non_null(err);
	free(err);
}

static void version_tag(void **state)
{
	char h[65];
	memset(h, '0', 64);
	h[64] = '\0';
	assert_int_equal(dir_version_tag(h), 0);
	memcpy(h, "7fffffffffffffff", 16);
	assert_true(dir_version_tag(h) == INT64_MAX);
	memcpy(h, "8000000000000000", 16);
	assert_true(dir_version_tag(h) == INT64_MIN);
	memcpy(h, "ffffffffffffffff", 16);
	assert_int_equal(dir_version_tag(h), -1);
	/* the version hash changes with each part */
	char a[65], b[65];
	dir_version_hash("K", "new", 0, "2025-01-02", 5, "rh", a);
	dir_version_hash("K", "new", 0, "2025-01-02", 6, "rh", b);
	assert_string_not_equal(a, b);
	dir_version_hash("K", "new", 1, "2025-01-02", 5, "rh", b);
	assert_string_not_equal(a, b);
	dir_version_hash("K", "new", 0, "2025-01-02", 0, "rh", b);
	assert_string_not_equal(a, b);
}

static void refusals(void **state)
{
	struct store *st = *state;
	char *err = NULL;
	char h[65];
	memset(h, 'a', 64);
	h[64] = '\0';
	assert_int_equal(store_audit_append(st, "2025", "张\n三", "x", "org", h, &err), -1);
	assert_string_equal(err, "审计记录的操作人含有控制字符（如换行），不能记入审计链");
	free(err);
	err = NULL;
	assert_int_equal(store_audit_append(st, "2025", "张三", "x", "", h, &err), -1);
	assert_string_equal(err, "审计记录的对象不能为空");
	free(err);
	err = NULL;
	assert_int_equal(store_audit_append(st, "2025", "\xff", "x", "org", h, &err), -1);
	free(err);
	err = NULL;
	assert_int_equal(store_audit_record(st, "2025", "张三", "x", "zz-test:1", &err), -1);
	assert_non_null(strstr(err, "未登记"));
	free(err);
	err = NULL;
	assert_int_equal(store_audit_record(st, "2025", "张三", "x", "batch:99", &err), -1);
	assert_string_equal(err, "审计对象“batch:99”不存在");
	free(err);
	assert_null(store_audit_family("zz-test:1"));
	assert_non_null(store_audit_family("batch:1"));
	assert_non_null(store_audit_family("org"));
	assert_null(store_audit_family("bat:1"));
	assert_null(store_audit_family("batchx:1"));
}

static void verify(void **state)
{
	struct store *st = *state;
	struct audit_report r;
	char *err = NULL;
	assert_int_equal(store_audit_verify(st, &r, &err), 0);
	assert_int_equal(r.entries, 2); /* init: the organisation and the top unit */
	assert_int_equal(r.subjects, 2);
	assert_null(r.unchecked);
	audit_report_release(&r);

	/* an entry of a family nobody registered: named, not a failure */
	char h[65];
	memset(h, 'b', 64);
	h[64] = '\0';
	assert_int_equal(store_begin(st, &err), 0);
	assert_int_equal(
	    store_audit_append(st, "2025-01-03T09:00:00+08:00", "测试员", "test", "zz-test:1", h, &err), 0);
	assert_int_equal(
	    store_audit_append(st, "2025-01-03T09:00:00+08:00", "测试员", "test", "zz-test:2", h, &err), 0);
	assert_int_equal(store_commit(st, &err), 0);
	assert_int_equal(store_audit_verify(st, &r, &err), 0);
	assert_int_equal(r.entries, 4);
	assert_int_equal(r.unchecked_subjects, 2);
	assert_string_equal(r.unchecked, "zz-test 2 个");
	char head[65];
	long seq;
	assert_int_equal(store_audit_head(st, head, &seq, &err), 0);
	assert_int_equal(seq, 4);
	assert_string_equal(head, r.head_hash);
	assert_int_equal(store_audit_entry_hash(st, 4, head, &err), 1);
	assert_string_equal(head, r.head_hash);
	assert_int_equal(store_audit_entry_hash(st, 5, head, &err), 0);
	audit_report_release(&r);

	/* an edit behind the store's back */
	sqlite3 *db;
	assert_int_equal(sqlite3_open(tmpdb_path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "UPDATE org SET level = 'county'", NULL, NULL, NULL), SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db, "DELETE FROM audit", NULL, NULL, NULL),
			     SQLITE_OK); /* the trigger */
	sqlite3_close(db);
	assert_int_equal(store_audit_verify(st, &r, &err), 1);
	assert_int_equal(r.problem_seq, 1);
	assert_non_null(strstr(r.problem, "本单位信息及签名密钥 org 的内容已被改动"));
	audit_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(row_hash_format, setup, teardown),
	    cmocka_unit_test_setup_teardown(version_tag, setup, teardown),
	    cmocka_unit_test_setup_teardown(refusals, setup, teardown),
	    cmocka_unit_test_setup_teardown(verify, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
