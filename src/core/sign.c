/*
 * This file implements Ed25519 signatures over OpenSSL's EVP interface (see sign.h): key pairs,
 * signing, verifying, and the hex, base64 and PEM forms. PEM goes through memory BIOs only.
 */
#include "core/sign.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "core/hash.h"
#include "util/error.h"
#include "util/xalloc.h"

struct sign_key {
	EVP_PKEY *pkey;
	unsigned char pub[SIGN_PUBLIC_BYTES];
};

/* Fills k->pub from k->pkey; -1 when the key is not Ed25519. */
static int load_public(struct sign_key *k)
{
	size_t n = SIGN_PUBLIC_BYTES;
	if (EVP_PKEY_get_base_id(k->pkey) != EVP_PKEY_ED25519 ||
	    EVP_PKEY_get_raw_public_key(k->pkey, k->pub, &n) != 1 || n != SIGN_PUBLIC_BYTES)
		return -1;
	return 0;
}

struct sign_key *sign_key_generate(char **err)
{
	struct sign_key *k = xcalloc(1, sizeof(*k));
	k->pkey = EVP_PKEY_Q_keygen(NULL, NULL, "ED25519");
	if (!k->pkey || load_public(k)) {
		sign_key_free(k);
		set_err(err, "无法生成 Ed25519 密钥（OpenSSL 随机数源不可用？）");
		return NULL;
	}
	return k;
}

struct sign_key *sign_key_from_pem(const char *pem, size_t len, char **err)
{
	if (len > 1 << 16) {
		set_err(err, "私钥文件过大，不是 PEM 格式的 Ed25519 私钥");
		return NULL;
	}
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	if (!bio)
		abort();
	struct sign_key *k = xcalloc(1, sizeof(*k));
	k->pkey = PEM_read_bio_PrivateKey(bio, NULL, NULL, NULL);
	BIO_free(bio);
	if (!k->pkey || load_public(k)) {
		sign_key_free(k);
		set_err(err, "不是 PEM（PKCS#8）格式的 Ed25519 私钥");
		return NULL;
	}
	return k;
}

/* Copies a memory BIO's contents into a NUL-terminated allocated string. */
static char *bio_text(BIO *bio, size_t *len)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);
	char *out = xmalloc((size_t)n + 1);
	memcpy(out, data, (size_t)n);
	out[n] = '\0';
	if (len)
		*len = (size_t)n;
	return out;
}

char *sign_key_to_pem(const struct sign_key *k, size_t *len)
{
	BIO *bio = BIO_new(BIO_s_secmem());
	if (!bio)
		bio = BIO_new(BIO_s_mem());
	if (!bio || PEM_write_bio_PrivateKey(bio, k->pkey, NULL, NULL, 0, NULL, NULL) != 1)
		abort();
	char *out = bio_text(bio, len);
	BIO_free(bio);
	return out;
}

void sign_secret_free(void *p, size_t n)
{
	if (!p)
		return;
	OPENSSL_cleanse(p, n);
	free(p);
}

void sign_key_free(struct sign_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	free(k);
}

void sign_key_public(const struct sign_key *k, unsigned char pub[SIGN_PUBLIC_BYTES])
{
	memcpy(pub, k->pub, SIGN_PUBLIC_BYTES);
}

void sign_key_public_hex(const struct sign_key *k, char hex[2 * SIGN_PUBLIC_BYTES + 1])
{
	hex_encode(k->pub, SIGN_PUBLIC_BYTES, hex);
}

void sign_bytes(const struct sign_key *k, const void *msg, size_t n, unsigned char sig[SIGN_BYTES])
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	size_t len = SIGN_BYTES;
	/* Ed25519 ("pure") takes the message whole, no digest: the NULL digest says so */
	if (!ctx || EVP_DigestSignInit(ctx, NULL, NULL, NULL, k->pkey) != 1 ||
	    EVP_DigestSign(ctx, sig, &len, msg, n) != 1 || len != SIGN_BYTES)
		abort();
	EVP_MD_CTX_free(ctx);
}

void sign_bytes_hex(const struct sign_key *k, const void *msg, size_t n, char hex[2 * SIGN_BYTES + 1])
{
	unsigned char sig[SIGN_BYTES];
	sign_bytes(k, msg, n, sig);
	hex_encode(sig, SIGN_BYTES, hex);
}

int sign_verify(const unsigned char pub[SIGN_PUBLIC_BYTES], const void *msg, size_t n,
		const unsigned char sig[SIGN_BYTES])
{
	EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, SIGN_PUBLIC_BYTES);
	if (!pkey)
		return 0; /* not a point of the curve: no signature verifies */
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	if (!ctx)
		abort();
	int ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pkey) == 1 &&
		 EVP_DigestVerify(ctx, sig, SIGN_BYTES, msg, n) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pkey);
	return ok;
}

int sign_verify_hex(const char *pub_hex, const void *msg, size_t n, const char *sig_hex, char **err)
{
	unsigned char pub[SIGN_PUBLIC_BYTES], sig[SIGN_BYTES];
	if (sign_hex_decode(pub_hex, pub, sizeof(pub)))
		return set_err(err, "公钥应为 64 位十六进制数字");
	if (sign_hex_decode(sig_hex, sig, sizeof(sig)))
		return set_err(err, "签名应为 128 位十六进制数字");
	return sign_verify(pub, msg, n, sig);
}

char *sign_public_to_pem(const unsigned char pub[SIGN_PUBLIC_BYTES])
{
	EVP_PKEY *pkey = EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, SIGN_PUBLIC_BYTES);
	BIO *bio = BIO_new(BIO_s_mem());
	if (!pkey || !bio || PEM_write_bio_PUBKEY(bio, pkey) != 1)
		abort();
	char *out = bio_text(bio, NULL);
	BIO_free(bio);
	EVP_PKEY_free(pkey);
	return out;
}

int sign_public_from_pem(const char *pem, size_t len, unsigned char pub[SIGN_PUBLIC_BYTES], char **err)
{
	if (len > 1 << 16)
		return set_err(err, "公钥文件过大，不是 PEM 格式的 Ed25519 公钥");
	BIO *bio = BIO_new_mem_buf(pem, (int)len);
	if (!bio)
		abort();
	EVP_PKEY *pkey = PEM_read_bio_PUBKEY(bio, NULL, NULL, NULL);
	BIO_free(bio);
	size_t n = SIGN_PUBLIC_BYTES;
	int ok = pkey && EVP_PKEY_get_base_id(pkey) == EVP_PKEY_ED25519 &&
		 EVP_PKEY_get_raw_public_key(pkey, pub, &n) == 1 && n == SIGN_PUBLIC_BYTES;
	EVP_PKEY_free(pkey);
	return ok ? 0 : set_err(err, "不是 PEM 格式的 Ed25519 公钥");
}

static int hex_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int sign_hex_decode(const char *hex, unsigned char *out, size_t n)
{
	if (!hex || strlen(hex) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hex_value(hex[2 * i]), lo = hex_value(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		out[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}

void sign_base64_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)in[i] << 16 | (i + 1 < n ? (unsigned)in[i + 1] << 8 : 0) |
			     (i + 2 < n ? in[i + 2] : 0);
		out[o++] = digits[v >> 18 & 63];
		out[o++] = digits[v >> 12 & 63];
		out[o++] = i + 1 < n ? digits[v >> 6 & 63] : '=';
		out[o++] = i + 2 < n ? digits[v & 63] : '=';
	}
	out[o] = '\0';
}

static int b64_value(char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	return c == '+' ? 62 : c == '/' ? 63 : -1;
}

long sign_base64_decode(const char *b64, unsigned char *out)
{
	size_t n = strlen(b64), o = 0;
	if (n % 4)
		return -1;
	for (size_t i = 0; i < n; i += 4) {
		int pad = (b64[i + 3] == '=') + (b64[i + 2] == '=');
		if (pad && i + 4 != n)
			return -1;
		if (pad == 1 && b64[i + 3] != '=')
			return -1;
		unsigned v = 0;
		for (int j = 0; j < 4; j++) {
			int d = j >= 4 - pad ? 0 : b64_value(b64[i + j]);
			if (d < 0)
				return -1;
			v = v << 6 | (unsigned)d;
		}
		/* the bits padding drops must be zero, so that every byte string has one encoding */
		if ((pad == 1 && (v & 0xff)) || (pad == 2 && (v & 0xffff)))
			return -1;
		out[o++] = (unsigned char)(v >> 16);
		if (pad < 2)
			out[o++] = (unsigned char)(v >> 8);
		if (pad < 1)
			out[o++] = (unsigned char)v;
	}
	return (long)o;
}

void sign_fingerprint(const char *pub_hex, char out[40])
{
	unsigned char raw[SIGN_PUBLIC_BYTES];
	out[0] = '\0';
	if (sign_hex_decode(pub_hex, raw, sizeof(raw)))
		return;
	char h[65];
	sha256_hex(raw, sizeof(raw), h);
	size_t n = 0;
	for (int i = 0; i < 32; i++) {
		if (i && i % 4 == 0)
			out[n++] = ':';
		out[n++] = h[i];
	}
	out[n] = '\0';
}
