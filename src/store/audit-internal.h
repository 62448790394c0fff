/*
 * This file declares what the store files share about audit coverage and nothing above store/ sees:
 * the hash of one directory version, the content hash of a change set (batch), and the families each
 * store file defines for the registry in audit-verify.c.
 */
#ifndef SUIJI_STORE_AUDIT_INTERNAL_H
#define SUIJI_STORE_AUDIT_INTERNAL_H

#include "store/audit.h"

/*
 * The hash (hex) of one directory version as its batch vouches for it: SHA-256 of
 *   k 0x00 change 0x00 removed 0x00 valid_from 0x00 src_line 0x00 row_hash 0x00
 * (removed as 0/1, src_line in decimal or empty, row_hash = core dir_row_hash over the fields).
 * valid_to is not in it: a later batch sets it, and verify derives it from the next version instead.
 */
void dir_version_hash(const char *k, const char *change, int removed, const char *valid_from, long src_line,
		      const char *row_hash, char hex[65]);
/* The locator kept in a version's row_tag: the first 64 bits of its version hash, as a signed integer. */
long long dir_version_tag(const char *version_hash);

/*
 * The content hash of batch "id": SHA-256 of "suiji-batch-v1" 0x00, the generic row hash of the
 * batch row (who, when, command, file and its SHA-256, effective date, counts, note) 0x0A, the
 * versions digest "versions" (SHA-256 over the version hashes of every version the batch wrote, in
 * id order, hex) 0x0A, and the digest of the credit-code overrides recorded with it (their generic
 * row hashes in uscc order). 0, 1 when there is no such batch, -1 with *err.
 */
int batch_content_hash(struct store *st, long id, const char *versions, char hex[65], char **err);

/* Runs f's rehash for member "id" (the generic row hash when f names a table): as rehash in audit.h. */
int audit_family_rehash(struct store *st, const struct audit_family *f, const char *id, char hex[65],
			char **err);

/*
 * Finds the first row of "table" that no entry of family "family" names ("family:rowid", or "family"
 * alone for the one-row table org): 1 with *problem set ("<zh>（表 table 第 N 行）没有审计记录"),
 * 0 when every row has an entry, -1 on error.
 */
int audit_check_rows(struct store *st, const char *table, const char *family, const char *zh, char **problem,
		     char **err);

extern const struct audit_family audit_family_org, audit_family_batch;

/*
 * The unit prefix of a unit-scoped subject (plans, settings): "u<unit>/…" names a branch (unit > 1),
 * no prefix the top unit (1). Returns the rest of "id" with *unit set, or NULL when the prefix is
 * malformed. Both hash formats (v1 and v2) read subjects through it.
 */
const char *audit_subject_unit(const char *id, long *unit);
/*
 * A plan subject after that prefix: "Y/vN" (the version), "Y/vN/filing" (*filing = 1) or "Y/vN/line:K"
 * (*line = K); 0, or 1 when "rest" is not one.
 */
int audit_plan_subject(const char *rest, int *year, int *version, int *filing, int *line);

struct sha256_stream;
/*
 * Adds to "h", for every row "SELECT <columns> FROM table <where>" returns, its generic row hash in
 * hex (as store_row_hash(), leaving out the columns named in the NULL-terminated list "skip", which
 * may be NULL) and "\n". "where" binds ?1 to "id" and ?2 to "text" (when not NULL) and gives the
 * order. Returns the number of rows, or -1 with *err.
 */
long audit_add_rows(struct store *st, struct sha256_stream *h, const char *table, const char *where,
		    const char *const *skip, long long id, const char *text, char **err);

/*
 * The schema step from which results, penalties, disclosures, problems, users, settings, tasks, draws
 * and plans are hashed in v2 (store/audit-rows.c), and the re-recording of a database migrated past
 * it: every subject of those families whose newest entry matches its v1 hash gets an entry "rehash v2"
 * (actor suiji) with its v2 hash; the lines of draft plan versions without an entry get one. 0 or -1.
 */
#define ROWS_V2_STEP 16
int store_rows_v2_migrate(struct store *st, char **err);

/* The first-version hashes, kept for store_rows_v2_migrate() only. */
int store_result_hash_v1(struct store *st, long id, char hex[65], char **err);
int store_penalty_hash_v1(struct store *st, long id, char hex[65], char **err);
int store_disclosure_hash_v1(struct store *st, long task_id, char hex[65], char **err);
int store_problem_hash_v1(struct store *st, long id, char hex[65], char **err);
int store_user_hash_v1(struct store *st, const char *name, char hex[65], char **err);
int store_audit_rehash_setting_v1(struct store *st, const char *id, char hex[65], char **err);
int store_audit_rehash_task_v1(struct store *st, const char *id, char hex[65], char **err);
int store_audit_rehash_draw_v1(struct store *st, const char *id, char hex[65], char **err);
int store_audit_rehash_plan_v1(struct store *st, const char *id, char hex[65], char **err);

#endif
