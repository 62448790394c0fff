/*
 * This file implements phase timing (see timing.h) with CLOCK_MONOTONIC.
 */
#include "timing.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

void timing_mark(const char *phase)
{
	static int enabled = -1;
	static struct timespec last;
	if (enabled < 0) {
		enabled = getenv("SUIJI_TIMING") != NULL;
		clock_gettime(CLOCK_MONOTONIC, &last);
	}
	if (!enabled)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	double s = (double)(now.tv_sec - last.tv_sec) + (double)(now.tv_nsec - last.tv_nsec) / 1e9;
	fprintf(stderr, "[计时] %-24s %8.3f 秒\n", phase, s);
	last = now;
}
