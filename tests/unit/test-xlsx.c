/*
 * Unit tests of the .xlsx reader's conversions (io/xlsx-read.c): cell references to column and row,
 * column names, numbers to plain digits (ids and credit codes typed as numbers, exponents, ".0",
 * Excel's 15 significant digits), date serials in both date systems with Excel's 1900 quirk, which
 * number formats are dates; and a workbook written by the export's writer (io/table.h, libxlsxwriter)
 * read back cell for cell, plus input that is not a workbook at all.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after the three it needs */

#include "io/table.h"
#include "io/xlsx.h"

static void cell_refs(void **state)
{
	(void)state;
	long c = 0, r = 0;
	assert_int_equal(xlsx_cell_ref("C7", &c, &r), 0);
	assert_int_equal(c, 3);
	assert_int_equal(r, 7);
	assert_int_equal(xlsx_cell_ref("A1", &c, &r), 0);
	assert_int_equal(c, 1);
	assert_int_equal(r, 1);
	assert_int_equal(xlsx_cell_ref("Z10", &c, &r), 0);
	assert_int_equal(c, 26);
	assert_int_equal(xlsx_cell_ref("AA2", &c, &r), 0);
	assert_int_equal(c, 27);
	assert_int_equal(xlsx_cell_ref("AMJ3", &c, &r), 0);
	assert_int_equal(c, 1024);
	assert_int_equal(xlsx_cell_ref("XFD1048576", &c, &r), 0);
	assert_int_equal(c, 16384);
	assert_int_equal(r, 1048576);
	/* beyond Excel, malformed, lower case, empty parts */
	assert_int_equal(xlsx_cell_ref("XFE1", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("A1048577", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("A0", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("AAAA1", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("A", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("7", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("a1", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("A1 ", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("", &c, &r), -1);
	assert_int_equal(xlsx_cell_ref("A99999999999", &c, &r), -1);

	char n[8];
	xlsx_col_name(1, n);
	assert_string_equal(n, "A");
	xlsx_col_name(26, n);
	assert_string_equal(n, "Z");
	xlsx_col_name(27, n);
	assert_string_equal(n, "AA");
	xlsx_col_name(1025, n);
	assert_string_equal(n, "AMK");
	xlsx_col_name(16384, n);
	assert_string_equal(n, "XFD");
}

static void number(const char *in, const char *want)
{
	char *got = xlsx_number_text(in);
	if (!want) {
		if (got)
			fail_msg("“%s” should not be a number, got “%s”", in, got);
		return;
	}
	if (!got)
		fail_msg("“%s” should read as “%s”", in, want);
	if (strcmp(got, want))
		fail_msg("“%s” read as “%s”, want “%s”", in, got, want);
	free(got);
}

static void numbers(void **state)
{
	(void)state;
	number("410821", "410821");
	number("410821.0", "410821");
	number("4.10821E+5", "410821");
	number("4.10821e5", "410821");
	number("2221.00", "2221");
	number("0", "0");
	number("0.0", "0");
	number("-0", "0");
	number("007", "7");
	number("-12", "-12");
	number("0.5", "0.5");
	number(".5", "0.5");
	number("1.5E-3", "0.0015");
	number("-2.5E-1", "-0.25");
	/* an 18-digit credit code of digits only, as written: every digit kept */
	number("914108821734567860", "914108821734567860");
	/* the same typed into Excel: 15 significant digits, shown without the exponent */
	number("9.1410882173456794E+17", "914108821734568000");
	number("1.10101199001011E+17", "110101199001011000");
	number("41082110002", "41082110002");
	number("4.1082110002E+10", "41082110002");
	/* Excel's binary fractions rounded to the 15 digits it shows */
	number("1234.5599999999999", "1234.56");
	number("0.10000000000000001", "0.1");
	number("9.9999999999999995E-2", "0.1");
	number("99.999999999999999", "100");
	number("1E+20", "100000000000000000000");
	/* not numbers */
	number("", NULL);
	number("abc", NULL);
	number("1.2.3", NULL);
	number("1e", NULL);
	number("12x", NULL);
	number("--1", NULL);
	number("1E+999999", NULL);
}

static void date(const char *serial, int d1904, const char *want)
{
	char out[11] = "";
	int rc = xlsx_serial_date(serial, d1904, out);
	if (!want) {
		if (!rc)
			fail_msg("serial %s should not be a date, got %s", serial, out);
		return;
	}
	if (rc)
		fail_msg("serial %s should be %s", serial, want);
	if (strcmp(out, want))
		fail_msg("serial %s (1904: %d) is %s, want %s", serial, d1904, out, want);
}

static void dates(void **state)
{
	(void)state;
	date("1", 0, "1900-01-01");
	date("59", 0, "1900-02-28");
	date("60", 0, "1900-02-29"); /* Excel's day that never was */
	date("61", 0, "1900-03-01");
	date("25569", 0, "1970-01-01");
	date("36526", 0, "2000-01-01");
	date("45000", 0, "2023-03-15");
	date("45000.75", 0, "2023-03-15"); /* the time of day is left out */
	date("46000", 0, "2025-12-09");
	date("2958465", 0, "9999-12-31");
	date("0", 1, "1904-01-01");
	date("43538", 1, "2023-03-15");
	date("0", 0, NULL);
	date("-1", 0, NULL);
	date("2958466", 0, NULL);
	date("abc", 0, NULL);
	date("", 0, NULL);

	/* built-in date formats (including the East Asian ones) and custom ones */
	assert_true(xlsx_format_is_date(14, NULL));
	assert_true(xlsx_format_is_date(22, NULL));
	assert_true(xlsx_format_is_date(31, NULL));
	assert_true(xlsx_format_is_date(57, NULL));
	assert_false(xlsx_format_is_date(0, NULL));
	assert_false(xlsx_format_is_date(1, NULL));
	assert_false(xlsx_format_is_date(49, NULL)); /* text */
	assert_false(xlsx_format_is_date(20, NULL)); /* h:mm */
	assert_true(xlsx_format_is_date(176, "yyyy\"年\"m\"月\"d\"日\""));
	assert_true(xlsx_format_is_date(177, "yyyy/mm/dd;@"));
	assert_true(xlsx_format_is_date(178, "[$-804]yyyy-mm-dd"));
	assert_false(xlsx_format_is_date(179, "0.00_);[Red]\\(0.00\\)"));
	assert_false(xlsx_format_is_date(180, "\"day\"0"));
	assert_false(xlsx_format_is_date(181, "[h]:mm:ss"));
	assert_false(xlsx_format_is_date(182, "0;[Red]-0;\"yes\""));
	assert_false(xlsx_format_is_date(183, "0.00E+00"));
	assert_false(xlsx_format_is_date(184, "General"));
	/* a built-in id with a code given is still the built-in format */
	assert_false(xlsx_format_is_date(2, "yyyy"));
}

/* A workbook written by the export's writer reads back cell for cell. */
static void export_round_trip(void **state)
{
	(void)state;
	char dir[] = "/tmp/test-xlsx-XXXXXX";
	assert_non_null(mkdtemp(dir));
	char path[64];
	snprintf(path, sizeof(path), "%s/t.xlsx", dir);
	const char *headers[] = {"统一社会信用代码", "单位名称", "备注"}, *keys[] = {"uscc", "name", "note"};
	char *err = NULL;
	struct table_writer *t = table_open("xlsx", path, "检查对象名录", 3, headers, keys, &err);
	assert_non_null(t);
	const char *rows[][3] = {
	    {"91410821MA3X5K7B9Q", "修武县太行化工有限公司", ""},
	    {"914108821734567860", "沁阳市\"恒盛\",纸业", "=HYPERLINK(\"x\")"},
	    {"", "", "_x0041_ 与 & < >"},
	};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(table_row(t, rows[i], &err), 0);
	assert_int_equal(table_close(t, &err), 0);

	struct xlsx_reader *r = xlsx_open(path, NULL, &err);
	if (!r)
		fail_msg("%s", err);
	assert_string_equal(xlsx_sheet_name(r), "检查对象名录");
	struct csv_record rec;
	assert_int_equal(xlsx_next(r, &rec, &err), 1);
	assert_int_equal(rec.line, 1);
	assert_int_equal(rec.nfields, 3);
	for (size_t c = 0; c < 3; c++)
		assert_string_equal(rec.fields[c], headers[c]);
	for (size_t i = 0; i < 3; i++) {
		assert_int_equal(xlsx_next(r, &rec, &err), 1);
		assert_int_equal(rec.line, (long)i + 2);
		assert_int_equal(rec.nfields, 3);
		for (size_t c = 0; c < 3; c++) {
			assert_string_equal(rec.fields[c], rows[i][c]);
			assert_int_equal(rec.lens[c], strlen(rows[i][c]));
		}
	}
	assert_int_equal(xlsx_next(r, &rec, &err), 0);
	assert_int_equal(xlsx_next(r, &rec, &err), 0);
	xlsx_close(r);

	/* a sheet that is not there names the ones that are */
	assert_null(xlsx_open(path, "Sheet9", &err));
	assert_non_null(strstr(err, "没有名为“Sheet9”的工作表"));
	assert_non_null(strstr(err, "“检查对象名录”"));
	free(err);
	err = NULL;
	unlink(path);
	rmdir(dir);
}

static void not_workbooks(void **state)
{
	(void)state;
	char *err = NULL;
	assert_null(xlsx_open_mem("a,b\n", 4, "x.xlsx", NULL, &err));
	assert_non_null(strstr(err, "“x.xlsx”不是 zip 压缩包"));
	free(err);
	err = NULL;
	assert_null(xlsx_open_mem("", 0, "empty.xlsx", NULL, &err));
	assert_non_null(strstr(err, "empty.xlsx"));
	free(err);
	err = NULL;
	/* an empty zip: only the end record */
	static const unsigned char eocd[22] = {'P', 'K', 5, 6};
	assert_true(xlsx_is_zip(eocd, sizeof(eocd)));
	assert_null(xlsx_open_mem(eocd, sizeof(eocd), "eocd.xlsx", NULL, &err));
	assert_non_null(strstr(err, "缺少 xl/workbook.xml"));
	free(err);
	err = NULL;
	assert_false(xlsx_is_zip("PK", 2));
	assert_false(xlsx_is_zip("PK\1\2", 4));
	assert_true(xlsx_is_zip("PK\3\4", 4));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(cell_refs),	 cmocka_unit_test(numbers),	  cmocka_unit_test(dates),
	    cmocka_unit_test(export_round_trip), cmocka_unit_test(not_workbooks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
