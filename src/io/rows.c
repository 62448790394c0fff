/*
 * This file implements the table-file reader of rows.h: the first bytes of the file (read through
 * io/infile.h, so a FIFO or a device is refused before anything is read) choose the CSV reader or the
 * .xlsx reader, and each call goes to the one chosen. A workbook's cell that carries the CSV writer's
 * formula guard (a ' before = + - @ …, io/csv.h) loses it as a CSV field does: a suiji CSV export opened
 * in Excel and saved as .xlsx keeps the ' as part of the text, and must import as the CSV would.
 */
#include "io/rows.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/infile.h"
#include "io/xlsx.h"
#include "util/error.h"
#include "util/xalloc.h"

struct rows_reader {
	struct csv_reader *csv;
	struct xlsx_reader *xlsx;
};

struct rows_reader *rows_open(const char *path, const char *sheet, char **err)
{
	FILE *f = infile_open(path, INFILE_MAX_IMPORT, NULL, err);
	if (!f)
		return NULL;
	unsigned char head[8] = {0};
	size_t n = fread(head, 1, sizeof(head), f);
	fclose(f);
	static const unsigned char ole[8] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
	if (n == sizeof(ole) && !memcmp(head, ole, sizeof(ole))) {
		set_err(err,
			"文件“%s”是旧版 Excel（97-2003，.xls）文件，或设置了打开密码的 Excel "
			"文件（加密后不再是 zip "
			"格式），不能导入；请在 Excel 或 WPS 中取消密码、“另存为”.xlsx 或 CSV 后再导入",
			path);
		return NULL;
	}
	struct rows_reader *r = xcalloc(1, sizeof(*r));
	if (xlsx_is_zip(head, n)) {
		r->xlsx = xlsx_open(path, sheet, err);
	} else {
		size_t l = strlen(path);
		if (l > 5 && !strcasecmp(path + l - 5, ".xlsx")) {
			set_err(err,
				"xlsx 文件“%s”不是 zip 压缩包，不是有效的 .xlsx 文件（如果是 CSV，请改用 "
				".csv 扩展名）",
				path);
		} else if (sheet) {
			set_err(err, "文件“%s”是 CSV 文件，没有工作表，不能指定工作表“%s”", path, sheet);
		} else {
			r->csv = csv_open(path, err);
		}
	}
	if (!r->csv && !r->xlsx) {
		free(r);
		return NULL;
	}
	return r;
}

const char *rows_format(const struct rows_reader *r)
{
	return r->xlsx ? "xlsx" : "csv";
}

int rows_next(struct rows_reader *r, struct csv_record *rec, char **err)
{
	if (!r->xlsx)
		return csv_next(r->csv, rec, err);
	int rc = xlsx_next(r->xlsx, rec, err);
	for (size_t i = 0; rc == 1 && i < rec->nfields; i++) {
		if (csv_formula_guarded(rec->fields[i],
					rec->lens[i])) { /* a CSV export's guard, kept by Excel */
			rec->fields[i]++;
			rec->lens[i]--;
		}
	}
	return rc;
}

void rows_close(struct rows_reader *r)
{
	if (!r)
		return;
	csv_close(r->csv);
	xlsx_close(r->xlsx);
	free(r);
}
