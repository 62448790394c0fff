// clang-format off
// fuzz-sources: src/core/cj.c src/core/hash.c src/core/draw.c src/core/draw-mac.c src/core/draw-select.c src/core/draw-teams.c src/core/draw-validate.c src/core/draw-parse.c src/core/draw-result.c src/util/xalloc.c src/util/strbuf.c src/util/error.c
// fuzz-libs: jansson libcrypto
// clang-format on
/*
 * This file implements the libFuzzer harness of the one-pass reader of a stored frame
 * (core/draw-parse.c): the text a draw run reads back from the database, changed in place. Besides
 * crashes, leaks, undefined behaviour and hangs it checks that a refusal comes with a message and
 * that a text it accepts is one the general path accepts too, with the same result: the text is
 * loaded strictly (core/cj.h) and drawn both ways. tests/fuzz/run.sh builds and runs it.
 */
#include <jansson.h>
#include <openssl/evp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "core/draw.h"

#define CHECK(cond)                                                                                          \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "fuzz-frame: check failed: %s (line %d)\n", #cond, __LINE__);        \
			abort();                                                                             \
		}                                                                                            \
	} while (0)

static const unsigned char salt[32] = {7};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned char md[32];
	char hash[65], *err = NULL;
	CHECK(EVP_Digest(data, size, md, NULL, EVP_sha256(), NULL));
	draw_hex(md, 32, hash);
	char *text = malloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	struct draw_visits out;
	int rc = draw_compute_text(text, size, hash, salt, "1", &out, &err);
	if (rc) {
		free(text);
		CHECK(err && *err);
		free(err);
		return 0;
	}
	char *a = draw_visits_cj(&out, NULL);
	draw_visits_release(&out);
	free(text);
	/* accepted: the same bytes are valid JSON, valid inputs, and give the same result */
	json_t *inputs = cj_load((const char *)data, size, &err);
	CHECK(inputs);
	json_t *again = NULL;
	CHECK(draw_compute(inputs, salt, "1", &again, &err) == 0);
	char *b = cj_dump(again, NULL, &err);
	CHECK(a && b && !strcmp(a, b));
	free(a);
	free(b);
	json_decref(inputs);
	json_decref(again);
	return 0;
}
