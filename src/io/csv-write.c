/*
 * This file implements the CSV writer (RFC 4180): a field is quoted only when it holds a comma,
 * a quote, CR or LF; quotes are doubled; records end in CRLF.
 */
#include <string.h>

#include "io/csv.h"

void csv_write_field(FILE *out, const char *s, int first)
{
	if (!first)
		fputc(',', out);
	if (!s)
		return;
	if (!strpbrk(s, ",\"\r\n")) {
		fputs(s, out);
		return;
	}
	fputc('"', out);
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
