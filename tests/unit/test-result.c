/*
 * Unit tests of the result wording and national platform codes (core/result.c), the closed-loop
 * step rules, and the HTML escaping every published page relies on (io/html.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h> /* after the three it needs */

#include "core/result.h"
#include "io/html.h"

static void test_wording(void **state)
{
	(void)state;
	/* the regulation's three wordings (第九条), found by wording and by key */
	assert_int_equal(result_outcome_find("未发现问题")->outcome, RESULT_NONE);
	assert_int_equal(result_outcome_find("发现问题已责令整改")->outcome, RESULT_RECTIFY);
	assert_int_equal(result_outcome_find("发现违法行为已立案调查")->outcome, RESULT_CASE);
	assert_int_equal(result_outcome_find("rectify")->outcome, RESULT_RECTIFY);
	assert_int_equal(result_outcome_find("无法联系")->outcome, RESULT_UNREACHABLE);
	/* issue 11 defect 5: 不配合检查 stays what was recorded, not the stronger 不予配合情节严重 */
	assert_int_equal(result_outcome_find("不配合检查")->outcome, RESULT_UNCOOPERATIVE);
	assert_string_equal(result_outcome_find("不配合检查")->wording, "不配合检查");
	assert_int_equal(result_outcome_find("不予配合情节严重")->outcome, RESULT_REFUSED);
	assert_int_equal(result_outcome_find("已关闭停业")->outcome, RESULT_CLOSED);
	assert_null(result_outcome_find("基本合格"));
	assert_null(result_outcome_find(" 未发现问题"));
	assert_null(result_outcome_find(NULL));
	for (int i = 0; i < RESULT_OUTCOME_COUNT; i++) {
		assert_int_equal(result_outcomes[i].outcome, i);
		assert_ptr_equal(result_outcome_by_key(result_outcomes[i].key), &result_outcomes[i]);
	}
	/* problems: required exactly for the two "found" outcomes */
	assert_int_equal(result_outcome_find("未发现问题")->problems, 0);
	assert_int_equal(result_outcome_find("发现问题已责令整改")->problems, 1);
	assert_int_equal(result_outcome_find("发现违法行为已立案调查")->problems, 1);
	assert_int_equal(result_outcome_find("无法联系")->inspected, 0);
}

static void test_national_codes(void **state)
{
	(void)state;
	const char *text = NULL;
	assert_string_equal(result_national_code(result_outcome_find("未发现问题"), 0, &text), "1");
	assert_string_equal(text, "未发现问题");
	/* ordered to rectify: A while a problem is open, E once every problem is closed (销号) */
	assert_string_equal(result_national_code(result_outcome_find("发现问题已责令整改"), 2, &text), "A");
	assert_string_equal(text, "发现问题待后续处理");
	assert_string_equal(result_national_code(result_outcome_find("发现问题已责令整改"), 0, &text), "E");
	assert_string_equal(text, "发现问题经责令已改正");
	/* a case stays A: its end is the penalty decision, exported separately */
	assert_string_equal(result_national_code(result_outcome_find("发现违法行为已立案调查"), 0, NULL),
			    "A");
	assert_string_equal(result_national_code(result_outcome_find("无法联系"), 0, &text), "6");
	assert_string_equal(text, "通过登记的住所（经营场所）无法联系");
	assert_string_equal(result_national_code(result_outcome_find("已关闭停业"), 0, NULL), "7");
	assert_string_equal(result_national_code(result_outcome_find("不配合检查"), 0, &text), "8");
	assert_string_equal(text, "不配合检查"); /* the nearest code, the recorded wording */
	assert_string_equal(result_national_code(result_outcome_find("不予配合情节严重"), 0, &text), "8");
	assert_string_equal(text, "不予配合情节严重");
	assert_string_equal(result_national_code(result_outcome_find("未发现相关经营活动"), 0, NULL), "F");
	assert_null(result_national_text("Z"));
}

static void test_withhold_reasons(void **state)
{
	(void)state;
	assert_true(result_withhold_reason_valid("涉及国家秘密"));
	assert_true(result_withhold_reason_valid("涉及国家安全"));
	assert_true(result_withhold_reason_valid("涉及公共安全"));
	assert_false(result_withhold_reason_valid("企业要求"));
	assert_false(result_withhold_reason_valid(NULL));
}

static void test_problem_steps(void **state)
{
	(void)state;
	const char *why = NULL;
	/* 发现 → 交办 → 督办 → 销号 */
	assert_true(problem_step_allowed("发现", "交办", &why));
	assert_null(why);
	assert_true(problem_step_allowed("交办", "督办", &why));
	assert_true(problem_step_allowed("督办", "督办", &why));
	assert_true(problem_step_allowed("交办", "销号", &why));
	assert_true(problem_step_allowed("督办", "销号", &why));
	assert_true(problem_step_allowed("督办", "升级督办", &why));
	assert_true(problem_step_allowed("督办", "交办", &why)); /* handed to another owner */
	/* refusals */
	assert_false(problem_step_allowed("发现", "销号", &why));
	assert_non_null(strstr(why, "尚未交办"));
	assert_false(problem_step_allowed("发现", "督办", &why));
	assert_false(problem_step_allowed("销号", "督办", &why));
	assert_non_null(strstr(why, "已销号"));
	assert_false(problem_step_allowed("销号", "交办", &why));
	assert_false(problem_step_allowed("交办", "发现", &why));
	assert_string_equal(problem_state_after("升级督办"), "督办");
	assert_string_equal(problem_state_after("销号"), "销号");
}

static void expect_escaped(const char *in, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	html_escape(&sb, in);
	assert_string_equal(strbuf_str(&sb), want);
	strbuf_release(&sb);
}

static void test_html_escape(void **state)
{
	(void)state;
	expect_escaped("沁阳市\"恒盛\",纸业", "沁阳市&quot;恒盛&quot;,纸业");
	expect_escaped("<script>alert('x')</script>&amp;",
		       "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;amp;");
	expect_escaped("a\tb\nc\x01\x7f d", "a\tb\nc d");
	expect_escaped("bad \xff\xfe utf8 \xe4\xb8",
		       "bad \xef\xbf\xbd\xef\xbf\xbd utf8 \xef\xbf\xbd\xef\xbf\xbd");
	expect_escaped("\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"); /* a surrogate is not UTF-8 */
	expect_escaped("𠀀", "𠀀");						/* 4-byte CJK extension B */
	expect_escaped("", "");
	struct strbuf sb = STRBUF_INIT;
	html_escape(&sb, NULL);
	html_addf(&sb, "<td title=\"%s\">%d%%</td><td>%ld</td>", "a\"b<", 5, 12L);
	assert_string_equal(strbuf_str(&sb), "<td title=\"a&quot;b&lt;\">5%</td><td>12</td>");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_wording),	     cmocka_unit_test(test_national_codes),
	    cmocka_unit_test(test_withhold_reasons), cmocka_unit_test(test_problem_steps),
	    cmocka_unit_test(test_html_escape),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
