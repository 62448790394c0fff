/*
 * This file declares suiji's one HTML escaping helper. Every text that goes into an HTML page — a
 * name from the object directory, a finding, a bureau's name — passes through it, in element content
 * and in attribute values (always double-quoted) alike: & < > " ' become entities, control characters
 * other than tab, LF and CR are dropped (they cannot be written in HTML), bytes that are not UTF-8
 * become U+FFFD. Nothing else in suiji writes user text into HTML by hand.
 */
#ifndef SUIJI_IO_HTML_H
#define SUIJI_IO_HTML_H
#include <stdio.h>

#include "util/strbuf.h"

/* Appends "s" to "sb", escaped. NULL appends nothing. */
void html_escape(struct strbuf *sb, const char *s);
/* Appends printf-formatted text with every %s argument escaped (only %s, %d, %ld and %% are allowed). */
void html_addf(struct strbuf *sb, const char *fmt, ...);
/* Writes "s" to "out", escaped. */
void html_fputs(const char *s, FILE *out);

#endif
