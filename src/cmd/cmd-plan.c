/*
 * This file implements "suiji plan": the annual plan (Article 6) — new, adjust, line add|edit|remove,
 * show, versions, check (Article 7's minimums), file (备案, with the filing document), and the two
 * commands that exercise what the draw calls: authorize (Article 3's three refusals) and spec (one
 * line's selection, items, needs and quota for one period). docs/PLAN.md is the user's guide.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "op/authz.h"
#include "cmd/plan-check.h"
#include "core/calendar.h"
#include "core/dirschema.h"
#include "io/plan-doc.h"
#include "store/directory.h"
#include "store/org.h"
#include "store/plan.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "suiji plan new --year 年度 [--date YYYY-MM-DD]\n"
    "       suiji plan line add --year 年度 --name 名称 --items 事项编码[,…] (--each | --ratio 百分比 | "
    "--count 家数 |\n"
    "             --per-staff 家数 [--staff-departments 科室,…]) [--period quarter|month] [--type 检查类型]\n"
    "             [--initiator 科室] [--participants 科室,…] [--class 重点,一般,特殊] [--city-managed "
    "是|否]\n"
    "             [--region 代码,…] [--industry 代码,…] [--tag 标识,…] [--positive 是|否] [--group 联合组] "
    "[--note 备注]\n"
    "       suiji plan line edit --year 年度 --line 序号 [同上的选项]\n"
    "       suiji plan line remove --year 年度 --line 序号\n"
    "       suiji plan show --year 年度 [--version N] [--json] [--html 文件] [--xlsx 文件]\n"
    "       suiji plan versions --year 年度\n"
    "       suiji plan check --year 年度 [--version N] [--as-of YYYY-MM-DD] [--json]\n"
    "       suiji plan file --year 年度 [--out-dir 目录]\n"
    "       suiji plan adjust --year 年度 --reason 调整原因 [--date YYYY-MM-DD]\n"
    "       suiji plan authorize --year 年度 --lines 序号[,…]\n"
    "       suiji plan spec --year 年度 --line 序号 --period 2026Q1|2026-03 [--pool 对象数] [--json]";

static int parse_year(const char *s)
{
	long y;
	if (parse_long(s, 1900, 9999, &y))
		die_usage("--year 应为四位年份，如 2026");
	return (int)y;
}

static int parse_positive(const char *opt, const char *s, long max)
{
	long v;
	if (parse_long(s, 1, max, &v))
		die_usage("%s 应为 1 到 %ld 的整数", opt, max);
	return (int)v;
}

static void check_date(const char *opt, const char *s)
{
	int day;
	char *err = NULL;
	if (date_parse(s, &day, &err)) {
		fprintf(stderr, "用法错误: %s: %s\n", opt, err);
		free(err);
		exit(EXIT_USAGE);
	}
}

static int fail(char *err)
{
	error("%s", err ? err : "未知错误");
	free(err);
	return 1;
}

/* ---- new, adjust ---- */

static int plan_new(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'}, {"date", required_argument, 0, 'd'}, {0, 0, 0, 0}};
	int year = 0, c;
	const char *date = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			year = parse_year(optarg);
			break;
		case 'd':
			date = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || optind != argc)
		die_usage("%s", usage_text);
	char today[11], at[26];
	clock_today(today);
	clock_now(at);
	if (date)
		check_date("--date", date);
	else
		date = today;
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_WRITE))
		return 1;
	char *err = NULL;
	if (store_plan_new(st, year, date, ctx->actor, at, &err))
		return fail(err);
	printf("已创建 %d 年度抽查工作计划第1版（草稿），计划日期 %s\n", year, date);
	char deadline[16];
	snprintf(deadline, sizeof(deadline), "%04d-12-31", (year - 1) % 10000);
	if (strcmp(today, deadline) > 0)
		printf("提示: 第六条要求在 %d 年 12 月 31 "
		       "日前制定并备案下一年度计划，现已逾期，备案时将标注“逾期备案”\n",
		       year - 1);
	return 0;
}

static int plan_adjust(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'},
					     {"date", required_argument, 0, 'd'},
					     {"reason", required_argument, 0, 'r'},
					     {0, 0, 0, 0}};
	int year = 0, c;
	const char *date = NULL, *reason = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			year = parse_year(optarg);
			break;
		case 'd':
			date = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || optind != argc)
		die_usage("%s", usage_text);
	if (!reason || !*reason)
		die_usage(
		    "调整计划须用 --reason 写明调整原因（第六条：计划可根据实际动态调整，每个版本都保留）");
	char today[11], at[26];
	clock_today(today);
	clock_now(at);
	if (date)
		check_date("--date", date);
	else
		date = today;
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_WRITE))
		return 1;
	char *err = NULL;
	int version;
	if (store_plan_adjust(st, year, date, reason, ctx->actor, at, &version, &err))
		return fail(err);
	printf("已创建 %d 年度计划第%d版（调整草稿，日期 %s），沿用第%d版的全部计划事项；修改后用 suiji plan "
	       "file 备案\n",
	       year, version, date, version - 1);
	return 0;
}

/* ---- lines ---- */

struct line_opts {
	const char *name, *type, *items, *initiator, *participants, *classes, *city, *regions, *industries,
	    *tags, *positive, *period, *staff_deps, *group, *note;
	int rule_set, nrules;
	enum quota_rule rule;
	const char *rule_value;
	int line;
	int year;
};

static void parse_line_opts(int argc, char **argv, struct line_opts *o)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'},
	    {"line", required_argument, 0, 'L'},
	    {"name", required_argument, 0, 'n'},
	    {"type", required_argument, 0, 't'},
	    {"items", required_argument, 0, 'i'},
	    {"initiator", required_argument, 0, 'I'},
	    {"participants", required_argument, 0, 'P'},
	    {"class", required_argument, 0, 'c'},
	    {"city-managed", required_argument, 0, 'C'},
	    {"region", required_argument, 0, 'r'},
	    {"industry", required_argument, 0, 'D'},
	    {"tag", required_argument, 0, 'T'},
	    {"positive", required_argument, 0, 'p'},
	    {"period", required_argument, 0, 'e'},
	    {"each", no_argument, 0, '1'},
	    {"ratio", required_argument, 0, '2'},
	    {"count", required_argument, 0, '3'},
	    {"per-staff", required_argument, 0, '4'},
	    {"staff-departments", required_argument, 0, 'S'},
	    {"group", required_argument, 0, 'g'},
	    {"note", required_argument, 0, 'N'},
	    {0, 0, 0, 0},
	};
	int c;
	memset(o, 0, sizeof(*o));
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			o->year = parse_year(optarg);
			break;
		case 'L':
			o->line = parse_positive("--line", optarg, 1000000);
			break;
		case 'n':
			o->name = optarg;
			break;
		case 't':
			o->type = optarg;
			break;
		case 'i':
			o->items = optarg;
			break;
		case 'I':
			o->initiator = optarg;
			break;
		case 'P':
			o->participants = optarg;
			break;
		case 'c':
			o->classes = optarg;
			break;
		case 'C':
			o->city = optarg;
			break;
		case 'r':
			o->regions = optarg;
			break;
		case 'D':
			o->industries = optarg;
			break;
		case 'T':
			o->tags = optarg;
			break;
		case 'p':
			o->positive = optarg;
			break;
		case 'e':
			o->period = optarg;
			break;
		case '1':
		case '2':
		case '3':
		case '4':
			o->rule_set = 1;
			o->nrules++;
			o->rule = (enum quota_rule)(c - '1');
			o->rule_value = optarg;
			break;
		case 'S':
			o->staff_deps = optarg;
			break;
		case 'g':
			o->group = optarg;
			break;
		case 'N':
			o->note = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (optind != argc || !o->year)
		die_usage("%s", usage_text);
	if (o->nrules > 1)
		die_usage("--each、--ratio、--count、--per-staff 只能选一个");
}

static void set_list(char **slot, const char *v)
{
	struct strbuf sb = STRBUF_INIT;
	plan_list_normalize(v, &sb);
	plan_set_str(slot, strbuf_str(&sb));
	strbuf_release(&sb);
}

static void report_usage(const char *reason, void *arg)
{
	struct strbuf *sb = arg;
	strbuf_addf(sb, "%s%s", sb->len ? "\n用法错误: " : "", reason);
}

/* Applies the options given to line "l" (values not given stay). */
static void apply_line_opts(const struct line_opts *o, struct plan_line *l)
{
	if (o->name)
		plan_set_str(&l->name, o->name);
	if (o->type)
		plan_set_str(&l->type, o->type);
	if (o->items)
		set_list(&l->items, o->items);
	if (o->initiator)
		plan_set_str(&l->initiator, o->initiator);
	if (o->participants)
		set_list(&l->participants, o->participants);
	if (o->classes) {
		set_list(&l->classes, o->classes);
		if (plan_list_has(l->classes, "全部"))
			plan_set_str(&l->classes, "");
	}
	if (o->city)
		plan_set_str(&l->city_managed, o->city);
	if (o->regions)
		set_list(&l->regions, o->regions);
	if (o->industries)
		set_list(&l->industries, o->industries);
	if (o->tags)
		set_list(&l->tags, o->tags);
	if (o->positive)
		plan_set_str(&l->positive, o->positive);
	if (o->period && period_from_name(o->period, &l->period))
		die_usage("--period 应为 quarter（季度）或 month（月）");
	if (o->rule_set) {
		const char *why;
		l->quota.rule = o->rule;
		l->quota.value = 0;
		if (o->rule == QUOTA_RATIO) {
			if (quota_parse_percent(o->rule_value, &l->quota.value, &why))
				die_usage("--ratio: %s", why);
		} else if (o->rule == QUOTA_COUNT) {
			l->quota.value = parse_positive("--count", o->rule_value, 1000000);
		} else if (o->rule == QUOTA_PER_STAFF) {
			l->quota.value = parse_positive("--per-staff", o->rule_value, 1000);
		}
		if (o->rule != QUOTA_PER_STAFF && !o->staff_deps)
			plan_set_str(&l->staff_departments, "");
	}
	if (o->staff_deps)
		set_list(&l->staff_departments, o->staff_deps);
	if (o->group)
		plan_set_str(&l->group, o->group);
	if (o->note)
		plan_set_str(&l->note, o->note);
}

/*
 * Fills what was left empty from the items: the initiator (the first item's department), the
 * participants (the other items' departments), the type (部门联合检查 when there are participants).
 * Warns about an item whose department takes no part.
 */
static int complete_line(struct store *st, struct plan_line *l, int fill, char **err)
{
	struct strbuf deps = STRBUF_INIT;
	size_t len;
	const char *cur, *e;
	struct item_walk w = ITEM_WALK(l->items);
	int r;
	while ((r = store_item_next(st, &w, err)) > 0)
		if (w.listed && !plan_list_has(strbuf_str(&deps), w.it.department))
			strbuf_addf(&deps, "%s%s", deps.len ? "、" : "", w.it.department);
	item_walk_release(&w);
	if (r < 0) {
		strbuf_release(&deps);
		return -1;
	}
	if (fill && !*l->initiator && deps.len) {
		const char *c2 = deps.buf;
		const char *first = plan_list_next(&c2, &len);
		char *init = xstrndup(first, len);
		plan_set_str(&l->initiator, init);
		free(init);
		if (!*l->participants)
			plan_set_str(&l->participants, c2);
	}
	if (fill && !*l->type)
		plan_set_str(&l->type, *l->participants ? "部门联合检查" : "日常监督管理检查");
	cur = strbuf_str(&deps);
	while ((e = plan_list_next(&cur, &len))) {
		char *dep = xstrndup(e, len);
		if (strcmp(dep, l->initiator) && !plan_list_has(l->participants, dep))
			warning("事项责任科室“%s”既不是发起部门也不是参与部门", dep);
		free(dep);
	}
	strbuf_release(&deps);
	return 0;
}

static void validate_line(const struct plan_line *l)
{
	struct strbuf why = STRBUF_INIT;
	if (plan_line_check(l, report_usage, &why)) {
		fprintf(stderr, "用法错误: %s\n", why.buf);
		strbuf_release(&why);
		exit(EXIT_USAGE);
	}
	strbuf_release(&why);
}

static void print_line(const struct plan_line *l, struct plan_item *items, size_t nitems)
{
	char buf[160];
	struct strbuf sb = STRBUF_INIT;
	printf("第%d项  %s  [%s]\n", l->no, l->name, l->type);
	printf("    抽查事项: ");
	if (items) {
		for (size_t k = 0; k < nitems; k++)
			printf("%s%s %s（%s）", k ? "；" : "", items[k].code, items[k].name,
			       items[k].department);
		if (nitems < plan_list_count(l->items))
			printf("%s（另有事项已不在清单中: %s）", nitems ? "；" : "", l->items);
	} else {
		printf("%s", l->items);
	}
	printf("\n    发起部门: %s；参与部门: %s\n", l->initiator, *l->participants ? l->participants : "—");
	plan_line_describe_objects(l, &sb);
	quota_describe(&l->quota, l->period, buf, sizeof(buf));
	printf("    检查对象: %s\n    抽查比例或频次: %s%s%s\n", sb.buf, buf,
	       *l->staff_departments ? "；人员科室 " : "", l->staff_departments);
	if (*l->group)
		printf("    联合抽查组: %s（同组事项合并抽取，同一对象一次上门，第八条）\n", l->group);
	if (*l->note)
		printf("    备注: %s\n", l->note);
	strbuf_release(&sb);
}

/*
 * Completes, checks and stores line "l" of "year" (a new line, or an edit of an existing one), prints
 * it, and releases it. Returns the command's exit code.
 */
static int save_line(struct ctx *ctx, struct store *st, int year, struct plan_line *l, int is_new)
{
	char *err = NULL, at[26];
	if (complete_line(st, l, is_new, &err)) {
		plan_line_release(l);
		return fail(err);
	}
	validate_line(l);
	clock_now(at);
	if (is_new ? store_plan_line_add(st, year, l, ctx->actor, at, &err)
		   : store_plan_line_update(st, year, l, ctx->actor, at, &err)) {
		plan_line_release(l);
		return fail(err);
	}
	printf("已%s %d 年度计划第%d项\n", is_new ? "新增" : "修改", year, l->no);
	print_line(l, NULL, 0);
	plan_line_release(l);
	return 0;
}

static int line_add(int argc, char **argv, struct ctx *ctx)
{
	struct line_opts o;
	parse_line_opts(argc, argv, &o);
	if (o.line)
		die_usage("新增计划事项时不能指定 --line（序号由系统分配）");
	if (!o.rule_set)
		die_usage("须指定抽查数量规则: --each（每期全部）、--ratio 百分比、--count 家数 或 "
			  "--per-staff 家数");
	if (!o.items)
		die_usage("须用 --items 指定抽查事项（事项清单中的编码）");
	struct plan_line l;
	plan_line_init(&l);
	l.period = PERIOD_QUARTER;
	plan_set_str(&l.type, "");
	apply_line_opts(&o, &l);
	struct store *st = ctx_store(ctx, 0);
	if (ctx_require(ctx, ACT_PLAN_WRITE))
		return 1;
	if (!st) {
		plan_line_release(&l);
		return 1;
	}
	return save_line(ctx, st, o.year, &l, 1);
}

/* A copy of line "no" of the year's current version into *out. */
static int find_line(struct store *st, int year, int no, struct plan_line *out, char **err)
{
	struct plan_version v;
	int found = store_plan_current(st, year, &v, err);
	if (found <= 0)
		return found ? -1 : set_err(err, "没有 %d 年度抽查计划", year);
	struct plan_line *lines;
	size_t n;
	int rc = store_plan_lines(st, v.id, &lines, &n, err);
	if (!rc) {
		rc = -1;
		for (size_t i = 0; i < n && rc; i++) {
			if (lines[i].no == no) {
				plan_line_copy(out, &lines[i]);
				rc = 0;
			}
		}
		if (rc)
			set_err(err, "%d 年度计划第%d版中没有第%d项", year, v.version, no);
		plan_lines_free(lines, n);
	}
	plan_version_release(&v);
	return rc;
}

static int line_edit(int argc, char **argv, struct ctx *ctx)
{
	struct line_opts o;
	parse_line_opts(argc, argv, &o);
	if (!o.line)
		die_usage("须用 --line 指定要修改的计划事项序号");
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_WRITE))
		return 1;
	char *err = NULL;
	struct plan_line l;
	if (find_line(st, o.year, o.line, &l, &err))
		return fail(err);
	apply_line_opts(&o, &l);
	return save_line(ctx, st, o.year, &l, 0);
}

static int line_remove(int argc, char **argv, struct ctx *ctx)
{
	struct line_opts o;
	parse_line_opts(argc, argv, &o);
	if (!o.line)
		die_usage("须用 --line 指定要删除的计划事项序号");
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_WRITE))
		return 1;
	char *err = NULL, at[26];
	clock_now(at);
	if (store_plan_line_remove(st, o.year, o.line, ctx->actor, at, &err))
		return fail(err);
	printf("已从 %d 年度计划草稿中删除第%d项（序号不再使用）\n", o.year, o.line);
	return 0;
}

static int plan_line_cmd(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	if (!strcmp(argv[1], "add"))
		return line_add(argc - 1, argv + 1, ctx);
	if (!strcmp(argv[1], "edit"))
		return line_edit(argc - 1, argv + 1, ctx);
	if (!strcmp(argv[1], "remove"))
		return line_remove(argc - 1, argv + 1, ctx);
	die_usage("未知子命令 plan line %s，应为 add、edit 或 remove", argv[1]);
}

/* ---- show, versions ---- */

static const char *status_zh(const struct plan_version *v)
{
	return plan_version_filed(v) ? (v->late ? "已备案（逾期）" : "已备案") : "草稿";
}

static json_t *line_json(const struct plan_line *l, const struct a7_line *c)
{
	json_t *o = json_object();
	json_object_set_new(o, "line", json_integer(l->no));
	json_object_set_new(o, "name", json_string(l->name));
	json_object_set_new(o, "type", json_string(l->type));
	json_object_set_new(o, "items", json_string(l->items));
	json_object_set_new(o, "initiator", json_string(l->initiator));
	json_object_set_new(o, "participants", json_string(l->participants));
	json_object_set_new(o, "class", json_string(l->classes));
	json_object_set_new(o, "city_managed", json_string(l->city_managed));
	json_object_set_new(o, "region", json_string(l->regions));
	json_object_set_new(o, "industry", json_string(l->industries));
	json_object_set_new(o, "tags", json_string(l->tags));
	json_object_set_new(o, "positive_list", json_string(l->positive));
	json_object_set_new(o, "period", json_string(period_name(l->period)));
	json_object_set_new(o, "rule", json_string(quota_rule_name(l->quota.rule)));
	if (l->quota.rule == QUOTA_RATIO) {
		char pct[16];
		quota_format_percent(l->quota.value, pct);
		json_object_set_new(o, "ratio", json_string(pct));
	} else if (l->quota.rule != QUOTA_EACH) {
		json_object_set_new(o, l->quota.rule == QUOTA_COUNT ? "count" : "per_staff",
				    json_integer(l->quota.value));
	}
	json_object_set_new(o, "staff_departments", json_string(l->staff_departments));
	json_object_set_new(o, "group", json_string(l->group));
	json_object_set_new(o, "note", json_string(l->note));
	if (c) {
		json_object_set_new(o, "pool", json_integer(c->pool));
		json_t *q = json_array();
		for (int p = 0; p < c->nperiods; p++)
			json_array_append_new(q, json_integer(c->quota[p]));
		json_object_set_new(o, "quota", q);
		json_object_set_new(o, "year_total", json_integer(c->year_total));
		if (l->quota.rule == QUOTA_PER_STAFF)
			json_object_set_new(o, "staff", json_integer(c->staff));
	}
	return o;
}

static json_t *version_json(const struct plan_version *v)
{
	json_t *o = json_object();
	json_object_set_new(o, "version", json_integer(v->version));
	json_object_set_new(o, "status", json_string(v->status));
	json_object_set_new(o, "date", json_string(v->date));
	json_object_set_new(o, "reason", json_string(v->reason));
	json_object_set_new(o, "created_at", json_string(v->created_at));
	json_object_set_new(o, "created_by", json_string(v->created_by));
	json_object_set_new(o, "filed_date", json_string(v->filed_date));
	json_object_set_new(o, "filed_by", json_string(v->filed_by));
	json_object_set_new(o, "late", json_boolean(v->late));
	json_object_set_new(o, "content_hash", json_string(v->content_hash));
	return o;
}

static int print_json(json_t *o)
{
	char *s = json_dumps(o, JSON_INDENT(1) | JSON_SORT_KEYS);
	json_decref(o);
	if (!s)
		return error("无法生成 JSON");
	puts(s);
	free(s);
	return 0;
}

struct history {
	struct plan_doc_version *v;
	size_t n;
	char **strings;
	size_t nstrings;
};

static char *keep(struct history *h, const char *s)
{
	h->strings = xrealloc(h->strings, (h->nstrings + 1) * sizeof(char *));
	return h->strings[h->nstrings++] = xstrdup(s);
}

static int collect_version(const struct plan_version *v, void *arg)
{
	struct history *h = arg;
	h->v = xrealloc(h->v, (h->n + 1) * sizeof(*h->v));
	struct plan_doc_version *d = &h->v[h->n++];
	d->version = v->version;
	d->status = keep(h, v->status);
	d->date = keep(h, v->date);
	d->reason = keep(h, v->reason);
	d->filed_date = keep(h, v->filed_date);
	d->late = v->late;
	return 0;
}

static void history_release(struct history *h)
{
	for (size_t i = 0; i < h->nstrings; i++)
		free(h->strings[i]);
	free(h->strings);
	free(h->v);
}

/* The filing document's description of a checked version; "filed_date", "hash" and "late" as given. */
static void doc_from_check(const struct plan_check *pc, const struct history *h, const char *filed_date,
			   const char *hash, int late, struct plan_doc *d)
{
	memset(d, 0, sizeof(*d));
	d->org = pc->org.name;
	d->county = !strcmp(pc->org.level, "county");
	d->year = pc->v.year;
	d->version = pc->v.version;
	d->filed = *filed_date != '\0';
	d->date = pc->v.date;
	d->reason = pc->v.reason;
	d->filed_date = filed_date;
	d->late = late;
	d->content_hash = hash;
	d->lines = pc->lines;
	d->nlines = pc->nlines;
	d->items = (const struct plan_item *const *)pc->items;
	d->nitems = pc->nitems;
	d->check = &pc->r;
	d->check_as_of = pc->as_of;
	d->settings = &pc->settings;
	d->history = h->v;
	d->nhistory = h->n;
}

static int write_docs(const struct plan_doc *d, const char *html, const char *xlsx)
{
	char *err = NULL;
	if (html && plan_doc_html(d, html, &err))
		return fail(err);
	if (xlsx && plan_doc_xlsx(d, xlsx, &err))
		return fail(err);
	return 0;
}

static int plan_show(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'}, {"version", required_argument, 0, 'v'},
	    {"json", no_argument, 0, 'j'},	 {"html", required_argument, 0, 'h'},
	    {"xlsx", required_argument, 0, 'x'}, {0, 0, 0, 0}};
	int year = 0, version = 0, json = 0, c;
	const char *html = NULL, *xlsx = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			year = parse_year(optarg);
			break;
		case 'v':
			version = parse_positive("--version", optarg, 100000);
			break;
		case 'j':
			json = 1;
			break;
		case 'h':
			html = optarg;
			break;
		case 'x':
			xlsx = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || optind != argc)
		die_usage("%s", usage_text);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_READ))
		return 1;
	char *err = NULL;
	struct plan_check pc;
	int found = plan_check_run(st, year, version, NULL, &pc, &err);
	if (found < 0)
		return fail(err);
	if (!found)
		return version ? error("%d 年度计划没有第%d版", year, version)
			       : error("没有 %d 年度抽查计划（suiji plan new --year %d）", year, year);
	int rc = 0;
	if (html || xlsx) {
		struct history h = {0};
		struct plan_doc d;
		if (store_plan_versions(st, year, collect_version, &h, &err) < 0) {
			history_release(&h);
			plan_check_release(&pc);
			return fail(err);
		}
		doc_from_check(&pc, &h, pc.v.filed_date, pc.v.content_hash, pc.v.late, &d);
		rc = write_docs(&d, html, xlsx);
		history_release(&h);
		if (!rc)
			fprintf(stderr, "已写出 %s%s%s\n", html ? html : "", html && xlsx ? " 和 " : "",
				xlsx ? xlsx : "");
	} else if (json) {
		json_t *o = version_json(&pc.v);
		json_object_set_new(o, "year", json_integer(year));
		json_t *lines = json_array();
		for (size_t i = 0; i < pc.nlines; i++)
			json_array_append_new(lines, line_json(&pc.lines[i], &pc.r.lines[i]));
		json_object_set_new(o, "lines", lines);
		rc = print_json(o);
	} else {
		printf("%s %d 年度抽查工作计划  第%d版  %s  计划日期 %s\n", pc.org.name, year, pc.v.version,
		       status_zh(&pc.v), pc.v.date);
		if (*pc.v.reason)
			printf("调整原因: %s\n", pc.v.reason);
		if (plan_version_filed(&pc.v))
			printf("备案日期: %s（%s）  内容校验码 %s\n", pc.v.filed_date, pc.v.filed_by,
			       pc.v.content_hash);
		if (!pc.nlines)
			printf("（尚无计划事项，用 suiji plan line add 添加）\n");
		for (size_t i = 0; i < pc.nlines; i++) {
			putchar('\n');
			print_line(&pc.lines[i], pc.items[i], pc.nitems[i]);
			const struct a7_line *lc = &pc.r.lines[i];
			printf("    截至 %s: 可抽取对象 %ld 家，全年抽查 %ld 家次（每期", pc.as_of, lc->pool,
			       lc->year_total);
			for (int p = 0; p < lc->nperiods; p++)
				printf(" %ld", lc->quota[p]);
			printf("）\n");
		}
	}
	plan_check_release(&pc);
	return rc;
}

static int print_version(const struct plan_version *v, void *arg)
{
	printf("第%d版  %s  日期 %s  ", v->version, status_zh(v), v->date);
	if (plan_version_filed(v))
		printf("备案 %s（%s）  ", v->filed_date, v->filed_by);
	printf("编制 %s  %s\n", v->created_by, *v->reason ? v->reason : (v->version == 1 ? "年度计划" : ""));
	(*(int *)arg)++;
	return 0;
}

static int plan_versions(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'}, {0, 0, 0, 0}};
	int year = 0, c, n = 0;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 'y')
			die_usage("%s", usage_text);
		year = parse_year(optarg);
	}
	if (!year || optind != argc)
		die_usage("%s", usage_text);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_READ))
		return 1;
	char *err = NULL;
	if (store_plan_versions(st, year, print_version, &n, &err) < 0)
		return fail(err);
	if (!n)
		return error("没有 %d 年度抽查计划", year);
	return 0;
}

/* ---- check ---- */

static const char *const quarter_zh[] = {"一", "二", "三", "四"};

static void print_minimum(const struct plan_check *pc, const struct a7_minimum *m)
{
	char pct[16];
	const char *label = m->zh;
	char buf[200];
	if (!strcmp(m->rule, "key_other_ratio")) {
		quota_format_percent(pc->settings.key_other_bp, pct);
		snprintf(buf, sizeof(buf), "非市管重点排污单位每季度抽查比例不少于%s", pct);
		label = buf;
	} else if (!strcmp(m->rule, "general_per_staff")) {
		snprintf(buf, sizeof(buf), "一般监管对象每年至少抽查 %ld 人 × %d 家（不超过对象数 %ld 家）",
			 pc->r.staff, pc->r.general_factor, pc->r.count[A7_GENERAL]);
		label = buf;
	}
	if (!m->applies) {
		printf("  [不适用] %s（本单位设置已关闭）\n", label);
		return;
	}
	printf("  [%s] %s: 应抽查 %ld，计划 %ld，差额 %ld\n", m->shortfall ? "未达到" : "符合", label,
	       m->required, m->planned, m->shortfall);
	if (m->quarterly) {
		printf("         ");
		for (int q = 0; q < 4; q++)
			printf("第%s季度 %ld/%ld%s", quarter_zh[q], m->q_planned[q], m->q_required[q],
			       q < 3 ? "  " : "\n");
	}
}

static json_t *check_json(const struct plan_check *pc)
{
	const struct a7_result *r = &pc->r;
	json_t *o = json_object();
	json_object_set_new(o, "year", json_integer(pc->v.year));
	json_object_set_new(o, "level", json_string(pc->org.level));
	json_object_set_new(o, "version", json_integer(pc->v.version));
	json_object_set_new(o, "status", json_string(pc->v.status));
	json_object_set_new(o, "as_of", json_string(pc->as_of));
	json_t *dir = json_object();
	json_object_set_new(dir, "key_city", json_integer(r->count[A7_KEY_CITY]));
	json_object_set_new(dir, "key_other", json_integer(r->count[A7_KEY_OTHER]));
	json_object_set_new(dir, "general", json_integer(r->count[A7_GENERAL]));
	json_object_set_new(dir, "special", json_integer(r->count[A7_SPECIAL]));
	json_object_set_new(dir, "not_eligible", json_integer(r->excluded));
	json_object_set_new(dir, "staff", json_integer(r->staff));
	json_object_set_new(o, "directory", dir);
	json_t *mins = json_array();
	for (int i = 0; i < A7_NRULES; i++) {
		const struct a7_minimum *m = &r->min[i];
		json_t *j = json_object();
		json_object_set_new(j, "rule", json_string(m->rule));
		json_object_set_new(j, "applies", json_boolean(m->applies));
		json_object_set_new(j, "required", json_integer(m->required));
		json_object_set_new(j, "planned", json_integer(m->planned));
		json_object_set_new(j, "shortfall", json_integer(m->shortfall));
		if (m->quarterly) {
			json_t *qs = json_array();
			for (int q = 0; q < 4; q++) {
				json_t *jq = json_object();
				char label[16];
				period_label(pc->v.year, PERIOD_QUARTER, q, label);
				json_object_set_new(jq, "quarter", json_string(label));
				json_object_set_new(jq, "required", json_integer(m->q_required[q]));
				json_object_set_new(jq, "planned", json_integer(m->q_planned[q]));
				json_object_set_new(jq, "shortfall", json_integer(m->q_shortfall[q]));
				json_array_append_new(qs, jq);
			}
			json_object_set_new(j, "quarters", qs);
		}
		if (!strcmp(m->rule, "key_other_ratio")) {
			char pct[16];
			quota_format_percent(pc->settings.key_other_bp, pct);
			json_object_set_new(j, "ratio", json_string(pct));
		} else if (!strcmp(m->rule, "general_per_staff")) {
			json_object_set_new(j, "per_staff", json_integer(r->general_factor));
			json_object_set_new(j, "staff", json_integer(r->staff));
		}
		json_array_append_new(mins, j);
	}
	json_object_set_new(o, "minimums", mins);
	json_t *miss = json_array();
	for (size_t i = 0; i < r->nmissing; i++) {
		json_t *j = json_object(), *qs = json_array();
		json_object_set_new(j, "uscc", json_string(r->missing[i].uscc));
		json_object_set_new(j, "name", json_string(r->missing[i].name));
		for (int q = 0; q < 4; q++)
			if (r->missing[i].quarters & (1u << q))
				json_array_append_new(qs, json_integer(q + 1));
		json_object_set_new(j, "quarters", qs);
		json_array_append_new(miss, j);
	}
	json_object_set_new(o, "key_city_not_covered", miss);
	json_t *lines = json_array();
	for (size_t i = 0; i < pc->nlines; i++)
		json_array_append_new(lines, line_json(&pc->lines[i], &r->lines[i]));
	json_object_set_new(o, "lines", lines);
	json_t *t = json_object(), *by = json_object();
	json_object_set_new(t, "count", json_integer(pc->targeted));
	for (int i = 0; targeted_triggers[i]; i++)
		if (pc->targeted_by_trigger[i])
			json_object_set_new(by, targeted_triggers[i],
					    json_integer(pc->targeted_by_trigger[i]));
	json_object_set_new(t, "by_trigger", by);
	json_object_set_new(t, "counted_in_minimums", json_false());
	json_object_set_new(o, "targeted", t);
	json_object_set_new(o, "random_tasks", json_integer(pc->random_tasks));
	json_object_set_new(o, "ok", json_boolean(r->ok));
	return o;
}

/* Settings below the regulation's values (Article 7) are allowed but said. */
static void warn_weak_settings(const struct plan_check *pc)
{
	int county = !strcmp(pc->org.level, "county");
	for (size_t i = 0; i < plan_setting_count; i++) {
		const struct setting_def *d = &plan_setting_defs[i];
		long reg = county ? d->county : d->city;
		if (d->minimum && plan_setting_value(&pc->settings, d) < reg) {
			char v[32];
			plan_setting_format(&pc->settings, d, v);
			printf("注意: 本单位设置 %s = %s，低于第七条的要求（suiji settings history "
			       "可查设置记录）\n",
			       d->key, v);
		}
	}
}

static int plan_check(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'},
					     {"version", required_argument, 0, 'v'},
					     {"as-of", required_argument, 0, 'a'},
					     {"json", no_argument, 0, 'j'},
					     {0, 0, 0, 0}};
	int year = 0, version = 0, json = 0, c;
	const char *as_of = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			year = parse_year(optarg);
			break;
		case 'v':
			version = parse_positive("--version", optarg, 100000);
			break;
		case 'a':
			as_of = optarg;
			break;
		case 'j':
			json = 1;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || optind != argc)
		die_usage("%s", usage_text);
	if (as_of)
		check_date("--as-of", as_of);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_READ))
		return 1;
	char *err = NULL;
	struct plan_check pc;
	int found = plan_check_run(st, year, version, as_of, &pc, &err);
	if (found < 0)
		return fail(err);
	if (!found)
		return version ? error("%d 年度计划没有第%d版", year, version)
			       : error("没有 %d 年度抽查计划（suiji plan new --year %d）", year, year);
	int ok = pc.r.ok;
	if (json) {
		print_json(check_json(&pc));
		plan_check_release(&pc);
		return ok ? 0 : 1;
	}
	const struct a7_result *r = &pc.r;
	printf("%s（%s级）%d 年度抽查计划 第%d版（%s），按截至 %s 的名录核对第七条\n", pc.org.name,
	       !strcmp(pc.org.level, "county") ? "县" : "市", year, pc.v.version, status_zh(&pc.v), pc.as_of);
	printf("检查对象: 重点监管对象 %ld 家（市管 %ld，非市管 %ld），一般监管对象 %ld 家，特殊监管对象 %ld "
	       "家；"
	       "不可抽取 %ld 家（注销%s）\n",
	       r->count[A7_KEY_CITY] + r->count[A7_KEY_OTHER], r->count[A7_KEY_CITY], r->count[A7_KEY_OTHER],
	       r->count[A7_GENERAL], r->count[A7_SPECIAL], r->excluded,
	       pc.settings.suspended_eligible ? "" : "或停产");
	printf("业务部门在编在岗人员: %ld 人（执法、监管人员，在岗）\n\n第七条最低要求:\n", r->staff);
	for (int i = 0; i < A7_NRULES; i++)
		print_minimum(&pc, &r->min[i]);
	if (r->nmissing && r->min[A7_RULE_KEY_CITY].applies) {
		printf("\n未确保每季度检查的市管重点排污单位（%zu 家）:\n", r->nmissing);
		for (size_t i = 0; i < r->nmissing && i < 50; i++) {
			printf("  %s %s（第", r->missing[i].uscc, r->missing[i].name);
			int first = 1;
			for (int q = 0; q < 4; q++)
				if (r->missing[i].quarters & (1u << q)) {
					printf("%s%s", first ? "" : "、", quarter_zh[q]);
					first = 0;
				}
			printf("季度）\n");
		}
		if (r->nmissing > 50)
			printf("  ……另有 %zu 家（--json 列出全部）\n", r->nmissing - 50);
	}
	putchar('\n');
	warn_weak_settings(&pc);
	printf("针对性检查 %ld 次（第二条，单独统计，不计入随机抽查比例）；本年度计划已抽取随机抽查任务 %ld "
	       "次\n",
	       pc.targeted, pc.random_tasks);
	if (ok)
		printf("结论: 计划符合第七条规定的抽查频次和比例\n");
	else
		printf("结论: 计划未达到第七条规定的抽查频次和比例，差额见上\n");
	plan_check_release(&pc);
	return ok ? 0 : 1;
}

/* ---- file ---- */

static int plan_file(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'}, {"out-dir", required_argument, 0, 'o'}, {0, 0, 0, 0}};
	int year = 0, c;
	const char *dir = ".";
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			year = parse_year(optarg);
			break;
		case 'o':
			dir = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || optind != argc)
		die_usage("%s", usage_text);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_FILE))
		return 1;
	char *err = NULL, today[11], at[26], hash[65], first_day[16];
	clock_today(today);
	clock_now(at);
	struct plan_check pc;
	int found = plan_check_run(st, year, 0, NULL, &pc, &err);
	if (found < 0)
		return fail(err);
	if (!found)
		return error("没有 %d 年度抽查计划（suiji plan new --year %d）", year, year);
	if (plan_version_filed(&pc.v)) {
		error("%d 年度计划当前版本（第%d版）已于 %s 备案；如需调整请先运行 suiji plan adjust", year,
		      pc.v.version, pc.v.filed_date);
		plan_check_release(&pc);
		return 1;
	}
	if (!pc.nlines) {
		error("%d 年度计划第%d版没有任何计划事项，不能备案", year, pc.v.version);
		plan_check_release(&pc);
		return 1;
	}
	/* the document describes the version as it will be filed: the same hash and lateness as the store's
	 */
	plan_content_hash(&pc.v, pc.lines, pc.nlines, hash);
	snprintf(first_day, sizeof(first_day), "%04d-01-01", year % 10000);
	int late = pc.v.version == 1 && strcmp(today, first_day) >= 0;
	struct history h = {0};
	if (store_plan_versions(st, year, collect_version, &h, &err) < 0) {
		history_release(&h);
		plan_check_release(&pc);
		return fail(err);
	}
	for (size_t i = 0; i < h.n; i++) {
		if (h.v[i].version == pc.v.version) {
			h.v[i].status = "filed";
			h.v[i].filed_date = today;
			h.v[i].late = late;
		}
	}
	struct plan_doc d;
	doc_from_check(&pc, &h, today, hash, late, &d);
	char *html = xasprintf("%s/%d年度抽查工作计划-第%d版.html", dir, year, pc.v.version);
	char *xlsx = xasprintf("%s/%d年度抽查工作计划-第%d版.xlsx", dir, year, pc.v.version);
	int rc = write_docs(&d, html, xlsx);
	struct plan_version filed = {0};
	if (!rc && store_plan_file(st, year, today, ctx->actor, at, &filed, &err)) {
		remove(html);
		remove(xlsx);
		rc = fail(err);
	}
	if (!rc) {
		printf("已备案 %d 年度抽查工作计划第%d版（%s），备案日期 %s，内容校验码 %s\n", year,
		       filed.version, filed.version > 1 ? "调整" : "年度计划", filed.filed_date,
		       filed.content_hash);
		if (strcmp(filed.content_hash, hash))
			warning("备案文件的内容校验码与数据库不一致，请重新生成（suiji plan show "
				"--html/--xlsx）");
		if (filed.late)
			printf("逾期备案: 第六条要求在 %d 年 12 月 31 日前备案，本计划已标注逾期\n",
			       year - 1);
		if (!pc.r.ok)
			printf("注意: 计划未达到第七条规定的抽查频次和比例（见 suiji plan check --year "
			       "%d），备案文件已如实载明\n",
			       year);
		printf("备案文件: %s\n          "
		       "%s\n报送上级生态环境部门及本辖区“双随机、一公开”领导小组办公室\n",
		       html, xlsx);
	}
	plan_version_release(&filed);
	free(html);
	free(xlsx);
	history_release(&h);
	plan_check_release(&pc);
	return rc;
}

/* ---- authorize, spec ---- */

static size_t parse_lines(const char *s, int **out)
{
	long *ids;
	size_t n;
	char bad[64];
	if (parse_id_list(s, &ids, &n, bad) && *bad)
		die_usage("--lines 应为计划事项号，用逗号或顿号分隔（“%s”不是计划事项号）", bad);
	/* an empty list is the domain's refusal (无计划清单不检查), not a usage error */
	*out = xcalloc(n + 1, sizeof(int));
	for (size_t i = 0; i < n; i++) {
		if (ids[i] > 1000000)
			die_usage("--lines 应为 1 到 1000000 的整数");
		(*out)[i] = (int)ids[i];
	}
	free(ids);
	return n;
}

static int plan_authorize_cmd(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'}, {"lines", required_argument, 0, 'l'}, {0, 0, 0, 0}};
	int year = 0, c;
	const char *lines = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			year = parse_year(optarg);
			break;
		case 'l':
			lines = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || optind != argc || !lines)
		die_usage("%s", usage_text);
	int *nos;
	size_t n = parse_lines(lines, &nos);
	struct store *st = ctx_store(ctx, 0);
	if (ctx_require(ctx, ACT_PLAN_WRITE))
		return 1;
	if (!st) {
		free(nos);
		return 1;
	}
	char *err = NULL;
	struct plan_auth auth;
	int rc = store_plan_authorize(st, year, nos, n, &auth, &err);
	free(nos);
	if (rc) {
		if (rc > 0)
			fprintf(stderr, "拒绝随机抽查（第三条）:\n");
		return fail(err);
	}
	printf("准许: %d 年度计划第%d版（%s）的计划事项 %s 有计划、有事项清单、有法律依据，可以随机抽取\n",
	       year, auth.version, !strcmp(auth.status, "filed") ? "已备案" : "草稿", lines);
	return 0;
}

struct pool_count {
	const struct plan_line_spec *spec;
	long pool;
};

static int count_pool(const struct dir_entry *e, void *arg)
{
	struct pool_count *pcnt = arg;
	struct plan_object o;
	plan_object_view(e->vals, &o);
	if (plan_object_eligible(&o, &pcnt->spec->settings) && plan_line_matches(&pcnt->spec->line, &o))
		pcnt->pool++;
	return 0;
}

static int plan_spec(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'},   {"line", required_argument, 0, 'l'},
	    {"period", required_argument, 0, 'p'}, {"pool", required_argument, 0, 'P'},
	    {"json", no_argument, 0, 'j'},	   {0, 0, 0, 0}};
	int year = 0, line = 0, json = 0, c;
	long pool = -1;
	const char *period = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			year = parse_year(optarg);
			break;
		case 'l':
			line = parse_positive("--line", optarg, 1000000);
			break;
		case 'p':
			period = optarg;
			break;
		case 'P':
			if (parse_long(optarg, 0, 1000000000L, &pool))
				die_usage("--pool 应为非负整数");
			break;
		case 'j':
			json = 1;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || !line || !period || optind != argc)
		die_usage("%s", usage_text);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, ACT_PLAN_READ))
		return 1;
	char *err = NULL;
	struct plan_line_spec spec;
	int rc = store_plan_line_spec(st, year, line, period, &spec, &err);
	if (rc) {
		if (rc > 0)
			fprintf(stderr, "拒绝随机抽查（第三条）:\n");
		return fail(err);
	}
	if (pool < 0) {
		struct pool_count pcnt = {&spec, 0};
		if (store_dir_each(st, &dir_objects, NULL, 0, count_pool, &pcnt, &err) < 0) {
			plan_line_spec_release(&spec);
			return fail(err);
		}
		pool = pcnt.pool;
	}
	long quota = plan_line_spec_quota(&spec, pool);
	const struct plan_line *l = &spec.line;
	struct strbuf sb = STRBUF_INIT;
	plan_line_describe_objects(l, &sb);
	if (json) {
		json_t *o = line_json(l, NULL);
		json_object_set_new(o, "year", json_integer(year));
		json_object_set_new(o, "version", json_integer(spec.auth.version));
		json_object_set_new(o, "version_status", json_string(spec.auth.status));
		json_object_set_new(o, "period_label", json_string(spec.label));
		json_object_set_new(o, "needs", json_string(spec.needs));
		json_object_set_new(o, "pool", json_integer(pool));
		json_object_set_new(o, "quota", json_integer(quota));
		json_object_set_new(o, "every_period", json_boolean(l->quota.rule == QUOTA_EACH));
		if (l->quota.rule == QUOTA_PER_STAFF)
			json_object_set_new(o, "staff", json_integer(spec.staff));
		json_t *s = json_object();
		for (size_t i = 0; i < plan_setting_count; i++)
			json_object_set_new(
			    s, plan_setting_defs[i].key,
			    json_integer(plan_setting_value(&spec.settings, &plan_setting_defs[i])));
		json_object_set_new(o, "settings", s);
		rc = print_json(o);
	} else {
		char buf[160];
		quota_describe(&l->quota, l->period, buf, sizeof(buf));
		printf("计划: %d 年度第%d版（%s）第%d项 %s\n", year, spec.auth.version,
		       !strcmp(spec.auth.status, "filed") ? "已备案" : "草稿", l->no, l->name);
		printf("时段: %s\n检查对象: %s\n", spec.label, sb.buf);
		printf("抽查事项: %s\n所需专业（事项责任科室）: %s\n", l->items, spec.needs);
		printf("联合抽查组: %s\n", *l->group ? l->group : "—");
		printf("规则: %s\n", buf);
		if (l->quota.rule == QUOTA_PER_STAFF)
			printf("在岗人员: %ld 人（截至 %s%s%s）\n", spec.staff, spec.version_date,
			       *l->staff_departments ? "，科室 " : "", l->staff_departments);
		printf("可抽取对象 %ld 家，本期抽取 %ld 家\n", pool, quota);
	}
	strbuf_release(&sb);
	plan_line_spec_release(&spec);
	return rc;
}

int cmd_plan(int argc, char **argv, struct ctx *ctx)
{
	static const struct {
		const char *name;
		int (*fn)(int, char **, struct ctx *);
	} subs[] = {
	    {"new", plan_new},	 {"adjust", plan_adjust},	    {"line", plan_line_cmd},
	    {"show", plan_show}, {"versions", plan_versions},	    {"check", plan_check},
	    {"file", plan_file}, {"authorize", plan_authorize_cmd}, {"spec", plan_spec},
	};
	if (argc < 2)
		die_usage("%s", usage_text);
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(argc - 1, argv + 1, ctx);
	die_usage("未知子命令 plan %s\n%s", argv[1], usage_text);
}
