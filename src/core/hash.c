/*
 * This file implements the SHA-256 helpers declared in hash.h.
 */
#include "core/hash.h"

#include <stdlib.h>

#include <openssl/evp.h>

#include "util/xalloc.h"

struct sha256_stream {
	EVP_MD_CTX *ctx;
};

void hex_encode(const unsigned char *in, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = digits[in[i] >> 4];
		out[2 * i + 1] = digits[in[i] & 15];
	}
	out[2 * n] = '\0';
}

struct sha256_stream *sha256_stream_new(void)
{
	struct sha256_stream *h = xmalloc(sizeof(*h));
	h->ctx = EVP_MD_CTX_new();
	if (!h->ctx || !EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL))
		abort();
	return h;
}

void sha256_stream_add(struct sha256_stream *h, const void *data, size_t n)
{
	EVP_DigestUpdate(h->ctx, data, n);
}

void sha256_stream_finish(struct sha256_stream *h, char hex[65])
{
	unsigned char md[32];
	unsigned int len = 0;
	EVP_DigestFinal_ex(h->ctx, md, &len);
	EVP_MD_CTX_free(h->ctx);
	free(h);
	hex_encode(md, 32, hex);
}

/*
 * One fetched SHA-256 and one context per thread, reused: EVP_Digest() would fetch the algorithm and
 * allocate a context on every call, which costs more than hashing a short row.
 */
static _Thread_local EVP_MD_CTX *tl_ctx;
static _Thread_local EVP_MD *tl_md;

void sha256_hex(const void *data, size_t n, char hex[65])
{
	unsigned char md[32];
	unsigned int len = 0;
	if (!tl_ctx) {
		tl_md = EVP_MD_fetch(NULL, "SHA256", NULL);
		tl_ctx = EVP_MD_CTX_new();
		if (!tl_md || !tl_ctx)
			abort();
	}
	if (!EVP_DigestInit_ex2(tl_ctx, tl_md, NULL) || !EVP_DigestUpdate(tl_ctx, data, n) ||
	    !EVP_DigestFinal_ex(tl_ctx, md, &len))
		abort();
	hex_encode(md, 32, hex);
}

void sha256_thread_release(void)
{
	EVP_MD_CTX_free(tl_ctx);
	EVP_MD_free(tl_md);
	tl_ctx = NULL;
	tl_md = NULL;
}
