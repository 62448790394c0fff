/*
 * Unit tests of the region table (core/region.c) over the embedded data/regions.csv.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "core/region.h"

static void finds_jiaozuo(void **state)
{
	const struct region *r = region_find("410821");
	assert_non_null(r);
	assert_string_equal(r->name, "修武县");
	assert_string_equal(r->parent, "410800");
	assert_null(region_find("410899"));
	assert_null(region_find("41082"));
	assert_null(region_find(NULL));
}

static void levels(void **state)
{
	assert_int_equal(region_level("410000"), 1);
	assert_int_equal(region_level("410800"), 2);
	assert_int_equal(region_level("410883"), 3);
	assert_int_equal(region_level("999999"), 0);
}

static void within(void **state)
{
	assert_true(region_within("410800", "410800"));
	assert_true(region_within("410800", "410882"));
	assert_true(region_within("410000", "410882"));
	assert_false(region_within("410800", "410100"));
	assert_false(region_within("410821", "410822"));
	assert_false(region_within("410821", "410800"));
}

static void count(const struct region *r, void *arg)
{
	(*(int *)arg)++;
}

static void jiaozuo_has_ten_counties(void **state)
{
	int n = 0;
	region_each_below("410800", count, &n);
	assert_int_equal(n, 10);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(finds_jiaozuo),
	    cmocka_unit_test(levels),
	    cmocka_unit_test(within),
	    cmocka_unit_test(jiaozuo_has_ten_counties),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
