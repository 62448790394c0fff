/*
 * This file declares the data files embedded in the binary at build time (data/ in the source tree,
 * see cmake/embed.cmake): region codes, holiday calendars and other tables kept as data, not code.
 */
#ifndef SUIJI_EMBEDDED_H
#define SUIJI_EMBEDDED_H
#include <stddef.h>

struct embedded_file {
	const char *name;
	const char *data; /* NUL-terminated for convenience; len excludes the NUL */
	size_t len;
};

extern const struct embedded_file embedded_files[];

/* the embedded file named "name" (e.g. "regions.csv"), or NULL */
const struct embedded_file *embedded_find(const char *name);

#endif
