/*
 * Unit tests of cell normalisation (core/field.c): canonical values and the reasons for refusals.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include "core/dirschema.h"
#include "core/utf8.h"

static const struct field_context city = {"410800", 0};

static const char *norm(const struct dirkind *d, const char *col, const char *in, int *rc)
{
	static struct strbuf out = STRBUF_INIT, why_buf = STRBUF_INIT;
	const char *why = NULL;
	*rc = field_normalize(&d->fields[dirkind_field_index(d, col)], in, &city, &out, &why_buf, &why);
	return *rc ? why : strbuf_str(&out);
}

static void canonical_values(void **state)
{
	int rc;
	assert_string_equal(norm(&dir_objects, "pollutants", " 废水;废气 ，废水、 噪声 ", &rc),
			    "废水、废气、噪声");
	assert_int_equal(rc, 0);
	assert_string_equal(norm(&dir_objects, "city_managed", "Y", &rc), "是");
	assert_string_equal(norm(&dir_objects, "city_managed", "", &rc), "否");
	assert_string_equal(norm(&dir_objects, "uscc", "91410821ma3x5k7b9q", &rc), "91410821MA3X5K7B9Q");
	assert_string_equal(norm(&dir_objects, "name", "\xe3\x80\x80 修武县化工 \xc2\xa0", &rc),
			    "修武县化工");
	assert_string_equal(norm(&dir_people, "years", "007", &rc), "7");
}

static void refusals(void **state)
{
	int rc;
	assert_non_null(strstr(norm(&dir_objects, "region", "410100", &rc), "不在本单位辖区"));
	assert_int_equal(rc, -1);
	assert_non_null(strstr(norm(&dir_objects, "region", "410800", &rc), "不是县级区划"));
	assert_non_null(strstr(norm(&dir_objects, "industry", "9801", &rc), "大类01-97"));
	assert_non_null(strstr(norm(&dir_objects, "name", "a\tb", &rc), "控制字符"));
	assert_non_null(strstr(norm(&dir_objects, "name",
				    "a\xc2\x85"
				    "b",
				    &rc),
			       "控制字符"));
	assert_non_null(strstr(norm(&dir_objects, "name", "\xff", &rc), "UTF-8"));
	assert_non_null(strstr(norm(&dir_people, "pid", "P 1", &rc), "字母"));
}

/* A refused value is quoted cut at a character boundary: the message stays valid UTF-8. */
static void quoted_value_stays_utf8(void **state)
{
	int rc;
	char in[400] = "";
	for (int i = 0; i < 40; i++)
		strcat(in, "重");
	for (int shift = 0; shift < 3; shift++) {
		char v[404];
		snprintf(v, sizeof(v), "%.*s%s", shift, "xx", in);
		const char *why = norm(&dir_objects, "class", v, &rc);
		assert_int_equal(rc, -1);
		assert_true(utf8_valid(why, strlen(why)));
		assert_non_null(strstr(why, "…”不是允许的值"));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(canonical_values),
	    cmocka_unit_test(refusals),
	    cmocka_unit_test(quoted_value_stays_utf8),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
