/*
 * This file declares the one parser of numbers given on a command line or in a request: integers in
 * a range, ids (positive integers), and lists of ids separated by any of , 、 ， ； ; (the separators a
 * Chinese keyboard gives), with spaces around them. Pure: no I/O.
 */
#ifndef SUIJI_CORE_PARSE_H
#define SUIJI_CORE_PARSE_H

#include <stddef.h>

/* 0 with *v set when "s" is a decimal integer (digits only) in [min, max]; -1 otherwise. */
int parse_long(const char *s, long min, long max, long *v);
/* An id: a positive integer up to 10^12; 0 when "s" is not one. */
long parse_id(const char *s);
/*
 * A list of ids: 0 with *ids (allocated, ascending, distinct; free it) and *n; -1 with the first item
 * that is not an id in bad[64] ("" for an empty list).
 */
int parse_id_list(const char *s, long **ids, size_t *n, char bad[64]);

#endif
