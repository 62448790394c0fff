/*
 * This file implements the JSON forms of signatures (see sign.h): detached signatures of files.
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

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
		set_err(err, "签名文件缺少字符串字段“%s”", key);
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
