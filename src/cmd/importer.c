/*
 * This file implements the import engine (see importer.h): header mapping (Chinese headers or
 * English aliases, any order, unknown columns reported), per-cell normalisation and the row rules of
 * core/dirschema, cross-directory checks (a conflict's person and object must exist), duplicates
 * within the file, and the change set written in one transaction that is rolled back on any error.
 */
#include "cmd/importer.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "io/infile.h"
#include "core/calendar.h"
#include "core/hash.h"
#include "io/csv.h"
#include "op/authz.h"
#include "store/org.h"
#include "util/clock.h"
#include "util/error.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

struct row_errors {
	const struct dirkind *d;
	long line;
	long count;
	long shown; /* the most listed, 0: all */
};

/* Row errors listed at most, unless --all-errors; the rest are counted (docs/SECURITY.md). */
#define ROW_ERRORS_SHOWN 200

static void report(int field, const char *reason, void *arg)
{
	struct row_errors *re = arg;
	if (re->shown && re->count >= re->shown)
		re->count++;
	else if (field >= 0)
		fprintf(stderr, "第%ld行 %s: %s\n", re->line, re->d->fields[field].zh, reason);
	else
		fprintf(stderr, "第%ld行: %s\n", re->line, reason);
	if (!re->shown || re->count < re->shown)
		re->count++;
}

static void report_duplicate(long line, long first, void *arg)
{
	struct row_errors *re = arg;
	char msg[96];
	snprintf(msg, sizeof(msg), "与第%ld行重复（同一条目在文件中出现两次）", first);
	re->line = line;
	report(re->d == &dir_conflicts ? -1 : 0, msg, re);
}

static int file_sha256(const char *path, char hex[65])
{
	FILE *f = infile_open(path, INFILE_MAX_IMPORT, NULL, NULL);
	if (!f)
		return -1;
	struct sha256_stream *h = sha256_stream_new();
	char buf[65536];
	size_t n;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		sha256_stream_add(h, buf, n);
	int bad = ferror(f);
	fclose(f);
	sha256_stream_finish(h, hex);
	return bad ? -1 : 0;
}

static int is_override(const struct import_opts *o, const char *code)
{
	for (size_t i = 0; i < o->noverrides; i++)
		if (!strcasecmp(o->overrides[i], code))
			return 1;
	return 0;
}

/* Maps header cells to field indexes; -1 for unknown columns. Returns the number of errors. */
static int map_header(const struct dirkind *d, const struct csv_record *rec, int *col_field, const char *path)
{
	int errors = 0;
	int *seen = xcalloc(d->nfields, sizeof(int));
	for (size_t c = 0; c < rec->nfields; c++) {
		int f = dirkind_field_by_header(d, rec->fields[c]);
		col_field[c] = f;
		if (f < 0) {
			if (*rec->fields[c])
				fprintf(stderr, "警告: 第1行: 未知列“%s”（第%zu列），已忽略\n", rec->fields[c], c + 1);
			continue;
		}
		if (seen[f]) {
			fprintf(stderr, "第1行 %s: 列重复出现（第%d列和第%zu列）\n", d->fields[f].zh, seen[f], c + 1);
			errors++;
		}
		seen[f] = (int)c + 1;
	}
	for (size_t f = 0; f < d->nfields; f++) {
		if ((d->fields[f].flags & F_REQUIRED) && !seen[f]) {
			fprintf(stderr, "第1行 %s: 缺少必填列（也可用英文列名 %s）\n", d->fields[f].zh, d->fields[f].alias);
			errors++;
		}
	}
	free(seen);
	(void)path;
	return errors;
}

/* Checks that a conflict names a person and an object present in their directories. */
static void check_references(struct store *st, const struct dirkind *d, const char *const *vals,
			     struct row_errors *re)
{
	if (d != &dir_conflicts)
		return;
	char *err = NULL;
	if (*vals[0] && store_dir_exists(st, &dir_people, vals[0], &err) == 0)
		report(0, "检查人员名录中没有该人员（请先导入人员名录）", re);
	if (*vals[1] && store_dir_exists(st, &dir_objects, vals[1], &err) == 0)
		report(1, "检查对象名录中没有该单位（请先导入检查对象名录）", re);
	free(err);
}

int import_file(struct ctx *ctx, const struct dirkind *d, const char *path, const struct import_opts *o,
		struct dir_counts *counts)
{
	char *err = NULL;
	struct store *st = ctx_store(ctx, 0);
	if (!st)
		return 1;
	if (ctx_require(ctx, d == &dir_items ? ACT_ITEM_WRITE : ACT_DIRECTORY_WRITE))
		return 1;
	struct org org;
	int has = store_org_get(st, &org, &err);
	if (has != 1) {
		error("%s", has < 0 ? err : "数据库尚未初始化，请先运行 suiji init");
		free(err);
		return 1;
	}
	char today[11], now[26], sha[65];
	clock_now(now);
	clock_today(today);
	const char *effective = o->effective ? o->effective : today;
	int day;
	if (date_parse(effective, &day, &err)) {
		error("--date: %s", err);
		free(err);
		return 1;
	}
	/* a date far ahead would freeze the entries: every later import of them would be refused */
	int year = atoi(today);
	char limit[24];
	snprintf(limit, sizeof(limit), "%04d-12-31", (year + 1) % 10000);
	if (strcmp(effective, limit) > 0)
		return error("--date: 生效日期 %s 晚于明年年底（%s）；名录的生效日期不能定在这么远的将来，未写入任何数据",
			     effective, limit),
		       1;
	if (o->noverrides && (!o->override_reason || !*o->override_reason))
		return error("使用 --uscc-override 时必须用 --reason 说明理由（将记入审计记录）");

	struct csv_reader *r = csv_open(path, &err);
	if (!r) {
		error("%s", err);
		free(err);
		return 1;
	}
	if (file_sha256(path, sha)) {
		csv_close(r);
		return error("无法读取文件 %s", path);
	}
	struct csv_record rec;
	int rc = csv_next(r, &rec, &err);
	if (rc <= 0) {
		error("%s: %s", path, rc < 0 ? err : "文件为空，缺少表头行");
		free(err);
		csv_close(r);
		return 1;
	}
	size_t ncols = rec.nfields;
	int *col_field = xcalloc(ncols, sizeof(int));
	long nerrors = map_header(d, &rec, col_field, path);
	if (nerrors) {
		fprintf(stderr, "导入失败: %s 表头有 %ld 处错误，未写入任何数据\n", path, nerrors);
		free(col_field);
		csv_close(r);
		return 1;
	}

	struct field_context fc = {org.region, !strcmp(org.level, "county")};
	char *cmdline = xasprintf("import %s", d->name);
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	struct dir_batch b = {ctx->actor, now, o->command ? o->command : cmdline, base, sha, effective, NULL};
	struct dir_writer *w = store_dir_writer_begin(st, d, &b, &err);
	free(cmdline);
	if (!w) {
		error("%s", err);
		free(err);
		free(col_field);
		csv_close(r);
		return 1;
	}

	struct strbuf *canon = xcalloc(d->nfields, sizeof(*canon));
	const char **vals = xcalloc(d->nfields, sizeof(*vals));
	const char **raw = xcalloc(d->nfields, sizeof(*raw));
	struct strbuf why_buf = STRBUF_INIT;
	struct row_errors re = {d, 0, 0, o->all_errors ? 0 : ROW_ERRORS_SHOWN};
	long rows = 0;
	int fatal = 0;
	while ((rc = csv_next(r, &rec, &err)) == 1) {
		if (store_fatal(st)) { /* disk full, I/O error, corruption: stop at once */
			fatal = 1;
			break;
		}
		re.line = rec.line;
		rows++;
		long before = re.count;
		if (rec.nfields != ncols) {
			char msg[96];
			snprintf(msg, sizeof(msg), "有%zu个字段，表头有%zu列", rec.nfields, ncols);
			report(-1, msg, &re);
			continue;
		}
		for (size_t f = 0; f < d->nfields; f++)
			raw[f] = "";
		for (size_t c = 0; c < ncols; c++)
			if (col_field[c] >= 0)
				raw[col_field[c]] = rec.fields[c];
		for (size_t f = 0; f < d->nfields; f++) {
			const char *why = NULL;
			const struct field *fd = &d->fields[f];
			if (field_normalize(fd, raw[f], &fc, &canon[f], &why_buf, &why)) {
				if (fd->type == FT_USCC && canon[f].len == 18 &&
				    (is_override(o, canon[f].buf) || store_uscc_override_has(st, canon[f].buf))) {
					if (is_override(o, canon[f].buf) &&
					    store_uscc_override_add(st, canon[f].buf, o->override_reason, ctx->actor, now,
								    store_dir_writer_batch(w), &err)) {
						report((int)f, err, &re);
						free(err);
						err = NULL;
					}
				} else {
					report((int)f, why, &re);
				}
			}
			vals[f] = strbuf_str(&canon[f]);
		}
		if (re.count == before)
			dir_check_row(d, vals, report, &re);
		if (re.count == before)
			check_references(st, d, vals, &re);
		if (re.count != before)
			continue;
		long dup = 0;
		int wr = store_dir_writer_row(w, vals, rec.line, &dup, &err);
		if (wr == 1) {
			report_duplicate(rec.line, dup, &re);
		} else if (wr < 0) {
			if (store_fatal(st)) {
				error("%s", err);
				free(err);
				err = NULL;
				re.count++;
				fatal = 1;
				break;
			}
			report(-1, err, &re);
			free(err);
			err = NULL;
		}
	}
	if (rc < 0) {
		fprintf(stderr, "%s\n", err);
		free(err);
		err = NULL;
		re.count++;
	}
	if (!fatal && rc >= 0 && store_dir_writer_duplicates(w, report_duplicate, &re, &err) < 0) {
		error("%s", err);
		free(err);
		err = NULL;
		re.count++;
	}
	if (!re.count && rows == 0)
		warning("%s 只有表头，没有数据行", path);

	int commit = !re.count && !o->dry_run;
	int end = store_dir_writer_end(w, o->full && !re.count, commit, counts, &err);
	if (end) {
		if (!fatal)
			error("%s", err);
		free(err);
		re.count++;
	}
	if (fatal)
		fprintf(stderr, "导入已中止: %s 在第%ld行处遇到数据库致命错误，未写入任何数据\n", path, re.line);
	else if (re.shown && re.count > re.shown)
		fprintf(stderr, "导入失败: %s 共有 %ld 处错误（只列出前 %d 处，另有 %ld 处未列出），未写入任何数据\n",
			path, re.count, ROW_ERRORS_SHOWN, re.count - ROW_ERRORS_SHOWN);
	else if (re.count)
		fprintf(stderr, "导入失败: %s 共有 %ld 处错误，未写入任何数据\n", path, re.count);

	for (size_t f = 0; f < d->nfields; f++)
		strbuf_release(&canon[f]);
	free(canon);
	free(vals);
	free(raw);
	strbuf_release(&why_buf);
	free(col_field);
	csv_close(r);
	return re.count ? 1 : 0;
}
