/*
 * This file builds the draw's frame straight from CJ(inputs), the canonical text the frame builder
 * wrote at the announcement and the database keeps: one pass over the bytes, no tree of values.
 * Strings are checked (well-formed UTF-8, nothing below U+0020), unescaped and NUL-terminated where
 * they stand, so the frame borrows them from the text. Only the canonical form is read (keys in their sorted
 * order, no white space, no escapes but
 * \" and \\); anything else is refused, and so are the protocol's invalid inputs. Packages from
 * elsewhere, in any JSON layout, go through draw_frame_build (draw-frame.c) instead.
 */
#include "core/draw-internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/xalloc.h"

struct cur {
	char *p, *end, *start;
};

/* A pairing from "conflicts" or "previous", resolved once the people and objects are known. */
struct pairing {
	const char *pid, *uscc;
	size_t pid_len;
};

struct parse {
	struct cur c;
	struct draw_frame *f;
	struct pairing *pairs;
	size_t npairs, alloc_pairs;
	struct draw_str *experts; /* expert ids, until the officers are in */
	size_t nexperts, alloc_experts;
	size_t alloc_objects, alloc_people, alloc_members, alloc_exp, alloc_regions;
	struct draw_map ids; /* person id → index among people */
	char **err;
};

static int fail(struct parse *ps, const char *what)
{
	return set_err(ps->err, "抽取框架不是规范形式（第 %zu 字节处应为 %s）",
		       (size_t)(ps->c.p - ps->c.start), what);
}

static int lit_n(struct parse *ps, const char *s, size_t n)
{
	if ((size_t)(ps->c.end - ps->c.p) < n || memcmp(ps->c.p, s, n))
		return fail(ps, s);
	ps->c.p += n;
	return 0;
}
#define LIT(ps, s) lit_n(ps, s, sizeof(s) - 1)

/* 1 and the byte consumed when the next byte is "ch". */
static int next_is(struct parse *ps, char ch)
{
	if (ps->c.p < ps->c.end && *ps->c.p == ch) {
		ps->c.p++;
		return 1;
	}
	return 0;
}

/* After an element of an array (or object): 1 when another follows (","), 0 at the closing "close". */
static int more(struct parse *ps, char close, int *rc)
{
	if (next_is(ps, ','))
		return 1;
	if (next_is(ps, close))
		return 0;
	*rc = fail(ps, close == ']' ? "“,” 或 “]”" : "“,” 或 “}”");
	return 0;
}

/* Word-at-a-time tests (exact as to whether any byte qualifies): a zero byte, a byte below n <= 128. */
#define ONES UINT64_C(0x0101010101010101)
#define HIGHS UINT64_C(0x8080808080808080)
static inline uint64_t has_zero(uint64_t x)
{
	return (x - ONES) & ~x & HIGHS;
}
static inline uint64_t has_less(uint64_t x, unsigned n)
{
	return (x - ONES * n) & ~x & HIGHS;
}

/* The length of the well-formed UTF-8 character at "p" (a lead byte >= 0x80), or 0: no overlong
 * forms, no surrogates, nothing beyond U+10FFFF. */
static size_t utf8_char(const char *p, const char *end)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t left = (size_t)(end - p), n;
	unsigned lo = 0x80, hi = 0xBF;
	if (u[0] >= 0xC2 && u[0] <= 0xDF)
		n = 2;
	else if (u[0] >= 0xE0 && u[0] <= 0xEF) {
		n = 3;
		if (u[0] == 0xE0)
			lo = 0xA0;
		else if (u[0] == 0xED)
			hi = 0x9F;
	} else if (u[0] >= 0xF0 && u[0] <= 0xF4) {
		n = 4;
		if (u[0] == 0xF0)
			lo = 0x90;
		else if (u[0] == 0xF4)
			hi = 0x8F;
	} else
		return 0;
	if (left < n || u[1] < lo || u[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (u[i] < 0x80 || u[i] > 0xBF)
			return 0;
	return n;
}

/* A string, unescaped and NUL-terminated in place. */
static int str(struct parse *ps, struct draw_str *out)
{
	char *p = ps->c.p, *end = ps->c.end, *w = NULL;
	if (p >= end || *p != '"')
		return fail(ps, "字符串");
	char *start = ++p;
	for (;;) {
		/* eight bytes at a time while none of them is '"', '\\' or below 0x20 and nothing was
		 * unescaped */
		while (!w && end - p >= 8) {
			uint64_t x;
			memcpy(&x, p, 8);
			if ((x & HIGHS) | has_less(x, 0x20) | has_zero(x ^ (ONES * '"')) |
			    has_zero(x ^ (ONES * '\\')))
				break;
			p += 8;
		}
		if (p >= end) {
			ps->c.p = p;
			return fail(ps, "字符串的结尾");
		}
		unsigned char ch = (unsigned char)*p;
		if (ch == '"')
			break;
		if (ch < 0x20) {
			ps->c.p = p;
			return fail(ps, "不含控制字符的字符串");
		}
		if (ch == '\\') {
			if (p + 1 >= end || (p[1] != '"' && p[1] != '\\')) {
				ps->c.p = p;
				return fail(ps, "“\\\"” 或 “\\\\”");
			}
			if (!w)
				w = p;
			*w++ = p[1];
			p += 2;
			continue;
		}
		if (ch >= 0x80) { /* a whole, well-formed UTF-8 character */
			size_t n = utf8_char(p, end);
			if (!n) {
				ps->c.p = p;
				return fail(ps, "UTF-8 字符");
			}
			if (w) {
				memmove(w, p, n);
				w += n;
			}
			p += n;
			continue;
		}
		if (w)
			*w++ = (char)ch;
		p++;
	}
	char *stop = w ? w : p;
	*stop = '\0';
	out->s = start;
	out->len = (size_t)(stop - start);
	ps->c.p = p + 1;
	return 0;
}

/* An integer 0..max in plain decimal (no sign, no leading zero). */
static int uint_max(struct parse *ps, uint64_t max, uint64_t *v, const char *what)
{
	char *p = ps->c.p;
	uint64_t x = 0;
	if (p >= ps->c.end || *p < '0' || *p > '9' ||
	    (*p == '0' && p + 1 < ps->c.end && p[1] >= '0' && p[1] <= '9'))
		return fail(ps, what);
	for (; p < ps->c.end && *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (x > (max - d) / 10)
			return fail(ps, what);
		x = x * 10 + d;
	}
	ps->c.p = p;
	*v = x;
	return 0;
}

static int boolean(struct parse *ps, int *v)
{
	if ((size_t)(ps->c.end - ps->c.p) >= 4 && !memcmp(ps->c.p, "true", 4)) {
		ps->c.p += 4;
		*v = 1;
		return 0;
	}
	if ((size_t)(ps->c.end - ps->c.p) >= 5 && !memcmp(ps->c.p, "false", 5)) {
		ps->c.p += 5;
		*v = 0;
		return 0;
	}
	return fail(ps, "true 或 false");
}

/* The strings of an array whose "[" is read: 1 with the next one in *out, 0 after the "]", -1 on an
 * error. "*started" is 0 before the first call. */
static int array_string(struct parse *ps, int *started, struct draw_str *out)
{
	if (next_is(ps, ']'))
		return 0;
	if (*started && !next_is(ps, ','))
		return fail(ps, "“,” 或 “]”");
	*started = 1;
	return str(ps, out) ? -1 : 1;
}

/* [["P1","<uscc>"],...] of "conflicts" or "previous". */
static int pairings(struct parse *ps)
{
	int rc = 0;
	if (LIT(ps, "["))
		return -1;
	if (next_is(ps, ']'))
		return 0;
	do {
		struct draw_str pid, uscc;
		if (LIT(ps, "[") || str(ps, &pid) || LIT(ps, ",") || str(ps, &uscc) || LIT(ps, "]"))
			return -1;
		ALLOC_GROW(ps->pairs, ps->npairs + 1, ps->alloc_pairs);
		ps->pairs[ps->npairs++] = (struct pairing){pid.s, uscc.s, pid.len};
	} while (more(ps, ']', &rc));
	return rc;
}

/* A person id, unique across officers and experts ("list" and "i" name it in a message). */
static int person_id(struct parse *ps, struct draw_str *id, size_t index, const char *list, size_t i)
{
	if (str(ps, id))
		return -1;
	if (draw_map_put(&ps->ids, id->s, id->len, (uint32_t)index) >= 0)
		return set_err(ps->err, "inputs.%s[%zu].id “%s” 重复", list, i, id->s);
	return 0;
}

static int experts(struct parse *ps)
{
	int rc = 0;
	if (LIT(ps, "\"experts\":["))
		return -1;
	if (next_is(ps, ']'))
		return 0;
	do {
		struct draw_str e, id;
		int started = 0, r;
		if (LIT(ps, "{\"expertise\":["))
			return -1;
		while ((r = array_string(ps, &started, &e)) > 0)
			; /* the draw does not read an expert's expertise */
		if (r)
			return r;
		if (LIT(ps, ",\"id\":") || person_id(ps, &id, 0, "experts", ps->nexperts) || LIT(ps, "}"))
			return -1;
		ALLOC_GROW(ps->experts, ps->nexperts + 1, ps->alloc_experts);
		ps->experts[ps->nexperts++] = id;
	} while (more(ps, ']', &rc));
	return rc;
}

static int objects(struct parse *ps)
{
	struct draw_frame *f = ps->f;
	int rc = 0;
	if (LIT(ps, "\"objects\":{"))
		return -1;
	if (next_is(ps, '}'))
		return 0;
	do {
		struct draw_str uscc, need, region;
		int positive = 0;
		if (str(ps, &uscc) || LIT(ps, ":{\"needs\":["))
			return -1;
		ALLOC_GROW(f->objects, f->nobjects + 1, ps->alloc_objects);
		struct draw_object *o = &f->objects[f->nobjects];
		memset(o, 0, sizeof(*o));
		o->uscc = uscc.s;
		o->visit = DRAW_NONE;
		o->bans = DRAW_NONE;
		o->need_first = (uint32_t)f->nneeds;
		int started = 0, r;
		while ((r = array_string(ps, &started, &need)) > 0) {
			ALLOC_GROW(f->needs, f->nneeds + 1, f->alloc_needs);
			f->needs[f->nneeds++] = need;
		}
		if (r)
			return r;
		o->need_count = (uint32_t)(f->nneeds - o->need_first);
		if (LIT(ps, ",\"positive_list\":") || boolean(ps, &positive) || LIT(ps, ",\"region\":") ||
		    str(ps, &region) || LIT(ps, "}"))
			return -1;
		o->positive = (uint8_t)positive;
		o->uscc_len = (uint32_t)uscc.len;
		o->region = region.s;
		o->region_len = (uint32_t)region.len;
		/* canonical keys ascend strictly: distinct, and found by bisection (find_object) */
		if (f->nobjects && strcmp(f->objects[f->nobjects - 1].uscc, uscc.s) >= 0)
			return set_err(ps->err, "inputs.objects 的键 “%s” 重复或未按字节序排列", uscc.s);
		f->nobjects++;
	} while (more(ps, '}', &rc));
	return rc;
}

static int officers(struct parse *ps)
{
	struct draw_frame *f = ps->f;
	int rc = 0;
	if (LIT(ps, ",\"officers\":["))
		return -1;
	if (next_is(ps, ']'))
		return 0;
	do {
		struct draw_str e, region;
		ALLOC_GROW(f->people, f->nofficers + 1, ps->alloc_people);
		struct draw_person *p = &f->people[f->nofficers];
		memset(p, 0, sizeof(*p));
		p->exp_first = (uint32_t)f->nexp_ids;
		int started = 0, r;
		if (LIT(ps, "{\"expertise\":["))
			return -1;
		while ((r = array_string(ps, &started, &e)) > 0)
			draw_frame_add_expertise(f, p, e.s, e.len, &ps->alloc_exp);
		if (r)
			return r;
		struct draw_str id;
		if (LIT(ps, ",\"id\":") || person_id(ps, &id, f->nofficers, "officers", f->nofficers) ||
		    LIT(ps, ",\"region\":") || str(ps, &region) || LIT(ps, "}"))
			return -1;
		p->id = id.s;
		p->id_len = id.len;
		draw_frame_add_region(f, p, region.s, region.len, &ps->alloc_regions);
		f->nofficers++;
	} while (more(ps, ']', &rc));
	return rc;
}

static int period_rules(struct parse *ps)
{
	struct draw_frame *f = ps->f;
	struct draw_str label, slot;
	size_t alloc_slots = 0;
	if (LIT(ps, ",\"period\":{\"label\":") || str(ps, &label) || LIT(ps, ",\"slots\":["))
		return -1;
	int started = 0, r;
	while ((r = array_string(ps, &started, &slot)) > 0) {
		ALLOC_GROW(f->slots, f->nslots + 1, alloc_slots);
		f->slots[f->nslots++] = slot;
	}
	if (r)
		return r;
	if (!f->nslots)
		return set_err(ps->err, "inputs.period.slots 不能为空");
	if (LIT(ps, "},\"previous\":") || pairings(ps))
		return -1;
	int cross = 0;
	uint64_t experts = 0, team = 0;
	if (LIT(ps, ",\"rules\":{\"cross_region\":") || boolean(ps, &cross) ||
	    LIT(ps, ",\"experts_per_visit\":") || uint_max(ps, INT64_MAX, &experts, "不小于 0 的整数") ||
	    LIT(ps, ",\"team_size\":") || uint_max(ps, INT64_MAX, &team, "不小于 1 的整数") || LIT(ps, "}"))
		return -1;
	if (!team)
		return set_err(ps->err, "inputs.rules.team_size 应为不小于 1 的整数（实为 0）");
	f->cross_region = cross;
	f->experts_per_visit = experts;
	f->team_size = team;
	return 0;
}

/* The object with "uscc" among the sorted objects, or -1. */
static int64_t find_object(const struct draw_frame *f, const char *uscc)
{
	size_t lo = 0, hi = f->nobjects;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(f->objects[mid].uscc, uscc);
		if (!c)
			return (int64_t)mid;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

/* An object by uscc, for members out of the objects' order: a string table over all objects, made
 * on the first such member (a frame whose members follow the objects' order never needs it). */
static int64_t lookup(struct draw_frame *f, const struct draw_str *uscc)
{
	if (!f->objects_by_uscc.slots) {
		draw_map_init(&f->objects_by_uscc, f->nobjects);
		for (size_t i = 0; i < f->nobjects; i++)
			draw_map_put(&f->objects_by_uscc, f->objects[i].uscc, f->objects[i].uscc_len,
				     (uint32_t)i);
	}
	return draw_map_get(&f->objects_by_uscc, uscc->s, uscc->len);
}

static int members(struct parse *ps, size_t s)
{
	struct draw_frame *f = ps->f;
	int rc = 0;
	if (next_is(ps, ']'))
		return 0;
	size_t index = 0, next = 0; /* members follow the objects' order as written: try the next one first */
	do {
		struct draw_str uscc;
		uint64_t weight;
		if (LIT(ps, "{\"uscc\":") || str(ps, &uscc) || LIT(ps, ",\"weight\":") ||
		    uint_max(ps, 100, &weight, "1 到 100 的整数") || LIT(ps, "}"))
			return -1;
		if (!weight)
			return set_err(
			    ps->err, "inputs.strata[%zu].members[%zu].weight 应为 1 到 100 的整数（实为 0）",
			    s, index);
		int64_t obj = next < f->nobjects && !strcmp(f->objects[next].uscc, uscc.s) ? (int64_t)next
											   : lookup(f, &uscc);
		next = (size_t)(obj + 1);
		if (obj < 0)
			return set_err(
			    ps->err, "inputs.strata[%zu].members[%zu].uscc “%s” 在 inputs.objects 中没有条目",
			    s, index, uscc.s);
		ALLOC_GROW(f->members, f->nmembers + 1, ps->alloc_members);
		if (draw_frame_add_member(f, s, (uint32_t)obj, (uint32_t)weight, index, ps->err))
			return -1;
		index++;
	} while (more(ps, ']', &rc));
	return rc;
}

static int strata(struct parse *ps)
{
	struct draw_frame *f = ps->f;
	size_t alloc_strata = 0;
	int rc = 0;
	struct draw_map ids;
	if (LIT(ps, ",\"strata\":["))
		return -1;
	if (next_is(ps, ']'))
		return 0;
	draw_map_init(&ids, 16);
	do {
		struct draw_str id;
		uint64_t quota;
		if (LIT(ps, "{\"id\":") || str(ps, &id) || LIT(ps, ",\"members\":[")) {
			rc = -1;
			break;
		}
		size_t s = f->nstrata;
		if (draw_map_put(&ids, id.s, id.len, (uint32_t)s) >= 0) {
			rc = set_err(ps->err, "inputs.strata[%zu].id “%s” 重复", s, id.s);
			break;
		}
		ALLOC_GROW(f->strata, s + 1, alloc_strata);
		struct draw_stratum *st = &f->strata[s];
		memset(st, 0, sizeof(*st));
		st->id = id.s;
		st->id_len = id.len;
		st->first = f->nmembers;
		f->nstrata++;
		if (members(ps, s) || LIT(ps, ",\"quota\":") ||
		    uint_max(ps, INT64_MAX, &quota, "不小于 0 的整数") || LIT(ps, "}")) {
			rc = -1;
			break;
		}
		st->count = f->nmembers - st->first;
		st->quota = quota;
	} while (more(ps, ']', &rc));
	draw_map_release(&ids);
	return rc;
}

/* The experts join the people after the officers; the pairings become bans. */
static void finish(struct parse *ps)
{
	struct draw_frame *f = ps->f;
	ALLOC_GROW(f->people, f->nofficers + ps->nexperts + 1, ps->alloc_people);
	f->npeople = f->nofficers;
	for (size_t i = 0; i < ps->nexperts; i++) {
		struct draw_person *p = &f->people[f->npeople++];
		memset(p, 0, sizeof(*p));
		p->id = ps->experts[i].s;
		p->id_len = ps->experts[i].len;
		p->region = -1;
	}
	for (size_t i = 0; i < ps->npairs; i++) {
		const struct pairing *q = &ps->pairs[i];
		int64_t person = draw_map_get(&ps->ids, q->pid, q->pid_len), obj = find_object(f, q->uscc);
		if (person >= 0 && obj >= 0) /* people or objects absent from the frame change nothing */
			draw_frame_add_ban(f, (uint32_t)person, (uint32_t)obj);
	}
}

int draw_frame_parse(struct draw_frame *f, char *text, size_t len, char **err)
{
	struct parse ps = {.c = {text, text + len, text}, .f = f, .err = err};
	memset(f, 0, sizeof(*f));
	draw_map_init(&f->expertise, 16);
	draw_map_init(&f->regions, 16);
	draw_map_init(&ps.ids, 1024);
	int rc = LIT(&ps, "{\"conflicts\":") || pairings(&ps) || LIT(&ps, ",") || experts(&ps) ||
		 LIT(&ps, ",") || objects(&ps) || officers(&ps) || period_rules(&ps) || strata(&ps) ||
		 LIT(&ps, "}");
	if (!rc && ps.c.p != ps.c.end)
		rc = fail(&ps, "文本的结尾");
	if (!rc) {
		/* the ids are distinct; file them again with the people's indexes, experts after officers */
		draw_map_release(&ps.ids);
		draw_map_init(&ps.ids, f->nofficers + ps.nexperts);
		for (size_t i = 0; i < f->nofficers; i++)
			draw_map_put(&ps.ids, f->people[i].id, f->people[i].id_len, (uint32_t)i);
		for (size_t i = 0; i < ps.nexperts; i++)
			draw_map_put(&ps.ids, ps.experts[i].s, ps.experts[i].len,
				     (uint32_t)(f->nofficers + i));
		finish(&ps);
	}
	free(ps.pairs);
	free(ps.experts);
	draw_map_release(&ps.ids);
	if (rc) {
		draw_frame_release(f);
		return -1;
	}
	return 0;
}
