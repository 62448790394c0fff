/*
 * This file implements "suiji export". (Placeholder while the command is being written.)
 */
#include "cmd/cmd.h"
#include "util/error.h"

int cmd_export(int argc, char **argv, struct ctx *ctx)
{
	return error("“export” 尚未实现");
}
