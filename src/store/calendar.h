/*
 * This file declares the holiday notices loaded into the database (`suiji calendar import`): for a
 * year the built-in calendar does not record (the State Council publishes next year's notice in
 * November or December), the notice's title and its special days as the text of a holidays file
 * (date,kind,name rows, core/calendar.h). One row per year in table calendar_year (schema step 10),
 * written once with its audit entry "calendar:YEAR" (the row's hash, store_row_hash).
 */
#ifndef SUIJI_STORE_CALENDAR_H
#define SUIJI_STORE_CALENDAR_H

#include "store/store.h"

struct calendar_year_row {
	int year;
	const char *notice;   /* 国务院办公厅关于2027年部分节假日安排的通知 */
	const char *holidays; /* "date,kind,name" rows of that year, without a header, each ending in \n */
	const char *imported_at, *imported_by;
};

/* Calls fn for each loaded year, ascending; fn's non-zero value stops the walk and is returned. */
int store_calendar_each(struct store *st, int (*fn)(const struct calendar_year_row *r, void *arg), void *arg,
			char **err);
/*
 * Adds year r->year inside the caller's transaction, with its audit entry (action "calendar import").
 * 0; 1 when the year is already loaded (nothing written); -1 with *err.
 */
int store_calendar_add(struct store *st, const struct calendar_year_row *r, char **err);

#endif
