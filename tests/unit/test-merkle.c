/*
 * Unit tests of core/merkle.c: the tree hash of RFC 6962 written out by hand for small trees, and
 * every inclusion and consistency proof of every tree up to 40 leaves verified, with each proof
 * refused once any hash, the index or a size is changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/sha.h>

#include "core/merkle.h"

#define MAXN 40

static void h2(unsigned char pre, const unsigned char *a, const unsigned char *b, merkle_hash out)
{
	unsigned char buf[1 + 2 * MERKLE_HASH];
	buf[0] = pre;
	memcpy(buf + 1, a, MERKLE_HASH);
	if (b)
		memcpy(buf + 1 + MERKLE_HASH, b, MERKLE_HASH);
	SHA256(buf, b ? sizeof(buf) : 1 + MERKLE_HASH, out);
}

static void leaves(merkle_hash *l, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char entry[MERKLE_HASH];
		memset(entry, (int)i, sizeof(entry));
		entry[0] = (unsigned char)(i * 7 + 1);
		merkle_leaf(entry, l[i]);
		merkle_hash want;
		h2(0, entry, NULL, want);
		assert_memory_equal(l[i], want, MERKLE_HASH);
	}
}

static void by_hand(void **state)
{
	(void)state;
	merkle_hash l[5], a, b, c, want, got;
	leaves(l, 5);
	merkle_root(l, 1, got);
	assert_memory_equal(got, l[0], MERKLE_HASH);
	/* three leaves: (0 1) 2 */
	h2(1, l[0], l[1], a);
	h2(1, a, l[2], want);
	merkle_root(l, 3, got);
	assert_memory_equal(got, want, MERKLE_HASH);
	/* five leaves: ((0 1) (2 3)) 4 */
	h2(1, l[2], l[3], b);
	h2(1, a, b, c);
	h2(1, c, l[4], want);
	merkle_root(l, 5, got);
	assert_memory_equal(got, want, MERKLE_HASH);
	/* the empty tree is SHA-256 of nothing */
	SHA256((const unsigned char *)"", 0, want);
	merkle_root(l, 0, got);
	assert_memory_equal(got, want, MERKLE_HASH);
	/* the audit path of leaf 2 in five: l3, (0 1), l4 */
	merkle_hash path[MERKLE_MAX_PATH];
	assert_int_equal(merkle_inclusion(l, 5, 2, path), 3);
	assert_memory_equal(path[0], l[3], MERKLE_HASH);
	assert_memory_equal(path[1], a, MERKLE_HASH);
	assert_memory_equal(path[2], l[4], MERKLE_HASH);
}

static void inclusion_all(void **state)
{
	(void)state;
	merkle_hash l[MAXN], root, path[MERKLE_MAX_PATH];
	leaves(l, MAXN);
	for (size_t n = 1; n <= MAXN; n++) {
		merkle_root(l, n, root);
		for (size_t m = 0; m < n; m++) {
			size_t len = merkle_inclusion(l, n, m, path);
			assert_true(merkle_inclusion_check(l[m], m, n, path, len, root));
			if (n > 1)
				assert_false(merkle_inclusion_check(l[m], (m + 1) % n, n, path, len, root));
			assert_false(merkle_inclusion_check(l[(m + 1) % MAXN], m, n, path, len, root));
			for (size_t i = 0; i < len; i++) {
				path[i][5] ^= 1;
				assert_false(merkle_inclusion_check(l[m], m, n, path, len, root));
				path[i][5] ^= 1;
			}
			if (len)
				assert_false(merkle_inclusion_check(l[m], m, n, path, len - 1, root));
		}
	}
}

static void consistency_all(void **state)
{
	(void)state;
	merkle_hash l[MAXN], r1, r2, path[MERKLE_MAX_PATH];
	leaves(l, MAXN);
	for (size_t n = 1; n <= MAXN; n++) {
		merkle_root(l, n, r2);
		for (size_t m = 1; m <= n; m++) {
			merkle_root(l, m, r1);
			size_t len = merkle_consistency(l, n, m, path);
			assert_true(merkle_consistency_check(m, n, r1, r2, path, len));
			for (size_t i = 0; i < len; i++) {
				path[i][9] ^= 0x80;
				assert_false(merkle_consistency_check(m, n, r1, r2, path, len));
				path[i][9] ^= 0x80;
			}
			if (m < n) {
				assert_false(merkle_consistency_check(m, n, r2, r1, path, len));
				/* a different first tree: its last leaf rewritten */
				merkle_hash forged[MAXN], fr1, fr2, fp[MERKLE_MAX_PATH];
				memcpy(forged, l, sizeof(forged));
				forged[m - 1][0] ^= 1;
				merkle_root(forged, m, fr1);
				merkle_root(forged, n, fr2);
				size_t flen = merkle_consistency(forged, n, m, fp);
				assert_true(merkle_consistency_check(m, n, fr1, fr2, fp, flen));
				assert_false(merkle_consistency_check(m, n, r1, fr2, fp, flen));
				assert_false(merkle_consistency_check(m, n, r1, fr2, path, len));
			}
		}
	}
}

/* The cached tree gives exactly what the recursive functions give, for every size and leaf. */
static void tree_same(void **state)
{
	(void)state;
	merkle_hash l[MAXN], a, b, pa[MERKLE_MAX_PATH], pb[MERKLE_MAX_PATH];
	leaves(l, MAXN);
	for (size_t size = 0; size <= MAXN; size++) {
		struct merkle_tree *t = merkle_tree_new(l, size);
		assert_int_equal(merkle_tree_size(t), size);
		for (size_t n = 0; n <= size; n++) {
			merkle_root(l, n, a);
			merkle_tree_root(t, n, b);
			assert_memory_equal(a, b, MERKLE_HASH);
			for (size_t m = 0; m < n; m++) {
				assert_memory_equal(merkle_tree_leaf(t, m), l[m], MERKLE_HASH);
				size_t la = merkle_inclusion(l, n, m, pa),
				       lb = merkle_tree_inclusion(t, n, m, pb);
				assert_int_equal(la, lb);
				if (la)
					assert_memory_equal(pa, pb, la * MERKLE_HASH);
			}
			for (size_t m = 1; m <= n; m++) {
				size_t la = merkle_consistency(l, n, m, pa),
				       lb = merkle_tree_consistency(t, n, m, pb);
				assert_int_equal(la, lb);
				if (la)
					assert_memory_equal(pa, pb, la * MERKLE_HASH);
			}
		}
		merkle_tree_free(t);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(by_hand),
	    cmocka_unit_test(inclusion_all),
	    cmocka_unit_test(consistency_all),
	    cmocka_unit_test(tree_same),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
