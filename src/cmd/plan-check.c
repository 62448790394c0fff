/*
 * This file implements the plan check shared by the plan commands (see plan-check.h): it reads the
 * version, its lines and items, the settings and the staff counts from the store, feeds every object
 * of the directory as of the check's date to core/article7, and counts the year's tasks.
 */
#include "cmd/plan-check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dirschema.h"
#include "store/directory.h"
#include "store/task.h"
#include "util/error.h"
#include "util/xalloc.h"

static int feed_object(const struct dir_entry *e, void *arg)
{
	struct plan_object o;
	plan_object_view(e->vals, &o);
	article7_add(arg, &o);
	return 0;
}

struct task_count {
	int year;
	struct plan_check *pc;
};

static int count_task(const struct task *t, void *arg)
{
	struct task_count *tc = arg;
	if (!strcmp(t->kind, "targeted")) {
		/* a targeted task's slot is the day of the inspection */
		if (strlen(t->slot) < 4 || atoi(t->slot) != tc->year)
			return 0;
		tc->pc->targeted++;
		for (int i = 0; targeted_triggers[i]; i++)
			if (!strcmp(targeted_triggers[i], t->trigger))
				tc->pc->targeted_by_trigger[i]++;
	} else if (t->plan_year == tc->year) {
		tc->pc->random_tasks++;
	}
	return 0;
}

int plan_check_count_tasks(struct store *st, int year, struct plan_check *pc, char **err)
{
	struct task_count tc = {year, pc};
	return store_task_each(st, NULL, count_task, &tc, err) < 0 ? -1 : 0;
}

int plan_check_run(struct store *st, int year, int version, const char *as_of, struct plan_check *pc,
		   char **err)
{
	memset(pc, 0, sizeof(*pc));
	int found = store_org_get(st, &pc->org, err);
	if (found <= 0) {
		if (!found)
			set_err(err, "数据库尚未初始化，请先运行 suiji init");
		return -1;
	}
	found = version ? store_plan_version_get(st, year, version, &pc->v, err)
			: store_plan_current(st, year, &pc->v, err);
	if (found <= 0)
		return found;
	snprintf(pc->as_of, sizeof(pc->as_of), "%s", as_of ? as_of : pc->v.date);
	if (store_plan_lines(st, pc->v.id, &pc->lines, &pc->nlines, err) ||
	    store_settings_load(st, &pc->settings, err))
		goto fail;

	pc->items = xcalloc(pc->nlines + 1, sizeof(*pc->items));
	pc->nitems = xcalloc(pc->nlines + 1, sizeof(*pc->nitems));
	long *line_staff = xcalloc(pc->nlines + 1, sizeof(long));
	for (size_t i = 0; i < pc->nlines; i++) {
		const struct plan_line *l = &pc->lines[i];
		struct item_walk w = ITEM_WALK(l->items);
		int r;
		while ((r = store_item_next(st, &w, err)) > 0) {
			if (!w.listed)
				continue;
			pc->items[i] = xrealloc(pc->items[i], (pc->nitems[i] + 1) * sizeof(struct plan_item));
			pc->items[i][pc->nitems[i]++] = w.it; /* kept: moved out of the walk */
			memset(&w.it, 0, sizeof(w.it));
		}
		item_walk_release(&w);
		if (r < 0) {
			free(line_staff);
			goto fail;
		}
		if (l->quota.rule == QUOTA_PER_STAFF) {
			line_staff[i] = store_staff_count(st, pc->as_of, l->staff_departments, err);
			if (line_staff[i] < 0) {
				free(line_staff);
				goto fail;
			}
		}
	}
	long staff = store_staff_count(st, pc->as_of, NULL, err);
	if (staff < 0) {
		free(line_staff);
		goto fail;
	}
	struct article7 *a = article7_new(&pc->settings, pc->lines, line_staff, pc->nlines, staff);
	free(line_staff);
	int rc = store_dir_each(st, &dir_objects, pc->as_of, 0, feed_object, a, err);
	article7_finish(a, &pc->r);
	if (rc < 0 || plan_check_count_tasks(st, year, pc, err))
		goto fail;
	return 1;
fail:
	plan_check_release(pc);
	return -1;
}

void plan_check_release(struct plan_check *pc)
{
	for (size_t i = 0; i < pc->nlines; i++) {
		for (size_t k = 0; pc->items && k < pc->nitems[i]; k++)
			plan_item_release(&pc->items[i][k]);
		if (pc->items)
			free(pc->items[i]);
	}
	free(pc->items);
	free(pc->nitems);
	plan_lines_free(pc->lines, pc->nlines);
	plan_version_release(&pc->v);
	a7_result_release(&pc->r);
	memset(pc, 0, sizeof(*pc));
}
