/*
 * This file implements the Merkle tree of merkle.h: RFC 6962's tree hash, audit paths and
 * consistency proofs (section 2.1.1, 2.1.2), and their verification as RFC 9162 section 2.1.3.2 and
 * 2.1.4.2 describe it. Recursion depth is the tree height (at most 64). struct merkle_tree keeps the
 * hash of every complete subtree whose first leaf is a multiple of its size: in RFC 6962's split every
 * left child is such a subtree, so a root or a proof only recurses down the right edge.
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

struct merkle_tree {
	size_t n, nlevels;
	merkle_hash *level[64]; /* level[l][i]: the subtree of leaves i * 2^l .. (i + 1) * 2^l - 1 */
};

struct merkle_tree *merkle_tree_new(const merkle_hash *leaves, size_t n)
{
	struct merkle_tree *t = calloc(1, sizeof(*t));
	if (!t)
		abort();
	t->n = n;
	for (size_t l = 0, count = n; l < 64 && (l == 0 || count >= 1); l++, count >>= 1) {
		t->level[l] = malloc((count ? count : 1) * sizeof(merkle_hash));
		if (!t->level[l])
			abort();
		t->nlevels = l + 1;
		for (size_t i = 0; i < count; i++) {
			if (l == 0)
				memcpy(t->level[0][i], leaves[i], MERKLE_HASH);
			else
				node(t->level[l - 1][2 * i], t->level[l - 1][2 * i + 1], t->level[l][i]);
		}
		if (count <= 1)
			break;
	}
	return t;
}

void merkle_tree_free(struct merkle_tree *t)
{
	if (!t)
		return;
	for (size_t l = 0; l < t->nlevels; l++)
		free(t->level[l]);
	free(t);
}

size_t merkle_tree_size(const struct merkle_tree *t)
{
	return t->n;
}

const unsigned char *merkle_tree_leaf(const struct merkle_tree *t, size_t m)
{
	return t->level[0][m];
}

/* MTH(D[lo:hi]) for 0 <= lo < hi <= n. */
static void range_root(const struct merkle_tree *t, size_t lo, size_t hi, merkle_hash out)
{
	size_t n = hi - lo;
	if ((n & (n - 1)) == 0 && lo % n == 0) {
		size_t l = 0;
		while ((size_t)1 << l < n)
			l++;
		memcpy(out, t->level[l][lo >> l], MERKLE_HASH);
		return;
	}
	size_t k = split(n);
	merkle_hash a, b;
	range_root(t, lo, lo + k, a);
	range_root(t, lo + k, hi, b);
	node(a, b, out);
}

void merkle_tree_root(const struct merkle_tree *t, size_t m, merkle_hash out)
{
	if (m == 0)
		sha("", 0, "", 0, "", 0, out);
	else
		range_root(t, 0, m, out);
}

/* PATH(m, D[lo:hi]) of RFC 6962 section 2.1.1, m relative to lo. */
static size_t tree_path(const struct merkle_tree *t, size_t lo, size_t hi, size_t m, merkle_hash *path)
{
	size_t n = hi - lo;
	if (n <= 1)
		return 0;
	size_t k = split(n), len;
	if (m < k) {
		len = tree_path(t, lo, lo + k, m, path);
		range_root(t, lo + k, hi, path[len]);
	} else {
		len = tree_path(t, lo + k, hi, m - k, path);
		range_root(t, lo, lo + k, path[len]);
	}
	return len + 1;
}

size_t merkle_tree_inclusion(const struct merkle_tree *t, size_t n, size_t m, merkle_hash *path)
{
	if (n > t->n || m >= n)
		return 0;
	return tree_path(t, 0, n, m, path);
}

/* SUBPROOF(m, D[lo:hi], b), m relative to lo. */
static size_t tree_subproof(const struct merkle_tree *t, size_t lo, size_t hi, size_t m, int b,
			    merkle_hash *path)
{
	size_t n = hi - lo;
	if (m == n) {
		if (b)
			return 0;
		range_root(t, lo, hi, path[0]);
		return 1;
	}
	size_t k = split(n), len;
	if (m <= k) {
		len = tree_subproof(t, lo, lo + k, m, b, path);
		range_root(t, lo + k, hi, path[len]);
	} else {
		len = tree_subproof(t, lo + k, hi, m - k, 0, path);
		range_root(t, lo, lo + k, path[len]);
	}
	return len + 1;
}

size_t merkle_tree_consistency(const struct merkle_tree *t, size_t n, size_t m, merkle_hash *path)
{
	if (m == 0 || m > n || n > t->n)
		return 0;
	return tree_subproof(t, 0, n, m, 1, path);
}
