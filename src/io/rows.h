/*
 * This file declares the reader of a table file for import: a CSV file (io/csv.h) or an .xlsx
 * workbook (io/xlsx.h), told apart by content — a zip's first bytes mean a workbook, whatever the
 * name; an old binary Excel file (.xls) is refused with a message saying to save it as .xlsx or CSV.
 * Both hand over the same records (line: the CSV line, or the Excel row number), so the import and
 * its row errors are the same for both; the CSV writer's formula guard is removed from both.
 */
#ifndef SUIJI_ROWS_H
#define SUIJI_ROWS_H

#include "io/csv.h"

struct rows_reader;

/*
 * Opens "path"; "sheet" names the worksheet of a workbook (NULL: the first; refused for a CSV file).
 * NULL with *err set in Chinese naming the file on failure.
 */
struct rows_reader *rows_open(const char *path, const char *sheet, char **err);
/* "csv" or "xlsx" */
const char *rows_format(const struct rows_reader *r);
/* As csv_next(): 1 for a record, 0 at the end, -1 with *err set. */
int rows_next(struct rows_reader *r, struct csv_record *rec, char **err);
void rows_close(struct rows_reader *r);

#endif
