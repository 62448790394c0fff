// clang-format off
// fuzz-sources: src/core/cj.c src/core/sign.c src/core/sign-json.c src/core/hash.c src/core/draw.c src/core/draw-mac.c src/core/draw-select.c src/core/draw-teams.c src/core/draw-verify.c src/core/draw-validate.c src/core/draw-parse.c src/core/draw-result.c src/core/draw-verify-text.c src/util/xalloc.c src/util/strbuf.c src/util/error.c
// fuzz-libs: jansson libcrypto
// clang-format on
/*
 * This file implements the libFuzzer harness of the package and JSON reader: the strict loader of
 * canonical JSON (core/cj.c), signed objects (core/sign-json.c) and the draw package verifier
 * (core/draw-verify.c) — what "suiji verify" runs on a file from anyone. tests/fuzz/run.sh builds
 * and runs it.
 *
 * Besides crashes, leaks, undefined behaviour and hangs it checks what the loader promises: a value
 * it accepts has a canonical form, that form loads again to an equal value whose canonical form is
 * the same bytes, and it passes cj_check; a refusal always comes with a message. A signature check
 * and a package verification end with a verdict and, when negative, a message.
 */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "core/draw.h"
#include "core/sign.h"

#define CHECK(cond)                                                                                          \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "fuzz-package: check failed: %s (line %d)\n", #cond, __LINE__);      \
			abort();                                                                             \
		}                                                                                            \
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *err = NULL;
	/* the fast verification of canonical packages (it changes its copy) */
	char *copy = malloc(size + 1);
	memcpy(copy, data, size);
	copy[size] = '\0';
	struct package_summary sum;
	int fast = package_verify_text(copy, size, &sum);
	if (fast)
		package_summary_release(&sum);
	free(copy);
	json_t *v = cj_load((const char *)data, size, &err);
	CHECK(!fast || v); /* what it confirms, the strict loader reads */
	if (!v) {
		CHECK(err && *err);
		free(err);
		return 0;
	}
	CHECK(!err);

	/* canonical form: exists for everything the strict loader accepts, and is a fixed point */
	size_t len = 0;
	char *canon = cj_dump(v, &len, &err);
	CHECK(canon);
	CHECK(strlen(canon) == len);
	CHECK(cj_utf8_valid(canon, len));
	json_t *again = cj_load(canon, len, &err);
	CHECK(again);
	CHECK(json_equal(v, again));
	size_t len2 = 0;
	char *canon2 = cj_dump(again, &len2, &err);
	CHECK(canon2 && len2 == len && !memcmp(canon, canon2, len));
	CHECK(cj_check(v, "", &err) == 0);
	unsigned char md[32];
	CHECK(cj_sha256(v, md, &err) == 0);

	if (json_is_object(v)) {
		/* a signature: valid, absent, or refused with a reason */
		char pub[65];
		int s = sign_json_check(v, pub, &err);
		CHECK(s >= -1 && s <= 1);
		CHECK(!fast || s >= 0); /* and finds no bad signature in */
		CHECK((s < 0) == (err != NULL));
		free(err);
		err = NULL;

		/* a package: verified, or the first difference named */
		if (json_object_get(v, "protocol")) {
			char *difference = NULL;
			int rc = package_verify(v, &difference);
			CHECK(rc == 0 || difference);
			CHECK(!fast || rc == 0); /* and verifies */
			free(difference);
		} else {
			CHECK(!fast);
		}
	} else {
		CHECK(!fast);
	}
	free(canon);
	free(canon2);
	json_decref(again);
	json_decref(v);
	return 0;
}
