/*
 * This file implements "suiji disclosure": Article 9's public disclosure of results — what is due and
 * what is late, publishing a result (its public record is frozen as published), and withholding one
 * that touches secrets, national or public security, with the reason and the role that decided.
 *
 *   suiji disclosure [--due]                       results awaiting publication, by due date, late first
 *   suiji disclosure list [--year 年份]            every decision, with on time / late
 *   suiji disclosure publish 任务编号 … [--date 公开日期]
 *   suiji disclosure withhold 任务编号 --reason 涉及国家秘密|涉及国家安全|涉及公共安全 --note 说明
 *
 * The due date is the 20th working day after the inspection's last day (docs/CALENDAR.md); a result
 * published on or before it is on time.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/authz.h"
#include "cmd/cmd.h"
#include "cmd/inspection.h"
#include "core/parse.h"
#include "core/region.h"
#include "op/public-record.h"
#include "core/result.h"
#include "store/org.h"
#include "store/unit.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/xalloc.h"

static const char usage_text[] =
	"用法: suiji disclosure [--due] [--within 工作日数]  列出待公开的检查结果（到期、超期；--within N：N 个工作日内到期的）\n"
	"      suiji disclosure list [--year 年份]          列出已公开和不予公开的决定\n"
	"      suiji disclosure publish 任务编号 … [--date 公开日期]\n"
	"      suiji disclosure withhold 任务编号 --reason 涉及国家秘密|涉及国家安全|涉及公共安全 --note 说明";

struct due_row {
	long task_id;
	char *uscc, *name, *end_date;
	char due[11];
	int tentative; /* the due date is provisional (暂定): its year's holiday notice is not loaded */
	char *problem; /* why no due date could be computed, or NULL */
};

struct due_state {
	struct ctx *ctx;
	struct due_row *rows;
	size_t n, alloc;
	long hidden;
};

static int collect_due(const struct task_view *v, void *arg)
{
	struct due_state *ds = arg;
	if (!authz_visible(ds->ctx, &v->task)) {
		ds->hidden++;
		return 0;
	}
	ALLOC_GROW(ds->rows, ds->n + 1, ds->alloc);
	struct due_row *r = &ds->rows[ds->n++];
	memset(r, 0, sizeof(*r));
	r->task_id = v->task.id;
	r->uscc = xstrdup(v->task.uscc);
	r->name = xstrdup(v->object_name);
	r->end_date = xstrdup(v->end_date);
	char *err = NULL;
	if (disclosure_due(ds->ctx, v->end_date, r->due, &r->tentative, &err)) {
		r->problem = err ? err : xstrdup("无法计算");
		snprintf(r->due, sizeof(r->due), "9999-99-99");
	}
	return 0;
}

static int due_cmp(const void *a, const void *b)
{
	const struct due_row *x = a, *y = b;
	int c = strcmp(x->due, y->due);
	return c ? c : (x->task_id < y->task_id ? -1 : x->task_id > y->task_id);
}

static int disclosure_due_list(struct ctx *ctx, int within)
{
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (authz_require(ctx, "report.read", NULL))
		return 1;
	struct due_state ds = {.ctx = ctx};
	struct task_view_filter f = {.state = "已检查"};
	char *err = NULL;
	if (store_task_view_each(st, &f, collect_due, &ds, &err) < 0) {
		error("%s", err);
		free(err);
		return 1;
	}
	if (ds.n)
		qsort(ds.rows, ds.n, sizeof(*ds.rows), due_cmp);
	char today[11], limit[11] = "";
	clock_today(today);
	if (within >= 0) {
		int tent = 0;
		if (workdays_after(ctx, today, within, limit, &tent, &err)) {
			error("--within: %s", err ? err : "无法计算");
			free(err);
			return 1;
		}
		size_t k = 0; /* keep what falls due by then (late ones included; undeterminable ones too) */
		for (size_t i = 0; i < ds.n; i++) {
			if (ds.rows[i].problem || strcmp(ds.rows[i].due, limit) <= 0) {
				ds.rows[k++] = ds.rows[i];
			} else {
				free(ds.rows[i].uscc);
				free(ds.rows[i].name);
				free(ds.rows[i].end_date);
			}
		}
		ds.n = k;
	}
	long late = 0, today_due = 0;
	if (ds.n)
		printf("任务   检查结束     公开截止     状态                 检查对象\n");
	for (size_t i = 0; i < ds.n; i++) {
		struct due_row *r = &ds.rows[i];
		char status[96];
		int n = 0, tent = 0;
		if (r->problem) {
			snprintf(status, sizeof(status), "截止日期无法计算");
		} else if (strcmp(today, r->due) > 0) {
			late++;
			if (!workdays_between(ctx, r->due, today, &n, &tent, &err))
				snprintf(status, sizeof(status), "已超期 %d 个工作日", n);
			else {
				snprintf(status, sizeof(status), "已超期");
				free(err);
				err = NULL;
			}
		} else if (!strcmp(today, r->due)) {
			today_due++;
			snprintf(status, sizeof(status), "今日截止");
		} else if (!workdays_between(ctx, today, r->due, &n, &tent, &err)) {
			snprintf(status, sizeof(status), "剩余 %d 个工作日", n);
		} else {
			snprintf(status, sizeof(status), "未到期");
			free(err);
			err = NULL;
		}
		printf("%-6ld %s  %s%s  %-18s  %s %s\n", r->task_id, r->end_date, r->problem ? "——————————" : r->due,
		       tentative_mark(r->tentative), status, r->uscc, r->name);
		if (r->problem)
			printf("       （%s）\n", r->problem);
	}
	if (within >= 0)
		printf("%d 个工作日内（%s 及以前）到期或已超期的待公开结果 %zu 条：已超期 %ld 条，今日截止 %ld 条%s\n", within,
		       limit, ds.n, late, today_due, ds.hidden ? "，仅本检查组" : "");
	else
		printf("待公开 %zu 条：已超期 %ld 条，今日截止 %ld 条（截至 %s）%s\n", ds.n, late, today_due, today,
		       ds.hidden ? "，仅本检查组" : "");
	for (size_t i = 0; i < ds.n; i++) {
		free(ds.rows[i].uscc);
		free(ds.rows[i].name);
		free(ds.rows[i].end_date);
		free(ds.rows[i].problem);
	}
	free(ds.rows);
	return 0;
}

/* ---- list of decisions ---- */

struct list_state {
	struct ctx *ctx;
	struct store *st;
	int year;
	long shown, on_time, late;
};

static int list_one(const struct disclosure_row *d, void *arg)
{
	struct list_state *ls = arg;
	struct task_info ti;
	char *err = NULL;
	if (task_info_load(ls->st, d->task_id, &ti, &err)) {
		free(err);
		return 0;
	}
	if ((ls->year && atoi(ti.end_date) != ls->year) ||
	    !authz_visible(ls->ctx, &ti.task)) {
		task_info_release(&ti);
		return 0;
	}
	ls->shown++;
	char due[11] = "";
	int tent = 0;
	const char *timing = "";
	if (!strcmp(d->decision, DISCLOSE_PUBLISH)) {
		if (disclosure_due(ls->ctx, ti.end_date, due, &tent, &err)) {
			free(err);
			timing = "";
		} else if (strcmp(d->on_date, due) <= 0) {
			timing = "按时";
			ls->on_time++;
		} else {
			timing = "超期";
			ls->late++;
		}
	}
	printf("%-6ld %-4s %s  检查结束 %s  截止 %s%s  %s  %s %s", d->task_id, d->decision, d->on_date, ti.end_date,
	       *due ? due : "-", *due ? tentative_mark(tent) : "", timing, ti.task.uscc, ti.object_name);
	if (*d->reason)
		printf("  理由 %s（%s，%s）", d->reason, d->actor, d->role);
	putchar('\n');
	task_info_release(&ti);
	return 0;
}

static int disclosure_list(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'}, {0, 0, 0, 0}};
	struct list_state ls = {.ctx = ctx};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 'y' || strlen(optarg) != 4 || strspn(optarg, "0123456789") != 4)
			die_usage("%s", usage_text);
		ls.year = atoi(optarg);
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	if (!(ls.st = ctx_store(ctx, 0)))
		return 1;
	if (authz_require(ctx, "report.read", NULL))
		return 1;
	char *err = NULL;
	if (store_disclosure_each(ls.st, NULL, list_one, &ls, &err)) {
		error("%s", err);
		free(err);
		return 1;
	}
	printf("共 %ld 条决定；已公开中按时 %ld 条，超期 %ld 条\n", ls.shown, ls.on_time, ls.late);
	return 0;
}

/* ---- publish and withhold ---- */

static int disclosure_decide(struct ctx *ctx, int withhold, int argc, char **argv)
{
	static const struct option opts[] = {
		{"date", required_argument, 0, 'd'},
		{"reason", required_argument, 0, 'r'},
		{"note", required_argument, 0, 'n'},
		{0, 0, 0, 0},
	};
	const char *date = NULL, *reason = NULL, *note = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'd': date = optarg; break;
		case 'r': reason = optarg; break;
		case 'n': note = optarg; break;
		default: die_usage("%s", usage_text);
		}
	}
	if (optind >= argc)
		die_usage("%s", usage_text);
	if (withhold) {
		if (!reason || !note || argc - optind != 1)
			die_usage("不予公开须写明 --reason 理由和 --note 说明，且一次一项任务。\n%s", usage_text);
		if (!result_withhold_reason_valid(reason))
			return error("--reason 应为 涉及国家秘密、涉及国家安全 或 涉及公共安全（《规范》第九条），而不是“%s”",
				     reason);
		if (!*note || strlen(note) > 2000)
			return error("--note 说明不能为空且不超过2000字节");
		for (const char *p = note; *p; p++)
			if ((unsigned char)*p < 0x20)
				return error("--note 说明不能含有控制字符");
	} else if (reason || note) {
		die_usage("--reason 和 --note 只用于 withhold（不予公开）");
	}
	char today[11];
	clock_today(today);
	if (!date)
		date = today;
	else if (check_date_arg("--date", date, 0))
		return 1;

	/* task numbers: separate arguments, or lists joined by , 、 ， ； (core/parse.h) */
	long *ids = NULL;
	size_t nids = 0;
	for (int i = optind; i < argc; i++) {
		long *part;
		size_t n;
		char bad[64];
		if (parse_id_list(argv[i], &part, &n, bad)) {
			free(ids);
			error("任务编号“%s”无效（应为正整数，多个编号用空格或 , 、 ， ； 分隔）", *bad ? bad : argv[i]);
			return EXIT_USAGE;
		}
		ids = xrealloc(ids, (nids + n) * sizeof(*ids));
		memcpy(ids + nids, part, n * sizeof(*ids));
		nids += n;
		free(part);
	}
	if (withhold && nids != 1) {
		free(ids);
		die_usage("不予公开一次一项任务。\n%s", usage_text);
	}
	int failures = 0;
	for (size_t i = 0; i < nids; i++) {
		struct task_info ti;
		char idtext[24];
		snprintf(idtext, sizeof(idtext), "%ld", ids[i]);
		int rc = task_load_for(ctx, idtext, withhold ? ACT_DISCLOSURE_WITHHOLD : ACT_DISCLOSURE_PUBLISH, &ti);
		if (rc) {
			failures++;
			continue;
		}
		if (*ti.end_date && strcmp(date, ti.end_date) < 0) {
			error("任务 %ld: 公开日期 %s 早于检查结束日期 %s", ti.task.id, date, ti.end_date);
			failures++;
			task_info_release(&ti);
			continue;
		}
		char now[26];
		clock_now(now);
		char *record = withhold || !ti.result_id ? NULL : op_public_record(ctx->store, &ti, date, NULL);
		struct disclosure_row d = {
			.task_id = ti.task.id,
			.result_id = ti.result_id,
			.decision = withhold ? DISCLOSE_WITHHOLD : DISCLOSE_PUBLISH,
			.on_date = date,
			.reason = reason,
			.note = note,
			.record = record,
			.at = now,
			.actor = ctx->actor,
			.role = authz_role(ctx),
		};
		char *err = NULL;
		rc = store_disclosure_record(ctx->store, &d, &err);
		if (rc) {
			error("%s", err ? err : "操作失败");
			failures++;
		} else if (withhold) {
			printf("任务 %ld 的检查结果不予公开：%s（%s，%s）\n", ti.task.id, reason, ctx->actor, d.role);
		} else {
			char due[11];
			char *e2 = NULL;
			printf("已公开任务 %ld 的检查结果（%s，公开日期 %s）", ti.task.id, ti.object_name, date);
			int tent = 0;
			if (!disclosure_due(ctx, ti.end_date, due, &tent, &e2))
				printf(strcmp(date, due) <= 0 ? "，按时（截止 %s%s）\n" : "，已超期（截止 %s%s）\n", due,
				       tentative_mark(tent));
			else
				putchar('\n');
			free(e2);
		}
		free(err);
		free(record);
		task_info_release(&ti);
	}
	free(ids);
	if (!withhold && !failures)
		printf("运行 suiji publish --out 目录 生成公开网站\n");
	return failures ? 1 : 0;
}

int cmd_disclosure(int argc, char **argv, struct ctx *ctx)
{
	if (argc == 1 || (argc == 2 && (!strcmp(argv[1], "--due") || !strcmp(argv[1], "due"))))
		return disclosure_due_list(ctx, -1);
	if ((argc == 3 || argc == 4) && (!strcmp(argv[argc - 2], "--within"))) {
		long n;
		if (argc == 4 && strcmp(argv[1], "--due") && strcmp(argv[1], "due"))
			die_usage("%s", usage_text);
		if (parse_long(argv[argc - 1], 0, 250, &n))
			die_usage("--within 应为 0 至 250 的工作日数，而不是“%s”", argv[argc - 1]);
		return disclosure_due_list(ctx, (int)n);
	}
	if (!strcmp(argv[1], "list"))
		return disclosure_list(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "publish"))
		return disclosure_decide(ctx, 0, argc - 1, argv + 1);
	if (!strcmp(argv[1], "withhold"))
		return disclosure_decide(ctx, 1, argc - 1, argv + 1);
	die_usage("%s", usage_text);
}
