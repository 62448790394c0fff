/*
 * This file implements "suiji roles": the table of who may do what (op/authz.h), as docs/ROLES.md
 * holds it (--markdown prints exactly that table).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "op/authz.h"
#include "util/error.h"

int cmd_roles(int argc, char **argv, struct ctx *ctx)
{
	(void)ctx;
	if (argc > 2 || (argc == 2 && strcmp(argv[1], "--markdown")))
		die_usage("用法: suiji roles [--markdown]");
	char *md = op_roles_markdown();
	fputs(md, stdout);
	free(md);
	return 0;
}
