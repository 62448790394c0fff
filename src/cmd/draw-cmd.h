/*
 * This file declares the parts of "suiji draw" kept in their own files: show and list
 * (draw-show.c), export and reveal and the reading of a stored frame (draw-export.c), the printable
 * record (draw-record.c).
 */
#ifndef SUIJI_DRAW_CMD_H
#define SUIJI_DRAW_CMD_H

#include <jansson.h>

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
/*
 * The frozen frame of draw "d", parsed (draw-export.c): fetched with store_draw_inputs, its SHA-256
 * compared with d->inputs_hash, then loaded strictly (core/cj.h). A new reference, or NULL with *err
 * when it cannot be read, does not match the announced hash or is not valid JSON.
 */
json_t *draw_inputs_load(struct store *st, const struct draw_row *d, char **err);

#endif
