/*
 * This file declares suiji's one error idiom for commands:
 *   return error("…");      prints "错误: …" on stderr and returns -1
 *   die_usage("…");         prints the usage error and exits with code 2
 * Lower layers never print: they return rc and fill "char **err" (SQLite style).
 */
#ifndef SUIJI_ERROR_H
#define SUIJI_ERROR_H

#define EXIT_USAGE 2

int error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die_usage(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* set an allocated message into *err (when err is non-NULL), return -1 */
int set_err(char **err, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/*
 * The reason for a system error number in Chinese ("文件不存在" for ENOENT …), for every message a
 * user reads instead of strerror()'s English; an unusual number reads "系统错误（errno N）".
 */
const char *errno_zh(int e);

#endif
