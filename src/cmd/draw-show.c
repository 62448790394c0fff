/*
 * This file implements "suiji draw show" and "suiji draw list". The announcement is public from the
 * start; the drawn list (visits, teams) and the salt stay confidential until every inspection of the
 * draw has taken place, except for the roles that must act on them (cmd/authz.h, "draw.read").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/authz.h"
#include "cmd/draw-cmd.h"
#include "core/cj.h"
#include "store/draw.h"
#include "store/task.h"
#include "util/error.h"

static int count_open(const struct task *t, void *arg)
{
	if (!*t->cancelled && !strcmp(t->state, "待检查"))
		(*(long *)arg)++;
	return 0;
}

/* Number of the draw's tasks not yet inspected (cancelled ones do not count); -1 on error. */
long draw_open_tasks(struct store *st, long draw_id)
{
	struct task_filter f = {.draw_id = draw_id};
	long n = 0;
	char *err = NULL;
	if (store_task_each(st, &f, count_open, &n, &err) < 0) {
		error("%s", err);
		free(err);
		return -1;
	}
	return n;
}

static const char *state_zh(const char *state)
{
	return !strcmp(state, "announced") ? "已公告，待抽取"
	       : !strcmp(state, "drawn")   ? "已抽取"
	       : !strcmp(state, "revealed") ? "已公开（盐值已揭示）"
					    : "已作废";
}

static int show_one(const struct draw_row *d, void *arg)
{
	struct ctx *ctx = arg;
	printf("第 %ld 号抽取  %s\n", d->id, state_zh(d->state));
	printf("  年度 %d  时段 %s  计划事项 %s（计划第 %d 版）\n", d->year, d->period, d->lines, d->plan_version);
	printf("  公告: %s  %s\n", d->announced_at, d->announced_by);
	printf("  inputs_hash:     %s\n  salt_commitment: %s\n  公开随机数来源:  %s\n", d->inputs_hash, d->salt_commitment,
	       d->beacon_source);
	if (d->supersedes)
		printf("  替代第 %ld 号抽取，理由: %s\n", d->supersedes, d->reason);
	if (!strcmp(d->state, "announced") || !strcmp(d->state, "void"))
		return 0;
	printf("  抽取: %s  %s  公开随机数: %s\n", d->run_at, d->run_by, d->beacon_value);
	long open = draw_open_tasks(ctx->store, d->id);
	char *why = NULL;
	if (open != 0 && authz_check(ctx, "draw.read", NULL, &why)) {
		printf("  抽取结果在检查完成前保密（尚有 %ld 项检查任务待检查）。%s\n", open, why ? why : "");
		free(why);
		return 0;
	}
	free(why);
	if (!strcmp(d->state, "revealed"))
		printf("  盐值: %s（%s 揭示%s%s）\n", d->salt, d->revealed_at, *d->reveal_reason ? "，理由: " : "",
		       d->reveal_reason);
	json_t *result = cj_load(d->result, strlen(d->result), NULL);
	size_t i;
	json_t *v;
	printf("  序号  抽取号（前16位）  统一社会信用代码    时段     方式    检查组            辅助人员  未满足专长\n");
	json_array_foreach(json_object_get(result, "visits"), i, v)
	{
		printf("  %4zu  %.16s  %s  %s  %s", i + 1, json_string_value(json_object_get(v, "key")),
		       json_string_value(json_object_get(v, "uscc")), json_string_value(json_object_get(v, "slot")),
		       json_string_value(json_object_get(v, "mode")));
		const char *keys[] = {"team", "experts", "unmet"};
		for (int k = 0; k < 3; k++) {
			size_t j;
			json_t *p;
			putchar(' ');
			if (!json_array_size(json_object_get(v, keys[k])))
				printf(" —");
			json_array_foreach(json_object_get(v, keys[k]), j, p) printf(" %s", json_string_value(p));
		}
		if (json_is_string(json_object_get(v, "reason")))
			printf("  （可选执法人员不足）");
		putchar('\n');
	}
	json_decref(result);
	return 0;
}

int draw_with(struct ctx *ctx, long id, int (*fn)(const struct draw_row *d, void *arg), void *arg)
{
	char *err = NULL;
	int r = store_draw_get(ctx->store, id, fn, arg, &err);
	if (r == 1) {
		error("没有第 %ld 号抽取", id);
		return 1;
	}
	if (r < 0) {
		error("%s", err);
		free(err);
		return 1;
	}
	return 0;
}

int draw_show(int argc, char **argv, struct ctx *ctx)
{
	if (argc != 2)
		die_usage("suiji draw show 抽取号");
	long id = draw_parse_id(argv[1]);
	if (!ctx_store(ctx, 0))
		return 1;
	if (draw_with(ctx, id, show_one, ctx))
		return 1;
	return 0;
}

static int list_one(const struct draw_row *d, void *arg)
{
	printf("%4ld  %d %-8s 计划事项 %-8s %-10s 公告 %s %s\n", d->id, d->year, d->period, d->lines, state_zh(d->state),
	       d->announced_at, d->announced_by);
	(*(int *)arg)++;
	return 0;
}

int draw_list(int argc, char **argv, struct ctx *ctx)
{
	if (argc != 1)
		die_usage("suiji draw list");
	if (!ctx_store(ctx, 0))
		return 1;
	char *err = NULL;
	int n = 0;
	if (store_draw_each(ctx->store, list_one, &n, &err) < 0) {
		error("%s", err);
		free(err);
		return 1;
	}
	printf("共 %d 次抽取\n", n);
	return 0;
}
