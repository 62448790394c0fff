/*
 * This file implements the keyed hash of the draw protocol: H(domain, f1, …, fn) as HMAC-SHA256
 * (RFC 2104) with the key's pad blocks hashed once per key, the PRK, hex encoding and the order of
 * hashed values (docs/DRAW.md, "Encodings").
 */
#include "core/draw-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/draw.h"
#include "util/xalloc.h"

/* The plain SHA-256 functions are deprecated in OpenSSL 3.0; see struct draw_mac for why they stay. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

int draw_mac_init(struct draw_mac *m, const unsigned char *key, size_t keylen)
{
	unsigned char pad[64], hashed[32];
	memset(m, 0, sizeof(*m));
	if (keylen > sizeof(pad)) {
		SHA256(key, keylen, hashed);
		key = hashed;
		keylen = 32;
	}
	memset(pad, 0x36, sizeof(pad));
	for (size_t i = 0; i < keylen; i++)
		pad[i] ^= key[i];
	int ok = SHA256_Init(&m->inner) && SHA256_Update(&m->inner, pad, sizeof(pad));
	memset(pad, 0x5c, sizeof(pad));
	for (size_t i = 0; i < keylen; i++)
		pad[i] ^= key[i];
	ok = ok && SHA256_Init(&m->outer) && SHA256_Update(&m->outer, pad, sizeof(pad));
	memset(pad, 0, sizeof(pad));
	m->alloc = 256;
	m->msg = xmalloc(m->alloc);
	if (!ok) {
		draw_mac_release(m);
		return -1;
	}
	return 0;
}

void draw_mac_release(struct draw_mac *m)
{
	free(m->msg);
	memset(m, 0, sizeof(*m));
}

void draw_mac_final(struct draw_mac *m, unsigned char out[32])
{
	unsigned char ih[32];
	SHA256_CTX c = m->inner;
	int ok = SHA256_Update(&c, m->msg, m->len) && SHA256_Final(ih, &c);
	c = m->outer;
	ok = ok && SHA256_Update(&c, ih, sizeof(ih)) && SHA256_Final(out, &c);
	if (!ok) {
		m->failed = 1;
		memset(out, 0, 32);
	}
}

#pragma GCC diagnostic pop

static void msg_add(struct draw_mac *m, const void *data, size_t n)
{
	if (m->len + n > m->alloc) {
		while (m->len + n > m->alloc)
			m->alloc *= 2;
		m->msg = xrealloc(m->msg, m->alloc);
	}
	memcpy(m->msg + m->len, data, n);
	m->len += n;
}

void draw_h_begin(struct draw_mac *m, const char *domain)
{
	m->len = 0;
	msg_add(m, domain, strlen(domain));
}

void draw_h_str(struct draw_mac *m, const char *s, size_t len)
{
	msg_add(m, "", 1); /* the 0x00 separator */
	msg_add(m, s, len);
}

void draw_h_uint(struct draw_mac *m, uint64_t v)
{
	char tmp[21];
	size_t n = 0;
	do {
		tmp[sizeof(tmp) - 1 - n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	draw_h_str(m, tmp + sizeof(tmp) - n, n);
}

int draw_prk(const unsigned char salt[32], const unsigned char inputs_hash[32], const char *beacon,
	     size_t beacon_len, unsigned char prk[32])
{
	struct draw_mac m;
	if (draw_mac_init(&m, salt, 32))
		return -1;
	draw_h_begin(&m, DRAW_PROTOCOL);
	msg_add(&m, "", 1);
	msg_add(&m, inputs_hash, 32);
	msg_add(&m, beacon, beacon_len);
	draw_mac_final(&m, prk);
	int rc = m.failed ? -1 : 0;
	draw_mac_release(&m);
	return rc;
}

int draw_key_cmp(const unsigned char a[32], const char *name_a, const unsigned char b[32], const char *name_b)
{
	int c = memcmp(a, b, 32);
	if (c)
		return c;
	return strcmp(name_a, name_b);
}

void draw_hex(const unsigned char *bytes, size_t n, char *hex)
{
	static const char digits[] = "0123456789abcdef";
	for (size_t i = 0; i < n; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 15];
	}
	hex[2 * n] = '\0';
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int draw_unhex(const char *hex, unsigned char *bytes, size_t n)
{
	if (!hex || strlen(hex) != 2 * n)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int hi = hexval(hex[2 * i]), lo = hexval(hex[2 * i + 1]);
		if (hi < 0 || lo < 0)
			return -1;
		bytes[i] = (unsigned char)(hi << 4 | lo);
	}
	return 0;
}
