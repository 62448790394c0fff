/*
 * This file implements the table writer (see table.h) for CSV, JSON and xlsx.
 */
#include "io/table.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <xlsxwriter.h>

#include "io/csv.h"
#include "io/outfile.h"
#include "util/error.h"
#include "util/xalloc.h"

enum table_format { TF_CSV, TF_JSON, TF_XLSX };

struct table_writer {
	enum table_format format;
	size_t ncols;
	const char *const *keys;
	FILE *out;
	struct outfile *file; /* the atomic output file, NULL for stdout */
	char *path;
	long rows;
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *bold;
};

#define XLSX_MAX_ROWS 1048576L

struct table_writer *table_open(const char *format, const char *path, const char *sheet, size_t ncols,
				const char *const *headers, const char *const *keys, char **err)
{
	struct table_writer *t = xcalloc(1, sizeof(*t));
	t->ncols = ncols;
	t->keys = keys;
	int to_stdout = !path || !strcmp(path, "-");
	if (!strcmp(format, "csv"))
		t->format = TF_CSV;
	else if (!strcmp(format, "json"))
		t->format = TF_JSON;
	else if (!strcmp(format, "xlsx"))
		t->format = TF_XLSX;
	else {
		set_err(err, "未知格式“%s”，应为 csv、json 或 xlsx", format);
		free(t);
		return NULL;
	}
	if (t->format == TF_XLSX) {
		if (to_stdout) {
			set_err(err, "xlsx 格式需要用 -o 指定输出文件");
			free(t);
			return NULL;
		}
		lxw_workbook_options opt = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
		t->file = outfile_open(path, 0644, err);
		if (!t->file) {
			free(t);
			return NULL;
		}
		t->path = xstrdup(path);
		t->wb = workbook_new_opt(outfile_by_name(t->file), &opt);
		if (!t->wb) {
			set_err(err, "无法创建文件 %s", path);
			outfile_abort(t->file);
			free(t->path);
			free(t);
			return NULL;
		}
		t->ws = workbook_add_worksheet(t->wb, sheet);
		t->bold = workbook_add_format(t->wb);
		format_set_bold(t->bold);
		for (size_t c = 0; c < ncols; c++) {
			worksheet_write_string(t->ws, 0, (lxw_col_t)c, headers[c], t->bold);
			worksheet_set_column(t->ws, (lxw_col_t)c, (lxw_col_t)c, 16, NULL);
		}
		t->rows = 1;
		return t;
	}
	if (to_stdout) {
		t->out = stdout;
	} else {
		t->file = outfile_open(path, 0644, err);
		if (!t->file) {
			free(t);
			return NULL;
		}
		t->out = outfile_fp(t->file);
		t->path = xstrdup(path);
	}
	if (t->format == TF_CSV) {
		fputs("\xEF\xBB\xBF", t->out);
		for (size_t c = 0; c < ncols; c++)
			csv_write_field(t->out, headers[c], c == 0);
		csv_end_record(t->out);
	} else {
		fputs("[", t->out);
	}
	return t;
}

int table_row(struct table_writer *t, const char *const *vals, char **err)
{
	switch (t->format) {
	case TF_CSV:
		for (size_t c = 0; c < t->ncols; c++)
			csv_write_field(t->out, vals[c], c == 0);
		csv_end_record(t->out);
		break;
	case TF_JSON: {
		json_t *o = json_object();
		for (size_t c = 0; c < t->ncols; c++)
			json_object_set_new(o, t->keys[c], json_string(vals[c]));
		char *s = json_dumps(o, JSON_SORT_KEYS | JSON_COMPACT);
		fprintf(t->out, "%s\n%s", t->rows ? "," : "", s);
		free(s);
		json_decref(o);
		break;
	}
	case TF_XLSX:
		if (t->rows >= XLSX_MAX_ROWS)
			return set_err(err, "超过 xlsx 的最大行数 %ld，请改用 csv 格式", XLSX_MAX_ROWS);
		for (size_t c = 0; c < t->ncols; c++)
			if (*vals[c])
				worksheet_write_string(t->ws, (lxw_row_t)t->rows, (lxw_col_t)c, vals[c],
						       NULL);
		break;
	}
	t->rows++;
	return 0;
}

void table_abort(struct table_writer *t)
{
	if (!t)
		return;
	if (t->format == TF_XLSX)
		workbook_close(t->wb);
	outfile_abort(t->file);
	free(t->path);
	free(t);
}

int table_close(struct table_writer *t, char **err)
{
	int rc = 0;
	if (t->format == TF_XLSX) {
		errno = 0;
		lxw_error e = workbook_close(t->wb);
		if (e != LXW_NO_ERROR) {
			rc = set_err(err, "写入 %s 失败: %s（原有文件未改动）", t->path,
				     errno ? errno_zh(errno) : xlsx_error_zh(e));
			outfile_abort(t->file);
		} else {
			rc = outfile_commit(t->file, err);
		}
	} else {
		if (t->format == TF_JSON)
			fputs("\n]\n", t->out);
		if (t->file) {
			rc = outfile_commit(t->file, err);
		} else if (fflush(t->out) || ferror(t->out)) {
			rc = set_err(err, "写入标准输出失败");
		}
	}
	free(t->path);
	free(t);
	return rc;
}

const char *xlsx_error_zh(int e)
{
	switch (e) {
	case LXW_ERROR_MEMORY_MALLOC_FAILED:
		return "内存不足";
	case LXW_ERROR_CREATING_XLSX_FILE:
		return "无法创建 xlsx 文件（通常是没有写入权限）";
	case LXW_ERROR_CREATING_TMPFILE:
		return "无法创建临时文件";
	case LXW_ERROR_READING_TMPFILE:
		return "无法读取临时文件";
	case LXW_ERROR_ZIP_FILE_OPERATION:
	case LXW_ERROR_ZIP_CLOSE:
	case LXW_ERROR_ZIP_FILE_ADD:
		return "写入 xlsx 压缩包失败";
	case LXW_ERROR_MAX_STRING_LENGTH_EXCEEDED:
		return "单元格文本超过 32767 个字符";
	case LXW_ERROR_WORKSHEET_INDEX_OUT_OF_RANGE:
		return "行数或列数超过 xlsx 工作表的上限";
	default:
		return "xlsx 文件生成失败";
	}
}
