// clang-format off
// fuzz-sources: src/io/xlsx-read.c src/io/infile.c src/core/utf8.c src/util/xalloc.c src/util/strbuf.c src/util/error.c
// fuzz-libs: libzip expat
// clang-format on
/*
 * This file implements the libFuzzer harness of the .xlsx reader (io/xlsx-read.c); tests/fuzz/run.sh
 * builds and runs it.
 *
 * The first byte of an input picks the mode. Odd: the rest is the file itself, so libzip's reading of
 * the archive and the reader's checks of entries and sizes meet arbitrary bytes. Even: the rest is
 * split at each "\n--\n" into the shared strings, the styles and the worksheet (in that order), which
 * the harness packs with libzip beside a fixed workbook, so the XML walk gets well-formed archives to
 * chew on. Besides crashes, leaks and undefined behaviour it checks what the reader promises: fields
 * are valid UTF-8 of their stated length without NUL bytes, row numbers grow within Excel's limit,
 * every row has a field and none past the column cap, errors are Chinese, name the file and stay, and
 * the end stays the end.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "core/utf8.h"
#include "io/xlsx.h"

#define CHECK(cond)                                                                                          \
	do {                                                                                                 \
		if (!(cond)) {                                                                               \
			fprintf(stderr, "fuzz-xlsx: check failed: %s (line %d)\n", #cond, __LINE__);         \
			abort();                                                                             \
		}                                                                                            \
	} while (0)

static const char rels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship "
    "Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";
static const char workbook[] =
    "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><workbookPr "
    "date1904=\"0\"/>"
    "<sheets><sheet name=\"S\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
static const char wbrels[] =
    "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
    "<Relationship Id=\"rId1\" Type=\"x/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
    "<Relationship Id=\"rId2\" Type=\"x/sharedStrings\" Target=\"sharedStrings.xml\"/>"
    "<Relationship Id=\"rId3\" Type=\"x/styles\" Target=\"/xl/styles.xml\"/></Relationships>";

static void add(zip_t *z, const char *name, const void *data, size_t len)
{
	zip_source_t *s = zip_source_buffer(z, data, len, 0);
	CHECK(s != NULL);
	CHECK(zip_file_add(z, name, s, ZIP_FL_OVERWRITE) >= 0);
	zip_set_file_compression(z, (zip_uint64_t)zip_name_locate(z, name, 0), ZIP_CM_STORE, 0);
}

/* Packs the parts into a zip in memory; *out is allocated. */
static size_t pack(const uint8_t *data, size_t size, uint8_t **out)
{
	const uint8_t *part[3] = {data, data, data};
	size_t len[3] = {0, 0, 0}, k = 0, start = 0;
	for (size_t i = 0; i + 4 <= size && k < 2; i++) {
		if (!memcmp(data + i, "\n--\n", 4)) {
			part[k] = data + start;
			len[k] = i - start;
			k++;
			start = i + 4;
			i += 3;
		}
	}
	part[k] = data + start;
	len[k] = size - start;
	if (k < 2) { /* fewer parts: the last one given is the worksheet */
		part[2] = part[k];
		len[2] = len[k];
		if (k == 0)
			len[0] = 0;
		len[1] = 0;
	}

	zip_error_t ze;
	zip_error_init(&ze);
	zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &ze);
	CHECK(src != NULL);
	zip_source_keep(src);
	zip_t *z = zip_open_from_source(src, ZIP_TRUNCATE, &ze);
	CHECK(z != NULL);
	add(z, "_rels/.rels", rels, strlen(rels));
	add(z, "xl/workbook.xml", workbook, strlen(workbook));
	add(z, "xl/_rels/workbook.xml.rels", wbrels, strlen(wbrels));
	if (len[0])
		add(z, "xl/sharedStrings.xml", part[0], len[0]);
	if (len[1])
		add(z, "xl/styles.xml", part[1], len[1]);
	add(z, "xl/worksheets/sheet1.xml", part[2], len[2]);
	CHECK(zip_close(z) == 0);

	zip_stat_t st;
	CHECK(zip_source_stat(src, &st) == 0);
	*out = malloc(st.size ? st.size : 1);
	CHECK(*out != NULL);
	CHECK(zip_source_open(src) == 0);
	CHECK(zip_source_read(src, *out, st.size) == (zip_int64_t)st.size);
	zip_source_close(src);
	zip_source_free(src);
	zip_error_fini(&ze);
	return st.size;
}

static void check_err(const char *err)
{
	CHECK(err != NULL);
	CHECK(strstr(err, "“fuzz.xlsx”") != NULL);
	CHECK(utf8_valid(err, strlen(err)));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0;
	int raw = data[0] & 1;
	data++;
	size--;
	uint8_t *zipped = NULL;
	const uint8_t *file = data;
	if (!raw)
		size = pack(data, size, &zipped), file = zipped;

	char *err = NULL;
	struct xlsx_reader *r = xlsx_open_mem(file, size, "fuzz.xlsx", NULL, &err);
	if (!r) {
		check_err(err);
		free(err);
		free(zipped);
		return 0;
	}
	struct csv_record rec;
	long last = 0;
	int rc;
	while ((rc = xlsx_next(r, &rec, &err)) == 1) {
		CHECK(rec.nfields >= 1);
		CHECK(rec.nfields <= XLSX_MAX_COLS);
		CHECK(rec.line > last && rec.line <= XLSX_MAX_ROW);
		last = rec.line;
		int content = 0;
		for (size_t i = 0; i < rec.nfields; i++) {
			CHECK(strlen(rec.fields[i]) == rec.lens[i]);
			CHECK(utf8_valid(rec.fields[i], rec.lens[i]));
			content |= rec.lens[i] > 0;
		}
		CHECK(content);
	}
	if (rc < 0) {
		check_err(err);
		char *again = NULL;
		CHECK(xlsx_next(r, &rec, &again) == -1);
		CHECK(again != NULL && !strcmp(again, err));
		free(again);
	} else {
		CHECK(xlsx_next(r, &rec, &err) == 0);
	}
	free(err);
	xlsx_close(r);
	free(zipped);
	return 0;
}
