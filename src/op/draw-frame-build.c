/*
 * This file implements the frame builder of a draw (see draw-frame.h). One pass over the object
 * directory as of the announcement day decides, per object and stratum, membership (the line's
 * selection), eligibility (status, repeat window, yearly cap) and the integer weight; one pass over the
 * people gives the on-duty qualified officers and the experts; conflicts come from their directory and
 * previous pairings from the last team that inspected each member.
 *
 * The frame is written as CJ(inputs) text directly (docs/DRAW.md, "Encodings"), never as a JSON tree:
 * at a million objects a tree costs seconds of allocation. What the text needs in an order other than
 * the scan's — the "objects" keys, sorted by byte order, and each stratum's members, listed in that
 * same order so that a run reads them with a cursor instead of a lookup — is kept in flat arrays (one
 * entry per object in the frame, its uscc and region in one string arena) and written after one sort;
 * everything else (officers, experts, previous pairings, conflicts) is written in scan order as it is
 * read. The keys of every object are written in sorted order by hand, so the text is exactly what
 * cj_dump() gives for the same value.
 */
#include "op/draw-frame-build.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/calendar.h"
#include "core/cj.h"
#include "core/dirschema.h"
#include "core/plan.h"
#include "core/units.h"
#include "store/directory.h"
#include "store/task.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/timing.h"
#include "util/xalloc.h"

/* What the task history says about one object. */
struct history {
	char last_random[11]; /* YYYY-MM-DD */
	long in_year;
	size_t team_off; /* its last team (person ids joined by 、) in build.teams */
};

/* One object in the frame: a member of at least one stratum. */
struct fobj {
	size_t text; /* its uscc, then its region, in build.arena */
	uint32_t uscc_len, region_len;
	uint32_t set; /* the set of strata it is a member of: index into build.sets */
	uint8_t weight, positive;
};

/* A set of strata some objects are members of, with the union of their needs as CJ text. */
struct set {
	size_t needs_off, needs_len; /* in build.needs_text */
};

struct build {
	const char *as_of;
	int as_of_day;
	struct frame_stratum *strata;
	size_t nstrata;
	const struct frame_rules *rules;
	struct frame_stats *stats;
	/* uscc → 1 + index into hist */
	struct strmap history;
	struct history *hist;
	size_t nhist, hist_alloc;
	struct strbuf teams;
	/* the objects of the frame, in scan order */
	struct fobj *objs;
	size_t nobjs, objs_alloc;
	struct strbuf arena;
	/* per stratum: the indexes (into objs) of its members, in scan order */
	uint32_t **members;
	size_t *nmembers, *members_alloc;
	/* the sets of strata: "0,2," (stratum indexes in hex) → 1 + index into sets */
	struct strmap set_index;
	struct set *sets;
	size_t nsets, sets_alloc;
	struct strbuf needs_text, mask;
	uint32_t last_set; /* the set of the previous object: most objects share it */
	struct strbuf last_mask;
	/* text written in scan order: the elements of the arrays, without brackets */
	struct strbuf previous, officers, experts, conflicts;
	/* the same entries by uscc, filled once the object scan is done */
	struct fobj *sorted;
	size_t nsorted;
	uint32_t *rank; /* per object in scan order: its place in b->sorted */
	int field_region, field_class, field_positive, field_risk;
	int field_kind, field_active, field_expertise, field_cert, field_person_region, field_city_managed;
	const char *bad; /* what first held a character below U+0020, or NULL */
	char **err;
};

/* Appends a CJ string; remembers "what" when it cannot be encoded. */
static void add_str(struct build *b, struct strbuf *sb, const char *s, size_t len, const char *what)
{
	if (cj_add_string(sb, s, len) && !b->bad)
		b->bad = what;
}

static void add_strz(struct build *b, struct strbuf *sb, const char *s, const char *what)
{
	add_str(b, sb, s, strlen(s), what);
}

/* A separator before every element of an array but the first. */
static void add_sep(struct strbuf *sb)
{
	if (sb->len)
		strbuf_addc(sb, ',');
}

/* Appends the elements of a 、-list as a CJ array of strings. */
static void add_list(struct build *b, struct strbuf *sb, const char *list, const char *what)
{
	size_t len;
	int first = 1;
	strbuf_addc(sb, '[');
	for (const char *p = list, *e; (e = plan_list_next(&p, &len)); first = 0) {
		if (!first)
			strbuf_addc(sb, ',');
		add_str(b, sb, e, len, what);
	}
	strbuf_addc(sb, ']');
}

static int collect_history(const char *uscc, const char *last_random_at, long in_year, const char *last_team,
			   void *arg)
{
	struct build *b = arg;
	ALLOC_GROW(b->hist, b->nhist + 1, b->hist_alloc);
	struct history *h = &b->hist[b->nhist++];
	snprintf(h->last_random, sizeof(h->last_random), "%.10s", last_random_at);
	h->in_year = in_year;
	h->team_off = b->teams.len;
	strbuf_add(&b->teams, last_team, strlen(last_team) + 1); /* with its NUL */
	strmap_put(&b->history, uscc, (void *)(uintptr_t)b->nhist);
	return 0;
}

/* Days between two YYYY-MM-DD dates (b - a); a large number when a is empty. */
static long days_since(const char *a, int b_day)
{
	int a_day;
	if (!*a || date_parse(a, &a_day, NULL))
		return 1L << 30;
	return (long)b_day - a_day;
}

/* Appends "i" in hex and a comma: one element of a set of strata's key. */
static void add_hex(struct strbuf *sb, size_t i)
{
	char tmp[2 * sizeof(size_t) + 1];
	size_t n = sizeof(tmp);
	tmp[--n] = ',';
	do {
		tmp[--n] = "0123456789abcdef"[i & 15];
		i >>= 4;
	} while (i);
	strbuf_add(sb, tmp + n, sizeof(tmp) - n);
}

/* The set of strata named by b->mask, made when new: the union of their needs, in strata order, each once. */
static uint32_t set_of(struct build *b)
{
	if (b->nsets && b->mask.len == b->last_mask.len &&
	    !memcmp(b->mask.buf, b->last_mask.buf, b->mask.len))
		return b->last_set;
	uintptr_t found = (uintptr_t)strmap_get(&b->set_index, b->mask.buf);
	uint32_t id;
	if (found) {
		id = (uint32_t)(found - 1);
	} else {
		const char **seen = NULL;
		size_t nseen = 0, seen_alloc = 0;
		ALLOC_GROW(b->sets, b->nsets + 1, b->sets_alloc);
		struct set *set = &b->sets[b->nsets];
		set->needs_off = b->needs_text.len;
		strbuf_addc(&b->needs_text, '[');
		for (const char *p = b->mask.buf; *p;) {
			char *end;
			const struct frame_stratum *s = &b->strata[strtoul(p, &end, 16)];
			p = end + 1;
			for (size_t j = 0; j < s->nneeds; j++) {
				size_t k = 0;
				while (k < nseen && strcmp(seen[k], s->needs[j]))
					k++;
				if (k < nseen)
					continue;
				ALLOC_GROW(seen, nseen + 1, seen_alloc);
				seen[nseen++] = s->needs[j];
				if (nseen > 1)
					strbuf_addc(&b->needs_text, ',');
				add_strz(b, &b->needs_text, s->needs[j], "业务专长");
			}
		}
		strbuf_addc(&b->needs_text, ']');
		set->needs_len = b->needs_text.len - set->needs_off;
		free(seen);
		id = (uint32_t)b->nsets++;
		strmap_put(&b->set_index, b->mask.buf, (void *)(uintptr_t)(id + 1));
	}
	strbuf_reset(&b->last_mask);
	strbuf_add(&b->last_mask, b->mask.buf, b->mask.len);
	b->last_set = id;
	return id;
}

static int visit_object(const struct dir_entry *e, void *arg)
{
	struct build *b = arg;
	const char *const *o = e->vals;
	const char *uscc = e->k;
	b->stats->objects_seen++;
	const struct frame_rules *rules = b->rules;
	if (rules->nunits > 1 &&
	    unit_of(rules->units, rules->nunits, o[b->field_region],
		    unit_city_key(o[b->field_class], o[b->field_city_managed])) != rules->unit_id)
		return 0; /* another unit's object */
	const struct plan_settings *ps = rules->settings;
	struct plan_object view;
	plan_object_view(o, &view);
	int status_ok = plan_object_eligible(&view, ps);
	uintptr_t hi = b->nhist ? (uintptr_t)strmap_get(&b->history, uscc) : 0;
	const struct history *h = hi ? &b->hist[hi - 1] : NULL;
	int in_window = h && days_since(h->last_random, b->as_of_day) < ps->repeat_window_days;
	int capped = h && ps->yearly_cap && h->in_year >= ps->yearly_cap;
	int member_somewhere = 0, excluded_status = 0, excluded_window = 0, excluded_cap = 0;
	size_t index = b->nobjs;
	if (index >= UINT32_MAX)
		return set_err(b->err, "抽取框架过大：对象超过 %u 个", (unsigned)UINT32_MAX);

	strbuf_reset(&b->mask);
	for (size_t i = 0; i < b->nstrata; i++) {
		struct frame_stratum *s = &b->strata[i];
		if (!s->matches(o, s->match_arg))
			continue;
		if (!status_ok) {
			excluded_status = 1;
			continue;
		}
		s->population++;
		if (!s->every_period && in_window) {
			excluded_window = 1;
			continue;
		}
		if (!s->every_period && capped) {
			excluded_cap = 1;
			continue;
		}
		ALLOC_GROW(b->members[i], b->nmembers[i] + 1, b->members_alloc[i]);
		b->members[i][b->nmembers[i]++] = (uint32_t)index;
		add_hex(&b->mask, i);
		member_somewhere = 1;
	}
	if (!member_somewhere) {
		b->stats->excluded_status += excluded_status;
		b->stats->excluded_window += !excluded_status && excluded_window;
		b->stats->excluded_cap += !excluded_status && !excluded_window && excluded_cap;
		return 0;
	}
	ALLOC_GROW(b->objs, b->nobjs + 1, b->objs_alloc);
	struct fobj *f = &b->objs[b->nobjs++];
	const char *region = o[b->field_region];
	size_t ulen = strlen(uscc), rlen = strlen(region);
	f->text = b->arena.len;
	f->uscc_len = (uint32_t)ulen;
	f->region_len = (uint32_t)rlen;
	strbuf_add(&b->arena, uscc, ulen);
	strbuf_add(&b->arena, region, rlen);
	int positive = !strcmp(o[b->field_positive], "是");
	f->weight = (uint8_t)plan_object_weight(ps, o[b->field_risk], o[b->field_class], positive);
	/* the frame's positive_list decides the mode (非现场): only when the unit inspects them off-site */
	f->positive = positive && ps->positive_offsite;
	f->set = set_of(b);
	if (h && b->teams.buf[h->team_off]) {
		size_t len;
		for (const char *p = b->teams.buf + h->team_off, *person;
		     (person = plan_list_next(&p, &len));) {
			add_sep(&b->previous);
			strbuf_addc(&b->previous, '[');
			add_str(b, &b->previous, person, len, "人员编号");
			strbuf_addc(&b->previous, ',');
			add_str(b, &b->previous, uscc, ulen, "统一社会信用代码");
			strbuf_addc(&b->previous, ']');
		}
	}
	return 0;
}

static int visit_person(const struct dir_entry *e, void *arg)
{
	struct build *b = arg;
	const char *kind = e->vals[b->field_kind];
	if (strcmp(e->vals[b->field_active], "是"))
		return 0;
	struct strbuf *out;
	int officer = !strcmp(kind, "执法") && *e->vals[b->field_cert];
	const struct frame_rules *rules = b->rules;
	if (officer && rules->nunits > 1 && !rules->all_officers &&
	    unit_of(rules->units, rules->nunits, e->vals[b->field_person_region], 0) != rules->unit_id)
		return 0; /* another unit's officer */
	if (officer) {
		out = &b->officers;
		b->stats->officers++;
	} else if (!strcmp(kind, "辅助")) {
		out = &b->experts;
		b->stats->experts++;
	} else {
		return 0;
	}
	add_sep(out);
	strbuf_adds(out, "{\"expertise\":");
	add_list(b, out, e->vals[b->field_expertise], "业务专长");
	strbuf_adds(out, ",\"id\":");
	add_strz(b, out, e->k, "人员编号");
	if (officer) {
		strbuf_adds(out, ",\"region\":");
		add_strz(b, out, e->vals[b->field_person_region], "行政区划代码");
	}
	strbuf_addc(out, '}');
	return 0;
}

/* How many entries ahead a walk in uscc order asks for the memory it will read. */
#define PREFETCH_AHEAD 16

/* Byte order of two objects' usccs, as strcmp (a prefix first). */
static int cmp_uscc(const struct build *b, uint32_t x, uint32_t y)
{
	const struct fobj *a = &b->objs[x], *c = &b->objs[y];
	size_t n = a->uscc_len < c->uscc_len ? a->uscc_len : c->uscc_len;
	int r = memcmp(b->arena.buf + a->text, b->arena.buf + c->text, n);
	if (r)
		return r;
	return (a->uscc_len > c->uscc_len) - (a->uscc_len < c->uscc_len);
}

/* An object to sort: the first 16 bytes of its uscc as big-endian numbers, zero-padded (usccs hold no NUL).
 */
struct sort_key {
	uint64_t p0, p1;
	uint32_t index;
};

static uint64_t be_prefix(const char *s, size_t len)
{
	uint64_t v = 0;
	for (size_t i = 0; i < 8; i++)
		v = v << 8 | (i < len ? (unsigned char)s[i] : 0);
	return v;
}

/*
 * Sorts by (p0, p1), stably: a least-significant-digit radix sort, 16 bits a pass, skipping the
 * passes where every key has the same digit (the usccs of one city share their first bytes).
 */
static void radix_sort(struct sort_key *keys, size_t n)
{
	struct sort_key *tmp = xmalloc(n * sizeof(*tmp)), *src = keys, *dst = tmp;
	size_t *count = xmalloc(65536 * sizeof(*count));
	for (int pass = 0; pass < 8; pass++) {
		int shift = (pass % 4) * 16;
		int high = pass >= 4; /* passes 0..3: p1, then p0 */
		memset(count, 0, 65536 * sizeof(*count));
		for (size_t i = 0; i < n; i++)
			count[((high ? src[i].p0 : src[i].p1) >> shift) & 0xFFFF]++;
		if (count[((high ? src[0].p0 : src[0].p1) >> shift) & 0xFFFF] == n)
			continue;
		size_t sum = 0;
		for (size_t d = 0; d < 65536; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			dst[count[((high ? src[i].p0 : src[i].p1) >> shift) & 0xFFFF]++] = src[i];
		struct sort_key *t = src;
		src = dst;
		dst = t;
	}
	if (src != keys)
		memcpy(keys, src, n * sizeof(*keys));
	free(count);
	free(tmp);
}

/*
 * Fills b->sorted with the objects by uscc. A uscc listed twice (the directory's key is unique, so
 * never in practice) keeps its later entry, as setting a key twice in a JSON object would.
 */
static void frame_order(struct build *b)
{
	size_t n = b->nobjs;
	struct sort_key *keys = xmalloc((n ? n : 1) * sizeof(*keys));
	for (size_t i = 0; i < n; i++) {
		const struct fobj *f = &b->objs[i];
		const char *s = b->arena.buf + f->text;
		keys[i].p0 = be_prefix(s, f->uscc_len);
		keys[i].p1 = f->uscc_len > 8 ? be_prefix(s + 8, f->uscc_len - 8) : 0;
		keys[i].index = (uint32_t)i;
	}
	if (n > 1)
		radix_sort(keys, n);
	/* keys longer than 16 bytes that share their first 16: by the rest, then scan order (insertion
	 * sort of each such run, already in scan order) */
	for (size_t i = 0; i < n;) {
		size_t j = i + 1;
		while (j < n && keys[j].p0 == keys[i].p0 && keys[j].p1 == keys[i].p1)
			j++;
		for (size_t k = i + 1; k < j; k++) {
			struct sort_key key = keys[k];
			size_t m = k;
			while (m > i && cmp_uscc(b, keys[m - 1].index, key.index) > 0) {
				keys[m] = keys[m - 1];
				m--;
			}
			keys[m] = key;
		}
		i = j;
	}
	/* a copy in that order, so that writing them reads one array front to back (and only their text
	 * here and there, asked for ahead) */
	b->sorted = xmalloc((n ? n : 1) * sizeof(*b->sorted));
	b->rank = xmalloc((n ? n : 1) * sizeof(*b->rank));
	b->nsorted = 0;
	for (size_t i = 0; i < n; i++) {
		if (i + PREFETCH_AHEAD < n)
			__builtin_prefetch(&b->objs[keys[i + PREFETCH_AHEAD].index]);
		b->rank[keys[i].index] = (uint32_t)b->nsorted;
		if (i + 1 < n && keys[i + 1].p0 == keys[i].p0 && keys[i + 1].p1 == keys[i].p1 &&
		    !cmp_uscc(b, keys[i].index, keys[i + 1].index))
			continue;
		b->sorted[b->nsorted++] = b->objs[keys[i].index];
	}
	free(keys);
}

/* 1 when the object "uscc" is in the frame: a binary search of b->sorted. */
static int in_frame(const struct build *b, const char *uscc)
{
	size_t len = strlen(uscc), lo = 0, hi = b->nsorted;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct fobj *f = &b->sorted[mid];
		size_t n = f->uscc_len < len ? f->uscc_len : len;
		int r = memcmp(b->arena.buf + f->text, uscc, n);
		if (!r)
			r = (f->uscc_len > len) - (f->uscc_len < len);
		if (!r)
			return 1;
		if (r < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static int visit_conflict(const struct dir_entry *e, void *arg)
{
	struct build *b = arg;
	if (!in_frame(b, e->vals[1]))
		return 0; /* only objects in the frame matter */
	add_sep(&b->conflicts);
	strbuf_addc(&b->conflicts, '[');
	add_strz(b, &b->conflicts, e->vals[0], "人员编号");
	strbuf_addc(&b->conflicts, ',');
	add_strz(b, &b->conflicts, e->vals[1], "统一社会信用代码");
	strbuf_addc(&b->conflicts, ']');
	return 0;
}

static void add_array(struct strbuf *out, const char *key, const struct strbuf *elements)
{
	strbuf_adds(out, key);
	strbuf_addc(out, '[');
	strbuf_add(out, elements->buf ? elements->buf : "", elements->len);
	strbuf_addc(out, ']');
}

/*
 * The two long runs of the text — the objects and the members — are written through a pointer into
 * room reserved beforehand for the longest they can be (every byte of a string escaped), not through
 * a call per piece.
 */
static char *put(char *p, const char *s, size_t len)
{
	memcpy(p, s, len);
	return p + len;
}

/* A CJ string: at most 2 * len + 2 bytes. */
static char *put_str(struct build *b, char *p, const char *s, size_t len, const char *what)
{
	*p++ = '"';
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"' || c == '\\')
			*p++ = '\\';
		else if (c < 0x20 && !b->bad)
			b->bad = what;
		*p++ = (char)c;
	}
	*p++ = '"';
	return p;
}

/* A weight, 1..100. */
static char *put_weight(char *p, unsigned w)
{
	if (w >= 100)
		*p++ = (char)('0' + w / 100);
	if (w >= 10)
		*p++ = (char)('0' + w / 10 % 10);
	*p++ = (char)('0' + w % 10);
	return p;
}

#define PUT(p, literal) put((p), (literal), sizeof(literal) - 1)

/* CJ(inputs): the keys in byte order, every object's keys too. */
static void write_inputs(struct build *b, const char *label, const char *const *slots, size_t nslots,
			 struct strbuf *out)
{
	const struct frame_rules *rules = b->rules;
	strbuf_grow(out, b->previous.len + b->officers.len + b->experts.len + b->conflicts.len + 4096);

	strbuf_addc(out, '{');
	add_array(out, "\"conflicts\":", &b->conflicts);
	add_array(out, ",\"experts\":", &b->experts);
	strbuf_adds(out, ",\"objects\":{");
	size_t room = 1;
	for (size_t i = 0; i < b->nobjs; i++) {
		const struct fobj *f = &b->objs[i];
		room += 2 * (size_t)(f->uscc_len + f->region_len) + b->sets[f->set].needs_len + 64;
	}
	strbuf_grow(out, room);
	char *p = out->buf + out->len;
	for (size_t i = 0; i < b->nsorted; i++) {
		/* in uscc order, the text is all over the arena: ask for it ahead */
		if (i + PREFETCH_AHEAD < b->nsorted)
			__builtin_prefetch(b->arena.buf + b->sorted[i + PREFETCH_AHEAD].text);
		const struct fobj *f = &b->sorted[i];
		const struct set *set = &b->sets[f->set];
		if (i)
			*p++ = ',';
		p = put_str(b, p, b->arena.buf + f->text, f->uscc_len, "统一社会信用代码");
		p = PUT(p, ":{\"needs\":");
		p = put(p, b->needs_text.buf + set->needs_off, set->needs_len);
		p = f->positive ? PUT(p, ",\"positive_list\":true,\"region\":")
				: PUT(p, ",\"positive_list\":false,\"region\":");
		p = put_str(b, p, b->arena.buf + f->text + f->uscc_len, f->region_len, "行政区划代码");
		*p++ = '}';
	}
	*p++ = '}';
	out->len = (size_t)(p - out->buf);
	out->buf[out->len] = '\0';
	add_array(out, ",\"officers\":", &b->officers);
	strbuf_adds(out, ",\"period\":{\"label\":");
	add_strz(b, out, label, "时段");
	strbuf_adds(out, ",\"slots\":[");
	for (size_t i = 0; i < nslots; i++) {
		if (i)
			strbuf_addc(out, ',');
		add_strz(b, out, slots[i], "时段");
	}
	strbuf_adds(out, "]}");
	add_array(out, ",\"previous\":", &b->previous);
	strbuf_adds(out, ",\"rules\":{\"cross_region\":");
	strbuf_adds(out, rules->cross_region ? "true" : "false");
	strbuf_adds(out, ",\"experts_per_visit\":");
	cj_add_integer(out, rules->experts_per_visit);
	strbuf_adds(out, ",\"team_size\":");
	cj_add_integer(out, rules->team_size);
	strbuf_adds(out, "},\"strata\":[");
	unsigned char *in_stratum = xmalloc(b->nsorted ? b->nsorted : 1);
	for (size_t i = 0; i < b->nstrata; i++) {
		const struct frame_stratum *s = &b->strata[i];
		if (i)
			strbuf_addc(out, ',');
		strbuf_adds(out, "{\"id\":");
		add_strz(b, out, s->id, "分层编号");
		strbuf_adds(out, ",\"members\":[");
		/* members in uscc order, as the objects: a run reads them with a cursor (core/draw-parse.c)
		 */
		room = 1;
		memset(in_stratum, 0, b->nsorted ? b->nsorted : 1);
		for (size_t j = 0; j < b->nmembers[i]; j++) {
			room += 2 * (size_t)b->objs[b->members[i][j]].uscc_len + 32;
			in_stratum[b->rank[b->members[i][j]]] = 1;
		}
		strbuf_grow(out, room);
		p = out->buf + out->len;
		for (size_t r = 0, j = 0; r < b->nsorted; r++) {
			if (r + PREFETCH_AHEAD < b->nsorted)
				__builtin_prefetch(b->arena.buf + b->sorted[r + PREFETCH_AHEAD].text);
			if (!in_stratum[r])
				continue;
			const struct fobj *f = &b->sorted[r];
			if (j++)
				*p++ = ',';
			p = PUT(p, "{\"uscc\":");
			p = put_str(b, p, b->arena.buf + f->text, f->uscc_len, "统一社会信用代码");
			p = PUT(p, ",\"weight\":");
			p = put_weight(p, f->weight);
			*p++ = '}';
		}
		out->len = (size_t)(p - out->buf);
		out->buf[out->len] = '\0';
		strbuf_adds(out, "],\"quota\":");
		cj_add_integer(out, s->quota_value);
		strbuf_addc(out, '}');
	}
	strbuf_adds(out, "]}");
	free(in_stratum);
}

int frame_build(struct store *st, const char *as_of, int year, long replaces, const char *label,
		const char *const *slots, size_t nslots, struct frame_stratum *strata, size_t nstrata,
		const struct frame_rules *rules, struct strbuf *inputs_cj, struct frame_stats *stats,
		char **err)
{
	struct build b = {
	    .as_of = as_of,
	    .strata = strata,
	    .nstrata = nstrata,
	    .rules = rules,
	    .stats = stats,
	    .err = err,
	    .teams = STRBUF_INIT,
	    .arena = STRBUF_INIT,
	    .needs_text = STRBUF_INIT,
	    .mask = STRBUF_INIT,
	    .last_mask = STRBUF_INIT,
	    .previous = STRBUF_INIT,
	    .officers = STRBUF_INIT,
	    .experts = STRBUF_INIT,
	    .conflicts = STRBUF_INIT,
	};
	memset(stats, 0, sizeof(*stats));
	for (size_t i = 0; i < nstrata; i++)
		strata[i].population = 0;
	const struct dirkind *od = &dir_objects, *pd = &dir_people;
	b.field_region = dirkind_field_index(od, "region");
	b.field_class = dirkind_field_index(od, "class");
	b.field_positive = dirkind_field_index(od, "positive_list");
	b.field_risk = dirkind_field_index(od, "risk");
	b.field_kind = dirkind_field_index(pd, "kind");
	b.field_active = dirkind_field_index(pd, "active");
	b.field_expertise = dirkind_field_index(pd, "expertise");
	b.field_cert = dirkind_field_index(pd, "cert_no");
	b.field_person_region = dirkind_field_index(pd, "region");
	b.field_city_managed = dirkind_field_index(od, "city_managed");
	b.members = xcalloc(nstrata ? nstrata : 1, sizeof(*b.members));
	b.nmembers = xcalloc(nstrata ? nstrata : 1, sizeof(*b.nmembers));
	b.members_alloc = xcalloc(nstrata ? nstrata : 1, sizeof(*b.members_alloc));
	strmap_init(&b.history);
	strmap_init(&b.set_index);
	int rc = -1;
	if (date_parse(as_of, &b.as_of_day, err))
		goto out;
	/* the objects' fields the frame reads (plan_object_view), or all of them when a line selects by tags
	 */
	unsigned char *want = xcalloc(od->nfields, 1);
	static const char *const read[] = {"uscc",	   "region",	    "industry", "class",
					   "city_managed", "positive_list", "status",	"risk"};
	for (size_t i = 0; i < sizeof(read) / sizeof(*read); i++)
		want[dirkind_field_index(od, read[i])] = 1;
	for (size_t i = 0; i < nstrata; i++)
		if (strata[i].reads_tags)
			memset(want, 1, od->nfields);
	rc = store_task_history(st, year, replaces, collect_history, &b, err) ||
		     store_dir_scan(st, od, as_of, 0, want, visit_object, &b, err)
		 ? -1
		 : 0;
	free(want);
	if (rc)
		goto out;
	rc = -1;
	timing_mark("frame: objects");
	frame_order(&b);
	timing_mark("frame: sort");
	if (store_dir_scan(st, pd, as_of, 0, NULL, visit_person, &b, err) ||
	    store_dir_scan(st, &dir_conflicts, as_of, 0, NULL, visit_conflict, &b, err))
		goto out;
	for (size_t i = 0; i < nstrata; i++) {
		strata[i].pool = (long)b.nmembers[i];
		strata[i].quota_value =
		    strata[i].quota(strata[i].population, strata[i].pool, strata[i].quota_arg);
		strata[i].shortfall =
		    strata[i].quota(strata[i].population, strata[i].population, strata[i].quota_arg) -
		    strata[i].quota_value;
	}
	timing_mark("frame: people, conflicts");
	strbuf_reset(inputs_cj);
	write_inputs(&b, label, slots, nslots, inputs_cj);
	timing_mark("frame: text");
	if (b.bad) {
		strbuf_reset(inputs_cj);
		set_err(err, "抽取框架无效（程序错误）：%s含有控制字符（低于 U+0020），无法写成规范 JSON",
			b.bad);
		goto out;
	}
	rc = 0;
out:
	strmap_free(&b.history);
	strmap_free(&b.set_index);
	free(b.hist);
	free(b.objs);
	free(b.sets);
	free(b.sorted);
	free(b.rank);
	for (size_t i = 0; i < nstrata; i++)
		free(b.members[i]);
	free(b.members);
	free(b.nmembers);
	free(b.members_alloc);
	struct strbuf *bufs[] = {&b.teams,    &b.arena,	   &b.needs_text, &b.mask,     &b.last_mask,
				 &b.previous, &b.officers, &b.experts,	  &b.conflicts};
	for (size_t i = 0; i < sizeof(bufs) / sizeof(*bufs); i++)
		strbuf_release(bufs[i]);
	return rc;
}
