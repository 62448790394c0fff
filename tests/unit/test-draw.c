/*
 * Unit tests of the draw (core/draw*.c): known answers computed by the Python verifier
 * (tools/verify.py), determinism, selection and quotas, merged visits, every team rule, experts,
 * the validation messages, the beacon as entered, and packages verified and tampered with.
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

/* ---- building inputs ---- */

static json_t *frame(int team_size, int cross_region, int experts_per_visit)
{
	json_t *in =
	    json_pack("{s:{s:s,s:[s,s,s]},s:[],s:{},s:[],s:[],s:[],s:[],s:{s:i,s:b,s:i}}", "period", "label",
		      "2025Q1", "slots", "2025-01", "2025-02", "2025-03", "strata", "objects", "officers",
		      "experts", "conflicts", "previous", "rules", "team_size", team_size, "cross_region",
		      cross_region, "experts_per_visit", experts_per_visit);
	assert_non_null(in);
	return in;
}

/* "a,b,c" as a JSON array of strings; "" as [] */
static json_t *list(const char *csv)
{
	json_t *a = json_array();
	while (*csv) {
		const char *comma = strchr(csv, ',');
		size_t n = comma ? (size_t)(comma - csv) : strlen(csv);
		json_array_append_new(a, json_stringn(csv, n));
		csv += n + (comma != NULL);
	}
	return a;
}

static void add_object(json_t *in, const char *uscc, const char *region, int positive, const char *needs)
{
	json_object_set_new(
	    json_object_get(in, "objects"), uscc,
	    json_pack("{s:s,s:b,s:o}", "region", region, "positive_list", positive, "needs", list(needs)));
}

static void add_stratum(json_t *in, const char *id, int quota)
{
	json_array_append_new(json_object_get(in, "strata"),
			      json_pack("{s:s,s:i,s:[]}", "id", id, "quota", quota, "members"));
}

static void add_member(json_t *in, size_t stratum, const char *uscc, int weight)
{
	json_t *st = json_array_get(json_object_get(in, "strata"), stratum);
	json_array_append_new(json_object_get(st, "members"),
			      json_pack("{s:s,s:i}", "uscc", uscc, "weight", weight));
}

static void add_officer(json_t *in, const char *id, const char *region, const char *expertise)
{
	json_array_append_new(
	    json_object_get(in, "officers"),
	    json_pack("{s:s,s:s,s:o}", "id", id, "region", region, "expertise", list(expertise)));
}

static void add_expert(json_t *in, const char *id)
{
	json_array_append_new(json_object_get(in, "experts"), json_pack("{s:s,s:[]}", "id", id, "expertise"));
}

static void add_pair(json_t *in, const char *which, const char *person, const char *uscc)
{
	json_array_append_new(json_object_get(in, which), json_pack("[s,s]", person, uscc));
}

static const unsigned char salt7[32] = {7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
					7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};

static json_t *run(const json_t *in, const char *beacon)
{
	json_t *result = NULL;
	char *err = NULL;
	if (draw_compute(in, salt7, beacon, &result, &err))
		fail_msg("draw_compute: %s", err);
	return result;
}

static char *run_cj(const json_t *in, const char *beacon)
{
	json_t *r = run(in, beacon);
	char *s = cj_dump(r, NULL, NULL);
	json_decref(r);
	return s;
}

static const json_t *visits(const json_t *result)
{
	return json_object_get(result, "visits");
}

static const json_t *visit_of(const json_t *result, const char *uscc)
{
	size_t i;
	json_t *v;
	json_array_foreach(visits(result), i,
			   v) if (!strcmp(json_string_value(json_object_get(v, "uscc")), uscc)) return v;
	return NULL;
}

static int in_list(const json_t *a, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(a, i, v) if (!strcmp(json_string_value(v), s)) return 1;
	return 0;
}

/* The selection key of "uscc" in stratum "sid" with "weight", computed from the protocol's text. */
static void sel_key(const json_t *in, const char *beacon, const char *sid, const char *uscc, int weight,
		    char hex[65])
{
	unsigned char ih[32], prk[32], h[32], best[32];
	struct draw_mac m;
	assert_int_equal(cj_sha256(in, ih, NULL), 0);
	assert_int_equal(draw_prk(salt7, ih, beacon, strlen(beacon), prk), 0);
	assert_int_equal(draw_mac_init(&m, prk, 32), 0);
	for (int j = 0; j < weight; j++) {
		draw_h_begin(&m, "sel");
		draw_h_str(&m, sid, strlen(sid));
		draw_h_str(&m, uscc, strlen(uscc));
		draw_h_uint(&m, (uint64_t)j);
		draw_mac_final(&m, h);
		if (!j || memcmp(h, best, 32) < 0)
			memcpy(best, h, 32);
	}
	draw_mac_release(&m);
	draw_hex(best, 32, hex);
}

/* ---- known answers (from tools/verify.py) ---- */

static const char in1[] =
    "{ \"period\": {\"label\": \"2025Q1\", \"slots\": [\"2025-01\", \"2025-02\", \"2025-03\"]},"
    "  \"strata\": [ {\"id\": \"key-city\", \"quota\": 2, \"members\": [{\"uscc\": \"A1\", \"weight\": 1},"
    "      {\"uscc\": \"A2\", \"weight\": 3}, {\"uscc\": \"A3\", \"weight\": 1}]},"
    "    {\"id\": \"general\", \"quota\": 3, \"members\": [{\"uscc\": \"A1\", \"weight\": 1}, {\"uscc\": "
    "\"B1\", "
    "\"weight\": 2}, {\"uscc\": \"B2\", \"weight\": 1}, {\"uscc\": \"B3\", \"weight\": 1}]} ],"
    "  \"objects\": { \"A1\": {\"region\": \"410821\", \"positive_list\": false, \"needs\": [\"水\", "
    "\"大气\"]},"
    "    \"A2\": {\"region\": \"410822\", \"positive_list\": true, \"needs\": []},"
    "    \"A3\": {\"region\": \"410821\", \"positive_list\": false, \"needs\": [\"辐射\"]},"
    "    \"B1\": {\"region\": \"410823\", \"positive_list\": false, \"needs\": [\"水\"]},"
    "    \"B2\": {\"region\": \"410821\", \"positive_list\": false, \"needs\": []},"
    "    \"B3\": {\"region\": \"410800\", \"positive_list\": false, \"needs\": [\"大气\",\"水\"]} },"
    "  \"officers\": [ {\"id\": \"P0001\", \"region\": \"410800\", \"expertise\": [\"水\"]},"
    "    {\"id\": \"P0002\", \"region\": \"410821\", \"expertise\": [\"大气\"]},"
    "    {\"id\": \"P0003\", \"region\": \"410822\", \"expertise\": []},"
    "    {\"id\": \"P0004\", \"region\": \"410823\", \"expertise\": [\"水\",\"大气\"]} ],"
    "  \"experts\": [ {\"id\": \"E001\", \"expertise\": [\"辐射\"]}, {\"id\": \"E002\", \"expertise\": []} ],"
    "  \"conflicts\": [ [\"P0001\", \"A1\"] ], \"previous\": [ [\"P0004\", \"B1\"] ],"
    "  \"rules\": {\"team_size\": 2, \"cross_region\": true, \"experts_per_visit\": 1} }";

static const char in1_result[] =
    "{\"visits\":[{\"experts\":[\"E002\"],\"key\":"
    "\"04d19724faa76e67200cb4717c79cfe92c9dc0799311152fd4d0af1903cb2c24\","
    "\"mode\":\"非现场\",\"reason\":null,\"slot\":\"2025-01\",\"strata\":[\"key-city\"],\"team\":[\"P0001\","
    "\"P0002\"],"
    "\"unmet\":[],\"uscc\":\"A2\"},{\"experts\":[\"E001\"],\"key\":"
    "\"1327bf8f6e13f01f26c3dc4985892ef440793388b80aad8a37e508914b05a8e1\",\"mode\":\"现场\",\"reason\":null,"
    "\"slot\":"
    "\"2025-02\",\"strata\":[\"general\"],\"team\":[\"P0001\",\"P0003\"],\"unmet\":[],\"uscc\":\"B1\"},{"
    "\"experts\":"
    "[\"E001\"],\"key\":\"97772c6b8920f95b7374879d52797d4ef8be39f2635f0277f4c6893e86ae0223\",\"mode\":"
    "\"现场\","
    "\"reason\":null,\"slot\":\"2025-03\",\"strata\":[\"key-city\"],\"team\":[\"P0004\",\"P0003\"],\"unmet\":"
    "[\"辐射\"],\"uscc\":\"A3\"},{\"experts\":[\"E002\"],\"key\":"
    "\"bca309aa1bf04f49472ae52d6353d09af490ffec0d59dfad32e6da9ad9f43294\",\"mode\":\"现场\",\"reason\":null,"
    "\"slot\":"
    "\"2025-01\",\"strata\":[\"general\"],\"team\":[\"P0002\",\"P0004\"],\"unmet\":[],\"uscc\":\"B3\"},{"
    "\"experts\":"
    "[\"E002\"],\"key\":\"c964e464379141eadce1a0083b041ea068d80ee9e81c365431bf1350e3083078\",\"mode\":"
    "\"现场\","
    "\"reason\":null,\"slot\":\"2025-02\",\"strata\":[\"general\"],\"team\":[\"P0001\",\"P0004\"],\"unmet\":["
    "],"
    "\"uscc\":\"B2\"}]}";

static json_t *load(const char *text)
{
	char *err = NULL;
	json_t *v = cj_load(text, strlen(text), &err);
	if (!v)
		fail_msg("cj_load: %s", err);
	return v;
}

static void known_answers(void **state)
{
	unsigned char prk[32], h[32], ih[32], salt[32];
	char hex[65];
	struct draw_mac m;
	for (int i = 0; i < 32; i++)
		prk[i] = salt[i] = (unsigned char)i;
	assert_int_equal(draw_mac_init(&m, prk, 32), 0);
	draw_h_begin(&m, "sel");
	draw_h_str(&m, "s", 1);
	draw_h_str(&m, "A1", 2);
	draw_h_uint(&m, 0);
	draw_mac_final(&m, h);
	draw_hex(h, 32, hex);
	assert_string_equal(hex, "b60d697515e685b123017b5a22c6c95c27a7134ea281dff62aaeafea1cfd0fec");
	draw_h_begin(&m, "team");
	draw_h_str(&m, "张三", strlen("张三"));
	draw_h_uint(&m, 12);
	draw_mac_final(&m, h);
	draw_hex(h, 32, hex);
	assert_string_equal(hex, "be9ed15858436d6a7b9f401bceab7d6e9a4365e8ae1dd056e744cc80be290e2f");
	draw_mac_release(&m);

	/* PRK over SHA-256("{}") and a Chinese beacon */
	json_t *empty = json_object();
	assert_int_equal(cj_sha256(empty, ih, NULL), 0);
	json_decref(empty);
	assert_int_equal(draw_prk(salt, ih, "福彩3D 123", strlen("福彩3D 123"), h), 0);
	draw_hex(h, 32, hex);
	assert_string_equal(hex, "b7f79e0a07cd04c5445bdf7bf292c7a0d81707c718dbf3e67b27815c7057aa16");

	json_t *in = load(in1);
	assert_int_equal(draw_inputs_hash(in, hex, NULL), 0);
	assert_string_equal(hex, "986b0cbda44f67d2d1b090e392fc5ce18b3a3e53bbf9dc063123583a4e1dfb7e");
	char *got = run_cj(in, "福彩3D 123");
	assert_string_equal(got, in1_result);
	free(got);
	json_decref(in);

	assert_int_equal(draw_salt_commitment(salt7, hex), 0);
	assert_string_equal(hex, "4bb06f8e4e3a7715d201d573d0aa423762e55dabd61a2c02278fa56cc6d294e0");
}

static void determinism(void **state)
{
	json_t *in = load(in1);
	char *a = run_cj(in, "1 2 3"), *b = run_cj(in, "1 2 3"), *c = run_cj(in, "1 2 4");
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	/* the same inputs written in another key order and spacing: the same draw */
	json_t *copy = json_deep_copy(in);
	json_t *rules = json_object_get(copy, "rules");
	json_t *team = json_incref(json_object_get(rules, "team_size"));
	json_object_del(rules, "team_size");
	json_object_set_new(rules, "team_size", team);
	char *d = run_cj(copy, "1 2 3");
	assert_string_equal(a, d);
	/* another salt */
	unsigned char salt[32] = {0};
	json_t *r = NULL;
	assert_int_equal(draw_compute(in, salt, "1 2 3", &r, NULL), 0);
	char *e = cj_dump(r, NULL, NULL);
	assert_string_not_equal(a, e);
	json_decref(r);
	free(a), free(b), free(c), free(d), free(e);
	json_decref(copy);
	json_decref(in);
}

/* ---- selection, quotas, visits ---- */

static json_t *strata_frame(int quota0, int quota1, int quota2)
{
	json_t *in = frame(1, 0, 0);
	add_officer(in, "P1", "410821", "");
	char u[16];
	for (int i = 0; i < 8; i++) {
		snprintf(u, sizeof(u), "U%d", i);
		add_object(in, u, "410821", i == 3, "");
	}
	add_stratum(in, "zero", quota0);
	add_stratum(in, "some", quota1);
	add_stratum(in, "all", quota2);
	for (int i = 0; i < 8; i++) {
		snprintf(u, sizeof(u), "U%d", i);
		add_member(in, 0, u, 1);
		add_member(in, 1, u, 1 + i % 4);
		if (i < 5)
			add_member(in, 2, u, 1);
	}
	return in;
}

static void quotas(void **state)
{
	/* quota 0 selects nothing; quota at or above the members selects all */
	json_t *in = strata_frame(0, 0, 5);
	json_t *r = run(in, "b");
	assert_int_equal(json_array_size(visits(r)), 5);
	json_decref(r);
	json_decref(in);
	in = strata_frame(0, 0, 99);
	r = run(in, "b");
	assert_int_equal(json_array_size(visits(r)), 5);
	json_decref(r);
	json_decref(in);
	in = strata_frame(0, 0, 0);
	r = run(in, "b");
	assert_int_equal(json_array_size(visits(r)), 0);
	char *text = cj_dump(r, NULL, NULL);
	assert_string_equal(text, "{\"visits\":[]}");
	free(text);
	json_decref(r);
	json_decref(in);
}

static void selection_takes_the_smallest_keys(void **state)
{
	json_t *in = strata_frame(0, 3, 0);
	json_t *r = run(in, "b");
	char keys[8][65];
	char u[16];
	for (int i = 0; i < 8; i++) {
		snprintf(u, sizeof(u), "U%d", i);
		sel_key(in, "b", "some", u, 1 + i % 4, keys[i]);
	}
	/* the three smallest keys are exactly the selected ones, and visits are sorted by key */
	assert_int_equal(json_array_size(visits(r)), 3);
	int chosen = 0;
	for (int i = 0; i < 8; i++) {
		int smaller = 0;
		for (int j = 0; j < 8; j++)
			smaller += strcmp(keys[j], keys[i]) < 0;
		snprintf(u, sizeof(u), "U%d", i);
		const json_t *v = visit_of(r, u);
		assert_int_equal(v != NULL, smaller < 3);
		if (v) {
			chosen++;
			assert_string_equal(json_string_value(json_object_get(v, "key")), keys[i]);
		}
	}
	assert_int_equal(chosen, 3);
	const char *slots[] = {"2025-01", "2025-02", "2025-03"};
	for (size_t i = 0; i < 3; i++) {
		const json_t *v = json_array_get(visits(r), i);
		assert_string_equal(json_string_value(json_object_get(v, "slot")), slots[i % 3]);
		if (i)
			assert_true(strcmp(json_string_value(
					       json_object_get(json_array_get(visits(r), i - 1), "key")),
					   json_string_value(json_object_get(v, "key"))) < 0);
		const char *uscc = json_string_value(json_object_get(v, "uscc"));
		assert_string_equal(json_string_value(json_object_get(v, "mode")),
				    !strcmp(uscc, "U3") ? "非现场" : "现场");
	}
	json_decref(r);
	json_decref(in);
}

static void merged_visits(void **state)
{
	/* U0..U4 are selected in "all" and in "some" (quota 8): one visit each, strata in input order,
	 * key the smaller of the two; "zero" lists them too but selects nothing, so its keys never count */
	json_t *in = strata_frame(0, 8, 5);
	json_t *r = run(in, "merge");
	assert_int_equal(json_array_size(visits(r)), 8);
	char u[16], k_some[65], k_all[65], k_zero[65];
	for (int i = 0; i < 8; i++) {
		snprintf(u, sizeof(u), "U%d", i);
		const json_t *v = visit_of(r, u);
		assert_non_null(v);
		const json_t *strata = json_object_get(v, "strata");
		sel_key(in, "merge", "some", u, 1 + i % 4, k_some);
		sel_key(in, "merge", "zero", u, 1, k_zero);
		const char *key = json_string_value(json_object_get(v, "key"));
		if (i < 5) {
			sel_key(in, "merge", "all", u, 1, k_all);
			assert_int_equal(json_array_size(strata), 2);
			assert_string_equal(json_string_value(json_array_get(strata, 0)), "some");
			assert_string_equal(json_string_value(json_array_get(strata, 1)), "all");
			assert_string_equal(key, strcmp(k_some, k_all) < 0 ? k_some : k_all);
		} else {
			assert_int_equal(json_array_size(strata), 1);
			assert_string_equal(key, k_some);
		}
	}
	json_decref(r);
	json_decref(in);
}

/* A stratum large enough to be split among threads selects what one thread selects. */
static void threads_do_not_change_the_selection(void **state)
{
	json_t *in = frame(1, 0, 0);
	add_officer(in, "P1", "410821", "");
	add_stratum(in, "big", 300);
	add_stratum(in, "all", 1000000);
	char u[16];
	for (int i = 0; i < 45000; i++) {
		snprintf(u, sizeof(u), "U%05d", i);
		add_object(in, u, "410821", 0, "");
		add_member(in, 0, u, 1 + i % 3);
		if (i % 1000 == 0)
			add_member(in, 1, u, 1);
	}
	struct draw_frame f;
	struct draw_selection one, many;
	unsigned char prk[32] = {42};
	assert_int_equal(draw_frame_build(&f, in, NULL), 0);
	assert_int_equal(draw_select(&f, prk, 1, &one, NULL), 0);
	assert_int_equal(draw_select(&f, prk, 5, &many, NULL), 0);
	assert_int_equal(one.nvisits, many.nvisits);
	assert_true(one.nvisits > 300 && one.nvisits <= 345);
	for (size_t i = 0; i < one.nvisits; i++) {
		assert_memory_equal(one.visits[i].key, many.visits[i].key, 32);
		assert_string_equal(one.visits[i].uscc, many.visits[i].uscc);
		if (i)
			assert_true(draw_key_cmp(one.visits[i - 1].key, one.visits[i - 1].uscc,
						 one.visits[i].key, one.visits[i].uscc) < 0);
	}
	draw_selection_release(&one);
	draw_selection_release(&many);
	draw_frame_release(&f);
	json_decref(in);
}

static void tie_breaking(void **state)
{
	unsigned char a[32] = {1}, b[32] = {1}, c[32] = {2};
	assert_true(draw_key_cmp(a, "P0002", b, "P0010") < 0);
	assert_true(draw_key_cmp(a, "P0010", b, "P0002") > 0);
	assert_true(draw_key_cmp(a, "Z", c, "A") < 0);	/* the hash first, the name only on a tie */
	assert_true(draw_key_cmp(a, "B", b, "AB") > 0); /* byte order, not length */
	assert_int_equal(draw_key_cmp(a, "X", b, "X"), 0);
}

/* ---- teams ---- */

/* 30 objects over three counties, 12 officers over the counties and the city. */
static json_t *team_frame(int team_size, int cross_region, int experts_per_visit)
{
	static const char *const regions[] = {"410821", "410822", "410823", "410800"};
	json_t *in = frame(team_size, cross_region, experts_per_visit);
	add_stratum(in, "all", 100);
	char u[16], p[16];
	for (int i = 0; i < 30; i++) {
		snprintf(u, sizeof(u), "U%02d", i);
		add_object(in, u, regions[i % 3], 0, i % 4 == 0 ? "水" : i % 4 == 1 ? "大气,水" : "");
		add_member(in, 0, u, 1);
	}
	for (int i = 0; i < 12; i++) {
		snprintf(p, sizeof(p), "P%02d", i);
		add_officer(in, p, regions[i % 4], i % 3 == 0 ? "水" : i % 3 == 1 ? "大气" : "");
	}
	return in;
}

static const char *officer_region(const json_t *in, const char *id)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(in, "officers"), i,
			   o) if (!strcmp(json_string_value(json_object_get(o, "id")),
					  id)) return json_string_value(json_object_get(o, "region"));
	return NULL;
}

static void conflicts_and_previous(void **state)
{
	json_t *in = team_frame(2, 0, 0);
	char u[16], p[16];
	/* every odd object conflicts with P00..P05 and was last inspected by P06..P08 */
	for (int i = 1; i < 30; i += 2) {
		snprintf(u, sizeof(u), "U%02d", i);
		for (int k = 0; k < 6; k++) {
			snprintf(p, sizeof(p), "P%02d", k);
			add_pair(in, "conflicts", p, u);
		}
		for (int k = 6; k < 9; k++) {
			snprintf(p, sizeof(p), "P%02d", k);
			add_pair(in, "previous", p, u);
		}
	}
	add_pair(in, "conflicts", "NOBODY", "U00"); /* absent people change nothing */
	add_pair(in, "conflicts", "P00", "NOTHING");
	json_t *r = run(in, "conflicts");
	size_t i;
	json_t *v;
	json_array_foreach(visits(r), i, v)
	{
		int odd = json_string_value(json_object_get(v, "uscc"))[2] % 2;
		const json_t *team = json_object_get(v, "team");
		assert_int_equal(json_array_size(team), 2);
		for (int k = 0; k < 9 && odd; k++) {
			snprintf(p, sizeof(p), "P%02d", k);
			assert_false(in_list(team, p));
		}
	}
	json_decref(r);
	json_decref(in);
}

static void cross_region(void **state)
{
	json_t *in = team_frame(2, 1, 0);
	json_t *r = run(in, "cross");
	size_t i;
	json_t *v;
	int city = 0;
	json_array_foreach(visits(r), i, v)
	{
		const char *uscc = json_string_value(json_object_get(v, "uscc"));
		const char *region = json_string_value(
		    json_object_get(json_object_get(json_object_get(in, "objects"), uscc), "region"));
		const json_t *team = json_object_get(v, "team");
		assert_int_equal(json_array_size(team), 2);
		for (size_t k = 0; k < 2; k++) {
			const char *r2 = officer_region(in, json_string_value(json_array_get(team, k)));
			assert_string_not_equal(r2, region);
			city += !strcmp(r2, "410800");
		}
	}
	assert_true(city > 0); /* city-level officers do inspect county objects */
	json_decref(r);
	/* off: the same frame where only one county's officers exist still gets teams */
	json_decref(in);
	in = frame(2, 0, 0);
	add_stratum(in, "s", 5);
	add_object(in, "U1", "410821", 0, "");
	add_member(in, 0, "U1", 1);
	add_officer(in, "P1", "410821", "");
	add_officer(in, "P2", "410821", "");
	r = run(in, "x");
	assert_int_equal(json_array_size(json_object_get(json_array_get(visits(r), 0), "team")), 2);
	json_decref(r);
	/* on: the same, too few */
	json_object_set_new(json_object_get(in, "rules"), "cross_region", json_true());
	r = run(in, "x");
	v = json_array_get(visits(r), 0);
	assert_int_equal(json_array_size(json_object_get(v, "team")), 0);
	assert_string_equal(json_string_value(json_object_get(v, "reason")), "too_few_eligible");
	json_decref(r);
	json_decref(in);
}

static int has(const json_t *in, const char *officer, const char *e)
{
	size_t i;
	json_t *o;
	json_array_foreach(json_object_get(in, "officers"), i, o)
	{
		if (!strcmp(json_string_value(json_object_get(o, "id")), officer))
			return in_list(json_object_get(o, "expertise"), e);
	}
	return 0;
}

static void needs_and_unmet(void **state)
{
	json_t *in = frame(2, 0, 1);
	add_stratum(in, "s", 10);
	add_object(in, "NONE", "410821", 0, "辐射");	      /* nobody has it */
	add_object(in, "THREE", "410821", 0, "水,大气,土壤"); /* more needs than seats */
	add_object(in, "TWICE", "410821", 0, "水,水");	      /* the second is covered by the first */
	add_object(in, "ORDER", "410821", 0, "土壤");
	add_member(in, 0, "NONE", 1);
	add_member(in, 0, "THREE", 1);
	add_member(in, 0, "TWICE", 1);
	add_member(in, 0, "ORDER", 1);
	add_officer(in, "W1", "410800", "水");
	add_officer(in, "W2", "410800", "水,土壤");
	add_officer(in, "A1", "410800", "大气");
	add_officer(in, "A2", "410800", "大气");
	add_officer(in, "S1", "410800", "土壤");
	add_officer(in, "N1", "410800", "");
	add_expert(in, "E1");
	json_object_set_new(json_array_get(json_object_get(in, "experts"), 0), "expertise", list("辐射"));
	json_t *r = run(in, "needs");

	const json_t *v = visit_of(r, "NONE");
	assert_int_equal(json_array_size(json_object_get(v, "team")), 2);
	assert_int_equal(json_array_size(json_object_get(v, "unmet")), 1);
	assert_string_equal(json_string_value(json_array_get(json_object_get(v, "unmet"), 0)), "辐射");
	assert_int_equal(json_array_size(json_object_get(v, "experts")), 1); /* experts never clear unmet */
	assert_true(json_is_null(json_object_get(v, "reason")));

	v = visit_of(r, "THREE");
	const json_t *team = json_object_get(v, "team");
	assert_true(has(in, json_string_value(json_array_get(team, 0)), "水"));
	assert_true(has(in, json_string_value(json_array_get(team, 1)), "大气"));
	/* 土壤 is unmet unless the 水 officer chosen first happens to be W2 */
	int w2 = !strcmp(json_string_value(json_array_get(team, 0)), "W2");
	assert_int_equal(json_array_size(json_object_get(v, "unmet")), w2 ? 0 : 1);

	v = visit_of(r, "TWICE");
	team = json_object_get(v, "team");
	assert_true(has(in, json_string_value(json_array_get(team, 0)), "水"));
	assert_int_equal(json_array_size(json_object_get(v, "unmet")), 0);

	v = visit_of(r, "ORDER");
	assert_true(has(in, json_string_value(json_array_get(json_object_get(v, "team"), 0)), "土壤"));
	json_decref(r);
	json_decref(in);
}

static void too_few_eligible(void **state)
{
	json_t *in = frame(2, 0, 1);
	add_stratum(in, "s", 10);
	add_object(in, "X", "410821", 0, "水");
	add_object(in, "Y", "410821", 0, "水");
	add_member(in, 0, "X", 1);
	add_member(in, 0, "Y", 1);
	add_officer(in, "P1", "410800", "水");
	add_officer(in, "P2", "410800", "");
	add_officer(in, "P3", "410800", "");
	add_expert(in, "E1");
	add_pair(in, "conflicts", "P1", "X");
	add_pair(in, "previous", "P2", "X");
	add_pair(in, "conflicts", "P2", "X"); /* counted once */
	json_t *r = run(in, "few");
	const json_t *v = visit_of(r, "X");
	assert_int_equal(json_array_size(json_object_get(v, "team")), 0);
	assert_int_equal(json_array_size(json_object_get(v, "unmet")), 0);
	assert_int_equal(json_array_size(json_object_get(v, "experts")), 0);
	assert_string_equal(json_string_value(json_object_get(v, "reason")), "too_few_eligible");
	v = visit_of(r, "Y");
	assert_int_equal(json_array_size(json_object_get(v, "team")), 2);
	assert_true(in_list(json_object_get(v, "team"), "P1")); /* the need takes the only 水 officer */
	assert_int_equal(json_array_size(json_object_get(v, "experts")), 1);
	json_decref(r);

	/* a team larger than the whole roster: nothing is allocated for it, every visit is too few */
	json_object_set_new(json_object_get(in, "rules"), "team_size", json_integer(1000000000));
	json_object_set_new(json_object_get(in, "rules"), "experts_per_visit", json_integer(1000000000));
	r = run(in, "few");
	assert_string_equal(json_string_value(json_object_get(visit_of(r, "Y"), "reason")),
			    "too_few_eligible");
	json_decref(r);
	json_object_set_new(json_object_get(in, "rules"), "team_size", json_integer(3));
	r = run(in, "few");
	/* Y: all three officers; X: too few; experts: all there are (one) */
	assert_int_equal(json_array_size(json_object_get(visit_of(r, "Y"), "team")), 3);
	assert_int_equal(json_array_size(json_object_get(visit_of(r, "Y"), "experts")), 1);
	json_decref(r);
	json_decref(in);
}

static void experts(void **state)
{
	json_t *in = team_frame(1, 0, 2);
	add_expert(in, "E1");
	add_expert(in, "E2");
	add_expert(in, "E3");
	add_pair(in, "conflicts", "E1", "U00");
	add_pair(in, "previous", "E2", "U00");
	json_t *r = run(in, "experts");
	size_t i;
	json_t *v;
	int load[3] = {0};
	json_array_foreach(visits(r), i, v)
	{
		const json_t *e = json_object_get(v, "experts");
		const char *uscc = json_string_value(json_object_get(v, "uscc"));
		if (!strcmp(uscc, "U00")) {
			/* fewer eligible experts than asked: all of them, that is E3 alone */
			assert_int_equal(json_array_size(e), 1);
			assert_string_equal(json_string_value(json_array_get(e, 0)), "E3");
		} else {
			assert_int_equal(json_array_size(e), 2);
			assert_string_not_equal(json_string_value(json_array_get(e, 0)),
						json_string_value(json_array_get(e, 1)));
		}
		for (size_t k = 0; k < json_array_size(e); k++)
			load[json_string_value(json_array_get(e, k))[1] - '1']++;
	}
	/* 59 expert seats over 3 experts */
	assert_int_equal(load[0] + load[1] + load[2], 59);
	for (int k = 0; k < 3; k++)
		assert_true(load[k] >= 19 && load[k] <= 21);
	json_decref(r);
	json_decref(in);
}

/* ---- validation ---- */

static void expect_invalid(json_t *in, const char *message)
{
	char *err = NULL;
	json_t *r = NULL;
	assert_int_equal(draw_inputs_validate(in, &err), -1);
	assert_non_null(err);
	if (strcmp(err, message))
		fail_msg("got “%s”, want “%s”", err, message);
	free(err);
	err = NULL;
	assert_int_equal(draw_compute(in, salt7, "b", &r, &err), -1);
	assert_null(r);
	assert_string_equal(err, message);
	free(err);
}

static json_t *valid_small(void)
{
	json_t *in = frame(1, 1, 0);
	add_stratum(in, "s", 1);
	add_object(in, "U1", "410821", 0, "水");
	add_object(in, "U2", "410822", 0, "");
	add_member(in, 0, "U1", 1);
	add_member(in, 0, "U2", 3);
	add_officer(in, "P1", "410800", "水");
	add_expert(in, "E1");
	char *err = NULL;
	if (draw_inputs_validate(in, &err))
		fail_msg("%s", err);
	return in;
}

static json_t *member(json_t *in, size_t s, size_t m)
{
	return json_array_get(json_object_get(json_array_get(json_object_get(in, "strata"), s), "members"),
			      m);
}

static void validation(void **state)
{
	json_t *in = valid_small();
	json_object_set_new(member(in, 0, 1), "weight", json_integer(0));
	expect_invalid(in, "inputs.strata[0].members[1].weight 应为 1 到 100 的整数（实为 0）");
	json_object_set_new(member(in, 0, 1), "weight", json_integer(101));
	expect_invalid(in, "inputs.strata[0].members[1].weight 应为 1 到 100 的整数（实为 101）");
	json_object_set_new(member(in, 0, 1), "weight", json_true());
	expect_invalid(in, "inputs.strata[0].members[1].weight 应为 1 到 100 的整数（实为 true）");
	json_object_set_new(member(in, 0, 1), "weight", json_string("2"));
	expect_invalid(in, "inputs.strata[0].members[1].weight 应为 1 到 100 的整数（实为 \"2\"）");
	json_object_del(member(in, 0, 1), "weight");
	expect_invalid(in, "inputs.strata[0].members[1].weight 缺失");
	json_object_set_new(member(in, 0, 1), "weight", json_integer(100));
	assert_int_equal(draw_inputs_validate(in, NULL), 0);

	json_object_set_new(json_array_get(json_object_get(in, "strata"), 0), "quota", json_integer(-1));
	expect_invalid(in, "inputs.strata[0].quota 应为不小于 0 的整数（实为 -1）");
	json_object_set_new(json_array_get(json_object_get(in, "strata"), 0), "quota", json_integer(0));

	json_t *rules = json_object_get(in, "rules");
	json_object_set_new(rules, "team_size", json_integer(0));
	expect_invalid(in, "inputs.rules.team_size 应为不小于 1 的整数（实为 0）");
	json_object_set_new(rules, "team_size", json_integer(2));
	json_object_set_new(rules, "experts_per_visit", json_integer(-1));
	expect_invalid(in, "inputs.rules.experts_per_visit 应为不小于 0 的整数（实为 -1）");
	json_object_set_new(rules, "experts_per_visit", json_false());
	expect_invalid(in, "inputs.rules.experts_per_visit 应为不小于 0 的整数（实为 false）");
	json_object_set_new(rules, "experts_per_visit", json_integer(0));
	json_object_set_new(rules, "cross_region", json_integer(1));
	expect_invalid(in, "inputs.rules.cross_region 应为布尔值（实为 1）");
	json_object_set_new(rules, "cross_region", json_false());

	json_t *period = json_object_get(in, "period");
	json_t *slots = json_incref(json_object_get(period, "slots"));
	json_object_set_new(period, "slots", json_array());
	expect_invalid(in, "inputs.period.slots 不能为空");
	json_object_set_new(period, "slots", slots);

	add_member(in, 0, "U9", 1);
	expect_invalid(in, "inputs.strata[0].members[2].uscc “U9” 在 inputs.objects 中没有条目");
	json_array_remove(json_object_get(json_array_get(json_object_get(in, "strata"), 0), "members"), 2);
	add_member(in, 0, "U1", 1);
	expect_invalid(
	    in, "inputs.strata[0].members[2].uscc “U1” 在该层中重复（同 inputs.strata[0].members[0]）");
	json_array_remove(json_object_get(json_array_get(json_object_get(in, "strata"), 0), "members"), 2);
	add_stratum(in, "s", 1);
	expect_invalid(in, "inputs.strata[1].id “s” 重复（同 inputs.strata[0].id）");
	json_array_remove(json_object_get(in, "strata"), 1);

	add_expert(in, "P1");
	expect_invalid(in, "inputs.experts[1].id “P1” 重复（同 inputs.officers[0].id）");
	json_array_remove(json_object_get(in, "experts"), 1);
	add_officer(in, "P1", "410821", "");
	expect_invalid(in, "inputs.officers[1].id “P1” 重复（同 inputs.officers[0].id）");
	json_array_remove(json_object_get(in, "officers"), 1);

	json_array_append_new(json_object_get(in, "conflicts"), json_pack("[s]", "P1"));
	expect_invalid(in, "inputs.conflicts[0] 应为 [人员编号, 统一社会信用代码]（实为 [\"P1\"]）");
	json_array_clear(json_object_get(in, "conflicts"));

	json_object_set_new(json_object_get(json_object_get(in, "objects"), "U2"), "positive_list",
			    json_null());
	expect_invalid(in, "inputs.objects.U2.positive_list 应为布尔值（实为 null）");
	json_object_set_new(json_object_get(json_object_get(in, "objects"), "U2"), "positive_list",
			    json_false());

	json_object_del(in, "previous");
	expect_invalid(in, "inputs.previous 缺失");
	json_object_set_new(in, "previous", json_array());

	/* a control character is refused by CJ, naming the path */
	json_object_set_new(json_object_get(in, "period"), "label", json_string("a\nb"));
	json_t *r = NULL;
	char *err = NULL;
	assert_int_equal(draw_compute(in, salt7, "b", &r, &err), -1);
	assert_string_equal(err, "period.label 含有控制字符 U+000A");
	free(err);
	json_decref(in);

	/* with many members, the first problem in member order is named, whatever its kind */
	in = valid_small();
	char u[16];
	for (int i = 0; i < 60; i++) {
		snprintf(u, sizeof(u), "M%02d", i);
		add_object(in, u, "410821", 0, "");
	}
	json_t *members = json_object_get(json_array_get(json_object_get(in, "strata"), 0), "members");
	json_array_clear(members);
	for (int i = 0; i < 60; i++) {
		snprintf(u, sizeof(u), "M%02d", i);
		add_member(in, 0, u, 1);
	}
	assert_int_equal(draw_inputs_validate(in, NULL), 0);
	json_object_set_new(json_array_get(members, 41), "weight", json_integer(0));
	json_object_set_new(json_array_get(members, 30), "uscc", json_string("M25"));
	expect_invalid(
	    in, "inputs.strata[0].members[30].uscc “M25” 在该层中重复（同 inputs.strata[0].members[25]）");
	json_object_set_new(json_array_get(members, 29), "uscc", json_string("NOPE"));
	expect_invalid(in, "inputs.strata[0].members[29].uscc “NOPE” 在 inputs.objects 中没有条目");
	json_object_set_new(json_array_get(members, 3), "uscc", json_integer(3));
	expect_invalid(in, "inputs.strata[0].members[3].uscc 应为字符串（实为 3）");
	json_object_set_new(json_array_get(members, 3), "uscc", json_string("M03"));
	json_object_set_new(json_array_get(members, 29), "uscc", json_string("M29"));
	json_object_set_new(json_array_get(members, 30), "uscc", json_string("M30"));
	expect_invalid(in, "inputs.strata[0].members[41].weight 应为 1 到 100 的整数（实为 0）");
	json_decref(in);

	json_t *array = json_array();
	expect_invalid(array, "inputs 应为对象（实为 []）");
	json_decref(array);
}

static void beacon_trim(void **state)
{
	char *err = NULL;
	char *b = draw_beacon_trim("  \t福彩3D 2 7 5\u3000\r\n", &err);
	assert_string_equal(b, "福彩3D 2 7 5");
	free(b);
	b = draw_beacon_trim("\u3000 \u3000", &err);
	assert_null(b);
	assert_string_equal(err, "公开随机数不能为空");
	b = draw_beacon_trim("2\t7", &err);
	assert_null(b);
	assert_string_equal(err, "公开随机数中含有控制字符 U+0009");
	b = draw_beacon_trim("\xff", &err);
	assert_null(b);
	free(err);
	/* a beacon is used as it is: surrounding spaces count */
	json_t *in = load(in1);
	char *x = run_cj(in, "1 2 3"), *y = run_cj(in, " 1 2 3");
	assert_string_not_equal(x, y);
	free(x), free(y);
	json_decref(in);
}

/* ---- packages ---- */

static json_t *make_package(const json_t *in, const char *beacon)
{
	json_t *result = run(in, beacon);
	char *err = NULL;
	json_t *ann = draw_announcement_new(in, salt7, "福彩3D 2025-01-06 开奖号码",
					    "2025-01-05T09:00:00+08:00", "焦作市生态环境局", &err);
	assert_non_null(ann);
	json_t *p = draw_package_new(ann, (json_t *)in, salt7, beacon, result);
	json_decref(ann);
	json_decref(result);
	return p;
}

static int verify(const json_t *p, char **diff)
{
	free(*diff);
	*diff = NULL;
	return package_verify(p, diff);
}

static void packages(void **state)
{
	json_t *in = load(in1);
	json_t *p = make_package(in, "2 7 5");
	char *diff = NULL;
	assert_int_equal(verify(p, &diff), 0);
	assert_null(diff);
	/* other top-level keys are ignored */
	json_object_set_new(p, "signature", json_string("…"));
	assert_int_equal(verify(p, &diff), 0);

	json_t *q = json_deep_copy(p);
	json_object_set_new(json_object_get(q, "reveal"), "beacon_value", json_string("2 7 6"));
	assert_int_equal(verify(q, &diff), 1);
	assert_non_null(strstr(diff, "result.visits[0]"));
	json_decref(q);

	q = json_deep_copy(p);
	json_object_set_new(json_object_get(q, "reveal"), "salt",
			    json_string("0000000000000000000000000000000000000000000000000000000000000000"));
	assert_int_equal(verify(q, &diff), 1);
	assert_non_null(strstr(diff, "salt_commitment 不符"));
	json_object_set_new(json_object_get(q, "reveal"), "salt", json_string("ABC"));
	assert_int_equal(verify(q, &diff), -1);
	assert_string_equal(diff, "reveal.salt 应为 64 位小写十六进制字符串（实为 \"ABC\"）");
	json_decref(q);

	q = json_deep_copy(p);
	json_object_set_new(json_object_get(json_object_get(q, "inputs"), "rules"), "team_size",
			    json_integer(3));
	assert_int_equal(verify(q, &diff), 1);
	assert_non_null(strstr(diff, "inputs 与 announcement.inputs_hash 不符"));
	json_decref(q);

	q = json_deep_copy(p);
	json_t *v0 = json_array_get(json_object_get(json_object_get(q, "result"), "visits"), 2);
	json_object_set_new(v0, "reason", json_string("too_few_eligible"));
	assert_int_equal(verify(q, &diff), 1);
	assert_string_equal(diff,
			    "result.visits[2].reason 不一致：包中为 \"too_few_eligible\"，重新计算为 null");
	json_object_del(v0, "reason");
	assert_int_equal(verify(q, &diff), 1);
	assert_string_equal(diff, "result.visits[2].reason 缺失（重新计算为 null）");
	json_object_set_new(v0, "reason", json_null());
	json_object_set_new(v0, "extra", json_integer(1));
	assert_int_equal(verify(q, &diff), 1);
	assert_string_equal(diff, "result.visits[2].extra 多余（包中为 1）");
	json_object_del(v0, "extra");
	assert_int_equal(verify(q, &diff), 0);
	json_array_append_new(json_object_get(json_object_get(q, "result"), "visits"), json_object());
	assert_int_equal(verify(q, &diff), 1);
	assert_string_equal(diff, "result.visits 的元素个数不一致：包中 6 个，重新计算 5 个");
	json_object_set_new(q, "result", json_array());
	assert_int_equal(verify(q, &diff), 1);
	assert_non_null(strstr(diff, "result 不一致：包中为 []"));
	json_decref(q);

	q = json_deep_copy(p);
	json_object_set_new(q, "protocol", json_string("suiji-draw-v2"));
	assert_int_equal(verify(q, &diff), 1);
	assert_string_equal(diff, "protocol 为 \"suiji-draw-v2\"，本核验器只核验 suiji-draw-v1");
	json_object_del(q, "protocol");
	assert_int_equal(verify(q, &diff), -1);
	assert_string_equal(diff, "protocol 缺失");
	json_decref(q);

	/* invalid inputs with a consistent announcement */
	json_t *bad = load(in1);
	json_object_set_new(json_object_get(bad, "rules"), "team_size", json_integer(0));
	json_t *ann = draw_announcement_new(bad, salt7, "", "", "", NULL);
	json_t *empty = json_pack("{s:[]}", "visits");
	q = draw_package_new(ann, bad, salt7, "x", empty);
	assert_int_equal(verify(q, &diff), -1);
	assert_string_equal(diff, "inputs.rules.team_size 应为不小于 1 的整数（实为 0）");
	json_decref(q);
	json_decref(ann);
	json_decref(empty);
	json_decref(bad);

	free(diff);
	json_decref(p);
	json_decref(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(known_answers),	cmocka_unit_test(determinism),
	    cmocka_unit_test(quotas),		cmocka_unit_test(selection_takes_the_smallest_keys),
	    cmocka_unit_test(merged_visits),	cmocka_unit_test(threads_do_not_change_the_selection),
	    cmocka_unit_test(tie_breaking),	cmocka_unit_test(conflicts_and_previous),
	    cmocka_unit_test(cross_region),	cmocka_unit_test(needs_and_unmet),
	    cmocka_unit_test(too_few_eligible), cmocka_unit_test(experts),
	    cmocka_unit_test(validation),	cmocka_unit_test(beacon_trim),
	    cmocka_unit_test(packages),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
