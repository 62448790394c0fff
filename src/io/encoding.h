/*
 * This file declares the text sources under the CSV reader: a file or a memory buffer whose
 * encoding is detected over the whole input when it is opened and which is then read back as
 * UTF-8, chunk by chunk, so that memory stays flat in the size of the input.
 *
 * Detection: a UTF-8 BOM means UTF-8 (the BOM is dropped); otherwise input that is entirely valid
 * UTF-8 is UTF-8; anything else is GB18030, converted with glibc's iconv while it is read.
 * Input that is neither (the text before its first non-UTF-8 byte is not GB18030 either) is read
 * as UTF-8 up to that byte, so that the error names the line where it went wrong: a UTF-8 file
 * with a few bad bytes on line 3000 is reported at line 3000, not at the first Chinese character.
 * Undecodable bytes are reported when reading reaches them, after every good byte before them was
 * delivered, so a caller that counts lines can name the line that holds them.
 */
#ifndef SUIJI_ENCODING_H
#define SUIJI_ENCODING_H
#include <stddef.h>
#include <sys/types.h>

/*
 * The length of the longest prefix of s[0..n) made of whole, valid UTF-8 sequences (no overlong
 * forms, no surrogates, nothing above U+10FFFF). When it stops short of n, *bad is 1 when the byte
 * there cannot begin a valid sequence, and 0 when the rest (at most 3 bytes) is a sequence cut off
 * by the end of the buffer.
 */
size_t utf8_prefix(const void *s, size_t n, int *bad);

/* A streaming UTF-8 check: feed chunks, then finish; "bad" and "bad_at" (a byte offset) tell. */
struct utf8_scan {
	unsigned char carry[4];
	size_t ncarry;
	unsigned long long off; /* bytes of whole sequences checked so far */
	int bad;
	unsigned long long bad_at;
};
void utf8_scan_feed(struct utf8_scan *sc, const void *p, size_t n);
void utf8_scan_finish(struct utf8_scan *sc);

struct text_source;

/*
 * Opens "path" (a regular file of at most INFILE_MAX_IMPORT bytes: io/infile.h) and detects its
 * encoding; NULL and *err set.
 */
struct text_source *text_source_open(const char *path, char **err);
/* The same over a copy of data[0..len). */
struct text_source *text_source_open_mem(const void *data, size_t len);
/* "UTF-8", "UTF-8 BOM" or "GB18030" */
const char *text_source_encoding(const struct text_source *src);
/*
 * Reads the next UTF-8 bytes into buf[0..cap), cap >= 4. Returns the number of bytes (> 0), 0 at
 * the end of the input, or -1 when the input holds undecodable bytes at this point or cannot be
 * read; text_source_why() then gives the reason in Chinese (without a line number). Once at the
 * end or failed, it stays so.
 */
ssize_t text_source_read(struct text_source *src, void *buf, size_t cap);
const char *text_source_why(const struct text_source *src);
void text_source_free(struct text_source *src);

/* When nonzero, sources read their input in pieces of at most this many bytes (tests, fuzzing). */
extern size_t text_source_test_chunk;

#endif
