/*
 * This file implements canonical JSON (CJ) over jansson values and the strict JSON loader of the
 * draw protocol (see cj.h and docs/DRAW.md, "Encodings").
 *
 * The writer is ours rather than json_dumps(JSON_SORT_KEYS | JSON_COMPACT) so that the encoding is
 * spelled out here, byte for byte, and so that it can stream: the inputs of a large draw run to
 * hundreds of megabytes in canonical form and are only ever hashed.
 */
#include "core/cj.h"

#include <openssl/evp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- paths in messages ---- */

static int plain_key(const char *key)
{
	if (!*key)
		return 0;
	for (const unsigned char *p = (const unsigned char *)key; *p; p++)
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '_' || *p == '-'))
			return 0;
	return 1;
}

void cj_path_key(struct strbuf *path, const char *key)
{
	if (plain_key(key)) {
		if (path->len)
			strbuf_addc(path, '.');
		strbuf_adds(path, key);
		return;
	}
	strbuf_adds(path, "[\"");
	for (const char *p = key; *p; p++) {
		if (*p == '"' || *p == '\\')
			strbuf_addc(path, '\\');
		strbuf_addc(path, *p);
	}
	strbuf_adds(path, "\"]");
}

void cj_path_index(struct strbuf *path, size_t i)
{
	strbuf_addf(path, "[%zu]", i);
}

const char *cj_path_show(const char *path)
{
	return path && *path ? path : "顶层";
}

/* ---- the writer ---- */

struct cj_out {
	cj_sink_fn sink;
	void *arg;
	size_t len;
	unsigned char buf[65536];
};

static void out_flush(struct cj_out *o)
{
	if (o->len)
		o->sink(o->buf, o->len, o->arg);
	o->len = 0;
}

static void out_add(struct cj_out *o, const void *data, size_t n)
{
	if (n > sizeof(o->buf) - o->len) {
		out_flush(o);
		if (n > sizeof(o->buf)) {
			o->sink(data, n, o->arg);
			return;
		}
	}
	memcpy(o->buf + o->len, data, n);
	o->len += n;
}

static void out_addc(struct cj_out *o, char c)
{
	if (o->len == sizeof(o->buf))
		out_flush(o);
	o->buf[o->len++] = (unsigned char)c;
}

/* The first character below U+0020 in "s", or -1. */
static int find_control(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)s[i] < 0x20)
			return (unsigned char)s[i];
	return -1;
}

/* 1 when one of the 8 bytes of "w" is below 0x20, '"' or '\\' (SWAR: no branch per byte). */
static int word_needs_care(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t below = (w - ones * 0x20) & ~w;
	uint64_t quote = w ^ (ones * '"'), backslash = w ^ (ones * '\\');
	return (((below) | ((quote - ones) & ~quote) | ((backslash - ones) & ~backslash)) & highs) != 0;
}

/* The index of the first byte at or after "i" that is '"', '\\' or below 0x20, or "len": eight bytes at a
 * time while none needs care. */
static size_t next_special(const char *s, size_t i, size_t len)
{
	uint64_t w;
	while (i + 8 <= len) {
		memcpy(&w, s + i, 8);
		if (word_needs_care(w))
			break;
		i += 8;
	}
	while (i < len && (unsigned char)s[i] >= 0x20 && s[i] != '"' && s[i] != '\\')
		i++;
	return i;
}

/* Writes a string, escaping '"' and '\\'; returns -1 (having written a part) on a character below
 * U+0020. */
static int out_string(struct cj_out *o, const char *s, size_t len)
{
	out_addc(o, '"');
	size_t start = 0, i;
	while ((i = next_special(s, start, len)) < len) {
		if ((unsigned char)s[i] < 0x20)
			return -1;
		out_add(o, s + start, i - start);
		out_addc(o, '\\');
		out_addc(o, s[i]);
		start = i + 1;
	}
	out_add(o, s + start, len - start);
	out_addc(o, '"');
	return 0;
}

/* "v" in decimal, ending at "end"; returns where it starts. */
static char *format_integer(char *end, long long v)
{
	char *p = end;
	/* through unsigned arithmetic so that the most negative value needs no special case */
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		*--p = '-';
	return p;
}

static void out_integer(struct cj_out *o, json_int_t v)
{
	char tmp[24];
	char *p = format_integer(tmp + sizeof(tmp), v);
	out_add(o, p, (size_t)(tmp + sizeof(tmp) - p));
}

/* The same encoding as out_string, into a strbuf; writes everything even past a control character. */
int cj_add_string(struct strbuf *sb, const char *s, size_t len)
{
	int rc = 0;
	strbuf_grow(sb, len + 2);
	strbuf_addc(sb, '"');
	size_t start = 0, i;
	while ((i = next_special(s, start, len)) < len) {
		strbuf_add(sb, s + start, i - start);
		if ((unsigned char)s[i] < 0x20)
			rc = -1;
		else
			strbuf_addc(sb, '\\');
		strbuf_addc(sb, s[i]);
		start = i + 1;
	}
	strbuf_add(sb, s + start, len - start);
	strbuf_addc(sb, '"');
	return rc;
}

void cj_add_integer(struct strbuf *sb, long long v)
{
	char tmp[24];
	char *p = format_integer(tmp + sizeof(tmp), v);
	strbuf_add(sb, p, (size_t)(tmp + sizeof(tmp) - p));
}

/*
 * A key to sort: its first 16 bytes as two big-endian numbers (zero-padded; keys hold no NUL), so
 * that sorting a large object — inputs.objects has one key per object — compares integers in one
 * array and rarely follows a pointer to the key's bytes.
 */
struct cj_key {
	uint64_t p0, p1;
	const char *key;
	size_t len;
	json_t *value;
};

static uint64_t be_prefix(const char *s, size_t len)
{
	uint64_t v = 0;
	for (size_t i = 0; i < 8; i++)
		v = v << 8 | (i < len ? (unsigned char)s[i] : 0);
	return v;
}

/* byte order: as strcmp (which compares as unsigned char) */
static int cmp_key(const void *pa, const void *pb)
{
	const struct cj_key *a = pa, *b = pb;
	if (a->p0 != b->p0)
		return a->p0 < b->p0 ? -1 : 1;
	if (a->p1 != b->p1)
		return a->p1 < b->p1 ? -1 : 1;
	/* the same first 16 bytes: a key of 16 bytes or fewer is the other one or its prefix */
	if (a->len <= 16 || b->len <= 16)
		return (a->len > b->len) - (a->len < b->len);
	return strcmp(a->key + 16, b->key + 16);
}

static void sort_keys(struct cj_key *keys, size_t n)
{
	if (n > 16) {
		for (size_t i = 0; i < n; i++) {
			keys[i].p0 = be_prefix(keys[i].key, keys[i].len);
			keys[i].p1 = keys[i].len > 8 ? be_prefix(keys[i].key + 8, keys[i].len - 8) : 0;
		}
		qsort(keys, n, sizeof(*keys), cmp_key);
		return;
	}
	/* insertion sort for the small objects that make up most of the inputs */
	for (size_t i = 1; i < n; i++) {
		struct cj_key k = keys[i];
		size_t j = i;
		while (j > 0 && strcmp(keys[j - 1].key, k.key) > 0) {
			keys[j] = keys[j - 1];
			j--;
		}
		keys[j] = k;
	}
}

/*
 * Asks for the memory of a value a few elements ahead. A value parsed from text (or built in
 * order) sits with its members and strings in a few consecutive cache lines after its json_t, so
 * fetching that window ahead of time turns a walk that would wait for memory at every node into one
 * that mostly finds it there. A prefetch never faults, whatever the address.
 */
#define CJ_AHEAD 16
#define CJ_WINDOW 512

static inline void prefetch_value(const json_t *v)
{
	for (int off = 0; off < CJ_WINDOW; off += 64)
		__builtin_prefetch((const char *)v + off);
}

/*
 * Writes "v". Returns -1, without a message, on a value CJ cannot encode; cj_write then names the
 * problem by walking again with paths (cj_check), so the fast path builds no path strings.
 */
static int write_value(struct cj_out *o, const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_NULL:
		out_add(o, "null", 4);
		return 0;
	case JSON_TRUE:
		out_add(o, "true", 4);
		return 0;
	case JSON_FALSE:
		out_add(o, "false", 5);
		return 0;
	case JSON_INTEGER:
		out_integer(o, json_integer_value(v));
		return 0;
	case JSON_REAL:
		return -1;
	case JSON_STRING:
		return out_string(o, json_string_value(v), json_string_length(v));
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		out_addc(o, '[');
		for (size_t i = 0; i < n; i++) {
			if (i)
				out_addc(o, ',');
			if (i + CJ_AHEAD < n)
				prefetch_value(json_array_get(v, i + CJ_AHEAD));
			if (write_value(o, json_array_get(v, i)))
				return -1;
		}
		out_addc(o, ']');
		return 0;
	}
	case JSON_OBJECT: {
		size_t n = json_object_size(v);
		struct cj_key small[16];
		struct cj_key *keys = n <= 16 ? small : xmalloc(n * sizeof(*keys));
		size_t i = 0;
		for (void *it = json_object_iter((json_t *)v); it && i < n;
		     it = json_object_iter_next((json_t *)v, it)) {
			keys[i].key = json_object_iter_key(it);
			keys[i].len = json_object_iter_key_len(it);
			keys[i].value = json_object_iter_value(it);
			i++;
		}
		sort_keys(keys, i);
		int rc = 0;
		out_addc(o, '{');
		for (size_t k = 0; k < i && !rc; k++) {
			if (k)
				out_addc(o, ',');
			rc = out_string(o, keys[k].key, keys[k].len);
			if (rc)
				break;
			out_addc(o, ':');
			if (k + CJ_AHEAD < i)
				prefetch_value(keys[k + CJ_AHEAD].value);
			rc = write_value(o, keys[k].value);
		}
		if (keys != small)
			free(keys);
		if (!rc)
			out_addc(o, '}');
		return rc;
	}
	}
	return -1;
}

int cj_write(const json_t *v, cj_sink_fn sink, void *arg, char **err)
{
	if (!v)
		return set_err(err, "没有 JSON 值");
	struct cj_out *o = xmalloc(sizeof(*o));
	o->sink = sink;
	o->arg = arg;
	o->len = 0;
	int rc = write_value(o, v);
	if (!rc)
		out_flush(o);
	free(o);
	if (rc && !cj_check(v, "", err))
		set_err(err, "%s 无法编码为规范 JSON", cj_path_show(""));
	return rc;
}

static void sink_strbuf(const void *data, size_t len, void *arg)
{
	strbuf_add(arg, data, len);
}

char *cj_dump(const json_t *v, size_t *len, char **err)
{
	struct strbuf sb = STRBUF_INIT;
	if (cj_write(v, sink_strbuf, &sb, err)) {
		strbuf_release(&sb);
		return NULL;
	}
	if (len)
		*len = sb.len;
	return strbuf_detach(&sb);
}

static void sink_sha256(const void *data, size_t len, void *arg)
{
	EVP_DigestUpdate(arg, data, len);
}

int cj_sha256(const json_t *v, unsigned char md[32], char **err)
{
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned int mdlen = 0;
	if (!ctx || !EVP_DigestInit_ex(ctx, EVP_sha256(), NULL)) {
		EVP_MD_CTX_free(ctx);
		return set_err(err, "无法初始化 SHA-256");
	}
	int rc = cj_write(v, sink_sha256, ctx, err);
	if (!rc && (!EVP_DigestFinal_ex(ctx, md, &mdlen) || mdlen != 32))
		rc = set_err(err, "SHA-256 计算失败");
	EVP_MD_CTX_free(ctx);
	return rc;
}

char *cj_brief(const json_t *v)
{
	size_t len = 0;
	char *s = cj_dump(v, &len, NULL);
	if (!s) {
		s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
		char *copy = xstrdup(s ? s : "?");
		free(s);
		s = copy;
		len = strlen(s);
	}
	if (len > 120) {
		size_t n = 120;
		while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
			n--;
		memcpy(s + n, "…", sizeof("…"));
	}
	return s;
}

/* ---- UTF-8 ---- */

int cj_utf8_valid(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		unsigned char c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t n;
		uint32_t cp, min;
		if ((c & 0xE0) == 0xC0) {
			n = 1, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			n = 2, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		if (len - i <= n)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((s[i + k] & 0xC0) != 0x80)
				return 0;
			cp = (cp << 6) | (s[i + k] & 0x3F);
		}
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return 0;
		i += n + 1;
	}
	return 1;
}

/* ---- the strict loader ---- */

/* 1 when "v" holds a real, or a string or key with a character below U+0020: the fast walk. */
static int has_problem(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_REAL:
		return 1;
	case JSON_STRING:
		return find_control(json_string_value(v), json_string_length(v)) >= 0;
	case JSON_ARRAY:
		for (size_t i = 0; i < json_array_size(v); i++)
			if (has_problem(json_array_get(v, i)))
				return 1;
		return 0;
	case JSON_OBJECT: {
		const char *key;
		json_t *value;
		json_object_foreach((json_t *)v, key, value)
		{
			if (find_control(key, strlen(key)) >= 0 || has_problem(value))
				return 1;
		}
		return 0;
	}
	default:
		return 0;
	}
}

/* The slow walk, in document order, naming the first problem; "p" holds the path of "v". */
static int name_problem(const json_t *v, struct strbuf *p, char **err)
{
	switch (json_typeof(v)) {
	case JSON_REAL:
		return set_err(err, "%s 是小数：抽取协议不允许浮点数", cj_path_show(strbuf_str(p)));
	case JSON_STRING: {
		int c = find_control(json_string_value(v), json_string_length(v));
		if (c >= 0)
			return set_err(err, "%s 含有控制字符 U+%04X", cj_path_show(strbuf_str(p)), c);
		return 0;
	}
	case JSON_ARRAY: {
		size_t mark = p->len;
		for (size_t i = 0; i < json_array_size(v); i++) {
			if (!has_problem(json_array_get(v, i)))
				continue;
			cj_path_index(p, i);
			int rc = name_problem(json_array_get(v, i), p, err);
			p->len = mark;
			p->buf[mark] = '\0';
			if (rc)
				return rc;
		}
		return 0;
	}
	case JSON_OBJECT: {
		const char *key;
		json_t *value;
		size_t mark = p->len;
		json_object_foreach((json_t *)v, key, value)
		{
			int c = find_control(key, strlen(key));
			if (c < 0 && !has_problem(value))
				continue;
			cj_path_key(p, key);
			int rc = c >= 0 ? set_err(err, "%s 的键含有控制字符 U+%04X", cj_path_show(p->buf), c)
					: name_problem(value, p, err);
			p->len = mark;
			p->buf[mark] = '\0';
			if (rc)
				return rc;
		}
		return 0;
	}
	default:
		return 0;
	}
}

int cj_check(const json_t *v, const char *path, char **err)
{
	if (!has_problem(v))
		return 0;
	struct strbuf p = STRBUF_INIT;
	strbuf_adds(&p, path ? path : "");
	int rc = name_problem(v, &p, err);
	strbuf_release(&p);
	return rc ? rc : -1;
}

/*
 * The path of the object that holds the duplicate key which ends at byte "pos" of "buf", and that
 * key: jansson stops right after the key's closing quote, and everything before it is well-formed,
 * so a scan that tracks containers, keys and indexes is enough. Fills "path" and "key" and returns 0;
 * -1 when the text does not look as expected.
 */
struct scan_level {
	int is_object;
	int expect_key;
	size_t index;
	const char *key;
	size_t keylen;
};

static int duplicate_key_path(const char *buf, size_t pos, struct strbuf *path, struct strbuf *key)
{
	struct scan_level *st = NULL;
	size_t depth = 0, alloc = 0;
	size_t i = 0;
	int rc = -1;
	while (i < pos) {
		char c = buf[i];
		if (c == '{' || c == '[') {
			ALLOC_GROW(st, depth + 1, alloc);
			st[depth] = (struct scan_level){c == '{', c == '{', 0, NULL, 0};
			depth++;
			i++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				goto out;
			depth--;
			i++;
		} else if (c == ',') {
			if (!depth)
				goto out;
			if (st[depth - 1].is_object)
				st[depth - 1].expect_key = 1;
			else
				st[depth - 1].index++;
			i++;
		} else if (c == ':') {
			if (!depth)
				goto out;
			st[depth - 1].expect_key = 0;
			i++;
		} else if (c == '"') {
			size_t start = ++i;
			while (i < pos && buf[i] != '"')
				i += buf[i] == '\\' ? 2 : 1;
			if (depth && st[depth - 1].is_object && st[depth - 1].expect_key) {
				st[depth - 1].key = buf + start;
				st[depth - 1].keylen = (i < pos ? i : pos) - start;
			}
			i++;
		} else {
			i++;
		}
	}
	if (!depth || !st[depth - 1].is_object || !st[depth - 1].key)
		goto out;
	for (size_t d = 0; d + 1 < depth; d++) {
		if (st[d].is_object) {
			char *k = xstrndup(st[d].key ? st[d].key : "", st[d].keylen);
			cj_path_key(path, k);
			free(k);
		} else {
			cj_path_index(path, st[d].index);
		}
	}
	strbuf_add(key, st[depth - 1].key, st[depth - 1].keylen);
	rc = 0;
out:
	free(st);
	return rc;
}

static const char *describe_json_error(const json_error_t *je)
{
	switch (json_error_code(je)) {
	case json_error_out_of_memory:
		return "内存不足";
	case json_error_stack_overflow:
		return "嵌套层数过多";
	case json_error_invalid_utf8:
		return "不是有效的 UTF-8 编码";
	case json_error_premature_end_of_input:
		return "JSON 意外结束（括号或引号未闭合）";
	case json_error_end_of_input_expected:
		return "JSON 值之后还有多余内容";
	case json_error_null_character:
	case json_error_null_byte_in_key:
		return "字符串中含有控制字符 U+0000";
	case json_error_numeric_overflow:
		return "整数超出 64 位范围";
	default:
		break;
	}
	if (!strncmp(je->text, "control character", 17))
		return "字符串中含有控制字符（低于 U+0020）";
	if (!strncmp(je->text, "invalid Unicode", 15))
		return "字符串中含有无效的 Unicode 转义";
	if (!strncmp(je->text, "invalid escape", 14))
		return "字符串中含有无效的转义序列";
	return "JSON 语法错误";
}

json_t *cj_load(const char *buf, size_t len, char **err)
{
	json_error_t je;
	int bom = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3);
	if (bom) {
		buf += 3;
		len -= 3;
	}
	json_t *v = json_loadb(buf, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
	if (!v) {
		int column = je.column + (bom && je.line == 1);
		if (json_error_code(&je) == json_error_duplicate_key) {
			struct strbuf path = STRBUF_INIT, key = STRBUF_INIT;
			if (je.position >= 0 && (size_t)je.position <= len &&
			    !duplicate_key_path(buf, (size_t)je.position, &path, &key)) {
				if (path.len)
					set_err(err, "第 %d 行第 %d 列：%s 中的键“%s”重复", je.line, column,
						path.buf, key.buf);
				else
					set_err(err, "第 %d 行第 %d 列：顶层对象中的键“%s”重复", je.line,
						column, key.buf);
			} else {
				set_err(err, "第 %d 行第 %d 列：对象中有重复的键", je.line, column);
			}
			strbuf_release(&path);
			strbuf_release(&key);
			return NULL;
		}
		set_err(err, "第 %d 行第 %d 列：%s", je.line, column, describe_json_error(&je));
		return NULL;
	}
	if (cj_check(v, "", err)) {
		json_decref(v);
		return NULL;
	}
	return v;
}
