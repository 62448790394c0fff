/*
 * This file implements field_normalize: one raw cell of an import file becomes its canonical value
 * (trimmed, upper-cased credit code, 是/否, list joined by 、) or a precise Chinese reason.
 */
#include <stdio.h>
#include <string.h>

#include "core/dirschema.h"
#include "core/region.h"
#include "core/uscc.h"
#include "core/utf8.h"

static int in_values(const char *const *values, const char *s, size_t n)
{
	for (; *values; values++)
		if (strlen(*values) == n && !memcmp(*values, s, n))
			return 1;
	return 0;
}

static void list_values(const char *const *values, struct strbuf *sb)
{
	for (int i = 0; values[i]; i++) {
		if (i)
			strbuf_adds(sb, "/");
		strbuf_adds(sb, values[i]);
	}
}

static int bad_value(const struct field *f, const char *s, size_t n, struct strbuf *why_buf, const char **why)
{
	/* quote at most 60 bytes, cut at a character boundary */
	size_t cut = n;
	if (cut > 60) {
		cut = 60;
		while (cut && ((unsigned char)s[cut] & 0xC0) == 0x80)
			cut--;
	}
	strbuf_reset(why_buf);
	strbuf_addf(why_buf, "“%.*s%s”不是允许的值（", (int)cut, s, cut < n ? "…" : "");
	list_values(f->values, why_buf);
	strbuf_adds(why_buf, "）");
	*why = why_buf->buf;
	return -1;
}

static int parse_bool(const char *s, size_t n, const char **out)
{
	static const char *const yes[] = {"是", "Y", "y", "1", "true", "TRUE", "yes", NULL};
	static const char *const no[] = {"否", "N", "n", "0", "false", "FALSE", "no", NULL};
	if (in_values(yes, s, n))
		*out = "是";
	else if (in_values(no, s, n))
		*out = "否";
	else
		return -1;
	return 0;
}

/* Finds the next list separator (; ； 、 , ，) at or after s; returns its start, *seplen its length. */
static const char *next_sep(const char *s, const char *end, size_t *seplen)
{
	for (const char *p = s; p < end; p++) {
		if (*p == ';' || *p == ',') {
			*seplen = 1;
			return p;
		}
		if (end - p >= 3 && (!memcmp(p, "；", 3) || !memcmp(p, "、", 3) || !memcmp(p, "，", 3))) {
			*seplen = 3;
			return p;
		}
	}
	*seplen = 0;
	return end;
}

static int normalize_list(const struct field *f, const char *s, size_t n, struct strbuf *out,
			  struct strbuf *why_buf, const char **why)
{
	const char *end = s + n;
	while (s < end) {
		size_t seplen;
		const char *sep = next_sep(s, end, &seplen);
		size_t len = (size_t)(sep - s);
		const char *v = utf8_trim(s, &len);
		if (len) {
			if (f->values && !in_values(f->values, v, len))
				return bad_value(f, v, len, why_buf, why);
			/* drop repeats, keep first-seen order */
			int seen = 0;
			const char *p = out->len ? out->buf : NULL;
			while (p && !seen) {
				const char *q = strstr(p, "、");
				size_t l = q ? (size_t)(q - p) : strlen(p);
				seen = l == len && !memcmp(p, v, len);
				p = q ? q + 3 : NULL;
			}
			if (!seen) {
				if (out->len)
					strbuf_adds(out, "、");
				strbuf_add(out, v, len);
			}
		}
		s = sep + seplen;
	}
	return 0;
}

static int check_region(const struct field *f, const char *v, const struct field_context *fc,
			struct strbuf *why_buf, const char **why)
{
	for (int i = 0; i < 6; i++)
		if (v[i] < '0' || v[i] > '9' || strlen(v) != 6) {
			*why = "应为6位数字行政区划代码（GB/T 2260）";
			return -1;
		}
	const struct region *r = region_find(v);
	if (!r) {
		*why = "不是已知的行政区划代码（GB/T 2260）";
		return -1;
	}
	if (fc && fc->jurisdiction && !region_within(fc->jurisdiction, v)) {
		const struct region *j = region_find(fc->jurisdiction);
		strbuf_reset(why_buf);
		strbuf_addf(why_buf, "%s（%s）不在本单位辖区%s（%s）内", v, r->name, fc->jurisdiction,
			    j ? j->name : "");
		*why = why_buf->buf;
		return -1;
	}
	if ((f->flags & F_COUNTY) && fc && !fc->county_bureau && region_level(v) < 3) {
		strbuf_reset(why_buf);
		strbuf_addf(why_buf, "%s（%s）不是县级区划，检查对象应填写所在县（市、区）代码", v, r->name);
		*why = why_buf->buf;
		return -1;
	}
	return 0;
}

int field_normalize(const struct field *f, const char *in, const struct field_context *fc, struct strbuf *out,
		    struct strbuf *why_buf, const char **why)
{
	strbuf_reset(out);
	size_t n = strlen(in), nchars;
	int control;
	if (!utf8_scan(in, n, &nchars, &control)) {
		*why = "不是有效的UTF-8文本";
		return -1;
	}
	if (control) {
		*why = "含有控制字符（如换行、制表符）";
		return -1;
	}
	const char *s = utf8_trim(in, &n);
	if (!n) {
		if (f->dflt)
			strbuf_adds(out, f->dflt);
		else
			strbuf_add(out, "", 0);
		return 0;
	}
	size_t limit = f->maxchars ? f->maxchars : 1000;
	if (f->type != FT_LIST && nchars > limit && utf8_chars(s, n) > limit) {
		strbuf_reset(why_buf);
		strbuf_addf(why_buf, "过长（%zu个字符，最多%zu个）", utf8_chars(s, n), limit);
		*why = why_buf->buf;
		return -1;
	}

	switch (f->type) {
	case FT_TEXT:
		strbuf_add(out, s, n);
		return 0;
	case FT_USCC:
		for (size_t i = 0; i < n; i++)
			strbuf_addc(out, s[i] >= 'a' && s[i] <= 'z' ? (char)(s[i] - 'a' + 'A') : s[i]);
		return uscc_check(out->buf, why);
	case FT_REGION:
		strbuf_add(out, s, n);
		return check_region(f, out->buf, fc, why_buf, why);
	case FT_INDUSTRY: {
		int division = n == 4 ? (s[0] - '0') * 10 + (s[1] - '0') : -1;
		for (size_t i = 0; i < n; i++)
			if (s[i] < '0' || s[i] > '9')
				division = -1;
		if (division < 1 || division > 97) {
			*why = "应为4位行业小类代码（GB/T 4754-2017，如 2511），大类01-97";
			return -1;
		}
		strbuf_add(out, s, n);
		return 0;
	}
	case FT_ENUM:
		if (!in_values(f->values, s, n))
			return bad_value(f, s, n, why_buf, why);
		strbuf_add(out, s, n);
		return 0;
	case FT_BOOL: {
		const char *b;
		if (parse_bool(s, n, &b)) {
			*why = "应为“是”或“否”";
			return -1;
		}
		strbuf_adds(out, b);
		return 0;
	}
	case FT_LIST:
		if (normalize_list(f, s, n, out, why_buf, why))
			return -1;
		if (utf8_chars(out->buf ? out->buf : "", out->len) > limit) {
			*why = "列表过长";
			return -1;
		}
		if (!out->len && f->dflt)
			strbuf_adds(out, f->dflt);
		return 0;
	case FT_INT: {
		unsigned v = 0;
		for (size_t i = 0; i < n; i++) {
			if (s[i] < '0' || s[i] > '9' || v > 999) {
				*why = "应为0到999之间的整数";
				return -1;
			}
			v = v * 10 + (unsigned)(s[i] - '0');
		}
		if (v > 999) {
			*why = "应为0到999之间的整数";
			return -1;
		}
		strbuf_addf(out, "%u", v);
		return 0;
	}
	case FT_ID:
		for (size_t i = 0; i < n; i++) {
			char c = s[i];
			if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			      c == '_' || c == '-')) {
				*why = "只能包含字母、数字、下划线和连字符";
				return -1;
			}
		}
		strbuf_add(out, s, n);
		return 0;
	}
	*why = "未知字段类型";
	return -1;
}
