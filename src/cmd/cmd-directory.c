/*
 * This file implements "suiji directory". (Placeholder while the command is being written.)
 */
#include "cmd/cmd.h"
#include "util/error.h"

int cmd_directory(int argc, char **argv, struct ctx *ctx)
{
	return error("“directory” 尚未实现");
}
