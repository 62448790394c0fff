// clang-format off
// fuzz-sources: src/io/csv-read.c src/io/encoding.c src/io/infile.c src/io/csv-write.c src/util/xalloc.c src/util/strbuf.c src/util/error.c
// clang-format on
/*
 * This file implements the libFuzzer harness of the CSV reader (io/csv-read.c, io/encoding.c);
 * tests/fuzz/run.sh builds and runs it.
 *
 * The first byte of an input picks the piece size the reader reads in (1-7 bytes, or its own
 * size), so that every construct also meets a chunk boundary; the rest is the CSV text. Besides
 * crashes, leaks and undefined behaviour, it checks what the reader promises: fields are valid
 * UTF-8 without NUL bytes and of the stated length, lines grow, errors name a line and stay, the
 * end stays the end; and records written back with csv_write_field read back the same.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/csv.h"
#include "io/encoding.h"
#include "util/xalloc.h"

#define CHECK(cond)                                                                                          \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "fuzz-csv: check failed: %s (line %d)\n", #cond, __LINE__);          \
			abort();                                                                             \
		}                                                                                            \
	} while (0)

/* a record that reads back as a blank line when written: one field of only spaces and tabs */
static int writes_blank(const struct csv_record *rec)
{
	return rec->nfields == 1 && strspn(rec->fields[0], " \t") == rec->lens[0];
}

/*
 * Reads data[0..size) whole. With "out", writes every record that can be written faithfully to
 * it. Returns the number of records read, or -1 when reading failed.
 */
static long read_all(const uint8_t *data, size_t size, FILE *out)
{
	char *err = NULL;
	struct csv_reader *r = csv_open_mem(data, size, &err);
	struct csv_record rec;
	long n = 0, last_line = 0;
	int rc;

	CHECK(r != NULL);
	const char *enc = csv_encoding(r);
	CHECK(!strcmp(enc, "UTF-8") || !strcmp(enc, "UTF-8 BOM") || !strcmp(enc, "GB18030"));
	while ((rc = csv_next(r, &rec, &err)) == 1) {
		CHECK(rec.nfields >= 1);
		CHECK(rec.line > last_line);
		last_line = rec.line;
		for (size_t i = 0; i < rec.nfields; i++) {
			int bad;
			CHECK(strlen(rec.fields[i]) == rec.lens[i]);
			CHECK(utf8_prefix(rec.fields[i], rec.lens[i], &bad) == rec.lens[i]);
		}
		if (out && !writes_blank(&rec)) {
			for (size_t i = 0; i < rec.nfields; i++)
				csv_write_field(out, rec.fields[i], i == 0);
			csv_end_record(out);
		}
		n++;
	}
	if (rc < 0) {
		CHECK(err != NULL && !strncmp(err, "第", strlen("第")));
		char *again = NULL;
		CHECK(csv_next(r, &rec, &again) == -1);
		CHECK(again != NULL && !strcmp(again, err));
		free(again);
		n = -1;
	} else {
		CHECK(csv_next(r, &rec, &err) == 0);
	}
	free(err);
	csv_close(r);
	return n;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	text_source_test_chunk = data[0] & 7;
	data++;
	size--;

	char *text = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	CHECK(out != NULL);
	long n = read_all(data, size, out);
	fclose(out);

	/* written back (UTF-8 now), the records read the same, but for a leading U+FEFF (a BOM) */
	if (n >= 0 && !(len >= 3 && !memcmp(text, "\xEF\xBB\xBF", 3))) {
		char *again = NULL;
		size_t again_len = 0;
		FILE *out2 = open_memstream(&again, &again_len);
		CHECK(out2 != NULL);
		CHECK(read_all((const uint8_t *)text, len, out2) >= 0);
		fclose(out2);
		CHECK(again_len == len && !memcmp(again, text, len));
		free(again);
	}
	free(text);
	text_source_test_chunk = 0;
	return 0;
}
