/*
 * This file implements "suiji demo". (Placeholder while the command is being written.)
 */
#include "cmd/cmd.h"
#include "util/error.h"

int cmd_demo(int argc, char **argv, struct ctx *ctx)
{
	return error("“demo” 尚未实现");
}
