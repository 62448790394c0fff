/*
 * This file implements "suiji init". (Placeholder while the command is being written.)
 */
#include "cmd/cmd.h"
#include "util/error.h"

int cmd_init(int argc, char **argv, struct ctx *ctx)
{
	return error("“init” 尚未实现");
}
