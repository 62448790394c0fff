/*
 * This file declares the table writer behind every export: the same rows written as CSV (UTF-8
 * with BOM, the import format, so Excel opens it and export → import is lossless), JSON (an array
 * of objects keyed by the English names, sorted keys) or xlsx (libxlsxwriter, constant memory).
 */
#ifndef SUIJI_TABLE_H
#define SUIJI_TABLE_H
#include <stddef.h>

struct table_writer;

/*
 * Opens a writer in "format" (csv, json, xlsx) to "path" (NULL or "-" for stdout; xlsx needs a file).
 * "headers" are the column titles people read (Chinese), "keys" the JSON keys; both ncols long.
 * NULL with *err set on failure.
 */
struct table_writer *table_open(const char *format, const char *path, const char *sheet, size_t ncols,
				const char *const *headers, const char *const *keys, char **err);
/* Writes one row of ncols values ("" for empty). Returns 0, or -1 with *err set (e.g. too many rows). */
int table_row(struct table_writer *t, const char *const *vals, char **err);
/*
 * Finishes and frees the writer; -1 with *err set when the output could not be written. A file is
 * written atomically (io/outfile.h): until table_close succeeds the target is as it was.
 */
int table_close(struct table_writer *t, char **err);
/* Gives up: frees the writer and removes the temporary file, leaving the target as it was. */
void table_abort(struct table_writer *t);

/*
 * The reason for a libxlsxwriter error code in Chinese (its own lxw_strerror text is English), for
 * the failures that are not a system error (errno, util errno_zh).
 */
const char *xlsx_error_zh(int e);

#endif
