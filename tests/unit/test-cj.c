/*
 * Unit tests of canonical JSON and the strict loader (core/cj.c): the encoding byte for byte as
 * Python's json.dumps(x, ensure_ascii=False, separators=(",", ":"), sort_keys=True) writes it, the
 * refusals with their JSON paths, streaming hashes and UTF-8 checks.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <openssl/evp.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "util/strbuf.h"

/* CJ of the JSON text "in" (loaded leniently by jansson, so that refusals can be tested too). */
static char *cj_of(const char *in)
{
	json_error_t je;
	json_t *v = json_loads(in, JSON_DECODE_ANY, &je);
	assert_non_null(v);
	char *err = NULL;
	char *out = cj_dump(v, NULL, &err);
	json_decref(v);
	if (!out) {
		out = err;
		assert_non_null(out);
	}
	return out;
}

static void expect_cj(const char *in, const char *want)
{
	char *got = cj_of(in);
	assert_string_equal(got, want);
	free(got);
}

static void canonical_form(void **state)
{
	expect_cj("{ \"b\" : 1, \"a\" : [ true, false, null ], \"c\": {} }",
		  "{\"a\":[true,false,null],\"b\":1,\"c\":{}}");
	/* byte order: uppercase before "_" before lowercase, longer after its prefix, UTF-8 last */
	expect_cj("{\"é\":1,\"b\":2,\"B\":3,\"_\":4,\"ba\":5,\"\":6}",
		  "{\"\":6,\"B\":3,\"_\":4,\"b\":2,\"ba\":5,\"é\":1}");
	expect_cj("[0, -1, 9223372036854775807, -9223372036854775808, 100]",
		  "[0,-1,9223372036854775807,-9223372036854775808,100]");
	/* only '"' and '\' are escaped: '/', DEL and non-ASCII stay as they are */
	expect_cj("[\"引号\\\"与\\\\反斜杠/\\u007f\\u00e9\\ud83d\\ude00\"]",
		  "[\"引号\\\"与\\\\反斜杠/\x7f\xc3\xa9\xf0\x9f\x98\x80\"]");
	expect_cj("[[],{},[[]],\"\"]", "[[],{},[[]],\"\"]");
	expect_cj("{\"z\":{\"y\":[{\"b\":1,\"a\":2}]}}", "{\"z\":{\"y\":[{\"a\":2,\"b\":1}]}}");
	expect_cj("-0", "0");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Objects of more than 16 keys are sorted on 16-byte prefixes first: keys that share them, end
 * inside them, or differ only beyond them, must still come out in byte order. */
static void large_object_key_order(void **state)
{
	static const char *const keys[] = {
	    "",
	    "a",
	    "aaaaaaaaaaaaaaa",
	    "aaaaaaaaaaaaaaaa",
	    "aaaaaaaaaaaaaaaaa",
	    "aaaaaaaaaaaaaaaab",
	    "aaaaaaaaaaaaaaaaab",
	    "aaaaaaaaaaaaaaab",
	    "aaaaaaab",
	    "aaaaaaa",
	    "aaaaaaaa",
	    "aaaaaaaaa",
	    "91410800MA00000001",
	    "91410800MA00000010",
	    "91410800MA0000001",
	    "91410800MA000000010",
	    "914108",
	    "91410800MA000000",
	    "Z",
	    "_",
	    "é",
	    "\xc3\xa9"
	    "a",
	    "\xe4\xb8\xad",
	    "\xe4\xb8\xad\xe6\x96\x87",
	    "\x7f",
	    "~",
	    "b",
	    "ab",
	    "aab",
	    "zzzzzzzzzzzzzzzzzzzzzzzzz",
	    "zzzzzzzzzzzzzzzzzzzzzzzzy",
	};
	size_t n = sizeof(keys) / sizeof(keys[0]);
	const char *sorted[sizeof(keys) / sizeof(keys[0])];
	json_t *v = json_object();
	for (size_t i = 0; i < n; i++) {
		json_object_set_new(v, keys[i], json_integer((json_int_t)i));
		sorted[i] = keys[i];
	}
	qsort(sorted, n, sizeof(sorted[0]), cmp_str);
	struct strbuf want = STRBUF_INIT;
	strbuf_addc(&want, '{');
	for (size_t i = 0; i < n; i++) {
		size_t at = 0;
		while (strcmp(keys[at], sorted[i]))
			at++;
		strbuf_addf(&want, "%s\"%s\":%zu", i ? "," : "", sorted[i], at);
	}
	strbuf_addc(&want, '}');
	char *got = cj_dump(v, NULL, NULL);
	assert_string_equal(got, want.buf);
	free(got);
	strbuf_release(&want);
	json_decref(v);
}

static void refusals_name_the_path(void **state)
{
	char *msg = cj_of("{\"a\":[1,{\"b\":1.5}]}");
	assert_string_equal(msg, "a[1].b 是小数：抽取协议不允许浮点数");
	free(msg);
	msg = cj_of("{\"x y\":\"a\\nb\"}");
	assert_string_equal(msg, "[\"x y\"] 含有控制字符 U+000A");
	free(msg);
	msg = cj_of("{\"k\\u0001\":1}");
	assert_non_null(strstr(msg, "的键含有控制字符 U+0001"));
	free(msg);
	msg = cj_of("2.5");
	assert_string_equal(msg, "顶层 是小数：抽取协议不允许浮点数");
	free(msg);
}

static void sha256_streams_what_dump_writes(void **state)
{
	/* large enough to flush the 64 KiB buffer several times */
	json_t *v = json_object();
	for (int i = 0; i < 20000; i++) {
		char key[32];
		snprintf(key, sizeof(key), "key-%05d", 19999 - i);
		json_object_set_new(v, key, json_pack("{s:i,s:s}", "n", i, "s", "值\"\\"));
	}
	size_t len = 0;
	char *dump = cj_dump(v, &len, NULL);
	assert_non_null(dump);
	assert_true(len > 5 * 65536);
	unsigned char a[32], b[32];
	unsigned int n = 0;
	assert_int_equal(cj_sha256(v, a, NULL), 0);
	assert_true(EVP_Digest(dump, len, b, &n, EVP_sha256(), NULL));
	assert_memory_equal(a, b, 32);
	assert_true(!strncmp(dump, "{\"key-00000\":{\"n\":19999,\"s\":\"值\\\"\\\\\"}", 38));
	free(dump);
	json_decref(v);
}

/* Loads "text" strictly and expects a refusal whose message contains "want". */
static void expect_refused(const char *text, size_t len, const char *want)
{
	char *err = NULL;
	json_t *v = cj_load(text, len, &err);
	assert_null(v);
	assert_non_null(err);
	if (!strstr(err, want))
		fail_msg("message “%s” lacks “%s”", err, want);
	free(err);
}

static void strict_loader(void **state)
{
	const char *dup =
	    "{\"inputs\":{\"strata\":[{\"id\":\"a\"},{\"id\":\"b\",\"quota\":1,\n\"quota\":2}]}}";
	expect_refused(dup, strlen(dup), "第 2 行第 7 列：inputs.strata[1] 中的键“quota”重复");
	expect_refused("{\"a\":1,\"a\":2}", 13, "顶层对象中的键“a”重复");
	const char *odd = "{\"objects\":{\"9141 0800\":{\"x\":1,\"x\":1}}}";
	expect_refused(odd, strlen(odd), "objects[\"9141 0800\"] 中的键“x”重复");
	expect_refused("{\"a\":{\"w\":1.0}}", 15, "a.w 是小数");
	expect_refused("{\"a\":[1e3]}", 11, "a[0] 是小数");
	expect_refused("{\"a\":\"x\\ty\"}", 12, "a 含有控制字符 U+0009");
	expect_refused("{\"a\":\"x\ty\"}", 11, "控制字符");
	expect_refused("{\"a\":\"\\u0000\"}", 14, "U+0000");
	expect_refused("{\"a\":\"\\ud800\"}", 14, "无效的 Unicode");
	expect_refused("{\"a\":99999999999999999999}", 26, "整数超出 64 位范围");
	expect_refused("{\"a\":NaN}", 9, "JSON 语法错误");
	expect_refused("{\"a\":1} x", 9, "多余内容");
	expect_refused("{\"a\":\"\xff\"}", 8, "UTF-8");
	expect_refused("{\"a\":[1,2", 9, "意外结束");

	char *err = NULL;
	const char *bom = "\xEF\xBB\xBF{\"a\":[1,\"二\"]}";
	json_t *v = cj_load(bom, strlen(bom), &err);
	assert_non_null(v);
	assert_null(err);
	assert_int_equal(json_integer_value(json_array_get(json_object_get(v, "a"), 0)), 1);
	json_decref(v);
	/* a whole-document check of something built in code */
	v = json_pack("{s:[i,{s:f}]}", "p", 1, "q", 0.5);
	assert_int_equal(cj_check(v, "inputs", &err), -1);
	assert_string_equal(err, "inputs.p[1].q 是小数：抽取协议不允许浮点数");
	free(err);
	json_decref(v);
}

static void paths_and_briefs(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	cj_path_key(&sb, "inputs");
	cj_path_key(&sb, "strata");
	cj_path_index(&sb, 3);
	cj_path_key(&sb, "a\"b");
	cj_path_key(&sb, "中文");
	assert_string_equal(sb.buf, "inputs.strata[3][\"a\\\"b\"][\"中文\"]");
	strbuf_release(&sb);
	assert_string_equal(cj_path_show(""), "顶层");

	/* 50 three-byte characters: 150 bytes, cut at 120 on a character boundary */
	struct strbuf s = STRBUF_INIT;
	for (int i = 0; i < 50; i++)
		strbuf_adds(&s, "检");
	json_t *v = json_string(s.buf);
	char *b = cj_brief(v);
	/* the opening quote, 39 whole characters (117 bytes), then the ellipsis */
	assert_int_equal(strlen(b), 1 + 117 + strlen("…"));
	assert_string_equal(b + 118, "…");
	free(b);
	json_decref(v);
	strbuf_release(&s);
	v = json_integer(7);
	b = cj_brief(v);
	assert_string_equal(b, "7");
	free(b);
	json_decref(v);
}

static void utf8(void **state)
{
	assert_true(cj_utf8_valid("", 0));
	assert_true(cj_utf8_valid("abc", 3));
	assert_true(cj_utf8_valid("中文", 6));
	assert_true(cj_utf8_valid("\xf0\x9f\x98\x80", 4));
	assert_false(cj_utf8_valid("\xc0\xaf", 2));	    /* overlong '/' */
	assert_false(cj_utf8_valid("\xed\xa0\x80", 3));	    /* a surrogate */
	assert_false(cj_utf8_valid("\xf4\x90\x80\x80", 4)); /* above U+10FFFF */
	assert_false(cj_utf8_valid("\xe4\xb8", 2));	    /* cut short */
	assert_false(cj_utf8_valid("\x80", 1));
	assert_false(cj_utf8_valid("\xff", 1));
}

/* cj_add_string writes what cj_dump writes for the same string, with '"' and '\\' at every offset of a
 * string longer than the eight-byte fast path; cj_add_integer as out_integer. */
static void strbuf_writers(void **state)
{
	(void)state;
	const char *specials[] = {"\"", "\\", "水", "a"};
	for (size_t len = 0; len < 24; len++) {
		for (size_t at = 0; at <= len; at++) {
			for (size_t k = 0; k < 4; k++) {
				struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
				for (size_t i = 0; i < len; i++)
					strbuf_adds(&in, i == at ? specials[k] : (i % 3 ? "x" : "\\"));
				json_t *v = json_stringn(in.buf ? in.buf : "", in.len);
				char *want = cj_dump(v, NULL, NULL);
				assert_int_equal(cj_add_string(&out, in.buf ? in.buf : "", in.len), 0);
				assert_string_equal(strbuf_str(&out), want);
				free(want);
				json_decref(v);
				strbuf_release(&in);
				strbuf_release(&out);
			}
		}
	}
	struct strbuf out = STRBUF_INIT;
	/* a character below U+0020 past the fast path, or in it: refused (the text is then discarded) */
	assert_int_equal(cj_add_string(&out, "0123456789\t", 11), -1);
	strbuf_reset(&out);
	assert_int_equal(cj_add_string(&out, "0\001", 2), -1);
	strbuf_reset(&out);
	cj_add_integer(&out, 0);
	strbuf_addc(&out, ',');
	cj_add_integer(&out, -12);
	strbuf_addc(&out, ',');
	cj_add_integer(&out, -9223372036854775807LL - 1);
	strbuf_addc(&out, ',');
	cj_add_integer(&out, 100);
	assert_string_equal(strbuf_str(&out), "0,-12,-9223372036854775808,100");
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(canonical_form),
	    cmocka_unit_test(large_object_key_order),
	    cmocka_unit_test(refusals_name_the_path),
	    cmocka_unit_test(sha256_streams_what_dump_writes),
	    cmocka_unit_test(strict_loader),
	    cmocka_unit_test(paths_and_briefs),
	    cmocka_unit_test(utf8),
	    cmocka_unit_test(strbuf_writers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
