/*
 * This file declares the bureau's signatures: Ed25519 (RFC 8032) key pairs, signing bytes and
 * verifying them with a public key, and the text forms keys and signatures travel in (hex, base64,
 * PEM). OpenSSL libcrypto does the arithmetic; nothing here reads or writes files — the callers do
 * (the private key lives in a file beside the database: cmd/cmd-key.c, docs/SECURITY.md).
 *
 * Forms: a public key is 32 bytes, shown as 64 lowercase hex digits; a signature is 64 bytes, shown
 * as 128 lowercase hex digits; a private key is stored as PKCS#8 PEM, a public key exported as
 * SubjectPublicKeyInfo PEM (what `openssl pkey -pubin` reads).
 */
#ifndef SUIJI_SIGN_H
#define SUIJI_SIGN_H
#include <stddef.h>

#define SIGN_PUBLIC_BYTES 32
#define SIGN_BYTES 64

/* A private key (with its public half). */
struct sign_key;

/* A fresh key from the operating system's random source; NULL with *err when that fails. */
struct sign_key *sign_key_generate(char **err);
/* Reads a PKCS#8 PEM private key ("len" bytes); NULL with *err when it is not an Ed25519 key. */
struct sign_key *sign_key_from_pem(const char *pem, size_t len, char **err);
/* The key as PKCS#8 PEM, NUL-terminated, its length in *len; free it with sign_secret_free(). */
char *sign_key_to_pem(const struct sign_key *k, size_t *len);
/* Overwrites "n" bytes at "p" (a secret: PEM text, a salt) before freeing them; NULL is ignored. */
void sign_secret_free(void *p, size_t n);
void sign_key_free(struct sign_key *k);

void sign_key_public(const struct sign_key *k, unsigned char pub[SIGN_PUBLIC_BYTES]);
void sign_key_public_hex(const struct sign_key *k, char hex[2 * SIGN_PUBLIC_BYTES + 1]);

/* Signs "n" bytes at "msg". Ed25519 is deterministic: the same key and bytes give the same signature. */
void sign_bytes(const struct sign_key *k, const void *msg, size_t n, unsigned char sig[SIGN_BYTES]);
void sign_bytes_hex(const struct sign_key *k, const void *msg, size_t n, char hex[2 * SIGN_BYTES + 1]);

/* 1 when "sig" is a valid signature of the bytes by the key "pub", 0 when not. */
int sign_verify(const unsigned char pub[SIGN_PUBLIC_BYTES], const void *msg, size_t n,
		const unsigned char sig[SIGN_BYTES]);
/*
 * The same over the text forms: 1 valid, 0 a well-formed signature that does not verify, -1 with
 * *err (Chinese) when the public key or the signature is not hex of the right length.
 */
int sign_verify_hex(const char *pub_hex, const void *msg, size_t n, const char *sig_hex, char **err);

/* A public key as SubjectPublicKeyInfo PEM (NUL-terminated, the caller frees it). */
char *sign_public_to_pem(const unsigned char pub[SIGN_PUBLIC_BYTES]);
/* Reads a SubjectPublicKeyInfo PEM Ed25519 public key; 0, or -1 with *err. */
int sign_public_from_pem(const char *pem, size_t len, unsigned char pub[SIGN_PUBLIC_BYTES], char **err);

/*
 * The fingerprint people compare by eye or read aloud (docs/DRAW.md): SHA-256 of the raw 32-byte
 * public key given in hex, its first 16 bytes as lowercase hex in 8 groups of 4 digits joined by ':'
 * ("3f2a:91c0:…", 39 characters). "" when pub_hex is not 64 hex digits.
 */
void sign_fingerprint(const char *pub_hex, char out[40]);
/* Decodes exactly 2n hex digits (either case) into "out"; 0, or -1 when "hex" is anything else. */
int sign_hex_decode(const char *hex, unsigned char *out, size_t n);
/* Standard base64 with padding (RFC 4648) of "n" bytes into "out" (4 * ceil(n / 3) + 1 bytes). */
void sign_base64_encode(const unsigned char *in, size_t n, char *out);
/*
 * Decodes padded base64 text into "out" (room for 3 * strlen(b64) / 4 bytes); returns the number of
 * bytes, or -1 when the text is not base64.
 */
long sign_base64_decode(const char *b64, unsigned char *out);

/*
 * Detached signatures of files (published disclosure files, exports): a small JSON text
 *   {"alg":"Ed25519","public_key":"<hex>","sha256":"<hex of the file>","value":"<hex>"}
 * where "value" is the Ed25519 signature of the file's bytes themselves (so that `openssl pkeyutl
 * -verify -rawin` checks it too). Implemented in sign-json.c.
 */
/* The signature text for "n" bytes at "data", ending in a newline; the caller frees it. */
char *sign_detached(const struct sign_key *k, const void *data, size_t n);
/*
 * Checks the signature text "sig" ("len" bytes) against "data": 1 when valid (pub_hex = the key that
 * signed), 0 when it does not verify (*err says why: another file, or a forged value), -1 with *err
 * when "sig" is not such a text.
 */
int sign_detached_check(const char *sig, size_t len, const void *data, size_t n, char pub_hex[65],
			char **err);

/*
 * Signed JSON objects (draw announcements and packages, audit heads …): the object carries a member
 *   "signature": {"alg":"Ed25519","public_key":"<hex>","value":"<hex>"}
 * where "value" signs CJ(the object without its "signature" member) — canonical JSON, docs/DRAW.md
 * "Encodings". DRAW.md allows such extra top-level keys; they do not enter the draw.
 */
struct json_t;
/* Sets obj's "signature" (replacing any). 0, or -1 with *err when the object cannot be put in CJ. */
int sign_json(struct json_t *obj, const struct sign_key *k, char **err);
/*
 * Checks obj's "signature": 1 when it verifies (pub_hex = the key that signed), 0 when there is none,
 * -1 with *err (Chinese) when it is malformed or does not verify.
 */
int sign_json_check(const struct json_t *obj, char pub_hex[65], char **err);

#endif
