/*
 * This file declares how suiji opens every input file it is given (imports, draw packages, heads,
 * attachments, keys): it must be a regular file (not a directory, a device such as /dev/zero, or a
 * FIFO) no larger than a limit, checked on the opened descriptor so nothing can be swapped in between.
 * The limits are documented in docs/SECURITY.md.
 */
#ifndef SUIJI_IO_INFILE_H
#define SUIJI_IO_INFILE_H
#include <stdint.h>
#include <stdio.h>

#define INFILE_MAX_IMPORT ((int64_t)2 << 30)	 /* directory imports: 2 GiB (10^6 rows are ~300 MB) */
#define INFILE_MAX_PACKAGE ((int64_t)4 << 30)	 /* draw packages: 4 GiB (10^6 objects are ~300 MB) */
#define INFILE_MAX_SMALL ((int64_t)64 << 20)	 /* heads, keys, signatures, JSON to sign: 64 MiB */
#define INFILE_MAX_ATTACHMENT ((int64_t)1 << 30) /* attachments (hashed only): 1 GiB */

/*
 * Opens "path" for reading ("rb"). NULL with *err set (in Chinese, naming the file) when it is
 * missing, unreadable, not a regular file or larger than "max" bytes. *size, when given, receives
 * its size.
 */
FILE *infile_open(const char *path, int64_t max, int64_t *size, char **err);

#endif
