/*
 * This file implements the plan's arithmetic (see quota.h): periods, quota rules, percentages in
 * basis points, the bureau's settings with the regulation's defaults, and object weights.
 */
#include "core/quota.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int period_per_year(enum plan_period p)
{
	return p == PERIOD_MONTH ? 12 : 4;
}

int period_quarter(enum plan_period p, int index)
{
	return p == PERIOD_MONTH ? index / 3 : index;
}

int period_parse(const char *label, int *year, enum plan_period *p, int *index, const char **why)
{
	size_t n = label ? strlen(label) : 0;
	int y = 0;
	*why = "时段应写作 2025Q1（季度）或 2025-03（月）";
	if (n != 6 && n != 7)
		return -1;
	for (int i = 0; i < 4; i++) {
		if (label[i] < '0' || label[i] > '9')
			return -1;
		y = y * 10 + (label[i] - '0');
	}
	if (y < 1900 || y > 9999)
		return -1;
	if (n == 6 && label[4] == 'Q' && label[5] >= '1' && label[5] <= '4') {
		*p = PERIOD_QUARTER;
		*index = label[5] - '1';
	} else if (n == 7 && label[4] == '-' && label[5] >= '0' && label[5] <= '1' && label[6] >= '0' &&
		   label[6] <= '9') {
		int m = (label[5] - '0') * 10 + (label[6] - '0');
		if (m < 1 || m > 12)
			return -1;
		*p = PERIOD_MONTH;
		*index = m - 1;
	} else {
		return -1;
	}
	*year = y;
	*why = NULL;
	return 0;
}

void period_label(int year, enum plan_period p, int index, char buf[16])
{
	unsigned y = (unsigned)year % 10000u, i = (unsigned)index % 12u;
	if (p == PERIOD_MONTH)
		snprintf(buf, 16, "%04u-%02u", y, i + 1);
	else
		snprintf(buf, 16, "%04uQ%u", y, i % 4u + 1);
}

const char *period_name(enum plan_period p)
{
	return p == PERIOD_MONTH ? "month" : "quarter";
}

int period_from_name(const char *s, enum plan_period *p)
{
	if (!strcmp(s, "quarter") || !strcmp(s, "季度")) {
		*p = PERIOD_QUARTER;
		return 0;
	}
	if (!strcmp(s, "month") || !strcmp(s, "月")) {
		*p = PERIOD_MONTH;
		return 0;
	}
	return -1;
}

const char *period_zh(enum plan_period p)
{
	return p == PERIOD_MONTH ? "月" : "季度";
}

static const char *const rule_names[] = {"each", "ratio", "count", "per_staff"};

const char *quota_rule_name(enum quota_rule r)
{
	return rule_names[r];
}

int quota_rule_from_name(const char *s, enum quota_rule *r)
{
	for (size_t i = 0; i < sizeof(rule_names) / sizeof(rule_names[0]); i++) {
		if (!strcmp(s, rule_names[i])) {
			*r = (enum quota_rule)i;
			return 0;
		}
	}
	return -1;
}

long quota_ratio_ceil(long pool, long bp)
{
	if (pool <= 0 || bp <= 0)
		return 0;
	long long n = ((long long)pool * bp + 9999) / 10000;
	return n > pool ? pool : (long)n;
}

/* ceil(a × k / p) for non-negative values */
static long long ceil_frac(long long a, long long k, long long p)
{
	return (a * k + p - 1) / p;
}

long quota_wanted(const struct quota *q, enum plan_period p, int index, long population, long staff)
{
	if (population <= 0)
		return 0;
	switch (q->rule) {
	case QUOTA_EACH:
		return population;
	case QUOTA_RATIO:
		return quota_ratio_ceil(population, q->value);
	case QUOTA_COUNT:
		return q->value < population ? (q->value > 0 ? q->value : 0) : population;
	case QUOTA_PER_STAFF: {
		long long per = q->value > 0 ? q->value : 0, s = staff > 0 ? staff : 0;
		long long a = per * s;
		if (a > population)
			a = population;
		int np = period_per_year(p);
		if (index < 0 || index >= np)
			return 0;
		return (long)(ceil_frac(a, index + 1, np) - ceil_frac(a, index, np));
	}
	}
	return 0;
}

long quota_for_period(const struct quota *q, enum plan_period p, int index, long population, long pool,
		      long staff)
{
	if (population < pool)
		population = pool;
	long want = quota_wanted(q, p, index, population, staff);
	return want < pool ? want : (pool > 0 ? pool : 0);
}

long quota_guaranteed(long quota, long pool, long in_class)
{
	long others = pool - in_class;
	long g = quota - (others > 0 ? others : 0);
	if (g < 0)
		return 0;
	return g > in_class ? in_class : g;
}

int quota_parse_percent(const char *s, long *bp, const char **why)
{
	*why = "比例应为大于0且不超过100的数（最多两位小数），如 5 或 12.5";
	if (!s || !*s)
		return -1;
	long whole = 0, frac = 0;
	int digits = 0, fdigits = 0;
	const char *p = s;
	for (; *p >= '0' && *p <= '9'; p++) {
		whole = whole * 10 + (*p - '0');
		if (++digits > 3)
			return -1;
	}
	if (!digits)
		return -1;
	if (*p == '.') {
		p++;
		for (; *p >= '0' && *p <= '9'; p++) {
			if (++fdigits > 2)
				return -1;
			frac = frac * 10 + (*p - '0');
		}
		if (!fdigits)
			return -1;
		if (fdigits == 1)
			frac *= 10;
	}
	if (!strcmp(p, "%") || !strcmp(p, "％"))
		p += strlen(p);
	if (*p)
		return -1;
	long v = whole * 100 + frac;
	if (v <= 0 || v > 10000)
		return -1;
	*bp = v;
	*why = NULL;
	return 0;
}

void quota_format_percent(long bp, char buf[16])
{
	unsigned v = bp < 0 ? 0u : bp > 1000000 ? 1000000u : (unsigned)bp;
	if (v % 100 == 0)
		snprintf(buf, 16, "%u%%", v / 100);
	else if (v % 10 == 0)
		snprintf(buf, 16, "%u.%u%%", v / 100, (v % 100) / 10);
	else
		snprintf(buf, 16, "%u.%02u%%", v / 100, v % 100);
}

void quota_describe(const struct quota *q, enum plan_period p, char *buf, size_t size)
{
	char pct[16];
	const char *per = period_zh(p);
	switch (q->rule) {
	case QUOTA_EACH:
		snprintf(buf, size, "每个对象每%s1次", per);
		break;
	case QUOTA_RATIO:
		quota_format_percent(q->value, pct);
		snprintf(buf, size, "每%s抽取 %s", per, pct);
		break;
	case QUOTA_COUNT:
		snprintf(buf, size, "每%s抽取 %ld 家", per, q->value);
		break;
	case QUOTA_PER_STAFF:
		snprintf(buf, size, "每名在岗人员每年 %ld 家，按%s分配", q->value, per);
		break;
	}
}

#define OFF(f) offsetof(struct plan_settings, f)

const struct setting_def plan_setting_defs[] = {
    {"key_city_quarterly", "市管重点排污单位每季度至少抽查1次（第七条）", SETTING_BOOL, 0, 1, 1, 1, 1,
     OFF(key_city_quarterly)},
    {"key_other_pct", "非市管重点排污单位每季度抽查比例下限（第七条）", SETTING_PERCENT, 1, 10000, 500, 500,
     1, OFF(key_other_bp)},
    {"general_per_staff", "一般监管对象：每名业务部门在编在岗人员每年至少抽查家数（第七条，市1/5、县1/10）",
     SETTING_INT, 0, 1000, 5, 10, 1, OFF(general_per_staff)},
    {"special_above_general", "特殊监管对象抽查比例高于一般监管对象（第七条）", SETTING_BOOL, 0, 1, 1, 1, 1,
     OFF(special_above_general)},
    {"weight_low", "风险等级“低”的抽取权重", SETTING_INT, 1, 100, 1, 1, 0, OFF(weight_low)},
    {"weight_mid", "风险等级“中”（及未评定）的抽取权重", SETTING_INT, 1, 100, 2, 2, 0, OFF(weight_mid)},
    {"weight_high", "风险等级“高”的抽取权重", SETTING_INT, 1, 100, 3, 3, 0, OFF(weight_high)},
    {"weight_special", "特殊监管对象的最低抽取权重", SETTING_INT, 1, 100, 3, 3, 0, OFF(weight_special)},
    {"positive_offsite", "正面清单企业非现场检查（第四条）", SETTING_BOOL, 0, 1, 1, 1, 0,
     OFF(positive_offsite)},
    {"positive_weight", "正面清单企业的最高抽取权重（0 为不调整）", SETTING_INT, 0, 100, 0, 0, 0,
     OFF(positive_weight)},
    {"repeat_window_days", "避免重复检查：随机抽查后多少天内不再抽取（每期全部检查的计划事项除外，第三条）",
     SETTING_INT, 0, 366, 90, 90, 0, OFF(repeat_window_days)},
    {"yearly_cap", "同一对象每年随机抽查次数上限（0 为不限；每期全部检查的计划事项除外）", SETTING_INT, 0,
     366, 4, 4, 0, OFF(yearly_cap)},
    {"suspended_eligible", "停产对象可以被抽取", SETTING_BOOL, 0, 1, 0, 0, 0, OFF(suspended_eligible)},
    {"team_size", "每个检查组的执法人员人数（至少2名，行政处罚法第四十二条）", SETTING_INT, 2, 10, 2, 2, 0,
     OFF(team_size)},
    {"cross_region", "跨区域检查：县（市、区）人员不检查本县对象", SETTING_BOOL, 0, 1, 1, 1, 0,
     OFF(cross_region)},
    {"experts_per_visit", "每次检查随行的辅助检查人员（专家）人数", SETTING_INT, 0, 5, 0, 0, 0,
     OFF(experts_per_visit)},
    {"draw_branch_officers", "市局抽取时也抽取分局执法人员（跨区域检查）", SETTING_BOOL, 0, 1, 0, 0, 0,
     OFF(draw_branch_officers)},
};

const size_t plan_setting_count = sizeof(plan_setting_defs) / sizeof(plan_setting_defs[0]);

static void store_value(struct plan_settings *s, const struct setting_def *d, long v)
{
	char *p = (char *)s + d->offset;
	if (d->type == SETTING_PERCENT)
		*(long *)(void *)p = v;
	else
		*(int *)(void *)p = (int)v;
}

long plan_setting_value(const struct plan_settings *s, const struct setting_def *d)
{
	const char *p = (const char *)s + d->offset;
	if (d->type == SETTING_PERCENT)
		return *(const long *)(const void *)p;
	return *(const int *)(const void *)p;
}

void plan_settings_default(struct plan_settings *s, int county)
{
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < plan_setting_count; i++)
		store_value(s, &plan_setting_defs[i],
			    county ? plan_setting_defs[i].county : plan_setting_defs[i].city);
}

const struct setting_def *plan_setting_find(const char *key)
{
	for (size_t i = 0; i < plan_setting_count; i++)
		if (!strcmp(plan_setting_defs[i].key, key))
			return &plan_setting_defs[i];
	return NULL;
}

int plan_setting_set(struct plan_settings *s, const struct setting_def *d, const char *value,
		     const char **why, char why_buf[128])
{
	long v = 0;
	*why = NULL;
	switch (d->type) {
	case SETTING_BOOL:
		if (!strcmp(value, "是") || !strcmp(value, "1") || !strcmp(value, "yes") ||
		    !strcmp(value, "true"))
			v = 1;
		else if (!strcmp(value, "否") || !strcmp(value, "0") || !strcmp(value, "no") ||
			 !strcmp(value, "false"))
			v = 0;
		else {
			*why = "应为 是 或 否";
			return -1;
		}
		break;
	case SETTING_INT: {
		char *end;
		if (!*value || *value < '0' || *value > '9') {
			*why = "应为整数";
			return -1;
		}
		v = strtol(value, &end, 10);
		if (*end || v < d->min || v > d->max) {
			snprintf(why_buf, 128, "应为 %ld 到 %ld 之间的整数", d->min, d->max);
			*why = why_buf;
			return -1;
		}
		break;
	}
	case SETTING_PERCENT:
		if (quota_parse_percent(value, &v, why))
			return -1;
		break;
	}
	store_value(s, d, v);
	return 0;
}

void plan_setting_format(const struct plan_settings *s, const struct setting_def *d, char buf[32])
{
	long v = plan_setting_value(s, d);
	if (d->type == SETTING_BOOL)
		snprintf(buf, 32, "%s", v ? "是" : "否");
	else if (d->type == SETTING_PERCENT)
		quota_format_percent(v, buf);
	else
		snprintf(buf, 32, "%ld", v);
}

int plan_object_weight(const struct plan_settings *s, const char *risk, const char *klass, int positive)
{
	int w = s->weight_mid;
	if (risk && !strcmp(risk, "低"))
		w = s->weight_low;
	else if (risk && !strcmp(risk, "高"))
		w = s->weight_high;
	if (klass && !strcmp(klass, "特殊") && w < s->weight_special)
		w = s->weight_special;
	if (positive && s->positive_weight && w > s->positive_weight)
		w = s->positive_weight;
	return w < 1 ? 1 : w > 100 ? 100 : w;
}
