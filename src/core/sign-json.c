/*
 * This file implements the JSON forms of signatures (see sign.h): detached signatures of files and
 * the "signature" member of signed JSON objects, over canonical JSON (core/cj.h).
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "core/hash.h"
#include "core/sign.h"
#include "util/error.h"
#include "util/xalloc.h"

char *sign_detached(const struct sign_key *k, const void *data, size_t n)
{
	char pub[65], sha[65], value[129];
	sign_key_public_hex(k, pub);
	sha256_hex(data, n, sha);
	sign_bytes_hex(k, data, n, value);
	return xasprintf("{\"alg\":\"Ed25519\",\"public_key\":\"%s\",\"sha256\":\"%s\",\"value\":\"%s\"}\n",
			 pub, sha, value);
}

/* The string member "key" of "obj", or NULL after setting *err. */
static const char *member(const json_t *obj, const char *key, char **err)
{
	const json_t *v = json_object_get(obj, key);
	if (!json_is_string(v)) {
		set_err(err, "签名缺少字符串字段“%s”", key);
		return NULL;
	}
	return json_string_value(v);
}

int sign_detached_check(const char *sig, size_t len, const void *data, size_t n, char pub_hex[65], char **err)
{
	json_error_t je;
	json_t *obj = json_loadb(sig, len, JSON_REJECT_DUPLICATES, &je);
	int rc = -1;
	pub_hex[0] = '\0';
	if (!json_is_object(obj)) {
		set_err(err, "签名文件不是 JSON 对象（第%d行第%d列）", je.line, je.column);
		goto out;
	}
	const char *alg = member(obj, "alg", err), *pub = alg ? member(obj, "public_key", err) : NULL;
	const char *sha = pub ? member(obj, "sha256", err) : NULL,
		   *value = sha ? member(obj, "value", err) : NULL;
	if (!value)
		goto out;
	if (strcmp(alg, "Ed25519")) {
		set_err(err, "签名算法“%s”不受支持（应为 Ed25519）", alg);
		goto out;
	}
	rc = sign_verify_hex(pub, data, n, value, err);
	if (rc < 0)
		goto out;
	snprintf(pub_hex, 65, "%s", pub);
	if (!rc) {
		char actual[65];
		sha256_hex(data, n, actual);
		if (strcmp(actual, sha))
			set_err(err, "签名不符：文件已不是签名时的文件（SHA-256 应为 %s，实为 %s）", sha,
				actual);
		else
			set_err(err, "签名不符：签名值不是该公钥对此文件的签名");
	}
out:
	json_decref(obj);
	return rc;
}

/* CJ(obj without "signature"), allocated; NULL with *err. */
static char *signed_bytes(const json_t *obj, size_t *len, char **err)
{
	json_t *copy = json_copy((json_t *)obj);
	if (!copy)
		abort();
	json_object_del(copy, "signature");
	char *bytes = cj_dump(copy, len, err);
	json_decref(copy);
	return bytes;
}

int sign_json(json_t *obj, const struct sign_key *k, char **err)
{
	if (!json_is_object(obj))
		return set_err(err, "只能对 JSON 对象签名");
	size_t len;
	char *bytes = signed_bytes(obj, &len, err);
	if (!bytes)
		return -1;
	char pub[65], value[129];
	sign_key_public_hex(k, pub);
	sign_bytes_hex(k, bytes, len, value);
	free(bytes);
	json_object_set_new(
	    obj, "signature",
	    json_pack("{s:s, s:s, s:s}", "alg", "Ed25519", "public_key", pub, "value", value));
	return 0;
}

int sign_json_check(const json_t *obj, char pub_hex[65], char **err)
{
	pub_hex[0] = '\0';
	const json_t *sig = json_object_get(obj, "signature");
	if (!sig)
		return 0;
	if (!json_is_object(sig))
		return set_err(err, "signature 应为对象 {\"alg\",\"public_key\",\"value\"}");
	const char *alg = member(sig, "alg", err), *pub = alg ? member(sig, "public_key", err) : NULL;
	const char *value = pub ? member(sig, "value", err) : NULL;
	if (!value)
		return -1;
	if (strcmp(alg, "Ed25519"))
		return set_err(err, "signature.alg “%s”不受支持（应为 Ed25519）", alg);
	if (json_object_size(sig) != 3)
		return set_err(err, "signature 只应有 alg、public_key、value 三项");
	size_t len;
	char *bytes = signed_bytes(obj, &len, err);
	if (!bytes)
		return -1;
	int rc = sign_verify_hex(pub, bytes, len, value, err);
	free(bytes);
	if (rc < 0)
		return -1;
	if (!rc)
		return set_err(err, "签名无效：内容在签名之后被改动，或签名不是该公钥所签（公钥 %s）", pub);
	snprintf(pub_hex, 65, "%s", pub);
	return 1;
}
