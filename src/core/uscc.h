/*
 * This file declares the checks of the 统一社会信用代码 (unified social credit code, GB 32100-2015)
 * and of the embedded 组织机构代码 (GB 11714) in its positions 9-17.
 */
#ifndef SUIJI_USCC_H
#define SUIJI_USCC_H
#include <stddef.h>

/*
 * Checks "s" (NUL-terminated). Returns 0 when valid; otherwise -1 with *why pointing at a static
 * Chinese reason, e.g. "长度应为18位", "第5位含有非法字符“I”", "校验位错误（应为X）",
 * "第9-17位组织机构代码校验位错误（应为Y）".
 */
int uscc_check(const char *s, const char **why);
/* Checks GB 11714 alone on a 9-character code "s". Same return convention. */
int orgcode_check(const char *s, const char **why);
/*
 * Builds a valid code: "head" is the first 8 characters (registration authority, class and
 * 6-digit region, e.g. "91410800"), "body" the 8 characters of the organisation code body from the
 * 31-character set. Writes 18 characters and a NUL into out[19]. Returns -1 when the organisation
 * check character would fall outside the USCC character set (never for GB 11714's 0-9 and X).
 */
int uscc_make(const char *head, const char *body, char out[19]);

#endif
