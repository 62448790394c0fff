/*
 * This file declares backing up and restoring the database as operations (docs/SECURITY.md, "No data
 * lost"): the role (backup: 系统管理员 and 审计管理员 as docs/ROLES.md says; restore over an existing
 * database: 系统管理员) and what is checked — a backup's copy must verify; a file to restore must be a
 * suiji database of a known schema version, intact, whose audit chain verifies. The files themselves
 * (temporary names, renaming into place, removing leftovers) are the caller's (cmd/cmd-backup.c).
 */
#ifndef SUIJI_OP_BACKUP_H
#define SUIJI_OP_BACKUP_H

#include "op/session.h"
#include "store/audit.h"

/*
 * Copies the database as of one moment into the new file "tmp" (backup), opens the copy and verifies
 * its audit chain into *r, and seals it into one self-contained file. 0 when the copy verifies; 1 when
 * it was made but its chain does not verify (r->problem says why: a backup is kept even so, as
 * evidence); -1 with *d (refused: nothing was copied; or the copy failed). Release *r when 0 or 1.
 */
int op_backup(struct op_session *s, const char *tmp, struct audit_report *r, struct op_diag *d);
/* The temporary file a backup into "file" is written to before it is renamed into place (earlier
 * ones of killed backups are removed first): store_backup_tmp_path. Allocated. */
char *op_backup_tmp_path(const char *file);

/*
 * Checks a file offered for restore, read-only, before anything else: an SQLite database of suiji
 * (with a schema version), intact (quick_check). No role: it only reads the file. 0, or -1 with *d.
 */
int op_restore_inspect(const char *file, struct op_diag *d);
/*
 * Copies the offered file "file" into the private working file "tmp", opens it (bringing its schema
 * up to date) and verifies that it is an initialised suiji database whose audit chain verifies, into
 * *r. The open copy in *copy (store_close it). No role. 0, or -1 with *d (named "file").
 */
int op_restore_prepare(const char *file, const char *tmp, struct store **copy, struct audit_report *r,
		       struct op_diag *d);
/* Turns the checked working copy at "tmp" back into one self-contained file before it is renamed into
 * place as a new database. 0, or -1 with *d. */
int op_restore_seal(const char *tmp, struct op_diag *d);
/*
 * Replaces the content of the open database by the checked copy "from" in one step (restore): 系统管理员.
 * The chain head before, for the record, in before_seq and before. 0, or -1 with *d (refused: nothing
 * was changed).
 */
int op_restore_into(struct op_session *s, struct store *from, long *before_seq, char before[65],
		    struct op_diag *d);
/* Closes the working copy op_restore_prepare opened (NULL: nothing). */
void op_restore_close(struct store *copy);

#endif
