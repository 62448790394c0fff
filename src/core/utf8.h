/*
 * This file declares the small UTF-8 helpers the validators need: validation, counting characters,
 * trimming (ASCII white space, U+00A0 and the ideographic space U+3000) and control characters.
 */
#ifndef SUIJI_UTF8_H
#define SUIJI_UTF8_H
#include <stddef.h>

/* Decodes one character at s (n bytes available) into *cp; returns its length, or 0 when invalid. */
size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp);
/* 1 when the n bytes at s are valid UTF-8 (no overlongs, no surrogates). */
int utf8_valid(const char *s, size_t n);
/*
 * One pass over n bytes: returns 1 when they are valid UTF-8, filling *chars with the number of
 * characters and *control with 1 when a control character (C0, DEL, C1) occurs; 0 when invalid.
 */
int utf8_scan(const char *s, size_t n, size_t *chars, int *control);
/* Number of characters in valid UTF-8 text. */
size_t utf8_chars(const char *s, size_t n);
/* Trims surrounding white space in place; returns s advanced, *n updated. */
const char *utf8_trim(const char *s, size_t *n);
/* 1 when the text holds a control character (C0, DEL, C1). */
int utf8_has_control(const char *s, size_t n);

#endif
