/*
 * This file implements the check of a plan against Article 7's minimums (see article7.h).
 */
#include "core/article7.h"

#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

struct key_city_unit {
	char *uscc, *name;
	unsigned char *match; /* nlines flags: the line selects this unit */
};

struct article7 {
	struct plan_settings s;
	const struct plan_line *lines;
	size_t nlines;
	long *line_staff;
	long staff;
	struct a7_line *res;
	long count[A7_NCATEGORIES];
	long excluded;
	struct key_city_unit *units;
	size_t nunits, alloc_units;
};

struct article7 *article7_new(const struct plan_settings *s, const struct plan_line *lines,
			      const long *line_staff, size_t nlines, long staff)
{
	struct article7 *a = xcalloc(1, sizeof(*a));
	a->s = *s;
	a->lines = lines;
	a->nlines = nlines;
	a->staff = staff;
	a->line_staff = xcalloc(nlines ? nlines : 1, sizeof(long));
	if (line_staff)
		memcpy(a->line_staff, line_staff, nlines * sizeof(long));
	a->res = xcalloc(nlines ? nlines : 1, sizeof(*a->res));
	return a;
}

void article7_add(struct article7 *a, const struct plan_object *o)
{
	int cat = plan_object_category(o);
	if (cat < 0 || !plan_object_eligible(o, &a->s)) {
		a->excluded++;
		return;
	}
	a->count[cat]++;
	struct key_city_unit *u = NULL;
	if (cat == A7_KEY_CITY) {
		ALLOC_GROW(a->units, a->nunits + 1, a->alloc_units);
		u = &a->units[a->nunits++];
		u->uscc = xstrdup(o->uscc);
		u->name = xstrdup(o->name);
		u->match = xcalloc(a->nlines ? a->nlines : 1, 1);
	}
	for (size_t i = 0; i < a->nlines; i++) {
		if (!plan_line_matches(&a->lines[i], o))
			continue;
		a->res[i].pool++;
		a->res[i].in_category[cat]++;
		if (u)
			u->match[i] = 1;
	}
}

long a7_special_required(long n_special, long n_general, long general_base)
{
	if (n_special <= 0)
		return 0;
	if (n_general <= 0)
		return 1;
	if (general_base > n_general)
		general_base = n_general;
	if (general_base < 0)
		general_base = 0;
	long long r = (long long)general_base * n_special / n_general + 1;
	return r > n_special ? n_special : (long)r;
}

/* The group index of each line: lines with the same non-empty group and granularity share one. */
static size_t *group_lines(const struct plan_line *lines, size_t n, size_t *ngroups)
{
	size_t *g = xcalloc(n ? n : 1, sizeof(*g));
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		g[i] = k;
		if (*lines[i].group) {
			for (size_t j = 0; j < i; j++) {
				if (!strcmp(lines[j].group, lines[i].group) &&
				    lines[j].period == lines[i].period) {
					g[i] = g[j];
					break;
				}
			}
		}
		if (g[i] == k)
			k++;
	}
	*ngroups = k;
	return g;
}

static void finish_minimum(struct a7_minimum *m)
{
	if (m->quarterly) {
		m->required = m->planned = m->shortfall = 0;
		for (int q = 0; q < 4; q++) {
			m->q_shortfall[q] =
			    m->q_required[q] > m->q_planned[q] ? m->q_required[q] - m->q_planned[q] : 0;
			m->required += m->q_required[q];
			m->planned += m->q_planned[q];
			m->shortfall += m->q_shortfall[q];
		}
	} else {
		m->shortfall = m->required > m->planned ? m->required - m->planned : 0;
	}
	if (!m->applies) {
		m->required = m->shortfall = 0;
		memset(m->q_required, 0, sizeof(m->q_required));
		memset(m->q_shortfall, 0, sizeof(m->q_shortfall));
	}
}

void article7_finish(struct article7 *a, struct a7_result *r)
{
	memset(r, 0, sizeof(*r));
	const struct plan_settings *s = &a->s;
	size_t n = a->nlines;

	/* each line: quota per period, whether it takes the whole pool, what it certainly inspects */
	unsigned char(*full)[12] = xcalloc(n ? n : 1, sizeof(*full));
	long(*guar)[12][A7_NCATEGORIES] = xcalloc(n ? n : 1, sizeof(*guar));
	for (size_t i = 0; i < n; i++) {
		const struct plan_line *l = &a->lines[i];
		struct a7_line *lr = &a->res[i];
		lr->staff = l->quota.rule == QUOTA_PER_STAFF ? a->line_staff[i] : 0;
		lr->nperiods = period_per_year(l->period);
		for (int p = 0; p < lr->nperiods; p++) {
			long q = quota_for_period(&l->quota, l->period, p, lr->pool, lr->pool, lr->staff);
			lr->quota[p] = q;
			lr->year_total += q;
			full[i][p] = lr->pool > 0 && q >= lr->pool;
			for (int c = 0; c < A7_NCATEGORIES; c++) {
				guar[i][p][c] = quota_guaranteed(q, lr->pool, lr->in_category[c]);
				lr->guaranteed[c] += guar[i][p][c];
			}
		}
	}

	/* the plan: per joint group and period the largest line, summed by quarter */
	long planned[A7_NCATEGORIES][4] = {{0}};
	size_t ngroups;
	size_t *group = group_lines(a->lines, n, &ngroups);
	for (size_t g = 0; g < ngroups; g++) {
		long best[12][A7_NCATEGORIES] = {{0}};
		enum plan_period per = PERIOD_QUARTER;
		for (size_t i = 0; i < n; i++) {
			if (group[i] != g)
				continue;
			per = a->lines[i].period;
			for (int p = 0; p < period_per_year(per); p++)
				for (int c = 0; c < A7_NCATEGORIES; c++)
					if (guar[i][p][c] > best[p][c])
						best[p][c] = guar[i][p][c];
		}
		for (int p = 0; p < period_per_year(per); p++)
			for (int c = 0; c < A7_NCATEGORIES; c++)
				planned[c][period_quarter(per, p)] += best[p][c];
	}
	free(group);

	/* city-managed key units certainly inspected in each quarter */
	long covered[4] = {0};
	for (size_t u = 0; u < a->nunits; u++) {
		unsigned missing = 0;
		for (int q = 0; q < 4; q++) {
			int yes = 0;
			for (size_t i = 0; i < n && !yes; i++) {
				if (!a->units[u].match[i])
					continue;
				for (int p = 0; p < period_per_year(a->lines[i].period) && !yes; p++)
					yes = full[i][p] && period_quarter(a->lines[i].period, p) == q;
			}
			if (yes)
				covered[q]++;
			else
				missing |= 1u << q;
		}
		if (missing) {
			r->missing = xrealloc(r->missing, (r->nmissing + 1) * sizeof(*r->missing));
			r->missing[r->nmissing].uscc = a->units[u].uscc;
			r->missing[r->nmissing].name = a->units[u].name;
			r->missing[r->nmissing].quarters = missing;
			r->nmissing++;
			a->units[u].uscc = a->units[u].name = NULL;
		}
		free(a->units[u].uscc);
		free(a->units[u].name);
		free(a->units[u].match);
	}
	free(a->units);
	free(full);
	free(guar);

	memcpy(r->count, a->count, sizeof(r->count));
	r->excluded = a->excluded;
	r->staff = a->staff;
	r->general_factor = s->general_per_staff;

	struct a7_minimum *m = &r->min[A7_RULE_KEY_CITY];
	m->rule = "key_city_quarterly";
	m->zh = "市管重点排污单位每季度至少抽查1次";
	m->applies = s->key_city_quarterly;
	m->quarterly = 1;
	for (int q = 0; q < 4; q++) {
		m->q_required[q] = a->count[A7_KEY_CITY];
		m->q_planned[q] = covered[q];
	}
	finish_minimum(m);

	m = &r->min[A7_RULE_KEY_OTHER];
	m->rule = "key_other_ratio";
	m->zh = "非市管重点排污单位每季度抽查比例不少于5%";
	m->applies = 1;
	m->quarterly = 1;
	for (int q = 0; q < 4; q++) {
		m->q_required[q] = quota_ratio_ceil(a->count[A7_KEY_OTHER], s->key_other_bp);
		m->q_planned[q] = planned[A7_KEY_OTHER][q];
	}
	finish_minimum(m);

	m = &r->min[A7_RULE_GENERAL];
	m->rule = "general_per_staff";
	m->zh = "一般监管对象年度抽查数量（按业务部门在编在岗人员数）";
	m->applies = 1;
	long long want = (long long)s->general_per_staff * a->staff;
	m->required = want > a->count[A7_GENERAL] ? a->count[A7_GENERAL] : (long)want;
	for (int q = 0; q < 4; q++)
		m->planned += planned[A7_GENERAL][q];
	finish_minimum(m);
	long general_required = m->required, general_planned = m->planned;

	m = &r->min[A7_RULE_SPECIAL];
	m->rule = "special_above_general";
	m->zh = "特殊监管对象抽查比例高于一般监管对象";
	m->applies = s->special_above_general;
	long base = general_planned > general_required ? general_planned : general_required;
	m->required = a7_special_required(a->count[A7_SPECIAL], a->count[A7_GENERAL], base);
	for (int q = 0; q < 4; q++)
		m->planned += planned[A7_SPECIAL][q];
	finish_minimum(m);

	r->ok = 1;
	for (int i = 0; i < A7_NRULES; i++)
		if (r->min[i].shortfall)
			r->ok = 0;
	r->nlines = n;
	r->lines = a->res;
	free(a->line_staff);
	free(a);
}

void a7_result_release(struct a7_result *r)
{
	for (size_t i = 0; i < r->nmissing; i++) {
		free(r->missing[i].uscc);
		free(r->missing[i].name);
	}
	free(r->missing);
	free(r->lines);
	memset(r, 0, sizeof(*r));
}
