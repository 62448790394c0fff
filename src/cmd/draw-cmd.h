/*
 * This file declares "suiji draw" (cmd-draw.c), dispatched by main.c.
 */
#ifndef SUIJI_DRAW_CMD_H
#define SUIJI_DRAW_CMD_H

#include "cmd/cmd.h"

int cmd_draw(int argc, char **argv, struct ctx *ctx);

#endif
