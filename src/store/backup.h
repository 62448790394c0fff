/*
 * This file declares copying whole databases with SQLite's online backup API: a backup taken while
 * other connections (the server, an import) keep working, and a restore into a database that may be
 * open elsewhere. What is checked before a restore (version, integrity, the audit chain) is decided
 * above, in cmd/cmd-backup.c.
 */
#ifndef SUIJI_STORE_BACKUP_H
#define SUIJI_STORE_BACKUP_H

#include "store/store.h"

/*
 * Copies the database open in "st" into the file "path" (created or replaced) in one read
 * transaction: the copy is the database as of one moment, whatever commits meanwhile. The copy is a
 * single self-contained file (rollback journal, not WAL). 0, or -1 with *err.
 */
int store_backup(struct store *st, const char *path, char **err);
/*
 * The temporary file a backup into "file" is written to before it is checked and renamed:
 * "file.tmp-PID". Temporary files of earlier backups into "file" whose process no longer exists (a
 * backup killed half-way) are removed first, with their -journal, -wal and -shm. Allocated.
 */
char *store_backup_tmp_path(const char *file);
/*
 * Turns the database file "path" back into a single self-contained file (rollback journal, not WAL;
 * any WAL content checkpointed into it): after a backup was opened to be checked. 0, or -1 with *err.
 */
int store_file_seal(const char *path, char **err);
/*
 * Copies the database file "path" (opened read-only, never changed) into a new file "to": how a
 * restore takes a private working copy before checking it. 0, or -1 with *err.
 */
int store_copy_file(const char *path, const char *to, char **err);
/*
 * The schema version (PRAGMA user_version) of the database file "path" and whether it passes
 * PRAGMA quick_check, without changing it: 0 with *version and *intact set, -1 with *err when it is
 * not an SQLite database.
 */
int store_file_inspect(const char *path, int *version, int *intact, char **err);
/*
 * Replaces the content of the database open in "st" by that of the database open in "from" (pages
 * copied in one step, in a write transaction of "st": other connections see the old content or the
 * new, never a mixture). 0, or -1 with *err.
 */
int store_restore_from(struct store *st, struct store *from, char **err);

#endif
