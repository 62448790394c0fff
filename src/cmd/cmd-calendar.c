/*
 * This file implements "suiji calendar". (Placeholder while the command is being written.)
 */
#include "cmd/cmd.h"
#include "util/error.h"

int cmd_calendar(int argc, char **argv, struct ctx *ctx)
{
	return error("“calendar” 尚未实现");
}
