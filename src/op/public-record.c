/*
 * This file implements the public record of a result (op/public-record.h).
 */
#include "op/public-record.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/dirschema.h"
#include "core/region.h"
#include "core/result.h"
#include "store/org.h"
#include "store/unit.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* The items' names joined by 、 (the code where the directory no longer has the item), allocated. */
static char *item_names_of(struct store *st, const char *codes)
{
	struct strbuf sb = STRBUF_INIT;
	for (const char *p = codes; p && *p;) {
		const char *q = strstr(p, "、");
		char *code = q ? xstrndup(p, (size_t)(q - p)) : xstrdup(p);
		char *name = store_dir_current_value(st, &dir_items, code, "name");
		if (sb.len)
			strbuf_adds(&sb, "、");
		strbuf_adds(&sb, name ? name : code);
		free(name);
		free(code);
		p = q ? q + strlen("、") : NULL;
	}
	return strbuf_detach(&sb);
}

char *op_public_record(struct store *st, const struct task_info *ti, const char *published_on,
		       const char *corrected_on)
{
	struct org o = {0};
	struct unit u = {0};
	char *err = NULL;
	store_org_get(st, &o, &err);
	free(err);
	err = NULL;
	if (store_unit_get(st, ti->task.unit_id ? ti->task.unit_id : 1, &u, &err) <= 0)
		snprintf(u.name, sizeof(u.name), "%s", o.name);
	free(err);
	const struct result_outcome_info *out = result_outcome_by_key(ti->outcome);
	const struct region *reg = region_find(ti->region);
	char *items = item_names_of(st, ti->task.items);
	const char *kind = ti->task.kind && !strcmp(ti->task.kind, "targeted") ? "针对性检查" : "随机抽查";
	json_t *j = json_pack("{s:s, s:s, s:I, s:s, s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}",
			      "unit", u.name, "bureau", o.name, "task", (json_int_t)ti->task.id, "kind", kind,
			      "draw", (json_int_t)ti->task.draw_id, "uscc", ti->task.uscc, "name",
			      ti->object_name, "region", reg ? reg->name : ti->region, "dates", ti->dates,
			      "end_date", ti->end_date, "items", items, "item_codes", ti->task.items,
			      "result", out ? out->wording : ti->outcome, "published_on", published_on);
	if (j && corrected_on)
		json_object_set_new(j, "corrected_on", json_string(corrected_on));
	char *s = j ? json_dumps(j, JSON_SORT_KEYS | JSON_COMPACT) : NULL;
	json_decref(j);
	free(items);
	return s;
}
