/*
 * This file implements the suiji program's entry point: global options (--db, --as) and the
 * dispatch table of subcommands, each implemented in its own cmd-<name>.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <pwd.h>

#include "cmd/cmd.h"
#include "cmd/draw-cmd.h"
#include "op/authz.h"
#include "op/session.h"
#include "store/store.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/timing.h"

/*
 * What a command needs before it runs (as git's RUN_SETUP): NEED_DB opens the database and a session
 * for the operator, who must be a registered, active user (op/session.h); NO_DB commands touch no
 * database (verify, calendar arithmetic); OWN_SETUP commands open what they need themselves (init
 * creates the database, demo may, restore may restore into a new file).
 */
enum { NO_DB = 0, NEED_DB = 1, OWN_SETUP = 2 };

struct cmd_entry {
	const char *name;
	int (*fn)(int argc, char **argv, struct ctx *ctx);
	const char *summary;
	int setup;
};

static const struct cmd_entry commands[] = {
    {"init", cmd_init, "初始化本单位（生态环境局）数据库", OWN_SETUP},
    {"import", cmd_import, "导入名录：objects|people|conflicts|items", NEED_DB},
    {"export", cmd_export, "导出名录（csv/json/xlsx）", NEED_DB},
    {"list", cmd_list, "在终端列出名录", NEED_DB},
    {"directory", cmd_directory, "名录动态调整记录（按季度）", NEED_DB},
    {"demo", cmd_demo, "生成焦作市演示数据", OWN_SETUP},
    {"plan", cmd_plan, "年度抽查工作计划：编制、调整、核对第七条、备案", NEED_DB},
    {"settings", cmd_settings, "本单位规则与设置（第七条比例、权重、避免重复检查）", NEED_DB},
    {"targeted", cmd_targeted, "针对性检查（第二条，不计入随机抽查比例）", NEED_DB},
    {"draw", cmd_draw, "双随机抽取：公告、抽取、导出、记录", NEED_DB},
    {"task", cmd_task, "检查任务：列表（xlsx）、详情、检查任务单", NEED_DB},
    {"result", cmd_result, "录入检查结果、行政处罚决定", NEED_DB},
    {"problems", cmd_problems, "问题闭环：发现、交办、督办、销号；--overdue 列出超期", NEED_DB},
    {"disclosure", cmd_disclosure, "结果公开：--due 到期与超期，公开、不予公开", NEED_DB},
    {"publish", cmd_publish, "生成公开网站和平台报送文件（--out 目录）", NEED_DB},
    {"stats", cmd_stats, "年度统计（--year 年份 [--json]）", NEED_DB},
    {"upload", cmd_upload, "网页上传的检查任务附件：列出（list）、写出（get，核对 SHA-256）", NEED_DB},
    {"agenda", cmd_agenda, "本人待办：检查任务、待公开结果、问题整改期限（--days 天数）", NEED_DB},
    {"unit", cmd_unit, "单位：市局及其分局（县（市）区分局、高新区服务中心）与辖区", NEED_DB},
    {"roles", cmd_roles, "角色与权限表（docs/ROLES.md）", NO_DB},
    {"user", cmd_user, "用户和角色：管理员、执法人员、监督、公开审核", NEED_DB},
    {"calendar", cmd_calendar, "工作日计算（国务院节假日安排）", NO_DB},
    {"verify", cmd_verify, "独立核验抽取包（无需数据库）", NO_DB},
    {"audit", cmd_audit, "审计链：核验（verify）、链头（head）、记录（log）", NEED_DB},
    {"key", cmd_key, "本单位签名密钥：查看、导出公钥、签名与核验文件", OWN_SETUP},
    {"backup", cmd_backup, "在线备份数据库（服务运行时亦可）", NEED_DB},
    {"restore", cmd_restore, "从备份恢复数据库（先核验备份）", OWN_SETUP},
    {"serve", cmd_serve, "网页应用、接口与公开门户（HTTP 服务）", OWN_SETUP},
};

static void usage(FILE *out)
{
	fprintf(out, "用法: suiji [--db 文件] [--as 操作人] <命令> [参数]\n\n命令:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %s\n", commands[i].name, commands[i].summary);
	fprintf(out, "\n数据库: --db 文件，或环境变量 SUIJI_DB，默认 ./suiji.db\n"
		     "操作人: --as 姓名，或环境变量 SUIJI_USER，默认为系统用户\n");
}

static const char *system_user(void)
{
	struct passwd *pw = getpwuid(getuid());
	return pw && pw->pw_name ? pw->pw_name : "unknown";
}

struct store *ctx_store(struct ctx *ctx, int create)
{
	if (!ctx->store) {
		char *err = NULL;
		ctx->store = store_open(ctx->db_path, create, &err);
		if (!ctx->store) {
			error("%s", err ? err : "无法打开数据库");
			free(err);
		}
	}
	return ctx->store;
}

struct op_session *ctx_session(struct ctx *ctx)
{
	if (ctx->session)
		return ctx->session;
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return NULL;
	struct op_diag d = OP_DIAG_INIT;
	if (op_session_open(&ctx->session_data, st, ctx->actor, ctx->unit, &d)) {
		error("%s", d.msg);
		op_diag_release(&d);
		return NULL;
	}
	ctx->session = &ctx->session_data;
	return ctx->session;
}

/* The inputs whose flag is not "--" and their JSON name with '_' as '-'. */
static const struct {
	const char *field, *flag;
} flag_names[] = {
    {"person_id", "--person"},
    {"dates", "--date"},
    {"problems", "--problem"},
    {"findings", "--finding"},
    {"regions", "--region"},
    {"force", "--force --reason"},
    {"rule", "--each、--ratio、--count 或 --per-staff"},
    {"value", "--ratio、--count 或 --per-staff"},
};

void cmd_flag_of(const char *field, char *flag, size_t size)
{
	for (size_t i = 0; i < sizeof(flag_names) / sizeof(flag_names[0]); i++)
		if (!strcmp(field, flag_names[i].field)) {
			snprintf(flag, size, "%s", flag_names[i].flag);
			return;
		}
	snprintf(flag, size, "--%s", field);
	for (char *p = flag + 2; *p; p++)
		if (*p == '_')
			*p = '-';
}

int ctx_fail(struct op_diag *d)
{
	for (size_t i = 0; i < d->nrows; i++) {
		const struct op_row_err *r = &d->rows[i];
		if (r->line && r->field)
			fprintf(stderr, "第%ld行 %s: %s\n", r->line, r->field, r->msg);
		else if (r->line)
			fprintf(stderr, "第%ld行: %s\n", r->line, r->msg);
		else
			fprintf(stderr, "%s\n", r->msg);
	}
	if (d->rows_total > d->nrows)
		fprintf(stderr, "……另有 %zu 处错误未列出\n", d->rows_total - d->nrows);
	for (size_t i = 0; i < d->nnotes; i++)
		fprintf(stderr, "%s\n", d->notes[i]);
	if (d->msg && d->field) {
		char flag[64];
		cmd_flag_of(d->field, flag, sizeof(flag));
		error("%s（命令行参数 %s）", d->msg, flag);
	} else if (d->msg) {
		error("%s", d->msg);
	}
	op_diag_release(d);
	return 1;
}

void ctx_notes(struct op_diag *d)
{
	for (size_t i = 0; i < d->nnotes; i++)
		printf("%s\n", d->notes[i]);
}

int main(int argc, char **argv)
{
	timing_mark("main");
	struct ctx ctx = {0};
	ctx.db_path = getenv("SUIJI_DB");
	ctx.actor = getenv("SUIJI_USER");

	/* Pull the global options out of argv wherever they stand. */
	int n = 1;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char **slot = !strcmp(a, "--db")	   ? &ctx.db_path
				    : !strcmp(a, "--as")   ? &ctx.actor
				    : !strcmp(a, "--unit") ? &ctx.unit
							   : NULL;
		if (slot) {
			if (i + 1 >= argc)
				die_usage("%s 需要一个值", a);
			*slot = argv[++i];
			continue;
		}
		if (!strncmp(a, "--db=", 5)) {
			ctx.db_path = a + 5;
			continue;
		}
		if (!strncmp(a, "--as=", 5)) {
			ctx.actor = a + 5;
			continue;
		}
		if (!strncmp(a, "--unit=", 7)) {
			ctx.unit = a + 7;
			continue;
		}
		argv[n++] = argv[i];
	}
	argc = n;
	argv[argc] = NULL;
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = "suiji.db";
	if (!ctx.actor || !*ctx.actor)
		ctx.actor = system_user();

	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf("suiji\n测试时钟（SUIJI_NOW）: %s\n",
		       clock_test_enabled() ? "启用（测试构建）" : "未启用");
		return 0;
	}
	if (!clock_test_enabled() && getenv("SUIJI_NOW"))
		warning("本程序未启用测试时钟（构建选项 SUIJI_TEST_CLOCK），忽略 SUIJI_NOW，使用本机时钟");
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
			if (commands[i].setup == NEED_DB && !ctx_session(&ctx)) {
				if (ctx.store)
					store_close(ctx.store);
				return 1;
			}
			int rc = commands[i].fn(argc - 1, argv + 1, &ctx);
			timing_mark("command done");
			if (ctx.store)
				store_close(ctx.store);
			timing_mark("database closed");
			return rc < 0 ? 1 : rc; /* "return error(…)" means failure */
		}
	}
	fprintf(stderr, "用法错误: 未知命令 “%s”\n", argv[1]);
	usage(stderr);
	return EXIT_USAGE;
}
