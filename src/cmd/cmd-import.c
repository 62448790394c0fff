/*
 * This file implements "suiji import objects|people|conflicts|items FILE": the options, then the
 * shared import engine (importer.c), then the counts.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "cmd/importer.h"
#include "util/error.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"suiji import objects|people|conflicts|items 文件.csv [--dry-run] [--full] [--date YYYY-MM-DD]\n"
	"       [--uscc-override 信用代码 --reason 理由] [--all-errors]";

int cmd_import(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
		{"dry-run", no_argument, 0, 'n'},
		{"full", no_argument, 0, 'f'},
		{"date", required_argument, 0, 'd'},
		{"uscc-override", required_argument, 0, 'u'},
		{"reason", required_argument, 0, 'r'},
		{"all-errors", no_argument, 0, 'a'},
		{0, 0, 0, 0},
	};
	struct import_opts o = {0};
	const char **overrides = xcalloc((size_t)argc, sizeof(*overrides));
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'n': o.dry_run = 1; break;
		case 'f': o.full = 1; break;
		case 'd': o.effective = optarg; break;
		case 'u': overrides[o.noverrides++] = optarg; break;
		case 'r': o.override_reason = optarg; break;
		case 'a': o.all_errors = 1; break;
		default: free(overrides); die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 2) {
		free(overrides);
		die_usage("%s", usage_text);
	}
	const struct dirkind *d = dirkind_find(argv[optind]);
	if (!d) {
		free(overrides);
		die_usage("未知名录“%s”，应为 objects（检查对象）、people（检查人员）、conflicts（回避关系）或 items（抽查事项）",
			  argv[optind]);
	}
	o.overrides = overrides;
	struct dir_counts n;
	int rc = import_file(ctx, d, argv[optind + 1], &o, &n);
	free(overrides);
	if (rc)
		return rc;
	printf("%s%s: 新增 %ld，变更 %ld，未变 %ld，%s %ld\n", o.dry_run ? "试运行（未写入）" : "导入完成 ", d->zh,
	       n.added, n.changed, n.unchanged, d == &dir_objects ? "注销" : "移出", n.removed);
	return 0;
}
