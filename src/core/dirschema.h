/*
 * This file declares the four directories (名录) as data: their fields, Chinese headers, English
 * aliases, types and allowed values, and the rules that turn a raw cell into its canonical value.
 * The importer, the exporter, the store and the web layer all read these tables, so a field is
 * declared once, here.
 */
#ifndef SUIJI_DIRSCHEMA_H
#define SUIJI_DIRSCHEMA_H
#include <stddef.h>

#include "util/strbuf.h"

enum field_type {
	FT_TEXT,     /* free text, trimmed */
	FT_USCC,     /* 统一社会信用代码, GB 32100-2015 */
	FT_REGION,   /* 6-digit GB/T 2260 code inside the jurisdiction */
	FT_INDUSTRY, /* 4-digit GB/T 4754-2017 class code */
	FT_ENUM,     /* one of "values" */
	FT_BOOL,     /* 是/否 */
	FT_LIST,     /* several values split on ; ； 、 , ，, stored joined by 、 */
	FT_INT,	     /* a whole number 0..999 */
	FT_ID,	     /* a person id: 1-32 of A-Z a-z 0-9 _ - */
};

#define F_REQUIRED 1u /* must not be empty */
#define F_KEY 2u      /* part of the entry's key */
#define F_COUNTY 4u   /* region: a county-level unit when the bureau is a city */
/*
 * A column added after the first schema (Article 4's 生产规模, 生产周期特点, 项目建设情况): left out of
 * the row hash while empty, so the versions written before it existed keep the hashes their audit
 * entries vouch for.
 */
#define F_LATE 8u

struct field {
	const char *col;   /* SQL column */
	const char *alias; /* English header alias */
	const char *zh;	   /* Chinese header, the one exports write */
	enum field_type type;
	unsigned flags;
	const char *const *values; /* allowed values (ENUM, LIST), NULL-terminated; NULL: free */
	const char *dflt;	   /* canonical value when the cell is empty */
	size_t maxchars;	   /* longest value in characters (0: no limit beyond 1000) */
};

struct dirkind {
	const char *name;  /* objects, people, conflicts, items */
	const char *zh;	   /* 检查对象名录 … */
	const char *table; /* the store's versioned table */
	const struct field *fields;
	size_t nfields;
};

extern const struct dirkind dir_objects, dir_people, dir_conflicts, dir_items;
extern const struct dirkind *const dir_kinds[]; /* NULL-terminated */

/* The directory named "name" (its English name), or NULL. */
const struct dirkind *dirkind_find(const char *name);
/* Index of the field whose Chinese header or alias is "header" (trimmed, a trailing * ignored); -1. */
int dirkind_field_by_header(const struct dirkind *d, const char *header);
/* Index of the field with this column name, or -1. */
int dirkind_field_index(const struct dirkind *d, const char *col);

/* What a cell is checked against beyond its own field. */
struct field_context {
	const char *jurisdiction; /* the bureau's region code */
	int county_bureau;	  /* 1 for a county bureau */
};

/*
 * Turns the raw cell "in" into its canonical value in "out" (reset first). Returns 0, or -1 with
 * *why set to a Chinese reason (static or in "why_buf"). An empty cell yields the default, or "".
 * Required-ness is checked by the caller (dir_check_row), not here.
 */
int field_normalize(const struct field *f, const char *in, const struct field_context *fc, struct strbuf *out,
		    struct strbuf *why_buf, const char **why);

/*
 * Checks the rules that join several fields of one canonical row "vals" (nfields values).
 * Calls report(field_index, reason, arg) for each problem (-1 for a row-level one); returns the count.
 */
int dir_check_row(const struct dirkind *d, const char *const *vals,
		  void (*report)(int field, const char *reason, void *arg), void *arg);

/* Writes the entry's key from canonical values ("person/uscc" for a conflict) into "out". */
void dir_key(const struct dirkind *d, const char *const *vals, struct strbuf *out);

/*
 * The kind of change from "old" to "neu" (canonical rows): "new" when old is NULL, "deregistered",
 * "suspended", "resumed" for an object's status, "removed" / "restored" for the removed flag, else
 * "changed". Returns NULL when nothing differs.
 */
const char *dir_change_kind(const struct dirkind *d, const char *const *old, int old_removed,
			    const char *const *neu, int neu_removed);
/*
 * SHA-256 (hex) of a canonical row: each field as col 0x1F value 0x1E, in field order; an empty
 * F_LATE field is left out.
 */
void dir_row_hash(const struct dirkind *d, const char *const *vals, char hex[65]);

/* The Chinese word for a change kind ("new" → "新增"). */
const char *dir_change_zh(const char *kind);

/* One field that differs between two versions of an entry: its index and both values (not copied). */
struct dir_field_change {
	int field;
	const char *old, *neu;
};
/*
 * The fields that differ from "old" to "neu" (canonical rows of "d"), in field order, into "out"
 * (room for d->nfields). Returns their number (0: the same values).
 */
size_t dir_diff(const struct dirkind *d, const char *const *old, const char *const *neu,
		struct dir_field_change *out);

/*
 * The values "--tag" and plan lines may select objects by (plan_object_has_tag): 市管, the name of
 * every other 是/否 field, and every allowed value of the enumerated and list fields, joined by 、
 * into "out" (reset first). Industry codes (four digits) are tags too but are not listed.
 */
void dir_tag_values(const struct dirkind *d, struct strbuf *out);
/* 1 when "tag" is one of dir_tag_values or a four-digit industry code. */
int dir_tag_valid(const struct dirkind *d, const char *tag);

#endif
