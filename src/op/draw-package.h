/*
 * This file declares the draw's published documents as canonical text (op/draw-package.c): the
 * announcement document (protocol, announcement, inputs) and the whole package of docs/DRAW.md (with
 * result and reveal), and the reading of a stored frame checked against its inputs_hash.
 */
#ifndef SUIJI_OP_DRAW_PACKAGE_H
#define SUIJI_OP_DRAW_PACKAGE_H

#include <stddef.h>

#include "store/draw.h"

struct strbuf;
struct sign_key;

/* The stored frame of draw "d" as text, its SHA-256 checked against d->inputs_hash: 0 with *text (the
 * caller frees it) and *len, or -1 with *err. */
int draw_inputs_text(struct store *st, const struct draw_row *d, char **text, size_t *len, char **err);
/*
 * The draw's document as canonical text into "out": {announcement, inputs, protocol} published at T0,
 * or with "reveal" the whole package (+ result, reveal; d->salt is the salt in hex). "inputs" is the
 * checked frame. Returns 0, or -1 with *err when the draw's record is damaged.
 */
int draw_document(const struct draw_row *d, const char *inputs, size_t len, int reveal, struct strbuf *out,
		  char **err);
/* Adds the bureau's signature over the document's bytes (its CJ) as its last member. */
void draw_document_sign(struct strbuf *doc, const struct sign_key *k);

#endif
