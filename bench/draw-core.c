/*
 * This file implements a benchmark of the pure draw (core/draw*.c) at the size of a large city:
 * 10^6 stratum members, 10^4 officers, about 5·10^4 visits. It builds the inputs and writes them as
 * canonical JSON (not part of the draw), then times both ways to draw: draw_compute over a jansson
 * value (what a verifier does with a package) and draw_compute_text over the text (what "draw run"
 * does with the stored frame), and, separately, the phases of the latter with the selection on one
 * thread and on all. Results are printed as a table, wall clock and CPU time (the latter is what
 * to read on a machine busy with other work); nothing is asserted (bench/, not tests/).
 *
 * Build by hand from the source tree's root (not part of the CMake build):
 *
 *   cc -O2 -std=c17 -D_GNU_SOURCE -Isrc -Isrc/util bench/draw-core.c src/core/cj.c src/core/draw*.c \
 *      src/core/sign.c src/core/hash.c src/util/xalloc.c src/util/strbuf.c src/util/error.c \
 *      -ljansson -lcrypto -lpthread -o /tmp/draw-core
 *   /tmp/draw-core            # or: /tmp/draw-core MEMBERS OFFICERS VISITS
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <openssl/evp.h>

#include "core/cj.h"
#include "core/draw-internal.h"
#include "core/draw.h"

static double clock_s(clockid_t id)
{
	struct timespec t;
	clock_gettime(id, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

static double now(void)
{
	return clock_s(CLOCK_MONOTONIC);
}

/* CPU time of this thread: on a busy machine, closer to what the phase costs than the wall clock */
static double cpu(void)
{
	return clock_s(CLOCK_THREAD_CPUTIME_ID);
}

/* A small deterministic generator for the frame (xorshift64*): the frame only needs to look varied. */
static unsigned long long rng_state = 88172645463325252ULL;
static unsigned long long rng(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * 2685821657736338717ULL;
}

static const char *const counties[] = {"410802", "410803", "410804", "410811", "410821",
				       "410822", "410823", "410825", "410882", "410883"};
static const char *const expertise[] = {"水", "大气", "土壤", "固废", "辐射", "噪声"};

static json_t *needs_list(int n)
{
	json_t *a = json_array();
	for (int i = 0; i < n; i++)
		json_array_append_new(a, json_string(expertise[rng() % 6]));
	return a;
}

/*
 * Three strata: 重点排污单位 (5 % of members, weights 1–3, a fifth drawn), 一般排污单位 (90 %, weight 1,
 * about 4 % drawn) and 专项检查 (5 %, members also in 一般, weights 1–2): quotas sum to "visits".
 */
static json_t *build_inputs(long members, long officers, long visits)
{
	long n_key = members / 20, n_special = members / 20, n_general = members - n_key - n_special;
	long q_key = visits / 5, q_special = visits / 25, q_general = visits - q_key - q_special;
	json_t *objects = json_object();
	json_t *key = json_array(), *general = json_array(), *special = json_array();
	char uscc[32];
	for (long i = 0; i < n_key + n_general; i++) {
		snprintf(uscc, sizeof(uscc), "914108%02ldMA%08ld", 10 + i % 80, i);
		json_object_set_new_nocheck(objects, uscc,
					    json_pack("{s:s,s:b,s:o}", "region", counties[rng() % 10],
						      "positive_list", (int)(rng() % 20 == 0), "needs",
						      needs_list((int)(rng() % 3))));
		if (i < n_key)
			json_array_append_new(
			    key, json_pack("{s:s,s:i}", "uscc", uscc, "weight", (int)(1 + rng() % 3)));
		else
			json_array_append_new(general, json_pack("{s:s,s:i}", "uscc", uscc, "weight", 1));
		if (i >= n_key && i < n_key + n_special)
			json_array_append_new(
			    special, json_pack("{s:s,s:i}", "uscc", uscc, "weight", (int)(1 + rng() % 2)));
	}
	json_t *people = json_array(), *experts = json_array(), *conflicts = json_array(),
	       *previous = json_array();
	char id[32];
	for (long i = 0; i < officers; i++) {
		snprintf(id, sizeof(id), "P%06ld", i);
		json_array_append_new(people, json_pack("{s:s,s:s,s:o}", "id", id, "region",
							i % 11 == 10 ? "410800" : counties[i % 11],
							"expertise", needs_list(1 + (int)(rng() % 2))));
	}
	for (long i = 0; i < 300; i++) {
		snprintf(id, sizeof(id), "E%04ld", i);
		json_array_append_new(experts, json_pack("{s:s,s:[]}", "id", id, "expertise"));
	}
	for (long i = 0; i < officers; i++) {
		snprintf(id, sizeof(id), "P%06ld", (long)(rng() % (unsigned long long)officers));
		snprintf(uscc, sizeof(uscc), "914108%02ldMA%08ld", 10 + i * 97 % 80, i * 97);
		json_array_append_new(conflicts, json_pack("[s,s]", id, uscc));
	}
	for (long i = 0; i < members / 5; i++) {
		long o = (long)(rng() % (unsigned long long)(n_key + n_general));
		snprintf(id, sizeof(id), "P%06ld", (long)(rng() % (unsigned long long)officers));
		snprintf(uscc, sizeof(uscc), "914108%02ldMA%08ld", 10 + o % 80, o);
		json_array_append_new(previous, json_pack("[s,s]", id, uscc));
	}
	return json_pack(
	    "{s:{s:s,s:[s,s,s]},s:[{s:s,s:I,s:o},{s:s,s:I,s:o},{s:s,s:I,s:o}],s:o,s:o,s:o,s:o,s:o,"
	    "s:{s:i,s:b,s:i}}",
	    "period", "label", "2025Q1", "slots", "2025-01", "2025-02", "2025-03", "strata", "id",
	    "重点排污单位", "quota", (json_int_t)q_key, "members", key, "id", "一般排污单位", "quota",
	    (json_int_t)q_general, "members", general, "id", "专项检查", "quota", (json_int_t)q_special,
	    "members", special, "objects", objects, "officers", people, "experts", experts, "conflicts",
	    conflicts, "previous", previous, "rules", "team_size", 2, "cross_region", 1, "experts_per_visit",
	    1);
}

static long peak_rss_mib(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss / 1024;
}

int main(int argc, char **argv)
{
	long members = argc > 1 ? atol(argv[1]) : 1000000;
	long officers = argc > 2 ? atol(argv[2]) : 10000;
	long visits = argc > 3 ? atol(argv[3]) : 50000;
	unsigned char salt[32] = "bench salt, not a secret here.";
	char *err = NULL;

	/* the draw command stores the inputs as canonical JSON at the announcement and parses them back
	 * for the draw: so does this benchmark (the parsed tree lies in memory in canonical order) */
	double t0 = now();
	json_t *built = build_inputs(members, officers, visits);
	size_t text_len = 0;
	char *text = cj_dump(built, &text_len, &err);
	json_decref(built);
	double t_build = now() - t0;
	t0 = now();
	json_t *inputs = cj_load(text, text_len, &err);
	double t_parse = now() - t0;
	if (!inputs) {
		fprintf(stderr, "cj_load: %s\n", err);
		return 1;
	}
	long rss_inputs = peak_rss_mib();

	/* the whole of draw_compute, as the draw command calls it (hash beside validation, selection on
	 * every processor) */
	json_t *result = NULL;
	t0 = now();
	double c0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	if (draw_compute(inputs, salt, "福彩3D 2025-01-06 2 7 5", &result, &err)) {
		fprintf(stderr, "draw_compute: %s\n", err);
		return 1;
	}
	double t_total = now() - t0, c_total = clock_s(CLOCK_PROCESS_CPUTIME_ID) - c0;
	size_t nvisits = json_array_size(json_object_get(result, "visits"));
	size_t too_few = 0, unmet = 0;
	for (size_t i = 0; i < nvisits; i++) {
		json_t *v = json_array_get(json_object_get(result, "visits"), i);
		too_few += !json_is_null(json_object_get(v, "reason"));
		unmet += json_array_size(json_object_get(v, "unmet")) > 0;
	}

	/* the run's path: the stored text checked against its hash and read in one pass */
	char hash_hex[65];
	unsigned char md[32];
	EVP_Digest(text, text_len, md, NULL, EVP_sha256(), NULL);
	draw_hex(md, 32, hash_hex);
	char *copy = malloc(text_len + 1);
	memcpy(copy, text, text_len + 1);
	struct draw_visits run_out;
	t0 = now();
	double rc0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	if (draw_compute_text(copy, text_len, hash_hex, salt, "福彩3D 2025-01-06 2 7 5", &run_out, &err)) {
		fprintf(stderr, "draw_compute_text: %s\n", err);
		return 1;
	}
	double t_text = now() - t0, c_text = clock_s(CLOCK_PROCESS_CPUTIME_ID) - rc0;
	draw_visits_release(&run_out);
	memcpy(copy, text, text_len + 1);

	/* the phases of the run's path one after the other on this thread (the selection also on all
	 * processors) */
	struct draw_frame f;
	unsigned char ih[32], prk[32];
	struct draw_selection sel;
	double w[7], c[7];
#define PHASE(i, stmt)                                                                                       \
	do {                                                                                                 \
		double w0_ = now(), c0_ = cpu();                                                             \
		stmt;                                                                                        \
		w[i] = now() - w0_;                                                                          \
		c[i] = cpu() - c0_;                                                                          \
	} while (0)
	PHASE(0, draw_frame_parse(&f, copy, text_len, &err));
	PHASE(1, EVP_Digest(text, text_len, ih, NULL, EVP_sha256(), NULL));
	draw_prk(salt, ih, "x", 1, prk);
	PHASE(2, draw_select(&f, prk, 1, &sel, &err));
	draw_selection_release(&sel);
	double cp0 = clock_s(CLOCK_PROCESS_CPUTIME_ID);
	PHASE(3, draw_select(&f, prk, 8, &sel, &err));
	c[3] = clock_s(CLOCK_PROCESS_CPUTIME_ID) - cp0;
	struct draw_visits r2 = {0};
	PHASE(4, draw_teams(&f, prk, &sel, &r2, &err));
	size_t cj_len = 0;
	char *cj;
	PHASE(5, cj = draw_visits_cj(&r2, &cj_len));
	uint64_t macs = 0;
	for (size_t s = 0; s < f.nstrata; s++)
		for (size_t i = 0; i < f.strata[s].count; i++)
			macs += f.members[f.strata[s].first + i].weight;

	printf("| what | wall | CPU |\n|---|---|---|\n");
	printf("| members / objects / officers / experts | %zu / %zu / %zu / %zu | |\n", f.nmembers,
	       f.nobjects, f.nofficers, f.npeople - f.nofficers);
	printf("| visits (too few officers / with unmet needs) | %zu (%zu / %zu) | |\n", nvisits, too_few,
	       unmet);
	printf("| building the inputs, CJ text of %zu bytes (not part of the draw) | %.3f s | |\n", text_len,
	       t_build);
	printf("| parsing that text strictly, cj_load (not part of the draw) | %.3f s | |\n", t_parse);
	printf("| draw_compute over the jansson value (the verifier's path), whole | %.3f s | %.3f s (all "
	       "threads) |\n",
	       t_total, c_total);
	printf("| **draw_compute_text over the stored text (the run's path), whole** | **%.3f s** | %.3f s "
	       "(all threads) |\n",
	       t_text, c_text);
	printf("| — reading the text into the frame, one pass (draw_frame_parse) | %.3f s | %.3f s |\n", w[0],
	       c[0]);
	printf("| — inputs_hash, SHA-256 of the text | %.3f s | %.3f s |\n", w[1], c[1]);
	printf("| — selection, 1 thread (%llu MACs) | %.3f s | %.3f s (%.3f µs per MAC) |\n",
	       (unsigned long long)macs, w[2], c[2], c[2] / (double)macs * 1e6);
	printf("| — selection, all processors | %.3f s | %.3f s (all threads) |\n", w[3], c[3]);
	printf("| — visits, teams and experts (draw_teams) | %.3f s | %.3f s |\n", w[4], c[4]);
	printf("| CJ of the result, written directly (%zu bytes) | %.3f s | %.3f s |\n", cj_len, w[5], c[5]);
	printf("| peak RSS: inputs in jansson / after the draw | %ld MiB / %ld MiB | |\n", rss_inputs,
	       peak_rss_mib());
	free(cj);
	draw_visits_release(&r2);
	draw_frame_release(&f);
	free(copy);
	free(text);
	json_decref(result);
	draw_selection_release(&sel);
	draw_frame_release(&f);
	json_decref(inputs);
	return 0;
}
