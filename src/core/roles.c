/*
 * This file implements the role names and masks of roles.h.
 */
#include "core/roles.h"

#include <stdio.h>
#include <string.h>

static const char *const names[ROLE_COUNT] = {"市局管理员", "分局管理员", "科室人员",	"执法人员",  "监督",
					      "公开审核",   "系统管理员", "安全管理员", "审计管理员"};

unsigned role_at(int i)
{
	return i >= 0 && i < ROLE_COUNT ? 1u << i : 0;
}

const char *role_name(unsigned r)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (r == 1u << i)
			return names[i];
	return "";
}

unsigned role_from_name(const char *name)
{
	for (int i = 0; i < ROLE_COUNT; i++)
		if (!strcmp(name, names[i]))
			return 1u << i;
	if (!strcmp(name, "管理员"))
		return ROLES_FIRST_ADMIN;
	return 0;
}

/* Length of the separator at p (、，； are three bytes), 0 when p is not at one. */
static size_t sep_len(const char *p)
{
	if (*p == ',' || *p == ';' || *p == ' ' || *p == '\t')
		return 1;
	if (!strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3))
		return 3;
	return 0;
}

int roles_parse(const char *list, unsigned *mask, char bad[64])
{
	*mask = 0;
	bad[0] = 0;
	const char *p = list ? list : "";
	while (*p) {
		size_t s = sep_len(p);
		if (s) {
			p += s;
			continue;
		}
		const char *q = p;
		while (*q && !sep_len(q))
			q++;
		char word[64];
		size_t l = (size_t)(q - p) < sizeof(word) - 1 ? (size_t)(q - p) : sizeof(word) - 1;
		memcpy(word, p, l);
		word[l] = 0;
		unsigned r = role_from_name(word);
		if (!r) {
			snprintf(bad, 64, "%s", word);
			return -1;
		}
		*mask |= r;
		p = q;
	}
	return 0;
}

void roles_format(unsigned mask, char *buf, unsigned long n)
{
	size_t used = 0;
	if (n)
		buf[0] = 0;
	for (int i = 0; i < ROLE_COUNT; i++) {
		if (!(mask & (1u << i)))
			continue;
		int w = snprintf(buf + used, used < n ? n - used : 0, "%s%s", used ? "、" : "", names[i]);
		if (w > 0)
			used += (size_t)w;
	}
}
