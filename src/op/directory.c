/*
 * This file implements the directory operations of op/directory.h: the import engine (header mapping
 * with Chinese headers or English aliases in any order, unknown columns noted, per-cell normalisation
 * and the row rules of core/dirschema, a branch's jurisdiction, cross-directory checks, duplicates
 * within the file, all in the operation's one transaction, rolled back on any row error), the list
 * with its filters and page, the export through io/table.h, and an entry's history and a period's
 * changes with the fields that changed (core dir_diff). Each operation checks the operator's role on
 * the session's unit first, and reads only the entries of that unit's tree.
 */
#include "op/directory.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/calendar.h"
#include "core/hash.h"
#include "core/plan.h"
#include "core/region.h"
#include "core/units.h"
#include "io/csv.h"
#include "io/rows.h"
#include "io/infile.h"
#include "io/table.h"
#include "op/authz.h"
#include "store/org.h"
#include "store/unit.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/strmap.h"
#include "util/xalloc.h"

static int store_failed(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_ERROR, err, "数据库错误");
}

/* ---- the session's unit tree ---- */

/* Which units the session sees (its unit and those below it), and how an entry finds its unit. */
struct scope {
	struct op_session *s;
	struct unit *units;
	struct unit_juris *juris;
	size_t n;
	char *visible;		   /* per unit */
	int all;		   /* the session's unit is the top: every entry is visible */
	struct strmap person_unit; /* conflicts: person id → unit index + 1 (loaded when needed) */
	int people_loaded;
};

static int scope_open(struct op_session *s, struct scope *sc, struct op_diag *d)
{
	memset(sc, 0, sizeof(*sc));
	sc->s = s;
	strmap_init(&sc->person_unit);
	char *err = NULL;
	if (store_unit_list(s->st, &sc->units, &sc->n, &err))
		return store_failed(d, err);
	sc->juris = xcalloc(sc->n ? sc->n : 1, sizeof(*sc->juris));
	sc->visible = xcalloc(sc->n ? sc->n : 1, 1);
	for (size_t i = 0; i < sc->n; i++) {
		sc->juris[i] =
		    (struct unit_juris){sc->units[i].id, sc->units[i].parent, sc->units[i].regions};
		sc->visible[i] = (char)op_unit_within(s, sc->units[i].id, s->unit.id);
	}
	sc->all = !s->unit.parent;
	return 0;
}

static void scope_close(struct scope *sc)
{
	free(sc->units);
	free(sc->juris);
	free(sc->visible);
	strmap_free(&sc->person_unit);
}

static size_t unit_index(const struct scope *sc, long id)
{
	for (size_t i = 0; i < sc->n; i++)
		if (sc->units[i].id == id)
			return i;
	return sc->n;
}

/* The unit of an object or a person (canonical row of dk); 0 for conflicts and items. */
static long row_unit(const struct scope *sc, const struct dirkind *dk, const char *const *vals)
{
	if (dk == &dir_objects) {
		int r = dirkind_field_index(dk, "region"), c = dirkind_field_index(dk, "class"),
		    m = dirkind_field_index(dk, "city_managed");
		return unit_of(sc->juris, sc->n, vals[r], unit_city_key(vals[c], vals[m]));
	}
	if (dk == &dir_people)
		return unit_of(sc->juris, sc->n, vals[dirkind_field_index(dk, "region")], 0);
	return 0;
}

static int load_person(const struct dir_entry *e, void *arg)
{
	struct scope *sc = arg;
	size_t i = unit_index(sc, row_unit(sc, &dir_people, e->vals));
	strmap_put(&sc->person_unit, e->k, (void *)(i + 1));
	return 0;
}

/* 1 when the entry lies in the session's unit tree. */
static int scope_sees(struct scope *sc, const struct dirkind *dk, const char *const *vals)
{
	if (sc->all || dk == &dir_items)
		return 1;
	if (dk == &dir_conflicts) {
		if (!sc->people_loaded) {
			char *err = NULL;
			/* every version: a conflict's person may have left the directory since */
			store_dir_each(sc->s->st, &dir_people, NULL, 1, load_person, sc, &err);
			free(err);
			sc->people_loaded = 1;
		}
		size_t i = (size_t)strmap_get(&sc->person_unit, vals[0]);
		return i && i - 1 < sc->n && sc->visible[i - 1];
	}
	size_t i = unit_index(sc, row_unit(sc, dk, vals));
	return i < sc->n && sc->visible[i];
}

static int check_date(const char *what, const char *date, struct op_diag *d)
{
	int day;
	char *err = NULL;
	if (!date || !date_parse(date, &day, &err))
		return 0;
	op_fail(d, OP_INVALID, "%s: %s", what, err);
	free(err);
	return -1;
}

static enum op_action write_action(const struct dirkind *dk)
{
	return dk == &dir_items ? ACT_ITEM_WRITE : ACT_DIRECTORY_WRITE;
}

/* ---- import ---- */

struct import_state {
	struct op_diag *d;
	const struct dirkind *dk;
	long line;
	long count; /* row errors */
};

static void report(int field, const char *reason, void *arg)
{
	struct import_state *is = arg;
	op_row_error(is->d, is->line, field >= 0 ? is->dk->fields[field].zh : NULL, "%s", reason);
	is->count++;
}

static void report_duplicate(long line, long first, void *arg)
{
	struct import_state *is = arg;
	char msg[96];
	snprintf(msg, sizeof(msg), "与第%ld行重复（同一条目在文件中出现两次）", first);
	is->line = line;
	report(is->dk == &dir_conflicts ? -1 : 0, msg, is);
}

static int file_sha256(const char *path, char hex[65], char **err)
{
	FILE *f = infile_open(path, INFILE_MAX_IMPORT, NULL, err);
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

static int is_override(const struct op_import_args *a, const char *code)
{
	for (size_t i = 0; i < a->noverrides; i++)
		if (!strcasecmp(a->overrides[i], code))
			return 1;
	return 0;
}

/* Maps header cells to field indexes (-1 for unknown columns, noted). Returns the number of errors. */
static int map_header(const struct dirkind *dk, const struct csv_record *rec, int *col_field,
		      struct op_diag *d)
{
	int errors = 0;
	int *seen = xcalloc(dk->nfields, sizeof(int));
	for (size_t c = 0; c < rec->nfields; c++) {
		int f = dirkind_field_by_header(dk, rec->fields[c]);
		col_field[c] = f;
		if (f < 0) {
			if (*rec->fields[c])
				op_note(d, "警告: 第%ld行: 未知列“%s”（第%zu列），已忽略", rec->line,
					rec->fields[c], c + 1);
			continue;
		}
		if (seen[f]) {
			op_row_error(d, rec->line, dk->fields[f].zh, "列重复出现（第%d列和第%zu列）", seen[f],
				     c + 1);
			errors++;
		}
		seen[f] = (int)c + 1;
	}
	for (size_t f = 0; f < dk->nfields; f++) {
		if ((dk->fields[f].flags & F_REQUIRED) && !seen[f]) {
			op_row_error(d, rec->line, dk->fields[f].zh, "缺少必填列（也可用英文列名 %s）",
				     dk->fields[f].alias);
			errors++;
		}
	}
	free(seen);
	return errors;
}

/* A conflict must name a person and an object present in their directories. */
static void check_references(struct store *st, const struct dirkind *dk, const char *const *vals,
			     struct import_state *is)
{
	if (dk != &dir_conflicts)
		return;
	char *err = NULL;
	if (*vals[0] && store_dir_exists(st, &dir_people, vals[0], &err) == 0)
		report(0, "检查人员名录中没有该人员（请先导入人员名录）", is);
	if (*vals[1] && store_dir_exists(st, &dir_objects, vals[1], &err) == 0)
		report(1, "检查对象名录中没有该单位（请先导入检查对象名录）", is);
	free(err);
}

/* A branch imports only the objects and people of its own jurisdiction. */
static void check_jurisdiction(struct scope *sc, const struct dirkind *dk, const char *const *vals,
			       struct import_state *is)
{
	const struct unit *u = &sc->s->unit;
	if (!u->parent || (dk != &dir_objects && dk != &dir_people))
		return;
	long in = row_unit(sc, dk, vals);
	if (in == u->id)
		return;
	int r = dirkind_field_index(dk, "region");
	if (dk == &dir_objects && unit_regions_has(u->regions, vals[r])) {
		report(dirkind_field_index(dk, "city_managed"), "市管重点排污单位由市局管理，分局不能导入",
		       is);
		return;
	}
	const struct region *rg = region_find(vals[r]);
	char *msg = xasprintf("%s（%s）不在%s的辖区（%s）内", vals[r], rg ? rg->name : "未知区划", u->name,
			      u->regions);
	report(r, msg, is);
	free(msg);
}

int op_import(struct op_session *s, const struct op_import_args *a, struct dir_counts *counts,
	      struct op_diag *d)
{
	const struct dirkind *dk = a->d;
	memset(counts, 0, sizeof(*counts));
	if (op_authorize(s, write_action(dk), 0, NULL, d))
		return -1;
	char *err = NULL;
	struct org org;
	int has = store_org_get(s->st, &org, &err);
	if (has != 1)
		return has < 0 ? store_failed(d, err)
			       : op_fail(d, OP_INVALID, "数据库尚未初始化，请先运行 suiji init");
	char today[11], now[26], sha[65];
	clock_now(now);
	clock_today(today);
	const char *effective = a->effective ? a->effective : today;
	if (check_date("生效日期", effective, d))
		return -1;
	/* a date far ahead would freeze the entries: every later import of them would be refused */
	char limit[24];
	snprintf(limit, sizeof(limit), "%04d-12-31", (atoi(today) + 1) % 10000);
	if (strcmp(effective, limit) > 0)
		return op_fail(
		    d, OP_INVALID,
		    "生效日期 %s 晚于明年年底（%s）；名录的生效日期不能定在这么远的将来，未写入任何数据",
		    effective, limit);
	if (a->noverrides && (!a->override_reason || !*a->override_reason))
		return op_fail_at(d, OP_INVALID, "reason",
				  "放行统一社会信用代码校验不通过的条目时，必须说明理由（将记入审计记录）");
	if (a->full && s->unit.parent && (dk == &dir_conflicts || dk == &dir_items))
		return op_fail(d, OP_DENIED, "%s不分单位，分局不能全量导入（全量导入会移出其他单位的条目）",
			       dk->zh);

	if (file_sha256(a->path, sha, &err))
		return op_fail_take(d, OP_INVALID, err, "无法读取文件");
	struct rows_reader *r = rows_open(a->path, a->sheet, &err);
	if (!r)
		return op_fail_take(d, OP_INVALID, err, "无法读取文件");
	struct csv_record rec;
	int rc = rows_next(r, &rec, &err);
	if (rc <= 0) {
		rows_close(r);
		if (rc < 0)
			return op_fail_take(d, OP_INVALID, err, "无法读取文件");
		return op_fail(d, OP_INVALID, "%s: 文件为空，缺少表头行", a->path);
	}
	size_t ncols = rec.nfields;
	int *col_field = xcalloc(ncols, sizeof(int));
	long nerrors = map_header(dk, &rec, col_field, d);
	if (nerrors) {
		free(col_field);
		rows_close(r);
		return op_fail(d, OP_INVALID, "导入失败: %s 表头有 %ld 处错误，未写入任何数据", a->path,
			       nerrors);
	}
	struct scope sc;
	if (scope_open(s, &sc, d)) {
		free(col_field);
		rows_close(r);
		return -1;
	}

	struct field_context fc = {org.region, !strcmp(org.level, "county")};
	char *cmdline = xasprintf("import %s", dk->name);
	const char *base = strrchr(a->path, '/') ? strrchr(a->path, '/') + 1 : a->path;
	struct dir_batch b = {s->name,	 now,  a->command ? a->command : cmdline, base, sha,
			      effective, NULL, s->unit.parent ? s->unit.id : 0};
	struct dir_writer *w = NULL;
	/* the change set's time (b.at is "now") is taken under the write lock: a concurrent import that
	 * committed meanwhile has an earlier time, so the chain's times only move forward */
	if (!store_begin(s->st, &err) && (clock_now(now), !(w = store_dir_writer_begin(s->st, dk, &b, &err))))
		store_rollback(s->st);
	free(cmdline);
	if (!w) {
		scope_close(&sc);
		free(col_field);
		rows_close(r);
		return store_failed(d, err);
	}

	struct strbuf *canon = xcalloc(dk->nfields, sizeof(*canon));
	const char **vals = xcalloc(dk->nfields, sizeof(*vals));
	const char **raw = xcalloc(dk->nfields, sizeof(*raw));
	struct strbuf why_buf = STRBUF_INIT;
	struct import_state is = {d, dk, 0, 0};
	long rows = 0;
	int fatal = 0;
	while ((rc = rows_next(r, &rec, &err)) == 1) {
		if (store_fatal(s->st)) { /* disk full, I/O error, corruption: stop at once */
			fatal = 1;
			break;
		}
		is.line = rec.line;
		if (++rows % 10000 == 0 && a->progress)
			a->progress(rows, a->progress_arg);
		long before = is.count;
		if (rec.nfields != ncols) {
			char msg[96];
			snprintf(msg, sizeof(msg), "有%zu个字段，表头有%zu列", rec.nfields, ncols);
			report(-1, msg, &is);
			continue;
		}
		for (size_t f = 0; f < dk->nfields; f++)
			raw[f] = "";
		for (size_t c = 0; c < ncols; c++)
			if (col_field[c] >= 0)
				raw[col_field[c]] = rec.fields[c];
		for (size_t f = 0; f < dk->nfields; f++) {
			const char *why = NULL;
			const struct field *fd = &dk->fields[f];
			if (field_normalize(fd, raw[f], &fc, &canon[f], &why_buf, &why)) {
				if (fd->type == FT_USCC && canon[f].len == 18 &&
				    (is_override(a, canon[f].buf) ||
				     store_uscc_override_has(s->st, canon[f].buf))) {
					if (is_override(a, canon[f].buf) &&
					    store_uscc_override_add(s->st, canon[f].buf, a->override_reason,
								    s->name, now, store_dir_writer_batch(w),
								    &err)) {
						report((int)f, err, &is);
						free(err);
						err = NULL;
					}
				} else {
					report((int)f, why, &is);
				}
			}
			vals[f] = strbuf_str(&canon[f]);
		}
		if (is.count == before)
			dir_check_row(dk, vals, report, &is);
		if (is.count == before)
			check_jurisdiction(&sc, dk, vals, &is);
		if (is.count == before)
			check_references(s->st, dk, vals, &is);
		if (is.count != before)
			continue;
		long dup = 0;
		int wr = store_dir_writer_row(w, vals, rec.line, &dup, &err);
		if (wr == 1) {
			report_duplicate(rec.line, dup, &is);
		} else if (wr < 0) {
			if (store_fatal(s->st)) { /* said once, then why nothing was written */
				op_row_error(d, 0, NULL, "错误: %s", err ? err : "数据库错误");
				free(err);
				err = NULL;
				fatal = 1;
				break;
			}
			report(-1, err, &is);
			free(err);
			err = NULL;
		}
	}
	if (rc < 0) {
		op_row_error(d, 0, NULL, "%s", err ? err : "读取文件失败");
		free(err);
		err = NULL;
		is.count++;
	}
	if (!fatal && rc >= 0 && store_dir_writer_duplicates(w, report_duplicate, &is, &err) < 0) {
		op_fail_take(d, OP_ERROR, err, "数据库错误");
		err = NULL;
		is.count++;
	}
	if (!is.count && rows == 0 && !fatal)
		op_note(d, "警告: %s 只有表头，没有数据行", a->path);

	int commit = !is.count && !fatal && !a->dry_run;
	if (store_dir_writer_end(w, a->full && !is.count && !fatal, commit, counts, &err)) {
		if (!fatal)
			op_row_error(d, 0, NULL, "错误: %s", err ? err : "数据库错误");
		free(err);
		err = NULL;
		is.count++;
		commit = 0;
	}
	if (commit && store_commit(s->st, &err)) {
		op_row_error(d, 0, NULL, "错误: %s", err ? err : "数据库错误");
		free(err);
		err = NULL;
		is.count++;
		commit = 0;
	}
	if (!commit)
		store_rollback(s->st);

	if (fatal) {
		op_fail(d, OP_ERROR, "导入已中止: %s 在第%ld行处遇到数据库致命错误，未写入任何数据", a->path,
			is.line);
	} else if (!d->msg && d->rows_total > d->nrows) {
		op_fail(d, OP_INVALID,
			"导入失败: %s 共有 %zu 处错误（只列出前 %zu 处，另有 %zu 处未列出），未写入任何数据",
			a->path, d->rows_total, d->nrows, d->rows_total - d->nrows);
	} else if (!d->msg && is.count) {
		op_fail(d, OP_INVALID, "导入失败: %s 共有 %ld 处错误，未写入任何数据", a->path, is.count);
	}

	for (size_t f = 0; f < dk->nfields; f++)
		strbuf_release(&canon[f]);
	free(canon);
	free(vals);
	free(raw);
	strbuf_release(&why_buf);
	free(col_field);
	rows_close(r);
	scope_close(&sc);
	return is.count || fatal ? -1 : 0;
}

/* ---- list ---- */

/* A directory with a list field of free values (people's 业务专长): any value may be a tag. */
static int free_tags(const struct dirkind *dk)
{
	for (size_t i = 0; i < dk->nfields; i++)
		if (dk->fields[i].type == FT_LIST && !dk->fields[i].values)
			return 1;
	return 0;
}

/* The codes of a region and of those within it (core/region.h's region_within). */
struct region_set {
	const char **codes;
	size_t n, alloc;
};

static void region_set_add(const struct region *r, void *arg)
{
	struct region_set *rs = arg;
	if (!r)
		return;
	ALLOC_GROW(rs->codes, rs->n + 1, rs->alloc);
	rs->codes[rs->n++] = r->code;
}

int op_list(struct op_session *s, const struct op_list_args *a,
	    int (*fn)(const struct dir_entry *e, void *arg), void *arg, long *total, struct op_diag *d)
{
	*total = 0;
	const struct dirkind *dk = a->d;
	if (op_authorize(s, ACT_DIRECTORY_READ, 0, NULL, d))
		return -1;
	if (check_date("截至日期", a->as_of, d))
		return -1;
	if (a->offset < 0 || a->limit < 0)
		return op_fail(d, OP_INVALID, "分页参数应为非负整数");
	int ci = dirkind_field_index(dk, "class"), ri = dirkind_field_index(dk, "region");
	if (a->klass) {
		if (ci < 0)
			return op_fail(d, OP_INVALID, "%s没有“监管类别”，不能按类别筛选", dk->zh);
		const struct field *f = &dk->fields[ci];
		int ok = 0;
		struct strbuf sb = STRBUF_INIT;
		for (const char *const *v = f->values; *v; v++) {
			ok |= !strcmp(*v, a->klass);
			strbuf_addf(&sb, "%s%s", sb.len ? "、" : "", *v);
		}
		if (!ok) {
			op_fail(d, OP_INVALID, "监管类别“%s”不存在，应为 %s 之一", a->klass, sb.buf);
			strbuf_release(&sb);
			return -1;
		}
		strbuf_release(&sb);
	}
	if (a->region) {
		if (ri < 0)
			return op_fail(d, OP_INVALID, "%s没有行政区划代码，不能按区划筛选", dk->zh);
		if (!region_find(a->region))
			return op_fail(d, OP_INVALID, "行政区划代码 %s 不在区划表中", a->region);
	}
	int tag_known = !a->tag || dir_tag_valid(dk, a->tag);
	if (!tag_known && !free_tags(dk)) {
		struct strbuf sb = STRBUF_INIT;
		dir_tag_values(dk, &sb);
		op_fail(d, OP_INVALID, "标识“%s”不存在；%s可用的标识: %s%s", a->tag, dk->zh,
			sb.len ? sb.buf : "（无）",
			dirkind_field_index(dk, "industry") >= 0 ? "，或四位行业代码" : "");
		strbuf_release(&sb);
		return -1;
	}
	struct scope sc;
	if (scope_open(s, &sc, d))
		return -1;
	/* the filter the store applies: the codes within the region, the units the session sees */
	struct dir_filter f = {.as_of = a->as_of,
			       .klass = a->klass,
			       .tag = a->tag,
			       .q = a->q && *a->q ? a->q : NULL,
			       .by_region = a->region != NULL,
			       .scoped = !sc.all && dk != &dir_items};
	struct region_set rs = {0};
	if (a->region) {
		region_set_add(region_find(a->region), &rs);
		region_each_below(a->region, region_set_add, &rs);
		f.regions = rs.codes;
		f.nregions = rs.n;
	}
	long *units = xcalloc(sc.n ? sc.n : 1, sizeof(*units));
	for (size_t i = 0; i < sc.n; i++)
		if (sc.visible[i])
			units[f.nunits++] = sc.units[i].id;
	f.units = units;
	char *err = NULL;
	long matched = 0;
	int rc = store_dir_list(s->st, dk, &f, a->offset, a->limit, fn, arg, &matched, &err);
	free(units);
	free(rs.codes);
	scope_close(&sc);
	if (rc < 0)
		return store_failed(d, err);
	free(err);
	if (rc)
		return d->msg ? -1 : op_fail(d, OP_ERROR, "列出名录时中止");
	if (!tag_known && !matched) {
		struct strbuf sb = STRBUF_INIT;
		dir_tag_values(dk, &sb);
		op_fail(d, OP_INVALID, "标识“%s”在%s中不存在（固定的标识: %s）", a->tag, dk->zh,
			sb.len ? sb.buf : "无");
		strbuf_release(&sb);
		return -1;
	}
	*total = matched;
	return 0;
}

/* ---- export ---- */

struct export_state {
	struct table_writer *t;
	struct scope *sc;
	const struct dirkind *dk;
	long rows;
	char *err;
};

static int export_one(const struct dir_entry *e, void *arg)
{
	struct export_state *es = arg;
	if (!scope_sees(es->sc, es->dk, e->vals))
		return 0;
	if (table_row(es->t, e->vals, &es->err))
		return -1;
	es->rows++;
	return 0;
}

int op_export(struct op_session *s, const struct dirkind *dk, const char *format, const char *path,
	      const char *as_of, long *rows, struct op_diag *d)
{
	*rows = 0;
	if (op_authorize(s, ACT_DIRECTORY_READ, 0, NULL, d))
		return -1;
	if (check_date("截至日期", as_of, d))
		return -1;
	if (strcmp(format, "csv") && strcmp(format, "json") && strcmp(format, "xlsx"))
		return op_fail(d, OP_INVALID, "导出格式“%s”不支持，应为 csv、json 或 xlsx", format);
	struct scope sc;
	if (scope_open(s, &sc, d))
		return -1;
	const char **headers = xcalloc(dk->nfields, sizeof(*headers));
	const char **keys = xcalloc(dk->nfields, sizeof(*keys));
	for (size_t i = 0; i < dk->nfields; i++) {
		headers[i] = dk->fields[i].zh;
		keys[i] = dk->fields[i].alias;
	}
	char *err = NULL;
	int rc = -1;
	struct export_state es = {NULL, &sc, dk, 0, NULL};
	es.t = table_open(format, path, dk->zh, dk->nfields, headers, keys, &err);
	if (!es.t) {
		op_fail_take(d, OP_INVALID, err, "无法写入导出文件");
		err = NULL;
		goto out;
	}
	int walk = store_dir_each(s->st, dk, as_of, 0, export_one, &es, &err);
	if (walk) {
		table_abort(es.t); /* the previous file stays as it was */
		if (es.err)
			op_fail_take(d, OP_ERROR, es.err, NULL), es.err = NULL;
		else
			op_fail_take(d, OP_ERROR, err, "数据库错误"), err = NULL;
	} else if (table_close(es.t, &err)) {
		op_fail_take(d, OP_ERROR, err, "无法写入导出文件");
		err = NULL;
	} else {
		rc = 0;
		*rows = es.rows;
	}
out:
	free(err);
	free(es.err);
	free(headers);
	free(keys);
	scope_close(&sc);
	return rc;
}

/* ---- history and changes ---- */

static void version_release(struct op_dir_version *v, size_t nfields)
{
	free(v->k);
	free(v->valid_from);
	free(v->valid_to);
	free(v->change);
	free(v->actor);
	free(v->source);
	for (size_t i = 0; v->vals && i < nfields; i++)
		free(v->vals[i]);
	free(v->vals);
	for (size_t i = 0; i < v->nchanges; i++) {
		free(v->changes[i].old);
		free(v->changes[i].neu);
	}
	free(v->changes);
}

void op_dir_versions_release(struct op_dir_versions *h)
{
	for (size_t i = 0; i < h->n; i++)
		version_release(&h->v[i], h->d ? h->d->nfields : 0);
	free(h->v);
	h->v = NULL;
	h->n = 0;
}

struct collect {
	struct op_dir_versions *out;
	size_t alloc;
	struct scope *sc; /* NULL: take every version */
};

static int collect_one(const struct dir_entry *e, void *arg)
{
	struct collect *c = arg;
	const struct dirkind *dk = c->out->d;
	if (c->sc && !scope_sees(c->sc, dk, e->vals))
		return 0;
	if (c->out->n == c->alloc) {
		c->alloc = c->alloc ? 2 * c->alloc : 16;
		c->out->v = xrealloc(c->out->v, c->alloc * sizeof(*c->out->v));
	}
	struct op_dir_version *v = &c->out->v[c->out->n++];
	memset(v, 0, sizeof(*v));
	v->k = xstrdup(e->k);
	v->valid_from = xstrdup(e->valid_from);
	v->valid_to = xstrdup(e->valid_to);
	v->change = xstrdup(e->change);
	v->removed = e->removed;
	v->batch_id = e->batch_id;
	v->actor = xstrdup(e->actor);
	v->source = xstrdup(e->source);
	v->vals = xcalloc(dk->nfields, sizeof(*v->vals));
	for (size_t i = 0; i < dk->nfields; i++)
		v->vals[i] = xstrdup(e->vals[i]);
	return 0;
}

/* Fills v->changes with what differs from "prev". */
static void diff_versions(const struct dirkind *dk, const struct op_dir_version *prev,
			  struct op_dir_version *v)
{
	struct dir_field_change *ch = xcalloc(dk->nfields, sizeof(*ch));
	size_t n = dir_diff(dk, (const char *const *)prev->vals, (const char *const *)v->vals, ch);
	v->changes = xcalloc(n ? n : 1, sizeof(*v->changes));
	for (size_t i = 0; i < n; i++)
		v->changes[i] = (struct op_field_change){dk->fields[ch[i].field].zh, xstrdup(ch[i].old),
							 xstrdup(ch[i].neu)};
	v->nchanges = n;
	free(ch);
}

int op_history(struct op_session *s, const struct dirkind *dk, const char *key, struct op_dir_versions *out,
	       struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	out->d = dk;
	if (op_authorize(s, ACT_DIRECTORY_READ, 0, NULL, d))
		return -1;
	struct collect c = {out, 0, NULL};
	char *err = NULL;
	if (store_dir_history(s->st, dk, key, collect_one, &c, &err) < 0)
		return store_failed(d, err);
	struct scope sc;
	if (scope_open(s, &sc, d)) {
		op_dir_versions_release(out);
		return -1;
	}
	/* the entry is visible when any of its versions lay in the session's tree (an object may move) */
	int seen = 0;
	for (size_t i = 0; i < out->n && !seen; i++)
		seen = scope_sees(&sc, dk, (const char *const *)out->v[i].vals);
	scope_close(&sc);
	if (!seen) {
		op_dir_versions_release(out);
		return op_fail(d, OP_NOTFOUND, "%s中没有“%s”%s", dk->zh, key,
			       s->unit.parent ? "（或不属于本单位）" : "");
	}
	for (size_t i = 1; i < out->n; i++)
		diff_versions(dk, &out->v[i - 1], &out->v[i]);
	return 0;
}

int op_changes(struct op_session *s, const struct dirkind *dk, const char *from, const char *to,
	       struct op_dir_versions *out, struct op_diag *d)
{
	memset(out, 0, sizeof(*out));
	out->d = dk;
	if (op_authorize(s, ACT_DIRECTORY_READ, 0, NULL, d))
		return -1;
	if (check_date("起始日期", from, d) || check_date("截止日期", to, d))
		return -1;
	struct scope sc;
	if (scope_open(s, &sc, d))
		return -1;
	struct collect c = {out, 0, &sc};
	char *err = NULL;
	int rc = store_dir_changes(s->st, dk, from, to, collect_one, &c, &err);
	scope_close(&sc);
	if (rc < 0) {
		op_dir_versions_release(out);
		return store_failed(d, err);
	}
	/* each version that is not new: the fields that changed from the version before it */
	for (size_t i = 0; i < out->n; i++) {
		struct op_dir_version *v = &out->v[i];
		if (!strcmp(v->change, "new"))
			continue;
		struct op_dir_versions h = {dk, NULL, 0};
		struct collect hc = {&h, 0, NULL};
		if (store_dir_history(s->st, dk, v->k, collect_one, &hc, &err) < 0) {
			op_dir_versions_release(&h);
			op_dir_versions_release(out);
			return store_failed(d, err);
		}
		for (size_t j = 1; j < h.n; j++)
			if (h.v[j].batch_id == v->batch_id && !strcmp(h.v[j].valid_from, v->valid_from)) {
				diff_versions(dk, &h.v[j - 1], v);
				break;
			}
		op_dir_versions_release(&h);
	}
	return 0;
}
