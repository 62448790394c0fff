/*
 * This file implements "suiji import objects|people|conflicts|items FILE" (a CSV file or an .xlsx
 * workbook, told apart by content; --sheet picks a workbook's worksheet): the options, then
 * op_import (op/directory.h), then the counts, or the bad rows ("第N行 列名: 原因").
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/calendar.h"
#include "op/directory.h"
#include "util/error.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "suiji import objects|people|conflicts|items 文件.csv|文件.xlsx [--sheet 工作表] [--dry-run] [--full]\n"
    "       [--date YYYY-MM-DD] [--uscc-override 信用代码 --reason 理由] [--all-errors]";

int cmd_import(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"dry-run", no_argument, 0, 'n'},	   {"full", no_argument, 0, 'f'},
	    {"date", required_argument, 0, 'd'},   {"uscc-override", required_argument, 0, 'u'},
	    {"reason", required_argument, 0, 'r'}, {"all-errors", no_argument, 0, 'a'},
	    {"sheet", required_argument, 0, 's'},  {0, 0, 0, 0},
	};
	struct op_import_args a = {0};
	struct op_diag d = OP_DIAG_INIT;
	const char **overrides = xcalloc((size_t)argc, sizeof(*overrides));
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'n':
			a.dry_run = 1;
			break;
		case 'f':
			a.full = 1;
			break;
		case 'd':
			a.effective = optarg;
			break;
		case 'u':
			overrides[a.noverrides++] = optarg;
			break;
		case 'r':
			a.override_reason = optarg;
			break;
		case 'a':
			d.rows_all = 1;
			break;
		case 's':
			a.sheet = optarg;
			break;
		default:
			free(overrides);
			die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 2) {
		free(overrides);
		die_usage("%s", usage_text);
	}
	a.d = dirkind_find(argv[optind]);
	if (!a.d) {
		free(overrides);
		die_usage(
		    "未知名录“%s”，应为 objects（检查对象）、people（检查人员）、conflicts（回避关系）或 "
		    "items（抽查事项）",
		    argv[optind]);
	}
	char *err = NULL;
	int day;
	if (a.effective && date_parse(a.effective, &day, &err)) {
		error("--date: %s", err);
		free(err);
		free(overrides);
		return 1;
	}
	a.path = argv[optind + 1];
	a.overrides = overrides;
	struct dir_counts n;
	int rc = op_import(ctx->session, &a, &n, &d);
	free(overrides);
	for (size_t i = 0; i < d.nnotes; i++) { /* warnings (unknown columns …) on stderr, once */
		fprintf(stderr, "%s\n", d.notes[i]);
		free(d.notes[i]);
	}
	d.nnotes = 0;
	if (rc)
		return ctx_fail(&d);
	op_diag_release(&d);
	printf("%s%s: 新增 %ld，变更 %ld，未变 %ld，%s %ld\n", a.dry_run ? "试运行（未写入）" : "导入完成 ",
	       a.d->zh, n.added, n.changed, n.unchanged, a.d == &dir_objects ? "注销" : "移出", n.removed);
	return 0;
}
