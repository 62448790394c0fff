/*
 * Unit tests of the directory declarations (core/dirschema.c): a row's hash leaves out empty columns
 * added after the first schema (F_LATE), so versions written before schema step 12 keep the hash
 * their audit entries vouch for, while a filled one counts; dir_diff names the fields that changed;
 * the tags a list may select by.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/dirschema.h"
#include "core/hash.h"

static const char *const row[] = {"91410821MA3X5K7B9Q",
				  "修武县太行化工有限公司",
				  "410821",
				  "2614",
				  "重点",
				  "是",
				  "重点管理",
				  "91410821MA3X5K7B9Q001P",
				  "否",
				  "B",
				  "废水、废气",
				  "在线监控",
				  "正常",
				  "企业",
				  "高",
				  "修武县工业路18号",
				  "",
				  "",
				  ""};

/* The row hash as the version before step 12 computed it: the sixteen original fields only. */
static void hash_of_first_sixteen(const char *const *vals, char hex[65])
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < 16; i++) {
		strbuf_adds(&sb, dir_objects.fields[i].col);
		strbuf_addc(&sb, 0x1F);
		strbuf_adds(&sb, vals[i]);
		strbuf_addc(&sb, 0x1E);
	}
	sha256_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
}

static void late_columns_keep_old_hashes(void **state)
{
	(void)state;
	assert_int_equal(dir_objects.nfields, 19);
	char before[65], now[65], filled[65];
	hash_of_first_sixteen(row, before);
	dir_row_hash(&dir_objects, row, now);
	assert_string_equal(now, before);
	const char *vals[19];
	memcpy(vals, row, sizeof(vals));
	vals[17] = "季节性生产";
	dir_row_hash(&dir_objects, vals, filled);
	assert_string_not_equal(filled, before);
}

static void diff_names_changed_fields(void **state)
{
	(void)state;
	const char *vals[19];
	memcpy(vals, row, sizeof(vals));
	vals[14] = "中";
	vals[18] = "已投产";
	struct dir_field_change ch[19];
	assert_int_equal(dir_diff(&dir_objects, row, vals, ch), 2);
	assert_string_equal(dir_objects.fields[ch[0].field].zh, "风险等级");
	assert_string_equal(ch[0].old, "高");
	assert_string_equal(ch[0].neu, "中");
	assert_string_equal(dir_objects.fields[ch[1].field].zh, "项目建设情况");
	assert_string_equal(ch[1].old, "");
	assert_int_equal(dir_diff(&dir_objects, row, row, ch), 0);
}

static void tags(void **state)
{
	(void)state;
	assert_true(dir_tag_valid(&dir_objects, "市管"));
	assert_true(dir_tag_valid(&dir_objects, "正面清单"));
	assert_true(dir_tag_valid(&dir_objects, "危险废物"));
	assert_true(dir_tag_valid(&dir_objects, "大型"));
	assert_true(dir_tag_valid(&dir_objects, "2614"));
	assert_false(dir_tag_valid(&dir_objects, "不存在"));
	assert_false(dir_tag_valid(&dir_objects, "重要"));
	struct strbuf sb = STRBUF_INIT;
	dir_tag_values(&dir_objects, &sb);
	assert_non_null(strstr(sb.buf, "市管、"));
	assert_non_null(strstr(sb.buf, "季节性生产"));
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(late_columns_keep_old_hashes),
	    cmocka_unit_test(diff_names_changed_fields),
	    cmocka_unit_test(tags),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
