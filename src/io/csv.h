/*
 * This file declares the CSV reader and writer (RFC 4180).
 *
 * Reading: the encoding is detected over the whole input before parsing: a UTF-8 BOM means UTF-8;
 * otherwise input that is entirely valid UTF-8 is UTF-8; anything else is decoded as GB18030
 * (a superset of GBK and GB2312, what Excel in China writes) and converted to UTF-8 with iconv —
 * unless the text before the first invalid byte is not GB18030 either: then it is read as UTF-8 up to
 * that byte, so the error names the line where the bad byte stands.
 * Records are streamed: memory stays flat in the size of the input.
 * Fields may be quoted ("a,b", "say ""hi""", embedded CR/LF); lines end in LF or CRLF.
 * Entirely blank lines are skipped.
 *
 * Writing: csv_write_field quotes a field only when it contains , " CR or LF.
 *
 * Formula cells (CSV injection, OWASP): a field whose first character is = + - @ tab or CR would be run
 * as a formula by Excel or WPS, so the writer puts a ' before it ("=HYPERLINK(…)" → "'=HYPERLINK(…)",
 * and also "-1" → "'-1": OWASP's rule, no exception for numbers; suiji's files carry numbers as text
 * anyway). So that the mapping stays one-to-one, a field that already starts with one or more ' followed
 * by such a character gets one more ' too. The reader removes exactly one leading ' from a field that
 * is one or more ' followed by such a character, so every value survives export → import unchanged.
 */
#ifndef SUIJI_CSV_H
#define SUIJI_CSV_H
#include <stddef.h>
#include <stdio.h>

struct csv_reader;

struct csv_record {
	size_t nfields;
	char **fields; /* UTF-8, NUL-terminated; valid until the next csv_next() or csv_close() */
	size_t *lens;  /* byte length of each field */
	long line;     /* physical line number (1-based) where the record starts */
};

/* Opens and detects the encoding of "path"; NULL with *err set (in Chinese) on failure. */
struct csv_reader *csv_open(const char *path, char **err);
/* The same over a memory buffer (copied); for tests and the fuzzer. */
struct csv_reader *csv_open_mem(const void *data, size_t len, char **err);
/* "UTF-8", "UTF-8 BOM" or "GB18030" */
const char *csv_encoding(const struct csv_reader *r);
/*
 * Reads the next record into *rec. Returns 1 for a record, 0 at the end of the input, and -1 on an
 * error with *err set naming the line and the reason in Chinese (e.g. "第7行: 引号未闭合",
 * "第3行: 含有空字符", "第5行: 编码无法识别为 UTF-8 或 GB18030").
 */
int csv_next(struct csv_reader *r, struct csv_record *rec, char **err);
void csv_close(struct csv_reader *r);

/* Nonzero when "s" gets a leading ' on writing (it starts with ' * then = + - @ tab or CR). */
int csv_formula_risky(const char *s);
/* Nonzero when the field read (len bytes) carries the writer's guard: ' followed by a risky field. */
int csv_formula_guarded(const char *s, size_t len);
/* Writes one field, quoting it when needed and guarding formulas; "first" is nonzero for the first field. */
void csv_write_field(FILE *out, const char *s, int first);
/* Ends a record with CRLF (RFC 4180). */
void csv_end_record(FILE *out);

#endif
