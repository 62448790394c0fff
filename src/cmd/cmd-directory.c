/*
 * This file implements "suiji directory": the quarterly dynamic adjustment of the directories
 * (Article 4: new, changed, deregistered, suspended entries with their dates) and one entry's history.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "op/authz.h"
#include "core/calendar.h"
#include "store/directory.h"
#include "util/error.h"

static const char usage_text[] = "suiji directory changes --quarter 2025Q1 [--kind objects|people|conflicts|items]\n"
				 "       suiji directory history objects|people|conflicts|items 键（如信用代码）";

static const char *const change_kinds[] = {"new", "changed", "suspended", "resumed", "deregistered",
					   "removed", "restored"};
#define NKINDS (sizeof(change_kinds) / sizeof(change_kinds[0]))

struct changes_state {
	const struct dirkind *d;
	long counts[NKINDS];
	long total;
};

/* The entry's name for people to read: its name field, or for a conflict its reason. */
static const char *entry_label(const struct dirkind *d, const char *const *vals)
{
	int i = dirkind_field_index(d, "name");
	return i >= 0 ? vals[i] : vals[d->nfields - 1];
}

static int show_change(const struct dir_entry *e, void *arg)
{
	struct changes_state *cs = arg;
	for (size_t i = 0; i < NKINDS; i++)
		if (!strcmp(e->change, change_kinds[i]))
			cs->counts[i]++;
	cs->total++;
	printf("%s  %-4s  %s  %s  （操作人 %s%s%s）\n", e->valid_from, dir_change_zh(e->change), e->k,
	       entry_label(cs->d, e->vals), e->actor, *e->source ? "，来源 " : "", e->source);
	return 0;
}

static int show_history(const struct dir_entry *e, void *arg)
{
	const struct dirkind *d = arg;
	printf("%s 至 %s  %-4s  批次%ld  操作人 %s\n", e->valid_from, *e->valid_to ? e->valid_to : "今", dir_change_zh(e->change),
	       e->batch_id, e->actor);
	for (size_t i = 0; i < d->nfields; i++)
		if (*e->vals[i])
			printf("    %s: %s\n", d->fields[i].zh, e->vals[i]);
	return 0;
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
		case 'q': quarter = optarg; break;
		case 'k': kind = optarg; break;
		default: die_usage("%s", usage_text);
		}
	}
	char from[16], to[16];
	if (!quarter || optind != argc)
		die_usage("%s", usage_text);
	if (parse_quarter(quarter, from, to))
		die_usage("--quarter 应为“年份Q季度”，如 2025Q1，而不是“%s”", quarter);
	if (kind && !dirkind_find(kind))
		die_usage("未知名录“%s”", kind);
	struct store *st = ctx_store(ctx, 0);
	if (ctx_require(ctx, ACT_DIRECTORY_READ))
		return 1;
	if (!st)
		return 1;
	printf("%s 名录动态调整（%s 至 %s）\n", quarter, from, to);
	for (int i = 0; dir_kinds[i]; i++) {
		if (kind && strcmp(kind, dir_kinds[i]->name))
			continue;
		struct changes_state cs = {.d = dir_kinds[i]};
		char *err = NULL;
		printf("\n【%s】\n", dir_kinds[i]->zh);
		if (store_dir_changes(st, dir_kinds[i], from, to, show_change, &cs, &err) < 0) {
			error("%s", err);
			free(err);
			return 1;
		}
		printf("小计:");
		for (size_t k = 0; k < NKINDS; k++)
			if (cs.counts[k])
				printf(" %s %ld", dir_change_zh(change_kinds[k]), cs.counts[k]);
		printf("%s\n", cs.total ? "" : " 无变动");
	}
	return 0;
}

static int history(int argc, char **argv, struct ctx *ctx)
{
	if (argc != 3)
		die_usage("%s", usage_text);
	const struct dirkind *d = dirkind_find(argv[1]);
	if (!d)
		die_usage("未知名录“%s”", argv[1]);
	struct store *st = ctx_store(ctx, 0);
	if (ctx_require(ctx, ACT_DIRECTORY_READ))
		return 1;
	if (!st)
		return 1;
	char *err = NULL;
	printf("%s %s 的历史记录\n", d->zh, argv[2]);
	if (store_dir_history(st, d, argv[2], show_history, (void *)d, &err) < 0) {
		error("%s", err);
		free(err);
		return 1;
	}
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
