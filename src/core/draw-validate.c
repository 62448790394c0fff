/*
 * This file implements the validation of a draw's inputs ("Valid inputs" in docs/DRAW.md) into the
 * frame the draw runs on: plain arrays with indexes in place of names, strings borrowed from the
 * inputs. It also implements the string table those indexes come from.
 *
 * The checks run in one fixed order, so that this file and tools/verify.py name the same first
 * problem: period, rules, objects (in document order), strata (and their members), officers,
 * experts, conflicts, previous. Fields the draw does not read are not checked; they still count in
 * inputs_hash.
 */
#include "core/draw-internal.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- the string table: open addressing, FNV-1a ---- */

uint64_t draw_map_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return h ^ (h >> 29);
}

void draw_map_init(struct draw_map *m, size_t expect)
{
	size_t n = 16;
	while (n < 2 * expect + 2)
		n *= 2;
	m->slots = xcalloc(n, sizeof(*m->slots));
	m->mask = n - 1;
	m->count = 0;
}

void draw_map_release(struct draw_map *m)
{
	free(m->slots);
	memset(m, 0, sizeof(*m));
}

/* The slot holding "key" (whose hash is "h"), or the free slot where it belongs. */
static struct draw_map_slot *draw_map_find(const struct draw_map *m, const char *key, size_t len, uint64_t h)
{
	uint32_t h32 = (uint32_t)(h >> 32);
	size_t i = h & m->mask;
	for (;;) {
		struct draw_map_slot *s = &m->slots[i];
		if (!s->key || (s->hash == h32 && s->len == len && !memcmp(s->key, key, len)))
			return s;
		i = (i + 1) & m->mask;
	}
}

int64_t draw_map_get_h(const struct draw_map *m, const char *key, size_t len, uint64_t h)
{
	if (!m->slots)
		return -1;
	struct draw_map_slot *s = draw_map_find(m, key, len, h);
	return s->key ? (int64_t)s->value : -1;
}

int64_t draw_map_get(const struct draw_map *m, const char *key, size_t len)
{
	return draw_map_get_h(m, key, len, draw_map_hash(key, len));
}

int64_t draw_map_put(struct draw_map *m, const char *key, size_t len, uint32_t value)
{
	return draw_map_put_h(m, key, len, draw_map_hash(key, len), value);
}

int64_t draw_map_put_h(struct draw_map *m, const char *key, size_t len, uint64_t h, uint32_t value)
{
	if (2 * (m->count + 1) > m->mask + 1) {
		struct draw_map old = *m;
		draw_map_init(m, old.count + 1);
		for (size_t i = 0; i <= old.mask; i++) {
			struct draw_map_slot *o = &old.slots[i];
			if (!o->key)
				continue;
			size_t j = draw_map_hash(o->key, o->len) & m->mask;
			while (m->slots[j].key)
				j = (j + 1) & m->mask;
			m->slots[j] = *o;
		}
		m->count = old.count;
		free(old.slots);
	}
	struct draw_map_slot *s = draw_map_find(m, key, len, h);
	if (s->key)
		return s->value;
	s->key = key;
	s->len = (uint32_t)len;
	s->hash = (uint32_t)(h >> 32);
	s->value = value;
	m->count++;
	return -1;
}

/* ---- messages ---- */

/* "path 缺失" or "path 应为<want>（实为 <value>）"; returns -1. */
static int bad(char **err, const json_t *v, const char *want, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int bad(char **err, const json_t *v, const char *want, const char *fmt, ...)
{
	struct strbuf path = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&path, fmt, ap);
	va_end(ap);
	if (!v) {
		set_err(err, "%s 缺失", path.buf);
	} else {
		char *b = cj_brief(v);
		set_err(err, "%s 应为%s（实为 %s）", path.buf, want, b);
		free(b);
	}
	strbuf_release(&path);
	return -1;
}

/* "inputs.objects.<uscc>" with the key written as cj_path_key does; the caller frees it. */
static char *object_path(const char *uscc)
{
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "inputs.objects");
	cj_path_key(&sb, uscc);
	return strbuf_detach(&sb);
}

static int is_uint(const json_t *v, json_int_t min, json_int_t max)
{
	return json_is_integer(v) && json_integer_value(v) >= min && json_integer_value(v) <= max;
}

static int is_string_array(const json_t *v)
{
	if (!json_is_array(v))
		return 0;
	for (size_t i = 0; i < json_array_size(v); i++)
		if (!json_is_string(json_array_get(v, i)))
			return 0;
	return 1;
}

/*
 * The fields "names[0..n)" of "obj" (NULL when absent or when "obj" is not an object), found in one
 * pass over its members: for the million small objects of a large frame this touches each pair
 * once, where a lookup per field would also touch the bucket array.
 */
static void get_fields(const json_t *obj, const char *const *names, size_t n, const json_t **out)
{
	size_t found = 0;
	for (size_t k = 0; k < n; k++)
		out[k] = NULL;
	if (!json_is_object(obj))
		return;
	for (void *it = json_object_iter((json_t *)obj); it && found < n;
	     it = json_object_iter_next((json_t *)obj, it)) {
		const char *key = json_object_iter_key(it);
		for (size_t k = 0; k < n; k++) {
			if (!out[k] && !strcmp(key, names[k])) {
				out[k] = json_object_iter_value(it);
				found++;
				break;
			}
		}
	}
}

/* Keys waiting for their slot in a string table: handled RING keys after their slot was prefetched. */
#define RING 16

/* ---- the sections, in the order they are checked ---- */

static int check_period(struct draw_frame *f, const json_t *inputs, char **err)
{
	const json_t *period = json_object_get(inputs, "period");
	if (!json_is_object(period))
		return bad(err, period, "对象", "inputs.period");
	const json_t *slots = json_object_get(period, "slots");
	if (!json_is_array(slots))
		return bad(err, slots, "数组", "inputs.period.slots");
	if (!json_array_size(slots))
		return set_err(err, "inputs.period.slots 不能为空");
	for (size_t i = 0; i < json_array_size(slots); i++)
		if (!json_is_string(json_array_get(slots, i)))
			return bad(err, json_array_get(slots, i), "字符串", "inputs.period.slots[%zu]", i);
	f->nslots = json_array_size(slots);
	f->slots = xmalloc(f->nslots * sizeof(*f->slots));
	for (size_t i = 0; i < f->nslots; i++) {
		f->slots[i].s = json_string_value(json_array_get(slots, i));
		f->slots[i].len = json_string_length(json_array_get(slots, i));
	}
	return 0;
}

static int check_rules(struct draw_frame *f, const json_t *inputs, char **err)
{
	const json_t *rules = json_object_get(inputs, "rules");
	if (!json_is_object(rules))
		return bad(err, rules, "对象", "inputs.rules");
	const json_t *v = json_object_get(rules, "team_size");
	if (!is_uint(v, 1, LLONG_MAX))
		return bad(err, v, "不小于 1 的整数", "inputs.rules.team_size");
	f->team_size = (uint64_t)json_integer_value(v);
	v = json_object_get(rules, "cross_region");
	if (!json_is_boolean(v))
		return bad(err, v, "布尔值", "inputs.rules.cross_region");
	f->cross_region = json_is_true(v);
	v = json_object_get(rules, "experts_per_visit");
	if (!is_uint(v, 0, LLONG_MAX))
		return bad(err, v, "不小于 0 的整数", "inputs.rules.experts_per_visit");
	f->experts_per_visit = (uint64_t)json_integer_value(v);
	return 0;
}

static int check_objects(struct draw_frame *f, const json_t *inputs, char **err)
{
	static const char *const names[] = {"region", "positive_list", "needs"};
	const json_t *objects = json_object_get(inputs, "objects");
	if (!json_is_object(objects))
		return bad(err, objects, "对象", "inputs.objects");
	size_t n = json_object_size(objects);
	f->objects = xcalloc(n, sizeof(*f->objects));
	draw_map_init(&f->objects_by_uscc, n);
	struct {
		const char *key;
		size_t len;
		uint64_t h;
	} ring[RING];
	size_t pending = 0;
	/* a second iterator runs 16 entries ahead to prefetch their memory (see cj.c, prefetch_value) */
	void *ahead = json_object_iter((json_t *)objects);
	for (int k = 0; k < 16 && ahead; k++)
		ahead = json_object_iter_next((json_t *)objects, ahead);
	for (void *it = json_object_iter((json_t *)objects); it;
	     it = json_object_iter_next((json_t *)objects, it)) {
		if (ahead) {
			for (int off = 0; off < 512; off += 64)
				__builtin_prefetch((const char *)json_object_iter_value(ahead) + off);
			ahead = json_object_iter_next((json_t *)objects, ahead);
		}
		const char *uscc = json_object_iter_key(it);
		size_t uscc_len = json_object_iter_key_len(it);
		const json_t *entry = json_object_iter_value(it);
		const json_t *field[3];
		get_fields(entry, names, 3, field);
		const json_t *region = field[0], *positive = field[1], *needs = field[2];
		if (!json_is_object(entry) || !json_is_string(region) || !json_is_boolean(positive) ||
		    !is_string_array(needs)) {
			char *path = object_path(uscc);
			int rc = 0;
			if (!json_is_object(entry))
				rc = bad(err, entry, "对象", "%s", path);
			else if (!json_is_string(region))
				rc = bad(err, region, "字符串", "%s.region", path);
			else if (!json_is_boolean(positive))
				rc = bad(err, positive, "布尔值", "%s.positive_list", path);
			else if (!json_is_array(needs))
				rc = bad(err, needs, "数组", "%s.needs", path);
			else
				for (size_t i = 0; i < json_array_size(needs) && !rc; i++)
					if (!json_is_string(json_array_get(needs, i)))
						rc = bad(err, json_array_get(needs, i), "字符串",
							 "%s.needs[%zu]", path, i);
			free(path);
			return rc;
		}
		struct draw_object *o = &f->objects[f->nobjects];
		o->uscc = uscc;
		o->need_first = (uint32_t)f->nneeds;
		o->need_count = (uint32_t)json_array_size(needs);
		ALLOC_GROW(f->needs, f->nneeds + o->need_count, f->alloc_needs);
		for (size_t k = 0; k < o->need_count; k++) {
			f->needs[f->nneeds].s = json_string_value(json_array_get(needs, k));
			f->needs[f->nneeds++].len = json_string_length(json_array_get(needs, k));
		}
		o->uscc_len = (uint32_t)uscc_len;
		o->region = json_string_value(region);
		o->region_len = (uint32_t)json_string_length(region);
		o->positive = json_is_true(positive);
		o->visit = DRAW_NONE;
		o->bans = DRAW_NONE;
		f->nobjects++;
		/* keys of one JSON object are distinct: the puts can wait in the ring, in order */
		size_t slot = (f->nobjects - 1) % RING;
		if (pending == RING)
			draw_map_put_h(&f->objects_by_uscc, ring[slot].key, ring[slot].len, ring[slot].h,
				       (uint32_t)(f->nobjects - 1 - RING));
		else
			pending++;
		ring[slot].key = uscc;
		ring[slot].len = uscc_len;
		ring[slot].h = draw_map_hash(uscc, uscc_len);
		draw_map_prefetch(&f->objects_by_uscc, ring[slot].h);
	}
	for (size_t k = f->nobjects - pending; k < f->nobjects; k++)
		draw_map_put_h(&f->objects_by_uscc, ring[k % RING].key, ring[k % RING].len, ring[k % RING].h,
			       (uint32_t)k);
	return 0;
}

/* A member whose fields are valid, waiting for its object's slot. */
struct member_job {
	const char *uscc;
	size_t len, index;
	uint64_t h;
	uint32_t weight;
};

int draw_frame_add_member(struct draw_frame *f, size_t s, uint32_t obj, uint32_t weight, size_t index,
			  char **err)
{
	struct draw_object *o = &f->objects[obj];
	if (o->seen == s + 1)
		return set_err(err,
			       "inputs.strata[%zu].members[%zu].uscc “%s” 在该层中重复（同 "
			       "inputs.strata[%zu].members[%u]）",
			       s, index, o->uscc, s, o->seen_at);
	o->seen = (uint32_t)(s + 1);
	o->seen_at = (uint32_t)index;
	f->members[f->nmembers].obj = obj;
	f->members[f->nmembers].weight = weight;
	f->nmembers++;
	return 0;
}

/* Resolves a waiting member of stratum "s": its object, a duplicate in the stratum. */
static int resolve_member(struct draw_frame *f, size_t s, const struct member_job *job, char **err)
{
	int64_t obj = draw_map_get_h(&f->objects_by_uscc, job->uscc, job->len, job->h);
	if (obj < 0)
		return set_err(err, "inputs.strata[%zu].members[%zu].uscc “%s” 在 inputs.objects 中没有条目",
			       s, job->index, job->uscc);
	return draw_frame_add_member(f, s, (uint32_t)obj, job->weight, job->index, err);
}

static int check_strata(struct draw_frame *f, const json_t *inputs, char **err)
{
	const json_t *strata = json_object_get(inputs, "strata");
	if (!json_is_array(strata))
		return bad(err, strata, "数组", "inputs.strata");
	size_t n = json_array_size(strata), total = 0;
	for (size_t s = 0; s < n; s++)
		total += json_array_size(json_object_get(json_array_get(strata, s), "members"));
	f->strata = xcalloc(n, sizeof(*f->strata));
	f->members = xmalloc((total ? total : 1) * sizeof(*f->members));
	struct draw_map ids;
	draw_map_init(&ids, n);
	int rc = -1;
	for (size_t s = 0; s < n; s++) {
		const json_t *stratum = json_array_get(strata, s);
		if (!json_is_object(stratum)) {
			bad(err, stratum, "对象", "inputs.strata[%zu]", s);
			goto out;
		}
		const json_t *id = json_object_get(stratum, "id");
		if (!json_is_string(id)) {
			bad(err, id, "字符串", "inputs.strata[%zu].id", s);
			goto out;
		}
		int64_t first =
		    draw_map_put(&ids, json_string_value(id), json_string_length(id), (uint32_t)s);
		if (first >= 0) {
			set_err(err, "inputs.strata[%zu].id “%s” 重复（同 inputs.strata[%lld].id）", s,
				json_string_value(id), (long long)first);
			goto out;
		}
		const json_t *quota = json_object_get(stratum, "quota");
		if (!is_uint(quota, 0, LLONG_MAX)) {
			bad(err, quota, "不小于 0 的整数", "inputs.strata[%zu].quota", s);
			goto out;
		}
		const json_t *members = json_object_get(stratum, "members");
		if (!json_is_array(members)) {
			bad(err, members, "数组", "inputs.strata[%zu].members", s);
			goto out;
		}
		struct draw_stratum *st = &f->strata[s];
		st->id = json_string_value(id);
		st->id_len = json_string_length(id);
		st->quota = (uint64_t)json_integer_value(quota);
		st->first = f->nmembers;
		st->count = json_array_size(members);
		f->nstrata = s + 1;
		/* members wait in a ring while their object's slot is prefetched; a problem in a member's own
		 * fields first resolves those waiting before it, so the first problem is still named first */
		struct member_job ring[RING];
		size_t done = 0;
		for (size_t i = 0; i < st->count; i++) {
			static const char *const names[] = {"uscc", "weight"};
			const json_t *member = json_array_get(members, i);
			if (i + 16 < st->count)
				for (int off = 0; off < 256; off += 64)
					__builtin_prefetch((const char *)json_array_get(members, i + 16) +
							   off);
			const json_t *field[2];
			get_fields(member, names, 2, field);
			const json_t *uscc = field[0], *weight = field[1];
			if (!json_is_object(member) || !json_is_string(uscc) || !is_uint(weight, 1, 100)) {
				for (; done < i; done++)
					if (resolve_member(f, s, &ring[done % RING], err))
						goto out;
				if (!json_is_object(member))
					bad(err, member, "对象", "inputs.strata[%zu].members[%zu]", s, i);
				else if (!json_is_string(uscc))
					bad(err, uscc, "字符串", "inputs.strata[%zu].members[%zu].uscc", s,
					    i);
				else
					bad(err, weight, " 1 到 100 的整数",
					    "inputs.strata[%zu].members[%zu].weight", s, i);
				goto out;
			}
			if (i - done == RING && resolve_member(f, s, &ring[done++ % RING], err))
				goto out;
			struct member_job *job = &ring[i % RING];
			job->uscc = json_string_value(uscc);
			job->len = json_string_length(uscc);
			job->index = i;
			job->h = draw_map_hash(job->uscc, job->len);
			job->weight = (uint32_t)json_integer_value(weight);
			draw_map_prefetch(&f->objects_by_uscc, job->h);
			if (i - done >= RING / 2) {
				int64_t likely =
				    draw_map_prefetch_key(&f->objects_by_uscc, ring[(i - RING / 2) % RING].h);
				if (likely >= 0)
					__builtin_prefetch(&f->objects[likely]);
			}
		}
		for (; done < st->count; done++)
			if (resolve_member(f, s, &ring[done % RING], err))
				goto out;
	}
	rc = 0;
out:
	draw_map_release(&ids);
	return rc;
}

/* "inputs.officers[3].id" or "inputs.experts[0].id" for person "p". */
static void person_path(const struct draw_frame *f, size_t p, char *buf, size_t size)
{
	if (p < f->nofficers)
		snprintf(buf, size, "inputs.officers[%zu]", p);
	else
		snprintf(buf, size, "inputs.experts[%zu]", p - f->nofficers);
}

void draw_frame_add_expertise(struct draw_frame *f, struct draw_person *p, const char *e, size_t len,
			      size_t *alloc_exp)
{
	int64_t eid = draw_map_put(&f->expertise, e, len, (uint32_t)f->nexpertise);
	if (eid < 0)
		eid = (int64_t)f->nexpertise++;
	for (size_t j = p->exp_first; j < f->nexp_ids; j++)
		if (f->exp_ids[j] == (uint32_t)eid)
			return;
	ALLOC_GROW(f->exp_ids, f->nexp_ids + 1, *alloc_exp);
	f->exp_ids[f->nexp_ids++] = (uint32_t)eid;
	p->exp_count = (uint32_t)(f->nexp_ids - p->exp_first);
}

void draw_frame_add_region(struct draw_frame *f, struct draw_person *p, const char *region, size_t len,
			   size_t *alloc_regions)
{
	int64_t rid = draw_map_put(&f->regions, region, len, (uint32_t)f->nregions);
	if (rid < 0) {
		rid = (int64_t)f->nregions++;
		ALLOC_GROW(f->region_officers, f->nregions, *alloc_regions);
		f->region_officers[rid] = 0;
	}
	f->region_officers[rid]++;
	p->region = (int32_t)rid;
}

void draw_frame_add_ban(struct draw_frame *f, uint32_t person, uint32_t obj)
{
	ALLOC_GROW(f->bans, f->nbans + 1, f->alloc_bans);
	f->bans[f->nbans].person = person;
	f->bans[f->nbans].next = f->objects[obj].bans;
	f->objects[obj].bans = (uint32_t)f->nbans;
	f->nbans++;
}

static int check_people(struct draw_frame *f, const json_t *inputs, char **err)
{
	const json_t *officers = json_object_get(inputs, "officers");
	if (!json_is_array(officers))
		return bad(err, officers, "数组", "inputs.officers");
	const json_t *experts = json_object_get(inputs, "experts");
	size_t nexp = json_is_array(experts) ? json_array_size(experts) : 0;
	size_t noff = json_array_size(officers);
	f->people = xcalloc(noff + nexp + 1, sizeof(*f->people));
	draw_map_init(&f->expertise, 16);
	draw_map_init(&f->regions, 16);
	struct draw_map ids;
	draw_map_init(&ids, noff + nexp);
	size_t alloc_exp = 0, alloc_regions = 0;
	char where[64];
	int rc = -1;

	for (size_t i = 0; i < noff; i++) {
		const json_t *officer = json_array_get(officers, i);
		if (!json_is_object(officer)) {
			bad(err, officer, "对象", "inputs.officers[%zu]", i);
			goto out;
		}
		const json_t *id = json_object_get(officer, "id");
		if (!json_is_string(id)) {
			bad(err, id, "字符串", "inputs.officers[%zu].id", i);
			goto out;
		}
		int64_t first =
		    draw_map_put(&ids, json_string_value(id), json_string_length(id), (uint32_t)i);
		if (first >= 0) {
			person_path(f, (size_t)first, where, sizeof(where));
			set_err(err, "inputs.officers[%zu].id “%s” 重复（同 %s.id）", i,
				json_string_value(id), where);
			goto out;
		}
		const json_t *region = json_object_get(officer, "region");
		if (!json_is_string(region)) {
			bad(err, region, "字符串", "inputs.officers[%zu].region", i);
			goto out;
		}
		const json_t *expertise = json_object_get(officer, "expertise");
		if (!json_is_array(expertise)) {
			bad(err, expertise, "数组", "inputs.officers[%zu].expertise", i);
			goto out;
		}
		struct draw_person *p = &f->people[i];
		p->id = json_string_value(id);
		p->id_len = json_string_length(id);
		p->exp_first = (uint32_t)f->nexp_ids;
		for (size_t k = 0; k < json_array_size(expertise); k++) {
			const json_t *e = json_array_get(expertise, k);
			if (!json_is_string(e)) {
				bad(err, e, "字符串", "inputs.officers[%zu].expertise[%zu]", i, k);
				goto out;
			}
			draw_frame_add_expertise(f, p, json_string_value(e), json_string_length(e),
						 &alloc_exp);
		}
		draw_frame_add_region(f, p, json_string_value(region), json_string_length(region),
				      &alloc_regions);
		f->nofficers = i + 1;
	}
	f->npeople = f->nofficers;

	if (!json_is_array(experts)) {
		bad(err, experts, "数组", "inputs.experts");
		goto out;
	}
	for (size_t i = 0; i < nexp; i++) {
		const json_t *expert = json_array_get(experts, i);
		if (!json_is_object(expert)) {
			bad(err, expert, "对象", "inputs.experts[%zu]", i);
			goto out;
		}
		const json_t *id = json_object_get(expert, "id");
		if (!json_is_string(id)) {
			bad(err, id, "字符串", "inputs.experts[%zu].id", i);
			goto out;
		}
		int64_t first =
		    draw_map_put(&ids, json_string_value(id), json_string_length(id), (uint32_t)(noff + i));
		if (first >= 0) {
			person_path(f, (size_t)first, where, sizeof(where));
			set_err(err, "inputs.experts[%zu].id “%s” 重复（同 %s.id）", i, json_string_value(id),
				where);
			goto out;
		}
		struct draw_person *p = &f->people[noff + i];
		p->id = json_string_value(id);
		p->id_len = json_string_length(id);
		p->region = -1;
		f->npeople = noff + i + 1;
	}

	/* conflicts and previous pairings: both exclude the person from the object's visit */
	static const char *const lists[] = {"conflicts", "previous"};
	for (size_t l = 0; l < 2; l++) {
		const json_t *pairs = json_object_get(inputs, lists[l]);
		if (!json_is_array(pairs)) {
			bad(err, pairs, "数组", "inputs.%s", lists[l]);
			goto out;
		}
		for (size_t i = 0; i < json_array_size(pairs); i++) {
			const json_t *pair = json_array_get(pairs, i);
			if (!json_is_array(pair) || json_array_size(pair) != 2 || !is_string_array(pair)) {
				bad(err, pair, " [人员编号, 统一社会信用代码]", "inputs.%s[%zu]", lists[l],
				    i);
				goto out;
			}
			const json_t *pid = json_array_get(pair, 0), *uscc = json_array_get(pair, 1);
			int64_t person = draw_map_get(&ids, json_string_value(pid), json_string_length(pid));
			int64_t obj = draw_map_get(&f->objects_by_uscc, json_string_value(uscc),
						   json_string_length(uscc));
			if (person >= 0 &&
			    obj >= 0) /* people or objects absent from the frame change nothing */
				draw_frame_add_ban(f, (uint32_t)person, (uint32_t)obj);
		}
	}
	rc = 0;
out:
	draw_map_release(&ids);
	return rc;
}

int draw_frame_build(struct draw_frame *f, const json_t *inputs, char **err)
{
	memset(f, 0, sizeof(*f));
	int rc;
	if (!json_is_object(inputs))
		rc = bad(err, inputs, "对象", "inputs");
	else
		rc = check_period(f, inputs, err) || check_rules(f, inputs, err) ||
			     check_objects(f, inputs, err) || check_strata(f, inputs, err) ||
			     check_people(f, inputs, err)
			 ? -1
			 : 0;
	if (rc)
		draw_frame_release(f);
	return rc;
}

void draw_frame_release(struct draw_frame *f)
{
	free(f->objects);
	free(f->strata);
	free(f->members);
	free(f->people);
	free(f->exp_ids);
	free(f->region_officers);
	free(f->bans);
	free(f->slots);
	free(f->needs);
	draw_map_release(&f->objects_by_uscc);
	draw_map_release(&f->expertise);
	draw_map_release(&f->regions);
	memset(f, 0, sizeof(*f));
}
