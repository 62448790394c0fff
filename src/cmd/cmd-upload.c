/*
 * This file implements "suiji upload": the files uploaded to inspection tasks from the web application
 * (photos and records taken in the field, evidence of rectification), for an administrator or a script
 * — listing them and writing one out. Who may read which file is op/upload.h's decision (task.read on
 * its task, as the web application's download); the bytes are checked against the SHA-256 recorded at
 * the upload before anything is written, and the file is written atomically, never through a symbolic
 * link (io/outfile.h). A refusal writes nothing.
 *
 *   suiji upload list [--task 任务编号]
 *   suiji upload get 附件编号 -o 文件
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"
#include "core/parse.h"
#include "io/outfile.h"
#include "op/upload.h"
#include "util/error.h"

static const char usage_text[] = "用法: suiji upload list [--task 任务编号]\n"
				 "      suiji upload get 附件编号 -o 文件";

static long id_arg(const char *s, const char *what)
{
	long v = parse_id(s);
	if (!v)
		die_usage("%s应为正整数，而不是“%s”", what, s);
	return v;
}

static const char *ref_text(char ref)
{
	return ref == 'r' ? "检查结果附件" : ref == 'e' ? "整改证据" : "未引用";
}

static int upload_list(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"task", required_argument, 0, 't'}, {0, 0, 0, 0}};
	long task = 0;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "", opts)) != -1) {
		if (c != 't')
			die_usage("%s", usage_text);
		task = id_arg(optarg, "任务编号");
	}
	if (optind != argc)
		die_usage("%s", usage_text);
	struct op_upload *rows;
	size_t n;
	struct op_diag d = OP_DIAG_INIT;
	if (op_upload_list(ctx->session, task, &rows, &n, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	if (!n)
		printf(task ? "任务 %ld 没有附件\n" : "没有可查看的附件\n", task);
	for (size_t i = 0; i < n; i++) {
		const struct op_upload *u = &rows[i];
		printf("附件 %ld  任务 %ld  %s  %s  %ld 字节  SHA-256 %s  %s 上传于 %s  %s\n", u->id,
		       u->task_id, u->name, u->type, u->size, u->sha256, u->added_by, u->added_at,
		       ref_text(u->ref));
	}
	free(rows);
	return 0;
}

static int upload_get(struct ctx *ctx, int argc, char **argv)
{
	static const struct option opts[] = {{"output", required_argument, 0, 'o'}, {0, 0, 0, 0}};
	const char *out = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		if (c != 'o')
			die_usage("%s", usage_text);
		out = optarg;
	}
	if (!out || argc - optind != 1)
		die_usage("%s", usage_text);
	long id = id_arg(argv[optind], "附件编号");
	struct op_upload u;
	void *data;
	struct op_diag d = OP_DIAG_INIT;
	if (op_upload_get(ctx->session, id, &u, &data, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	char *err = NULL;
	/* the field records of an inspection: readable by the operator only */
	int rc = outfile_write(out, data, (size_t)u.size, 0600, &err);
	free(data);
	if (rc) {
		error("%s", err);
		free(err);
		return 1;
	}
	printf("已写出附件 %ld（任务 %ld，%s，%ld 字节，SHA-256 %s 核对一致）: %s\n", u.id, u.task_id, u.name,
	       u.size, u.sha256, out);
	return 0;
}

int cmd_upload(int argc, char **argv, struct ctx *ctx)
{
	if (argc < 2)
		die_usage("%s", usage_text);
	if (!strcmp(argv[1], "list"))
		return upload_list(ctx, argc - 1, argv + 1);
	if (!strcmp(argv[1], "get"))
		return upload_get(ctx, argc - 1, argv + 1);
	die_usage("%s", usage_text);
}
