/*
 * This file implements "suiji targeted": targeted inspections (针对性检查, Article 2) — inspections of a
 * named object prompted by one of the eight triggers the article lists (a complaint, a referral, a
 * case …). They are tasks of kind "targeted" with their trigger, a reference (the complaint's number,
 * the referral's document) and the day of the inspection; they are never drawn, never count toward a
 * random quota, ratio, repeat window or yearly cap, and every statistic shows them apart.
 *
 * The inspection team (--team) and the experts who accompany it (--experts) may be named when the
 * inspection is recorded. Everyone named must be in the current people directory and on duty; team
 * members must be certified officers (人员类别 执法 with a certificate), at least two of them (行政处罚法
 * 第四十二条), experts must be 辅助; nobody with a declared conflict (回避关系) with the object may
 * take part.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/authz.h"
#include "cmd/cmd.h"
#include "core/calendar.h"
#include "core/dirschema.h"
#include "core/plan.h"
#include "store/audit.h"
#include "store/directory.h"
#include "store/plan.h"
#include "store/task.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "suiji targeted add --uscc 信用代码 --trigger 启动原因 --reference 来源编号 [--items 事项编码,…]\n"
    "       [--date YYYY-MM-DD] [--mode 现场|非现场] [--team 人员编号,… [--experts 人员编号,…]]\n"
    "       suiji targeted list [--year 年度] [--trigger 启动原因] [--json]\n"
    "启动原因: 信访投诉举报、上级转办、违法案件查处、其他部门移送、突发环境事件、核安全检查、\n"
    "          数据分析或监测发现问题、非现场执法发现问题\n"
    "--team    检查组：至少两名在岗、持执法证的执法人员（行政处罚法第四十二条），与该单位无回避关系\n"
    "--experts 随检查组参加检查的辅助人员（人员类别“辅助”，在岗，无回避关系）\n"
    "人员编号之间可用 , ， ; ； 、 分隔";

static int fail(char *err)
{
	error("%s", err ? err : "未知错误");
	free(err);
	return 1;
}

/* The most people --team or --experts may name (as "draw announce --team-size"). */
#define MAX_NAMED 20

/* One person named by --team or --experts, as the current people directory has them. */
struct named {
	char *id;
	int in_team; /* 1: --team, 0: --experts */
	int found, active, certified;
	char *name, *kind;
	char *conflict; /* the reason of a declared conflict with the object; NULL when none */
};

struct roster {
	const char *uscc;
	struct named p[2 * MAX_NAMED];
	size_t n;
};

static void roster_add(struct roster *r, const char *list, int in_team)
{
	size_t len;
	const char *cur = list, *e;
	while ((e = plan_list_next(&cur, &len)) && r->n < sizeof(r->p) / sizeof(r->p[0])) {
		struct named *p = &r->p[r->n++];
		memset(p, 0, sizeof(*p));
		p->id = xstrndup(e, len);
		p->in_team = in_team;
	}
}

static void roster_release(struct roster *r)
{
	for (size_t i = 0; i < r->n; i++) {
		free(r->p[i].id);
		free(r->p[i].name);
		free(r->p[i].kind);
		free(r->p[i].conflict);
	}
	r->n = 0;
}

static int roster_person(const struct dir_entry *e, void *arg)
{
	struct roster *r = arg;
	const struct dirkind *d = &dir_people;
	for (size_t i = 0; i < r->n; i++) {
		struct named *p = &r->p[i];
		if (strcmp(p->id, e->k))
			continue;
		p->found = 1;
		free(p->name);
		free(p->kind);
		p->name = xstrdup(e->vals[dirkind_field_index(d, "name")]);
		p->kind = xstrdup(e->vals[dirkind_field_index(d, "kind")]);
		p->active = !strcmp(e->vals[dirkind_field_index(d, "active")], "是");
		p->certified = *e->vals[dirkind_field_index(d, "cert_no")] != '\0';
	}
	return 0;
}

static int roster_conflict(const struct dir_entry *e, void *arg)
{
	struct roster *r = arg;
	const struct dirkind *d = &dir_conflicts;
	if (strcmp(e->vals[dirkind_field_index(d, "uscc")], r->uscc))
		return 0;
	const char *person = e->vals[dirkind_field_index(d, "person")];
	for (size_t i = 0; i < r->n; i++)
		if (!strcmp(r->p[i].id, person) && !r->p[i].conflict)
			r->p[i].conflict = xstrdup(e->vals[dirkind_field_index(d, "reason")]);
	return 0;
}

/*
 * Reads everyone in the roster from the current people and conflict directories and reports, all at
 * once, whoever may not take part. Returns 0 when all may, 1 when someone may not, -1 with *err set.
 */
static int roster_check(struct store *st, struct roster *r, char **err)
{
	if (!r->n)
		return 0;
	if (store_dir_each(st, &dir_people, NULL, 0, roster_person, r, err) ||
	    store_dir_each(st, &dir_conflicts, NULL, 0, roster_conflict, r, err))
		return -1;
	int bad = 0;
	for (size_t i = 0; i < r->n; i++) {
		const struct named *p = &r->p[i];
		const char *what = p->in_team ? "检查组成员" : "辅助检查人员";
		if (!p->found) {
			error("检查人员名录中没有人员编号“%s”（%s）", p->id, what);
			bad = 1;
			continue;
		}
		if (!p->active) {
			error("%s（%s）不在岗，不能作为%s", p->id, p->name, what);
			bad = 1;
		}
		if (p->in_team && (strcmp(p->kind, "执法") || !p->certified)) {
			error("%s（%s）人员类别为“%s”%s，不能列入检查组：检查组成员须为持执法证的执法人员",
			      p->id, p->name, p->kind, strcmp(p->kind, "执法") ? "" : "但没有执法证号");
			bad = 1;
		}
		if (!p->in_team && strcmp(p->kind, "辅助")) {
			error("%s（%s）人员类别为“%s”，不能作为辅助检查人员（须为“辅助”人员）", p->id,
			      p->name, p->kind);
			bad = 1;
		}
		if (p->conflict) {
			error("%s（%s）与 %s 有回避关系%s%s%s，不能参加对该单位的检查", p->id, p->name,
			      r->uscc, *p->conflict ? "（" : "", p->conflict, *p->conflict ? "）" : "");
			bad = 1;
		}
	}
	return bad;
}

/* Prints "P0001 王建华、P0002 李红梅" for the roster's team (in_team 1) or experts (0). */
static void roster_print(const char *label, const struct roster *r, int in_team)
{
	int first = 1;
	for (size_t i = 0; i < r->n; i++) {
		if (r->p[i].in_team != in_team)
			continue;
		printf("%s%s %s", first ? label : "、", r->p[i].id, r->p[i].name ? r->p[i].name : "");
		first = 0;
	}
	if (!first)
		putchar('\n');
}

/*
 * Normalizes the list option "opt" (separators , ， ; ； 、, joined by 、) into "out" and refuses, as a
 * usage error, an empty or overlong list. Does nothing when the option was not given.
 */
static void named_list(const char *opt, const char *arg, struct strbuf *out)
{
	if (!arg)
		return;
	plan_list_normalize(arg, out);
	size_t n = plan_list_count(strbuf_str(out));
	if (!n || n > MAX_NAMED) {
		strbuf_release(out);
		die_usage("%s 须列出 1 到 %d 个人员编号（以 , ， ; ； 、 分隔）", opt, MAX_NAMED);
	}
}

static int targeted_add(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"uscc", required_argument, 0, 'u'},
	    {"trigger", required_argument, 0, 't'},
	    {"reference", required_argument, 0, 'r'},
	    {"items", required_argument, 0, 'i'},
	    {"date", required_argument, 0, 'd'},
	    {"mode", required_argument, 0, 'm'},
	    {"team", required_argument, 0, 'T'},
	    {"experts", required_argument, 0, 'E'},
	    {0, 0, 0, 0},
	};
	const char *uscc = NULL, *trigger = NULL, *reference = NULL, *items = "", *date = NULL,
		   *mode = "现场", *team_arg = NULL, *experts_arg = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'u':
			uscc = optarg;
			break;
		case 't':
			trigger = optarg;
			break;
		case 'r':
			reference = optarg;
			break;
		case 'i':
			items = optarg;
			break;
		case 'd':
			date = optarg;
			break;
		case 'm':
			mode = optarg;
			break;
		case 'T':
			team_arg = optarg;
			break;
		case 'E':
			experts_arg = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc || !uscc || !trigger || !reference)
		die_usage("%s", usage_text);
	if (!targeted_trigger_valid(trigger))
		die_usage("启动原因“%s”不是第二条所列的针对性检查情形。\n%s", trigger, usage_text);
	if (!*reference || strlen(reference) > 200)
		die_usage("--reference 须写明线索来源编号（如信访件编号、转办或移送文号），不超过200字节");
	if (strcmp(mode, "现场") && strcmp(mode, "非现场"))
		die_usage("--mode 应为 现场 或 非现场");
	if (experts_arg && !team_arg)
		die_usage("辅助检查人员随检查组参加检查：--experts 须与 --team 一同使用");
	char today[11], at[26];
	clock_today(today);
	clock_now(at);
	if (date) {
		int day;
		char *derr = NULL;
		if (date_parse(date, &day, &derr)) {
			fprintf(stderr, "用法错误: --date: %s\n", derr);
			free(derr);
			return EXIT_USAGE;
		}
	} else {
		date = today;
	}
	struct strbuf team = STRBUF_INIT, experts = STRBUF_INIT;
	named_list("--team", team_arg, &team);
	named_list("--experts", experts_arg, &experts);
	size_t nteam = plan_list_count(strbuf_str(&team));
	if (team_arg && nteam < 2) {
		strbuf_release(&team);
		strbuf_release(&experts);
		die_usage("--team 只列了 %zu 名：检查组至少两名执法人员（行政处罚法第四十二条）", nteam);
	}
	struct store *st = ctx_store(ctx, 0);
	if (!st || authz_require(ctx, "task.create", NULL)) {
		strbuf_release(&team);
		strbuf_release(&experts);
		return 1;
	}

	/* everything checked is read inside the transaction that writes the task */
	struct strbuf list = STRBUF_INIT;
	struct roster roster = {.uscc = uscc};
	char *err = NULL;
	int bad = 0;
	long id = -1;
	if (store_begin(st, &err))
		goto fail;
	int has = store_dir_exists(st, &dir_objects, uscc, &err);
	if (has < 0)
		goto rollback;
	if (!has) {
		error("检查对象名录中没有统一社会信用代码为 %s 的单位", uscc);
		goto refused;
	}

	plan_list_normalize(items, &list);
	struct item_walk w = ITEM_WALK(strbuf_str(&list));
	int walked;
	while ((walked = store_item_next(st, &w, &err)) > 0)
		if (!w.listed) {
			error("事项 %s 不在随机抽查事项清单中", w.code);
			bad = 1;
		}
	item_walk_release(&w);
	if (walked < 0)
		goto rollback;
	roster_add(&roster, strbuf_str(&team), 1);
	roster_add(&roster, strbuf_str(&experts), 0);
	int r = roster_check(st, &roster, &err);
	if (r < 0)
		goto rollback;
	if (bad || r)
		goto refused;

	struct task t = {
	    .kind = "targeted",
	    .uscc = uscc,
	    .items = strbuf_str(&list),
	    .slot = date,
	    .mode = mode,
	    .team = strbuf_str(&team),
	    .experts = strbuf_str(&experts),
	    .trigger = trigger,
	    .reference = reference,
	    .created_at = at,
	    .created_by = ctx->actor,
	};
	char hash[65], subject[48], idtext[24];
	id = store_task_insert(st, &t, &err);
	if (id < 0)
		goto rollback;
	/* the entry carries the task family's own hash (team and experts included), which "suiji audit
	 * verify" recomputes */
	snprintf(idtext, sizeof(idtext), "%ld", id);
	snprintf(subject, sizeof(subject), "task:%ld", id);
	if (store_audit_rehash_task(st, idtext, hash, &err) ||
	    store_audit_append(st, at, ctx->actor, "targeted add", subject, hash, &err) ||
	    store_commit(st, &err))
		goto rollback;
	printf("已登记针对性检查 第%ld号: %s，启动原因 %s（%s），检查日期 %s\n", id, uscc, trigger, reference,
	       date);
	roster_print("检查组: ", &roster, 1);
	roster_print("辅助检查人员: ", &roster, 0);
	printf("（第二条：针对性检查不采取随机抽查方式，不计入随机抽查比例和频次）\n");
	roster_release(&roster);
	strbuf_release(&list);
	strbuf_release(&team);
	strbuf_release(&experts);
	return 0;
refused:
	store_rollback(st);
	roster_release(&roster);
	strbuf_release(&list);
	strbuf_release(&team);
	strbuf_release(&experts);
	return 1;
rollback:
	store_rollback(st);
fail:
	roster_release(&roster);
	strbuf_release(&list);
	strbuf_release(&team);
	strbuf_release(&experts);
	return fail(err);
}

struct list_state {
	const char *year;
	const char *trigger;
	int json;
	json_t *arr;
	long total, by[8];
};

static int list_one(const struct task *t, void *arg)
{
	struct list_state *ls = arg;
	if (ls->year && strncmp(t->slot, ls->year, 4))
		return 0;
	if (ls->trigger && strcmp(t->trigger, ls->trigger))
		return 0;
	ls->total++;
	for (int i = 0; targeted_triggers[i]; i++)
		if (!strcmp(t->trigger, targeted_triggers[i]))
			ls->by[i]++;
	if (ls->json) {
		json_t *o = json_object();
		json_object_set_new(o, "id", json_integer(t->id));
		json_object_set_new(o, "uscc", json_string(t->uscc));
		json_object_set_new(o, "trigger", json_string(t->trigger));
		json_object_set_new(o, "reference", json_string(t->reference));
		json_object_set_new(o, "items", json_string(t->items));
		json_object_set_new(o, "date", json_string(t->slot));
		json_object_set_new(o, "mode", json_string(t->mode));
		json_object_set_new(o, "team", json_string(t->team));
		json_object_set_new(o, "experts", json_string(t->experts));
		json_object_set_new(o, "state", json_string(t->state));
		json_object_set_new(o, "created_by", json_string(t->created_by));
		json_array_append_new(ls->arr, o);
	} else {
		printf("%ld  %s  %s  %-12s  %s  %s  %s%s%s%s%s%s%s\n", t->id, t->slot, t->uscc, t->trigger,
		       t->reference, t->mode, t->state, *t->items ? "  事项 " : "", t->items,
		       *t->team ? "  检查组 " : "", t->team, *t->experts ? "  辅助 " : "", t->experts);
	}
	return 0;
}

static int targeted_list(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'},
					     {"trigger", required_argument, 0, 't'},
					     {"json", no_argument, 0, 'j'},
					     {0, 0, 0, 0}};
	struct list_state ls = {0};
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			ls.year = optarg;
			break;
		case 't':
			ls.trigger = optarg;
			break;
		case 'j':
			ls.json = 1;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	if (ls.year && (strlen(ls.year) != 4 || strspn(ls.year, "0123456789") != 4))
		die_usage("--year 应为四位年份");
	if (ls.trigger && !targeted_trigger_valid(ls.trigger))
		die_usage("启动原因“%s”不是第二条所列的针对性检查情形", ls.trigger);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	char *err = NULL;
	struct task_filter f = {.kind = "targeted"};
	if (ls.json)
		ls.arr = json_array();
	if (store_task_each(st, &f, list_one, &ls, &err) < 0) {
		json_decref(ls.arr);
		return fail(err);
	}
	if (ls.json) {
		json_t *o = json_object(), *by = json_object();
		json_object_set_new(o, "targeted", ls.arr);
		json_object_set_new(o, "count", json_integer(ls.total));
		for (int i = 0; targeted_triggers[i]; i++)
			if (ls.by[i])
				json_object_set_new(by, targeted_triggers[i], json_integer(ls.by[i]));
		json_object_set_new(o, "by_trigger", by);
		json_object_set_new(o, "counted_in_random_quotas", json_false());
		char *s = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
		json_decref(o);
		puts(s ? s : "{}");
		free(s);
		return 0;
	}
	printf("针对性检查共 %ld 次%s%s（第二条，单独统计，不计入随机抽查比例和频次）\n", ls.total,
	       ls.year ? "，年度 " : "", ls.year ? ls.year : "");
	for (int i = 0; targeted_triggers[i]; i++)
		if (ls.by[i])
			printf("  %s: %ld\n", targeted_triggers[i], ls.by[i]);
	return 0;
}

int cmd_targeted(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	if (!strcmp(argv[1], "add"))
		return targeted_add(argc - 1, argv + 1, ctx);
	if (!strcmp(argv[1], "list"))
		return targeted_list(argc - 1, argv + 1, ctx);
	die_usage("未知子命令 targeted %s\n%s", argv[1], usage_text);
}
