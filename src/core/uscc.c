/*
 * This file implements the checks of the 统一社会信用代码 (GB 32100-2015) and of the
 * 组织机构代码 (GB 11714) declared in uscc.h.
 *
 * GB 32100: 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z), a
 * character's value being its index in that set; position i (1..17) weighs 3^(i-1) mod 31, and
 * the 18th character is the one whose value is (31 - sum mod 31) mod 31.
 * GB 11714: 8 body characters (digits 0-9, letters A=10 … Z=35) weighed 3,7,9,10,5,8,4,2; the
 * 9th is 11 - sum mod 11, written "X" for 10 and "0" for 11. A credit code carries such an
 * organisation code in its positions 9-17.
 *
 * Reasons are returned as pointers that stay valid for the life of the process: fixed texts are
 * literals; texts that name a position, a character or a length are formatted once, on first
 * need, into a table guarded by a mutex, and then reused.
 */
#include "core/uscc.h"

#include <pthread.h>
#include <stdarg.h>
#include <string.h>

#include "util/strbuf.h"

#define USCC_LEN 18
#define ORG_LEN 9

static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const int uscc_weights[17] = {1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28};
static const int org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* formatted reasons, each made once */
static pthread_mutex_t reasons_lock = PTHREAD_MUTEX_INITIALIZER;
static char *reason_length[2][64];	 /* [orgcode?][actual length] */
static char *reason_char[USCC_LEN][129]; /* [position-1][ASCII byte, or 128 for non-ASCII] */
static char *reason_check[2][32];	 /* [orgcode part?][expected value] */

__attribute__((format(printf, 2, 3))) static const char *reason(char **slot, const char *fmt, ...)
{
	pthread_mutex_lock(&reasons_lock);
	if (!*slot) {
		struct strbuf sb = STRBUF_INIT;
		va_list ap;
		va_start(ap, fmt);
		strbuf_vaddf(&sb, fmt, ap);
		va_end(ap);
		*slot = strbuf_detach(&sb);
	}
	const char *s = *slot;
	pthread_mutex_unlock(&reasons_lock);
	return s;
}

/* the value of c in the credit-code set, or -1 */
static int uscc_value(int c)
{
	const char *p = c ? strchr(uscc_chars, c) : NULL;
	return p ? (int)(p - uscc_chars) : -1;
}

/* the value of c as a GB 11714 body character (0-9, A=10 … Z=35), or -1 */
static int org_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return -1;
}

/* the GB 11714 check character of 8 body characters already known to be valid */
static char org_check_char(const char *body)
{
	int sum = 0;
	for (int i = 0; i < 8; i++)
		sum += org_value((unsigned char)body[i]) * org_weights[i];
	int c9 = 11 - sum % 11;
	return c9 == 10 ? 'X' : c9 == 11 ? '0' : (char)('0' + c9);
}

/* the value of the GB 32100 check character of 17 characters already known to be valid */
static int uscc_check_value(const char *s)
{
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += uscc_value((unsigned char)s[i]) * uscc_weights[i];
	return (31 - sum % 31) % 31;
}

/* the number of UTF-8 characters in s (a stray byte counts as one) */
static size_t char_count(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		if (((unsigned char)*s & 0xC0) != 0x80)
			n++;
	return n;
}

static const char *length_reason(const char *s, size_t n, int org)
{
	int want = org ? ORG_LEN : USCC_LEN;
	if (!org && n == 15 && strspn(s, "0123456789") == 15)
		return "长度应为18位（实为15位，像是旧的15位工商注册号，请改填统一社会信用代码）";
	if (n >= 64)
		return org ? "长度应为9位" : "长度应为18位";
	return reason(&reason_length[org][n], "长度应为%d位（实为%zu位）", want, n);
}

/*
 * The reason why character "c" (a byte; >= 0x80 for any non-ASCII character) cannot stand at
 * position "pos" (1-based). "org" selects the GB 11714 body set (all letters allowed).
 */
static const char *char_reason(int pos, int c, int org)
{
	char **slot = &reason_char[pos - 1][c >= 0x80 ? 128 : c];
	if (c >= 0x80)
		return reason(slot, "第%d位含有非法字符（全角字符或汉字；代码只由半角数字和大写字母组成）",
			      pos);
	if (c == ' ')
		return reason(slot, "第%d位含有空格", pos);
	if (c < 0x20 || c == 0x7F)
		return reason(slot, "第%d位含有不可见的控制字符", pos);
	if (c >= 'a' && c <= 'z') {
		int up = c - 'a' + 'A';
		if (org || uscc_value(up) >= 0)
			return reason(slot, "第%d位含有小写字母“%c”（应为大写字母“%c”）", pos, c, up);
	}
	if (!org && strchr("IOSVZiosvz", c))
		return reason(slot, "第%d位含有非法字符“%c”（统一社会信用代码不使用字母 I、O、S、V、Z）", pos,
			      c);
	return reason(slot, "第%d位含有非法字符“%c”", pos, c);
}

/* the right number of characters, but some are not ASCII: name the first */
static const char *non_ascii_reason(const char *s, int org)
{
	int pos = 0;
	for (const char *p = s; *p; p++) {
		if (((unsigned char)*p & 0xC0) != 0x80)
			pos++;
		if ((unsigned char)*p >= 0x80)
			break;
	}
	return char_reason(pos ? pos : 1, 0x80, org);
}

static const char *check_reason(int value, int org)
{
	if (org)
		return reason(&reason_check[1][value], "第9-17位组织机构代码校验位错误（应为%c）",
			      value == 10 ? 'X' : (char)('0' + value % 11));
	return reason(&reason_check[0][value], "校验位错误（应为%c）", uscc_chars[value]);
}

/*
 * What both codes check first: not empty, "len" ASCII characters, and the first "checked" of them
 * in the code's alphabet ("value" < 0 for any other). Returns 0, or -1 with *why.
 */
static int check_shape(const char *s, size_t len, int checked, int (*value)(int), int org, const char **why)
{
	if (!s || !*s) {
		*why = "代码为空";
		return -1;
	}
	size_t n = char_count(s);
	if (n != len || strlen(s) != len) {
		*why = n == len ? non_ascii_reason(s, org) : length_reason(s, n, org);
		return -1;
	}
	for (int i = 0; i < checked; i++)
		if (value((unsigned char)s[i]) < 0) {
			*why = char_reason(i + 1, (unsigned char)s[i], org);
			return -1;
		}
	return 0;
}

int uscc_check(const char *s, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	if (check_shape(s, USCC_LEN, USCC_LEN, uscc_value, 0, why))
		return -1;
	/*
	 * Positions 9-17 first: a mistyped character there is then blamed on those nine rather than
	 * on the whole code.
	 */
	char c9 = org_check_char(s + 8);
	if (s[16] != c9) {
		*why = check_reason(c9 == 'X' ? 10 : c9 - '0', 1);
		return -1;
	}
	int v = uscc_check_value(s);
	if (s[17] != uscc_chars[v]) {
		*why = check_reason(v, 0);
		return -1;
	}
	*why = NULL;
	return 0;
}

int orgcode_check(const char *s, const char **why)
{
	const char *dummy;
	if (!why)
		why = &dummy;
	if (check_shape(s, ORG_LEN, 8, org_value, 1, why))
		return -1;
	if (s[8] == 'x') {
		*why = "第9位含有小写字母“x”（应为大写字母“X”）";
		return -1;
	}
	if (!(s[8] >= '0' && s[8] <= '9') && s[8] != 'X') {
		*why = "第9位（校验位）只能是数字或字母X";
		return -1;
	}
	char c9 = org_check_char(s);
	if (s[8] != c9) {
		*why = check_reason(uscc_value((unsigned char)c9), 0);
		return -1;
	}
	*why = NULL;
	return 0;
}

int uscc_make(const char *head, const char *body, char out[19])
{
	if (!head || !body || strlen(head) != 8 || strlen(body) != 8)
		return -1;
	for (int i = 0; i < 8; i++)
		if (uscc_value((unsigned char)head[i]) < 0 || uscc_value((unsigned char)body[i]) < 0)
			return -1;
	memcpy(out, head, 8);
	memcpy(out + 8, body, 8);
	out[16] = org_check_char(body);
	if (uscc_value((unsigned char)out[16]) < 0)
		return -1;
	out[17] = uscc_chars[uscc_check_value(out)];
	out[18] = '\0';
	return 0;
}
