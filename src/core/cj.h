/*
 * This file declares canonical JSON, CJ(x) of the draw protocol (docs/DRAW.md, "Encodings"), over
 * jansson values, and the strict loader used for draw packages and inputs.
 *
 * CJ: UTF-8; object keys sorted by byte order; no white space; strings escape only '"' and '\';
 * integers in plain decimal; true, false, null; no floating point. A value CJ cannot encode (a real,
 * a string or key with a character below U+0020) is refused with the JSON path of the problem.
 *
 * The strict loader refuses what the protocol refuses in any JSON object it reads: a duplicate key,
 * a real number, an integer beyond 64 bits, a string or key with a character below U+0020, invalid
 * UTF-8, anything after the value. A leading UTF-8 byte order mark is skipped.
 *
 * JSON paths in messages read like "inputs.strata[0].members[3].weight"; a key that is not made of
 * ASCII letters, digits, '_' and '-' is written ["key"]; the root itself is "顶层".
 */
#ifndef SUIJI_CJ_H
#define SUIJI_CJ_H
#include <jansson.h>
#include <stddef.h>

struct strbuf;

/* Receives the next "len" bytes of canonical output. */
typedef void (*cj_sink_fn)(const void *data, size_t len, void *arg);

/* Writes CJ("v") to "sink" in pieces. Returns 0, or -1 with *err naming the path of the problem. */
int cj_write(const json_t *v, cj_sink_fn sink, void *arg, char **err);
/* CJ("v") as a NUL-terminated string the caller frees (its length in *len when "len" is non-NULL);
 * NULL with *err when "v" cannot be encoded. */
char *cj_dump(const json_t *v, size_t *len, char **err);
/* SHA-256 of CJ("v"), streamed (the canonical bytes are never held whole). Returns 0 or -1 with *err. */
int cj_sha256(const json_t *v, unsigned char md[32], char **err);

/*
 * Writers for callers that build canonical text directly, without a jansson tree (the draw's frame):
 * cj_add_string appends the "len" bytes at "s" as a CJ string (quoted, '"' and '\\' escaped) and
 * returns 0, or -1 when "s" holds a character below U+0020 (CJ cannot encode it; the text written is
 * then not canonical and must be discarded). cj_add_integer appends "v" in plain decimal.
 */
int cj_add_string(struct strbuf *sb, const char *s, size_t len);
void cj_add_integer(struct strbuf *sb, long long v);

/* Parses "len" bytes as JSON, strictly (see above). Returns a new reference, or NULL with *err in
 * Chinese naming the line and column, or the JSON path, of the first problem. */
json_t *cj_load(const char *buf, size_t len, char **err);
/* Walks "v" for reals and for strings or keys with characters below U+0020; "path" names "v"
 * ("" for the root). Returns 0, or -1 with *err naming the path of the first problem. */
int cj_check(const json_t *v, const char *path, char **err);

/* Appends the path element for object key "key" / array index "i" to "path". */
void cj_path_key(struct strbuf *path, const char *key);
void cj_path_index(struct strbuf *path, size_t i);
/* "path" as shown to a person: itself, or "顶层" when empty. */
const char *cj_path_show(const char *path);
/* A value as quoted in messages: its CJ, cut after 120 bytes at a character boundary with "…".
 * The caller frees the string. */
char *cj_brief(const json_t *v);

/* 1 when the "len" bytes at "s" are well-formed UTF-8 (no surrogates, no overlong forms). */
int cj_utf8_valid(const char *s, size_t len);

#endif
