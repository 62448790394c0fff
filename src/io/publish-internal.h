/*
 * This file declares what the files of the public-site writer share (publish.c, publish-platform.c).
 */
#ifndef SUIJI_IO_PUBLISH_INTERNAL_H
#define SUIJI_IO_PUBLISH_INTERNAL_H
#include <stddef.h>

#include "io/publish.h"

/* mkdir that accepts an existing directory; -1 with *err otherwise. */
int pub_mkdir(const char *path, char **err);
/* Writes "len" bytes to dir/name and counts the file; -1 with *err naming the file on failure. */
int pub_write(const char *dir, const char *name, const void *data, size_t len, long *count, char **err);
/* The file name (without .html) of an object's page: the credit code's letters and digits. */
void pub_object_file(const char *uscc, char out[40]);
/* Writes platform/ (national, Henan and credit-penalty files as CSV and JSON); -1 with *err. */
int publish_platform_files(const char *dir, struct pub_site *site, long *count, char **err);
/*
 * Writes heads/ into the new site "site_dir": the heads of the site at "old_site" (kept, every one)
 * and site->head when there is one (publish-heads.c); -1 with *err.
 */
int publish_heads(const char *old_site, const char *site_dir, const struct pub_site *site, long *count,
		  char **err);

#endif
