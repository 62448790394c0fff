/*
 * This file declares what every subcommand shares: the context (database path, operator) and the
 * entry points, one per file cmd-<name>.c, dispatched by the table in main.c.
 * A command returns its exit code: 0 success, 1 failure (data or check), 2 usage error.
 */
#ifndef SUIJI_CMD_H
#define SUIJI_CMD_H

struct store;

struct ctx {
	const char *db_path; /* --db, SUIJI_DB, or ./suiji.db */
	const char *actor;   /* --as, SUIJI_USER, or the system user */
	struct store *store; /* opened by ctx_store() on first use */
};

/* Opens the database (creating and migrating it when "create" is set); NULL after printing an error. */
struct store *ctx_store(struct ctx *ctx, int create);

int cmd_init(int argc, char **argv, struct ctx *ctx);
int cmd_import(int argc, char **argv, struct ctx *ctx);
int cmd_export(int argc, char **argv, struct ctx *ctx);
int cmd_list(int argc, char **argv, struct ctx *ctx);
int cmd_directory(int argc, char **argv, struct ctx *ctx);
int cmd_demo(int argc, char **argv, struct ctx *ctx);
int cmd_verify(int argc, char **argv, struct ctx *ctx);
int cmd_calendar(int argc, char **argv, struct ctx *ctx);
int cmd_user(int argc, char **argv, struct ctx *ctx);
int cmd_task(int argc, char **argv, struct ctx *ctx);
int cmd_result(int argc, char **argv, struct ctx *ctx);
int cmd_problems(int argc, char **argv, struct ctx *ctx);
int cmd_disclosure(int argc, char **argv, struct ctx *ctx);
int cmd_publish(int argc, char **argv, struct ctx *ctx);
int cmd_stats(int argc, char **argv, struct ctx *ctx);

#endif
