/*
 * This file implements the selection of the draw and the merging of selections into visits
 * (docs/DRAW.md, "Selection" and "Visits").
 *
 * Each member's key is the smallest of its "weight" values H("sel", stratum id, uscc, j): A-Res
 * with integer weights. The "quota" smallest keys of a stratum are kept in a bounded max-heap, so a
 * stratum costs one MAC per unit of weight and O(log quota) per member, and memory grows with the
 * quotas, not with the members. Large strata are split among threads, each keeping its own heap of
 * the best "quota"; the union of those heaps holds the stratum's best "quota", and the protocol's
 * order is total, so the result does not depend on the split.
 */
#include "core/draw-internal.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/xalloc.h"

struct sel_entry {
	uint64_t k8; /* the key's first 8 bytes as a big-endian number: most comparisons end here */
	unsigned char key[32];
	const char *uscc;
	uint32_t obj;
};

static inline int entry_cmp(const struct sel_entry *a, const struct sel_entry *b)
{
	if (a->k8 != b->k8)
		return a->k8 < b->k8 ? -1 : 1;
	return draw_key_cmp(a->key, a->uscc, b->key, b->uscc);
}

static int entry_qsort_cmp(const void *a, const void *b)
{
	return entry_cmp(a, b);
}

/* A max-heap of at most "cap" entries: the root is the worst of the best "cap" seen so far. */
struct sel_heap {
	struct sel_entry *a;
	size_t n, cap;
};

static void heap_sift_down(struct sel_heap *h, size_t i)
{
	struct sel_entry x = h->a[i];
	for (;;) {
		size_t c = 2 * i + 1;
		if (c >= h->n)
			break;
		if (c + 1 < h->n && entry_cmp(&h->a[c + 1], &h->a[c]) > 0)
			c++;
		if (entry_cmp(&h->a[c], &x) <= 0)
			break;
		h->a[i] = h->a[c];
		i = c;
	}
	h->a[i] = x;
}

static void heap_offer(struct sel_heap *h, const struct sel_entry *e)
{
	if (h->n < h->cap) {
		size_t i = h->n++;
		while (i > 0) {
			size_t parent = (i - 1) / 2;
			if (entry_cmp(&h->a[parent], e) >= 0)
				break;
			h->a[i] = h->a[parent];
			i = parent;
		}
		h->a[i] = *e;
	} else if (entry_cmp(e, &h->a[0]) < 0) {
		h->a[0] = *e;
		heap_sift_down(h, 0);
	}
}

struct sel_task {
	const struct draw_frame *f;
	const unsigned char *prk;
	const struct draw_stratum *st;
	size_t from, to; /* members of the stratum, relative to its first */
	struct sel_heap heap;
	int failed;
};

static void *sel_run(void *arg)
{
	struct sel_task *t = arg;
	const struct draw_frame *f = t->f;
	struct draw_mac m;
	if (draw_mac_init(&m, t->prk, 32)) {
		t->failed = 1;
		return NULL;
	}
	draw_h_begin(&m, "sel");
	draw_h_str(&m, t->st->id, t->st->id_len);
	size_t stratum_mark = draw_h_mark(&m);
	struct sel_entry e;
	unsigned char h[32];
	for (size_t i = t->from; i < t->to; i++) {
		const struct draw_member *mem = &f->members[t->st->first + i];
		e.obj = mem->obj;
		e.uscc = f->objects[mem->obj].uscc;
		draw_h_reset(&m, stratum_mark);
		draw_h_str(&m, e.uscc, f->objects[mem->obj].uscc_len);
		size_t member_mark = draw_h_mark(&m);
		for (uint32_t j = 0; j < mem->weight; j++) {
			draw_h_reset(&m, member_mark);
			draw_h_uint(&m, j);
			draw_mac_final(&m, j ? h : e.key);
			if (j && memcmp(h, e.key, 32) < 0)
				memcpy(e.key, h, 32);
		}
		e.k8 = 0;
		for (int b = 0; b < 8; b++)
			e.k8 = e.k8 << 8 | e.key[b];
		heap_offer(&t->heap, &e);
	}
	t->failed = m.failed;
	draw_mac_release(&m);
	return NULL;
}

/* Adds the selected "e" of stratum "s" to its object's visit. */
static void add_to_visit(struct draw_frame *f, struct draw_selection *sel, const struct sel_entry *e,
			 size_t s, size_t *alloc_visits)
{
	struct draw_object *o = &f->objects[e->obj];
	struct draw_visit *v;
	if (o->visit == DRAW_NONE) {
		ALLOC_GROW(sel->visits, sel->nvisits + 1, *alloc_visits);
		o->visit = (uint32_t)sel->nvisits++;
		v = &sel->visits[o->visit];
		memcpy(v->key, e->key, 32);
		v->uscc = o->uscc;
		v->obj = e->obj;
		v->strata_head = v->strata_tail = DRAW_NONE;
	} else {
		v = &sel->visits[o->visit];
		if (memcmp(e->key, v->key, 32) < 0)
			memcpy(v->key, e->key, 32);
	}
	ALLOC_GROW(sel->links, sel->nlinks + 1, sel->alloc_links);
	uint32_t l = (uint32_t)sel->nlinks++;
	sel->links[l].stratum = (uint32_t)s;
	sel->links[l].next = DRAW_NONE;
	if (v->strata_tail == DRAW_NONE)
		v->strata_head = l;
	else
		sel->links[v->strata_tail].next = l;
	v->strata_tail = l;
}

static int visit_cmp(const void *a, const void *b)
{
	const struct draw_visit *x = a, *y = b;
	return draw_key_cmp(x->key, x->uscc, y->key, y->uscc);
}

/* Below this many MACs a stratum is not worth a thread. */
#define SEL_MIN_PER_THREAD 20000

int draw_select(struct draw_frame *f, const unsigned char prk[32], int threads, struct draw_selection *sel,
		char **err)
{
	memset(sel, 0, sizeof(*sel));
	size_t alloc_visits = 0;
	struct sel_task tasks[16];
	pthread_t tids[16];
	int rc = 0;
	if (threads < 1)
		threads = 1;
	if (threads > 16)
		threads = 16;

	for (size_t i = 0; i < f->nobjects; i++)
		f->objects[i].visit = DRAW_NONE;
	for (size_t s = 0; s < f->nstrata && !rc; s++) {
		const struct draw_stratum *st = &f->strata[s];
		size_t q = st->quota < st->count ? (size_t)st->quota : st->count;
		if (!q)
			continue;
		uint64_t work = 0;
		for (size_t i = 0; i < st->count; i++)
			work += f->members[st->first + i].weight;
		int nt = (int)(work / SEL_MIN_PER_THREAD);
		nt = nt < 1 ? 1 : nt > threads ? threads : nt;
		for (int t = 0; t < nt; t++) {
			size_t from = st->count * (size_t)t / (size_t)nt,
			       to = st->count * (size_t)(t + 1) / (size_t)nt;
			/* a part keeps at most its own members */
			size_t cap = q < to - from ? q : to - from;
			tasks[t] = (struct sel_task){f, prk, st, from, to, {NULL, 0, cap}, 0};
			tasks[t].heap.a = xmalloc((cap ? cap : 1) * sizeof(struct sel_entry));
		}
		int started = 0;
		for (int t = 1; t < nt; t++) {
			if (pthread_create(&tids[t], NULL, sel_run, &tasks[t]))
				break;
			started = t;
		}
		/* this thread takes the first part, and any part no thread could be started for */
		sel_run(&tasks[0]);
		for (int t = 1; t <= started; t++)
			pthread_join(tids[t], NULL);
		for (int t = started + 1; t < nt; t++)
			sel_run(&tasks[t]);

		struct sel_entry *best = tasks[0].heap.a;
		size_t nbest = tasks[0].heap.n;
		if (nt > 1) {
			size_t total = 0;
			for (int t = 0; t < nt; t++)
				total += tasks[t].heap.n;
			best = xmalloc(total * sizeof(*best));
			nbest = 0;
			for (int t = 0; t < nt; t++) {
				memcpy(best + nbest, tasks[t].heap.a, tasks[t].heap.n * sizeof(*best));
				nbest += tasks[t].heap.n;
			}
			qsort(best, nbest, sizeof(*best), entry_qsort_cmp);
			if (nbest > q)
				nbest = q;
		}
		for (int t = 0; t < nt; t++)
			if (tasks[t].failed)
				rc = set_err(err, "计算 HMAC-SHA256 失败");
		for (size_t i = 0; i < nbest && !rc; i++)
			add_to_visit(f, sel, &best[i], s, &alloc_visits);
		if (best != tasks[0].heap.a)
			free(best);
		for (int t = 0; t < nt; t++)
			free(tasks[t].heap.a);
	}
	if (rc) {
		draw_selection_release(sel);
		return rc;
	}
	if (sel->nvisits)
		qsort(sel->visits, sel->nvisits, sizeof(*sel->visits), visit_cmp);
	for (size_t i = 0; i < sel->nvisits; i++)
		f->objects[sel->visits[i].obj].visit = (uint32_t)i;
	return 0;
}

void draw_selection_release(struct draw_selection *sel)
{
	free(sel->visits);
	free(sel->links);
	memset(sel, 0, sizeof(*sel));
}
