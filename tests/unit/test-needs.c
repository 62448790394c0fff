/*
 * Unit tests of the department → expertise table (core/needs.c over data/expertise.csv).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <string.h>

#include "core/needs.h"
#include "util/strbuf.h"

static void collect(const char *e, void *arg)
{
	struct strbuf *sb = arg;
	if (sb->len)
		strbuf_adds(sb, "|");
	strbuf_adds(sb, e);
}

static const char *needs(const char *dept)
{
	static struct strbuf sb = STRBUF_INIT;
	strbuf_reset(&sb);
	needs_of_department(dept, collect, &sb);
	return strbuf_str(&sb);
}

static void departments(void **state)
{
	assert_string_equal(needs("水生态环境科"), "水");
	assert_string_equal(needs("大气环境科"), "大气");
	assert_string_equal(needs("土壤生态环境科"), "土壤");
	assert_string_equal(needs("自然生态保护科"), "生态");
	assert_string_equal(needs("固体废物与化学品科"), "固废|化学品");
	assert_string_equal(needs("环评与排放管理科"), "环评|排污许可");
	assert_string_equal(needs("辐射安全科"), "辐射");
	assert_string_equal(needs("监测站"), "监测");
	assert_string_equal(needs("执法支队"), "");
	assert_string_equal(needs(""), "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(departments)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
