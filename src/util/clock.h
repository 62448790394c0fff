/*
 * This file declares the clock: the bureau's time is China Standard Time (UTC+8) whatever the
 * server's TZ. SUIJI_NOW (e.g. "2025-01-05T09:00:00+08:00") fixes it, for reproducible demos and tests.
 */
#ifndef SUIJI_CLOCK_H
#define SUIJI_CLOCK_H

/* Now as "YYYY-MM-DDTHH:MM:SS+08:00" into buf[26]. */
void clock_now(char buf[26]);
/* Today as "YYYY-MM-DD" into buf[11]. */
void clock_today(char buf[11]);

#endif
