/*
 * Unit tests of the draw's one-pass reader of canonical inputs (core/draw-parse.c, draw_compute_text):
 * on every valid shipped vector it computes the same result as the general path over a jansson
 * value; it refuses text that differs from the announced hash, text that is not canonical, and the
 * protocol's invalid inputs, naming them.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "core/draw-internal.h"
#include "core/draw.h"
#include "core/sign.h"

#include <openssl/evp.h>

static const unsigned char salt[32] = {1,  2,  3,  4,  5,  6,  7,  8,  9,  10, 11, 12, 13, 14, 15, 16,
				       17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32};

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *buf = malloc((size_t)n + 1);
	assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
	buf[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return buf;
}

static json_t *load_vector(const char *name)
{
	const char *data = getenv("SUIJI_TEST_DATA");
	assert_non_null(data);
	char path[4096];
	snprintf(path, sizeof(path), "%s/../../docs/draw-vectors/%s.json", data, name);
	size_t len;
	char *text = read_file(path, &len), *err = NULL;
	json_t *p = cj_load(text, len, &err);
	if (!p)
		fail_msg("%s: %s", name, err);
	free(text);
	return p;
}

/* Drops the fields of inputs.objects entries the draw does not read (the escaping vector has one). */
static void drop_extra_fields(json_t *inputs)
{
	const char *uscc;
	json_t *o;
	json_object_foreach(json_object_get(inputs, "objects"), uscc, o)
	{
		const char *key;
		json_t *v;
		void *tmp;
		json_object_foreach_safe(o, tmp, key, v)
		{
			if (strcmp(key, "needs") && strcmp(key, "positive_list") && strcmp(key, "region"))
				json_object_del(o, key);
		}
	}
}

/* CJ(inputs) and its hash, for draw_compute_text. */
static char *canonical(const json_t *inputs, size_t *len, char hash[65])
{
	char *err = NULL;
	char *text = cj_dump(inputs, len, &err);
	assert_non_null(text);
	assert_int_equal(draw_inputs_hash(inputs, hash, &err), 0);
	return text;
}

/* The result over the text, as CJ; NULL with *err when refused. The visits' own text and the
 * JSON value it gives are the same bytes. */
static char *compute_text(char *text, size_t len, const char *hash, const char *beacon, char **err)
{
	struct draw_visits out;
	if (draw_compute_text(text, len, hash, salt, beacon, &out, err))
		return NULL;
	char *direct = draw_visits_cj(&out, NULL);
	json_t *value = draw_visits_json(&out);
	char *via_json = cj_dump(value, NULL, err);
	assert_non_null(via_json);
	assert_string_equal(direct, via_json);
	json_decref(value);
	free(via_json);
	draw_visits_release(&out);
	return direct;
}

static void same_results_as_the_general_path(void **state)
{
	(void)state;
	static const char *const valid[] = {
	    "basic-chinese",
	    "other-beacon",
	    "quota-zero-and-all",
	    "experts-unmet",
	    "conflicts-previous",
	    "cross-region-on",
	    "cross-region-off",
	    "too-few-officers",
	    "needs-order",
	    "escaping",
	    "weights",
	    "no-strata",
	};
	for (size_t i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
		json_t *p = load_vector(valid[i]);
		json_t *inputs = json_deep_copy(json_object_get(p, "inputs"));
		drop_extra_fields(inputs);
		const char *beacon =
		    json_string_value(json_object_get(json_object_get(p, "reveal"), "beacon_value"));
		char *err = NULL, hash[65];
		json_t *expected = NULL;
		assert_int_equal(draw_compute(inputs, salt, beacon, &expected, &err), 0);
		char *want = cj_dump(expected, NULL, &err);
		size_t len;
		char *text = canonical(inputs, &len, hash);
		char *got = compute_text(text, len, hash, beacon, &err);
		if (!got)
			fail_msg("%s: %s", valid[i], err);
		assert_string_equal(got, want);
		free(got);
		free(want);
		free(text);
		json_decref(expected);
		json_decref(inputs);
		json_decref(p);
	}
}

/* A small frame of our own, in canonical text, with escapes in every kind of string. */
static const char frame_text[] =
    "{\"conflicts\":[[\"P\\\"1\",\"A2\"],[\"NOBODY\",\"A1\"]],"
    "\"experts\":[{\"expertise\":[\"x\"],\"id\":\"E\\\\1\"}],"
    "\"objects\":{\"A1\":{\"needs\":[\"水\"],\"positive_list\":false,\"region\":\"410821\"},"
    "\"A2\":{\"needs\":[],\"positive_list\":true,\"region\":\"410822\"},"
    "\"A3\":{\"needs\":[\"气\",\"水\"],\"positive_list\":false,\"region\":\"410823\"}},"
    "\"officers\":[{\"expertise\":[\"水\",\"水\"],\"id\":\"P\\\"1\",\"region\":\"410800\"},"
    "{\"expertise\":[],\"id\":\"P2\",\"region\":\"410821\"},{\"expertise\":[\"气\"],\"id\":\"P3\",\"region\":"
    "\"410822\"}],"
    "\"period\":{\"label\":\"2025Q1\",\"slots\":[\"2025-01\",\"2025-02\"]},"
    "\"previous\":[[\"P3\",\"A3\"]],"
    "\"rules\":{\"cross_region\":true,\"experts_per_visit\":1,\"team_size\":2},"
    "\"strata\":[{\"id\":\"L\\\"1\",\"members\":[{\"uscc\":\"A1\",\"weight\":3},{\"uscc\":\"A2\",\"weight\":"
    "1}],"
    "\"quota\":2},{\"id\":\"L2\",\"members\":[{\"uscc\":\"A3\",\"weight\":100},{\"uscc\":\"A1\",\"weight\":1}"
    "],"
    "\"quota\":5}]}";

static char *with(const char *from, const char *to)
{
	const char *at = strstr(frame_text, from);
	assert_non_null(at);
	size_t n = strlen(frame_text) - strlen(from) + strlen(to);
	char *s = malloc(n + 1);
	snprintf(s, n + 1, "%.*s%s%s", (int)(at - frame_text), frame_text, to, at + strlen(from));
	return s;
}

static void own_frame_matches_the_general_path(void **state)
{
	(void)state;
	char *err = NULL, hash[65];
	json_t *inputs = cj_load(frame_text, strlen(frame_text), &err);
	assert_non_null(inputs);
	size_t len;
	char *text = canonical(inputs, &len, hash);
	assert_string_equal(text, frame_text); /* the fixture is canonical */
	json_t *expected = NULL;
	assert_int_equal(draw_compute(inputs, salt, "42", &expected, &err), 0);
	char *want = cj_dump(expected, NULL, &err);
	char *got = compute_text(text, len, hash, "42", &err);
	assert_non_null(got);
	assert_string_equal(got, want);
	/* the escapes reached the result unescaped, and were escaped again by CJ */
	assert_non_null(strstr(got, "\"L\\\"1\""));
	free(got);
	free(want);
	free(text);
	json_decref(expected);
	json_decref(inputs);
}

/* draw_compute_text over "text" (hashed as it is) refuses it with a message containing "want". */
static void refused(const char *text, const char *want)
{
	char hash[65], *err = NULL;
	unsigned char md[32];
	size_t len = strlen(text);
	char *copy = strdup(text);
	EVP_Digest(copy, len, md, NULL, EVP_sha256(), NULL);
	draw_hex(md, 32, hash);
	char *got = compute_text(copy, len, hash, "42", &err);
	if (got)
		fail_msg("accepted: %s", text);
	if (!err)
		fail_msg("refused without a message: %s", text);
	else if (!strstr(err, want))
		fail_msg("message “%s” lacks “%s”", err, want);
	free(err);
	free(copy);
}

static void refusals(void **state)
{
	(void)state;
	/* a text that is not the one announced */
	char *copy = strdup(frame_text), *err = NULL;
	struct draw_visits out;
	assert_int_equal(draw_compute_text(copy, strlen(copy), "00", salt, "42", &out, &err), -1);
	assert_non_null(strstr(err, "与公告的 inputs_hash"));
	free(err);
	free(copy);

	struct {
		const char *from, *to, *want;
	} cases[] = {
	    {"{\"conflicts\":", "{ \"conflicts\":", "不是规范形式"},
	    {"\"weight\":3", "\"weight\":0", "weight 应为 1 到 100 的整数"},
	    {"\"weight\":3", "\"weight\":101", "不是规范形式"},
	    {"\"weight\":3", "\"weight\":03", "不是规范形式"},
	    {"\"weight\":3", "\"weight\":true", "不是规范形式"},
	    {"\"uscc\":\"A2\",\"weight\":1", "\"uscc\":\"A1\",\"weight\":1", "在该层中重复"},
	    {"\"uscc\":\"A3\",\"weight\":100", "\"uscc\":\"A9\",\"weight\":100",
	     "在 inputs.objects 中没有条目"},
	    {"\"id\":\"P2\"", "\"id\":\"E\\\\1\"", "重复"},
	    {"\"slots\":[\"2025-01\",\"2025-02\"]", "\"slots\":[]", "inputs.period.slots 不能为空"},
	    {"\"team_size\":2", "\"team_size\":0", "team_size"},
	    {"\"id\":\"L2\"", "\"id\":\"L\\\"1\"", "重复"},
	    {"\"label\":\"2025Q1\"", "\"label\":\"2025\\nQ1\"", "不是规范形式"},
	    {"\"label\":\"2025Q1\"", "\"label\":\"2025\tQ1\"", "不是规范形式"},
	    {"\"quota\":5}]}", "\"quota\":5}]}x", "不是规范形式"},
	    {"\"quota\":5}]}", "\"quota\":5}]", "不是规范形式"},
	    {"\"region\":\"410823\"}}", "\"region\":\"410823\",\"note\":\"\"}}", "不是规范形式"},
	    {"\"A2\":{\"needs\":[]", "\"A0\":{\"needs\":[]", "未按字节序排列"},
	    {"\"label\":\"2025Q1\"", "\"label\":\"2025\xb0Q1\"", "UTF-8"},
	    {"\"label\":\"2025Q1\"", "\"label\":\"2025\xe6\xb0Q1\"", "UTF-8"},
	    {"\"label\":\"2025Q1\"", "\"label\":\"2025\xed\xa0\x80Q1\"", "UTF-8"},
	    {"\"label\":\"2025Q1\"", "\"label\":\"2025\xc0\xafQ1\"", "UTF-8"},
	    {"\"label\":\"2025Q1\"", "\"label\":\"2025\xf4\x90\x80\x80Q1\"", "UTF-8"},
	    {"\"A2\":{\"needs\":[]", "\"A1\":{\"needs\":[]", "重复"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = with(cases[i].from, cases[i].to);
		refused(text, cases[i].want);
		free(text);
	}
	/* every truncation is refused, none crashes */
	for (size_t n = 0; n < strlen(frame_text); n++) {
		char *text = strndup(frame_text, n);
		refused(text, "");
		free(text);
	}
}

/* Strings are scanned eight bytes at a time: an escape or a control character at any offset of a
 * long string is still seen. */
static void long_strings(void **state)
{
	(void)state;
	for (int at = 0; at < 40; at++) {
		char id[64], escaped[80], bad_id[64], from[80];
		memset(id, 'x', 40);
		id[40] = '\0';
		id[at] = '"';
		snprintf(escaped, sizeof(escaped), "\"id\":\"%.*s\\\"%s\"", at, id, id + at + 1);
		char *text = with("\"id\":\"L2\"", escaped);
		char hash[65], *err = NULL;
		unsigned char md[32];
		EVP_Digest(text, strlen(text), md, NULL, EVP_sha256(), NULL);
		draw_hex(md, 32, hash);
		char *got = compute_text(text, strlen(text), hash, "42", &err);
		if (!got)
			fail_msg("offset %d: %s", at, err);
		/* the id reaches the result whole, escaped again by CJ */
		assert_non_null(strstr(got, escaped + 5));
		free(got);
		free(text);

		memset(bad_id, 'y', 40);
		bad_id[40] = '\0';
		bad_id[at] = '\x01';
		snprintf(from, sizeof(from), "\"id\":\"%s\"", bad_id);
		text = with("\"id\":\"L2\"", from);
		refused(text, "不是规范形式");
		free(text);
	}
}

/* package_verify_text on "p" written as CJ: 1 when it confirms it. */
static int fast_verify(const json_t *p)
{
	size_t len;
	char *text = cj_dump(p, &len, NULL);
	assert_non_null(text);
	struct package_summary sum;
	int ok = package_verify_text(text, len, &sum);
	if (ok)
		package_summary_release(&sum);
	free(text);
	return ok;
}

/* The fast verification of canonical packages confirms exactly the packages the general one accepts:
 * every shipped vector (valid and tampered) in canonical form, signed or not, and tampered copies. */
static void packages_in_canonical_form(void **state)
{
	(void)state;
	static const char *const names[] = {
	    "basic-chinese",
	    "other-beacon",
	    "quota-zero-and-all",
	    "experts-unmet",
	    "conflicts-previous",
	    "cross-region-on",
	    "cross-region-off",
	    "too-few-officers",
	    "needs-order",
	    "escaping",
	    "weights",
	    "no-strata",
	    "bad-salt",
	    "bad-inputs",
	    "bad-result-team",
	    "bad-result-order",
	    "bad-result-dropped",
	    "bad-beacon",
	    "bad-protocol",
	    "bad-weight",
	    "bad-weight-bool",
	    "bad-duplicate-member",
	    "bad-duplicate-person",
	    "bad-empty-slots",
	    "bad-missing-object",
	};
	char *err = NULL;
	struct sign_key *k = sign_key_generate(&err);
	assert_non_null(k);
	int confirmed = 0;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		json_t *p = load_vector(names[i]);
		char *diff = NULL;
		int general = package_verify(p, &diff);
		free(diff);
		int fast = fast_verify(p);
		if (fast && general)
			fail_msg("%s: confirmed by the fast way, refused by the general one", names[i]);
		confirmed += fast;
		/* signed: still confirmed exactly when valid; a changed byte after signing never is */
		json_t *signed_copy = json_deep_copy(p);
		assert_int_equal(sign_json(signed_copy, k, &err), 0);
		assert_int_equal(fast_verify(signed_copy), fast);
		json_object_set_new(json_object_get(signed_copy, "announcement"), "org",
				    json_string("别的单位"));
		assert_int_equal(fast_verify(signed_copy), 0);
		json_decref(signed_copy);
		json_decref(p);
	}
	/* every valid vector but those whose objects carry fields the draw does not read ("name" in
	 * basic-chinese and other-beacon, "note" in escaping): the one-pass reader takes only the frame
	 * builder's layout, and the general way verifies them */
	assert_int_equal(confirmed, 9);

	/* tampered copies of a valid one: each part changed */
	json_t *p = load_vector("needs-order");
	assert_int_equal(fast_verify(p), 1);
	static const char *const edits[] = {"salt", "beacon", "visit", "weight", "protocol", "extra"};
	for (size_t i = 0; i < sizeof(edits) / sizeof(edits[0]); i++) {
		json_t *q = json_deep_copy(p);
		json_t *reveal = json_object_get(q, "reveal");
		json_t *visits = json_object_get(json_object_get(q, "result"), "visits");
		json_t *members = json_object_get(
		    json_array_get(json_object_get(json_object_get(q, "inputs"), "strata"), 0), "members");
		switch (i) {
		case 0:
			json_object_set_new(reveal, "salt",
					    json_string("00000000000000000000000000000000"
							"00000000000000000000000000000000"));
			break;
		case 1:
			json_object_set_new(reveal, "beacon_value", json_string("另一个"));
			break;
		case 2:
			json_array_remove(visits, 0);
			break;
		case 3:
			json_object_set_new(json_array_get(members, 0), "weight", json_integer(7));
			break;
		case 4:
			json_object_set_new(q, "protocol", json_string("suiji-draw-v0"));
			break;
		case 5:
			json_object_set_new(q, "note", json_string("其他字段"));
			break; /* allowed, but another layout */
		}
		assert_int_equal(fast_verify(q), 0);
		json_decref(q);
	}
	/* not canonical bytes (a space) are not confirmed, though the package is valid */
	size_t len;
	char *text = cj_dump(p, &len, NULL);
	char *spaced = malloc(len + 2);
	snprintf(spaced, len + 2, "{ %s", text + 1);
	struct package_summary sum;
	assert_int_equal(package_verify_text(spaced, len + 1, &sum), 0);
	free(spaced);
	free(text);
	/* nothing but line ends, or nothing at all (the fuzzer found the first reading before the text) */
	char newlines[] = "\n\n";
	assert_int_equal(package_verify_text(newlines, 2, &sum), 0);
	assert_int_equal(package_verify_text(newlines, 0, &sum), 0);
	json_decref(p);
	sign_key_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(same_results_as_the_general_path),
	    cmocka_unit_test(own_frame_matches_the_general_path),
	    cmocka_unit_test(refusals),
	    cmocka_unit_test(long_strings),
	    cmocka_unit_test(packages_in_canonical_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
