/*
 * This file implements the bridge from plan lines to a draw's strata (see draw-lines.h) over the
 * plan's API (store/plan.h): each line is authorised (Article 3), read for the period, and becomes a
 * stratum "L<number>" whose members are the objects the line selects, whose quota is the line's rule
 * for the eligible pool, and whose needs are the expertise of its items' departments.
 */
#include "op/draw-lines.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/needs.h"
#include "core/plan.h"
#include "store/plan.h"
#include "util/error.h"
#include "util/xalloc.h"

struct lines_priv {
	struct plan_line_spec *specs;
	size_t n;
};

static int line_matches(const char *const *object, void *arg)
{
	const struct plan_line_spec *spec = arg;
	struct plan_object o;
	plan_object_view(object, &o);
	return plan_line_matches(&spec->line, &o);
}

static long line_quota(long population, long pool, void *arg)
{
	return plan_line_spec_quota(arg, population, pool);
}

struct needs_acc {
	struct frame_stratum *s;
	size_t alloc;
};

static void add_need(const char *expertise, void *arg)
{
	struct needs_acc *acc = arg;
	struct frame_stratum *s = acc->s;
	for (size_t i = 0; i < s->nneeds; i++)
		if (!strcmp(s->needs[i], expertise))
			return;
	ALLOC_GROW(s->needs, s->nneeds + 1, acc->alloc);
	s->needs[s->nneeds++] = xstrdup(expertise);
}

int draw_lines_load(struct store *st, long unit, int year, const char *period, const long *ids, size_t n,
		    struct draw_lines *out, char **err)
{
	memset(out, 0, sizeof(*out));
	int y, index;
	enum plan_period p;
	const char *why;
	if (period_parse(period, &y, &p, &index, &why))
		return set_err(err, "时段: %s", why);
	if (y != year)
		return set_err(err, "时段 %s 不在 %d 年度内", period, year);

	int *nos = xcalloc(n, sizeof(*nos));
	for (size_t i = 0; i < n; i++)
		nos[i] = (int)ids[i];
	struct plan_auth auth;
	int r = store_plan_authorize(st, unit, year, nos, n, &auth, err);
	free(nos);
	if (r)
		return -1;
	/* a draw rests on a filed plan (Article 6): a draft can still change after the draw */
	if (!strcmp(auth.status, "draft"))
		return set_err(err, "%d 年度抽查计划第 %d 版尚未备案（草稿），不能据此抽取：请先报送备案",
			       year, auth.version);

	struct lines_priv *priv = xcalloc(1, sizeof(*priv));
	priv->specs = xcalloc(n, sizeof(*priv->specs));
	out->priv = priv;
	out->strata = xcalloc(n, sizeof(*out->strata));
	for (size_t i = 0; i < n; i++) {
		struct plan_line_spec *spec = &priv->specs[i];
		if (store_plan_line_spec(st, unit, year, (int)ids[i], period, spec, err)) {
			draw_lines_release(out);
			return -1;
		}
		priv->n++;
		struct frame_stratum *s = &out->strata[out->n++];
		snprintf(s->id, sizeof(s->id), "L%ld", ids[i]);
		s->line_id = ids[i];
		s->items = xcalloc(spec->nitems + 1, sizeof(*s->items));
		struct needs_acc acc = {s, 0};
		for (size_t j = 0; j < spec->nitems; j++) {
			s->items[s->nitems++] = xstrdup(spec->items[j].code);
			needs_of_department(spec->items[j].department, add_need, &acc);
		}
		s->every_period = spec->line.quota.rule == QUOTA_EACH;
		s->matches = line_matches;
		s->match_arg = spec;
		s->reads_tags = spec->line.tags && *spec->line.tags;
		s->quota = line_quota;
		s->quota_arg = spec;
	}
	out->plan_version = auth.version;
	out->rules.settings = &priv->specs[0].settings;
	out->rules.team_size = priv->specs[0].settings.team_size;
	out->rules.cross_region = priv->specs[0].settings.cross_region;
	out->rules.experts_per_visit = priv->specs[0].settings.experts_per_visit;
	/* the period's slots: the months of a quarter, or the month itself */
	out->slots = xcalloc(3, sizeof(*out->slots));
	if (p == PERIOD_QUARTER) {
		for (int m = 0; m < 3; m++)
			out->slots[out->nslots++] =
			    xasprintf("%04d-%02d", year % 10000, (index * 3 + m + 1) % 100);
	} else {
		out->slots[out->nslots++] = xstrdup(period);
	}
	return 0;
}

void draw_lines_release(struct draw_lines *dl)
{
	struct lines_priv *priv = dl->priv;
	for (size_t i = 0; i < dl->n; i++) {
		struct frame_stratum *s = &dl->strata[i];
		for (size_t j = 0; j < s->nitems; j++)
			free(s->items[j]);
		for (size_t j = 0; j < s->nneeds; j++)
			free(s->needs[j]);
		free(s->items);
		free(s->needs);
	}
	free(dl->strata);
	if (priv) {
		for (size_t i = 0; i < priv->n; i++)
			plan_line_spec_release(&priv->specs[i]);
		free(priv->specs);
		free(priv);
	}
	for (size_t i = 0; i < dl->nslots; i++)
		free(dl->slots[i]);
	free(dl->slots);
	memset(dl, 0, sizeof(*dl));
}
