/*
 * This file implements the .xlsx reader declared in xlsx.h. libzip opens the archive (from a FILE
 * opened through io/infile.h, or from memory) and inflates one entry at a time; expat parses each XML
 * part in 64 KiB pieces pushed to it; the walk over the parts — the package relationships to the
 * workbook, the workbook to its sheets, the shared strings, the date formats, a sheet's rows and
 * cells — is this file's.
 *
 * Every entry is inflated through part_feed(), which counts the bytes against the entry's declared
 * size (an entry inflating beyond it is refused: a zip bomb lying about its size) and against the
 * whole archive's cap; the declared sizes were summed against that cap before anything was inflated.
 * Every parser refuses a DOCTYPE as soon as it starts, so no entity is ever declared or expanded.
 * The worksheet is parsed incrementally: xlsx_next() pushes pieces until at least one row is
 * complete, so memory holds the shared strings and the rows of one piece, never the whole sheet.
 */
#include "io/xlsx.h"

#include <expat.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "io/infile.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#define CHUNK (64 * 1024)

/* a row waiting to be handed over: vals[0..n) (NULL: empty cell) */
struct qrow {
	long line;
	size_t n;
	char **vals;
};

struct xlsx_reader {
	struct xlsx_reader *self; /* first, like the reader pointer opening every parser's user data */
	struct part *active;	  /* the part being parsed */
	zip_t *zip;
	char *name;	   /* the file, in messages */
	char *sheet;	   /* the worksheet's name */
	char *sheet_entry; /* its entry in the zip */
	uint64_t inflated; /* bytes inflated so far, all entries */
	int date1904;

	/* shared strings: text of string i at sst_buf.buf + sst_off[i] */
	struct strbuf sst_buf;
	size_t *sst_off;
	size_t nsst, sst_alloc;

	/* styles: cell format i shows a date */
	unsigned char *xf_date;
	size_t nxf;

	/* the worksheet being streamed */
	struct part *sp;
	int sheet_done;
	int in_sheetdata, in_row, in_cell, in_v, in_is, in_t, in_rph;
	long row, col;	     /* the current row (Excel number), the last cell's column */
	char ctype[12];	     /* the cell's t attribute */
	long cstyle;	     /* its s attribute */
	char cref[16];	     /* its reference, made for messages only (cell_ref) */
	struct strbuf ctext; /* its <v> or inline text */
	char **cells;	     /* the current row's cells by column (1-based), NULL when empty */
	size_t cells_alloc;
	long last_col; /* the current row's last column with content */

	struct qrow *q;
	size_t qhead, qn, qalloc;
	struct qrow cur; /* the row last handed over */
	size_t width;	 /* fields of the first row handed over */
	char **fields;
	size_t *lens;
	size_t falloc;
	char empty[1];

	char *errmsg; /* set once, on the first error */
};

__attribute__((format(printf, 2, 3))) static int fail(struct xlsx_reader *r, const char *fmt, ...)
{
	if (r->errmsg) /* the first error stands */
		return -1;
	struct strbuf sb = STRBUF_INIT;
	strbuf_addf(&sb, "xlsx 文件“%s”", r->name);
	va_list ap;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	r->errmsg = strbuf_detach(&sb);
	return -1;
}

static const char *zip_reason(int code)
{
	switch (code) {
	case ZIP_ER_NOZIP:
		return "不是 zip 压缩包（.xlsx 文件应为 zip 格式；如果是 CSV，请改用 .csv 扩展名）";
	case ZIP_ER_INCONS:
		return "zip 结构前后不一致，文件已损坏";
	case ZIP_ER_CRC:
		return "解压后的校验和不符，文件已损坏";
	case ZIP_ER_MEMORY:
		return "内存不足";
	case ZIP_ER_READ:
	case ZIP_ER_SEEK:
		return "读取失败";
	case ZIP_ER_COMPNOTSUPP:
		return "使用了不支持的压缩方法";
	case ZIP_ER_ENCRNOTSUPP:
	case ZIP_ER_NOPASSWD:
	case ZIP_ER_WRONGPASSWD:
		return "已加密（请在 Excel 中取消密码保护后再导入）";
	case ZIP_ER_ZLIB:
		return "压缩数据已损坏";
	case ZIP_ER_EOF:
		return "文件不完整（提前结束）";
	default:
		return "zip 压缩包无法读取，文件可能已损坏";
	}
}

/* A size for people: "2 GiB", "64 MiB", "1000 字节". */
static const char *human(uint64_t n, char buf[32])
{
	if (n >= ((uint64_t)1 << 30) && n % ((uint64_t)1 << 30) == 0)
		snprintf(buf, 32, "%llu GiB", (unsigned long long)(n >> 30));
	else if (n >= ((uint64_t)1 << 20) && n % ((uint64_t)1 << 20) == 0)
		snprintf(buf, 32, "%llu MiB", (unsigned long long)(n >> 20));
	else
		snprintf(buf, 32, "%llu 字节", (unsigned long long)n);
	return buf;
}

/* ---- inflating and parsing one entry ---- */

struct part {
	struct xlsx_reader *r;
	const char *entry;
	zip_file_t *zf;
	XML_Parser p;
	uint64_t declared, got;
	int done;
};

static void part_free(struct part *pt)
{
	if (!pt)
		return;
	if (pt->zf)
		zip_fclose(pt->zf);
	if (pt->p)
		XML_ParserFree(pt->p);
	free(pt);
}

static void XMLCALL refuse_doctype(void *ud, const XML_Char *name, const XML_Char *sysid,
				   const XML_Char *pubid, int has_internal)
{
	(void)name, (void)sysid, (void)pubid, (void)has_internal;
	struct part *pt = (*(struct xlsx_reader **)ud)->active;
	fail(pt->r, "的 %s 含有 DTD（<!DOCTYPE>），xlsx 文件不应有；为安全起见拒绝读取（不展开任何实体）",
	     pt->entry);
	XML_StopParser(pt->p, XML_FALSE);
}

static void XMLCALL refuse_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value,
				  int len, const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
				  const XML_Char *notation)
{
	(void)name, (void)is_param, (void)value, (void)len, (void)base, (void)sysid, (void)pubid,
	    (void)notation;
	struct part *pt = (*(struct xlsx_reader **)ud)->active;
	fail(pt->r, "的 %s 声明了 XML 实体；为安全起见拒绝读取", pt->entry);
	XML_StopParser(pt->p, XML_FALSE);
}

/* Finds "entry" (case-insensitively) and opens it with a parser; NULL with r->errmsg when absent
 * ("missing" NULL: return NULL silently). */
static struct part *part_open(struct xlsx_reader *r, const char *entry, uint64_t max, void *ud,
			      XML_StartElementHandler start, XML_EndElementHandler end,
			      XML_CharacterDataHandler text, const char *missing)
{
	zip_int64_t i = zip_name_locate(r->zip, entry, ZIP_FL_NOCASE);
	if (i < 0) {
		if (missing)
			fail(r, "中缺少 %s（%s）", entry, missing);
		return NULL;
	}
	zip_stat_t st;
	zip_stat_init(&st);
	if (zip_stat_index(r->zip, (zip_uint64_t)i, 0, &st) || !(st.valid & ZIP_STAT_SIZE)) {
		fail(r, "的 %s 无法读取（%s）", entry, zip_reason(zip_error_code_zip(zip_get_error(r->zip))));
		return NULL;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
		fail(r, "的 %s %s", entry, zip_reason(ZIP_ER_NOPASSWD));
		return NULL;
	}
	if (st.size > max) {
		char b1[32], b2[32];
		fail(r, "的 %s 解压后有 %s，超过上限 %s（可能是 zip 炸弹），拒绝读取", entry,
		     human(st.size, b1), human(max, b2));
		return NULL;
	}
	struct part *pt = xcalloc(1, sizeof(*pt));
	pt->r = r;
	pt->entry = entry;
	pt->declared = st.size;
	pt->zf = zip_fopen_index(r->zip, (zip_uint64_t)i, 0);
	if (!pt->zf) {
		fail(r, "的 %s 无法解压（%s）", entry, zip_reason(zip_error_code_zip(zip_get_error(r->zip))));
		part_free(pt);
		return NULL;
	}
	/* no namespace processing: an element is known by its local name, whatever its prefix ("x:c") */
	pt->p = XML_ParserCreate(NULL);
	if (!pt->p) {
		fail(r, "：内存不足");
		part_free(pt);
		return NULL;
	}
	XML_SetUserData(pt->p, ud); /* every user data opens with the reader's pointer */
	XML_SetStartDoctypeDeclHandler(pt->p, refuse_doctype);
	XML_SetEntityDeclHandler(pt->p, refuse_entity);
	XML_SetParamEntityParsing(pt->p, XML_PARAM_ENTITY_PARSING_NEVER);
	XML_SetElementHandler(pt->p, start, end);
	if (text)
		XML_SetCharacterDataHandler(pt->p, text);
	return pt;
}

static const char *xml_reason(enum XML_Error e)
{
	switch (e) {
	case XML_ERROR_NO_MEMORY:
		return "内存不足";
	case XML_ERROR_SYNTAX:
		return "语法错误";
	case XML_ERROR_NO_ELEMENTS:
		return "没有任何元素（内容为空）";
	case XML_ERROR_INVALID_TOKEN:
		return "含有无效字符或标记";
	case XML_ERROR_UNCLOSED_TOKEN:
	case XML_ERROR_PARTIAL_CHAR:
		return "内容不完整（标记未结束）";
	case XML_ERROR_TAG_MISMATCH:
		return "开始标记与结束标记不匹配";
	case XML_ERROR_DUPLICATE_ATTRIBUTE:
		return "属性重复";
	case XML_ERROR_JUNK_AFTER_DOC_ELEMENT:
		return "根元素之后还有内容";
	case XML_ERROR_UNDEFINED_ENTITY:
		return "引用了未定义的实体";
	case XML_ERROR_UNKNOWN_ENCODING:
	case XML_ERROR_INCORRECT_ENCODING:
		return "编码无法识别";
	case XML_ERROR_UNBOUND_PREFIX:
		return "使用了未声明的命名空间前缀";
	default:
		return XML_ErrorString(e);
	}
}

/*
 * Inflates and parses the next piece of the entry. 1 when more remains, 0 when the entry is done,
 * -1 with r->errmsg set.
 */
static int part_feed(struct part *pt)
{
	struct xlsx_reader *r = pt->r;
	if (pt->done)
		return 0;
	void *buf = XML_GetBuffer(pt->p, CHUNK);
	if (!buf)
		return fail(r, "：内存不足");
	zip_int64_t n = zip_fread(pt->zf, buf, CHUNK);
	if (n < 0)
		return fail(r, "的 %s 无法解压（%s）", pt->entry,
			    zip_reason(zip_error_code_zip(zip_file_get_error(pt->zf))));
	pt->got += (uint64_t)n;
	r->inflated += (uint64_t)n;
	char b1[32], b2[32];
	if (pt->got > pt->declared)
		return fail(r, "的 %s 解压后超过其声明的大小（%s）：可能是 zip 炸弹，拒绝读取", pt->entry,
			    human(pt->declared, b1));
	if (r->inflated > XLSX_MAX_UNCOMPRESSED)
		return fail(r, "解压后的内容超过上限 %s（可能是 zip 炸弹），拒绝读取",
			    human(XLSX_MAX_UNCOMPRESSED, b1));
	r->active = pt;
	int last = n == 0;
	if (last && pt->got != pt->declared)
		return fail(r, "的 %s 解压后只有 %s，与声明的 %s 不符，文件已损坏", pt->entry,
			    human(pt->got, b1), human(pt->declared, b2));
	if (XML_ParseBuffer(pt->p, (int)n, last) != XML_STATUS_OK) {
		if (r->errmsg)
			return -1;
		return fail(r, "的 %s 不是格式正确的 XML（第%lu行第%lu列: %s）", pt->entry,
			    (unsigned long)XML_GetCurrentLineNumber(pt->p),
			    (unsigned long)XML_GetCurrentColumnNumber(pt->p) + 1,
			    xml_reason(XML_GetErrorCode(pt->p)));
	}
	if (r->errmsg) /* a handler failed without stopping (cannot happen, but never go on) */
		return -1;
	if (last)
		pt->done = 1;
	return last ? 0 : 1;
}

/* Parses a whole (small) entry. 0, 1 when it is absent and "missing" was NULL, -1 on an error. */
static int part_parse(struct xlsx_reader *r, const char *entry, void *ud, XML_StartElementHandler start,
		      XML_EndElementHandler end, XML_CharacterDataHandler text, const char *missing)
{
	struct part *pt = part_open(r, entry, XLSX_MAX_PART, ud, start, end, text, missing);
	if (!pt)
		return r->errmsg ? -1 : 1;
	int rc;
	while ((rc = part_feed(pt)) == 1)
		;
	part_free(pt);
	return rc;
}

/* ---- names and attributes ---- */

static const char *local(const char *name)
{
	const char *s = strrchr(name, ':');
	return s ? s + 1 : name;
}

static const char *attr(const XML_Char **atts, const char *want)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (!strcmp(local(atts[i]), want))
			return atts[i + 1];
	return NULL;
}

/* ---- relationships, workbook ---- */

struct rel {
	char *id, *type, *target;
};
struct rels {
	struct xlsx_reader *r;
	struct rel *v;
	size_t n, alloc;
};

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct rels *rs = ud;
	if (strcmp(local(name), "Relationship"))
		return;
	const char *id = attr(atts, "Id"), *type = attr(atts, "Type"), *target = attr(atts, "Target"),
		   *mode = attr(atts, "TargetMode");
	if (!id || !type || !target || (mode && !strcmp(mode, "External")) || rs->n >= 100000)
		return;
	if (rs->n == rs->alloc) {
		rs->alloc = rs->alloc ? 2 * rs->alloc : 8;
		rs->v = xrealloc(rs->v, rs->alloc * sizeof(*rs->v));
	}
	rs->v[rs->n++] = (struct rel){xstrdup(id), xstrdup(type), xstrdup(target)};
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
	(void)ud, (void)name;
}

static void rels_free(struct rels *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].id);
		free(rs->v[i].type);
		free(rs->v[i].target);
	}
	free(rs->v);
}

/* The relationship whose type ends in "/suffix" (or whose id is "id"). */
static const struct rel *rel_find(const struct rels *rs, const char *suffix, const char *id)
{
	for (size_t i = 0; i < rs->n; i++) {
		if (id && !strcmp(rs->v[i].id, id))
			return &rs->v[i];
		if (suffix) {
			size_t lt = strlen(rs->v[i].type), ls = strlen(suffix);
			if (lt > ls && rs->v[i].type[lt - ls - 1] == '/' &&
			    !strcmp(rs->v[i].type + lt - ls, suffix))
				return &rs->v[i];
		}
	}
	return NULL;
}

/* A relationship's target as an entry name: relative to "dir" (ending in '/', or ""), or absolute. */
static char *resolve(const char *dir, const char *target)
{
	struct strbuf sb = STRBUF_INIT;
	if (*target == '/')
		target++;
	else
		strbuf_adds(&sb, dir);
	strbuf_adds(&sb, target);
	/* remove "x/../" and "./" */
	char *s = strbuf_detach(&sb), *out = xcalloc(1, strlen(s) + 1);
	size_t o = 0;
	for (char *p = s; *p;) {
		char *e = strchr(p, '/');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if (n == 2 && !strncmp(p, "..", 2)) {
			if (o)
				o--; /* the slash */
			while (o && out[o - 1] != '/')
				o--;
		} else if (!(n == 1 && *p == '.') && n) {
			memcpy(out + o, p, n);
			o += n;
			if (e)
				out[o++] = '/';
		}
		p += n + (e ? 1 : 0);
	}
	out[o] = 0;
	free(s);
	return out;
}

struct sheet_ref {
	char *name, *rid;
	int hidden; /* state="hidden" or "veryHidden" */
};
struct workbook {
	struct xlsx_reader *r;
	struct sheet_ref *v;
	size_t n, alloc;
};

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct workbook *wb = ud;
	const char *l = local(name);
	if (!strcmp(l, "workbookPr")) {
		const char *v = attr(atts, "date1904");
		wb->r->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
	} else if (!strcmp(l, "sheet") && wb->n < 100000) {
		const char *nm = attr(atts, "name"), *id = attr(atts, "id"), *state = attr(atts, "state");
		if (!nm || !id)
			return;
		if (wb->n == wb->alloc) {
			wb->alloc = wb->alloc ? 2 * wb->alloc : 8;
			wb->v = xrealloc(wb->v, wb->alloc * sizeof(*wb->v));
		}
		wb->v[wb->n++] =
		    (struct sheet_ref){xstrdup(nm), xstrdup(id), state && strcmp(state, "visible")};
	}
}

static void workbook_free(struct workbook *wb)
{
	for (size_t i = 0; i < wb->n; i++) {
		free(wb->v[i].name);
		free(wb->v[i].rid);
	}
	free(wb->v);
}

/*
 * ---- OOXML string escapes ----
 * Excel writes a character XML cannot hold (a control character) as _xHHHH_, and an underscore that
 * would start such a sequence as _x005F_. Only those two kinds are decoded: libxlsxwriter (our own
 * export) writes any other "_x0041_" a user typed as it is, and it must come back as typed.
 */

static int hex4(const char *s, unsigned *cp)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return -1;
		v = v * 16 + (unsigned)d;
	}
	*cp = v;
	return 0;
}

/* Decodes the escapes in s[0..n) in place (each one byte for seven); returns the new length. */
static size_t unescape(char *s, size_t n)
{
	if (!memchr(s, '_', n))
		return n;
	size_t o = 0;
	for (size_t i = 0; i < n;) {
		unsigned cp;
		if (s[i] == '_' && i + 7 <= n && s[i + 1] == 'x' && s[i + 6] == '_' &&
		    !hex4(s + i + 2, &cp) && ((cp && cp < 0x20) || cp == 0x5F)) {
			s[o++] = (char)cp;
			i += 7;
		} else {
			s[o++] = s[i++];
		}
	}
	s[o] = 0;
	return o;
}

/* ---- shared strings ---- */

struct sst_state {
	struct xlsx_reader *r;
	int in_si, in_t, in_rph;
	size_t start; /* where the current string's text starts in sst_buf */
};

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	(void)atts;
	struct sst_state *ss = ud;
	struct xlsx_reader *r = ss->r;
	const char *l = local(name);
	if (!strcmp(l, "si")) {
		if (r->nsst >= XLSX_MAX_STRINGS) {
			fail(r, "的共享字符串超过 %d 个，拒绝读取", XLSX_MAX_STRINGS);
			XML_StopParser(r->active->p, XML_FALSE);
			return;
		}
		ss->in_si = 1;
		ss->start = r->sst_buf.len;
	} else if (!strcmp(l, "t") && ss->in_si) {
		ss->in_t = 1;
	} else if (!strcmp(l, "rPh")) {
		ss->in_rph = 1;
	}
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
	struct sst_state *ss = ud;
	struct xlsx_reader *r = ss->r;
	const char *l = local(name);
	if (!strcmp(l, "t")) {
		ss->in_t = 0;
	} else if (!strcmp(l, "rPh")) {
		ss->in_rph = 0;
	} else if (!strcmp(l, "si") && ss->in_si) {
		ss->in_si = 0;
		size_t n = unescape(r->sst_buf.buf ? r->sst_buf.buf + ss->start : r->empty,
				    r->sst_buf.len - ss->start);
		r->sst_buf.len = ss->start + n;
		strbuf_addc(&r->sst_buf, 0);
		if (r->nsst == r->sst_alloc) {
			r->sst_alloc = r->sst_alloc ? 2 * r->sst_alloc : 1024;
			r->sst_off = xrealloc(r->sst_off, r->sst_alloc * sizeof(*r->sst_off));
		}
		r->sst_off[r->nsst++] = ss->start;
	}
}

static void XMLCALL sst_text(void *ud, const XML_Char *s, int len)
{
	struct sst_state *ss = ud;
	struct xlsx_reader *r = ss->r;
	if (!ss->in_si || !ss->in_t || ss->in_rph)
		return;
	if (r->sst_buf.len + (size_t)len > XLSX_MAX_STRING_BYTES) {
		char b1[32];
		fail(r, "的共享字符串总长超过 %s，拒绝读取", human(XLSX_MAX_STRING_BYTES, b1));
		XML_StopParser(r->active->p, XML_FALSE);
		return;
	}
	strbuf_add(&r->sst_buf, s, (size_t)len);
}

static int load_strings(struct xlsx_reader *r, const char *entry)
{
	struct sst_state ss = {r, 0, 0, 0, 0};
	struct part *pt = part_open(r, entry, XLSX_MAX_UNCOMPRESSED, &ss, sst_start, sst_end, sst_text, NULL);
	if (!pt)
		return r->errmsg ? -1 : 0;
	int rc;
	while ((rc = part_feed(pt)) == 1)
		;
	part_free(pt);
	return rc;
}

/* ---- styles: which cell formats are dates ---- */

int xlsx_format_is_date(long id, const char *code)
{
	if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
		return 1; /* the built-in date formats, with the East Asian ones (27-36, 50-58) */
	if (!code || id < 164)
		return 0;
	/* a custom format shows a date when, outside quotes, escapes and [..], its first section has y or
	 * d (m alone may be minutes, and E is a number's exponent) */
	int date = 0;
	for (const char *p = code; *p; p++) {
		if (*p == '"') {
			while (p[1] && p[1] != '"')
				p++;
			if (p[1])
				p++;
		} else if (*p == '\\' || *p == '_' || *p == '*') {
			if (p[1])
				p++;
		} else if (*p == '[') {
			while (p[1] && p[1] != ']')
				p++;
			if (p[1])
				p++;
		} else if (*p == ';') {
			break; /* the first section decides */
		} else if (strchr("yYdD", *p)) {
			date = 1;
		}
	}
	return date;
}

struct fmt {
	long id;
	int date;
};
struct style_state {
	struct xlsx_reader *r;
	struct fmt *fmts;
	size_t nfmts, fmts_alloc;
	long *xf_fmt;
	size_t nxf, xf_alloc;
	int in_cellxfs;
};

static void XMLCALL style_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct style_state *ss = ud;
	const char *l = local(name);
	if (!strcmp(l, "numFmt") && ss->nfmts < 100000) {
		const char *id = attr(atts, "numFmtId"), *code = attr(atts, "formatCode");
		if (!id)
			return;
		if (ss->nfmts == ss->fmts_alloc) {
			ss->fmts_alloc = ss->fmts_alloc ? 2 * ss->fmts_alloc : 16;
			ss->fmts = xrealloc(ss->fmts, ss->fmts_alloc * sizeof(*ss->fmts));
		}
		long n = strtol(id, NULL, 10);
		ss->fmts[ss->nfmts++] = (struct fmt){n, xlsx_format_is_date(n, code)};
	} else if (!strcmp(l, "cellXfs")) {
		ss->in_cellxfs = 1;
	} else if (!strcmp(l, "xf") && ss->in_cellxfs && ss->nxf < 1000000) {
		const char *id = attr(atts, "numFmtId");
		if (ss->nxf == ss->xf_alloc) {
			ss->xf_alloc = ss->xf_alloc ? 2 * ss->xf_alloc : 16;
			ss->xf_fmt = xrealloc(ss->xf_fmt, ss->xf_alloc * sizeof(*ss->xf_fmt));
		}
		ss->xf_fmt[ss->nxf++] = id ? strtol(id, NULL, 10) : 0;
	}
}

static void XMLCALL style_end(void *ud, const XML_Char *name)
{
	struct style_state *ss = ud;
	if (!strcmp(local(name), "cellXfs"))
		ss->in_cellxfs = 0;
}

static int load_styles(struct xlsx_reader *r, const char *entry)
{
	struct style_state ss = {.r = r};
	int rc = part_parse(r, entry, &ss, style_start, style_end, NULL, NULL);
	if (rc == 0) {
		r->nxf = ss.nxf;
		r->xf_date = xcalloc(ss.nxf ? ss.nxf : 1, 1);
		for (size_t i = 0; i < ss.nxf; i++) {
			long id = ss.xf_fmt[i];
			int date = xlsx_format_is_date(id, NULL);
			for (size_t k = 0; k < ss.nfmts; k++)
				if (ss.fmts[k].id == id)
					date = ss.fmts[k].date;
			r->xf_date[i] = (unsigned char)date;
		}
	}
	free(ss.fmts);
	free(ss.xf_fmt);
	return rc < 0 ? -1 : 0;
}

/* ---- cell text ---- */

int xlsx_cell_ref(const char *ref, long *col, long *row)
{
	long c = 0, rw = 0;
	const char *p = ref;
	int letters = 0, digits = 0;
	for (; *p >= 'A' && *p <= 'Z'; p++, letters++) {
		c = c * 26 + (*p - 'A' + 1);
		if (letters >= 3)
			return -1;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		rw = rw * 10 + (*p - '0');
		if (digits >= 7)
			return -1;
	}
	if (*p || !letters || !digits || c > 16384 || rw < 1 || rw > XLSX_MAX_ROW)
		return -1;
	*col = c;
	*row = rw;
	return 0;
}

void xlsx_col_name(long col, char *out)
{
	char tmp[8];
	int n = 0;
	while (col > 0 && n < 7) {
		long m = (col - 1) % 26;
		tmp[n++] = (char)('A' + m);
		col = (col - 1) / 26;
	}
	for (int i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	out[n] = 0;
}

char *xlsx_number_text(const char *v)
{
	const char *p = v;
	while (*p == ' ')
		p++;
	int neg = 0;
	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	/* the digits of the mantissa, and where the point stands among them */
	size_t cap = strlen(p) + 1;
	char *m = xmalloc(cap);
	size_t nm = 0;
	long point = 0;
	int any = 0, seen_point = 0;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			m[nm++] = *p;
			any = 1;
			if (!seen_point)
				point++;
		} else if (*p == '.' && !seen_point) {
			seen_point = 1;
		} else {
			break;
		}
	}
	int had_frac = 0;
	for (size_t i = (size_t)point; i < nm; i++)
		had_frac |= m[i] != '0';
	if (*p == 'e' || *p == 'E') {
		p++;
		int eneg = 0;
		if (*p == '-' || *p == '+')
			eneg = *p++ == '-';
		long e = 0;
		int ed = 0;
		for (; *p >= '0' && *p <= '9'; p++, ed++)
			if (e < 100000)
				e = e * 10 + (*p - '0');
		if (!ed)
			any = 0;
		point += eneg ? -e : e;
		had_frac = 1; /* written with an exponent: what it holds are Excel's 15 digits */
	}
	while (*p == ' ')
		p++;
	if (!any || *p || point > 400 || point < -400) {
		free(m);
		return NULL;
	}
	/* leading zeros */
	size_t lead = 0;
	while (lead < nm && m[lead] == '0')
		lead++;
	memmove(m, m + lead, nm - lead);
	nm -= lead;
	point -= (long)lead;
	if (!nm) {
		free(m);
		return xstrdup("0");
	}
	/* more than 15 significant digits in a number with a fraction or an exponent: Excel's binary
	 * value, rounded to the 15 digits Excel shows (a long integer written out digit by digit stays) */
	if (had_frac && nm > 15) {
		int up = m[15] >= '5';
		nm = 15;
		for (long i = 14; up && i >= 0; i--) {
			if (m[i] == '9') {
				m[i] = '0';
			} else {
				m[i]++;
				up = 0;
			}
		}
		if (up) { /* 999… → 1000… */
			memmove(m + 1, m, nm);
			m[0] = '1';
			point++;
		}
	}
	while (nm && m[nm - 1] == '0')
		nm--;
	struct strbuf sb = STRBUF_INIT;
	if (neg)
		strbuf_addc(&sb, '-');
	if (point <= 0) {
		strbuf_adds(&sb, "0.");
		for (long i = 0; i < -point; i++)
			strbuf_addc(&sb, '0');
		strbuf_add(&sb, m, nm);
	} else if ((size_t)point >= nm) {
		strbuf_add(&sb, m, nm);
		for (size_t i = nm; i < (size_t)point; i++)
			strbuf_addc(&sb, '0');
	} else {
		strbuf_add(&sb, m, (size_t)point);
		strbuf_addc(&sb, '.');
		strbuf_add(&sb, m + point, nm - (size_t)point);
	}
	free(m);
	return strbuf_detach(&sb);
}

int xlsx_serial_date(const char *v, int date1904, char out[11])
{
	char *end;
	double d = strtod(v, &end);
	while (*end == ' ')
		end++;
	if (end == v || *end || !(d >= 0) || d >= 2958466.0)
		return -1;
	long days = (long)d;
	if (date1904)
		days += 1462;
	if (days < 1 || days > 2958465)
		return -1;
	if (days == 60) { /* Excel's 1900-02-29, which never was */
		memcpy(out, "1900-02-29", 11);
		return 0;
	}
	/* serial 25569 is 1970-01-01 from Excel's phantom day on; before it every serial is a day later */
	long unix_days = days - 25569 + (days < 60 ? 1 : 0);
	/* the civil date of a day count (the proleptic Gregorian calendar in 400-year eras from 0000-03-01)
	 */
	long z = unix_days + 719468;
	long era = (z >= 0 ? z : z - 146096) / 146097;
	long doe = z - era * 146097;
	long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	long y = yoe + era * 400;
	long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	long mp = (5 * doy + 2) / 153;
	long dd = doy - (153 * mp + 2) / 5 + 1;
	long mm = mp < 10 ? mp + 3 : mp - 9;
	if (mm <= 2)
		y++;
	char buf[72];
	snprintf(buf, sizeof(buf), "%04ld-%02ld-%02ld", y, mm, dd);
	memcpy(out, buf, 10);
	out[10] = 0;
	return 0;
}

/* ---- the worksheet ---- */

/* The current cell's reference ("C7"), for a message. */
static const char *cell_ref(struct xlsx_reader *r)
{
	char cn[8];
	xlsx_col_name(r->col, cn);
	snprintf(r->cref, sizeof(r->cref), "%s%ld", cn, r->row);
	return r->cref;
}

static void stop(struct xlsx_reader *r)
{
	XML_StopParser(r->active->p, XML_FALSE);
}

static void row_clear(struct xlsx_reader *r)
{
	for (long c = 1; c <= r->last_col; c++) {
		free(r->cells[c]);
		r->cells[c] = NULL;
	}
	r->last_col = 0;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **atts)
{
	struct xlsx_reader *r = ud;
	const char *l = local(name);
	if (!strcmp(l, "sheetData")) {
		r->in_sheetdata = 1;
	} else if (!r->in_sheetdata) {
		return;
	} else if (!strcmp(l, "row")) {
		const char *n = attr(atts, "r");
		long rw = r->row + 1;
		if (n) {
			char *e;
			rw = strtol(n, &e, 10);
			if (*e || e == n || rw < 1 || rw > XLSX_MAX_ROW) {
				fail(r, "工作表“%s”第%ld行之后: 行号“%.20s”无效", r->sheet, r->row, n);
				return stop(r);
			}
		}
		if (rw <= r->row) {
			fail(r, "工作表“%s”第%ld行: 行的顺序错误（出现在第%ld行之后）", r->sheet, rw, r->row);
			return stop(r);
		}
		r->row = rw;
		r->in_row = 1;
		r->col = 0;
		row_clear(r);
	} else if (!strcmp(l, "c") && r->in_row) {
		const char *ref = attr(atts, "r"), *t = attr(atts, "t"), *s = attr(atts, "s");
		long col = r->col + 1, rw = r->row;
		if (ref && xlsx_cell_ref(ref, &col, &rw)) {
			fail(r, "工作表“%s”第%ld行: 单元格引用“%.20s”无效", r->sheet, r->row, ref);
			return stop(r);
		}
		if (rw != r->row || col <= r->col) {
			fail(r, "工作表“%s”第%ld行: 单元格 %.20s 的位置与所在行或顺序不符", r->sheet, r->row,
			     ref ? ref : "");
			return stop(r);
		}
		r->col = col;
		snprintf(r->ctype, sizeof(r->ctype), "%s", t ? t : "n");
		r->cstyle = s ? strtol(s, NULL, 10) : 0;
		strbuf_reset(&r->ctext);
		r->in_cell = 1;
		r->in_v = r->in_is = r->in_t = r->in_rph = 0;
	} else if (r->in_cell) {
		if (!strcmp(l, "v"))
			r->in_v = 1;
		else if (!strcmp(l, "is"))
			r->in_is = 1;
		else if (!strcmp(l, "t") && r->in_is)
			r->in_t = 1;
		else if (!strcmp(l, "rPh"))
			r->in_rph = 1;
	}
}

static void XMLCALL sheet_text(void *ud, const XML_Char *s, int len)
{
	struct xlsx_reader *r = ud;
	if (!r->in_cell || !(r->in_v || (r->in_t && !r->in_rph)))
		return;
	if (r->ctext.len + (size_t)len > XLSX_MAX_CELL) {
		char b1[32];
		fail(r, "工作表“%s”单元格 %s: 内容超过 %s，拒绝读取", r->sheet, cell_ref(r),
		     human(XLSX_MAX_CELL, b1));
		return stop(r);
	}
	strbuf_add(&r->ctext, s, (size_t)len);
}

/* The cell's value as text (allocated), NULL for an empty cell; -1 through r->errmsg. */
static int cell_value(struct xlsx_reader *r, char **out)
{
	*out = NULL;
	const char *t = r->ctype;
	char *v = r->ctext.buf ? r->ctext.buf : r->empty;
	size_t n = r->ctext.len;
	if (!strcmp(t, "s")) {
		char *e;
		unsigned long i = strtoul(v, &e, 10);
		if (!n || *e || e == v || i >= r->nsst)
			return fail(r, "工作表“%s”单元格 %s: 共享字符串序号“%.20s”无效（共 %zu 个）",
				    r->sheet, cell_ref(r), v, r->nsst);
		*out = xstrdup(r->sst_buf.buf + r->sst_off[i]);
	} else if (!strcmp(t, "inlineStr") || !strcmp(t, "str")) {
		n = unescape(v, n);
		*out = xstrndup(v, n);
	} else if (!strcmp(t, "b")) {
		if (n)
			*out = xstrdup(!strcmp(v, "0") ? "FALSE" : "TRUE");
	} else if (!strcmp(t, "e")) {
		if (n)
			*out = xstrndup(v, n);
	} else if (!strcmp(t, "d")) {
		/* an ISO 8601 date (and time): the date */
		if (n >= 10 && v[4] == '-' && v[7] == '-')
			*out = xstrndup(v, 10);
		else if (n)
			*out = xstrndup(v, n);
	} else if (n) { /* a number, perhaps a date serial */
		char date[11];
		if (r->cstyle >= 0 && (size_t)r->cstyle < r->nxf && r->xf_date[r->cstyle] &&
		    !xlsx_serial_date(v, r->date1904, date))
			*out = xstrdup(date);
		else if (!(*out = xlsx_number_text(v)))
			return fail(r, "工作表“%s”单元格 %s: 数值“%.40s”无效", r->sheet, cell_ref(r), v);
	}
	if (*out && !**out) {
		free(*out);
		*out = NULL;
	}
	return 0;
}

static void push_row(struct xlsx_reader *r)
{
	int blank = 1; /* nothing but spaces and tabs: skipped like a blank CSV line */
	for (long c = 1; c <= r->last_col && blank; c++)
		blank = !r->cells[c] || !r->cells[c][strspn(r->cells[c], " \t")];
	if (blank) {
		row_clear(r);
		return;
	}
	if (r->qn == r->qalloc) {
		r->qalloc = r->qalloc ? 2 * r->qalloc : 64;
		r->q = xrealloc(r->q, r->qalloc * sizeof(*r->q));
	}
	struct qrow *q = &r->q[r->qn++];
	q->line = r->row;
	q->n = (size_t)r->last_col;
	q->vals = xcalloc(q->n, sizeof(char *));
	for (long c = 1; c <= r->last_col; c++) {
		q->vals[c - 1] = r->cells[c];
		r->cells[c] = NULL;
	}
	r->last_col = 0;
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
	struct xlsx_reader *r = ud;
	const char *l = local(name);
	if (!r->in_sheetdata)
		return;
	if (!strcmp(l, "sheetData")) {
		r->in_sheetdata = 0;
	} else if (!strcmp(l, "row") && r->in_row) {
		r->in_row = 0;
		push_row(r);
	} else if (!strcmp(l, "c") && r->in_cell) {
		r->in_cell = 0;
		char *v;
		if (cell_value(r, &v))
			return stop(r);
		if (!v)
			return;
		if (r->col > XLSX_MAX_COLS) {
			char cn[8];
			xlsx_col_name(XLSX_MAX_COLS, cn);
			fail(r, "工作表“%s”单元格 %s: 超出列数上限（%d 列，至 %s 列）", r->sheet, cell_ref(r),
			     XLSX_MAX_COLS, cn);
			free(v);
			return stop(r);
		}
		if ((size_t)r->col >= r->cells_alloc) {
			size_t na = r->cells_alloc ? r->cells_alloc : 32;
			while (na <= (size_t)r->col)
				na *= 2;
			r->cells = xrealloc(r->cells, na * sizeof(char *));
			memset(r->cells + r->cells_alloc, 0, (na - r->cells_alloc) * sizeof(char *));
			r->cells_alloc = na;
		}
		r->cells[r->col] = v;
		r->last_col = r->col;
	} else if (!strcmp(l, "v")) {
		r->in_v = 0;
	} else if (!strcmp(l, "is")) {
		r->in_is = 0;
	} else if (!strcmp(l, "t")) {
		r->in_t = 0;
	} else if (!strcmp(l, "rPh")) {
		r->in_rph = 0;
	}
}

/* ---- opening ---- */

static char *dir_of(const char *entry)
{
	const char *s = strrchr(entry, '/');
	return s ? xstrndup(entry, (size_t)(s - entry + 1)) : xstrdup("");
}

static int open_workbook(struct xlsx_reader *r, const char *want)
{
	zip_int64_t n = zip_get_num_entries(r->zip, 0);
	if (n < 0)
		return fail(r, "无法读取（%s）", zip_reason(zip_error_code_zip(zip_get_error(r->zip))));
	if (n > XLSX_MAX_ENTRIES)
		return fail(r, "含有 %lld 个条目，超过上限 %d，拒绝读取", (long long)n, XLSX_MAX_ENTRIES);
	uint64_t total = 0;
	for (zip_int64_t i = 0; i < n; i++) {
		zip_stat_t st;
		zip_stat_init(&st);
		if (zip_stat_index(r->zip, (zip_uint64_t)i, 0, &st))
			return fail(r, "无法读取（%s）",
				    zip_reason(zip_error_code_zip(zip_get_error(r->zip))));
		if (st.valid & ZIP_STAT_SIZE)
			total += st.size > XLSX_MAX_UNCOMPRESSED ? XLSX_MAX_UNCOMPRESSED + 1 : st.size;
		char b1[32];
		if (total > XLSX_MAX_UNCOMPRESSED)
			return fail(r, "解压后的总大小超过上限 %s（可能是 zip 炸弹），拒绝读取",
				    human(XLSX_MAX_UNCOMPRESSED, b1));
	}

	/* the package's relationships name the workbook */
	struct rels pkg = {r, NULL, 0, 0};
	int rc = part_parse(r, "_rels/.rels", &pkg, rels_start, ignore_end, NULL, NULL);
	const struct rel *doc = rc == 0 ? rel_find(&pkg, "officeDocument", NULL) : NULL;
	char *wb_entry = doc ? resolve("", doc->target) : xstrdup("xl/workbook.xml");
	rels_free(&pkg);
	if (rc < 0) {
		free(wb_entry);
		return -1;
	}
	struct workbook wb = {r, NULL, 0, 0};
	rc = part_parse(r, wb_entry, &wb, workbook_start, ignore_end, NULL, "工作簿，不是 Excel 工作簿文件");
	char *dir = dir_of(wb_entry);
	const char *base = strrchr(wb_entry, '/') ? strrchr(wb_entry, '/') + 1 : wb_entry;
	char *rels_entry = xasprintf("%s_rels/%s.rels", dir, base);
	struct rels wr = {r, NULL, 0, 0};
	if (rc == 0)
		rc = part_parse(r, rels_entry, &wr, rels_start, ignore_end, NULL, "工作簿的关系表");
	if (rc == 0 && !wb.n)
		rc = fail(r, "的工作簿中没有工作表");
	const struct sheet_ref *sh = NULL;
	if (rc == 0) {
		/* the one named, or the first the user sees (a hidden sheet only when all are hidden) */
		for (size_t i = 0; i < wb.n && !sh; i++)
			if (want ? !strcmp(wb.v[i].name, want) : !wb.v[i].hidden)
				sh = &wb.v[i];
		if (!sh && !want)
			sh = &wb.v[0];
		if (!sh) {
			struct strbuf names = STRBUF_INIT;
			for (size_t i = 0; i < wb.n && i < 20; i++)
				strbuf_addf(&names, "%s“%s”", i ? "、" : "", wb.v[i].name);
			rc = fail(r, "中没有名为“%s”的工作表（有 %s）", want, names.buf);
			strbuf_release(&names);
		}
	}
	const struct rel *sr = sh ? rel_find(&wr, NULL, sh->rid) : NULL;
	if (rc == 0 && !sr)
		rc = fail(r, "的工作簿关系表中找不到工作表“%s”（%s）", sh->name, sh->rid);
	if (rc == 0) {
		r->sheet = xstrdup(sh->name);
		r->sheet_entry = resolve(dir, sr->target);
		if (zip_name_locate(r->zip, r->sheet_entry, ZIP_FL_NOCASE) < 0)
			rc = fail(r, "中缺少工作表“%s”的内容（%s）", r->sheet, r->sheet_entry);
	}
	if (rc == 0) {
		const struct rel *ss = rel_find(&wr, "sharedStrings", NULL);
		char *e = ss ? resolve(dir, ss->target) : xasprintf("%ssharedStrings.xml", dir);
		rc = load_strings(r, e);
		free(e);
	}
	if (rc == 0) {
		const struct rel *st = rel_find(&wr, "styles", NULL);
		char *e = st ? resolve(dir, st->target) : xasprintf("%sstyles.xml", dir);
		rc = load_styles(r, e);
		free(e);
	}
	rels_free(&wr);
	workbook_free(&wb);
	free(rels_entry);
	free(dir);
	free(wb_entry);
	if (rc)
		return -1;
	r->sp = part_open(r, r->sheet_entry, XLSX_MAX_UNCOMPRESSED, r, sheet_start, sheet_end, sheet_text,
			  "工作表");
	return r->sp ? 0 : -1;
}

static struct xlsx_reader *reader_new(const char *name)
{
	struct xlsx_reader *r = xcalloc(1, sizeof(*r));
	r->self = r;
	const char *b = strrchr(name, '/');
	r->name = xstrdup(b ? b + 1 : name);
	return r;
}

/* "magic": the file starts like a zip (then a zip libzip cannot open was cut short or damaged). */
static struct xlsx_reader *finish_open(struct xlsx_reader *r, zip_source_t *src, int magic, const char *sheet,
				       char **err)
{
	zip_error_t ze;
	zip_error_init(&ze);
	r->zip = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze);
	if (!r->zip) {
		zip_source_free(src);
		int code = zip_error_code_zip(&ze);
		if (code == ZIP_ER_NOZIP && magic)
			fail(r,
			     "是不完整或已损坏的 zip 压缩包（找不到压缩包的目录，可能在复制或上传时被截断）");
		else
			fail(r, "%s", zip_reason(code));
	}
	zip_error_fini(&ze);
	if (r->zip && !open_workbook(r, sheet))
		return r;
	set_err(err, "%s", r->errmsg);
	xlsx_close(r);
	return NULL;
}

struct xlsx_reader *xlsx_open(const char *path, const char *sheet, char **err)
{
	FILE *f = infile_open(path, INFILE_MAX_IMPORT, NULL, err);
	if (!f)
		return NULL;
	unsigned char head[4] = {0};
	int magic = fread(head, 1, sizeof(head), f) == sizeof(head) && xlsx_is_zip(head, sizeof(head));
	rewind(f);
	struct xlsx_reader *r = reader_new(path);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_filep_create(f, 0, -1, &ze);
	zip_error_fini(&ze);
	if (!src) {
		fclose(f);
		fail(r, "无法读取（内存不足）");
		set_err(err, "%s", r->errmsg);
		xlsx_close(r);
		return NULL;
	}
	return finish_open(r, src, magic, sheet, err);
}

struct xlsx_reader *xlsx_open_mem(const void *data, size_t len, const char *name, const char *sheet,
				  char **err)
{
	struct xlsx_reader *r = reader_new(name);
	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(len ? data : "", len, 0, &ze);
	zip_error_fini(&ze);
	if (!src) {
		fail(r, "无法读取（内存不足）");
		set_err(err, "%s", r->errmsg);
		xlsx_close(r);
		return NULL;
	}
	return finish_open(r, src, xlsx_is_zip(data, len), sheet, err);
}

const char *xlsx_sheet_name(const struct xlsx_reader *r)
{
	return r->sheet;
}

static void qrow_free(struct qrow *q)
{
	for (size_t i = 0; i < q->n; i++)
		free(q->vals[i]);
	free(q->vals);
	q->vals = NULL;
	q->n = 0;
}

int xlsx_next(struct xlsx_reader *r, struct csv_record *rec, char **err)
{
	qrow_free(&r->cur);
	while (!r->errmsg && r->qhead == r->qn && !r->sheet_done) {
		r->qhead = r->qn = 0;
		int rc = part_feed(r->sp);
		if (rc == 0)
			r->sheet_done = 1;
	}
	if (r->errmsg)
		return set_err(err, "%s", r->errmsg);
	if (r->qhead == r->qn)
		return 0;
	r->cur = r->q[r->qhead++];
	if (!r->width)
		r->width = r->cur.n;
	size_t n = r->cur.n > r->width ? r->cur.n : r->width;
	if (n > r->falloc) {
		r->falloc = n;
		r->fields = xrealloc(r->fields, n * sizeof(*r->fields));
		r->lens = xrealloc(r->lens, n * sizeof(*r->lens));
	}
	for (size_t i = 0; i < n; i++) {
		char *v = i < r->cur.n && r->cur.vals[i] ? r->cur.vals[i] : r->empty;
		r->fields[i] = v;
		r->lens[i] = strlen(v);
	}
	rec->nfields = n;
	rec->fields = r->fields;
	rec->lens = r->lens;
	rec->line = r->cur.line;
	return 1;
}

void xlsx_close(struct xlsx_reader *r)
{
	if (!r)
		return;
	part_free(r->sp);
	if (r->zip)
		zip_discard(r->zip);
	qrow_free(&r->cur);
	for (size_t i = r->qhead; i < r->qn; i++)
		qrow_free(&r->q[i]);
	free(r->q);
	for (size_t c = 0; c < r->cells_alloc; c++)
		free(r->cells[c]);
	free(r->cells);
	strbuf_release(&r->ctext);
	strbuf_release(&r->sst_buf);
	free(r->sst_off);
	free(r->xf_date);
	free(r->fields);
	free(r->lens);
	free(r->name);
	free(r->sheet);
	free(r->sheet_entry);
	free(r->errmsg);
	free(r);
}

int xlsx_is_zip(const void *head, size_t n)
{
	const unsigned char *h = head;
	return n >= 4 && h[0] == 'P' && h[1] == 'K' && ((h[2] == 3 && h[3] == 4) || (h[2] == 5 && h[3] == 6));
}
