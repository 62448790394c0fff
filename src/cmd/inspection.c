/*
 * This file implements what the inspection commands share (see inspection.h).
 */
#include "cmd/inspection.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/infile.h"
#include "op/calendar.h"
#include "core/calendar.h"
#include "core/dirschema.h"
#include "core/hash.h"
#include "core/parse.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

int task_load_for(struct ctx *ctx, const char *arg, enum op_action a, struct task_info *ti)
{
	memset(ti, 0, sizeof(*ti));
	long id = parse_id(arg);
	if (!id) {
		error("任务编号“%s”无效（应为正整数）", arg);
		return EXIT_USAGE;
	}
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return 1;
	struct op_diag d = OP_DIAG_INIT;
	if (op_task_get(s, id, a, ti, &d))
		return ctx_fail(&d);
	op_diag_release(&d);
	return 0;
}

const char *task_kind_zh(const char *kind)
{
	return kind && !strcmp(kind, "targeted") ? "针对性检查" : "随机抽查";
}

int check_date_arg(const char *what, const char *s, int allow_future)
{
	int day;
	char *err = NULL;
	if (date_parse(s, &day, &err)) {
		error("%s: %s", what, err);
		free(err);
		return 1;
	}
	char today[11];
	clock_today(today);
	if (!allow_future && strcmp(s, today) > 0)
		return error("%s: %s 晚于今天（%s）", what, s, today), 1;
	return 0;
}

static const struct calendar *session_calendar(struct ctx *ctx, char **err)
{
	struct op_session *s = ctx_session(ctx);
	if (!s)
		return set_err(err, "操作人未登记或已停用"), NULL;
	struct op_diag d = OP_DIAG_INIT;
	const struct calendar *cal = op_calendar(s, &d);
	if (!cal) {
		set_err(err, "%s", d.msg ? d.msg : "工作日历有误");
		op_diag_release(&d);
	}
	return cal;
}

int disclosure_due(struct ctx *ctx, const char *end, char due[11], int *tentative, char **err)
{
	const struct calendar *cal = session_calendar(ctx, err);
	return cal ? disclosure_due_date(cal, end, due, tentative, err) : -1;
}

int workdays_between(struct ctx *ctx, const char *from, const char *to, int *n, int *tentative, char **err)
{
	const struct calendar *cal = session_calendar(ctx, err);
	return cal ? disclosure_workdays_between(cal, from, to, n, tentative, err) : -1;
}

int workdays_after(struct ctx *ctx, const char *from, int n, char out[11], int *tentative, char **err)
{
	const struct calendar *cal = session_calendar(ctx, err);
	return cal ? disclosure_workdays_after(cal, from, n, out, tentative, err) : -1;
}

const char *tentative_mark(int tentative)
{
	return tentative ? "（暂定）" : "";
}

int file_ref_load(const char *path, struct file_ref *f)
{
	memset(f, 0, sizeof(*f));
	char *why = NULL;
	FILE *in = infile_open(path, INFILE_MAX_ATTACHMENT, NULL, &why);
	if (!in) {
		error("附件: %s", why);
		free(why);
		return 1;
	}
	struct sha256_stream *h = sha256_stream_new();
	char buf[65536];
	size_t n;
	long size = 0;
	while ((n = fread(buf, 1, sizeof(buf), in)) > 0) {
		sha256_stream_add(h, buf, n);
		size += (long)n;
	}
	int bad = ferror(in);
	fclose(in);
	sha256_stream_finish(h, f->sha256);
	if (bad)
		return error("读取附件 %s 出错", path), 1;
	const char *base = strrchr(path, '/');
	f->name = xstrdup(base ? base + 1 : path);
	f->ref.name = f->name;
	f->ref.sha256 = f->sha256;
	f->ref.size = size;
	return 0;
}

void file_ref_release(struct file_ref *f)
{
	free(f->name);
	f->name = NULL;
}

static char *names_of(struct store *st, const struct dirkind *d, const char *list, int with_code)
{
	struct strbuf sb = STRBUF_INIT;
	const char *sep = "、";
	for (const char *p = list; p && *p;) {
		const char *q = strstr(p, sep);
		char *code = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		char *name = store_dir_current_value(st, d, code, "name");
		if (sb.len)
			strbuf_adds(&sb, sep);
		if (with_code)
			strbuf_addf(&sb, "%s %s", code, name ? name : "（名录中已无此人）");
		else
			strbuf_adds(&sb, name ? name : code);
		free(name);
		free(code);
		p = q ? q + strlen(sep) : NULL;
	}
	return strbuf_detach(&sb);
}

char *people_names(struct store *st, const char *ids)
{
	return names_of(st, &dir_people, ids, 1);
}

char *item_names(struct store *st, const char *codes)
{
	return names_of(st, &dir_items, codes, 0);
}
