/*
 * This file declares the signed tree head of the audit chain (docs/SECURITY.md, "Signed head"): what
 * the bureau publishes and hands to oversight so that it can be held to its record. Version 2 (written
 * since the Merkle tree, core/merkle.h) is the JSON object
 *   {"hash","org","protocol":"suiji-audit-head-v2","root","seq","time","signature":{…}}
 * where seq is the tree size (the number of entries), hash the hash of entry seq, root the Merkle root
 * of entries 1 .. seq, time when the head was made; "signature" signs the canonical JSON of the rest
 * (core/sign.h, the rule of draw packages). Version 1 heads (no root, no time) are still read.
 * Unsigned heads are refused. Pure: the caller reads and writes the files.
 */
#ifndef SUIJI_AUDIT_HEAD_H
#define SUIJI_AUDIT_HEAD_H
#include <stddef.h>

#include "core/sign.h"

#define AUDIT_HEAD_V1 "suiji-audit-head-v1"
#define AUDIT_HEAD_V2 "suiji-audit-head-v2"

struct audit_head {
	int version; /* 1 or 2 */
	long seq;
	char hash[65];
	char root[65]; /* "" in a version 1 head */
	char time[32]; /* "" in a version 1 head */
	char *org;     /* allocated */
	char pub[65];  /* the key that signed it (parse) */
};

/* The version 2 head "h" signed with "k", as JSON text ending in a newline; NULL with *err. */
char *audit_head_sign(const struct audit_head *h, const struct sign_key *k, char **err);
/*
 * Reads a head ("len" bytes of JSON) and checks its signature: 0 with "h" filled (h->pub = the key
 * that signed; the caller decides whether that key is the bureau's), or -1 with *err (Chinese): not a
 * head, no signature, a signature that does not verify.
 */
int audit_head_parse(const char *text, size_t len, struct audit_head *h, char **err);
void audit_head_release(struct audit_head *h);

#endif
