/*
 * This file declares the draw protocol suiji-draw-v1 (docs/DRAW.md): the pure part of a draw —
 * validating the frozen inputs, the announcement's hashes, computing the result from inputs, salt
 * and beacon, building and verifying the published package. No I/O: callers read and write files
 * and the database.
 *
 * The life of a draw, as the database side uses this API:
 *   announce (T0): the frame builder (cmd/draw-frame.c) writes CJ(inputs) as text and hashes it;
 *       draw_salt_generate() a salt (kept secret, stored), draw_salt_commitment() for the announcement;
 *   draw (T1):     draw_beacon_trim() what the operator entered, draw_compute_text() over the stored
 *       text gives the visits (struct draw_visits), draw_visits_cj() the result to store;
 *   reveal:        the package is written as text around the stored frame (cmd/draw-package.c);
 *   anyone:        package_verify_text(), else package_verify() (suiji verify), or tools/verify.py
 *       with no trust in our binary.
 * The same steps over jansson values — draw_inputs_validate(), draw_compute(), draw_announcement_new(),
 * draw_package_new() — serve the tests, "suiji verify --compute" and packages in any JSON layout.
 *
 * Ownership: functions returning json_t * return a new reference (json_decref it); char * results
 * and *err / *difference messages are allocated, the caller frees them (set *err = NULL first).
 * Inputs are borrowed: draw_compute neither keeps nor changes "inputs".
 */
#ifndef SUIJI_DRAW_H
#define SUIJI_DRAW_H
#include <jansson.h>
#include <stddef.h>

#define DRAW_PROTOCOL "suiji-draw-v1"

/*
 * Checks "inputs" against the protocol's "Valid inputs" (and the fields the draw reads, with their
 * types — docs/DRAW.md, "What a verifier reads"). Returns 0, or -1 with *err in Chinese naming the
 * field, e.g. "inputs.strata[0].members[3].weight 应为 1 到 100 的整数（实为 0）".
 */
int draw_inputs_validate(const json_t *inputs, char **err);

/* inputs_hash = SHA-256(CJ(inputs)) as 64 lowercase hex digits and a NUL. Returns 0, or -1 with *err
 * when "inputs" holds something CJ cannot encode. */
int draw_inputs_hash(const json_t *inputs, char hex[65], char **err);

/* salt_commitment = SHA-256(salt) as 64 lowercase hex digits and a NUL. Returns 0. */
int draw_salt_commitment(const unsigned char salt[32], char hex[65]);

/* A fresh secret salt from the operating system's CSPRNG (RAND_bytes). Returns 0, or -1 on failure. */
int draw_salt_generate(unsigned char salt[32]);

/*
 * What the operator typed, as the beacon_value to store: surrounding white space removed (ASCII
 * space, tab, CR, LF and the ideographic space U+3000). Returns an allocated string, or NULL with
 * *err when the text is not UTF-8, is empty or keeps a control character inside.
 */
char *draw_beacon_trim(const char *entered, char **err);

/*
 * Computes the result of the draw: {"visits": [...]} (docs/DRAW.md, "result"). "beacon_value" is used
 * as it is (NUL-terminated UTF-8). Returns 0 and a new reference in *result, or -1 with *err naming
 * the invalid field (inputs are validated first). The result shares the strings repeated across
 * visits (ids, slots, modes): read it, or json_deep_copy it before changing it in place.
 * Runs the inputs hash beside the validation, and large strata on several threads.
 */
int draw_compute(const json_t *inputs, const unsigned char salt[32], const char *beacon_value,
		 json_t **result, char **err);

/*
 * A computed result as plain data: what draw_compute gives as a JSON value, for callers that handle
 * tens of thousands of visits (the run writing its tasks). Lists point into "names"; every string is
 * borrowed from the frame the struct holds, which borrows from the text it was read from.
 */
struct draw_visit_entry {
	const char *uscc;
	char key[65];
	const char *slot;
	const char *mode;   /* "现场" or "非现场" */
	const char *reason; /* NULL, or "too_few_eligible" */
	const char *const *strata, *const *team, *const *experts, *const *unmet;
	size_t nstrata, nteam, nexperts, nunmet;
};

struct draw_visits {
	struct draw_visit_entry *visits;
	size_t nvisits;
	const char **names; /* the lists, one after the other */
	size_t nnames;
	void *frame; /* the frame the strings come from, when the struct owns it */
};

/*
 * draw_compute over the stored CJ(inputs), for the database's own draws: "text" ("len" bytes, changed
 * in place) must hash to "inputs_hash" (64 lowercase hex digits) — the frame announced, byte for
 * byte — and be in the canonical form the frame builder writes; the frame is read from it in one
 * pass, without a tree of values. Returns 0 with the visits in *out ("text" must outlive it:
 * draw_visits_release it first), or -1 with *err (a hash that differs is named as such).
 */
int draw_compute_text(char *text, size_t len, const char *inputs_hash, const unsigned char salt[32],
		      const char *beacon_value, struct draw_visits *out, char **err);
/* CJ(result) of drawn visits, byte for byte what cj_dump gives for draw_compute's value; its length
 * in *len when "len" is non-NULL. The caller frees it. */
char *draw_visits_cj(const struct draw_visits *o, size_t *len);
/* The result {"visits": [...]} as a JSON value (a new reference). */
json_t *draw_visits_json(const struct draw_visits *o);
void draw_visits_release(struct draw_visits *o);

/*
 * The announcement published at T0: {"inputs_hash", "salt_commitment", "beacon_source",
 * "announced_at", "org"}. Returns a new reference, or NULL with *err when "inputs" cannot be hashed.
 */
json_t *draw_announcement_new(const json_t *inputs, const unsigned char salt[32], const char *beacon_source,
			      const char *announced_at, const char *org, char **err);

/* The published package: protocol, announcement, inputs, reveal {salt, beacon_value}, result. Takes new
 * references to the borrowed "announcement", "inputs" and "result". */
json_t *draw_package_new(json_t *announcement, json_t *inputs, const unsigned char salt[32],
			 const char *beacon_value, json_t *result);

/*
 * Verifies a package: the protocol's name, SHA-256(salt) against salt_commitment, SHA-256(CJ(inputs))
 * against inputs_hash, the inputs' validity, and the recomputed result against the stored one under CJ.
 * Returns 0 when everything reproduces; 1 with *difference naming the first difference in Chinese;
 * -1 with *difference naming what makes the package invalid (a missing field, invalid inputs).
 * Top-level keys other than the five above (a signature, say) are ignored.
 */
int package_verify(const json_t *package, char **difference);

/* What "suiji verify" prints of a package verified by package_verify_text. */
struct package_summary {
	char *org, *announced_at, *beacon_source; /* NULL when the announcement has none */
	size_t visits;
	char public_key[65];			   /* the key that signed, "" when unsigned */
	char inputs_hash[65], salt_commitment[65]; /* as announced */
};

/*
 * The fast way to verify a package that is canonical JSON from end to end, as "draw export" writes it:
 * the frame is read in one pass instead of as a tree (draw-verify-text.c). Returns 1 when the package
 * is shown to reproduce (and its signature, if any, to be valid), with *sum filled
 * (package_summary_release it); 0 when it is not shown — another layout, or anything that does not
 * reproduce — and the caller must verify it with package_verify, which names what differs. Changes
 * "text" (the frame's strings, in place).
 */
int package_verify_text(char *text, size_t len, struct package_summary *sum);
void package_summary_release(struct package_summary *sum);

/* Lowercase hex of "n" bytes into "hex" (2n+1 bytes). */
void draw_hex(const unsigned char *bytes, size_t n, char *hex);
/* Decodes exactly 2n lowercase hex digits; returns 0, or -1 when "hex" is anything else. */
int draw_unhex(const char *hex, unsigned char *bytes, size_t n);

#endif
