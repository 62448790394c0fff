/*
 * This file implements passwords (core/password.h) over libargon2.
 */
#include "core/password.h"

#include <argon2.h>
#include <stdio.h>
#include <string.h>

#define T_COST 2
#define M_COST 19456 /* KiB */
#define PARALLELISM 1
#define HASH_LEN 32

int password_policy(const char *pw, char why[256])
{
	size_t chars = 0;
	int upper = 0, lower = 0, digit = 0, other = 0;
	for (const unsigned char *p = (const unsigned char *)pw; *p; p++) {
		if ((*p & 0xC0) != 0x80)
			chars++;
		if (*p >= 'A' && *p <= 'Z')
			upper = 1;
		else if (*p >= 'a' && *p <= 'z')
			lower = 1;
		else if (*p >= '0' && *p <= '9')
			digit = 1;
		else
			other = 1;
	}
	if (strlen(pw) > PASSWORD_MAX_LEN) {
		snprintf(why, 256, "口令过长（不超过 %d 字节）", PASSWORD_MAX_LEN);
		return -1;
	}
	if (chars < 8) {
		snprintf(why, 256, "口令至少 8 个字符（现为 %zu 个）", chars);
		return -1;
	}
	if (upper + lower + digit + other < 3) {
		snprintf(why, 256, "口令须包含大写字母、小写字母、数字、其他字符中的至少三类（现为 %d 类）",
			 upper + lower + digit + other);
		return -1;
	}
	return 0;
}

int password_hash(const char *pw, const unsigned char salt[PASSWORD_SALT_LEN], char out[PASSWORD_ENCODED_MAX])
{
	return argon2id_hash_encoded(T_COST, M_COST, PARALLELISM, pw, strlen(pw), salt, PASSWORD_SALT_LEN,
				     HASH_LEN, out, PASSWORD_ENCODED_MAX) == ARGON2_OK
		   ? 0
		   : -1;
}

int password_verify(const char *encoded, const char *pw)
{
	if (!encoded || strncmp(encoded, "$argon2id$", 10))
		return 0;
	return argon2id_verify(encoded, pw, strlen(pw)) == ARGON2_OK;
}
