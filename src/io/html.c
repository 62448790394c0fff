/*
 * This file implements HTML escaping (see html.h).
 */
#include "io/html.h"

#include <stdarg.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at p (1-4), or 0 when the bytes there are not one. */
static size_t utf8_len(const unsigned char *p)
{
	unsigned c = p[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned min;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4, min = 0x10000;
	else
		return 0;
	unsigned cp = c & (0x3f >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3f);
	}
	if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

void html_escape(struct strbuf *sb, const char *s)
{
	if (!s)
		return;
	const unsigned char *p = (const unsigned char *)s;
	while (*p) {
		switch (*p) {
		case '&':
			strbuf_adds(sb, "&amp;");
			p++;
			continue;
		case '<':
			strbuf_adds(sb, "&lt;");
			p++;
			continue;
		case '>':
			strbuf_adds(sb, "&gt;");
			p++;
			continue;
		case '"':
			strbuf_adds(sb, "&quot;");
			p++;
			continue;
		case '\'':
			strbuf_adds(sb, "&#39;");
			p++;
			continue;
		default:
			break;
		}
		if (*p < 0x20 || *p == 0x7f) {
			if (*p == '\t' || *p == '\n' || *p == '\r')
				strbuf_addc(sb, (char)*p);
			p++;
			continue;
		}
		size_t n = utf8_len(p);
		if (!n) {
			strbuf_adds(sb, "\xef\xbf\xbd");
			p++;
			continue;
		}
		strbuf_add(sb, p, n);
		p += n;
	}
}

void html_addf(struct strbuf *sb, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (const char *p = fmt; *p; p++) {
		if (*p != '%') {
			strbuf_addc(sb, *p);
			continue;
		}
		p++;
		if (*p == 's') {
			html_escape(sb, va_arg(ap, const char *));
		} else if (*p == 'd') {
			strbuf_addf(sb, "%d", va_arg(ap, int));
		} else if (*p == 'l' && p[1] == 'd') {
			strbuf_addf(sb, "%ld", va_arg(ap, long));
			p++;
		} else if (*p == '%') {
			strbuf_addc(sb, '%');
		} else {
			/* a programming error: keep the text visible rather than guess an argument */
			strbuf_addc(sb, '%');
			if (!*p)
				break;
			strbuf_addc(sb, *p);
		}
	}
	va_end(ap);
}

void html_fputs(const char *s, FILE *out)
{
	struct strbuf sb = STRBUF_INIT;
	html_escape(&sb, s);
	fputs(strbuf_str(&sb), out);
	strbuf_release(&sb);
}
