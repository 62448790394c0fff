/*
 * This file implements the CSV writer (RFC 4180): a field is quoted only when it holds a comma,
 * a quote, CR or LF; quotes are doubled; records end in CRLF. A field that a spreadsheet would run as
 * a formula gets a leading ' (csv.h: OWASP's rule for CSV injection), which the reader removes again.
 */
#include <string.h>

#include "io/csv.h"

static int formula_start(char c)
{
	return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

int csv_formula_risky(const char *s)
{
	while (*s == '\'')
		s++;
	return formula_start(*s) && *s;
}

int csv_formula_guarded(const char *s, size_t len)
{
	if (len < 2 || s[0] != '\'')
		return 0;
	size_t i = 1;
	while (i < len && s[i] == '\'')
		i++;
	return i < len && formula_start(s[i]);
}

void csv_write_field(FILE *out, const char *s, int first)
{
	if (!first)
		fputc(',', out);
	if (!s)
		return;
	int guard = csv_formula_risky(s);
	if (!strpbrk(s, ",\"\r\n")) {
		if (guard)
			fputc('\'', out);
		fputs(s, out);
		return;
	}
	fputc('"', out);
	if (guard)
		fputc('\'', out);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', out);
		fputc(*s, out);
	}
	fputc('"', out);
}

void csv_end_record(FILE *out)
{
	fputs("\r\n", out);
}
