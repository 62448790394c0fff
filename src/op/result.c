/*
 * This file implements the operations on results (op/result.h): the rules of a result as the
 * regulation words it — the outcome, the inspection dates, a finding per item, the problems each
 * outcome needs — shared by recording and correcting, and penalty decisions.
 */
#include "op/result.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/disclosure.h"
#include "core/result.h"
#include "core/utf8.h"
#include "op/authz.h"
#include "op/calendar.h"
#include "op/public-record.h"
#include "op/task.h"
#include "op/upload.h"
#include "store/task.h"
#include "store/upload.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define MAX_ITEMS 64

static int text_ok(struct op_diag *d, const char *field, const char *what, const char *s, size_t max)
{
	size_t n = strlen(s);
	if (!n)
		return op_fail_at(d, OP_INVALID, field, "%s不能为空", what), 0;
	if (!utf8_valid(s, n) || utf8_has_control(s, n))
		return op_fail_at(d, OP_INVALID, field, "%s不能含有控制字符（换行、制表符等）", what), 0;
	if (n > max)
		return op_fail_at(d, OP_INVALID, field, "%s过长（不超过 %zu 字节）", what, max), 0;
	return 1;
}

static int str_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A result being built from the arguments, with what it owns. */
struct build {
	const struct result_outcome_info *o;
	const char *dates[MAX_ITEMS];
	size_t ndates;
	char *codes[MAX_ITEMS];
	size_t ncodes;
	struct result_finding fnd[MAX_ITEMS];
	struct result_problem prob[MAX_ITEMS];
	char *owned[MAX_ITEMS];
	size_t nowned;
	struct strbuf dates_sb;
};

static void build_release(struct build *b)
{
	for (size_t i = 0; i < b->nowned; i++)
		free(b->owned[i]);
	for (size_t i = 0; i < b->ncodes; i++)
		free(b->codes[i]);
	strbuf_release(&b->dates_sb);
}

/*
 * Checks the arguments against task "ti" and fills b and r. "have_problems": problems the task already
 * has (a correction keeps them). 0, or -1 with d.
 */
static int build(const struct op_result_args *a, const struct task_info *ti, long have_problems,
		 struct build *b, struct result_new *r, struct op_diag *d)
{
	memset(b, 0, sizeof(*b));
	const struct result_outcome_info *o = b->o = result_outcome_find(a->outcome);
	if (!o)
		return op_fail(d, OP_INVALID, "检查结果“%s”不是规定的表述", a->outcome ? a->outcome : "");
	if (!a->ndates)
		return op_fail_at(d, OP_INVALID, "dates", "至少要有一个检查日期");
	if (a->ndates > MAX_ITEMS || a->nfindings > MAX_ITEMS || a->nproblems > MAX_ITEMS)
		return op_fail(d, OP_INVALID, "同一选项最多 %d 个", MAX_ITEMS);
	char today[11];
	clock_today(today);
	for (size_t i = 0; i < a->ndates; i++) {
		int day;
		char *err = NULL;
		if (date_parse(a->dates[i], &day, &err)) {
			op_fail_at(d, OP_INVALID, "dates", "检查日期: %s", err ? err : "");
			free(err);
			return -1;
		}
		if (strcmp(a->dates[i], today) > 0)
			return op_fail_at(d, OP_INVALID, "dates", "检查日期 %s 晚于今天（%s）", a->dates[i],
					  today);
		b->dates[b->ndates++] = a->dates[i];
	}
	qsort(b->dates, b->ndates, sizeof(b->dates[0]), str_cmp);
	for (size_t i = 1; i < b->ndates; i++)
		if (!strcmp(b->dates[i], b->dates[i - 1]))
			return op_fail_at(d, OP_INVALID, "dates", "检查日期 %s 重复", b->dates[i]);
	if (a->summary && !text_ok(d, "summary", "检查情况概述", a->summary, 4000))
		return -1;
	if (*ti->cancelled)
		return op_fail(d, OP_CONFLICT, "任务 %ld 已作废（%s），不能录入检查结果", ti->task.id,
			       ti->cancelled);
	char start[11];
	task_start_day(&ti->task, start);
	if (*start && strncmp(b->dates[0], start, 10) < 0)
		return op_fail_at(d, OP_INVALID, "dates", "检查日期 %s 早于任务%s的日期 %s", b->dates[0],
				  !strcmp(ti->task.kind, "targeted") ? "登记的检查" : "下达", start);
	if (o->problems && !a->nproblems && !have_problems)
		return op_fail_at(d, OP_INVALID, "problems",
				  "检查结果为“%s”时须列出发现的问题（每个问题进入闭环管理）", o->wording);
	if (!o->problems && a->nproblems)
		return op_fail(d, OP_INVALID,
			       "检查结果为“%"
			       "s”时不能列出问题；发现问题请用“发现问题已责令整改”或“发现违法行为已立案调查”",
			       o->wording);
	if (!o->problems && have_problems)
		return op_fail(d, OP_CONFLICT,
			       "任务已有 %ld 个问题，检查结果不能更正为“%s”（问题须在闭环中办理）",
			       have_problems, o->wording);
	for (const char *p = ti->task.items; p && *p && b->ncodes < MAX_ITEMS;) {
		const char *q = strstr(p, "、");
		b->codes[b->ncodes++] = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		p = q ? q + strlen("、") : NULL;
	}
	/* problems: "CODE:text" names the item when CODE is one of the task's */
	for (size_t i = 0; i < a->nproblems; i++) {
		const char *p = a->problems[i], *colon = strstr(p, ":"), *wide = strstr(p, "：");
		const char *sep = colon && (!wide || colon < wide) ? colon : wide;
		size_t seplen = sep == colon ? 1 : strlen("：");
		b->prob[i].description = p;
		if (sep) {
			char *code = xstrndup(p, (size_t)(sep - p));
			for (size_t k = 0; k < b->ncodes; k++)
				if (!strcmp(code, b->codes[k])) {
					b->prob[i].item = b->codes[k];
					b->prob[i].description = sep + seplen;
				}
			free(code);
		}
		if (!text_ok(d, "problems", "问题描述", b->prob[i].description, 2000))
			return -1;
	}
	const char *given[MAX_ITEMS] = {0};
	for (size_t i = 0; i < a->nfindings; i++) {
		const char *f = a->findings[i], *eq = strchr(f, '=');
		if (!eq)
			return op_fail_at(d, OP_INVALID, "findings",
					  "检查情况应写作 事项编码=检查情况，而不是“%s”", f);
		size_t k, l = (size_t)(eq - f);
		for (k = 0; k < b->ncodes; k++)
			if (strlen(b->codes[k]) == l && !memcmp(b->codes[k], f, l))
				break;
		if (k == b->ncodes)
			return op_fail_at(d, OP_INVALID, "findings",
					  "检查情况: 事项“%.*s”不是任务 %ld 的检查事项（%s）", (int)l, f,
					  ti->task.id, ti->task.items);
		if (given[k])
			return op_fail_at(d, OP_INVALID, "findings", "检查情况: 事项 %s 填写了两次",
					  b->codes[k]);
		if (!text_ok(d, "findings", "检查情况", eq + 1, 2000))
			return -1;
		given[k] = eq + 1;
	}
	for (size_t k = 0; k < b->ncodes; k++) {
		b->fnd[k].item = b->codes[k];
		if (given[k]) {
			b->fnd[k].finding = given[k];
			continue;
		}
		if (!o->inspected) {
			b->fnd[k].finding = o->wording;
			continue;
		}
		struct strbuf sb = STRBUF_INIT;
		for (size_t i = 0; i < a->nproblems; i++)
			if (b->prob[i].item == b->codes[k])
				strbuf_addf(&sb, "%s%s", sb.len ? "；" : "发现问题：",
					    b->prob[i].description);
		b->fnd[k].finding = b->owned[b->nowned++] =
		    sb.len ? strbuf_detach(&sb) : xstrdup("未发现问题");
		strbuf_release(&sb);
	}
	for (size_t i = 0; i < b->ndates; i++)
		strbuf_addf(&b->dates_sb, "%s%s", i ? "、" : "", b->dates[i]);
	*r = (struct result_new){
	    .task_id = ti->task.id,
	    .outcome = o->key,
	    .dates = strbuf_str(&b->dates_sb),
	    .start_date = b->dates[0],
	    .end_date = b->dates[b->ndates - 1],
	    .summary = a->summary,
	    .findings = b->fnd,
	    .nfindings = b->ncodes,
	    .problems = b->prob,
	    .nproblems = a->nproblems,
	    .problem_kind = o->outcome == RESULT_CASE ? "违法行为" : "问题",
	    .attachments = a->attachments,
	    .nattachments = a->nattachments,
	};
	return 0;
}

/* a->attachments and the uploads a->uploads names (of the task) into one list in *all (free it). */
static int attachments(struct op_session *s, const struct op_result_args *a, struct op_upload_refs *u,
		       struct attachment_ref **all, size_t *n, struct op_diag *d)
{
	*all = NULL;
	*n = 0;
	if (op_upload_refs(s, a->task_id, a->uploads, a->nuploads, u, d))
		return -1;
	*all = xcalloc(a->nattachments + u->n + 1, sizeof(**all));
	for (size_t i = 0; i < a->nattachments; i++)
		(*all)[(*n)++] = a->attachments[i];
	for (size_t i = 0; i < u->n; i++)
		(*all)[(*n)++] = u->refs[i];
	return 0;
}

static void fill_out(struct op_session *s, const struct build *b, const struct result_new *r, long id,
		     struct op_result_out *out)
{
	out->result_id = id;
	out->wording = b->o->wording;
	snprintf(out->dates, sizeof(out->dates), "%s", r->dates);
	snprintf(out->end_date, sizeof(out->end_date), "%s", r->end_date);
	out->nproblems = r->nproblems;
	struct op_diag d = OP_DIAG_INIT;
	const struct calendar *cal = op_calendar(s, &d);
	char *err = NULL;
	if (!cal || disclosure_due_date(cal, r->end_date, out->due, &out->tentative, &err))
		out->due[0] = 0;
	free(err);
	op_diag_release(&d);
}

int op_result_record(struct op_session *s, const struct op_result_args *a, struct op_result_out *out,
		     struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct task_info ti;
	if (op_task_get(s, a->task_id, ACT_RESULT_RECORD, &ti, d))
		return -1;
	struct build b;
	struct result_new r;
	struct op_upload_refs ups = {0};
	struct attachment_ref *all = NULL;
	size_t nall = 0;
	int rc = build(a, &ti, 0, &b, &r, d);
	if (!rc)
		rc = attachments(s, a, &ups, &all, &nall, d);
	char now[26], roles[256];
	clock_now(now);
	op_session_roles(s, roles, sizeof(roles));
	if (!rc) {
		r.attachments = all;
		r.nattachments = nall;
		r.at = now;
		r.actor = s->name;
		r.role = roles;
		char *err = NULL;
		long id = store_result_record(s->st, &r, &err);
		if (id <= 0)
			rc = op_fail_take(d, id == 0 ? OP_CONFLICT : OP_ERROR, err, "录入失败");
		else
			fill_out(s, &b, &r, id, out);
	}
	free(all);
	op_upload_refs_release(&ups);
	build_release(&b);
	task_info_release(&ti);
	return rc;
}

int op_result_amend(struct op_session *s, const struct op_result_args *a, struct op_result_out *out,
		    struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct task_info ti;
	if (op_task_get(s, a->task_id, ACT_RESULT_RECORD, &ti, d))
		return -1;
	struct build b = {0};
	struct result_new r;
	struct op_upload_refs ups = {0};
	struct attachment_ref *all = NULL;
	size_t nall = 0;
	int rc = -1;
	if (!ti.result_id) {
		op_fail(d, OP_CONFLICT, "任务 %ld 尚未录入检查结果，没有可更正的结果（请先录入检查结果）",
			ti.task.id);
		goto out;
	}
	if (!a->reason || !text_ok(d, "reason", "更正理由", a->reason, 500)) {
		if (!a->reason)
			op_fail_at(d, OP_INVALID, "reason", "更正检查结果须写明理由");
		goto out;
	}
	struct task_info cur = ti; /* build() checks the dates against the task's start, not its state */
	cur.cancelled = "";
	if (build(a, &cur, ti.problems, &b, &r, d) || attachments(s, a, &ups, &all, &nall, d))
		goto out;
	r.attachments = all;
	r.nattachments = nall;
	char now[26], roles[256], *err = NULL;
	clock_now(now);
	op_session_roles(s, roles, sizeof(roles));
	r.at = now;
	r.actor = s->name;
	r.role = roles;
	if (store_begin(s->st, &err)) {
		op_fail_take(d, OP_ERROR, err, "数据库错误");
		goto out;
	}
	long id = store_result_amend(s->st, &r, ti.result_id, a->reason, &err);
	if (id > 0 && !strcmp(ti.decision, "公开")) {
		/* the published record shows the corrected result and the day of the correction */
		struct task_info now_ti;
		char today[11];
		clock_today(today);
		if (task_info_load(s->st, ti.task.id, &now_ti, &err)) {
			id = -1;
		} else {
			char *record = op_public_record(s->st, &now_ti, ti.decided_on, today);
			int c = record ? store_disclosure_correct(s->st, ti.task.id, id, record, now, s->name,
								  &err)
				       : -1;
			free(record);
			task_info_release(&now_ti);
			if (c)
				id = -1;
			else
				out->republished = 1;
			snprintf(out->corrected_on, sizeof(out->corrected_on), "%s", today);
		}
	}
	if (id <= 0 || store_commit(s->st, &err)) {
		store_rollback(s->st);
		op_fail_take(d, OP_ERROR, err, "更正失败");
		goto out;
	}
	if (!*out->corrected_on)
		clock_today(out->corrected_on);
	fill_out(s, &b, &r, id, out);
	rc = 0;
out:
	free(all);
	op_upload_refs_release(&ups);
	build_release(&b);
	task_info_release(&ti);
	return rc;
}

static int fine_ok(const char *s)
{
	size_t n = strlen(s), digits = strspn(s, "0123456789");
	if (!n || n > 15 || !digits)
		return 0;
	if (digits == n)
		return 1;
	return s[digits] == '.' && n - digits - 1 >= 1 && n - digits - 1 <= 2 &&
	       strspn(s + digits + 1, "0123456789") == n - digits - 1;
}

int op_penalty_record(struct op_session *s, struct penalty_row *p, long *id, struct op_diag *d)
{
	*id = 0;
	struct task_info ti;
	if (op_task_get(s, p->task_id, ACT_RESULT_RECORD, &ti, d))
		return -1;
	int rc = -1, day;
	char today[11], now[26], *err = NULL;
	clock_today(today);
	if (!p->decided_on || date_parse(p->decided_on, &day, &err)) {
		op_fail_at(d, OP_INVALID, "date", "处罚决定日期: %s", err ? err : "应写作 YYYY-MM-DD");
		free(err);
	} else if (strcmp(p->decided_on, today) > 0) {
		op_fail_at(d, OP_INVALID, "date", "处罚决定日期 %s 晚于今天（%s）", p->decided_on, today);
	} else if (!text_ok(d, "decision", "决定书文号", p->decision_no, 200) ||
		   !text_ok(d, "violation", "违法行为", p->violation, 2000) ||
		   !text_ok(d, "content", "处罚内容", p->content, 2000) ||
		   (p->basis && !text_ok(d, "basis", "处罚依据", p->basis, 2000))) {
		/* d set */
	} else if (p->fine && !fine_ok(p->fine)) {
		op_fail_at(d, OP_INVALID, "fine", "罚款金额应为元，最多两位小数，如 50000 或 12500.50");
	} else if (strcmp(ti.outcome, "case")) {
		op_fail(d, OP_CONFLICT,
			"任务 %ld 的检查结果不是“发现违法行为已立案调查”，不能录入行政处罚决定（先立案调查）",
			ti.task.id);
	} else if (strcmp(p->decided_on, ti.end_date) < 0) {
		op_fail_at(d, OP_INVALID, "date", "处罚决定日期 %s 早于检查结束日期 %s", p->decided_on,
			   ti.end_date);
	} else {
		clock_now(now);
		p->recorded_at = now;
		p->recorded_by = s->name;
		long n = store_penalty_add(s->st, p, &err);
		if (n < 0)
			op_fail_take(d, OP_ERROR, err, "录入失败");
		else
			*id = n, rc = 0;
	}
	task_info_release(&ti);
	return rc;
}

/* ---- reading ---- */

static int take_result(const struct result_row *r, void *arg)
{
	struct op_result_view *v = arg;
	v->id = r->id;
	v->outcome = xstrdup(r->outcome);
	v->dates = xstrdup(r->dates);
	v->start_date = xstrdup(r->start_date);
	v->end_date = xstrdup(r->end_date);
	v->summary = xstrdup(r->summary ? r->summary : "");
	v->recorded_at = xstrdup(r->recorded_at);
	v->recorded_by = xstrdup(r->recorded_by);
	return 0;
}

struct view_walk {
	struct op_result_view *v;
	size_t alloc_i, alloc_f, alloc_a;
};

static int take_finding(const char *item, const char *finding, void *arg)
{
	struct view_walk *w = arg;
	size_t n = w->v->nfindings;
	ALLOC_GROW(w->v->finding_items, n + 1, w->alloc_i);
	ALLOC_GROW(w->v->findings, n + 1, w->alloc_f);
	w->v->finding_items[n] = xstrdup(item);
	w->v->findings[n] = xstrdup(finding);
	w->v->nfindings++;
	return 0;
}

static int take_file(const struct attachment_ref *a, void *arg)
{
	struct view_walk *w = arg;
	ALLOC_GROW(w->v->files, w->v->nfiles + 1, w->alloc_a);
	w->v->files[w->v->nfiles++] =
	    (struct op_result_file){xstrdup(a->name), xstrdup(a->sha256), a->size, 0};
	return 0;
}

static int match_upload(const struct upload_row *u, void *arg)
{
	struct op_result_view *v = arg;
	for (size_t i = 0; i < v->nfiles; i++)
		if (!v->files[i].upload && !strcmp(v->files[i].sha256, u->sha256) &&
		    !strcmp(v->files[i].name, u->name))
			v->files[i].upload = u->id;
	return 0;
}

int op_result_get(struct op_session *s, long task_id, struct op_result_view *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	struct task_info ti;
	if (op_task_get(s, task_id, ACT_TASK_READ, &ti, d))
		return -1;
	task_info_release(&ti);
	char *err = NULL;
	int rc = store_result_get(s->st, task_id, take_result, out, &err);
	if (rc < 0)
		return op_fail_take(d, OP_ERROR, err, "读取检查结果失败");
	if (rc)
		return 1;
	struct view_walk w = {out, 0, 0, 0};
	if (store_result_findings(s->st, out->id, take_finding, &w, &err) ||
	    store_attachments(s->st, out->id, 0, take_file, &w, &err) ||
	    store_upload_each(s->st, task_id, match_upload, out, &err)) {
		op_result_view_release(out);
		return op_fail_take(d, OP_ERROR, err, "读取检查结果失败");
	}
	return 0;
}

void op_result_view_release(struct op_result_view *v)
{
	char **f[] = {&v->outcome, &v->dates,	    &v->start_date, &v->end_date,
		      &v->summary, &v->recorded_at, &v->recorded_by};
	for (size_t i = 0; i < sizeof(f) / sizeof(*f); i++)
		free(*f[i]);
	for (size_t i = 0; i < v->nfindings; i++) {
		free(v->finding_items[i]);
		free(v->findings[i]);
	}
	free(v->finding_items);
	free(v->findings);
	for (size_t i = 0; i < v->nfiles; i++) {
		free(v->files[i].name);
		free(v->files[i].sha256);
	}
	free(v->files);
	memset(v, 0, sizeof(*v));
}
