/*
 * This file declares how a draw's secret salt is kept at rest (issue 12, "secrets at rest"): sealed
 * with AES-256-GCM under a key kept outside the database (beside the signing key, mode 0600), bound to
 * the draw's salt commitment, so that a copy of the database alone does not predict a draw. Stored as
 * "seal1:" followed by the hex of nonce (12 bytes), ciphertext (32) and tag (16). A salt stored as 64
 * hex digits is plain: revealed already, or announced before salts were sealed. No I/O.
 */
#ifndef SUIJI_CORE_SALT_SEAL_H
#define SUIJI_CORE_SALT_SEAL_H

#define SALT_KEY_LEN 32
#define SALT_SEALED_LEN (6 + 2 * (12 + 32 + 16))

/* Seals "salt" for the draw committed to "commitment" (64 hex) into "out" (NUL-terminated); 0, or -1. */
int salt_seal(const unsigned char key[SALT_KEY_LEN], const unsigned char salt[32], const char *commitment,
	      char out[SALT_SEALED_LEN + 1]);
/* 1 when "stored" is a sealed salt. */
int salt_is_sealed(const char *stored);
/*
 * The salt from "stored": a sealed salt opened with "key" (NULL: no key, -1), or plain hex. 0, or -1
 * when it cannot be read (no key, another key, altered, or bound to another commitment).
 */
int salt_open(const unsigned char *key, const char *stored, const char *commitment, unsigned char salt[32]);

#endif
