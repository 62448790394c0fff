/*
 * This file implements the directory declarations (see dirschema.h): the fields of the object,
 * people, conflict and item directories with their headers (Chinese, English alias), types and
 * allowed values, as the import format documents them (docs/FORMATS.md).
 */
#include "core/dirschema.h"

#include <string.h>
#include <strings.h>

#include "core/hash.h"

static const char *const class_values[] = {"重点", "一般", "特殊", NULL};
static const char *const permit_values[] = {"重点管理", "简化管理", "登记管理", NULL};
static const char *const grade_values[] = {"A", "B", "C", "D", "引领性", NULL};
static const char *const pollutant_values[] = {"废水", "废气", "固体废物", "危险废物",
					       "噪声", "辐射", "土壤",	   NULL};
static const char *const monitoring_values[] = {"在线监控", "用电监控", "视频监控", NULL};
static const char *const status_values[] = {"正常", "停产", "注销", NULL};
static const char *const entity_values[] = {"企业", "小微企业", "个体工商户", NULL};
static const char *const risk_values[] = {"低", "中", "高", NULL};
static const char *const person_kind_values[] = {"执法", "监管", "辅助", NULL};
static const char *const item_class_values[] = {"重点", "一般", "特殊", "全部", NULL};
static const char *const method_values[] = {"现场", "非现场", "均可", NULL};
/* Article 4's identifying elements without a column before schema step 12 (docs/FORMATS.md) */
static const char *const scale_values[] = {"大型", "中型", "小型", "微型", NULL};
static const char *const cycle_values[] = {"连续生产", "间歇生产", "季节性生产", NULL};
static const char *const construction_values[] = {"在建", "试生产", "已投产", "停建", NULL};

static const struct field object_fields[] = {
    {"uscc", "uscc", "统一社会信用代码", FT_USCC, F_REQUIRED | F_KEY, NULL, NULL, 18},
    {"name", "name", "单位名称", FT_TEXT, F_REQUIRED, NULL, NULL, 100},
    {"region", "region", "行政区划代码", FT_REGION, F_REQUIRED | F_COUNTY, NULL, NULL, 6},
    {"industry", "industry", "行业代码", FT_INDUSTRY, F_REQUIRED, NULL, NULL, 4},
    {"class", "class", "监管类别", FT_ENUM, F_REQUIRED, class_values, NULL, 0},
    {"city_managed", "city_managed", "市管", FT_BOOL, 0, NULL, "否", 0},
    {"permit_class", "permit_class", "排污许可管理类别", FT_ENUM, 0, permit_values, NULL, 0},
    {"permit_no", "permit_no", "排污许可证编号", FT_TEXT, 0, NULL, NULL, 40},
    {"positive_list", "positive_list", "正面清单", FT_BOOL, 0, NULL, "否", 0},
    {"perf_grade", "perf_grade", "绩效分级", FT_ENUM, 0, grade_values, NULL, 0},
    {"pollutants", "pollutants", "污染物类型", FT_LIST, 0, pollutant_values, NULL, 0},
    {"monitoring", "monitoring", "监控类型", FT_LIST, 0, monitoring_values, NULL, 0},
    {"status", "status", "生产状态", FT_ENUM, 0, status_values, "正常", 0},
    {"entity_type", "entity_type", "主体类型", FT_ENUM, 0, entity_values, "企业", 0},
    {"risk", "risk", "风险等级", FT_ENUM, 0, risk_values, NULL, 0},
    {"address", "address", "地址", FT_TEXT, 0, NULL, NULL, 200},
    {"prod_scale", "prod_scale", "生产规模", FT_ENUM, F_LATE, scale_values, NULL, 0},
    {"prod_cycle", "prod_cycle", "生产周期特点", FT_ENUM, F_LATE, cycle_values, NULL, 0},
    {"construction", "construction", "项目建设情况", FT_ENUM, F_LATE, construction_values, NULL, 0},
};

static const struct field person_fields[] = {
    {"pid", "id", "人员编号", FT_ID, F_REQUIRED | F_KEY, NULL, NULL, 32},
    {"name", "name", "姓名", FT_TEXT, F_REQUIRED, NULL, NULL, 50},
    {"kind", "kind", "人员类别", FT_ENUM, F_REQUIRED, person_kind_values, NULL, 0},
    {"cert_no", "cert_no", "执法证号", FT_TEXT, 0, NULL, NULL, 40},
    {"unit", "unit", "单位", FT_TEXT, F_REQUIRED, NULL, NULL, 100},
    {"department", "department", "科室", FT_TEXT, 0, NULL, NULL, 50},
    {"position", "position", "职务", FT_TEXT, 0, NULL, NULL, 50},
    {"region", "region", "行政区划代码", FT_REGION, F_REQUIRED, NULL, NULL, 6},
    {"years", "years", "工作年限", FT_INT, 0, NULL, NULL, 3},
    {"expertise", "expertise", "业务专长", FT_LIST, 0, NULL, NULL, 200},
    {"active", "active", "在岗", FT_BOOL, 0, NULL, "是", 0},
};

static const struct field conflict_fields[] = {
    {"person", "person", "人员编号", FT_ID, F_REQUIRED | F_KEY, NULL, NULL, 32},
    {"uscc", "uscc", "统一社会信用代码", FT_USCC, F_REQUIRED | F_KEY, NULL, NULL, 18},
    {"reason", "reason", "原因", FT_TEXT, 0, NULL, NULL, 200},
};

static const struct field item_fields[] = {
    {"code", "code", "事项编码", FT_ID, F_REQUIRED | F_KEY, NULL, NULL, 32},
    {"name", "name", "事项名称", FT_TEXT, F_REQUIRED, NULL, NULL, 100},
    {"department", "department", "责任科室", FT_TEXT, F_REQUIRED, NULL, NULL, 50},
    {"content", "content", "检查内容", FT_TEXT, 0, NULL, NULL, 500},
    {"legal_basis", "legal_basis", "法律依据", FT_TEXT, F_REQUIRED, NULL, NULL, 500},
    {"classes", "classes", "适用类别", FT_LIST, 0, item_class_values, "全部", 0},
    {"method", "method", "检查方式", FT_ENUM, 0, method_values, "均可", 0},
};

#define KIND(var, name, zh, table, fields)                                                                   \
	const struct dirkind var = {name, zh, table, fields, sizeof(fields) / sizeof(fields[0])}

KIND(dir_objects, "objects", "检查对象名录", "object_version", object_fields);
KIND(dir_people, "people", "检查人员名录", "person_version", person_fields);
KIND(dir_conflicts, "conflicts", "回避关系", "conflict_version", conflict_fields);
KIND(dir_items, "items", "随机抽查事项清单", "item_version", item_fields);

const struct dirkind *const dir_kinds[] = {&dir_objects, &dir_people, &dir_conflicts, &dir_items, NULL};

const struct dirkind *dirkind_find(const char *name)
{
	for (int i = 0; dir_kinds[i]; i++)
		if (!strcmp(dir_kinds[i]->name, name))
			return dir_kinds[i];
	return NULL;
}

int dirkind_field_index(const struct dirkind *d, const char *col)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (!strcmp(d->fields[i].col, col))
			return (int)i;
	return -1;
}

int dirkind_field_by_header(const struct dirkind *d, const char *header)
{
	size_t n = strlen(header);
	while (n && (header[n - 1] == ' ' || header[n - 1] == '*'))
		n--;
	while (n && *header == ' ')
		header++, n--;
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		if ((strlen(f->zh) == n && !memcmp(f->zh, header, n)) ||
		    (strlen(f->alias) == n && !strncasecmp(f->alias, header, n)))
			return (int)i;
	}
	return -1;
}

void dir_key(const struct dirkind *d, const char *const *vals, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < d->nfields; i++) {
		if (!(d->fields[i].flags & F_KEY))
			continue;
		if (out->len)
			strbuf_addc(out, '/');
		strbuf_adds(out, vals[i]);
	}
}

int dir_check_row(const struct dirkind *d, const char *const *vals,
		  void (*report)(int field, const char *reason, void *arg), void *arg)
{
	int n = 0;
	for (size_t i = 0; i < d->nfields; i++) {
		if ((d->fields[i].flags & F_REQUIRED) && !*vals[i]) {
			report((int)i, "必填项为空", arg);
			n++;
		}
	}
	if (d == &dir_people) {
		if (!strcmp(vals[2], "执法") && !*vals[3]) {
			report(3, "执法人员必须填写执法证号", arg);
			n++;
		}
	} else if (d == &dir_objects) {
		if (!strcmp(vals[5], "是") && *vals[4] && strcmp(vals[4], "重点")) {
			report(5, "市管重点排污单位的监管类别应为“重点”", arg);
			n++;
		}
	}
	return n;
}

static int differs(const struct dirkind *d, const char *const *a, const char *const *b)
{
	for (size_t i = 0; i < d->nfields; i++)
		if (strcmp(a[i], b[i]))
			return 1;
	return 0;
}

const char *dir_change_kind(const struct dirkind *d, const char *const *old, int old_removed,
			    const char *const *neu, int neu_removed)
{
	if (!old)
		return "new";
	if (neu_removed && !old_removed)
		return d == &dir_objects ? "deregistered" : "removed";
	if (old_removed && !neu_removed)
		return "restored";
	if (!differs(d, old, neu))
		return NULL;
	if (d == &dir_objects) {
		int st = dirkind_field_index(d, "status");
		if (strcmp(old[st], neu[st])) {
			if (!strcmp(neu[st], "注销"))
				return "deregistered";
			if (!strcmp(neu[st], "停产"))
				return "suspended";
			if (!strcmp(old[st], "停产") || !strcmp(old[st], "注销"))
				return "resumed";
		}
	}
	return "changed";
}

const char *dir_change_zh(const char *kind)
{
	static const char *const map[][2] = {
	    {"new", "新增"},	 {"changed", "变更"}, {"deregistered", "注销"}, {"suspended", "停产"},
	    {"resumed", "恢复"}, {"removed", "移出"}, {"restored", "恢复"},
	};
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (!strcmp(map[i][0], kind))
			return map[i][1];
	return kind;
}

void dir_row_hash(const struct dirkind *d, const char *const *vals, char hex[65])
{
	struct strbuf sb = STRBUF_INIT;
	for (size_t i = 0; i < d->nfields; i++) {
		if ((d->fields[i].flags & F_LATE) && !*vals[i])
			continue;
		strbuf_adds(&sb, d->fields[i].col);
		strbuf_addc(&sb, 0x1F);
		strbuf_adds(&sb, vals[i]);
		strbuf_addc(&sb, 0x1E);
	}
	sha256_hex(sb.buf, sb.len, hex);
	strbuf_release(&sb);
}

size_t dir_diff(const struct dirkind *d, const char *const *old, const char *const *neu,
		struct dir_field_change *out)
{
	size_t n = 0;
	for (size_t i = 0; i < d->nfields; i++)
		if (strcmp(old[i], neu[i]))
			out[n++] = (struct dir_field_change){(int)i, old[i], neu[i]};
	return n;
}

void dir_tag_values(const struct dirkind *d, struct strbuf *out)
{
	strbuf_reset(out);
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		if (f->type == FT_BOOL) {
			if (out->len)
				strbuf_adds(out, "、");
			strbuf_adds(out, !strcmp(f->col, "city_managed") ? "市管" : f->zh);
		} else if ((f->type == FT_ENUM || f->type == FT_LIST) && f->values && !(f->flags & F_KEY)) {
			for (const char *const *v = f->values; *v; v++) {
				if (out->len)
					strbuf_adds(out, "、");
				strbuf_adds(out, *v);
			}
		}
	}
}

int dir_tag_valid(const struct dirkind *d, const char *tag)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct field *f = &d->fields[i];
		if (f->type == FT_BOOL && !strcmp(tag, !strcmp(f->col, "city_managed") ? "市管" : f->zh))
			return 1;
		if (f->type == FT_INDUSTRY && strlen(tag) == 4 && strspn(tag, "0123456789") == 4)
			return 1;
		if ((f->type == FT_ENUM || f->type == FT_LIST) && f->values)
			for (const char *const *v = f->values; *v; v++)
				if (!strcmp(*v, tag))
					return 1;
	}
	return 0;
}
