/*
 * This file implements package_verify_text (see draw.h): the verification of a package that is
 * canonical JSON from end to end — as "draw export" writes it — without a tree of the frame. It only
 * ever confirms: anything it does not recognise or that does not reproduce makes it answer "not
 * shown", and the caller verifies the package the general way (package_verify), which names the
 * first difference. So it can never accept what the general way refuses:
 *
 * - the layout is exactly {"announcement","inputs","protocol","result","reveal"[,"signature"]}, each
 *   value canonical (the small ones: CJ of their strict parse is their bytes; the frame: the one-pass
 *   reader accepts only canonical text), so the file is CJ(package) and the bytes before the
 *   signature, closed, are CJ(package without its signature) — what a signature covers;
 * - the protocol's name, the salt against its commitment, the frame's SHA-256 against inputs_hash
 *   (its bytes are its canonical form), the inputs' validity (the same refusals), the beacon, and the
 *   recomputed result's canonical text against the stored result's bytes.
 */
#include "core/draw.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "core/sign.h"
#include "util/xalloc.h"

/* The end of the JSON value at "p" (no white space: the canonical form), or NULL. Strings are skipped
 * with their escapes; brackets are counted; nothing else is checked here. */
static const char *skip_value(const char *p, const char *end)
{
	size_t depth = 0;
	while (p < end) {
		char c = *p;
		if (c == '"') {
			for (p++; p < end && *p != '"'; p++)
				if (*p == '\\')
					p++;
			if (p >= end)
				return NULL;
			p++;
		} else if (c == '{' || c == '[') {
			depth++;
			p++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				return NULL;
			depth--;
			p++;
		} else if (depth && (c == ',' || c == ':')) {
			p++;
		} else if ((c >= '0' && c <= '9') || c == '-' || (c >= 'a' && c <= 'z')) {
			while (p < end && ((*p >= '0' && *p <= '9') || *p == '-' || (*p >= 'a' && *p <= 'z')))
				p++;
		} else {
			return NULL;
		}
		if (!depth)
			return p;
	}
	return NULL;
}

struct part {
	const char *key; /* with its quotes and colon, and the comma before it but for the first */
	char *at;
	size_t len;
	json_t *v; /* strict parse, for the small parts */
};

/* Loads a small part strictly and checks that its bytes are its canonical form. */
static int canonical_part(struct part *pt)
{
	pt->v = cj_load(pt->at, pt->len, NULL);
	if (!pt->v)
		return 0;
	size_t n = 0;
	char *cj = cj_dump(pt->v, &n, NULL);
	int same = cj && n == pt->len && !memcmp(cj, pt->at, n);
	free(cj);
	return same;
}

static const char *string_of(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

int package_verify_text(char *text, size_t len, struct package_summary *sum)
{
	struct part parts[] = {
	    {"{\"announcement\":", 0, 0, 0}, {",\"inputs\":", 0, 0, 0}, {",\"protocol\":", 0, 0, 0},
	    {",\"result\":", 0, 0, 0},	     {",\"reveal\":", 0, 0, 0}, {",\"signature\":", 0, 0, 0},
	};
	enum { ANN, INPUTS, PROTOCOL, RESULT, REVEAL, SIGNATURE, NPARTS };
	const char *end = text + len, *p = text;
	int ok = 0, nparts = 0;
	struct draw_visits out = {0};
	char *result_cj = NULL;
	memset(sum, 0, sizeof(*sum));
	while (end > text && end[-1] == '\n')
		end--;
	for (int i = 0; i < NPARTS; i++) {
		size_t klen = strlen(parts[i].key);
		if ((size_t)(end - p) < klen || memcmp(p, parts[i].key, klen)) {
			if (i == SIGNATURE)
				break;
			goto out;
		}
		p += klen;
		const char *stop = skip_value(p, end);
		if (!stop)
			goto out;
		parts[i].at = (char *)p;
		parts[i].len = (size_t)(stop - p);
		p = stop;
		nparts = i + 1;
	}
	if (p + 1 != end || *p != '}')
		goto out;
	for (int i = 0; i < nparts; i++)
		if (i != INPUTS && !canonical_part(&parts[i]))
			goto out;
	const json_t *ann = parts[ANN].v, *reveal = parts[REVEAL].v;
	if (!json_is_string(parts[PROTOCOL].v) || strcmp(json_string_value(parts[PROTOCOL].v), DRAW_PROTOCOL))
		goto out;
	const char *inputs_hash = string_of(ann, "inputs_hash"),
		   *commitment = string_of(ann, "salt_commitment");
	const char *salt_hex = string_of(reveal, "salt"), *beacon = string_of(reveal, "beacon_value");
	unsigned char salt[32];
	char hex[65];
	if (!inputs_hash || !commitment || !salt_hex || !beacon || strlen(salt_hex) != 64 ||
	    draw_unhex(salt_hex, salt, 32) || draw_salt_commitment(salt, hex) || strcmp(hex, commitment))
		goto out;
	if (nparts > SIGNATURE) {
		/* the bytes before the signature, closed, are CJ of the package without it */
		const json_t *sig = parts[SIGNATURE].v;
		const char *alg = string_of(sig, "alg"), *pub = string_of(sig, "public_key"),
			   *value = string_of(sig, "value");
		if (!json_is_object(sig) || json_object_size(sig) != 3 || !alg || !pub || !value ||
		    strcmp(alg, "Ed25519") || strlen(pub) != 64)
			goto out;
		char *comma = parts[SIGNATURE].at - strlen(parts[SIGNATURE].key);
		*comma = '}';
		int good = sign_verify_hex(pub, text, (size_t)(comma + 1 - text), value, NULL) == 1;
		*comma = ',';
		if (!good)
			goto out;
		snprintf(sum->public_key, sizeof(sum->public_key), "%s", pub);
	}
	/* the frame last: its strings are unescaped in place */
	char saved = parts[INPUTS].at[parts[INPUTS].len];
	if (draw_compute_text(parts[INPUTS].at, parts[INPUTS].len, inputs_hash, salt, beacon, &out, NULL))
		goto out;
	parts[INPUTS].at[parts[INPUTS].len] = saved;
	size_t n = 0;
	result_cj = draw_visits_cj(&out, &n);
	if (n != parts[RESULT].len || memcmp(result_cj, parts[RESULT].at, n))
		goto out;
	sum->org = string_of(ann, "org") ? xstrdup(string_of(ann, "org")) : NULL;
	sum->announced_at = string_of(ann, "announced_at") ? xstrdup(string_of(ann, "announced_at")) : NULL;
	sum->beacon_source =
	    string_of(ann, "beacon_source") ? xstrdup(string_of(ann, "beacon_source")) : NULL;
	sum->visits = out.nvisits;
	snprintf(sum->inputs_hash, sizeof(sum->inputs_hash), "%s", inputs_hash);
	snprintf(sum->salt_commitment, sizeof(sum->salt_commitment), "%s", commitment);
	ok = 1;
out:
	for (int i = 0; i < NPARTS; i++)
		json_decref(parts[i].v);
	draw_visits_release(&out);
	free(result_cj);
	return ok;
}

void package_summary_release(struct package_summary *sum)
{
	free(sum->org);
	free(sum->announced_at);
	free(sum->beacon_source);
	memset(sum, 0, sizeof(*sum));
}
