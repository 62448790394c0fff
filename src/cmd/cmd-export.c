/*
 * This file implements "suiji export objects|people|conflicts|items": the directory of the operator's
 * unit tree as of a date (default now) in the import format (CSV with BOM), JSON or xlsx, through
 * op_export (op/directory.h).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "op/directory.h"
#include "util/error.h"

static const char usage_text[] =
    "suiji export objects|people|conflicts|items [--format csv|json|xlsx] [-o 文件] [--as-of YYYY-MM-DD]";

int cmd_export(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"format", required_argument, 0, 'f'},
	    {"output", required_argument, 0, 'o'},
	    {"as-of", required_argument, 0, 'a'},
	    {0, 0, 0, 0},
	};
	const char *format = "csv", *out = NULL, *as_of = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		switch (c) {
		case 'f':
			format = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'a':
			as_of = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1)
		die_usage("%s", usage_text);
	const struct dirkind *dk = dirkind_find(argv[optind]);
	if (!dk)
		die_usage("未知名录“%s”。%s", argv[optind], usage_text);
	if (strcmp(format, "csv") && strcmp(format, "json") && strcmp(format, "xlsx"))
		die_usage("--format 应为 csv、json 或 xlsx");
	char *err = NULL;
	int day;
	if (as_of && date_parse(as_of, &day, &err)) {
		error("--as-of: %s", err);
		free(err);
		return EXIT_USAGE;
	}
	struct op_diag d = OP_DIAG_INIT;
	long rows;
	if (op_export(ctx->session, dk, format, out, as_of, &rows, &d))
		return ctx_fail(&d);
	if (out && strcmp(out, "-"))
		fprintf(stderr, "已导出 %s %ld 条到 %s\n", dk->zh, rows, out);
	return 0;
}
