/*
 * This file implements the second half of the draw: slots, modes, teams and experts for the sorted
 * visits, and the result value (docs/DRAW.md, "Visits", "Teams" and "result").
 *
 * Candidates are ordered by (load, H("team", id, load)). A person's key changes only when their
 * load does, so each ordering is kept in a binary heap: one for all officers, one per expertise
 * (the officers holding it), one for the experts. A heap entry records the load it was computed
 * for; when a person's load grows, new entries are pushed and the old ones, now stale, are dropped
 * when they reach the top. Taking "the first eligible unchosen candidate" pops entries until one
 * qualifies and pushes the skipped ones back. So an assignment costs one MAC and O(log n) per heap
 * the person is in, not one MAC per officer and visit.
 */
#include "core/draw-internal.h"

#include <stdlib.h>
#include <string.h>

#include "core/draw.h"
#include "util/error.h"
#include "util/xalloc.h"

struct cand {
	uint64_t h8; /* the first 8 bytes of h as a big-endian number: most comparisons end here */
	unsigned char h[32];
	uint32_t person;
	uint32_t load;
};

struct cand_heap {
	struct cand *a;
	size_t n, alloc;
};

struct teams {
	struct draw_frame *f;
	struct draw_mac mac;
	struct cand_heap all;	  /* every officer */
	struct cand_heap *by_exp; /* officers with expertise id i */
	struct cand_heap experts; /* every expert */
	struct cand_heap stash;	  /* entries skipped by one pick, pushed back after it */
	uint32_t stamp;		  /* 1 + the visit being assigned */
	int32_t region;		  /* the visit's object's region id, -1 when no officer has it */
};

static inline int cand_less(const struct draw_person *people, const struct cand *a, const struct cand *b)
{
	if (a->load != b->load)
		return a->load < b->load;
	if (a->h8 != b->h8)
		return a->h8 < b->h8;
	return draw_key_cmp(a->h, people[a->person].id, b->h, people[b->person].id) < 0;
}

static void heap_push(struct cand_heap *h, const struct draw_person *people, const struct cand *c)
{
	ALLOC_GROW(h->a, h->n + 1, h->alloc);
	size_t i = h->n++;
	while (i > 0) {
		size_t parent = (i - 1) / 2;
		if (!cand_less(people, c, &h->a[parent]))
			break;
		h->a[i] = h->a[parent];
		i = parent;
	}
	h->a[i] = *c;
}

static struct cand heap_pop(struct cand_heap *h, const struct draw_person *people)
{
	struct cand top = h->a[0];
	struct cand x = h->a[--h->n];
	size_t i = 0;
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && cand_less(people, &h->a[c + 1], &h->a[c]))
			c++;
		if (!cand_less(people, &h->a[c], &x))
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	if (h->n)
		h->a[i] = x;
	return top;
}

/* Pushes person "p"'s entry for their current load into the heaps they belong to: one MAC. */
static void enter(struct teams *t, uint32_t p)
{
	struct draw_frame *f = t->f;
	struct draw_person *person = &f->people[p];
	struct cand c;
	int expert = p >= f->nofficers;
	draw_h_begin(&t->mac, expert ? "expert" : "team");
	draw_h_str(&t->mac, person->id, person->id_len);
	draw_h_uint(&t->mac, person->load);
	draw_mac_final(&t->mac, c.h);
	c.h8 = 0;
	for (int i = 0; i < 8; i++)
		c.h8 = c.h8 << 8 | c.h[i];
	c.person = p;
	c.load = person->load;
	if (expert) {
		heap_push(&t->experts, f->people, &c);
		return;
	}
	heap_push(&t->all, f->people, &c);
	for (uint32_t k = 0; k < person->exp_count; k++)
		heap_push(&t->by_exp[f->exp_ids[person->exp_first + k]], f->people, &c);
}

static int eligible(const struct teams *t, uint32_t p)
{
	const struct draw_person *person = &t->f->people[p];
	if (person->chosen == t->stamp || person->banned == t->stamp)
		return 0;
	if (p < t->f->nofficers && t->f->cross_region && t->region >= 0 && person->region == t->region)
		return 0;
	return 1;
}

/* The first eligible unchosen candidate in heap "h", marked chosen; -1 when there is none. */
static int64_t pick(struct teams *t, struct cand_heap *h)
{
	const struct draw_person *people = t->f->people;
	int64_t found = -1;
	t->stash.n = 0;
	while (h->n) {
		struct cand c = heap_pop(h, people);
		if (c.load != people[c.person].load)
			continue; /* stale: the person's load has grown since */
		if (!eligible(t, c.person)) {
			ALLOC_GROW(t->stash.a, t->stash.n + 1, t->stash.alloc);
			t->stash.a[t->stash.n++] = c;
			continue;
		}
		/* the entry is not pushed back: the person's load grows after this visit */
		found = c.person;
		t->f->people[c.person].chosen = t->stamp;
		break;
	}
	for (size_t i = 0; i < t->stash.n; i++)
		heap_push(h, people, &t->stash.a[i]);
	return found;
}

static int has_expertise(const struct draw_frame *f, uint32_t p, int64_t eid)
{
	const struct draw_person *person = &f->people[p];
	for (uint32_t k = 0; k < person->exp_count; k++)
		if (f->exp_ids[person->exp_first + k] == (uint32_t)eid)
			return 1;
	return 0;
}

/* Appends a name to the visits' pool; lists are kept as offsets until the pool stops growing. */
static void add_name(struct draw_visits *out, size_t *alloc, const char *name)
{
	ALLOC_GROW(out->names, out->nnames + 1, *alloc);
	out->names[out->nnames++] = name;
}

int draw_teams(struct draw_frame *f, const unsigned char prk[32], const struct draw_selection *sel,
	       struct draw_visits *out, char **err)
{
	struct teams t = {0};
	t.f = f;
	if (draw_mac_init(&t.mac, prk, 32))
		return set_err(err, "计算 HMAC-SHA256 失败");
	t.by_exp = xcalloc(f->nexpertise + 1, sizeof(*t.by_exp));
	for (uint32_t p = 0; p < f->npeople; p++) {
		f->people[p].load = 0;
		f->people[p].banned = f->people[p].chosen = 0;
		enter(&t, p);
	}
	size_t nexperts = f->npeople - f->nofficers;
	size_t team_cap = f->team_size < f->nofficers ? (size_t)f->team_size : f->nofficers;
	size_t experts_cap = f->experts_per_visit < nexperts ? (size_t)f->experts_per_visit : nexperts;
	uint32_t *team = xmalloc((team_cap + 1) * sizeof(*team));
	uint32_t *experts = xmalloc((experts_cap + 1) * sizeof(*experts));

	out->names = NULL;
	out->nnames = 0;
	size_t alloc_names = 0, alloc_unmet = 0;
	const char **unmet = NULL;
	/* the lists of each visit in the pool: strata, team, experts, unmet, one after the other */
	size_t *starts = xmalloc((4 * sel->nvisits + 1) * sizeof(*starts));
	out->visits = xcalloc(sel->nvisits + 1, sizeof(*out->visits));
	out->nvisits = sel->nvisits;
	for (size_t i = 0; i < sel->nvisits; i++) {
		const struct draw_visit *v = &sel->visits[i];
		const struct draw_object *o = &f->objects[v->obj];
		struct draw_visit_entry *ov = &out->visits[i];
		size_t nteam = 0, nexp = 0, nunmet = 0;
		ALLOC_GROW(unmet, o->need_count + 1, alloc_unmet);
		t.stamp = (uint32_t)(i + 1);
		int64_t rid = draw_map_get(&f->regions, o->region, o->region_len);
		t.region = (int32_t)rid;

		/* count the eligible officers before step 1 */
		size_t excluded = f->cross_region && rid >= 0 ? f->region_officers[rid] : 0;
		for (uint32_t b = o->bans; b != DRAW_NONE; b = f->bans[b].next) {
			struct draw_person *p = &f->people[f->bans[b].person];
			if (p->banned == t.stamp)
				continue;
			p->banned = t.stamp;
			if (f->bans[b].person < f->nofficers && !(f->cross_region && p->region == rid))
				excluded++;
		}
		int too_few = f->nofficers - excluded < f->team_size;

		if (!too_few) {
			/* step 1: the needs, in order */
			for (uint32_t k = 0; k < o->need_count; k++) {
				const struct draw_str *need = &f->needs[o->need_first + k];
				int64_t eid = draw_map_get(&f->expertise, need->s, need->len);
				int covered = 0;
				for (size_t c = 0; c < nteam && eid >= 0 && !covered; c++)
					covered = has_expertise(f, team[c], eid);
				if (covered)
					continue;
				if (nteam < f->team_size && eid >= 0) {
					int64_t p = pick(&t, &t.by_exp[eid]);
					if (p >= 0) {
						team[nteam++] = (uint32_t)p;
						continue;
					}
				}
				unmet[nunmet++] = need->s;
			}
			/* step 2: fill the remaining seats */
			while (nteam < f->team_size) {
				int64_t p = pick(&t, &t.all);
				if (p < 0)
					break; /* cannot happen: enough officers were counted eligible */
				team[nteam++] = (uint32_t)p;
			}
			/* experts: step 2 alone over the experts */
			while (nexp < f->experts_per_visit) {
				int64_t p = pick(&t, &t.experts);
				if (p < 0)
					break;
				experts[nexp++] = (uint32_t)p;
			}
			/* loads grow once the visit's team and experts are complete */
			for (size_t c = 0; c < nteam; c++) {
				f->people[team[c]].load++;
				enter(&t, team[c]);
			}
			for (size_t c = 0; c < nexp; c++) {
				f->people[experts[c]].load++;
				enter(&t, experts[c]);
			}
		}

		ov->uscc = v->uscc;
		draw_hex(v->key, 32, ov->key);
		ov->slot = f->slots[i % f->nslots].s;
		ov->mode = o->positive ? "非现场" : "现场";
		ov->reason = too_few ? "too_few_eligible" : NULL;
		starts[4 * i] = out->nnames;
		for (uint32_t l = v->strata_head; l != DRAW_NONE; l = sel->links[l].next)
			add_name(out, &alloc_names, f->strata[sel->links[l].stratum].id);
		starts[4 * i + 1] = out->nnames;
		for (size_t c = 0; c < nteam; c++)
			add_name(out, &alloc_names, f->people[team[c]].id);
		starts[4 * i + 2] = out->nnames;
		for (size_t c = 0; c < nexp; c++)
			add_name(out, &alloc_names, f->people[experts[c]].id);
		starts[4 * i + 3] = out->nnames;
		for (size_t c = 0; c < nunmet; c++)
			add_name(out, &alloc_names, unmet[c]);
		ov->nstrata = starts[4 * i + 1] - starts[4 * i];
		ov->nteam = nteam;
		ov->nexperts = nexp;
		ov->nunmet = nunmet;
	}
	/* the pool no longer moves: the lists become pointers into it */
	for (size_t i = 0; i < out->nvisits; i++) {
		struct draw_visit_entry *ov = &out->visits[i];
		ov->strata = out->names + starts[4 * i];
		ov->team = out->names + starts[4 * i + 1];
		ov->experts = out->names + starts[4 * i + 2];
		ov->unmet = out->names + starts[4 * i + 3];
	}
	free(starts);
	free(unmet);

	int failed = t.mac.failed;
	draw_mac_release(&t.mac);
	free(team);
	free(experts);
	free(t.all.a);
	free(t.experts.a);
	free(t.stash.a);
	for (size_t e = 0; e < f->nexpertise; e++)
		free(t.by_exp[e].a);
	free(t.by_exp);
	if (failed) {
		draw_visits_release(out);
		return set_err(err, "计算 HMAC-SHA256 失败");
	}
	return 0;
}
