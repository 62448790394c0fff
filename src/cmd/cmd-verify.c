/*
 * This file implements "suiji verify". (Placeholder while the command is being written.)
 */
#include "cmd/cmd.h"
#include "util/error.h"

int cmd_verify(int argc, char **argv, struct ctx *ctx)
{
	return error("“verify” 尚未实现");
}
