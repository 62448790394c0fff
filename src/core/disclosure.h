/*
 * This file declares Article 9's publication deadline (R9.2), the one place it is computed: a result
 * is published within 20 working days after its inspection ended. Working days follow the State
 * Council's holiday notices (core/calendar.h); for a year whose notice is not yet recorded (built in,
 * or loaded with `suiji calendar import`), the deadline is computed on weekends alone and is
 * provisional (暂定) until the notice is loaded, when it is recomputed (deadlines are never stored).
 * No I/O.
 */
#ifndef SUIJI_CORE_DISCLOSURE_H
#define SUIJI_CORE_DISCLOSURE_H

#include "core/calendar.h"

/* Working days the regulation gives to publish a result (Article 9). */
#define DISCLOSURE_WORKDAYS 20

/*
 * The due date of a result whose inspection ended on "end" (YYYY-MM-DD): the 20th working day after
 * it, into due; *tentative 1 when a day of an unrecorded year was needed. 0, or -1 with *err.
 */
int disclosure_due_date(const struct calendar *cal, const char *end, char due[DATE_STR_SIZE], int *tentative,
			char **err);
/*
 * Working days d with from < d <= to (dates as text), *tentative as above. 0, or -1 with *err
 * (a malformed date, or from after to).
 */
int disclosure_workdays_between(const struct calendar *cal, const char *from, const char *to, int *n,
				int *tentative, char **err);
/* The working day "n" working days after "from" (for "due within N working days"), *tentative as above. */
int disclosure_workdays_after(const struct calendar *cal, const char *from, int n, char out[DATE_STR_SIZE],
			      int *tentative, char **err);

#endif
