/*
 * This file implements the units table (store/unit.h).
 */
#include "store/unit.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/audit.h"
#include "core/units.h"
#include "store/store-internal.h"
#include "store/user.h"
#include "util/clock.h"
#include "util/strbuf.h"
#include "util/error.h"
#include "util/xalloc.h"

#define UNIT_COLS "id, name, level, coalesce(parent, 0), regions, created_at, created_by"

static void unit_from_row(sqlite3_stmt *s, struct unit *u)
{
	u->id = (long)sqlite3_column_int64(s, 0);
	snprintf(u->name, sizeof(u->name), "%s", db_col(s, 1));
	snprintf(u->level, sizeof(u->level), "%s", db_col(s, 2));
	u->parent = (long)sqlite3_column_int64(s, 3);
	snprintf(u->regions, sizeof(u->regions), "%s", db_col(s, 4));
	snprintf(u->created_at, sizeof(u->created_at), "%s", db_col(s, 5));
	snprintf(u->created_by, sizeof(u->created_by), "%s", db_col(s, 6));
}

static int unit_one(struct store *st, const char *sql, const char *text, long id, struct unit *u, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st, sql, &s, err))
		return -1;
	if (text)
		sqlite3_bind_text(s, 1, text, -1, SQLITE_STATIC);
	else
		sqlite3_bind_int64(s, 1, id);
	int rc = sqlite3_step(s), found = 0;
	if (rc == SQLITE_ROW) {
		unit_from_row(s, u);
		found = 1;
	} else if (rc != SQLITE_DONE) {
		found = db_fail(st, "读取单位", err);
	}
	sqlite3_finalize(s);
	return found;
}

int store_unit_get(struct store *st, long id, struct unit *u, char **err)
{
	return unit_one(st, "SELECT " UNIT_COLS " FROM unit WHERE id = ?", NULL, id, u, err);
}

int store_unit_find(struct store *st, const char *key, struct unit *u, char **err)
{
	int digits = *key != 0;
	for (const char *p = key; *p; p++)
		digits &= *p >= '0' && *p <= '9';
	if (digits && strlen(key) < 10)
		return store_unit_get(st, atol(key), u, err);
	return unit_one(st, "SELECT " UNIT_COLS " FROM unit WHERE name = ?", key, 0, u, err);
}

int store_unit_list(struct store *st, struct unit **out, size_t *n, char **err)
{
	*out = NULL;
	*n = 0;
	sqlite3_stmt *s;
	if (db_prepare(st, "SELECT " UNIT_COLS " FROM unit ORDER BY id", &s, err))
		return -1;
	size_t alloc = 0;
	int rc;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (*n == alloc) {
			alloc = alloc ? 2 * alloc : 8;
			*out = xrealloc(*out, alloc * sizeof(**out));
		}
		unit_from_row(s, &(*out)[(*n)++]);
	}
	sqlite3_finalize(s);
	if (rc != SQLITE_DONE) {
		free(*out);
		*out = NULL;
		*n = 0;
		return db_fail(st, "读取单位", err);
	}
	return 0;
}

int store_unit_add(struct store *st, struct unit *u, const char *at, const char *actor, char **err)
{
	sqlite3_stmt *s;
	if (db_prepare(st,
		       "INSERT INTO unit(name, level, parent, regions, created_at, created_by) VALUES (?1, "
		       "?2, ?3, ?4, ?5, ?6)",
		       &s, err))
		return -1;
	sqlite3_bind_text(s, 1, u->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, u->level, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 3, u->parent);
	sqlite3_bind_text(s, 4, u->regions, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 5, at, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 6, actor, -1, SQLITE_STATIC);
	int rc = sqlite3_step(s);
	sqlite3_finalize(s);
	if (rc == SQLITE_CONSTRAINT)
		return set_err(err, "单位名称“%s”已在使用", u->name);
	if (rc != SQLITE_DONE)
		return db_fail(st, "登记单位", err);
	u->id = (long)sqlite3_last_insert_rowid(st->db);
	snprintf(u->created_at, sizeof(u->created_at), "%s", at);
	snprintf(u->created_by, sizeof(u->created_by), "%s", actor);
	char subject[64];
	snprintf(subject, sizeof(subject), "unit:%ld", u->id);
	return store_audit_record(st, at, actor, "unit add", subject, err);
}

static int remember_user(const struct user *u, void *arg)
{
	struct strbuf *names = arg;
	strbuf_add(names, u->name, strlen(u->name) + 1);
	return 0;
}

int store_after_units_step(struct store *st, char **err)
{
	char at[26];
	clock_now(at);
	struct unit u;
	int found = store_unit_get(st, 1, &u, err);
	if (found < 0 || (found && store_audit_record(st, at, "suiji", "migrate", "unit:1", err)))
		return -1;
	struct strbuf names = STRBUF_INIT;
	int rc = store_user_each(st, remember_user, &names, err);
	for (size_t off = 0; !rc && off < names.len; off += strlen(names.buf + off) + 1) {
		char subject[160], hex[65];
		snprintf(subject, sizeof(subject), "user:%s", names.buf + off);
		rc = store_user_hash_of(st, names.buf + off, hex, err) ||
		     store_audit_append(st, at, "suiji", "migrate", subject, hex, err);
	}
	strbuf_release(&names);
	return rc ? -1 : 0;
}

/*
 * The SQL function suiji_unit(region, class, city_managed, units): the unit of an entry, by
 * core/units.h. "units" is the text UNITS_SQL (store-internal.h) of every unit as "id:parent:regions;…".
 * SQLite keeps a function's auxiliary data only for arguments constant at compile time, which a
 * subquery is not, so the parsed units are kept in the connection's own cache (the function's user
 * data: one per connection, and a connection is used by one thread at a time) and parsed again only
 * when the text differs from the one they were parsed from.
 */
struct units_aux {
	size_t n;
	struct unit_juris *u;
	char *text;   /* the parsed copy: the regions point into it */
	char *source; /* the text as given */
};

static void units_aux_free(struct units_aux *a)
{
	if (!a)
		return;
	free(a->u);
	free(a->text);
	free(a->source);
	free(a);
}

static struct units_aux *units_aux_parse(const char *text)
{
	struct units_aux *a = xcalloc(1, sizeof(*a));
	a->source = xstrdup(text);
	a->text = xstrdup(text);
	size_t alloc = 0;
	for (char *p = a->text; *p;) {
		char *end = strchr(p, ';');
		if (end)
			*end = 0;
		char *c1 = strchr(p, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (c1 && c2) {
			if (a->n == alloc) {
				alloc = alloc ? 2 * alloc : 8;
				a->u = xrealloc(a->u, alloc * sizeof(*a->u));
			}
			a->u[a->n++] = (struct unit_juris){atol(p), atol(c1 + 1), c2 + 1};
		}
		if (!end)
			break;
		p = end + 1;
	}
	return a;
}

struct units_cache {
	struct units_aux *a; /* NULL until the first call */
};

static void units_cache_free(void *p)
{
	struct units_cache *c = p;
	units_aux_free(c->a);
	free(c);
}

static void fn_unit(sqlite3_context *c, int argc, sqlite3_value **v)
{
	(void)argc;
	struct units_cache *cache = sqlite3_user_data(c);
	const char *text = (const char *)sqlite3_value_text(v[3]);
	if (!text)
		text = "";
	if (!cache->a || strcmp(cache->a->source, text)) {
		units_aux_free(cache->a);
		cache->a = units_aux_parse(text);
	}
	const char *region = (const char *)sqlite3_value_text(v[0]);
	int key =
	    unit_city_key((const char *)sqlite3_value_text(v[1]), (const char *)sqlite3_value_text(v[2]));
	sqlite3_result_int64(c, unit_of(cache->a->u, cache->a->n, region ? region : "", key));
}

int store_unit_register_sql(struct store *st, char **err)
{
	/* on failure SQLite calls units_cache_free itself */
	if (sqlite3_create_function_v2(st->db, "suiji_unit", 4, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				       xcalloc(1, sizeof(struct units_cache)), fn_unit, NULL, NULL,
				       units_cache_free) != SQLITE_OK)
		return db_fail(st, "注册函数 suiji_unit", err);
	return 0;
}

static struct unit_counts *counts_of(struct unit_counts *c, size_t n, long id)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].unit_id == id)
			return &c[i];
	return NULL;
}

int store_unit_counts(struct store *st, const char *as_of, struct unit_counts *counts, size_t n, char **err)
{
	/*
	 * Each directory is first grouped by the columns the rule reads (a few dozen groups), then the groups
	 * by unit: suiji_unit() runs once per group, not once per row. Now (as_of NULL) the current rows are
	 * read from the partial indexes *_version_unit, which hold just those columns.
	 */
#define CURRENT "valid_to IS NULL AND removed = 0"
#define AS_OF "removed = 0 AND valid_from <= ?1 AND (valid_to IS NULL OR valid_to > ?1)"
#define OBJECTS(where)                                                                                       \
	"SELECT " UNIT_OF("region", "class",                                                                 \
			  "city_managed") ", sum(n), 0 FROM (SELECT region, class, "                         \
					  "city_managed, count(*) AS n FROM object_version WHERE " where     \
					  " GROUP BY region, class, city_managed) GROUP BY 1"
#define PEOPLE(where)                                                                                            \
	"SELECT " UNIT_OF("region", "''", "''") ", sum(n), sum(staff) FROM (SELECT region, count(*) AS n, "      \
						"sum(kind IN ('执法', '监管') AND active = '是') AS staff " \
						"FROM person_version WHERE " where                               \
						" GROUP BY region) GROUP BY 1"
	static const char *const sql[2][2] = {{OBJECTS(CURRENT), PEOPLE(CURRENT)},
					      {OBJECTS(AS_OF), PEOPLE(AS_OF)}};
#undef CURRENT
#undef AS_OF
#undef OBJECTS
#undef PEOPLE
	for (size_t i = 0; i < n; i++)
		counts[i] = (struct unit_counts){.unit_id = counts[i].unit_id};
	for (int q = 0; q < 2; q++) {
		sqlite3_stmt *s;
		if (db_prepare(st, sql[as_of != NULL][q], &s, err))
			return -1;
		if (as_of)
			db_bind_text(s, 1, as_of);
		int rc;
		while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
			struct unit_counts *c = counts_of(counts, n, (long)sqlite3_column_int64(s, 0));
			if (!c)
				continue;
			if (q == 0) {
				c->objects = (long)sqlite3_column_int64(s, 1);
			} else {
				c->people = (long)sqlite3_column_int64(s, 1);
				c->staff = (long)sqlite3_column_int64(s, 2);
			}
		}
		sqlite3_finalize(s);
		if (rc != SQLITE_DONE)
			return db_fail(st, "统计单位名录", err);
	}
	return 0;
}
