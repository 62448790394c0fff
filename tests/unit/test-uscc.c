/*
 * Unit tests of the 统一社会信用代码 and 组织机构代码 checks (core/uscc.c).
 *
 * The valid codes below were checked by hand; the arithmetic is written next to each, with
 * credit-code values from "0123456789ABCDEFGHJKLMNPQRTUWXY" (so M = 21, K = 19, X = 29),
 * weights 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28, and organisation-code values
 * 0-9, A = 10 … Z = 35 (so M = 22) with weights 3,7,9,10,5,8,4,2.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <string.h>

#include <cmocka.h> /* after the three it needs */

#include "core/uscc.h"

static void assert_valid(const char *code)
{
	const char *why = "unset";
	int rc = uscc_check(code, &why);
	if (rc != 0)
		fail_msg("%s: %s", code, why);
	assert_null(why);
}

static void assert_invalid(const char *code, const char *reason)
{
	const char *why = NULL;
	assert_int_equal(uscc_check(code, &why), -1);
	assert_non_null(why);
	assert_string_equal(why, reason);
}

/*
 * 914403001922038216 (a Shenzhen company, as published)
 *   org 19220382: 1*3+9*7+2*9+2*10+0*5+3*8+8*4+2*2 = 164; 164 mod 11 = 10; 11-10 = 1 → "1" ✓
 *   all: 9*1+1*3+4*9+4*27+0*19+3*26+0*16+0*17+1*20+9*29+2*25+2*13+0*8+3*24+8*10+2*30+1*28
 *        = 831; 831 mod 31 = 25; 31-25 = 6 → "6" ✓
 * 9144030071526726XG
 *   org 71526726: 7*3+1*7+5*9+2*10+6*5+7*8+2*4+6*2 = 199; 199 mod 11 = 1; 11-1 = 10 → "X" ✓
 *   all: …+7*20+1*29+5*25+2*13+6*8+7*24+2*10+6*30+X(29)*28 = 1782; 1782 mod 31 = 15;
 *        31-15 = 16 → "G" ✓
 * 91110000802100433B
 *   org 80210043: 8*3+0*7+2*9+1*10+0*5+0*8+4*4+3*2 = 74; 74 mod 11 = 8; 11-8 = 3 → "3" ✓
 *   all: 9+3+9+27+0+0+0+0+8*20+0+2*25+1*13+0+0+4*10+3*30+3*28 = 485; 485 mod 31 = 20;
 *        31-20 = 11 → "B" ✓
 * 91410821MA4400040K (修武县; organisation check 11 → "0")
 *   org MA440004: 22*3+10*7+4*9+4*10+0+0+0*4+4*2 = 220; 220 mod 11 = 0; 11-0 = 11 → "0" ✓
 *   all: 9+3+36+27+0+8*26+2*16+1*17+M(21)*20+A(10)*29+4*25+4*13+0+0+0+4*30+0 = 1314;
 *        1314 mod 31 = 12; 31-12 = 19 → "K" ✓
 * 91410821MA44000AXK (organisation check 10 → "X")
 *   org MA44000A: 66+70+36+40+0+0+0+10*2 = 232; 232 mod 11 = 1; 11-1 = 10 → "X" ✓
 *   all: 9+3+36+27+0+208+32+17+420+290+100+52+0+0+0+A(10)*30+X(29)*28 = 2306;
 *        2306 mod 31 = 12; 31-12 = 19 → "K" ✓
 * 91410821MA44007370 (check value 0)
 *   org MA440073: 66+70+36+40+0+0+7*4+3*2 = 246; 246 mod 11 = 4; 11-4 = 7 → "7" ✓
 *   all: 9+3+36+27+0+208+32+17+420+290+100+52+0+0+7*10+3*30+7*28 = 1550; 1550 = 50*31;
 *        (31-0) mod 31 = 0 → "0" ✓
 */
static void valid_codes(void **state)
{
	assert_valid("914403001922038216");
	assert_valid("9144030071526726XG");
	assert_valid("91110000802100433B");
	assert_valid("91410821MA4400040K");
	assert_valid("91410821MA44000AXK");
	assert_valid("91410821MA44007370");
	assert_int_equal(uscc_check("914403001922038216", NULL), 0);
}

static void wrong_length(void **state)
{
	assert_invalid("", "代码为空");
	assert_invalid(NULL, "代码为空");
	assert_invalid("91440300192203821", "长度应为18位（实为17位）");
	assert_invalid("9144030019220382166", "长度应为18位（实为19位）");
	assert_invalid(" 914403001922038216", "长度应为18位（实为19位）");
	assert_invalid("410800000012345",
		       "长度应为18位（实为15位，像是旧的15位工商注册号，请改填统一社会信用代码）");
	char longer[100];
	memset(longer, '1', 99);
	longer[99] = '\0';
	assert_invalid(longer, "长度应为18位");
	/* counted in characters, not bytes: 17 characters, one of them Chinese */
	assert_invalid("9144030019220382码", "长度应为18位（实为17位）");
}

static void illegal_characters(void **state)
{
	assert_invalid("9144I3001922038216",
		       "第5位含有非法字符“I”（统一社会信用代码不使用字母 I、O、S、V、Z）");
	assert_invalid("91440300O92203821X",
		       "第9位含有非法字符“O”（统一社会信用代码不使用字母 I、O、S、V、Z）");
	assert_invalid("9144030019220382-6", "第17位含有非法字符“-”");
	assert_invalid("91440300192203821 ", "第18位含有空格");
	assert_invalid("91440300192\t038216", "第12位含有不可见的控制字符");
	/* lowercase letters are refused, with the uppercase one as a hint */
	assert_invalid("9144030071526726xg", "第17位含有小写字母“x”（应为大写字母“X”）");
	assert_invalid("91440300ma4400040K", "第9位含有小写字母“m”（应为大写字母“M”）");
	assert_invalid("91440300192203821z",
		       "第18位含有非法字符“z”（统一社会信用代码不使用字母 I、O、S、V、Z）");
	/* 18 characters, one full-width: its position is named */
	assert_invalid("91440300１922038216",
		       "第9位含有非法字符（全角字符或汉字；代码只由半角数字和大写字母组成）");
}

static void wrong_check_characters(void **state)
{
	assert_invalid("914403001922038217", "校验位错误（应为6）");
	assert_invalid("9144030071526726XH", "校验位错误（应为G）");
	assert_invalid("91410821MA4400040A", "校验位错误（应为K）");
	assert_invalid("91410821MA44007371", "校验位错误（应为0）");
	/*
	 * A change in positions 9-17 is blamed on the organisation code first: 19220383 gives
	 * 164 - 2*2 + 3*2 = 166; 166 mod 11 = 1; 11-1 = 10 → X.
	 */
	assert_invalid("914403001922038316", "第9-17位组织机构代码校验位错误（应为X）");
	assert_invalid("91410821MA44000A0K", "第9-17位组织机构代码校验位错误（应为X）");
	assert_invalid("91410821MA4400041K", "第9-17位组织机构代码校验位错误（应为0）");
	/* the organisation code right, the whole wrong: position 2 from 1 to 2 adds 3: 834 mod 31 = 28 → 3 */
	assert_invalid("924403001922038216", "校验位错误（应为3）");
}

static void reasons_are_stable(void **state)
{
	const char *a, *b;
	uscc_check("9144I3001922038216", &a);
	uscc_check("91440300192203821X", &b);
	uscc_check("9144I3001922038216", &b);
	assert_ptr_equal(a, b); /* formatted once, kept */
	assert_string_equal(a, "第5位含有非法字符“I”（统一社会信用代码不使用字母 I、O、S、V、Z）");
}

static void orgcode(void **state)
{
	const char *why = "unset";
	assert_int_equal(orgcode_check("192203821", &why), 0);
	assert_null(why);
	assert_int_equal(orgcode_check("71526726X", NULL), 0);
	assert_int_equal(orgcode_check("MA4400040", NULL), 0);
	/* GB 11714 allows every letter in the body */
	/* IO000000: 18*3+24*7 = 222; 222 mod 11 = 2; 11-2 = 9 */
	assert_int_equal(orgcode_check("IO0000009", NULL), 0);

	assert_int_equal(orgcode_check("192203822", &why), -1);
	assert_string_equal(why, "校验位错误（应为1）");
	assert_int_equal(orgcode_check("715267260", &why), -1);
	assert_string_equal(why, "校验位错误（应为X）");
	assert_int_equal(orgcode_check("71526726x", &why), -1);
	assert_string_equal(why, "第9位含有小写字母“x”（应为大写字母“X”）");
	assert_int_equal(orgcode_check("71526726A", &why), -1);
	assert_string_equal(why, "第9位（校验位）只能是数字或字母X");
	assert_int_equal(orgcode_check("ma4400040", &why), -1);
	assert_string_equal(why, "第1位含有小写字母“m”（应为大写字母“M”）");
	assert_int_equal(orgcode_check("7152-726X", &why), -1);
	assert_string_equal(why, "第5位含有非法字符“-”");
	assert_int_equal(orgcode_check("7152672", &why), -1);
	assert_string_equal(why, "长度应为9位（实为7位）");
	assert_int_equal(orgcode_check("", &why), -1);
	assert_string_equal(why, "代码为空");
}

static void make_round_trip(void **state)
{
	char out[19];
	assert_int_equal(uscc_make("91440300", "19220382", out), 0);
	assert_string_equal(out, "914403001922038216");
	assert_int_equal(uscc_make("91410821", "MA44000A", out), 0);
	assert_string_equal(out, "91410821MA44000AXK");
	assert_int_equal(uscc_make("91410821", "MA440004", out), 0);
	assert_string_equal(out, "91410821MA4400040K");

	/* every body of a sweep gives a code that checks, and one changed character is caught */
	static const char set[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
	char body[9] = "MA000000";
	int made = 0;
	for (int i = 0; i < 31 * 31; i++) {
		body[6] = set[i / 31];
		body[7] = set[i % 31];
		assert_int_equal(uscc_make("92410883", body, out), 0);
		assert_valid(out);
		made++;
		for (int pos = 0; pos < 18; pos++) {
			char bad[19];
			memcpy(bad, out, 19);
			bad[pos] = bad[pos] == '1' ? '2' : '1';
			assert_int_equal(uscc_check(bad, NULL), -1);
		}
	}
	assert_int_equal(made, 961);

	/* bad input is refused */
	assert_int_equal(uscc_make("9141082", "MA44000A", out), -1);
	assert_int_equal(uscc_make("91410821", "MA44000", out), -1);
	assert_int_equal(uscc_make("91410821", "MA44000I", out), -1);
	assert_int_equal(uscc_make("9141082o", "MA44000A", out), -1);
	assert_int_equal(uscc_make(NULL, "MA44000A", out), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(valid_codes),	  cmocka_unit_test(wrong_length),
	    cmocka_unit_test(illegal_characters), cmocka_unit_test(wrong_check_characters),
	    cmocka_unit_test(reasons_are_stable), cmocka_unit_test(orgcode),
	    cmocka_unit_test(make_round_trip),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
