/*
 * This file implements the draw's published documents as canonical text (see draw-package.h): the
 * announcement document (protocol, announcement, inputs) and the whole package of docs/DRAW.md
 * (with result and reveal), written around the stored frame without a tree of values — at 10^6
 * objects the frame is 111 MB of text, which a JSON tree would hold in more than a gigabyte. Every
 * part is canonical already (the announcement and the result were stored as CJ, the frame is checked
 * against inputs_hash), and the keys are placed in byte order, so the document is CJ itself and a
 * signature over it is a signature over CJ(document) as core/sign.h defines it.
 */
#include <stdlib.h>
#include <string.h>

#include "op/draw-package.h"
#include "core/cj.h"
#include "core/draw.h"
#include "core/hash.h"
#include "core/sign.h"
#include "store/draw.h"
#include "util/error.h"
#include "util/strbuf.h"

int draw_inputs_text(struct store *st, const struct draw_row *d, char **text, size_t *len, char **err)
{
	char hex[65];
	int rc = store_draw_inputs(st, d->id, text, len, err);
	if (rc) {
		if (rc > 0)
			set_err(err, "没有编号为 %ld 的抽取", d->id);
		return -1;
	}
	sha256_hex(*text, *len, hex);
	if (strcmp(hex, d->inputs_hash)) {
		free(*text);
		*text = NULL;
		return set_err(err, "第 %ld 号抽取的抽取框架与公告的 inputs_hash 不符，数据可能被篡改",
			       d->id);
	}
	return 0;
}

int draw_document(const struct draw_row *d, const char *inputs, size_t len, int reveal, struct strbuf *out,
		  char **err)
{
	strbuf_reset(out);
	if (!d->announcement || *d->announcement != '{' || (reveal && (!d->result || *d->result != '{')))
		return set_err(err, "第 %ld 号抽取的记录已损坏", d->id);
	strbuf_grow(out, len + strlen(d->announcement) + (reveal ? strlen(d->result) : 0) + 512);
	strbuf_adds(out, "{\"announcement\":");
	strbuf_adds(out, d->announcement);
	strbuf_adds(out, ",\"inputs\":");
	strbuf_add(out, inputs, len);
	strbuf_adds(out, ",\"protocol\":\"" DRAW_PROTOCOL "\"");
	if (reveal) {
		unsigned char salt[32];
		if (draw_unhex(d->salt, salt, 32))
			return set_err(err, "第 %ld 号抽取的记录已损坏（盐值）", d->id);
		strbuf_adds(out, ",\"result\":");
		strbuf_adds(out, d->result);
		strbuf_adds(out, ",\"reveal\":{\"beacon_value\":");
		cj_add_string(out, d->beacon_value, strlen(d->beacon_value));
		strbuf_adds(out, ",\"salt\":\"");
		strbuf_adds(out, d->salt);
		strbuf_adds(out, "\"}");
	}
	strbuf_addc(out, '}');
	return 0;
}

void draw_document_sign(struct strbuf *doc, const struct sign_key *k)
{
	char pub[65], value[129];
	sign_key_public_hex(k, pub);
	sign_bytes_hex(k, doc->buf, doc->len, value);
	/* "signature" sorts after every other key: it goes last, before the closing brace */
	doc->len--;
	strbuf_adds(doc, ",\"signature\":{\"alg\":\"Ed25519\",\"public_key\":\"");
	strbuf_adds(doc, pub);
	strbuf_adds(doc, "\",\"value\":\"");
	strbuf_adds(doc, value);
	strbuf_adds(doc, "\"}}");
}
