/*
 * This file declares the allocation wrappers used everywhere in suiji.
 * They abort the process on exhaustion, so no call site checks for NULL.
 */
#ifndef SUIJI_XALLOC_H
#define SUIJI_XALLOC_H
#include <stddef.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
/* printf into a freshly allocated string */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array "p" of "nr" used elements to hold at least "need", tracking "alloc". */
#define ALLOC_GROW(p, need, alloc)                                                                           \
	do {                                                                                                 \
		if ((size_t)(need) > (alloc)) {                                                              \
			size_t n_ = (alloc) < 16 ? 16 : (alloc)*2;                                           \
			while (n_ < (size_t)(need))                                                          \
				n_ *= 2;                                                                     \
			(p) = xrealloc((p), n_ * sizeof(*(p)));                                              \
			(alloc) = n_;                                                                        \
		}                                                                                            \
	} while (0)

#endif
