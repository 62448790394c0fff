/*
 * This file implements "suiji publish --out 目录": the public site of Article 9 and the files for the
 * platforms, from what has been published (suiji disclosure publish) — each record as it was frozen
 * when published — plus the draw announcements and revealed draw packages. Withheld results never
 * appear: only decisions "公开" are read. The writing itself is io/publish.c; docs/DISCLOSURE.md
 * describes the files.
 */
#include <getopt.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd/authz.h"
#include "cmd/cmd.h"
#include "op/draw-package.h"
#include "cmd/inspection.h"
#include "core/cj.h"
#include "core/draw.h"
#include "core/result.h"
#include "core/audit-head.h"
#include "core/sign.h"
#include "io/publish.h"
#include "store/draw.h"
#include "store/org.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const char usage_text[] = "用法: suiji publish --out 目录";

struct gather {
	struct store *st;
	struct pub_site site;
	size_t rec_alloc, draw_alloc, pen_alloc;
	char **owned;
	size_t nowned, owned_alloc;
	char *err;
	struct sign_key *key; /* signs the announcements and packages, NULL without a key file */
};

static const char *keep(struct gather *g, const char *s)
{
	ALLOC_GROW(g->owned, g->nowned + 1, g->owned_alloc);
	return g->owned[g->nowned++] = xstrdup(s ? s : "");
}

static const char *jstr(struct gather *g, json_t *j, const char *key)
{
	return keep(g, json_string_value(json_object_get(j, key)));
}

static int add_record(const struct disclosure_row *d, void *arg)
{
	struct gather *g = arg;
	json_error_t je;
	json_t *j = json_loads(d->record, 0, &je);
	if (!j || !json_is_object(j)) {
		json_decref(j);
		return set_err(&g->err, "任务 %ld 的公开记录已损坏: %s", d->task_id, je.text);
	}
	struct task_info ti;
	int rc = task_info_load(g->st, d->task_id, &ti, &g->err);
	if (rc) {
		json_decref(j);
		return rc < 0 ? -1 : set_err(&g->err, "没有编号为 %ld 的检查任务", d->task_id);
	}
	ALLOC_GROW(g->site.records, g->site.nrecords + 1, g->rec_alloc);
	struct pub_record *r = &g->site.records[g->site.nrecords++];
	memset(r, 0, sizeof(*r));
	r->task_id = d->task_id;
	r->uscc = jstr(g, j, "uscc");
	r->name = jstr(g, j, "name");
	r->region = jstr(g, j, "region");
	r->kind = jstr(g, j, "kind");
	r->dates = jstr(g, j, "dates");
	r->end_date = jstr(g, j, "end_date");
	r->items = jstr(g, j, "items");
	r->result = jstr(g, j, "result");
	r->corrected_on = jstr(g, j, "corrected_on");
	/* the unit frozen with the record; records published before units existed name the bureau */
	r->unit = json_is_string(json_object_get(j, "unit")) ? jstr(g, j, "unit") : jstr(g, j, "bureau");
	r->published_on = jstr(g, j, "published_on");
	r->draw_id = (long)json_integer_value(json_object_get(j, "draw"));
	const struct result_outcome_info *o = result_outcome_by_key(ti.outcome);
	const char *text = "";
	r->national_code = o ? result_national_code(o, ti.open_problems, &text) : "";
	r->national_text = text ? text : "";
	r->rectified = ti.problems ? (ti.open_problems ? "整改中" : "已整改") : "";
	task_info_release(&ti);
	json_decref(j);
	return 0;
}

static int add_penalty(const struct penalty_row *p, void *arg)
{
	struct gather *g = arg;
	struct task_info ti;
	int rc = task_info_load(g->st, p->task_id, &ti, &g->err);
	if (rc)
		return rc < 0 ? -1 : 0;
	if (!strcmp(ti.decision, DISCLOSE_WITHHOLD)) { /* withheld with its result (secrets, security) */
		task_info_release(&ti);
		return 0;
	}
	ALLOC_GROW(g->site.penalties, g->site.npenalties + 1, g->pen_alloc);
	struct pub_penalty *x = &g->site.penalties[g->site.npenalties++];
	x->decision_no = keep(g, p->decision_no);
	x->decided_on = keep(g, p->decided_on);
	x->uscc = keep(g, ti.task.uscc);
	x->name = keep(g, ti.object_name);
	x->violation = keep(g, p->violation);
	x->basis = keep(g, p->basis);
	x->content = keep(g, p->content);
	x->fine = keep(g, p->fine);
	x->task_id = p->task_id;
	task_info_release(&ti);
	return 0;
}

static int add_draw(const struct draw_row *d, void *arg)
{
	struct gather *g = arg;
	/* every announcement is public, voided ones too: a re-draw cannot hide the attempts before it */
	int revealed = !strcmp(d->state, "revealed");
	/* the announcement document and, once revealed, the package: canonical text around the frame */
	char *inputs = NULL, *ann = NULL, *pkg = NULL;
	size_t len = 0;
	struct strbuf doc = STRBUF_INIT;
	int bad = draw_inputs_text(g->st, d, &inputs, &len, &g->err) ||
		  draw_document(d, inputs, len, 0, &doc, &g->err);
	if (!bad) {
		if (g->key)
			draw_document_sign(&doc, g->key);
		strbuf_addc(&doc, '\n');
		ann = strbuf_detach(&doc);
		bad = revealed && draw_document(d, inputs, len, 1, &doc, &g->err);
		if (!bad && revealed) {
			if (g->key)
				draw_document_sign(&doc, g->key);
			strbuf_addc(&doc, '\n');
			pkg = strbuf_detach(&doc);
		}
	}
	free(inputs);
	strbuf_release(&doc);
	if (bad) {
		free(ann);
		free(pkg);
		return -1;
	}
	ALLOC_GROW(g->site.draws, g->site.ndraws + 1, g->draw_alloc);
	struct pub_draw *x = &g->site.draws[g->site.ndraws++];
	x->id = d->id;
	x->period = keep(g, d->period);
	x->state = keep(g, d->state);
	x->announced_at = keep(g, d->announced_at);
	x->announcement = keep(g, ann);
	x->package = pkg ? keep(g, pkg) : NULL;
	free(ann);
	free(pkg);
	return 0;
}

int cmd_publish(int argc, char **argv, struct ctx *ctx)
{
	static const struct option opts[] = {{"out", required_argument, 0, 'o'}, {0, 0, 0, 0}};
	const char *out = NULL;
	int c;
	optind = 1;
	while ((c = cmd_getopt(argc, argv, "o:", opts)) != -1) {
		if (c != 'o')
			die_usage("%s", usage_text);
		out = optarg;
	}
	if (!out || !*out || optind != argc)
		die_usage("%s", usage_text);
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (authz_require(ctx, "site.publish", NULL))
		return 1;
	struct org o = {0};
	struct gather g = {.st = st};
	int rc = 1;
	if (store_org_get(st, &o, &g.err) != 1) {
		error("%s", g.err ? g.err : "数据库尚未初始化");
		goto done;
	}
	g.site.bureau = o.name;
	g.site.bureau_region = o.region;
	/* the announcements and packages go out signed, so that verifiers, which fail closed, accept them */
	long key_id;
	char key_pub[65];
	int has_key = store_key_current(st, &key_id, key_pub, &g.err);
	if (has_key < 0) {
		error("%s", g.err);
		goto done;
	}
	char *key_path = ctx_key_path(ctx);
	if (has_key && access(key_path, F_OK) == 0) {
		if (!(g.key = ctx_sign_key(ctx))) {
			free(key_path);
			goto done;
		}
	} else {
		warning("%s：网站上的抽取公告和抽取包未签名，核验者须加 --unsigned-ok",
			has_key ? "没有私钥文件" : "本单位没有登记签名密钥");
	}
	free(key_path);
	if (store_disclosure_each(st, DISCLOSE_PUBLISH, add_record, &g, &g.err) ||
	    store_penalty_each(st, 0, add_penalty, &g, &g.err) || store_draw_each(st, add_draw, &g, &g.err)) {
		error("%s", g.err ? g.err : "读取失败");
		goto done;
	}
	/* the signed head of the audit chain goes on the site beside every head published before */
	struct audit_head head = {0};
	char *head_text = NULL;
	if (g.key) {
		if (!(head_text = audit_signed_head(ctx, st, &head))) {
			audit_head_release(&head);
			goto done;
		}
		g.site.head = head_text;
		g.site.head_seq = head.seq;
		g.site.head_root = head.root;
	} else {
		warning("没有签名私钥：本次未公开审计链头（heads/ 中以前公开的链头保留）");
	}
	long files = publish_site(out, &g.site, &g.err);
	free(head_text);
	audit_head_release(&head);
	if (files < 0) {
		error("%s", g.err);
		goto done;
	}
	printf("已生成公开网站 %s/index.html：检查结果 %zu 条，抽取 %zu 次，行政处罚 %zu 条，共 %ld 个文件\n",
	       out, g.site.nrecords, g.site.ndraws, g.site.npenalties, files);
	printf("平台报送文件在 "
	       "%s/platform/（国家企业信用信息公示系统、河南省生态环境执法一体化平台、信用信息）\n",
	       out);
	rc = 0;
done:
	sign_key_free(g.key);
	free(g.err);
	for (size_t i = 0; i < g.nowned; i++)
		free(g.owned[i]);
	free(g.owned);
	free(g.site.records);
	free(g.site.draws);
	free(g.site.penalties);
	return rc;
}
