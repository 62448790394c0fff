/*
 * This file implements the sealing of a draw's salt (core/salt-seal.h) with OpenSSL's AES-256-GCM: a
 * fresh 12-byte nonce per seal, the additional data "suiji-salt-v1" 0x00 and the salt commitment, so
 * that a sealed salt moved to another draw does not open.
 */
#include "core/salt-seal.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <string.h>

#include "core/draw.h"

#define PREFIX "seal1:"

static int aad(EVP_CIPHER_CTX *c, const char *commitment)
{
	static const char domain[] = "suiji-salt-v1";
	int n;
	return EVP_CipherUpdate(c, NULL, &n, (const unsigned char *)domain, sizeof(domain)) == 1 &&
	       EVP_CipherUpdate(c, NULL, &n, (const unsigned char *)commitment, (int)strlen(commitment)) == 1;
}

int salt_seal(const unsigned char key[SALT_KEY_LEN], const unsigned char salt[32], const char *commitment,
	      char out[SALT_SEALED_LEN + 1])
{
	unsigned char buf[12 + 32 + 16];
	if (RAND_bytes(buf, 12) != 1)
		return -1;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n, ok = c && EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, buf) == 1 &&
		    aad(c, commitment) && EVP_EncryptUpdate(c, buf + 12, &n, salt, 32) == 1 && n == 32 &&
		    EVP_EncryptFinal_ex(c, buf + 44, &n) == 1 &&
		    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, 16, buf + 44) == 1;
	EVP_CIPHER_CTX_free(c);
	if (!ok)
		return -1;
	memcpy(out, PREFIX, strlen(PREFIX));
	draw_hex(buf, sizeof(buf), out + strlen(PREFIX));
	return 0;
}

int salt_is_sealed(const char *stored)
{
	return stored && !strncmp(stored, PREFIX, strlen(PREFIX));
}

int salt_open(const unsigned char *key, const char *stored, const char *commitment, unsigned char salt[32])
{
	if (!salt_is_sealed(stored))
		return draw_unhex(stored ? stored : "", salt, 32);
	unsigned char buf[12 + 32 + 16];
	if (!key || strlen(stored) != SALT_SEALED_LEN ||
	    draw_unhex(stored + strlen(PREFIX), buf, sizeof(buf)))
		return -1;
	EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
	int n, ok = c && EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, buf) == 1 &&
		    aad(c, commitment) && EVP_DecryptUpdate(c, salt, &n, buf + 12, 32) == 1 && n == 32 &&
		    EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, 16, buf + 44) == 1 &&
		    EVP_DecryptFinal_ex(c, buf, &n) == 1;
	EVP_CIPHER_CTX_free(c);
	if (!ok) {
		memset(salt, 0, 32);
		return -1;
	}
	return 0;
}
