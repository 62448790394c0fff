/*
 * This file declares the bureau's signing keys as operations (docs/SECURITY.md, "签名密钥"): which key
 * is in use, whether a public key is one of the bureau's, registering a new key (key.manage), and
 * signing a document with the key (key.sign). The private key itself lives in a file beside the
 * database that the caller reads and writes (cmd/cmd-key.c); only its public half is stored.
 */
#ifndef SUIJI_OP_KEY_H
#define SUIJI_OP_KEY_H

#include <jansson.h>
#include <stddef.h>

#include "core/sign.h"
#include "op/session.h"

/*
 * The key in use: 1 with *id and pub (hex) filled, 0 when none is registered, -1 with *d. No role and
 * no session (like op/public-record.h): a public key is public, and the server and "suiji publish"
 * need it before anyone signs in.
 */
int op_key_current(struct store *st, long *id, char pub[65], struct op_diag *d);
/* 1 when "pub" (hex) is, or was, one of the bureau's keys; 0 when not; -1 with *d. No role. */
int op_key_known(struct store *st, const char *pub, struct op_diag *d);

/*
 * Before a new key is made (key.manage): the database must be initialised, and a key already
 * registered is only replaced when "rotate". 0 with *old_id (0 when none), or -1 with *d. Nothing
 * is written; the caller then writes the private key file and calls op_key_add.
 */
int op_key_prepare(struct op_session *s, int rotate, long *old_id, struct op_diag *d);
/* Registers "pub" as the key in use, with an audit entry (key.manage): its number, or -1 with *d. */
long op_key_add(struct op_session *s, const char *pub, struct op_diag *d);

/* Whether the operator may sign with the bureau's key (key.sign), asked before the private key file is
 * read: 0, or -1 with *d. */
int op_key_may_sign(struct op_session *s, struct op_diag *d);
/* A detached signature of data[0..n) with k (key.sign): a new string, or NULL with *d. */
char *op_key_sign_detached(struct op_session *s, const struct sign_key *k, const void *data, size_t n,
			   struct op_diag *d);
/* Signs a JSON object inside itself (member "signature") with k (key.sign): 0, or -1 with *d. */
int op_key_sign_json(struct op_session *s, const struct sign_key *k, json_t *obj, struct op_diag *d);

#endif
