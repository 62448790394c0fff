/*
 * This file declares what the files of the draw (draw*.c) share and the unit tests look into:
 * the keyed hash H() with precomputed HMAC states, a string table, the validated frame (the inputs
 * as plain arrays with indexes instead of names), the selection and the teams. See draw.h for the
 * public API and docs/DRAW.md for the protocol.
 */
#ifndef SUIJI_DRAW_INTERNAL_H
#define SUIJI_DRAW_INTERNAL_H
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

struct draw_visits;

/* ---- H(domain, f1, …, fn) = HMAC-SHA256(key, domain ‖ 0x00 ‖ f1 ‖ … ‖ 0x00 ‖ fn) (draw-mac.c) ---- */

/*
 * The SHA-256 states after the key's inner and outer pad blocks are computed once, at
 * draw_mac_init; each MAC starts from copies of them (plain structs), so it costs two compressions
 * for a short message and no allocation. OpenSSL's SHA256_* functions are deprecated in 3.0 in favour
 * of EVP, whose context copy allocates: a draw makes millions of MACs, so draw-mac.c keeps the plain
 * functions (they use the processor's SHA instructions all the same). The message is built in a
 * buffer owned by the struct, grown once and reused.
 */
struct draw_mac {
	SHA256_CTX inner, outer;
	unsigned char *msg;
	size_t len, alloc;
	int failed; /* set when OpenSSL failed: every MAC since is worthless */
};

/* "key" up to 64 bytes. Returns 0, or -1 when OpenSSL fails (out of memory). */
int draw_mac_init(struct draw_mac *m, const unsigned char *key, size_t keylen);
void draw_mac_release(struct draw_mac *m);
/* HMAC over the message built so far (see draw_h_*), into "out". */
void draw_mac_final(struct draw_mac *m, unsigned char out[32]);

/* Message building: begin with the domain, add fields (each preceded by 0x00), end with the MAC. */
void draw_h_begin(struct draw_mac *m, const char *domain);
void draw_h_str(struct draw_mac *m, const char *s, size_t len);
void draw_h_uint(struct draw_mac *m, uint64_t v);
/* The message length so far, and going back to it: to vary the last field cheaply. */
static inline size_t draw_h_mark(const struct draw_mac *m)
{
	return m->len;
}
static inline void draw_h_reset(struct draw_mac *m, size_t mark)
{
	m->len = mark;
}

/* PRK = HMAC-SHA256(salt, "suiji-draw-v1" ‖ 0x00 ‖ inputs_hash ‖ beacon_value). Returns 0 or -1. */
int draw_prk(const unsigned char salt[32], const unsigned char inputs_hash[32], const char *beacon,
	     size_t beacon_len, unsigned char prk[32]);

/* The protocol's order of two hashed values: memcmp, then the smaller name (id or uscc) by byte order. */
int draw_key_cmp(const unsigned char a[32], const char *name_a, const unsigned char b[32],
		 const char *name_b);

/* ---- a table of strings borrowed from the inputs (draw-validate.c) ---- */

struct draw_map_slot {
	const char *key; /* NULL: free slot */
	uint32_t len;
	uint32_t hash; /* 32 bits of the key's hash: most probes never touch the key */
	uint32_t value;
};

struct draw_map {
	struct draw_map_slot *slots;
	size_t mask, count;
};

void draw_map_init(struct draw_map *m, size_t expect);
void draw_map_release(struct draw_map *m);
/* The value stored for "key", or -1. */
int64_t draw_map_get(const struct draw_map *m, const char *key, size_t len);
/* Stores key → value unless "key" is present; returns the value already there, or -1 when stored.
 * The key's bytes are borrowed: they must outlive the table. */
int64_t draw_map_put(struct draw_map *m, const char *key, size_t len, uint32_t value);
/* The same with the key's hash computed beforehand (draw_map_hash), so that a caller handling many
 * keys can prefetch each slot (draw_map_prefetch) a few keys ahead of using it. */
uint64_t draw_map_hash(const char *key, size_t len);
int64_t draw_map_get_h(const struct draw_map *m, const char *key, size_t len, uint64_t h);
int64_t draw_map_put_h(struct draw_map *m, const char *key, size_t len, uint64_t h, uint32_t value);
static inline void draw_map_prefetch(const struct draw_map *m, uint64_t h)
{
	__builtin_prefetch(&m->slots[h & m->mask]);
}
/* The second step, once the slot is likely in cache: the key it points to (compared on a match);
 * returns the value in that slot (the likely answer), or -1. */
static inline int64_t draw_map_prefetch_key(const struct draw_map *m, uint64_t h)
{
	const struct draw_map_slot *s = &m->slots[h & m->mask];
	if (!s->key)
		return -1;
	__builtin_prefetch(s->key);
	return s->value;
}

/* ---- the validated frame (draw-validate.c, draw-parse.c) ---- */

#define DRAW_NONE UINT32_MAX

/* A NUL-terminated string borrowed from the inputs, with its length. */
struct draw_str {
	const char *s;
	size_t len;
};

struct draw_object {
	const char *uscc; /* the key in inputs.objects */
	uint32_t uscc_len;
	uint32_t need_first, need_count; /* its needs, in draw_frame.needs */
	uint32_t region_len;
	const char *region;
	uint32_t seen;	  /* 1 + the last stratum that listed it as a member, 0 never */
	uint32_t seen_at; /* its position among that stratum's members */
	uint32_t visit;	  /* its visit, DRAW_NONE before selection */
	uint32_t bans;	  /* first entry in draw_frame.bans, DRAW_NONE when none */
	uint8_t positive; /* positive_list */
};

struct draw_member {
	uint32_t obj;
	uint32_t weight;
};

struct draw_stratum {
	const char *id;
	size_t id_len;
	uint64_t quota;
	size_t first, count; /* in draw_frame.members */
};

struct draw_person {
	const char *id;
	size_t id_len;
	int32_t region;	    /* officers only; index among the officers' regions */
	uint32_t exp_first; /* officers only: their distinct expertise ids in draw_frame.exp_ids */
	uint32_t exp_count;
	uint32_t load;
	uint32_t banned; /* 1 + the visit for which a conflict or previous pairing excludes them */
	uint32_t chosen; /* 1 + the visit that chose them */
};

struct draw_ban {
	uint32_t person;
	uint32_t next; /* DRAW_NONE at the end of an object's list */
};

struct draw_frame {
	struct draw_str *slots; /* inputs.period.slots */
	size_t nslots;
	uint64_t team_size, experts_per_visit;
	int cross_region;
	struct draw_object *objects;
	size_t nobjects;
	struct draw_stratum *strata;
	size_t nstrata;
	struct draw_member *members;
	size_t nmembers;
	struct draw_map objects_by_uscc;
	struct draw_person *people; /* officers, then experts */
	size_t nofficers, npeople;
	uint32_t *exp_ids;
	size_t nexp_ids;
	struct draw_map expertise; /* officers' expertise → id */
	size_t nexpertise;
	struct draw_map regions;   /* officers' regions → id */
	uint32_t *region_officers; /* officers per region id */
	size_t nregions;
	struct draw_ban *bans;
	size_t nbans, alloc_bans;
	struct draw_str *needs; /* the objects' needs, each object's in a run */
	size_t nneeds, alloc_needs;
};

/* Validates "inputs" into "f" (which borrows strings from "inputs"). Returns 0, or -1 with *err
 * naming the field; "f" is released either way on failure. */
int draw_frame_build(struct draw_frame *f, const json_t *inputs, char **err);
void draw_frame_release(struct draw_frame *f);

/* Shared by both ways of building a frame (from a jansson value, from canonical text). */
/* Adds expertise "e" to officer "p" (the last added), once. */
void draw_frame_add_expertise(struct draw_frame *f, struct draw_person *p, const char *e, size_t len,
			      size_t *alloc_exp);
/* Files officer "p" under its region. */
void draw_frame_add_region(struct draw_frame *f, struct draw_person *p, const char *region, size_t len,
			   size_t *alloc_regions);
/* Excludes person "person" from the visit to object "obj" (a conflict or a previous pairing). */
void draw_frame_add_ban(struct draw_frame *f, uint32_t person, uint32_t obj);
/* Adds member "obj" with "weight" to stratum "s" (the last added); returns 0, or -1 with *err when the
 * object is already a member of it (naming member "index" and the first one). */
int draw_frame_add_member(struct draw_frame *f, size_t s, uint32_t obj, uint32_t weight, size_t index,
			  char **err);

/*
 * Builds the frame from CJ(inputs) as written by the frame builder ("text", "len" bytes, changed in
 * place: strings are unescaped and NUL-terminated where they stand, and the frame borrows them).
 * Expects the canonical form exactly (keys in order, no white space); anything else is refused, as
 * are the protocol's invalid inputs. Returns 0, or -1 with *err ("f" released).
 */
int draw_frame_parse(struct draw_frame *f, char *text, size_t len, char **err);

/* ---- selection and visits (draw-select.c) ---- */

struct draw_visit {
	unsigned char key[32];
	const char *uscc;
	uint32_t obj;
	uint32_t strata_head, strata_tail; /* in draw_selection.links */
};

struct draw_link {
	uint32_t stratum;
	uint32_t next;
};

struct draw_selection {
	struct draw_visit *visits;
	size_t nvisits;
	struct draw_link *links;
	size_t nlinks, alloc_links;
};

/* Selects the members of every stratum and merges them into visits sorted by (key, uscc). "threads"
 * is how many threads may compute keys (1: none started). Returns 0, or -1 with *err. */
int draw_select(struct draw_frame *f, const unsigned char prk[32], int threads, struct draw_selection *sel,
		char **err);
void draw_selection_release(struct draw_selection *sel);

/* ---- teams and the result (draw-teams.c) ---- */

/* Assigns slots, modes, teams and experts to the sorted visits into "out" (its visits and names;
 * the strings are the frame's). Returns 0, or -1 with *err. */
int draw_teams(struct draw_frame *f, const unsigned char prk[32], const struct draw_selection *sel,
	       struct draw_visits *out, char **err);

/* ---- the whole draw (draw.c) ---- */

/* SHA-256(CJ(v)) computed on a second thread while the caller validates (both only read "v"). */
struct draw_hash_job {
	const json_t *v;
	unsigned char md[32];
	int rc, started;
	char *err;
	pthread_t tid;
};

void draw_hash_start(struct draw_hash_job *job, const json_t *v);
/* Waits for the hash; returns 0, or -1 with *err (the job's message handed over). */
int draw_hash_finish(struct draw_hash_job *job, char **err);

/* draw_compute with inputs already validated into "f" and hashed into "inputs_hash": the visits
 * (borrowing the frame's strings; out->frame is left alone), or the result as a JSON value. */
int draw_run_visits(struct draw_frame *f, const unsigned char inputs_hash[32], const unsigned char salt[32],
		    const char *beacon, size_t beacon_len, struct draw_visits *out, char **err);
int draw_run(struct draw_frame *f, const unsigned char inputs_hash[32], const unsigned char salt[32],
	     const char *beacon, size_t beacon_len, json_t **result, char **err);

#endif
