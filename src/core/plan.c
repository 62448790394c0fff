/*
 * This file implements the plan's lines as data (see plan.h): lists, checking a line, its canonical
 * text, the object view and the selector, and the triggers of targeted inspections.
 */
#include "core/plan.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dirschema.h"
#include "core/region.h"
#include "util/xalloc.h"

const char *const plan_line_types[] = {"日常监督管理检查", "监督执法检查", "专项检查", "部门联合检查", NULL};

const char *const targeted_triggers[] = {
    "信访投诉举报",	      "上级转办",	    "违法案件查处",
    "其他部门移送",	      "突发环境事件",	    "核安全检查",
    "数据分析或监测发现问题", "非现场执法发现问题", NULL,
};

int targeted_trigger_valid(const char *t)
{
	for (int i = 0; targeted_triggers[i]; i++)
		if (!strcmp(targeted_triggers[i], t))
			return 1;
	return 0;
}

unsigned plan_class_bit(const char *klass)
{
	if (!strcmp(klass, "重点"))
		return CLASS_KEY;
	if (!strcmp(klass, "一般"))
		return CLASS_GENERAL;
	if (!strcmp(klass, "特殊"))
		return CLASS_SPECIAL;
	return 0;
}

/* ---- lists ---- */

const char *plan_list_next(const char **cursor, size_t *len)
{
	const char *p = *cursor;
	if (!p || !*p)
		return NULL;
	const char *q = strstr(p, "、");
	*len = q ? (size_t)(q - p) : strlen(p);
	*cursor = q ? q + strlen("、") : p + *len;
	return p;
}

int plan_list_has(const char *list, const char *v)
{
	size_t n = strlen(v), len;
	const char *cur = list, *e;
	while ((e = plan_list_next(&cur, &len)))
		if (len == n && !memcmp(e, v, n))
			return 1;
	return 0;
}

size_t plan_list_count(const char *list)
{
	size_t n = 0, len;
	const char *cur = list;
	while (plan_list_next(&cur, &len))
		n++;
	return n;
}

unsigned plan_class_mask(const char *list)
{
	unsigned m = 0;
	size_t len;
	const char *cur = list, *e;
	if (!list || !*list)
		return CLASS_ALL;
	while ((e = plan_list_next(&cur, &len))) {
		char buf[16];
		if (len >= sizeof(buf))
			continue;
		memcpy(buf, e, len);
		buf[len] = '\0';
		if (!strcmp(buf, "全部"))
			return CLASS_ALL;
		m |= plan_class_bit(buf);
	}
	return m;
}

/* The separators a person may type between list elements. */
static size_t separator_at(const char *p)
{
	static const char *const seps[] = {"、", "；", "，", ";", ","};
	for (size_t i = 0; i < sizeof(seps) / sizeof(seps[0]); i++)
		if (!strncmp(p, seps[i], strlen(seps[i])))
			return strlen(seps[i]);
	return 0;
}

static size_t space_at(const char *p)
{
	if (*p == ' ' || *p == '\t')
		return 1;
	if (!strncmp(p, "\xe3\x80\x80", 3)) /* U+3000 ideographic space */
		return 3;
	return 0;
}

void plan_list_normalize(const char *in, struct strbuf *out)
{
	struct strbuf el = STRBUF_INIT;
	strbuf_reset(out);
	const char *p = in ? in : "";
	for (;;) {
		size_t s = *p ? separator_at(p) : 0;
		if (!*p || s) {
			/* trim the element */
			size_t b = 0, e = el.len, k;
			while (b < e && (k = space_at(el.buf + b)))
				b += k;
			for (;;) {
				if (e > b && (el.buf[e - 1] == ' ' || el.buf[e - 1] == '\t'))
					e--;
				else if (e >= b + 3 && !memcmp(el.buf + e - 3, "\xe3\x80\x80", 3))
					e -= 3;
				else
					break;
			}
			if (e > b) {
				char *v = xstrndup(el.buf + b, e - b);
				if (!plan_list_has(strbuf_str(out), v)) {
					if (out->len)
						strbuf_adds(out, "、");
					strbuf_adds(out, v);
				}
				free(v);
			}
			strbuf_reset(&el);
			if (!*p)
				break;
			p += s;
			continue;
		}
		strbuf_addc(&el, *p++);
	}
	strbuf_release(&el);
}

/* ---- lines ---- */

// clang-format off
#define LINE_STRINGS(X) \
	X(name) \
	X(type) \
	X(items) \
	X(initiator) \
	X(participants) \
	X(partners) \
	X(classes) \
	X(city_managed) \
	X(regions) \
	X(industries) \
	X(tags) \
	X(positive) \
	X(staff_departments) \
	X(group) \
	X(note)
// clang-format on

void plan_set_str(char **slot, const char *v)
{
	free(*slot);
	*slot = xstrdup(v ? v : "");
}

void plan_line_init(struct plan_line *l)
{
	memset(l, 0, sizeof(*l));
#define INIT(f) l->f = xstrdup("");
	LINE_STRINGS(INIT)
#undef INIT
	l->item_classes = CLASS_ALL;
}

void plan_line_release(struct plan_line *l)
{
#define FREE(f)                                                                                              \
	free(l->f);                                                                                          \
	l->f = NULL;
	LINE_STRINGS(FREE)
#undef FREE
}

void plan_line_copy(struct plan_line *dst, const struct plan_line *src)
{
	*dst = *src;
#define DUP(f) dst->f = xstrdup(src->f ? src->f : "");
	LINE_STRINGS(DUP)
#undef DUP
}

static int in_values(const char *v, const char *const *values)
{
	for (int i = 0; values[i]; i++)
		if (!strcmp(values[i], v))
			return 1;
	return 0;
}

static int id_chars(const char *s, size_t n)
{
	if (!n || n > 32)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		      c == '_' || c == '-'))
			return 0;
	}
	return 1;
}

int plan_line_check(const struct plan_line *l,
		    void (*report)(const char *field, const char *reason, void *arg), void *arg)
{
	int n = 0;
	char buf[512];
	size_t len;
	const char *cur, *e;
#define BAD_AT(field, ...)                                                                                   \
	do {                                                                                                 \
		snprintf(buf, sizeof(buf), __VA_ARGS__);                                                     \
		report(field, buf, arg);                                                                     \
		n++;                                                                                         \
	} while (0)
#define BAD(...) BAD_AT(NULL, __VA_ARGS__)

	if (!*l->name)
		BAD_AT("name", "计划事项名称不能为空");
	else if (strlen(l->name) > 300)
		BAD("计划事项名称过长（不超过100字）");
	if (!in_values(l->type, plan_line_types))
		BAD("检查类型“%s”应为 日常监督管理检查、监督执法检查、专项检查 或 部门联合检查", l->type);
	if (!*l->items)
		BAD_AT("items", "至少要有一个抽查事项（事项编码）");
	for (cur = l->items; (e = plan_list_next(&cur, &len));)
		if (!id_chars(e, len))
			BAD("事项编码“%.*s”只能包含字母、数字、下划线和连字符", (int)len, e);
	if (!*l->initiator)
		BAD("发起部门不能为空");
	if (!strcmp(l->type, "部门联合检查") && !*l->partners)
		BAD_AT("partners",
		       "部门联合检查是与其他政府部门的联合检查（第八条“系统外跨部门”），须写明参加的外部门；"
		       "本局科室之间的联合检查是系统内跨科室联合检查，检查类型请选 "
		       "日常监督管理检查、监督执法检查 或 专项检查");
	if (*l->partners && strcmp(l->type, "部门联合检查"))
		BAD_AT("type", "写明了参加的外部门（%s），检查类型应为 部门联合检查", l->partners);
	for (cur = l->classes; (e = plan_list_next(&cur, &len));)
		if (!((len == 6 &&
		       (!memcmp(e, "重点", 6) || !memcmp(e, "一般", 6) || !memcmp(e, "特殊", 6)))))
			BAD("监管类别“%.*s”应为 重点、一般 或 特殊", (int)len, e);
	if (*l->city_managed && strcmp(l->city_managed, "是") && strcmp(l->city_managed, "否"))
		BAD("市管应为 是 或 否");
	if (*l->positive && strcmp(l->positive, "是") && strcmp(l->positive, "否"))
		BAD("正面清单应为 是 或 否");
	if (!strcmp(l->city_managed, "是") && *l->classes && !plan_list_has(l->classes, "重点"))
		BAD("市管重点排污单位的监管类别是“重点”，与所选类别不符");
	for (cur = l->regions; (e = plan_list_next(&cur, &len));) {
		char code[8];
		if (len != 6) {
			BAD("行政区划代码“%.*s”应为6位数字", (int)len, e);
			continue;
		}
		memcpy(code, e, 6);
		code[6] = '\0';
		if (!region_find(code))
			BAD("行政区划代码 %s 不在区划表中", code);
	}
	for (cur = l->industries; (e = plan_list_next(&cur, &len));) {
		int digits = len >= 2 && len <= 4;
		for (size_t i = 0; digits && i < len; i++)
			digits = e[i] >= '0' && e[i] <= '9';
		if (!digits)
			BAD("行业代码“%.*s”应为2到4位数字（GB/T 4754-2017 门类以下代码的前缀）", (int)len, e);
	}
	switch (l->quota.rule) {
	case QUOTA_EACH:
		break;
	case QUOTA_RATIO:
		if (l->quota.value < 1 || l->quota.value > 10000)
			BAD("抽查比例应大于0且不超过100%%");
		break;
	case QUOTA_COUNT:
		if (l->quota.value < 1 || l->quota.value > 1000000)
			BAD("抽查家数应为1到1000000的整数");
		break;
	case QUOTA_PER_STAFF:
		if (l->quota.value < 1 || l->quota.value > 1000)
			BAD("每名人员抽查家数应为1到1000的整数");
		break;
	}
	if (l->quota.rule != QUOTA_PER_STAFF && *l->staff_departments)
		BAD_AT("staff_departments", "只有按执法人员数确定数量的计划事项才能指定人员所在科室");
	if (strlen(l->group) > 96)
		BAD("联合抽查组名称过长");
	return n;
#undef BAD
}

void plan_line_describe_objects(const struct plan_line *l, struct strbuf *sb)
{
	size_t start = sb->len;
#define PART(...)                                                                                            \
	do {                                                                                                 \
		if (sb->len > start)                                                                         \
			strbuf_adds(sb, "；");                                                               \
		strbuf_addf(sb, __VA_ARGS__);                                                                \
	} while (0)
	if (*l->classes) {
		size_t len;
		const char *cur = l->classes, *e;
		struct strbuf c = STRBUF_INIT;
		while ((e = plan_list_next(&cur, &len)))
			strbuf_addf(&c, "%s%.*s", c.len ? "、" : "", (int)len, e);
		PART("%s监管对象", c.buf);
		strbuf_release(&c);
	}
	if (!strcmp(l->city_managed, "是"))
		PART("市管");
	else if (!strcmp(l->city_managed, "否"))
		PART("非市管");
	if (*l->regions)
		PART("行政区划 %s", l->regions);
	if (*l->industries)
		PART("行业 %s", l->industries);
	if (*l->tags)
		PART("标识 %s", l->tags);
	if (!strcmp(l->positive, "是"))
		PART("正面清单（非现场）");
	else if (!strcmp(l->positive, "否"))
		PART("非正面清单");
	if (sb->len == start)
		strbuf_adds(sb, "全部检查对象");
#undef PART
}

void plan_line_canonical(const struct plan_line *l, struct strbuf *sb)
{
#define FIELD(k, fmt, v) strbuf_addf(sb, k "\x1f" fmt "\x1e", v)
	FIELD("no", "%d", l->no);
	FIELD("name", "%s", l->name);
	FIELD("type", "%s", l->type);
	FIELD("items", "%s", l->items);
	FIELD("initiator", "%s", l->initiator);
	FIELD("participants", "%s", l->participants);
	FIELD("classes", "%s", l->classes);
	FIELD("city_managed", "%s", l->city_managed);
	FIELD("regions", "%s", l->regions);
	FIELD("industries", "%s", l->industries);
	FIELD("tags", "%s", l->tags);
	FIELD("positive", "%s", l->positive);
	FIELD("period", "%s", period_name(l->period));
	FIELD("rule", "%s", quota_rule_name(l->quota.rule));
	FIELD("value", "%ld", l->quota.value);
	FIELD("staff_departments", "%s", l->staff_departments);
	FIELD("group", "%s", l->group);
	FIELD("note", "%s", l->note);
	/* added with units: only a line that names outside departments carries it, so the text (and hash)
	 * of every earlier line stays what it was */
	if (*l->partners)
		FIELD("partners", "%s", l->partners);
#undef FIELD
}

/* ---- items ---- */

void plan_item_release(struct plan_item *it)
{
	free(it->code);
	free(it->name);
	free(it->department);
	free(it->content);
	free(it->legal_basis);
	free(it->classes);
	free(it->method);
	memset(it, 0, sizeof(*it));
}

int plan_item_applies(const struct plan_item *it, const char *klass)
{
	return (it->class_mask & plan_class_bit(klass)) != 0;
}

/* ---- objects ---- */

/* Field indexes of dir_objects, looked up once by name so a reordering cannot go unnoticed. */
struct object_fields {
	int uscc, name, region, industry, klass, city_managed, positive, status, risk;
};

static const struct object_fields *object_fields(void)
{
	static struct object_fields f;
	static int done;
	if (!done) {
		const struct dirkind *d = &dir_objects;
		f.uscc = dirkind_field_index(d, "uscc");
		f.name = dirkind_field_index(d, "name");
		f.region = dirkind_field_index(d, "region");
		f.industry = dirkind_field_index(d, "industry");
		f.klass = dirkind_field_index(d, "class");
		f.city_managed = dirkind_field_index(d, "city_managed");
		f.positive = dirkind_field_index(d, "positive_list");
		f.status = dirkind_field_index(d, "status");
		f.risk = dirkind_field_index(d, "risk");
		done = 1; /* idempotent: racing threads write the same values */
	}
	return &f;
}

void plan_object_view(const char *const *vals, struct plan_object *o)
{
	const struct object_fields *f = object_fields();
	o->vals = vals;
	o->uscc = vals[f->uscc];
	o->name = vals[f->name];
	o->region = vals[f->region];
	o->industry = vals[f->industry];
	o->klass = vals[f->klass];
	o->risk = vals[f->risk];
	o->status = vals[f->status];
	o->city_managed = !strcmp(vals[f->city_managed], "是");
	o->positive = !strcmp(vals[f->positive], "是");
}

int plan_object_eligible(const struct plan_object *o, const struct plan_settings *s)
{
	if (!strcmp(o->status, "注销"))
		return 0;
	if (!strcmp(o->status, "停产") && !s->suspended_eligible)
		return 0;
	return 1;
}

int plan_object_category(const struct plan_object *o)
{
	unsigned b = plan_class_bit(o->klass);
	if (b == CLASS_KEY)
		return o->city_managed ? A7_KEY_CITY : A7_KEY_OTHER;
	if (b == CLASS_GENERAL)
		return A7_GENERAL;
	if (b == CLASS_SPECIAL)
		return A7_SPECIAL;
	return -1;
}

int plan_object_has_tag(const struct plan_object *o, const char *tag)
{
	const struct dirkind *d = &dir_objects;
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		const char *v = o->vals[i];
		if (f->type == FT_BOOL && !strcmp(v, "是") &&
		    ((!strcmp(f->col, "city_managed") && !strcmp(tag, "市管")) || !strcmp(tag, f->zh)))
			return 1;
		if ((f->type == FT_ENUM || f->type == FT_INDUSTRY) && !strcmp(v, tag))
			return 1;
		if (f->type == FT_LIST && plan_list_has(v, tag))
			return 1;
	}
	return 0;
}

static int region_in_list(const char *list, const char *region)
{
	size_t len;
	const char *cur = list, *e;
	while ((e = plan_list_next(&cur, &len))) {
		char code[8];
		if (len != 6)
			continue;
		memcpy(code, e, 6);
		code[6] = '\0';
		if (region_within(code, region))
			return 1;
	}
	return 0;
}

static int industry_in_list(const char *list, const char *industry)
{
	size_t len;
	const char *cur = list, *e;
	while ((e = plan_list_next(&cur, &len)))
		if (len <= strlen(industry) && !memcmp(e, industry, len))
			return 1;
	return 0;
}

int plan_line_matches(const struct plan_line *l, const struct plan_object *o)
{
	unsigned bit = plan_class_bit(o->klass);
	if (!(l->item_classes & bit))
		return 0;
	if (*l->classes && !plan_list_has(l->classes, o->klass))
		return 0;
	if (*l->city_managed && o->city_managed != !strcmp(l->city_managed, "是"))
		return 0;
	if (*l->positive && o->positive != !strcmp(l->positive, "是"))
		return 0;
	if (*l->regions && !region_in_list(l->regions, o->region))
		return 0;
	if (*l->industries && !industry_in_list(l->industries, o->industry))
		return 0;
	size_t len;
	const char *cur = l->tags, *e;
	while ((e = plan_list_next(&cur, &len))) {
		char *tag = xstrndup(e, len);
		int has = plan_object_has_tag(o, tag);
		free(tag);
		if (!has)
			return 0;
	}
	return 1;
}

const char *plan_line_joint(const struct plan_line *l)
{
	if (*l->partners)
		return "系统外跨部门";
	if (*l->participants)
		return "系统内跨科室";
	return "";
}

int plan_filing_late(int year, int version, const char *today)
{
	char first_day[16];
	snprintf(first_day, sizeof(first_day), "%04d-01-01", year % 10000);
	return version == 1 && strcmp(today, first_day) >= 0;
}
