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
#include "store/store.h"
#include "util/error.h"
#include "util/timing.h"

struct cmd_entry {
	const char *name;
	int (*fn)(int argc, char **argv, struct ctx *ctx);
	const char *summary;
};

static const struct cmd_entry commands[] = {
	{"init", cmd_init, "初始化本单位（生态环境局）数据库"},
	{"import", cmd_import, "导入名录：objects|people|conflicts|items"},
	{"export", cmd_export, "导出名录（csv/json/xlsx）"},
	{"list", cmd_list, "在终端列出名录"},
	{"directory", cmd_directory, "名录动态调整记录（按季度）"},
	{"demo", cmd_demo, "生成焦作市演示数据"},
	{"plan", cmd_plan, "年度抽查工作计划：编制、调整、核对第七条、备案"},
	{"settings", cmd_settings, "本单位规则与设置（第七条比例、权重、避免重复检查）"},
	{"targeted", cmd_targeted, "针对性检查（第二条，不计入随机抽查比例）"},
	{"draw", cmd_draw, "双随机抽取：公告、抽取、导出、记录"},
	{"task", cmd_task, "检查任务：列表（xlsx）、详情、检查任务单"},
	{"result", cmd_result, "录入检查结果、行政处罚决定"},
	{"problems", cmd_problems, "问题闭环：发现、交办、督办、销号；--overdue 列出超期"},
	{"disclosure", cmd_disclosure, "结果公开：--due 到期与超期，公开、不予公开"},
	{"publish", cmd_publish, "生成公开网站和平台报送文件（--out 目录）"},
	{"stats", cmd_stats, "年度统计（--year 年份 [--json]）"},
	{"user", cmd_user, "用户和角色：管理员、执法人员、监督、公开审核"},
	{"calendar", cmd_calendar, "工作日计算（国务院节假日安排）"},
	{"verify", cmd_verify, "独立核验抽取包（无需数据库）"},
	{"audit", cmd_audit, "审计链：核验（verify）、链头（head）、记录（log）"},
	{"key", cmd_key, "本单位签名密钥：查看、导出公钥、签名与核验文件"},
	{"backup", cmd_backup, "在线备份数据库（服务运行时亦可）"},
	{"restore", cmd_restore, "从备份恢复数据库（先核验备份）"},
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
		const char **slot = !strcmp(a, "--db") ? &ctx.db_path : !strcmp(a, "--as") ? &ctx.actor : NULL;
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
		argv[n++] = argv[i];
	}
	argc = n;
	argv[argc] = NULL;
	if (!ctx.db_path || !*ctx.db_path)
		ctx.db_path = "suiji.db";
	if (!ctx.actor || !*ctx.actor)
		ctx.actor = system_user();

	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		usage(argc < 2 ? stderr : stdout);
		return argc < 2 ? EXIT_USAGE : 0;
	}
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (!strcmp(argv[1], commands[i].name)) {
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
