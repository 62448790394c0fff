/*
 * This file implements the public entry points of the draw (draw.h): the announcement's hashes,
 * salts, the beacon as entered, draw_compute (validate, hash, PRK, select, teams) and the package.
 * Verification of a package is in draw-verify.c.
 */
#include "core/draw.h"

#include <openssl/evp.h>
#include <openssl/rand.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/cj.h"
#include "core/draw-internal.h"
#include "util/error.h"
#include "util/xalloc.h"

int draw_inputs_validate(const json_t *inputs, char **err)
{
	struct draw_frame f;
	if (draw_frame_build(&f, inputs, err))
		return -1;
	draw_frame_release(&f);
	return 0;
}

int draw_inputs_hash(const json_t *inputs, char hex[65], char **err)
{
	unsigned char md[32];
	if (cj_sha256(inputs, md, err))
		return -1;
	draw_hex(md, 32, hex);
	return 0;
}

int draw_salt_commitment(const unsigned char salt[32], char hex[65])
{
	unsigned char md[32];
	unsigned int n = 0;
	if (!EVP_Digest(salt, 32, md, &n, EVP_sha256(), NULL))
		return -1;
	draw_hex(md, 32, hex);
	return 0;
}

int draw_salt_generate(unsigned char salt[32])
{
	return RAND_bytes(salt, 32) == 1 ? 0 : -1;
}

/* Length of the white space (ASCII space, tab, CR, LF, U+3000) at "s", 0 when none. */
static size_t space_at(const char *s, size_t left)
{
	if (left && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n'))
		return 1;
	if (left >= 3 && !memcmp(s, "\xE3\x80\x80", 3))
		return 3;
	return 0;
}

char *draw_beacon_trim(const char *entered, char **err)
{
	size_t len = strlen(entered), start = 0, n;
	if (!cj_utf8_valid(entered, len)) {
		set_err(err, "公开随机数不是有效的 UTF-8 文本");
		return NULL;
	}
	while ((n = space_at(entered + start, len - start)))
		start += n;
	size_t end = len;
	for (;;) {
		if (end > start && space_at(entered + end - 1, 1) == 1)
			end--;
		else if (end >= start + 3 && space_at(entered + end - 3, 3) == 3)
			end -= 3;
		else
			break;
	}
	if (end == start) {
		set_err(err, "公开随机数不能为空");
		return NULL;
	}
	for (size_t i = start; i < end; i++) {
		if ((unsigned char)entered[i] < 0x20) {
			set_err(err, "公开随机数中含有控制字符 U+%04X", (unsigned char)entered[i]);
			return NULL;
		}
	}
	return xstrndup(entered + start, end - start);
}

/* How many threads the selection may use: the processors online, at most 8. */
static int select_threads(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

int draw_run_visits(struct draw_frame *f, const unsigned char inputs_hash[32], const unsigned char salt[32],
		    const char *beacon, size_t beacon_len, struct draw_visits *out, char **err)
{
	unsigned char prk[32];
	struct draw_selection sel;
	if (!cj_utf8_valid(beacon, beacon_len))
		return set_err(err, "beacon_value 不是有效的 UTF-8 文本");
	for (size_t i = 0; i < beacon_len; i++)
		if ((unsigned char)beacon[i] < 0x20)
			return set_err(err, "beacon_value 含有控制字符 U+%04X", (unsigned char)beacon[i]);
	if (draw_prk(salt, inputs_hash, beacon, beacon_len, prk))
		return set_err(err, "计算 PRK 失败");
	if (draw_select(f, prk, select_threads(), &sel, err))
		return -1;
	int rc = draw_teams(f, prk, &sel, out, err);
	draw_selection_release(&sel);
	memset(prk, 0, sizeof(prk));
	return rc;
}

int draw_run(struct draw_frame *f, const unsigned char inputs_hash[32], const unsigned char salt[32],
	     const char *beacon, size_t beacon_len, json_t **result, char **err)
{
	struct draw_visits out = {0};
	*result = NULL;
	if (draw_run_visits(f, inputs_hash, salt, beacon, beacon_len, &out, err))
		return -1;
	*result = draw_visits_json(&out);
	draw_visits_release(&out);
	return 0;
}

static void *hash_run(void *arg)
{
	struct draw_hash_job *job = arg;
	job->rc = cj_sha256(job->v, job->md, &job->err);
	return NULL;
}

void draw_hash_start(struct draw_hash_job *job, const json_t *v)
{
	job->v = v;
	job->rc = 0;
	job->err = NULL;
	job->started = !pthread_create(&job->tid, NULL, hash_run, job);
}

int draw_hash_finish(struct draw_hash_job *job, char **err)
{
	if (job->started)
		pthread_join(job->tid, NULL);
	else
		hash_run(job);
	job->started = 0;
	if (job->rc) {
		if (err) {
			free(*err);
			*err = job->err;
		} else {
			free(job->err);
		}
		job->err = NULL;
		return -1;
	}
	return 0;
}

int draw_compute(const json_t *inputs, const unsigned char salt[32], const char *beacon_value,
		 json_t **result, char **err)
{
	struct draw_frame f;
	struct draw_hash_job hash;
	*result = NULL;
	/* inputs_hash and the validation only read the inputs: they run side by side */
	draw_hash_start(&hash, inputs);
	int rc = draw_frame_build(&f, inputs, err);
	if (draw_hash_finish(&hash, rc ? NULL : err)) {
		if (!rc)
			draw_frame_release(&f);
		return -1;
	}
	if (rc)
		return -1;
	rc = draw_run(&f, hash.md, salt, beacon_value, strlen(beacon_value), result, err);
	draw_frame_release(&f);
	return rc;
}

int draw_compute_text(char *text, size_t len, const char *inputs_hash, const unsigned char salt[32],
		      const char *beacon_value, struct draw_visits *out, char **err)
{
	unsigned char md[32];
	char hex[65];
	memset(out, 0, sizeof(*out));
	if (!EVP_Digest(text, len, md, NULL, EVP_sha256(), NULL))
		return set_err(err, "计算 SHA-256 失败");
	draw_hex(md, 32, hex);
	if (strcmp(hex, inputs_hash))
		return set_err(err, "抽取框架的 SHA-256 为 %s，与公告的 inputs_hash %s 不符：数据可能被篡改",
			       hex, inputs_hash);
	struct draw_frame *f = xmalloc(sizeof(*f));
	if (draw_frame_parse(f, text, len, err)) {
		free(f);
		return -1;
	}
	if (draw_run_visits(f, md, salt, beacon_value, strlen(beacon_value), out, err)) {
		draw_frame_release(f);
		free(f);
		return -1;
	}
	out->frame = f;
	return 0;
}

json_t *draw_announcement_new(const json_t *inputs, const unsigned char salt[32], const char *beacon_source,
			      const char *announced_at, const char *org, char **err)
{
	char inputs_hash[65], commitment[65];
	if (draw_inputs_hash(inputs, inputs_hash, err))
		return NULL;
	if (draw_salt_commitment(salt, commitment)) {
		set_err(err, "计算 SHA-256 失败");
		return NULL;
	}
	json_t *a = json_object();
	json_object_set_new(a, "inputs_hash", json_string(inputs_hash));
	json_object_set_new(a, "salt_commitment", json_string(commitment));
	json_object_set_new(a, "beacon_source", json_string(beacon_source ? beacon_source : ""));
	json_object_set_new(a, "announced_at", json_string(announced_at ? announced_at : ""));
	json_object_set_new(a, "org", json_string(org ? org : ""));
	return a;
}

json_t *draw_package_new(json_t *announcement, json_t *inputs, const unsigned char salt[32],
			 const char *beacon_value, json_t *result)
{
	char hex[65];
	draw_hex(salt, 32, hex);
	json_t *reveal = json_object();
	json_object_set_new(reveal, "salt", json_string(hex));
	json_object_set_new(reveal, "beacon_value", json_string(beacon_value));
	json_t *p = json_object();
	json_object_set_new(p, "protocol", json_string(DRAW_PROTOCOL));
	json_object_set(p, "announcement", announcement);
	json_object_set(p, "inputs", inputs);
	json_object_set_new(p, "reveal", reveal);
	json_object_set(p, "result", result);
	return p;
}
