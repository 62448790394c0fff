/*
 * This file implements the text sources declared in encoding.h: strict UTF-8 validation, the
 * detection pass over the whole input, and reading the input back as UTF-8 (copied through for
 * UTF-8, converted by glibc's iconv for GB18030) in fixed-size chunks.
 *
 * A file is read twice: once to detect its encoding, once to parse it. Input that cannot be read
 * twice (a pipe, /dev/stdin) is copied to a temporary file during the first pass.
 */
#include "io/encoding.h"
#include "io/infile.h"

#include <errno.h>
#include <iconv.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <wchar.h>

#include "util/error.h"
#include "util/xalloc.h"

#define CHUNK (64 * 1024)

_Static_assert(sizeof(wchar_t) == 4, "glibc's WCHAR_T is UCS-4");

size_t text_source_test_chunk;

enum encoding { ENC_UTF8, ENC_UTF8_BOM, ENC_GB18030 };

struct text_source {
	FILE *fp;	    /* file input, or NULL */
	unsigned char *mem; /* memory input (our copy), or NULL */
	size_t memlen, mempos;
	enum encoding enc;
	int utf16; /* the input starts with a UTF-16 byte order mark */
	/* UTF-8 but invalid further on (with a BOM, or not GB18030 either): stop at byte "limit" */
	int limited;
	unsigned long long consumed, limit;
	/* GB18030: raw bytes waiting for iconv, and code points waiting to be written as UTF-8 */
	iconv_t cd;
	unsigned char *raw;
	size_t rawpos, rawlen;
	int raw_eof;
	wchar_t wbuf[4096];
	size_t wpos, wlen;
	int failed;
	char *why;
};

static const char why_gb18030[] = "编码无法识别为 UTF-8 或 GB18030";
static const char why_utf16[] = "编码无法识别为 UTF-8 或 GB18030（文件似乎是 UTF-16 编码，请在 Excel 中"
				"另存为“CSV UTF-8（逗号分隔）”）";
static const char why_bom[] = "含有无效的 UTF-8 字节（文件以 UTF-8 BOM 开头，却不是有效的 UTF-8）";

/* utf8_prefix() one sequence at a time: used alone, and to pin down what the blocks found */
static size_t prefix_scalar(const unsigned char *s, size_t n, int *bad)
{
	size_t i = 0;

	*bad = 0;
	while (i < n) {
		/* runs of ASCII, eight bytes at a time */
		while (i + 8 <= n) {
			uint64_t v;
			memcpy(&v, s + i, 8);
			if (v & 0x8080808080808080ULL)
				break;
			i += 8;
		}
		if (i >= n)
			break;
		unsigned c = s[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		size_t need;
		unsigned lo = 0x80, hi = 0xBF; /* the range of the second byte */
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1;
		} else if (c == 0xE0) {
			need = 2, lo = 0xA0; /* no overlong forms */
		} else if (c == 0xED) {
			need = 2, hi = 0x9F; /* no surrogates */
		} else if (c >= 0xE1 && c <= 0xEF) {
			need = 2;
		} else if (c == 0xF0) {
			need = 3, lo = 0x90;
		} else if (c >= 0xF1 && c <= 0xF3) {
			need = 3;
		} else if (c == 0xF4) {
			need = 3, hi = 0x8F; /* nothing above U+10FFFF */
		} else {
			*bad = 1;
			return i;
		}
		size_t avail = n - i - 1, k = avail < need ? avail : need;
		for (size_t j = 1; j <= k; j++) {
			unsigned d = s[i + j];
			if (j == 1 ? d < lo || d > hi : (d & 0xC0) != 0x80) {
				*bad = 1;
				return i;
			}
		}
		if (k < need)
			return i; /* cut off by the end of the buffer */
		i += need + 1;
	}
	return i;
}

#ifdef __SSE2__
/*
 * Checks 16-byte blocks with SSE2 (part of every x86-64). A block is good when
 *  - its continuation bytes (80-BF) are exactly those the lead bytes before them call for
 *    (C0-DF one, E0-EF two, F0-FF three), looking back into the previous block;
 *  - no byte is C0, C1 or F5-FF;
 *  - no E0 is followed by less than A0, ED by more than 9F, F0 by less than 90, F4 by more than 8F
 *    (overlong forms, surrogates, code points above U+10FFFF).
 * Continuation bytes compare as signed (80-BF are -128..-65); "at least" tests saturate unsigned.
 * Returns how many bytes of whole blocks passed, stopping before the first block that did not
 * or when fewer than 16 bytes are left; the caller goes on one sequence at a time from there.
 */
static size_t prefix_blocks(const unsigned char *s, size_t n)
{
	const __m128i zero = _mm_setzero_si128(), c_lt = _mm_set1_epi8(-64), bf = _mm_set1_epi8((char)0xBF),
		      df = _mm_set1_epi8((char)0xDF), ef = _mm_set1_epi8((char)0xEF),
		      f4 = _mm_set1_epi8((char)0xF4), fe = _mm_set1_epi8((char)0xFE),
		      c0 = _mm_set1_epi8((char)0xC0), e0 = _mm_set1_epi8((char)0xE0),
		      ed = _mm_set1_epi8((char)0xED), f0 = _mm_set1_epi8((char)0xF0),
		      lt_a0 = _mm_set1_epi8(-96), gt_9f = _mm_set1_epi8(-97), lt_90 = _mm_set1_epi8(-112),
		      gt_8f = _mm_set1_epi8(-113);
	__m128i prev = zero; /* the block before: ASCII at the start */
	size_t i = 0;

	for (; i + 16 <= n; i += 16) {
		__m128i cur = _mm_loadu_si128((const __m128i *)(s + i));
		if (_mm_movemask_epi8(_mm_or_si128(cur, prev)) == 0) {
			prev = cur; /* ASCII, and nothing before waits for continuation bytes */
			continue;
		}
		__m128i p1 = _mm_or_si128(_mm_slli_si128(cur, 1), _mm_srli_si128(prev, 15));
		__m128i p2 = _mm_or_si128(_mm_slli_si128(cur, 2), _mm_srli_si128(prev, 14));
		__m128i p3 = _mm_or_si128(_mm_slli_si128(cur, 3), _mm_srli_si128(prev, 13));
		/* nonzero where byte 1, 2 or 3 back is a lead of at least 2, 3 or 4 bytes */
		__m128i want = _mm_or_si128(_mm_or_si128(_mm_subs_epu8(p1, bf), _mm_subs_epu8(p2, df)),
					    _mm_subs_epu8(p3, ef));
		__m128i cont = _mm_cmplt_epi8(cur, c_lt);
		__m128i err = _mm_xor_si128(cont, _mm_cmpgt_epi8(want, zero));
		err = _mm_or_si128(err, _mm_cmpeq_epi8(_mm_and_si128(cur, fe), c0));
		err = _mm_or_si128(err, _mm_subs_epu8(cur, f4));
		err = _mm_or_si128(err, _mm_and_si128(_mm_cmpeq_epi8(p1, e0), _mm_cmplt_epi8(cur, lt_a0)));
		err = _mm_or_si128(err, _mm_and_si128(_mm_cmpeq_epi8(p1, ed), _mm_cmpgt_epi8(cur, gt_9f)));
		err = _mm_or_si128(err, _mm_and_si128(_mm_cmpeq_epi8(p1, f0), _mm_cmplt_epi8(cur, lt_90)));
		err = _mm_or_si128(err, _mm_and_si128(_mm_cmpeq_epi8(p1, f4), _mm_cmpgt_epi8(cur, gt_8f)));
		if (_mm_movemask_epi8(_mm_cmpeq_epi8(err, zero)) != 0xFFFF)
			break;
		prev = cur;
	}
	/*
	 * The blocks before i passed, but the last sequence starting before i may run past it (cut
	 * off, or into the block that failed): go back to its lead so that it is checked again.
	 */
	size_t b = i;
	while (b > 0 && i - b < 3 && (s[b - 1] & 0xC0) == 0x80)
		b--;
	if (b > 0 && s[b - 1] >= 0xC0)
		b--;
	return b;
}
#endif

size_t utf8_prefix(const void *p, size_t n, int *bad)
{
	const unsigned char *s = p;
	size_t i = 0;
#ifdef __SSE2__
	i = prefix_blocks(s, n);
#endif
	size_t k = prefix_scalar(s + i, n - i, bad);
	return i + k;
}

void utf8_scan_feed(struct utf8_scan *sc, const void *data, size_t n)
{
	const unsigned char *p = data;
	int bad;

	if (sc->bad)
		return;
	/* first complete the sequence cut off at the end of the previous chunk */
	while (sc->ncarry && n) {
		sc->carry[sc->ncarry++] = *p++;
		n--;
		size_t k = utf8_prefix(sc->carry, sc->ncarry, &bad);
		if (k == sc->ncarry) {
			sc->off += k;
			sc->ncarry = 0;
		} else if (bad) {
			sc->bad = 1;
			sc->bad_at = sc->off;
			return;
		}
	}
	size_t k = utf8_prefix(p, n, &bad);
	sc->off += k;
	if (bad) {
		sc->bad = 1;
		sc->bad_at = sc->off;
		return;
	}
	memcpy(sc->carry + sc->ncarry, p + k, n - k);
	sc->ncarry += n - k;
}

void utf8_scan_finish(struct utf8_scan *sc)
{
	if (!sc->bad && sc->ncarry) {
		sc->bad = 1;
		sc->bad_at = sc->off;
	}
}

static void set_io_error(struct text_source *src, int errnum)
{
	src->failed = 1;
	free(src->why);
	src->why = xasprintf("读取文件失败（%s）", errno_zh(errnum));
}

/* Reads up to n raw bytes of input; 0 at the end or on a read error (then src->failed is set). */
static size_t raw_read(struct text_source *src, void *dst, size_t n)
{
	if (text_source_test_chunk && n > text_source_test_chunk)
		n = text_source_test_chunk;
	if (src->mem) {
		size_t left = src->memlen - src->mempos;
		if (n > left)
			n = left;
		memcpy(dst, src->mem + src->mempos, n);
		src->mempos += n;
		return n;
	}
	size_t got = fread(dst, 1, n, src->fp);
	if (got == 0 && ferror(src->fp))
		set_io_error(src, errno ? errno : EIO);
	return got;
}

static int rewind_input(struct text_source *src)
{
	if (src->mem) {
		src->mempos = 0;
		return 0;
	}
	clearerr(src->fp);
	return fseeko(src->fp, 0, SEEK_SET);
}

/*
 * Whether the first "len" bytes of the input decode as GB18030 (a character cut off at "len" is
 * fine), read from the start with src->cd through "tmp" (CHUNK bytes). -1 on a read error.
 */
static int gb18030_prefix_ok(struct text_source *src, unsigned long long len, unsigned char *tmp)
{
	wchar_t out[1024];
	unsigned long long done = 0;
	size_t carry = 0;
	int ok = 1;

	if (rewind_input(src) != 0)
		return -1;
	while (ok && done < len) {
		size_t want = CHUNK - carry;
		if (want > len - done)
			want = (size_t)(len - done);
		size_t n = raw_read(src, tmp + carry, want);
		if (n == 0)
			break;
		done += n;
		char *in = (char *)tmp;
		size_t inleft = carry + n;
		for (;;) {
			char *o = (char *)out;
			size_t outleft = sizeof(out);
			if (iconv(src->cd, &in, &inleft, &o, &outleft) != (size_t)-1 || errno == EINVAL)
				break; /* all converted, or the rest waits for the next piece */
			if (errno != E2BIG) {
				ok = 0;
				break;
			}
		}
		memmove(tmp, in, inleft);
		carry = inleft;
	}
	iconv(src->cd, NULL, NULL, NULL, NULL);
	return src->failed ? -1 : ok;
}

/*
 * Reads the whole input once: checks it as UTF-8 and notes its first bytes. A file that cannot
 * seek is copied into a temporary file on the way, which then replaces it.
 */
static int detect(struct text_source *src, char **err)
{
	struct utf8_scan sc = {0};
	unsigned char head[3];
	size_t nhead = 0, n;
	unsigned char *tmp = xmalloc(CHUNK);
	FILE *spool = NULL;
	int rc = -1;

	if (src->fp && fseeko(src->fp, 0, SEEK_CUR) != 0) {
		spool = tmpfile();
		if (!spool) {
			set_err(err, "无法创建临时文件（%s）", errno_zh(errno));
			goto out;
		}
	}
	while ((n = raw_read(src, tmp, CHUNK)) > 0) {
		for (size_t i = 0; i < n && nhead < 3; i++)
			head[nhead++] = tmp[i];
		utf8_scan_feed(&sc, tmp, n);
		if (spool && fwrite(tmp, 1, n, spool) != n) {
			set_err(err, "写入临时文件失败（%s）", errno_zh(errno));
			goto out;
		}
		/* no BOM and not UTF-8: GB18030 already, unless the copy must be finished */
		if (sc.bad && !spool && nhead == 3 && memcmp(head, "\xEF\xBB\xBF", 3) != 0)
			break;
	}
	if (src->failed) {
		set_err(err, "%s", src->why);
		goto out;
	}
	utf8_scan_finish(&sc);
	if (spool) {
		fclose(src->fp);
		src->fp = spool;
		spool = NULL;
	}
	if (rewind_input(src) != 0) {
		set_err(err, "无法回到文件开头（%s）", errno_zh(errno));
		goto out;
	}

	if (nhead == 3 && memcmp(head, "\xEF\xBB\xBF", 3) == 0) {
		src->enc = ENC_UTF8_BOM;
		while (src->consumed < 3) { /* drop the BOM (the test chunk may make reads short) */
			size_t k = raw_read(src, tmp, 3 - (size_t)src->consumed);
			if (k == 0)
				break;
			src->consumed += k;
		}
		if (sc.bad) {
			src->limited = 1;
			src->limit = sc.bad_at;
		}
	} else if (!sc.bad) {
		src->enc = ENC_UTF8;
	} else {
		src->cd = iconv_open("WCHAR_T", "GB18030");
		if (src->cd == (iconv_t)-1) {
			set_err(err, "系统不支持 GB18030 到 UTF-8 的转换（iconv）");
			goto out;
		}
		int gb = gb18030_prefix_ok(src, sc.bad_at, tmp);
		if (gb < 0 || rewind_input(src) != 0) {
			set_err(err, "%s", src->failed ? src->why : "无法回到文件开头");
			goto out;
		}
		if (gb) {
			src->enc = ENC_GB18030;
			src->utf16 = nhead >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) ||
						    (head[0] == 0xFE && head[1] == 0xFF));
			src->raw = xmalloc(CHUNK + 4);
		} else {
			/*
			 * Neither encoding: the text before the first byte that is not UTF-8 is not
			 * GB18030 either, so GB18030 would fail sooner. Read it as the UTF-8 it is and
			 * fail at that byte, naming its line rather than an earlier one.
			 */
			src->enc = ENC_UTF8;
			src->limited = 1;
			src->limit = sc.bad_at;
		}
	}
	rc = 0;
out:
	if (spool)
		fclose(spool);
	free(tmp);
	return rc;
}

static struct text_source *source_new(void)
{
	struct text_source *src = xcalloc(1, sizeof(*src));
	src->cd = (iconv_t)-1;
	return src;
}

struct text_source *text_source_open(const char *path, char **err)
{
	FILE *fp = infile_open(path, INFILE_MAX_IMPORT, NULL, err);
	if (!fp)
		return NULL;
	struct text_source *src = source_new();
	src->fp = fp;
	if (detect(src, err) != 0) {
		if (err && *err) {
			char *msg = xasprintf("文件“%s”: %s", path, *err);
			free(*err);
			*err = msg;
		}
		text_source_free(src);
		return NULL;
	}
	return src;
}

struct text_source *text_source_open_mem(const void *data, size_t len)
{
	struct text_source *src = source_new();
	src->mem = xmalloc(len ? len : 1);
	if (len)
		memcpy(src->mem, data, len);
	src->memlen = len;
	char *err = NULL;
	if (detect(src, &err) != 0) { /* cannot fail over memory but for a missing iconv */
		src->failed = 1;
		src->why = err;
	}
	return src;
}

const char *text_source_encoding(const struct text_source *src)
{
	switch (src->enc) {
	case ENC_UTF8_BOM:
		return "UTF-8 BOM";
	case ENC_GB18030:
		return "GB18030";
	default:
		return "UTF-8";
	}
}

static void set_bad(struct text_source *src, const char *why)
{
	src->failed = 1;
	free(src->why);
	src->why = xstrdup(why);
}

static ssize_t read_utf8(struct text_source *src, unsigned char *buf, size_t cap)
{
	if (src->limited) {
		if (src->consumed >= src->limit) {
			set_bad(src, src->enc == ENC_UTF8_BOM ? why_bom : why_gb18030);
			return -1;
		}
		if (cap > src->limit - src->consumed)
			cap = (size_t)(src->limit - src->consumed);
	}
	size_t n = raw_read(src, buf, cap);
	src->consumed += n;
	if (n == 0 && src->failed)
		return -1;
	return (ssize_t)n;
}

/*
 * Converts buffered GB18030 bytes into code points in src->wbuf, reading more input as needed.
 * Returns 1 when some were made, 0 at the end, -1 on undecodable bytes. A bad sequence is
 * reported only once the text before it was made: iconv converts up to it and stops there.
 */
static int convert_more(struct text_source *src)
{
	src->wpos = src->wlen = 0;
	for (;;) {
		if (src->rawpos < src->rawlen) {
			char *in = (char *)src->raw + src->rawpos, *out = (char *)src->wbuf;
			size_t inleft = src->rawlen - src->rawpos, outleft = sizeof(src->wbuf);
			size_t rc = iconv(src->cd, &in, &inleft, &out, &outleft);
			int e = errno;
			src->rawpos = src->rawlen - inleft;
			src->wlen = (sizeof(src->wbuf) - outleft) / sizeof(src->wbuf[0]);
			if (src->wlen > 0)
				return 1;
			if (rc == (size_t)-1 &&
			    e != EINVAL) { /* EILSEQ; E2BIG cannot happen with nothing out */
				set_bad(src, src->utf16 ? why_utf16 : why_gb18030);
				return -1;
			}
			/* all converted, or an incomplete sequence waits for more input */
		}
		if (src->raw_eof) {
			if (src->rawpos < src->rawlen) { /* cut off at the end of the input */
				set_bad(src, src->utf16 ? why_utf16 : why_gb18030);
				return -1;
			}
			return 0;
		}
		size_t left = src->rawlen - src->rawpos;
		memmove(src->raw, src->raw + src->rawpos, left);
		src->rawpos = 0;
		size_t n = raw_read(src, src->raw + left, CHUNK);
		src->rawlen = left + n;
		if (n == 0) {
			if (src->failed)
				return -1;
			src->raw_eof = 1;
		}
	}
}

/*
 * GB18030 goes through iconv to code points (glibc's WCHAR_T, its internal form: one conversion
 * step where UTF-8 would take two, and measured 2-3 times faster), which are written out here.
 */
static ssize_t read_gb18030(struct text_source *src, unsigned char *buf, size_t cap)
{
	size_t n = 0;
	for (;;) {
		/* locals, not src->…: stores through buf could alias them and force reloads */
		const wchar_t *w = src->wbuf;
		size_t i = src->wpos, end = src->wlen;
		for (; i < end && cap - n >= 4; i++) {
			uint32_t c = (uint32_t)w[i];
			if (c < 0x80) {
				buf[n++] = (unsigned char)c;
			} else if (c < 0x800) {
				buf[n++] = (unsigned char)(0xC0 | c >> 6);
				buf[n++] = (unsigned char)(0x80 | (c & 0x3F));
			} else if (c < 0x10000 && (c < 0xD800 || c > 0xDFFF)) {
				buf[n++] = (unsigned char)(0xE0 | c >> 12);
				buf[n++] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
				buf[n++] = (unsigned char)(0x80 | (c & 0x3F));
			} else if (c >= 0x10000 && c <= 0x10FFFF) {
				buf[n++] = (unsigned char)(0xF0 | c >> 18);
				buf[n++] = (unsigned char)(0x80 | (c >> 12 & 0x3F));
				buf[n++] = (unsigned char)(0x80 | (c >> 6 & 0x3F));
				buf[n++] = (unsigned char)(0x80 | (c & 0x3F));
			} else { /* iconv made a code point that is not one: never seen, not trusted either */
				src->wpos = src->wlen;
				set_bad(src, why_gb18030);
				return n > 0 ? (ssize_t)n : -1;
			}
		}
		src->wpos = i;
		if (i < end) /* buf is full */
			return (ssize_t)n;
		int rc = convert_more(src);
		if (rc <= 0)
			return n > 0 ? (ssize_t)n : rc;
	}
}

ssize_t text_source_read(struct text_source *src, void *buf, size_t cap)
{
	if (src->failed)
		return -1;
	if (src->enc == ENC_GB18030)
		return read_gb18030(src, buf, cap);
	return read_utf8(src, buf, cap);
}

const char *text_source_why(const struct text_source *src)
{
	return src->why ? src->why : "";
}

void text_source_free(struct text_source *src)
{
	if (!src)
		return;
	if (src->fp)
		fclose(src->fp);
	if (src->cd != (iconv_t)-1)
		iconv_close(src->cd);
	free(src->mem);
	free(src->raw);
	free(src->why);
	free(src);
}
