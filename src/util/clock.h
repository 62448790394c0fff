/*
 * This file declares the clock: the bureau's time is China Standard Time (UTC+8) whatever the
 * server's TZ. In a test build only (CMake option SUIJI_TEST_CLOCK: ON by default for Debug builds,
 * and so for `make check` and land.sh; OFF for Release, as `make build` is), SUIJI_NOW (e.g.
 * "2025-01-05T09:00:00+08:00") fixes it, for reproducible tests. A Release build ignores SUIJI_NOW:
 * nobody can claim another date for a record (docs/SECURITY.md).
 */
#ifndef SUIJI_CLOCK_H
#define SUIJI_CLOCK_H

/* Nonzero when this binary honours SUIJI_NOW (built with SUIJI_TEST_CLOCK). */
int clock_test_enabled(void);
/* Now as "YYYY-MM-DDTHH:MM:SS+08:00" into buf[26]. */
void clock_now(char buf[26]);
/* Today as "YYYY-MM-DD" into buf[11]. */
void clock_today(char buf[11]);

#endif
