/*
 * This file implements the signed tree heads of core/audit-head.h over jansson and core/sign.h.
 */
#include "core/audit-head.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/cj.h"
#include "util/error.h"
#include "util/xalloc.h"

static int is_hex64(const char *s)
{
	return s && strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

char *audit_head_sign(const struct audit_head *h, const struct sign_key *k, char **err)
{
	json_t *o =
	    json_pack("{s:s, s:s, s:s, s:s, s:I, s:s}", "hash", h->hash, "org", h->org ? h->org : "",
		      "protocol", AUDIT_HEAD_V2, "root", h->root, "seq", (json_int_t)h->seq, "time", h->time);
	if (!o) {
		set_err(err, "无法生成审计链头");
		return NULL;
	}
	char *text = NULL;
	size_t len;
	if (!sign_json(o, k, err)) {
		char *cj = cj_dump(o, &len, err);
		if (cj) {
			text = xasprintf("%s\n", cj);
			free(cj);
		}
	}
	json_decref(o);
	return text;
}

int audit_head_parse(const char *text, size_t len, struct audit_head *h, char **err)
{
	memset(h, 0, sizeof(*h));
	json_error_t je;
	json_t *o = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!o)
		return set_err(err, "不是 JSON：%s（第%d行）", je.text, je.line);
	int rc = -1;
	const char *hash = json_string_value(json_object_get(o, "hash"));
	const char *org = json_string_value(json_object_get(o, "org"));
	const char *proto = json_string_value(json_object_get(o, "protocol"));
	const char *root = json_string_value(json_object_get(o, "root"));
	const char *time = json_string_value(json_object_get(o, "time"));
	json_t *seq = json_object_get(o, "seq");
	if (!json_is_object(o) || !proto || (strcmp(proto, AUDIT_HEAD_V1) && strcmp(proto, AUDIT_HEAD_V2))) {
		set_err(err, "不是审计链头（protocol 应为 " AUDIT_HEAD_V2 " 或 " AUDIT_HEAD_V1 "）");
		goto out;
	}
	h->version = strcmp(proto, AUDIT_HEAD_V1) ? 2 : 1;
	if (!is_hex64(hash) || !org || !json_is_integer(seq) || json_integer_value(seq) < 0 ||
	    (h->version == 2 && (!is_hex64(root) || !time || strlen(time) >= sizeof(h->time)))) {
		set_err(err, "审计链头缺少字段或字段格式不对（需要 hash、org、seq%s）",
			h->version == 2 ? "、root、time" : "");
		goto out;
	}
	int sig = sign_json_check(o, h->pub, err);
	if (sig == 0) {
		set_err(err, "审计链头没有签名：未签名的链头不能作为依据，拒绝核对");
		goto out;
	}
	if (sig < 0)
		goto out;
	h->seq = (long)json_integer_value(seq);
	snprintf(h->hash, sizeof(h->hash), "%s", hash);
	snprintf(h->root, sizeof(h->root), "%s", root ? root : "");
	snprintf(h->time, sizeof(h->time), "%s", time ? time : "");
	h->org = xstrdup(org);
	rc = 0;
out:
	json_decref(o);
	if (rc)
		h->pub[0] = '\0';
	return rc;
}

void audit_head_release(struct audit_head *h)
{
	free(h->org);
	h->org = NULL;
}
