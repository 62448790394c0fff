/*
 * This file implements "suiji list": a directory in the terminal, as of a date, filtered by class,
 * region and tag (市管, 正面清单, a pollutant, a monitoring type, a grade, a status, 生产规模 …), in pages,
 * through op_list (op/directory.h): the operator's unit tree only.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/parse.h"
#include "core/region.h"
#include "op/directory.h"
#include "util/error.h"

static const char usage_text[] =
    "suiji list objects|people|conflicts|items [--class 重点|一般|特殊] [--region 代码] [--tag 标识]\n"
    "       [--as-of YYYY-MM-DD] [--limit N（默认50，0为全部）] [--offset N]";

static void print_entry(const struct dirkind *d, const char *const *vals)
{
	if (d == &dir_objects) {
		const struct region *r = region_find(vals[2]);
		printf("%s  %-6s %-8s %s  %s", vals[0], vals[4], r ? r->name : vals[2], vals[3], vals[1]);
		struct {
			int field;
			const char *label;
		} tags[] = {{5, "市管"}, {8, "正面清单"}};
		for (size_t i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
			if (!strcmp(vals[tags[i].field], "是"))
				printf(" [%s]", tags[i].label);
		for (int f = 9; f <= 14; f++)
			if (*vals[f] && !(f == 12 && !strcmp(vals[f], "正常")) &&
			    !(f == 13 && !strcmp(vals[f], "企业")))
				printf(" [%s]", vals[f]);
		for (size_t f = 16; f < d->nfields; f++) /* 生产规模, 生产周期特点, 项目建设情况 */
			if (*vals[f])
				printf(" [%s]", vals[f]);
		putchar('\n');
		return;
	}
	for (size_t i = 0; i < d->nfields; i++)
		if (*vals[i])
			printf("%s%s", i ? "  " : "", vals[i]);
	putchar('\n');
}

static int list_one(const struct dir_entry *e, void *arg)
{
	print_entry(arg, e->vals);
	return 0;
}

int cmd_list(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"class", required_argument, 0, 'c'},
	    {"region", required_argument, 0, 'r'},
	    {"tag", required_argument, 0, 't'},
	    {"as-of", required_argument, 0, 'a'},
	    {"limit", required_argument, 0, 'l'},
	    {"offset", required_argument, 0, 'o'},
	    {0, 0, 0, 0},
	};
	struct op_list_args a = {.limit = 50};
	int c, day;
	char *err = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'c':
			a.klass = optarg;
			break;
		case 'r':
			a.region = optarg;
			break;
		case 't':
			a.tag = optarg;
			break;
		case 'a':
			a.as_of = optarg;
			break;
		case 'l':
			if (parse_long(optarg, 0, 1000000000L, &a.limit))
				die_usage("--limit 应为非负整数");
			break;
		case 'o':
			if (parse_long(optarg, 0, 1000000000L, &a.offset))
				die_usage("--offset 应为非负整数");
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1 || !(a.d = dirkind_find(argv[optind])))
		die_usage("%s", usage_text);
	if (a.as_of && date_parse(a.as_of, &day, &err)) {
		error("--as-of: %s", err);
		free(err);
		return EXIT_USAGE;
	}
	struct op_diag d = OP_DIAG_INIT;
	long total;
	if (op_list(ctx->session, &a, list_one, (void *)a.d, &total, &d))
		return ctx_fail(&d);
	long shown = total <= a.offset			     ? 0
		     : a.limit && total - a.offset > a.limit ? a.limit
							     : total - a.offset;
	printf("共 %ld 条", total);
	if (a.as_of)
		printf("（截至 %s）", a.as_of);
	if (shown < total)
		printf("，显示%s %ld 条（--limit 0 显示全部）", a.offset ? "其中" : "前", shown);
	putchar('\n');
	return 0;
}
