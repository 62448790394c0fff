/*
 * This file implements "suiji directory": the quarterly dynamic adjustment of the directories
 * (Article 4: new, changed, deregistered, suspended entries with their dates, and for each change
 * the fields that changed, old → new) and one entry's history, through op/directory.h.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "op/directory.h"
#include "util/error.h"

static const char usage_text[] =
    "suiji directory changes --quarter 2025Q1 [--kind objects|people|conflicts|items]\n"
    "       suiji directory history objects|people|conflicts|items 键（如信用代码）";

static const char *const change_kinds[] = {"new",	   "changed", "suspended", "resumed",
					   "deregistered", "removed", "restored"};
#define NKINDS (sizeof(change_kinds) / sizeof(change_kinds[0]))

/* The entry's name for people to read: its name field, or for a conflict its reason. */
static const char *entry_label(const struct dirkind *d, char *const *vals)
{
	int i = dirkind_field_index(d, "name");
	return i >= 0 ? vals[i] : vals[d->nfields - 1];
}

/* The fields that changed, old → new, one per line. */
static void print_changes(const struct op_dir_version *v)
{
	for (size_t i = 0; i < v->nchanges; i++)
		printf("    %s: %s → %s\n", v->changes[i].field,
		       *v->changes[i].old ? v->changes[i].old : "（空）",
		       *v->changes[i].neu ? v->changes[i].neu : "（空）");
}

static int parse_quarter(const char *q, char from[16], char to[16])
{
	int year, n;
	char tail;
	static const char *const starts[] = {"01-01", "04-01", "07-01", "10-01"};
	static const char *const ends[] = {"03-31", "06-30", "09-30", "12-31"};
	if (strlen(q) != 6 || sscanf(q, "%4dQ%1d%c", &year, &n, &tail) != 2 || n < 1 || n > 4 || year < 1900)
		return -1;
	snprintf(from, 16, "%04d-%s", year, starts[n - 1]);
	snprintf(to, 16, "%04d-%s", year, ends[n - 1]);
	return 0;
}

static int changes(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"quarter", required_argument, 0, 'q'}, {"kind", required_argument, 0, 'k'}, {0, 0, 0, 0}};
	const char *quarter = NULL, *kind = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'q':
			quarter = optarg;
			break;
		case 'k':
			kind = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	char from[16], to[16];
	if (!quarter || optind != argc)
		die_usage("%s", usage_text);
	if (parse_quarter(quarter, from, to))
		die_usage("--quarter 应为“年份Q季度”，如 2025Q1，而不是“%s”", quarter);
	if (kind && !dirkind_find(kind))
		die_usage("未知名录“%s”", kind);
	printf("%s 名录动态调整（%s 至 %s）\n", quarter, from, to);
	for (int i = 0; dir_kinds[i]; i++) {
		const struct dirkind *dk = dir_kinds[i];
		if (kind && strcmp(kind, dk->name))
			continue;
		struct op_dir_versions ch;
		struct op_diag d = OP_DIAG_INIT;
		if (op_changes(ctx->session, dk, from, to, &ch, &d))
			return ctx_fail(&d);
		long counts[NKINDS] = {0};
		printf("\n【%s】\n", dk->zh);
		for (size_t j = 0; j < ch.n; j++) {
			const struct op_dir_version *v = &ch.v[j];
			for (size_t k = 0; k < NKINDS; k++)
				if (!strcmp(v->change, change_kinds[k]))
					counts[k]++;
			printf("%s  %-4s  %s  %s  （操作人 %s%s%s）\n", v->valid_from,
			       dir_change_zh(v->change), v->k, entry_label(dk, v->vals), v->actor,
			       *v->source ? "，来源 " : "", v->source);
			print_changes(v);
		}
		printf("小计:");
		for (size_t k = 0; k < NKINDS; k++)
			if (counts[k])
				printf(" %s %ld", dir_change_zh(change_kinds[k]), counts[k]);
		printf("%s\n", ch.n ? "" : " 无变动");
		op_dir_versions_release(&ch);
	}
	return 0;
}

static int history(int argc, char **argv, struct ctx *ctx)
{
	if (argc != 3)
		die_usage("%s", usage_text);
	const struct dirkind *dk = dirkind_find(argv[1]);
	if (!dk)
		die_usage("未知名录“%s”", argv[1]);
	struct op_dir_versions h;
	struct op_diag d = OP_DIAG_INIT;
	if (op_history(ctx->session, dk, argv[2], &h, &d))
		return ctx_fail(&d);
	printf("%s %s 的历史记录\n", dk->zh, argv[2]);
	for (size_t j = 0; j < h.n; j++) {
		const struct op_dir_version *v = &h.v[j];
		printf("%s 至 %s  %-4s  批次%ld  操作人 %s\n", v->valid_from,
		       *v->valid_to ? v->valid_to : "今", dir_change_zh(v->change), v->batch_id, v->actor);
		if (j == 0) { /* the first version whole, then what each later one changed */
			for (size_t i = 0; i < dk->nfields; i++)
				if (*v->vals[i])
					printf("    %s: %s\n", dk->fields[i].zh, v->vals[i]);
		} else if (!v->nchanges) {
			printf("    （字段未变）\n");
		} else {
			print_changes(v);
		}
	}
	op_dir_versions_release(&h);
	return 0;
}
int cmd_directory(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	if (!strcmp(argv[1], "changes"))
		return changes(argc - 1, argv + 1, ctx);
	if (!strcmp(argv[1], "history"))
		return history(argc - 1, argv + 1, ctx);
	die_usage("%s", usage_text);
}
