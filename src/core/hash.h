/*
 * This file declares SHA-256 helpers over memory (OpenSSL EVP), in lowercase hex.
 */
#ifndef SUIJI_HASH_H
#define SUIJI_HASH_H
#include <stddef.h>

struct sha256_stream;

void sha256_hex(const void *data, size_t n, char hex[65]);
struct sha256_stream *sha256_stream_new(void);
void sha256_stream_add(struct sha256_stream *h, const void *data, size_t n);
/* Writes the hex digest and frees the stream. */
void sha256_stream_finish(struct sha256_stream *h, char hex[65]);
/* Frees this thread's cached digest context (a thread that ends calls it: the server's workers). */
void sha256_thread_release(void);
void hex_encode(const unsigned char *in, size_t n, char *out);

#endif
