/*
 * This file implements "suiji list": a directory in the terminal, as of a date, filtered by class,
 * region and tag (市管, 正面清单, a pollutant, a monitoring type, a grade, a status …).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "op/authz.h"
#include "core/calendar.h"
#include "core/plan.h"
#include "core/region.h"
#include "store/directory.h"
#include "util/error.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"suiji list objects|people|conflicts|items [--class 重点|一般|特殊] [--region 代码] [--tag 标识]\n"
	"       [--as-of YYYY-MM-DD] [--limit N（默认50，0为全部）]";

struct list_state {
	const struct dirkind *d;
	const char *klass, *region, *tag;
	long limit, shown, matched;
};

/* 1 when the entry carries "tag": one of its enumerated or list values, or 市管 / 正面清单. */
static int has_tag(const struct dirkind *d, const char *const *vals, const char *tag)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		if (f->type == FT_BOOL && !strcmp(vals[i], "是") &&
		    ((!strcmp(f->col, "city_managed") && !strcmp(tag, "市管")) || !strcmp(tag, f->zh)))
			return 1;
		if ((f->type == FT_ENUM || f->type == FT_INDUSTRY) && !strcmp(vals[i], tag))
			return 1;
		if (f->type == FT_LIST && plan_list_has(vals[i], tag))
			return 1;
	}
	return 0;
}

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
			if (*vals[f] && !(f == 12 && !strcmp(vals[f], "正常")) && !(f == 13 && !strcmp(vals[f], "企业")))
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
	struct list_state *ls = arg;
	const struct dirkind *d = ls->d;
	int ci = dirkind_field_index(d, "class"), ri = dirkind_field_index(d, "region");
	if (ls->klass && (ci < 0 || strcmp(e->vals[ci], ls->klass)))
		return 0;
	if (ls->region && (ri < 0 || !region_within(ls->region, e->vals[ri])))
		return 0;
	if (ls->tag && !has_tag(d, e->vals, ls->tag))
		return 0;
	ls->matched++;
	if (ls->limit && ls->shown >= ls->limit)
		return 0;
	ls->shown++;
	print_entry(d, e->vals);
	return 0;
}

int cmd_list(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{"class", required_argument, 0, 'c'}, {"region", required_argument, 0, 'r'},
		{"tag", required_argument, 0, 't'},   {"as-of", required_argument, 0, 'a'},
		{"limit", required_argument, 0, 'l'}, {0, 0, 0, 0},
	};
	struct list_state ls = {0};
	const char *as_of = NULL;
	ls.limit = 50;
	int c, day;
	char *err = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'c': ls.klass = optarg; break;
		case 'r': ls.region = optarg; break;
		case 't': ls.tag = optarg; break;
		case 'a': as_of = optarg; break;
		case 'l':
			if (parse_long(optarg, 0, 1000000000L, &ls.limit))
				die_usage("--limit 应为非负整数");
			break;
		default: die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1 || !(ls.d = dirkind_find(argv[optind])))
		die_usage("%s", usage_text);
	if (as_of && date_parse(as_of, &day, &err)) {
		error("--as-of: %s", err);
		free(err);
		return EXIT_USAGE;
	}
	if (ls.region && !region_find(ls.region))
		return error("--region: 行政区划代码 %s 不在区划表中", ls.region), 1;
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_DIRECTORY_READ))
		return 1;
	if (store_dir_each(st, ls.d, as_of, 0, list_one, &ls, &err) < 0) {
		error("%s", err);
		free(err);
		return 1;
	}
	printf("共 %ld 条%s", ls.matched, as_of ? "" : "");
	if (as_of)
		printf("（截至 %s）", as_of);
	if (ls.shown < ls.matched)
		printf("，显示前 %ld 条（--limit 0 显示全部）", ls.shown);
	putchar('\n');
	return 0;
}
