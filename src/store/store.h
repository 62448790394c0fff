/*
 * This file declares the storage layer's handle and its life cycle. Only src/store/ speaks SQL;
 * the layers above see plain structs and these functions, so that a second backend (PostgreSQL)
 * can implement the same declarations.
 */
#ifndef SUIJI_STORE_H
#define SUIJI_STORE_H

struct store;

/*
 * Opens the database at "path". With "create" set, a missing file is created; the schema is
 * migrated to the current version either way. NULL with *err set on failure.
 */
struct store *store_open(const char *path, int create, char **err);
void store_close(struct store *st);
/*
 * Nonzero (the SQLite error code) once a fatal error was met on this connection: disk full, I/O
 * error, a corrupt file or not a database. Callers that loop (imports) stop at once: the message of
 * that first error (from any store function's *err) says it, and nothing was written.
 */
int store_fatal(const struct store *st);
/* The schema version the database is at. */
int store_schema_version(struct store *st);

/* Transactions: one per multi-row change. begin takes the write lock at once (BEGIN IMMEDIATE). */
int store_begin(struct store *st, char **err);
int store_commit(struct store *st, char **err);
void store_rollback(struct store *st);

#endif
