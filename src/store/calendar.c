/*
 * This file implements the loaded holiday notices (store/calendar.h) over table calendar_year.
 */
#include "store/calendar.h"

#include <stdio.h>

#include "store/audit.h"
#include "store/store-internal.h"
#include "util/error.h"

int store_calendar_each(struct store *st, int (*fn)(const struct calendar_year_row *r, void *arg), void *arg,
			char **err)
{
	sqlite3_stmt *q;
	if (db_prepare(
		st,
		"SELECT year, notice, holidays, imported_at, imported_by FROM calendar_year ORDER BY year",
		&q, err))
		return -1;
	int rc;
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		struct calendar_year_row r = {(int)sqlite3_column_int(q, 0), db_col(q, 1), db_col(q, 2),
					      db_col(q, 3), db_col(q, 4)};
		int v = fn(&r, arg);
		if (v) {
			sqlite3_finalize(q);
			return v;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : db_fail(st, "读取已导入的节假日安排", err);
}

int store_calendar_add(struct store *st, const struct calendar_year_row *r, char **err)
{
	sqlite3_stmt *q;
	if (db_prepare(st, "SELECT 1 FROM calendar_year WHERE year = ?", &q, err))
		return -1;
	sqlite3_bind_int(q, 1, r->year);
	int rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE)
		return db_fail(st, "读取已导入的节假日安排", err);
	if (db_prepare(st,
		       "INSERT INTO calendar_year(year, notice, holidays, imported_at, imported_by) VALUES "
		       "(?, ?, ?, ?, ?)",
		       &q, err))
		return -1;
	sqlite3_bind_int(q, 1, r->year);
	db_bind_text(q, 2, r->notice);
	db_bind_text(q, 3, r->holidays);
	db_bind_text(q, 4, r->imported_at);
	db_bind_text(q, 5, r->imported_by);
	rc = sqlite3_step(q);
	sqlite3_finalize(q);
	if (rc != SQLITE_DONE)
		return db_fail(st, "写入节假日安排", err);
	char subject[32];
	snprintf(subject, sizeof(subject), "calendar:%d", r->year);
	return store_audit_record(st, r->imported_at, r->imported_by, "calendar import", subject, err) ? -1
												       : 0;
}
