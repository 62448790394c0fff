/*
 * This file implements "suiji list". (Placeholder while the command is being written.)
 */
#include "cmd/cmd.h"
#include "util/error.h"

int cmd_list(int argc, char **argv, struct ctx *ctx)
{
	return error("“list” 尚未实现");
}
