/*
 * Unit tests of core/parse.c: the one parser of integers, ids and id lists.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>

#include <cmocka.h>

#include "core/parse.h"

static void longs(void **state)
{
	(void)state;
	long v = 0;
	assert_int_equal(parse_long("2026", 1900, 9999, &v), 0);
	assert_int_equal(v, 2026);
	assert_int_equal(parse_long("1899", 1900, 9999, &v), -1);
	assert_int_equal(parse_long("", 0, 9, &v), -1);
	assert_int_equal(parse_long("-1", -5, 9, &v), -1); /* digits only */
	assert_int_equal(parse_long("1 ", 0, 9, &v), -1);
	assert_int_equal(parse_long("99999999999999999999", 0, 9, &v), -1);
	assert_int_equal(parse_id("12"), 12);
	assert_int_equal(parse_id("0"), 0);
	assert_int_equal(parse_id("+3"), 0);
	assert_int_equal(parse_id("3a"), 0);
	assert_int_equal(parse_id(NULL), 0);
}

static void lists(void **state)
{
	(void)state;
	long *ids;
	size_t n;
	char bad[64];
	/* every separator a Chinese keyboard gives, spaces around, duplicates, any order */
	assert_int_equal(parse_id_list("3，1、2；2, 5;4", &ids, &n, bad), 0);
	assert_int_equal(n, 5);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(ids[i], (long)i + 1);
	free(ids);
	assert_int_equal(parse_id_list(" 7 ", &ids, &n, bad), 0);
	assert_int_equal(n, 1);
	assert_int_equal(ids[0], 7);
	free(ids);
	assert_int_equal(parse_id_list("1,x,3", &ids, &n, bad), -1);
	assert_string_equal(bad, "x");
	assert_null(ids);
	assert_int_equal(parse_id_list("1,0", &ids, &n, bad), -1);
	assert_string_equal(bad, "0");
	assert_int_equal(parse_id_list("、，", &ids, &n, bad), -1);
	assert_string_equal(bad, "");
	assert_int_equal(parse_id_list("1-3", &ids, &n, bad), -1);
	assert_string_equal(bad, "1-3");
}

int main(void)
{
	const struct CMUnitTest tests[] = {cmocka_unit_test(longs), cmocka_unit_test(lists)};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
