/*
 * This file declares the Merkle tree over the audit chain, in the manner of Certificate Transparency
 * (RFC 6962 section 2.1, RFC 9162 section 2.1): the leaves are the audit entries in sequence order,
 * leaf hash = SHA-256(0x00 || the entry's hash as 32 raw bytes), node hash = SHA-256(0x01 || left ||
 * right), and a tree of n > 1 leaves splits at k, the largest power of two below n. The tree head of
 * the first n entries (its root) is what a signed head vouches for; an inclusion proof shows that one
 * entry is in a tree of a given size, a consistency proof that the tree of m entries is the start of
 * the tree of n (the chain was only appended to). Pure computation: the caller reads the entries.
 * tools/audit_proof.py checks the same proofs independently (docs/SECURITY.md, "Merkle tree").
 */
#ifndef SUIJI_MERKLE_H
#define SUIJI_MERKLE_H
#include <stddef.h>

#define MERKLE_HASH 32
/* The longest proof for any tree of fewer than 2^63 leaves. */
#define MERKLE_MAX_PATH 128

typedef unsigned char merkle_hash[MERKLE_HASH];

/* The leaf hash of an entry whose hash is "entry" (32 bytes). */
void merkle_leaf(const unsigned char entry[MERKLE_HASH], merkle_hash out);
/* The root of the tree over the leaf hashes leaves[0 .. n-1]; n = 0 gives SHA-256 of nothing. */
void merkle_root(const merkle_hash *leaves, size_t n, merkle_hash out);
/*
 * The inclusion proof (audit path) of leaf "m" (0-based, m < n) in the tree of n leaves, from the
 * leaf up: the number of hashes written to "path" (room for MERKLE_MAX_PATH).
 */
size_t merkle_inclusion(const merkle_hash *leaves, size_t n, size_t m, merkle_hash *path);
/* The consistency proof between the trees of the first m and of all n leaves (0 < m <= n). */
size_t merkle_consistency(const merkle_hash *leaves, size_t n, size_t m, merkle_hash *path);
/* 1 when "path" proves leaf "leaf" at "index" in the tree of "size" leaves with root "root", else 0. */
int merkle_inclusion_check(const merkle_hash leaf, size_t index, size_t size, const merkle_hash *path,
			   size_t plen, const merkle_hash root);
/* 1 when "path" proves the tree of m leaves (root1) the start of the tree of n leaves (root2). */
int merkle_consistency_check(size_t m, size_t n, const merkle_hash root1, const merkle_hash root2,
			     const merkle_hash *path, size_t plen);

/*
 * The same tree with every complete aligned subtree hashed once (about 2n hashes, 64 bytes a leaf),
 * so that many proofs can be cut from it: a proof then costs O(log^2 n) hashes instead of O(n). The
 * functions below give exactly what merkle_root / merkle_inclusion / merkle_consistency give on the
 * same leaves. "leaves" is copied.
 */
struct merkle_tree;
struct merkle_tree *merkle_tree_new(const merkle_hash *leaves, size_t n);
void merkle_tree_free(struct merkle_tree *t);
size_t merkle_tree_size(const struct merkle_tree *t);
/* The root of the first m leaves (m <= the tree's size). */
void merkle_tree_root(const struct merkle_tree *t, size_t m, merkle_hash out);
/* The leaf hash of leaf m. */
const unsigned char *merkle_tree_leaf(const struct merkle_tree *t, size_t m);
/* The audit path of leaf m in the tree of the first n leaves (m < n <= size). */
size_t merkle_tree_inclusion(const struct merkle_tree *t, size_t n, size_t m, merkle_hash *path);
/* The consistency proof between the first m and the first n leaves (0 < m <= n <= size). */
size_t merkle_tree_consistency(const struct merkle_tree *t, size_t n, size_t m, merkle_hash *path);

#endif
