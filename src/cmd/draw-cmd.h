/*
 * This file declares the parts of "suiji draw" kept in their own files: show and list
 * (draw-show.c), export and reveal and the reading of a stored frame (draw-export.c), the printable
 * record (draw-record.c).
 */
#ifndef SUIJI_DRAW_CMD_H
#define SUIJI_DRAW_CMD_H

#include <stddef.h>

#include "cmd/cmd.h"

int cmd_draw(int argc, char **argv, struct ctx *ctx);
int draw_show(int argc, char **argv, struct ctx *ctx);
int draw_list(int argc, char **argv, struct ctx *ctx);
int draw_export(int argc, char **argv, struct ctx *ctx);
int draw_record(int argc, char **argv, struct ctx *ctx);
/* Number of the draw's tasks not yet inspected (cancelled ones do not count); -1 after an error. */
long draw_open_tasks(struct store *st, long draw_id);
struct draw_row;
/* Calls fn with draw "id" from the open store; 0 when it ran, 1 after printing why not (no such draw, an error). */
int draw_with(struct ctx *ctx, long id, int (*fn)(const struct draw_row *d, void *arg), void *arg);
/* A draw number from the command line; exits with a usage error when it is not one. */
long draw_parse_id(const char *s);
/* The stored frame of draw "d" as text (draw-package.c), its SHA-256 checked against d->inputs_hash:
 * 0 with *text (the caller frees it) and *len, or -1 with *err. */
int draw_inputs_text(struct store *st, const struct draw_row *d, char **text, size_t *len, char **err);
/*
 * The draw's document as canonical text into "out": {announcement, inputs, protocol} published at T0,
 * or with "reveal" the whole package (+ result, reveal). "inputs" is the checked frame. Returns 0, or
 * -1 with *err when the draw's record is damaged.
 */
struct strbuf;
struct sign_key;
int draw_document(const struct draw_row *d, const char *inputs, size_t len, int reveal, struct strbuf *out,
		  char **err);
/* Adds the bureau's signature over the document's bytes (its CJ) as its last member. */
void draw_document_sign(struct strbuf *doc, const struct sign_key *k);

#endif
