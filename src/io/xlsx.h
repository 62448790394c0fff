/*
 * This file declares the .xlsx reader: a workbook (Office Open XML, a zip of XML parts) opened with
 * libzip from a file or from memory, one worksheet's rows walked with expat and handed over in the
 * CSV reader's record structure (io/csv.h), so that a directory import reads either format the same
 * way and names the same row numbers (a record's line is the Excel row number).
 *
 * What it reads: _rels/.rels → the workbook; xl/workbook.xml and its relationships → the first
 * worksheet that is not hidden, or the one named; xl/sharedStrings.xml (rich-text runs joined,
 * phonetic runs left out); xl/styles.xml (which cell formats are dates). Cells: shared strings, inline
 * strings, formula strings, numbers (written back as their plain digits: "1.10101E+5" → "110101",
 * "42.0" → "42"; one with a fraction or an exponent and more than 15 significant digits is rounded to
 * the 15 Excel shows), booleans (TRUE/FALSE), ISO dates, and numbers in a date format (→ YYYY-MM-DD,
 * both the 1900 and the 1904 date systems). Cells left out of a row (Excel writes only cells with
 * content) are empty fields; a row with nothing but spaces and tabs is skipped like a blank CSV line.
 * The first row returned sets the width: later rows are padded with empty fields to it, and a row
 * reaching beyond it keeps its extra fields (the import then reports the count as it does for CSV).
 *
 * Hostile input is refused with a Chinese message naming the file, and the sheet and cell where one
 * applies: not a zip, encrypted or unsupported entries, more than XLSX_MAX_ENTRIES entries, declared
 * uncompressed sizes above XLSX_MAX_UNCOMPRESSED in all (a zip bomb), an entry inflating beyond its
 * declared size, any DTD (<!DOCTYPE>: no entities, internal or external, are ever expanded), XML that
 * is not well formed, more than XLSX_MAX_STRINGS shared strings or XLSX_MAX_STRING_BYTES of their
 * text, a cell longer than XLSX_MAX_CELL bytes, a cell with content beyond column XLSX_MAX_COLS, and
 * rows out of order. Memory stays bounded by the shared strings and one chunk of rows.
 */
#ifndef SUIJI_XLSX_H
#define SUIJI_XLSX_H
#include <stddef.h>
#include <stdint.h>

#include "io/csv.h"

#define XLSX_MAX_ENTRIES 10000			  /* entries in the zip */
#define XLSX_MAX_UNCOMPRESSED ((uint64_t)2 << 30) /* all entries' uncompressed sizes: 2 GiB */
#define XLSX_MAX_PART ((uint64_t)64 << 20)	  /* workbook, relationships, styles: 64 MiB each */
#define XLSX_MAX_STRINGS 10000000		  /* shared strings */
#define XLSX_MAX_STRING_BYTES ((size_t)256 << 20) /* their text: 256 MiB */
#define XLSX_MAX_COLS 1024			  /* a cell with content beyond column AMJ is refused */
#define XLSX_MAX_CELL (1 << 20)			  /* bytes of one cell's text */
#define XLSX_MAX_ROW 1048576			  /* Excel's last row */

struct xlsx_reader;

/*
 * Opens the workbook "path" (checked like every input file: io/infile.h) and its worksheet "sheet"
 * (NULL: the first one not hidden). NULL with *err set in Chinese on failure.
 */
struct xlsx_reader *xlsx_open(const char *path, const char *sheet, char **err);
/* The same over memory; "data" must outlive the reader; "name" is the file named in messages. */
struct xlsx_reader *xlsx_open_mem(const void *data, size_t len, const char *name, const char *sheet,
				  char **err);
/* The worksheet being read (its name in the workbook). */
const char *xlsx_sheet_name(const struct xlsx_reader *r);
/*
 * Reads the next row with content into *rec (fields valid until the next call or xlsx_close; line is
 * the Excel row number). 1 for a row, 0 at the end, -1 with *err set (sticky, like csv_next).
 */
int xlsx_next(struct xlsx_reader *r, struct csv_record *rec, char **err);
void xlsx_close(struct xlsx_reader *r);

/* 1 when the first bytes are a zip's (an .xlsx): "PK\3\4", or "PK\5\6" for an empty archive. */
int xlsx_is_zip(const void *head, size_t n);

/* The conversions of cell text, exposed for the unit tests: */
/* "C7" → *col 3, *row 7 (1-based). 0, or -1 when it is not a cell reference within Excel's limits. */
int xlsx_cell_ref(const char *ref, long *col, long *row);
/* Column 1 → "A", 28 → "AB" (out holds at least 8 bytes). */
void xlsx_col_name(long col, char *out);
/* A number's text as plain digits (see above); NULL when "v" is not a number. Allocated. */
char *xlsx_number_text(const char *v);
/* A date serial (Excel's day count; date1904: the Mac system) as YYYY-MM-DD; -1 when out of range. */
int xlsx_serial_date(const char *v, int date1904, char out[11]);
/* 1 when number format "id" (a built-in one, or "code" for a custom one) shows a date. */
int xlsx_format_is_date(long id, const char *code);

#endif
