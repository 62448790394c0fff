/*
 * This file implements "suiji export objects|people|conflicts|items": the directory as of a date
 * (default now) in the import format (CSV with BOM), JSON or xlsx.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "op/authz.h"
#include "io/table.h"
#include "store/directory.h"
#include "util/error.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"suiji export objects|people|conflicts|items [--format csv|json|xlsx] [-o 文件] [--as-of YYYY-MM-DD]";

static int write_entry(const struct dir_entry *e, void *arg)
{
	char *err = NULL;
	if (table_row(arg, e->vals, &err)) {
		error("%s", err);
		free(err);
		return -1;
	}
	return 0;
}

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
		case 'f': format = optarg; break;
		case 'o': out = optarg; break;
		case 'a': as_of = optarg; break;
		default: die_usage("%s", usage_text);
		}
	}
	if (argc - optind != 1)
		die_usage("%s", usage_text);
	const struct dirkind *d = dirkind_find(argv[optind]);
	if (!d)
		die_usage("未知名录“%s”。%s", argv[optind], usage_text);
	if (strcmp(format, "csv") && strcmp(format, "json") && strcmp(format, "xlsx"))
		die_usage("--format 应为 csv、json 或 xlsx");

	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_DIRECTORY_READ))
		return 1;
	const char **headers = xcalloc(d->nfields, sizeof(*headers));
	const char **keys = xcalloc(d->nfields, sizeof(*keys));
	for (size_t i = 0; i < d->nfields; i++) {
		headers[i] = d->fields[i].zh;
		keys[i] = d->fields[i].alias;
	}
	char *err = NULL;
	int rc = 1;
	struct table_writer *t = table_open(format, out, d->zh, d->nfields, headers, keys, &err);
	if (!t) {
		error("%s", err);
		goto out;
	}
	int walk = store_dir_each(st, d, as_of, 0, write_entry, t, &err);
	if (walk < 0 && err)
		error("%s", err);
	free(err);
	err = NULL;
	if (walk)
		table_abort(t); /* the previous file stays as it was */
	else if (table_close(t, &err))
		error("%s", err);
	else
		rc = 0;
	if (!rc && out && strcmp(out, "-"))
		fprintf(stderr, "已导出 %s 到 %s\n", d->zh, out);
out:
	free(err);
	free(headers);
	free(keys);
	return rc;
}
