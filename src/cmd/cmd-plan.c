/*
 * This file implements "suiji plan": the annual plan (Article 6) of the chosen unit (--unit, default the
 * operator's own) — new, adjust, line add|edit|remove, show, versions, check (Article 7's minimums), file
 * (备案, with the filing document; a branch's filing goes to the city's inbox), the city's inbox, accept
 * and return, and the two commands that exercise what the draw calls: authorize (Article 3's three
 * refusals) and spec (one line's selection, items, needs and quota for one period). It parses the
 * arguments, calls the operation (op/plan.h) and prints. docs/PLAN.md is the user's guide.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "io/plan-json.h"
#include "op/plan.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] =
    "suiji plan new --year 年度 [--date YYYY-MM-DD]\n"
    "       suiji plan line add --year 年度 --name 名称 --items 事项编码[,…] (--each | --ratio 百分比 | "
    "--count 家数 |\n"
    "             --per-staff 家数 [--staff-departments 科室,…]) [--period quarter|month] [--type 检查类型]\n"
    "             [--initiator 科室] [--participants 科室,…] [--partners 外部门,…] [--class 重点,一般,特殊]\n"
    "             [--city-managed 是|否] [--region 代码,…] [--industry 代码,…] [--tag 标识,…] [--positive "
    "是|否]\n"
    "             [--group 联合组] [--note 备注]\n"
    "       suiji plan line edit --year 年度 --line 序号 [同上的选项]\n"
    "       suiji plan line remove --year 年度 --line 序号\n"
    "       suiji plan show --year 年度 [--version N] [--json] [--html 文件] [--xlsx 文件]\n"
    "       suiji plan versions --year 年度\n"
    "       suiji plan check --year 年度 [--version N] [--as-of YYYY-MM-DD] [--json]\n"
    "       suiji plan file --year 年度 [--out-dir 目录]\n"
    "       suiji plan adjust --year 年度 --reason 调整原因 [--date YYYY-MM-DD]\n"
    "       suiji plan inbox [--json]\n"
    "       suiji plan accept --unit 分局 --year 年度\n"
    "       suiji plan return --unit 分局 --year 年度 --reason 退回理由\n"
    "       suiji plan authorize --year 年度 --lines 序号[,…]\n"
    "       suiji plan spec --year 年度 --line 序号 --period 2026Q1|2026-03 [--pool 对象数] [--json]\n"
    "以上命令作用于 --unit 指定的单位（默认操作员所在单位）";

/* An operation's refusal: exit 2 (usage) when the values given are wrong in themselves, 1 otherwise. */
static int op_exit(struct op_diag *d)
{
	int usage = d->fail == OP_INVALID;
	ctx_fail(d);
	return usage ? EXIT_USAGE : 1;
}

static int parse_year(const char *s)
{
	long y;
	if (parse_long(s, 1000, 9999, &y))
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
	struct op_diag d = OP_DIAG_INIT;
	if (op_plan_new(ctx->session, year, date, &d))
		return ctx_fail(&d);
	struct op_plan_check pc;
	struct op_diag d2 = OP_DIAG_INIT;
	if (!op_plan_read(ctx->session, year, 1, &pc, &d2)) {
		printf("已创建%s %d 年度抽查工作计划第1版（草稿），计划日期 %s\n", pc.unit.name, year,
		       pc.v.date);
		op_plan_check_release(&pc);
	}
	op_diag_release(&d2);
	ctx_notes(&d);
	op_diag_release(&d);
	return 0;
}

static int plan_adjust(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'},
					     {"date", required_argument, 0, 'd'},
					     {"reason", required_argument, 0, 'r'},
					     {0, 0, 0, 0}};
	int year = 0, c, version = 0;
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
	struct op_diag d = OP_DIAG_INIT;
	if (op_plan_adjust(ctx->session, year, date, reason, &version, &d))
		return ctx_fail(&d);
	char today[11];
	clock_today(today);
	printf("已创建 %d 年度计划第%d版（调整草稿，日期 %s），沿用第%d版的全部计划事项；修改后用 suiji plan "
	       "file 备案\n",
	       year, version, date ? date : today, version - 1);
	ctx_notes(&d);
	op_diag_release(&d);
	return 0;
}

/* ---- lines ---- */

static void parse_line_opts(int argc, char **argv, struct op_line_args *o, int *year, int *line)
{
	static const struct option opts[] = {
	    {"year", required_argument, 0, 'y'},
	    {"line", required_argument, 0, 'L'},
	    {"name", required_argument, 0, 'n'},
	    {"type", required_argument, 0, 't'},
	    {"items", required_argument, 0, 'i'},
	    {"initiator", required_argument, 0, 'I'},
	    {"participants", required_argument, 0, 'P'},
	    {"partners", required_argument, 0, 'O'},
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
	int c, nrules = 0;
	memset(o, 0, sizeof(*o));
	*year = *line = 0;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			*year = parse_year(optarg);
			break;
		case 'L':
			*line = parse_positive("--line", optarg, 1000000);
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
		case 'O':
			o->partners = optarg;
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
			nrules++;
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
	if (optind != argc || !*year)
		die_usage("%s", usage_text);
	if (nrules > 1)
		die_usage("--each、--ratio、--count、--per-staff 只能选一个");
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
	printf("\n    发起部门: %s；参与部门: %s", l->initiator, *l->participants ? l->participants : "—");
	if (*l->partners)
		printf("；参加的外部门: %s", l->partners);
	if (*plan_line_joint(l))
		printf("（%s联合检查）", plan_line_joint(l));
	putchar('\n');
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

static int line_done(struct op_diag *d, int year, struct plan_line *l, const char *what)
{
	printf("已%s %d 年度计划第%d项\n", what, year, l->no);
	print_line(l, NULL, 0);
	plan_line_release(l);
	ctx_notes(d);
	op_diag_release(d);
	return 0;
}

static int line_add(int argc, char **argv, struct ctx *ctx)
{
	struct op_line_args o;
	int year, line;
	parse_line_opts(argc, argv, &o, &year, &line);
	if (line)
		die_usage("新增计划事项时不能指定 --line（序号由系统分配）");
	if (!o.rule_set)
		die_usage("须指定抽查数量规则: --each（每期全部）、--ratio 百分比、--count 家数 或 "
			  "--per-staff 家数");
	if (!o.items)
		die_usage("须用 --items 指定抽查事项（事项清单中的编码）");
	struct op_diag d = OP_DIAG_INIT;
	struct plan_line l;
	if (op_plan_line_add(ctx->session, year, &o, &l, &d)) {
		plan_line_release(&l);
		return op_exit(&d);
	}
	return line_done(&d, year, &l, "新增");
}

static int line_edit(int argc, char **argv, struct ctx *ctx)
{
	struct op_line_args o;
	int year, line;
	parse_line_opts(argc, argv, &o, &year, &line);
	if (!line)
		die_usage("须用 --line 指定要修改的计划事项序号");
	struct op_diag d = OP_DIAG_INIT;
	struct plan_line l;
	if (op_plan_line_edit(ctx->session, year, line, &o, &l, &d)) {
		plan_line_release(&l);
		return op_exit(&d);
	}
	return line_done(&d, year, &l, "修改");
}

static int line_remove(int argc, char **argv, struct ctx *ctx)
{
	struct op_line_args o;
	int year, line;
	parse_line_opts(argc, argv, &o, &year, &line);
	if (!line)
		die_usage("须用 --line 指定要删除的计划事项序号");
	struct op_diag d = OP_DIAG_INIT;
	if (op_plan_line_remove(ctx->session, year, line, &d))
		return ctx_fail(&d);
	printf("已从 %d 年度计划草稿中删除第%d项（序号不再使用）\n", year, line);
	ctx_notes(&d);
	op_diag_release(&d);
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
	struct op_diag d = OP_DIAG_INIT;
	if (html || xlsx) {
		if (op_plan_write_docs(ctx->session, year, version, html, xlsx, &d))
			return ctx_fail(&d);
		fprintf(stderr, "已写出 %s%s%s\n", html ? html : "", html && xlsx ? " 和 " : "",
			xlsx ? xlsx : "");
		return 0;
	}
	struct op_plan_check pc;
	if (op_plan_read(ctx->session, year, version, &pc, &d))
		return ctx_fail(&d);
	int rc = 0;
	if (json) {
		json_t *o = version_json(&pc.v);
		json_object_set_new(o, "year", json_integer(year));
		json_object_set_new(o, "unit", json_string(pc.unit.name));
		json_t *lines = json_array();
		for (size_t i = 0; i < pc.nlines; i++)
			json_array_append_new(lines, plan_line_json(&pc.lines[i], &pc.r.lines[i]));
		json_object_set_new(o, "lines", lines);
		rc = print_json(o);
	} else {
		printf("%s %d 年度抽查工作计划  第%d版  %s  计划日期 %s\n", pc.unit.name, year, pc.v.version,
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
	op_plan_check_release(&pc);
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
	struct op_diag d = OP_DIAG_INIT;
	if (op_plan_versions(ctx->session, year, print_version, &n, &d) < 0)
		return ctx_fail(&d);
	if (!n)
		return error("%s没有 %d 年度抽查计划", ctx->session->unit.name, year);
	return 0;
}

/* ---- check ---- */

static const char *const quarter_zh[] = {"一", "二", "三", "四"};

static void print_minimum(const struct op_plan_check *pc, int rule)
{
	const struct a7_minimum *m = &pc->r.min[rule];
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
	printf("  [%s] %s: 应抽查 %ld，计划 %ld，差额 %ld；已抽取 %ld\n", m->shortfall ? "未达到" : "符合",
	       label, m->required, m->planned, m->shortfall, pc->drawn[rule]);
	if (m->quarterly) {
		printf("         ");
		for (int q = 0; q < 4; q++)
			printf("第%s季度 %ld/%ld（已抽取 %ld）%s", quarter_zh[q], m->q_planned[q],
			       m->q_required[q], pc->q_drawn[rule][q], q < 3 ? "  " : "\n");
	}
}

/* Settings below the regulation's values (Article 7) are allowed but said. */
static void warn_weak_settings(const struct op_plan_check *pc)
{
	int county = !strcmp(pc->unit.level, "county");
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
	struct op_diag d = OP_DIAG_INIT;
	struct op_plan_check pc;
	if (op_plan_check(ctx->session, year, version, as_of, &pc, &d))
		return ctx_fail(&d);
	int ok = pc.r.ok;
	if (json) {
		struct plan_check_view view;
		op_plan_check_view(&pc, &view);
		print_json(plan_check_json(&view));
		op_plan_check_release(&pc);
		return ok ? 0 : 1;
	}
	const struct a7_result *r = &pc.r;
	printf("%s（%s级）%d 年度抽查计划 第%d版（%s），按截至 %s 的名录核对第七条\n", pc.unit.name,
	       !strcmp(pc.unit.level, "county") ? "县" : "市", year, pc.v.version, status_zh(&pc.v),
	       pc.as_of);
	printf("本单位检查对象: 重点监管对象 %ld 家（市管 %ld，非市管 %ld），一般监管对象 %ld "
	       "家，特殊监管对象 %ld 家；"
	       "不可抽取 %ld 家（注销%s）\n",
	       r->count[A7_KEY_CITY] + r->count[A7_KEY_OTHER], r->count[A7_KEY_CITY], r->count[A7_KEY_OTHER],
	       r->count[A7_GENERAL], r->count[A7_SPECIAL], r->excluded,
	       pc.settings.suspended_eligible ? "" : "或停产");
	printf("本单位业务部门在编在岗人员: %ld 人（执法、监管人员，在岗）\n\n第七条最低要求:\n", r->staff);
	for (int i = 0; i < A7_NRULES; i++)
		print_minimum(&pc, i);
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
	op_plan_check_release(&pc);
	return ok ? 0 : 1;
}

/* ---- file, inbox, accept, return ---- */

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
	struct op_diag d = OP_DIAG_INIT;
	struct op_plan_filed f;
	if (op_plan_file(ctx->session, year, dir, &f, &d)) {
		op_plan_filed_release(&f);
		return ctx_fail(&d);
	}
	printf("已备案 %d 年度抽查工作计划第%d版（%s），备案日期 %s，内容校验码 %s\n", year, f.v.version,
	       f.v.version > 1 ? "调整" : "年度计划", f.v.filed_date, f.v.content_hash);
	if (f.v.late)
		printf("逾期备案: 第六条要求在 %d 年 12 月 31 日前备案，本计划已标注逾期\n", year - 1);
	if (!f.a7_ok)
		printf("注意: 计划未达到第七条规定的抽查频次和比例（见 suiji plan check --year "
		       "%d），备案文件已如实载明\n",
		       year);
	printf("备案文件: %s\n          %s\n", f.html, f.xlsx);
	if (f.to_inbox)
		printf("已报送%s备案（待审）：市局在 suiji plan inbox 中接收或退回\n", f.city);
	else
		printf("报送上级生态环境部门及本辖区“双随机、一公开”领导小组办公室\n");
	ctx_notes(&d);
	op_diag_release(&d);
	op_plan_filed_release(&f);
	return 0;
}

static int plan_inbox(int argc, char **argv, struct ctx *ctx)
{
	int json = 0;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else
			die_usage("%s", usage_text);
	}
	struct op_diag d = OP_DIAG_INIT;
	struct plan_filing *f;
	size_t n;
	if (op_plan_inbox(ctx->session, &f, &n, &d))
		return ctx_fail(&d);
	if (json) {
		json_t *a = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *o = json_object();
			json_object_set_new(o, "unit", json_string(f[i].unit_name));
			json_object_set_new(o, "year", json_integer(f[i].year));
			json_object_set_new(o, "version", json_integer(f[i].version));
			json_object_set_new(o, "state", json_string(f[i].state));
			json_object_set_new(o, "filed_at", json_string(f[i].filed_at));
			json_object_set_new(o, "filed_by", json_string(f[i].filed_by));
			json_object_set_new(o, "reviewed_at", json_string(f[i].reviewed_at));
			json_object_set_new(o, "reviewed_by", json_string(f[i].reviewed_by));
			json_object_set_new(o, "reason", json_string(f[i].reason));
			json_array_append_new(a, o);
		}
		free(f);
		return print_json(a);
	}
	if (!n)
		printf("没有分局报送的计划备案\n");
	for (size_t i = 0; i < n; i++) {
		printf("%s  %s  %d 年度计划第%d版  报送 %.10s（%s）", f[i].state, f[i].unit_name, f[i].year,
		       f[i].version, f[i].filed_at, f[i].filed_by);
		if (*f[i].reviewed_at)
			printf("  审核 %.10s（%s）", f[i].reviewed_at, f[i].reviewed_by);
		if (*f[i].reason)
			printf("  退回理由: %s", f[i].reason);
		putchar('\n');
	}
	free(f);
	return 0;
}

static int plan_review(int argc, char **argv, struct ctx *ctx, int accept)
{
	static const struct option opts[] = {{"year", required_argument, 0, 'y'},
					     {"unit", required_argument, 0, 'u'},
					     {"reason", required_argument, 0, 'r'},
					     {0, 0, 0, 0}};
	int year = 0, c;
	const char *unit = ctx->unit, *reason = NULL;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		switch (c) {
		case 'y':
			year = parse_year(optarg);
			break;
		case 'u':
			unit = optarg;
			break;
		case 'r':
			reason = optarg;
			break;
		default:
			die_usage("%s", usage_text);
		}
	}
	if (!year || !unit || optind != argc || (accept && reason))
		die_usage("%s", usage_text);
	if (!accept && (!reason || !*reason))
		die_usage("退回计划备案须用 --reason 写明理由");
	struct op_diag d = OP_DIAG_INIT;
	struct plan_filing f;
	if (op_plan_review(ctx->session, unit, year, accept, reason, &f, &d))
		return ctx_fail(&d);
	printf("已%s%s %d 年度计划第%d版的备案%s%s\n", accept ? "接收" : "退回", f.unit_name, year, f.version,
	       accept ? "" : "，理由: ", accept ? "" : f.reason);
	if (!accept)
		printf("分局可用 suiji plan adjust 调整后重新备案\n");
	ctx_notes(&d);
	op_diag_release(&d);
	return 0;
}

static int plan_accept(int argc, char **argv, struct ctx *ctx)
{
	return plan_review(argc, argv, ctx, 1);
}
static int plan_return(int argc, char **argv, struct ctx *ctx)
{
	return plan_review(argc, argv, ctx, 0);
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
	struct op_diag d = OP_DIAG_INIT;
	struct plan_auth auth;
	int rc = op_plan_authorize(ctx->session, year, nos, n, &auth, &d);
	free(nos);
	if (rc) {
		if (d.fail == OP_CONFLICT)
			fprintf(stderr, "拒绝随机抽查（第三条）:\n");
		return ctx_fail(&d);
	}
	printf("准许: %d 年度计划第%d版（%s）的计划事项 %s 有计划、有事项清单、有法律依据，可以随机抽取\n",
	       year, auth.version, !strcmp(auth.status, "filed") ? "已备案" : "草稿", lines);
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
	struct op_diag d = OP_DIAG_INIT;
	struct plan_line_spec spec;
	long quota;
	if (op_plan_spec(ctx->session, year, line, period, pool, &spec, &pool, &quota, &d)) {
		if (d.fail == OP_CONFLICT)
			fprintf(stderr, "拒绝随机抽查（第三条）:\n");
		return ctx_fail(&d);
	}
	const struct plan_line *l = &spec.line;
	struct strbuf sb = STRBUF_INIT;
	plan_line_describe_objects(l, &sb);
	int rc = 0;
	if (json) {
		json_t *o = plan_line_json(l, NULL);
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
	    {"new", plan_new},
	    {"adjust", plan_adjust},
	    {"line", plan_line_cmd},
	    {"show", plan_show},
	    {"versions", plan_versions},
	    {"check", plan_check},
	    {"file", plan_file},
	    {"inbox", plan_inbox},
	    {"accept", plan_accept},
	    {"return", plan_return},
	    {"authorize", plan_authorize_cmd},
	    {"spec", plan_spec},
	};
	if (argc < 2)
		die_usage("%s", usage_text);
	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].fn(argc - 1, argv + 1, ctx);
	die_usage("未知子命令 plan %s\n%s", argv[1], usage_text);
}
