/*
 * This file implements "suiji unit": the city bureau and its branches (op/user.h).
 *
 *   suiji unit add 名称 --region 代码[,代码…]   a branch under the top unit with its jurisdiction
 *   suiji unit list                            the tree with each unit's jurisdiction, staff and sizes
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "op/user.h"
#include "util/error.h"

static const char usage_text[] = "用法: suiji unit add 名称 --region 行政区划代码[,代码…]\n"
				 "      suiji unit list";

int cmd_unit(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"region", required_argument, 0, 'r'}, {0, 0, 0, 0}};
	const char *regions = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c == 'r')
			regions = optarg;
		else
			die_usage("%s", usage_text);
	}
	int n = argc - optind;
	char **args = argv + optind;
	struct op_diag d = OP_DIAG_INIT;
	if (n == 2 && !strcmp(args[0], "add")) {
		if (!regions)
			die_usage("%s", usage_text);
		struct unit u;
		if (op_unit_add(ctx->session, args[1], regions, &u, &d))
			return ctx_fail(&d);
		printf("已设立分局 %s（编号 %ld，辖区 %s）\n", u.name, u.id, u.regions);
		return 0;
	}
	if (n == 1 && !strcmp(args[0], "list") && !regions) {
		struct op_unit_row *rows;
		size_t k;
		if (op_unit_list(ctx->session, &rows, &k, &d))
			return ctx_fail(&d);
		printf("%-4s %-28s %-6s %-24s %8s %10s %8s\n", "编号", "单位", "级别", "辖区", "业务人员",
		       "检查对象", "人员");
		for (size_t i = 0; i < k; i++)
			printf("%-4ld %s%-26s %-6s %-24s %8ld %10ld %8ld\n", rows[i].u.id,
			       rows[i].u.parent ? "└ " : "", rows[i].u.name,
			       rows[i].u.parent ? "分局" : "市局", rows[i].u.regions, rows[i].staff,
			       rows[i].objects, rows[i].people);
		free(rows);
		return 0;
	}
	die_usage("%s", usage_text);
}
