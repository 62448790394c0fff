/*
 * This file declares strmap, a hash map from strings (copied) to pointers, with open addressing.
 * Ownership: strmap_free frees the keys, not the values.
 */
#ifndef SUIJI_STRMAP_H
#define SUIJI_STRMAP_H
#include <stddef.h>

struct strmap {
	char **keys;
	void **vals;
	size_t cap, len;
};

void strmap_init(struct strmap *m);
void strmap_free(struct strmap *m);
/* The value for "key", or NULL. */
void *strmap_get(const struct strmap *m, const char *key);
/* Sets the value for "key" (copying the key when new); returns the previous value or NULL. */
void *strmap_put(struct strmap *m, const char *key, void *val);

#endif
