/*
 * This file implements "suiji import". (Placeholder while the command is being written.)
 */
#include "cmd/cmd.h"
#include "util/error.h"

int cmd_import(int argc, char **argv, struct ctx *ctx)
{
	return error("“import” 尚未实现");
}
