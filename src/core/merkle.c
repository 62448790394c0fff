/*
 * This file implements the Merkle tree of merkle.h: RFC 6962's tree hash, audit paths and
 * consistency proofs (section 2.1.1, 2.1.2), and their verification as RFC 9162 section 2.1.3.2 and
 * 2.1.4.2 describe it. Recursion depth is the tree height (at most 64).
 */
#include "core/merkle.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

static void sha(const void *a, size_t na, const void *b, size_t nb, const void *c, size_t nc, merkle_hash out)
{
	EVP_MD_CTX *x = EVP_MD_CTX_new();
	unsigned int len = 0;
	if (!x || !EVP_DigestInit_ex(x, EVP_sha256(), NULL) || !EVP_DigestUpdate(x, a, na) ||
	    !EVP_DigestUpdate(x, b, nb) || !EVP_DigestUpdate(x, c, nc) || !EVP_DigestFinal_ex(x, out, &len))
		abort();
	EVP_MD_CTX_free(x);
}

static void node(const merkle_hash l, const merkle_hash r, merkle_hash out)
{
	static const unsigned char one = 1;
	sha(&one, 1, l, MERKLE_HASH, r, MERKLE_HASH, out);
}

void merkle_leaf(const unsigned char entry[MERKLE_HASH], merkle_hash out)
{
	static const unsigned char zero = 0;
	sha(&zero, 1, entry, MERKLE_HASH, "", 0, out);
}

/* The largest power of two smaller than n (n > 1). */
static size_t split(size_t n)
{
	size_t k = 1;
	while (k << 1 < n)
		k <<= 1;
	return k;
}

void merkle_root(const merkle_hash *leaves, size_t n, merkle_hash out)
{
	if (n == 0) {
		sha("", 0, "", 0, "", 0, out);
		return;
	}
	if (n == 1) {
		memcpy(out, leaves[0], MERKLE_HASH);
		return;
	}
	size_t k = split(n);
	merkle_hash l, r;
	merkle_root(leaves, k, l);
	merkle_root(leaves + k, n - k, r);
	node(l, r, out);
}

size_t merkle_inclusion(const merkle_hash *leaves, size_t n, size_t m, merkle_hash *path)
{
	if (n <= 1 || m >= n)
		return 0;
	size_t k = split(n), len;
	if (m < k) {
		len = merkle_inclusion(leaves, k, m, path);
		merkle_root(leaves + k, n - k, path[len]);
	} else {
		len = merkle_inclusion(leaves + k, n - k, m - k, path);
		merkle_root(leaves, k, path[len]);
	}
	return len + 1;
}

/* SUBPROOF(m, D[n], b) of RFC 6962 section 2.1.2. */
static size_t subproof(const merkle_hash *leaves, size_t n, size_t m, int b, merkle_hash *path)
{
	if (m == n) {
		if (b)
			return 0;
		merkle_root(leaves, n, path[0]);
		return 1;
	}
	size_t k = split(n), len;
	if (m <= k) {
		len = subproof(leaves, k, m, b, path);
		merkle_root(leaves + k, n - k, path[len]);
	} else {
		len = subproof(leaves + k, n - k, m - k, 0, path);
		merkle_root(leaves, k, path[len]);
	}
	return len + 1;
}

size_t merkle_consistency(const merkle_hash *leaves, size_t n, size_t m, merkle_hash *path)
{
	if (m == 0 || m > n)
		return 0;
	return subproof(leaves, n, m, 1, path);
}

int merkle_inclusion_check(const merkle_hash leaf, size_t index, size_t size, const merkle_hash *path,
			   size_t plen, const merkle_hash root)
{
	if (index >= size)
		return 0;
	size_t fn = index, sn = size - 1;
	merkle_hash r;
	memcpy(r, leaf, MERKLE_HASH);
	for (size_t i = 0; i < plen; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			node(path[i], r, r);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0)
					fn >>= 1, sn >>= 1;
		} else {
			node(r, path[i], r);
		}
		fn >>= 1, sn >>= 1;
	}
	return sn == 0 && !memcmp(r, root, MERKLE_HASH);
}

int merkle_consistency_check(size_t m, size_t n, const merkle_hash root1, const merkle_hash root2,
			     const merkle_hash *path, size_t plen)
{
	if (m == 0 || m > n)
		return 0;
	if (m == n)
		return plen == 0 && !memcmp(root1, root2, MERKLE_HASH);
	if (plen == 0 || plen >= MERKLE_MAX_PATH)
		return 0;
	merkle_hash p[MERKLE_MAX_PATH + 1];
	size_t np = 0;
	if ((m & (m - 1)) == 0) /* a power of two: the first tree is a subtree, its root starts the proof */
		memcpy(p[np++], root1, MERKLE_HASH);
	memcpy(p + np, path, plen * MERKLE_HASH);
	np += plen;
	size_t fn = m - 1, sn = n - 1;
	while (fn & 1)
		fn >>= 1, sn >>= 1;
	merkle_hash fr, sr;
	memcpy(fr, p[0], MERKLE_HASH);
	memcpy(sr, p[0], MERKLE_HASH);
	for (size_t i = 1; i < np; i++) {
		if (sn == 0)
			return 0;
		if ((fn & 1) || fn == sn) {
			node(p[i], fr, fr);
			node(p[i], sr, sr);
			if (!(fn & 1))
				while (!(fn & 1) && fn != 0)
					fn >>= 1, sn >>= 1;
		} else {
			node(sr, p[i], sr);
		}
		fn >>= 1, sn >>= 1;
	}
	return sn == 0 && !memcmp(fr, root1, MERKLE_HASH) && !memcmp(sr, root2, MERKLE_HASH);
}
