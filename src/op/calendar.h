/*
 * This file declares the working-day calendar as the operations use it: the built-in State Council
 * holiday notices plus the years loaded into the database with `suiji calendar import` (a year's
 * notice is published in November or December, after the binary was built). Deadlines of a year that
 * is in neither are computed on weekends alone and are provisional (暂定, core/disclosure.h).
 */
#ifndef SUIJI_OP_CALENDAR_H
#define SUIJI_OP_CALENDAR_H

#include "core/calendar.h"
#include "op/session.h"

/*
 * The calendar in force for the session's database: built in and loaded years. The pointer stays valid
 * for the process's lifetime (a load makes a new one). NULL with d set on an error.
 */
const struct calendar *op_calendar(struct op_session *s, struct op_diag *d);

struct op_calendar_import_result {
	int year;
	char notice[256];
	long holidays, makeup; /* days off and make-up working days listed */
};

/*
 * Loads one year's notice (calendar.write): "text" is the file's content (UTF-8, header
 * date,kind,name, every date in the same year; kind 休 or 班), "notice" its title (NULL: the usual
 * 国务院办公厅关于YYYY年部分节假日安排的通知). Refused when the file contradicts itself (a day listed
 * twice, a make-up working day on a weekday, dates of two years, an empty name), when the year is built
 * in or already loaded. Audited as "calendar:YEAR".
 */
int op_calendar_import(struct op_session *s, const char *text, const char *notice,
		       struct op_calendar_import_result *out, struct op_diag *d);

#endif
