/*
 * This file declares what every subcommand shares: the context (database path, operator) and the
 * entry points, one per file cmd-<name>.c, dispatched by the table in main.c.
 * A command returns its exit code: 0 success, 1 failure (data or check), 2 usage error.
 */
#ifndef SUIJI_CMD_H
#define SUIJI_CMD_H

struct store;
struct org;
struct sign_key;
struct option;

#include "op/session.h"

struct ctx {
	const char *db_path;	    /* --db, SUIJI_DB, or ./suiji.db */
	const char *actor;	    /* --as, SUIJI_USER, or the system user */
	const char *unit;	    /* --unit: the unit to act on (NULL: the operator's own) */
	struct store *store;	    /* opened by ctx_store() on first use */
	struct op_session *session; /* opened by ctx_session(): main.c does it for NEED_DB commands */
	struct op_session session_data;
};

/* Opens the database (creating and migrating it when "create" is set); NULL after printing an error. */
struct store *ctx_store(struct ctx *ctx, int create);
/* Opens the database and the operator's session; NULL after printing why (e.g. not a registered user). */
struct op_session *ctx_session(struct ctx *ctx);
/* Prints an operation's diagnostics (row errors, notes, then 错误: msg) to stderr, releases them; returns 1.
 */
int ctx_fail(struct op_diag *d);
/* The command-line flag of an operation's input "field" (its JSON name, op_diag.field): "--reason". */
void cmd_flag_of(const char *field, char *flag, size_t size);
/*
 * Reads a password: from the terminal without echo (after "prompt") when standard input is one,
 * otherwise one line of standard input. NULL after printing why (nothing read). The caller frees it.
 */
char *read_password(const char *prompt);
/* Prints an operation's notes to stdout. */
void ctx_notes(struct op_diag *d);
/*
 * getopt_long() for every subcommand (cmd/options.c): getopt's English messages are replaced by a
 * Chinese one naming the option (unknown, needs a value, takes none), after which it returns '?'.
 */
int cmd_getopt(int argc, char **argv, const char *shortopts, const struct option *longopts);

int cmd_init(int argc, char **argv, struct ctx *ctx);
int cmd_import(int argc, char **argv, struct ctx *ctx);
int cmd_export(int argc, char **argv, struct ctx *ctx);
int cmd_list(int argc, char **argv, struct ctx *ctx);
int cmd_directory(int argc, char **argv, struct ctx *ctx);
int cmd_demo(int argc, char **argv, struct ctx *ctx);
int cmd_verify(int argc, char **argv, struct ctx *ctx);
int cmd_calendar(int argc, char **argv, struct ctx *ctx);
int cmd_plan(int argc, char **argv, struct ctx *ctx);
int cmd_settings(int argc, char **argv, struct ctx *ctx);
int cmd_targeted(int argc, char **argv, struct ctx *ctx);
int cmd_user(int argc, char **argv, struct ctx *ctx);
int cmd_unit(int argc, char **argv, struct ctx *ctx);
int cmd_roles(int argc, char **argv, struct ctx *ctx);
int cmd_task(int argc, char **argv, struct ctx *ctx);
int cmd_result(int argc, char **argv, struct ctx *ctx);
int cmd_problems(int argc, char **argv, struct ctx *ctx);
int cmd_disclosure(int argc, char **argv, struct ctx *ctx);
int cmd_publish(int argc, char **argv, struct ctx *ctx);
int cmd_stats(int argc, char **argv, struct ctx *ctx);
int cmd_upload(int argc, char **argv, struct ctx *ctx);
int cmd_agenda(int argc, char **argv, struct ctx *ctx);
int cmd_audit(int argc, char **argv, struct ctx *ctx);
int cmd_key(int argc, char **argv, struct ctx *ctx);
int cmd_backup(int argc, char **argv, struct ctx *ctx);
int cmd_restore(int argc, char **argv, struct ctx *ctx);
int cmd_serve(int argc, char **argv, struct ctx *ctx);

/* The bureau's signing key (cmd-key.c, docs/SECURITY.md). */
/* The private key file: $SUIJI_KEY, or "<database>.key". The caller frees it. */
char *ctx_key_path(struct ctx *ctx);
/*
 * Loads the private key and checks it against the key in use registered in the database: what a
 * command that signs calls (draw announcements, packages, disclosure files). NULL after printing why.
 * Free it with sign_key_free() (core/sign.h).
 */
struct sign_key *ctx_sign_key(struct ctx *ctx);
/* Writes "k" to a new key file (PKCS#8 PEM, mode 0600, never over an existing file); 0 or -1 printed. */
int key_file_write(const char *path, const struct sign_key *k);
/* Reads a key file; NULL after printing why. */
struct sign_key *key_file_read(const char *path);
/*
 * Records the organisation "o" in "st" with a new signing key: the key file is written first (and
 * removed again when the database refuses). What "suiji init" and "suiji demo" call. 0, or -1 printed.
 */
int init_org_with_key(struct ctx *ctx, struct store *st, const struct org *o);

/*
 * The signed head of the audit chain as it is now (core/audit-head.h, cmd-audit.c), filling "h":
 * JSON text ending in a newline, or NULL after printing why (no key registered, no key file: there
 * are no unsigned heads). What "audit head" prints (why = ACT_AUDIT_SIGN) and "publish" puts on the
 * site (ACT_SITE_PUBLISH); op_audit_head asks the role.
 */
struct audit_head;
char *audit_signed_head(struct ctx *ctx, int why, struct audit_head *h);

/* Files given on the command line (cmd-verify.c). */
struct strbuf;
/* Reads "path" (a regular file, io/infile.h) whole into "sb"; 0, or -1 after printing why. */
int read_file(const char *path, struct strbuf *sb);
/* --key: 64 hex digits, or a PEM public key file ("suiji key export"); 0, or -1 after printing why. */
int load_public(const char *arg, char hex[65]);

#endif
