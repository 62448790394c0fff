/*
 * This file declares reading the audit chain (oversight, the audit administrator: audit.read): its
 * entries, newest first, a verification of the whole chain and of the rows behind it, whether the
 * chain still holds a head published earlier, and inclusion and consistency proofs (RFC 6962/9162,
 * protocol suiji-audit-proof-v1, checked by tools/audit_proof.py); and the signed tree head
 * (audit.sign, or site.publish for the head the public site carries). Nothing is written. The command
 * line's "suiji audit" and "suiji publish" and the server may call these.
 */
#ifndef SUIJI_OP_AUDIT_H
#define SUIJI_OP_AUDIT_H

#include <jansson.h>

#include "core/audit-head.h"
#include "core/sign.h"
#include "op/authz.h"
#include "op/session.h"
#include "store/audit.h"

/* Calls fn for the newest "limit" entries (0: all), newest first. audit.read. 0, or -1 with *d. */
int op_audit_entries(struct op_session *s, long limit, int (*fn)(const struct audit_entry *e, void *arg),
		     void *arg, struct op_diag *d);
/* Verifies the chain (store_audit_verify) into *r: 0 when everything holds, 1 when r->problem says what
 * does not, -1 with *d (refused, or the database failed). audit.read. Release *r with audit_report_release.
 */
int op_audit_verify(struct op_session *s, struct audit_report *r, struct op_diag *d);

/*
 * The signed tree head of the chain as it is now (core/audit-head.h), signed with "k": its JSON text in
 * *text (allocated) and its fields in *h (release with audit_head_release; h->pub is the registered key
 * in use). "why" is what the operator does: ACT_AUDIT_SIGN ("suiji audit head") or ACT_SITE_PUBLISH
 * (the head "suiji publish" puts on the site). Refused when the database is not initialised or has no
 * registered key: there are no unsigned heads. 0, or -1 with *d.
 */
int op_audit_head(struct op_session *s, enum op_action why, const struct sign_key *k, struct audit_head *h,
		  char **text, struct op_diag *d);

/*
 * Whether the chain still holds a head published earlier (audit.read): entry "seq" has hash "hash" and,
 * when "root" is not empty, the Merkle root of entries 1..seq is "root". 0 when it holds; 1 with
 * *problem (allocated, Chinese: entries lost, or rewritten before the head); -1 with *d.
 */
int op_audit_holds(struct op_session *s, long seq, const char *hash, const char *root, char **problem,
		   struct op_diag *d);

/*
 * The inclusion proof of entry "entry" in the tree of the first "size" entries (0: the chain as it is
 * now) (audit.read): {"protocol", "type": "inclusion", "label", "entry": {...}, "leaf_index",
 * "leaf_hash", "path", "root", "tree_size"}. When "root" is not empty it must be the root of that tree
 * (the head the reader holds), else the chain was rewritten after that head: OP_CONFLICT, no proof.
 * 0, or -1 with *d (OP_NOTFOUND: no such entry, or fewer entries than "size").
 */
int op_audit_prove_entry(struct op_session *s, long entry, long size, const char *root, json_t **out,
			 struct op_diag *d);

/*
 * The consistency proof between the trees of the first "first" and "second" entries (second 0: the
 * chain now) (audit.read), as op_public_consistency; non-empty "first_root"/"second_root" (the heads the
 * reader holds) must be this chain's roots, else OP_CONFLICT. 0, or -1 with *d.
 */
int op_audit_prove_consistency(struct op_session *s, long first, const char *first_root, long second,
			       const char *second_root, json_t **out, struct op_diag *d);

#endif
