/*
 * This file declares the bridge between the annual plan and the draw: the plan lines named for a draw
 * become strata (selection, items, needs, quota) and the bureau's settings become the frame's rules.
 * The plan's refusals (Article 3: no legal basis, no item, no plan line) are checked here first.
 */
#ifndef SUIJI_DRAW_LINES_H
#define SUIJI_DRAW_LINES_H
#include <stddef.h>

#include "op/draw-frame-build.h"
#include "store/store.h"

struct draw_lines {
	struct frame_stratum *strata;
	size_t n;
	struct frame_rules rules;
	int plan_version;
	char **slots;
	size_t nslots;
	void *priv; /* the plan's own data behind the strata */
};

/*
 * Loads lines "ids" of unit "unit"'s plan for year "year" for the period "period" (2025Q1, or a month
 * 2025-03): authorises them (the plan's three refusals, and a version not yet filed), builds one stratum per
 * line and the rules from the settings. Returns 0, or -1 with *err in Chinese (a refusal names the line and
 * what is missing).
 */
int draw_lines_load(struct store *st, long unit, int year, const char *period, const long *ids, size_t n,
		    struct draw_lines *out, char **err);
void draw_lines_release(struct draw_lines *dl);

#endif
