/*
 * This file declares what the files of the SQLite backend share and nothing above store/ sees.
 */
#ifndef SUIJI_STORE_INTERNAL_H
#define SUIJI_STORE_INTERNAL_H
#include <sqlite3.h>

#include "store/store.h"

#define STORE_STMT_CACHE 32

struct store {
	sqlite3 *db;
	char *path;
	int fatal; /* the first fatal SQLite error seen (SQLITE_FULL, _IOERR, _CORRUPT, _NOTADB), sticky */
	/* statements prepared once and reused (db_prepare_cached), keyed by their SQL text's address */
	struct {
		const char *sql;
		sqlite3_stmt *stmt;
	} cache[STORE_STMT_CACHE];
};

/* Runs "sql" (no results); -1 with *err set on failure. */
int db_exec(struct store *st, const char *sql, char **err);
/* Prepares "sql"; -1 with *err set on failure. */
int db_prepare(struct store *st, const char *sql, sqlite3_stmt **out, char **err);
/*
 * Like db_prepare for a statement run many times ("sql" must be a string literal: its address is the
 * key). The statement is reset and unbound, owned by the store: never finalize it.
 */
int db_prepare_cached(struct store *st, const char *sql, sqlite3_stmt **out, char **err);
/*
 * Creates "path" empty with mode 0600 when it does not exist, before SQLite opens it to create a
 * database: the database, its -wal and -shm (SQLite gives them the main file's mode), backups and
 * restore copies are readable by their owner only (docs/SECURITY.md).
 */
void db_precreate_private(const char *path);
/* Sets *err from the connection's last error with "what" as context; returns -1. */
int db_fail(struct store *st, const char *what, char **err);
/* Binds text or NULL for an empty/NULL string. */
void db_bind_text(sqlite3_stmt *s, int i, const char *v);
/* The column as text, "" for NULL. */
const char *db_col(sqlite3_stmt *s, int i);

/*
 * A task from the current row of a statement whose first 18 columns are, in order: id, kind,
 * draw_id, visit_no, uscc, items, plan_year, plan_lines, slot, mode, team, experts, trigger,
 * reference, state, created_at, created_by, cancelled (task.c's TASK_COLS). Strings point into the row.
 */
struct task;
void task_from_row(sqlite3_stmt *s, struct task *t);

/*
 * The unit of a directory row in SQL (core/units.h): UNIT_OF("o.region", "o.class", "o.city_managed")
 * for objects, UNIT_OF("p.region", "''", "''") for people. suiji_unit() is registered on every
 * connection by store_open (store_unit_register_sql, store/unit.c).
 */
#define UNITS_SQL "(SELECT group_concat(id || ':' || coalesce(parent, 0) || ':' || regions, ';') FROM unit)"
#define UNIT_OF(region, klass, city_managed)                                                                 \
	"suiji_unit(" region ", " klass ", " city_managed ", " UNITS_SQL ")"
int store_unit_register_sql(struct store *st, char **err);

/* Migrations: the ordered list of schema steps (schema.c). */
extern const char *const store_migrations[];
extern const int store_migration_count;
/*
 * After schema step 9 (units, users with several roles): records the top unit and every user anew in
 * the audit chain (action "migrate"), since their content hashes now cover new columns (store/unit.c).
 */
int store_after_units_step(struct store *st, char **err);
/*
 * The database's structure (store/schema-check.c): the hash of its sorted schema rows (the "schema"
 * subject of the audit chain), and the check that every table, index, trigger and view is one the
 * schema steps create, with their definition: 0, 1 with *problem (allocated, Chinese, naming each
 * object that is not), -1 with *err.
 */
int store_schema_hash(struct store *st, char hex[65], char **err);
int store_schema_check(struct store *st, char **problem, char **err);
int store_schema_rehash(struct store *st, const char *id, char hex[65], char **err);

#endif
