/*
 * This file implements the UTF-8 helpers declared in utf8.h.
 */
#include "core/utf8.h"

size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	if (!n)
		return 0;
	unsigned c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	size_t len;
	unsigned min;
	if ((c & 0xE0) == 0xC0) {
		len = 2, min = 0x80, c &= 0x1F;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3, min = 0x800, c &= 0x0F;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4, min = 0x10000, c &= 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned cp;
	while (n) {
		size_t l = *p < 0x80 ? 1 : utf8_decode(p, n, &cp);
		if (!l)
			return 0;
		p += l, n -= l;
	}
	return 1;
}

size_t utf8_chars(const char *s, size_t n)
{
	size_t count = 0;
	for (size_t i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

static size_t space_at(const unsigned char *p, size_t n)
{
	if (n && (*p == ' ' || *p == '\t'))
		return 1;
	if (n >= 2 && p[0] == 0xC2 && p[1] == 0xA0)
		return 2;
	if (n >= 3 && p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80)
		return 3;
	return 0;
}

static size_t space_before(const unsigned char *p, size_t n)
{
	if (n && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		return 1;
	if (n >= 2 && p[n - 2] == 0xC2 && p[n - 1] == 0xA0)
		return 2;
	if (n >= 3 && p[n - 3] == 0xE3 && p[n - 2] == 0x80 && p[n - 1] == 0x80)
		return 3;
	return 0;
}

const char *utf8_trim(const char *s, size_t *n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t l;
	while ((l = space_at(p, *n)))
		p += l, *n -= l;
	while ((l = space_before(p, *n)))
		*n -= l;
	return (const char *)p;
}

int utf8_has_control(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	for (size_t i = 0; i < n; i++) {
		if (p[i] < 0x20 || p[i] == 0x7F)
			return 1;
		if (p[i] == 0xC2 && i + 1 < n && p[i + 1] >= 0x80 && p[i + 1] <= 0x9F)
			return 1;
	}
	return 0;
}

int utf8_scan(const char *s, size_t n, size_t *chars, int *control)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	size_t count = 0;
	int ctl = 0;
	while (p < end) {
		unsigned c = *p;
		if (c < 0x80) {
			ctl |= c < 0x20 || c == 0x7F;
			p++;
		} else {
			unsigned cp;
			size_t l = utf8_decode(p, (size_t)(end - p), &cp);
			if (!l)
				return 0;
			ctl |= cp >= 0x80 && cp <= 0x9F;
			p += l;
		}
		count++;
	}
	*chars = count;
	*control = ctl;
	return 1;
}
