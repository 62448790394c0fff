/*
 * This file declares the audit proofs of what is public (docs/SECURITY.md, "公开记录的审计证明"): for a
 * published result or a draw, the inclusion proofs of the audit entries that record it in the tree of
 * the first N entries of the audit chain — N the size of a signed head the reader holds (heads/ of the
 * public site) — and the consistency proof between two sizes. The proofs are those of
 * "suiji audit prove" (protocol suiji-audit-proof-v1, RFC 6962 audit paths), which tools/audit_proof.py
 * checks independently against the signed head; the public site (suiji publish) and the portal
 * (/public/api/) serve the same JSON.
 *
 * Which entries record what:
 *   "task:N" (also "publish:N"), a published result: the newest entry of subject "publish:N" — the
 *       decision 公开 that froze the public record ("disclosure publish"), or its latest correction
 *       ("disclosure correct"). Its content hash covers the record as published.
 *   "draw:N", a draw: every entry of subject "draw:N" whose action is the draw's own ("draw announce"
 *       or "draw reannounce", "draw approve redraw", "draw run", "draw reveal", "draw void" …), oldest
 *       first; the announcement is public from the moment it is made, so every draw is.
 * A result that is withheld (不予公开) or not yet published has no public proof: OP_NOTFOUND, the same
 * answer as for a task that does not exist, so the refusal says nothing about it.
 *
 * No role is needed: everything returned is public (a proof carries its entry's fields: time, the
 * operator's name, action, subject and hashes). Nothing is written; nothing is printed.
 */
#ifndef SUIJI_OP_PUBLIC_PROOF_H
#define SUIJI_OP_PUBLIC_PROOF_H

#include <jansson.h>

#include "op/session.h"

/*
 * The proofs of public subject "subject" in the tree of the first "tree_size" entries (0: the whole
 * chain as it is now), as a new JSON object:
 *   {"protocol": "suiji-audit-proof-v1", "type": "record", "subject": "task:12", "tree_size": N, "root":
 * "<hex Merkle root of entries 1..N>", "proofs": [{"protocol": "suiji-audit-proof-v1", "type": "inclusion",
 * "label": "公开检查结果", "entry": {seq, at, actor, action, subject, content_hash, prev_hash, hash},
 *                "leaf_index", "leaf_hash", "path": [hex…], "root", "tree_size"}, …]}
 * tools/audit_proof.py checks the whole object (each proof, and that each entry's subject is the
 * record's: publish:12 for task:12, draw:3 for draw:3); each element of "proofs" is also a complete
 * inclusion proof by itself ("label" says in Chinese what the entry records). "proofs" is empty when every
 * entry of the subject came after entry N. 0, or -1 with *d: OP_INVALID (not task:N / publish:N / draw:N),
 * OP_NOTFOUND (no such published result or draw, or tree_size beyond the chain), OP_ERROR.
 */
int op_public_proof(struct op_session *s, const char *subject, long tree_size, json_t **out,
		    struct op_diag *d);

/*
 * The consistency proof between the trees of the first "first" and "second" entries (0 < first <=
 * second; second 0: the whole chain now): {"protocol", "type": "consistency", "first", "first_root",
 * "second", "second_root", "path"}. The caller compares first_root and second_root with the signed
 * heads it holds (a root that differs: the chain was rewritten after that head). 0, or -1 with *d.
 */
int op_public_consistency(struct op_session *s, long first, long second, json_t **out, struct op_diag *d);

/*
 * The same for many subjects at once (suiji publish): the tree is read and hashed once, and each proof
 * then costs O(log^2 N) hashes.
 */
struct op_prover;
int op_prover_open(struct op_session *s, long tree_size, struct op_prover **p, struct op_diag *d);
/* The tree's size and root (hex). */
long op_prover_size(const struct op_prover *p);
void op_prover_root(const struct op_prover *p, long size, char hex[65]);
int op_prover_subject(struct op_prover *p, const char *subject, json_t **out, struct op_diag *d);
int op_prover_consistency(struct op_prover *p, long first, long second, json_t **out, struct op_diag *d);
/* The inclusion proof of any entry 1..size, public or not: the caller (op/audit.h) decides who may ask.
 * 0, or -1 with *d (OP_NOTFOUND). */
int op_prover_entry(struct op_prover *p, long entry, json_t **out, struct op_diag *d);
void op_prover_close(struct op_prover *p);

#endif
