/*
 * Statistical tests of the draw's fairness (core/draw*.c) over many beacons with a fixed salt, so
 * that they are deterministic: uniform selection within a stratum, the A-Res order of inclusion
 * with integer weights, uniform first picks among officers and balanced loads. Each test compares a
 * chi-square statistic with its 0.1 % critical value: a correct draw fails one of them with
 * probability about 1/1000 per set of beacons, and the beacons are fixed, so the outcome never
 * changes from run to run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/draw.h"

static const unsigned char salt[32] = "suiji fairness test, fixed salt";

/* A frame with one stratum of "n" members U00.. of the given weights, "officers" officers P00.. and
 * "experts" experts E00.., no needs, no conflicts, no region rule. */
static json_t *frame(int n, const int *weights, int quota, int officers, int team_size, int experts,
		     int experts_per_visit)
{
	json_t *in =
	    json_pack("{s:{s:s,s:[s]},s:[{s:s,s:i,s:[]}],s:{},s:[],s:[],s:[],s:[],s:{s:i,s:b,s:i}}", "period",
		      "label", "T", "slots", "T1", "strata", "id", "s", "quota", quota, "members", "objects",
		      "officers", "experts", "conflicts", "previous", "rules", "team_size", team_size,
		      "cross_region", 0, "experts_per_visit", experts_per_visit);
	assert_non_null(in);
	json_t *members = json_object_get(json_array_get(json_object_get(in, "strata"), 0), "members");
	char id[16];
	for (int i = 0; i < n; i++) {
		snprintf(id, sizeof(id), "U%02d", i);
		json_object_set_new(
		    json_object_get(in, "objects"), id,
		    json_pack("{s:s,s:b,s:[]}", "region", "410821", "positive_list", 0, "needs"));
		json_array_append_new(members,
				      json_pack("{s:s,s:i}", "uscc", id, "weight", weights ? weights[i] : 1));
	}
	for (int i = 0; i < officers; i++) {
		snprintf(id, sizeof(id), "P%02d", i);
		json_array_append_new(json_object_get(in, "officers"),
				      json_pack("{s:s,s:s,s:[]}", "id", id, "region", "410800", "expertise"));
	}
	for (int i = 0; i < experts; i++) {
		snprintf(id, sizeof(id), "E%02d", i);
		json_array_append_new(json_object_get(in, "experts"),
				      json_pack("{s:s,s:[]}", "id", id, "expertise"));
	}
	return in;
}

static json_t *draw(const json_t *in, int beacon_no)
{
	char beacon[32];
	snprintf(beacon, sizeof(beacon), "fair-%d", beacon_no);
	json_t *r = NULL;
	char *err = NULL;
	if (draw_compute(in, salt, beacon, &r, &err))
		fail_msg("%s", err);
	return r;
}

/* The number after the letter of an id like "U07". */
static int num(const json_t *s)
{
	return atoi(json_string_value(s) + 1);
}

static double chi_square(const double *observed, const double *expected, int n)
{
	double x = 0;
	for (int i = 0; i < n; i++)
		x += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
	return x;
}

static void uniform_selection(void **state)
{
	enum { N = 20, QUOTA = 5, DRAWS = 2000 };
	json_t *in = frame(N, NULL, QUOTA, 1, 1, 0, 0);
	double count[N] = {0}, expected[N];
	for (int d = 0; d < DRAWS; d++) {
		json_t *r = draw(in, d);
		json_t *visits = json_object_get(r, "visits");
		assert_int_equal(json_array_size(visits), QUOTA);
		for (size_t i = 0; i < QUOTA; i++)
			count[num(json_object_get(json_array_get(visits, i), "uscc"))]++;
		json_decref(r);
	}
	for (int i = 0; i < N; i++)
		expected[i] = (double)DRAWS * QUOTA / N;
	double x = chi_square(count, expected, N);
	print_message(
	    "uniform selection: chi-square %.2f (19 degrees of freedom, 0.1%% critical value 43.82)\n", x);
	assert_true(x < 43.82);
	json_decref(in);
}

static void weighted_inclusion_order(void **state)
{
	/* weights 1, 1, 3, 3 and quota 2: the first visit (smallest key) is member i with probability
	 * w_i / W, the second is j with probability w_j / (W - w_i): successive sampling (A-Res) */
	enum { N = 4, DRAWS = 4000 };
	static const int w[N] = {1, 1, 3, 3};
	json_t *in = frame(N, w, 2, 1, 1, 0, 0);
	double first[N] = {0}, first_expected[N], pair[N * N] = {0}, pair_expected[N * N];
	for (int d = 0; d < DRAWS; d++) {
		json_t *r = draw(in, d);
		json_t *visits = json_object_get(r, "visits");
		assert_int_equal(json_array_size(visits), 2);
		int a = num(json_object_get(json_array_get(visits, 0), "uscc"));
		int b = num(json_object_get(json_array_get(visits, 1), "uscc"));
		first[a]++;
		pair[a * N + b]++;
		json_decref(r);
	}
	double o[N * N], e[N * N];
	int k = 0;
	for (int i = 0; i < N; i++) {
		first_expected[i] = DRAWS * w[i] / 8.0;
		for (int j = 0; j < N; j++) {
			pair_expected[i * N + j] = i == j ? 0 : DRAWS * (w[i] / 8.0) * (w[j] / (8.0 - w[i]));
			if (i != j) {
				o[k] = pair[i * N + j];
				e[k++] = pair_expected[i * N + j];
			}
		}
	}
	double x1 = chi_square(first, first_expected, N);
	double x2 = chi_square(o, e, k);
	print_message(
	    "weights 1,1,3,3: first pick chi-square %.2f (3 df, critical 16.27); ordered pairs %.2f (11 df, "
	    "critical 31.26)\n",
	    x1, x2);
	assert_true(x1 < 16.27);
	assert_true(x2 < 31.26);
	/* and plainly: a weight-3 member comes first about three times as often as a weight-1 member */
	assert_true(first[2] + first[3] > 2.5 * (first[0] + first[1]));
	json_decref(in);
}

static void uniform_first_officer(void **state)
{
	enum { OFFICERS = 10, DRAWS = 2000 };
	json_t *in = frame(3, NULL, 3, OFFICERS, 1, 0, 0);
	double count[OFFICERS] = {0}, expected[OFFICERS];
	for (int d = 0; d < DRAWS; d++) {
		json_t *r = draw(in, d);
		json_t *team = json_object_get(json_array_get(json_object_get(r, "visits"), 0), "team");
		assert_int_equal(json_array_size(team), 1);
		count[num(json_array_get(team, 0))]++;
		json_decref(r);
	}
	for (int i = 0; i < OFFICERS; i++)
		expected[i] = DRAWS / (double)OFFICERS;
	double x = chi_square(count, expected, OFFICERS);
	print_message("first officer: chi-square %.2f (9 df, critical 27.88)\n", x);
	assert_true(x < 27.88);
	json_decref(in);
}

static void balanced_loads(void **state)
{
	/* unconstrained: after every visit, loads differ by at most one, for officers and experts alike */
	enum { VISITS = 37, OFFICERS = 10, EXPERTS = 5 };
	json_t *in = frame(VISITS, NULL, VISITS, OFFICERS, 3, EXPERTS, 2);
	for (int d = 0; d < 20; d++) {
		json_t *r = draw(in, d);
		json_t *visits = json_object_get(r, "visits");
		int load[OFFICERS] = {0}, eload[EXPERTS] = {0};
		assert_int_equal(json_array_size(visits), VISITS);
		for (size_t i = 0; i < VISITS; i++) {
			json_t *v = json_array_get(visits, i);
			json_t *team = json_object_get(v, "team"), *experts = json_object_get(v, "experts");
			assert_int_equal(json_array_size(team), 3);
			assert_int_equal(json_array_size(experts), 2);
			for (size_t k = 0; k < 3; k++)
				load[num(json_array_get(team, k))]++;
			for (size_t k = 0; k < 2; k++)
				eload[num(json_array_get(experts, k))]++;
			int lo = load[0], hi = load[0];
			for (int p = 1; p < OFFICERS; p++)
				lo = load[p] < lo ? load[p] : lo, hi = load[p] > hi ? load[p] : hi;
			assert_true(hi - lo <= 1);
			lo = hi = eload[0];
			for (int p = 1; p < EXPERTS; p++)
				lo = eload[p] < lo ? eload[p] : lo, hi = eload[p] > hi ? eload[p] : hi;
			assert_true(hi - lo <= 1);
		}
		json_decref(r);
	}
	json_decref(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(uniform_selection),
	    cmocka_unit_test(weighted_inclusion_order),
	    cmocka_unit_test(uniform_first_officer),
	    cmocka_unit_test(balanced_loads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
