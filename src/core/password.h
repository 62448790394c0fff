/*
 * This file declares passwords: the policy (at least 8 characters from at least 3 of the classes
 * upper case, lower case, digits, others — 等保2.0 三级), and argon2id hashing with OWASP's parameters
 * (m = 19 MiB, t = 2, p = 1), encoded as "$argon2id$v=19$m=19456,t=2,p=1$salt$hash" so the algorithm
 * and its parameters are stored with the hash. The salt comes from the caller (16 random bytes).
 */
#ifndef SUIJI_CORE_PASSWORD_H
#define SUIJI_CORE_PASSWORD_H

#include <stddef.h>

#define PASSWORD_ENCODED_MAX 160
#define PASSWORD_SALT_LEN 16
#define PASSWORD_MAX_LEN 256

/* 0 when "pw" meets the policy, else -1 with the Chinese reason in why[256]. */
int password_policy(const char *pw, char why[256]);
/* Hashes "pw" with "salt" into out[PASSWORD_ENCODED_MAX]. 0, or -1 (out of memory). */
int password_hash(const char *pw, const unsigned char salt[PASSWORD_SALT_LEN],
		  char out[PASSWORD_ENCODED_MAX]);
/* 1 when "pw" matches "encoded", 0 when not (or "encoded" is not an argon2id hash). */
int password_verify(const char *encoded, const char *pw);

#endif
