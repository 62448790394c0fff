/*
 * This file declares phase timing for benchmarks: with SUIJI_TIMING set in the environment,
 * timing_mark("phase") prints to stderr the seconds since the previous mark (or the first call).
 * Without it, a mark costs one getenv on first use and nothing after.
 */
#ifndef SUIJI_TIMING_H
#define SUIJI_TIMING_H

void timing_mark(const char *phase);

#endif
