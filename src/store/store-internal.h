/*
 * This file declares what the files of the SQLite backend share and nothing above store/ sees.
 */
#ifndef SUIJI_STORE_INTERNAL_H
#define SUIJI_STORE_INTERNAL_H
#include <sqlite3.h>

#include "store/store.h"

struct store {
	sqlite3 *db;
	char *path;
};

/* Runs "sql" (no results); -1 with *err set on failure. */
int db_exec(struct store *st, const char *sql, char **err);
/* Prepares "sql"; -1 with *err set on failure. */
int db_prepare(struct store *st, const char *sql, sqlite3_stmt **out, char **err);
/* Sets *err from the connection's last error with "what" as context; returns -1. */
int db_fail(struct store *st, const char *what, char **err);
/* Binds text or NULL for an empty/NULL string. */
void db_bind_text(sqlite3_stmt *s, int i, const char *v);
/* The column as text, "" for NULL. */
const char *db_col(sqlite3_stmt *s, int i);

/* Migrations: the ordered list of schema steps (schema.c). */
extern const char *const store_migrations[];
extern const int store_migration_count;

#endif
