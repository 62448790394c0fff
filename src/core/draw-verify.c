/*
 * This file implements the verification of a published draw package (docs/DRAW.md, "The package"):
 * the checks in a fixed order, each naming the first difference in Chinese, worded exactly as
 * tools/verify.py words them so that the two verifiers can be compared message for message.
 *
 * Order: the package's shape (protocol, announcement, reveal, inputs, result), the protocol's name,
 * the salt against salt_commitment, the inputs against inputs_hash, the inputs' validity, then the
 * recomputed result against the stored one under CJ.
 */
#include "core/draw.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "core/draw-internal.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* "path 缺失" or "path 应为<want>（实为 <value>）"; returns -1. */
static int bad(char **msg, const json_t *v, const char *want, const char *path)
{
	if (!v)
		return set_err(msg, "%s 缺失", path);
	char *b = cj_brief(v);
	set_err(msg, "%s 应为%s（实为 %s）", path, want, b);
	free(b);
	return -1;
}

/* 1 when CJ(a) == CJ(b); values CJ cannot encode compare unequal. */
static int cj_equal(const json_t *a, const json_t *b)
{
	size_t la = 0, lb = 0;
	char *x = cj_dump(a, &la, NULL), *y = cj_dump(b, &lb, NULL);
	int eq = x && y && la == lb && !memcmp(x, y, la);
	free(x);
	free(y);
	return eq;
}

struct key_list {
	const char **keys;
	size_t n, alloc;
};

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The union of the keys of two objects, sorted by byte order. */
static void union_keys(const json_t *a, const json_t *b, struct key_list *l)
{
	const char *key;
	json_t *value;
	json_object_foreach((json_t *)a, key, value)
	{
		ALLOC_GROW(l->keys, l->n + 1, l->alloc);
		l->keys[l->n++] = key;
	}
	json_object_foreach((json_t *)b, key, value)
	{
		if (json_object_get(a, key))
			continue;
		ALLOC_GROW(l->keys, l->n + 1, l->alloc);
		l->keys[l->n++] = key;
	}
	if (l->n)
		qsort(l->keys, l->n, sizeof(*l->keys), cmp_str);
}

/*
 * Names the first difference between the stored value "got" and the recomputed "want" at "path":
 * objects are compared key by key in byte order, arrays of objects element by element, anything else
 * as a whole. Returns 1 with *msg, or 0 when they are equal under CJ.
 */
static int first_difference(const json_t *got, const json_t *want, struct strbuf *path, char **msg)
{
	if (cj_equal(got, want))
		return 0;
	if (json_is_object(got) && json_is_object(want)) {
		struct key_list l = {0};
		union_keys(got, want, &l);
		size_t mark = path->len;
		int rc = 0;
		for (size_t i = 0; i < l.n && !rc; i++) {
			const json_t *g = json_object_get(got, l.keys[i]),
				     *w = json_object_get(want, l.keys[i]);
			cj_path_key(path, l.keys[i]);
			if (!g) {
				char *b = cj_brief(w);
				set_err(msg, "%s 缺失（重新计算为 %s）", path->buf, b);
				rc = 1;
				free(b);
			} else if (!w) {
				char *b = cj_brief(g);
				set_err(msg, "%s 多余（包中为 %s）", path->buf, b);
				rc = 1;
				free(b);
			} else {
				rc = first_difference(g, w, path, msg);
			}
			path->len = mark;
			path->buf[mark] = '\0';
		}
		free(l.keys);
		if (rc)
			return rc;
	} else if (json_is_array(got) && json_is_array(want) &&
		   (json_is_object(json_array_get(got, 0)) || json_is_object(json_array_get(want, 0)))) {
		size_t ng = json_array_size(got), nw = json_array_size(want);
		size_t mark = path->len;
		for (size_t i = 0; i < ng && i < nw; i++) {
			const json_t *g = json_array_get(got, i), *w = json_array_get(want, i);
			if (cj_equal(g, w))
				continue;
			cj_path_index(path, i);
			int rc = 1;
			if (json_is_object(g) && json_is_object(w)) {
				rc = first_difference(g, w, path, msg);
			} else {
				char *bg = cj_brief(g), *bw = cj_brief(w);
				set_err(msg, "%s 不一致：包中为 %s，重新计算为 %s", path->buf, bg, bw);
				free(bg);
				free(bw);
			}
			path->len = mark;
			path->buf[mark] = '\0';
			return rc;
		}
		set_err(msg, "%s 的元素个数不一致：包中 %zu 个，重新计算 %zu 个", cj_path_show(path->buf), ng,
			nw);
		return 1;
	}
	char *bg = cj_brief(got), *bw = cj_brief(want);
	set_err(msg, "%s 不一致：包中为 %s，重新计算为 %s", cj_path_show(path->buf), bg, bw);
	free(bg);
	free(bw);
	return 1;
}

int package_verify(const json_t *package, char **difference)
{
	if (!json_is_object(package))
		return bad(difference, package, "对象", "抽取包");
	const json_t *protocol = json_object_get(package, "protocol");
	if (!json_is_string(protocol))
		return bad(difference, protocol, "字符串", "protocol");
	if (strcmp(json_string_value(protocol), DRAW_PROTOCOL) ||
	    json_string_length(protocol) != strlen(DRAW_PROTOCOL)) {
		char *b = cj_brief(protocol);
		set_err(difference, "protocol 为 %s，本核验器只核验 %s", b, DRAW_PROTOCOL);
		free(b);
		return 1;
	}
	const json_t *ann = json_object_get(package, "announcement");
	if (!json_is_object(ann))
		return bad(difference, ann, "对象", "announcement");
	const json_t *inputs_hash = json_object_get(ann, "inputs_hash");
	if (!json_is_string(inputs_hash))
		return bad(difference, inputs_hash, "字符串", "announcement.inputs_hash");
	const json_t *commitment = json_object_get(ann, "salt_commitment");
	if (!json_is_string(commitment))
		return bad(difference, commitment, "字符串", "announcement.salt_commitment");
	const json_t *reveal = json_object_get(package, "reveal");
	if (!json_is_object(reveal))
		return bad(difference, reveal, "对象", "reveal");
	const json_t *salt_hex = json_object_get(reveal, "salt");
	unsigned char salt[32];
	if (!json_is_string(salt_hex) || draw_unhex(json_string_value(salt_hex), salt, 32) ||
	    json_string_length(salt_hex) != 64)
		return bad(difference, salt_hex, " 64 位小写十六进制字符串", "reveal.salt");
	const json_t *beacon = json_object_get(reveal, "beacon_value");
	if (!json_is_string(beacon))
		return bad(difference, beacon, "字符串", "reveal.beacon_value");
	const json_t *inputs = json_object_get(package, "inputs");
	if (!inputs)
		return set_err(difference, "inputs 缺失");
	const json_t *stored = json_object_get(package, "result");
	if (!stored)
		return set_err(difference, "result 缺失");

	char hex[65];
	draw_salt_commitment(salt, hex);
	if (strcmp(hex, json_string_value(commitment))) {
		set_err(difference,
			"reveal.salt 与 announcement.salt_commitment 不符：SHA-256(salt) 为 %s，公告中为 %s",
			hex, json_string_value(commitment));
		return 1;
	}
	/* the hash and the validation only read the inputs: they run side by side; a difference in the
	 * hash is still reported before a problem in the inputs */
	struct draw_hash_job hash;
	struct draw_frame f;
	char *invalid = NULL;
	draw_hash_start(&hash, inputs);
	int built = draw_frame_build(&f, inputs, &invalid);
	if (draw_hash_finish(&hash, difference)) {
		if (!built)
			draw_frame_release(&f);
		free(invalid);
		return -1;
	}
	draw_hex(hash.md, 32, hex);
	if (strcmp(hex, json_string_value(inputs_hash))) {
		set_err(difference,
			"inputs 与 announcement.inputs_hash 不符：SHA-256(CJ(inputs)) 为 %s，公告中为 %s",
			hex, json_string_value(inputs_hash));
		if (!built)
			draw_frame_release(&f);
		free(invalid);
		return 1;
	}
	if (built) {
		if (difference) {
			free(*difference);
			*difference = invalid;
		} else {
			free(invalid);
		}
		return -1;
	}
	unsigned char *md = hash.md;
	json_t *result = NULL;
	int rc = draw_run(&f, md, salt, json_string_value(beacon), json_string_length(beacon), &result,
			  difference);
	draw_frame_release(&f);
	memset(salt, 0, sizeof(salt));
	if (rc)
		return -1;
	struct strbuf path = STRBUF_INIT;
	strbuf_adds(&path, "result");
	rc = first_difference(stored, result, &path, difference);
	strbuf_release(&path);
	json_decref(result);
	return rc;
}
