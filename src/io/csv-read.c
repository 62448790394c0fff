/*
 * This file implements the CSV reader declared in csv.h (RFC 4180) over a text source
 * (encoding.h), which detects the encoding and hands over UTF-8 in chunks.
 *
 * The parser keeps one chunk buffer and one record buffer: the bytes of each field are copied in
 * spans (between special characters, found 16 bytes at a time with SSE2, else through a byte-class
 * table) into the record buffer, each followed by a NUL, and the field pointers are set once the
 * record is complete. Both
 * buffers, and the arrays of fields, are reused from record to record, so reading allocates
 * nothing once the widest record was seen, and memory is bounded by the longest record (itself
 * capped at CSV_MAX_RECORD), never by the size of the input.
 *
 * Grammar: a field is either quoted ("…", with "" for a quote and CR/LF kept as they are) or
 * unquoted (no quote, comma, CR, LF); fields are separated by commas and records end in LF, CRLF
 * or a lone CR (each counts as one physical line) or at the end of the input. A record that is a
 * single unquoted field of nothing but spaces and tabs is a blank line and is skipped.
 * Errors are sticky: once csv_next() failed, it fails again with the same message.
 * A field the writer guarded against formula injection (a leading ' before = + - @ tab CR, csv.h) has
 * that one ' removed, so export → import is lossless.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "io/csv.h"
#include "io/encoding.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define CSV_CHUNK (64 * 1024)
#define CSV_MAX_RECORD (16 * 1024 * 1024)

/* byte classes: which bytes end a span of field text */
#define CL_U 1 /* in an unquoted field: , " CR LF NUL */
#define CL_Q 2 /* in a quoted field: " CR LF NUL */
static const unsigned char cls[256] = {
    [0] = CL_U | CL_Q, ['\n'] = CL_U | CL_Q, ['\r'] = CL_U | CL_Q, ['"'] = CL_U | CL_Q, [','] = CL_U,
};

/* what peek() returns besides a byte */
#define CH_EOF (-1)
#define CH_ERR (-2)

struct csv_reader {
	struct text_source *src;
	unsigned char *buf; /* UTF-8 text from the source: buf[pos..end) not yet parsed */
	size_t pos, end;
	int src_done; /* the source said end (0) or error (-1); it is not asked again */
	int src_rc;
	long line; /* physical line of buf[pos] */

	/* the record being read */
	char *rb; /* field bytes, each field followed by a NUL */
	size_t rblen, rbcap;
	size_t nf, falloc;
	size_t *starts, *lens;
	char **fields;
	int quoted;    /* some field of the record was quoted */
	long rec_line; /* the physical line where it starts */

	char *errmsg; /* set once, on the first error */
};

static struct csv_reader *reader_new(struct text_source *src)
{
	struct csv_reader *r = xcalloc(1, sizeof(*r));
	r->src = src;
	r->buf = xmalloc(CSV_CHUNK);
	r->line = 1;
	r->rbcap = 256;
	r->rb = xmalloc(r->rbcap);
	return r;
}

struct csv_reader *csv_open(const char *path, char **err)
{
	struct text_source *src = text_source_open(path, err);
	return src ? reader_new(src) : NULL;
}

struct csv_reader *csv_open_mem(const void *data, size_t len, char **err)
{
	return reader_new(text_source_open_mem(data, len));
}

const char *csv_encoding(const struct csv_reader *r)
{
	return text_source_encoding(r->src);
}

void csv_close(struct csv_reader *r)
{
	if (!r)
		return;
	text_source_free(r->src);
	free(r->buf);
	free(r->rb);
	free(r->starts);
	free(r->lens);
	free(r->fields);
	free(r->errmsg);
	free(r);
}

__attribute__((format(printf, 2, 3))) static int fail(struct csv_reader *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	free(r->errmsg);
	r->errmsg = strbuf_detach(&sb);
	return -1;
}

/* the source failed: undecodable bytes or a read error at the current line */
static int source_fail(struct csv_reader *r)
{
	return fail(r, "第%ld行: %s", r->line, text_source_why(r->src));
}

/* Refills the chunk buffer once buf[pos..end) is used up; returns the next byte, CH_EOF or CH_ERR. */
static int refill(struct csv_reader *r)
{
	if (r->src_done)
		return r->src_rc < 0 ? CH_ERR : CH_EOF;
	ssize_t n = text_source_read(r->src, r->buf, CSV_CHUNK);
	r->pos = r->end = 0;
	if (n <= 0) {
		r->src_done = 1;
		r->src_rc = (int)n;
		return n < 0 ? CH_ERR : CH_EOF;
	}
	r->end = (size_t)n;
	return r->buf[0];
}

static inline int peek(struct csv_reader *r)
{
	return r->pos < r->end ? r->buf[r->pos] : refill(r);
}

static void rb_grow(struct csv_reader *r, size_t extra)
{
	size_t need = r->rblen + extra, n = r->rbcap;
	while (n < need)
		n *= 2;
	r->rb = xrealloc(r->rb, n);
	r->rbcap = n;
}

static inline void rb_add(struct csv_reader *r, const void *p, size_t n)
{
	if (r->rblen + n > r->rbcap)
		rb_grow(r, n);
	memcpy(r->rb + r->rblen, p, n);
	r->rblen += n;
}

static inline void rb_addc(struct csv_reader *r, char c)
{
	if (r->rblen == r->rbcap)
		rb_grow(r, 1);
	r->rb[r->rblen++] = c;
}

/*
 * Copies field text from buf[pos..) into the record up to the first byte of class "cl" or the end
 * of the chunk, leaving pos there. With SSE2 (every x86-64) 16 bytes are compared and stored at a
 * time: the whole block is stored, and the record grows only by the bytes before the special one.
 */
static inline void copy_span(struct csv_reader *r, unsigned cl)
{
	const unsigned char *p = r->buf + r->pos, *e = r->buf + r->end;
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
		      nul = _mm_setzero_si128(), comma = _mm_set1_epi8(cl == CL_U ? ',' : '"');
	while (e - p >= 16) {
		if (r->rbcap - r->rblen < 16)
			rb_grow(r, 16);
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		_mm_storeu_si128((__m128i *)(r->rb + r->rblen), v);
		__m128i m =
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, comma)),
				 _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr)),
					      _mm_cmpeq_epi8(v, nul)));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits) {
			unsigned k = (unsigned)__builtin_ctz(bits);
			r->rblen += k;
			r->pos = (size_t)(p + k - r->buf);
			return;
		}
		r->rblen += 16;
		p += 16;
	}
#endif
	const unsigned char *q = p;
	while (q < e && !(cls[*q] & cl))
		q++;
	if (q > p)
		rb_add(r, p, (size_t)(q - p));
	r->pos = (size_t)(q - r->buf);
}

static void end_field(struct csv_reader *r, size_t start)
{
	if (r->nf == r->falloc) {
		r->falloc = r->falloc ? 2 * r->falloc : 16;
		r->starts = xrealloc(r->starts, r->falloc * sizeof(*r->starts));
		r->lens = xrealloc(r->lens, r->falloc * sizeof(*r->lens));
		r->fields = xrealloc(r->fields, r->falloc * sizeof(*r->fields));
	}
	r->starts[r->nf] = start;
	r->lens[r->nf] = r->rblen - start;
	r->nf++;
	rb_addc(r, '\0');
}

static int too_long(struct csv_reader *r, long line)
{
	return fail(r, "第%ld行: 记录过长（超过 %d MB）", line, CSV_MAX_RECORD / (1024 * 1024));
}

/*
 * Reads the rest of a quoted field, the opening quote consumed, into the record buffer. Returns
 * the byte after the closing quote (or CH_EOF), or CH_ERR after fail().
 */
static int quoted_field(struct csv_reader *r, long rec_line)
{
	long qline = r->line;
	for (;;) {
		copy_span(r, CL_Q);
		if (r->rblen > CSV_MAX_RECORD)
			return too_long(r, rec_line), CH_ERR;
		int c = peek(r);
		if (c == CH_EOF)
			return fail(r,
				    "第%ld行: 引号未闭合（第%zu列以引号开始，到文件末尾也没有对应的右引号）",
				    qline, r->nf + 1),
			       CH_ERR;
		if (c == CH_ERR)
			return source_fail(r), CH_ERR;
		if (!(cls[c] & CL_Q))
			continue;
		r->pos++;
		switch (c) {
		case '"':
			c = peek(r);
			if (c != '"')
				return c == CH_ERR ? (source_fail(r), CH_ERR) : c;
			rb_addc(r, '"');
			r->pos++;
			break;
		case '\0':
			return fail(r, "第%ld行: 含有空字符（文件可能是 UTF-16 编码或二进制文件）", r->line),
			       CH_ERR;
		case '\n':
			rb_addc(r, '\n');
			r->line++;
			break;
		case '\r':
			rb_addc(r, '\r');
			if (peek(r) == '\n') {
				rb_addc(r, '\n');
				r->pos++;
			}
			r->line++;
			break;
		}
	}
}

/*
 * Reads an unquoted field into the record buffer. Returns the byte that ended it (or CH_EOF), or
 * CH_ERR after fail().
 */
static int unquoted_field(struct csv_reader *r, long rec_line)
{
	for (;;) {
		copy_span(r, CL_U);
		if (r->rblen > CSV_MAX_RECORD)
			return too_long(r, rec_line), CH_ERR;
		int c = peek(r);
		if (c == CH_ERR)
			return source_fail(r), CH_ERR;
		if (c == CH_EOF || (cls[c] & CL_U))
			return c;
	}
}

/* Reads one record; 1 when read, 0 at the end of the input, -1 after fail(). */
static int parse_record(struct csv_reader *r)
{
	r->rblen = 0;
	r->nf = 0;
	r->quoted = 0;
	int c = peek(r);
	if (c == CH_EOF)
		return 0;
	if (c == CH_ERR)
		return source_fail(r);
	long rec_line = r->rec_line = r->line;
	for (;;) {
		size_t start = r->rblen;
		if (c == '"') {
			r->quoted = 1;
			r->pos++;
			c = quoted_field(r, rec_line);
			if (c == CH_ERR)
				return -1;
			if (c != ',' && c != '\n' && c != '\r' && c != CH_EOF)
				return fail(
				    r, "第%ld行: 第%zu列的右引号后还有多余的字符（字段中的引号应写成两个）",
				    r->line, r->nf + 1);
		} else {
			c = unquoted_field(r, rec_line);
			if (c == CH_ERR)
				return -1;
			if (c == '"')
				return fail(r,
					    "第%ld行: 第%zu列未加引号却含有引号（含引号的字段应整体加引号，"
					    "并把其中的引号写成两个）",
					    r->line, r->nf + 1);
			if (c == '\0')
				return fail(r, "第%ld行: 含有空字符（文件可能是 UTF-16 编码或二进制文件）",
					    r->line);
		}
		end_field(r, start);
		if (c == ',') {
			r->pos++;
			c = peek(r);
			if (c == CH_ERR)
				return source_fail(r);
			continue;
		}
		/* the end of the record: LF, CR, CRLF or the end of the input */
		if (c == '\n') {
			r->pos++;
			r->line++;
		} else if (c == '\r') {
			r->pos++;
			if (peek(r) == '\n')
				r->pos++;
			r->line++;
		}
		return 1;
	}
}

/* a single unquoted field of only spaces and tabs (or nothing): a blank line */
static int blank_record(const struct csv_reader *r)
{
	if (r->nf != 1 || r->quoted)
		return 0;
	for (size_t i = 0; i < r->lens[0]; i++)
		if (r->rb[i] != ' ' && r->rb[i] != '\t')
			return 0;
	return 1;
}

int csv_next(struct csv_reader *r, struct csv_record *rec, char **err)
{
	int rc;

	if (r->errmsg)
		return set_err(err, "%s", r->errmsg);
	do {
		rc = parse_record(r);
		if (rc < 0)
			return set_err(err, "%s", r->errmsg);
		if (rc == 0)
			return 0;
	} while (blank_record(r));
	rec->line = r->rec_line;
	for (size_t i = 0; i < r->nf; i++) {
		r->fields[i] = r->rb + r->starts[i];
		if (csv_formula_guarded(r->fields[i], r->lens[i])) { /* undo the writer's guard (csv.h) */
			r->fields[i]++;
			r->lens[i]--;
		}
	}
	rec->nfields = r->nf;
	rec->fields = r->fields;
	rec->lens = r->lens;
	return 1;
}
