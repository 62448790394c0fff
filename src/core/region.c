/*
 * This file implements the region table: parsed once, on first use, from the embedded
 * data/regions.csv (columns code,name,parent; plain text without quoting).
 */
#include "core/region.h"

#include <stdio.h>
#include <string.h>

#include "util/embedded.h"
#include "util/xalloc.h"

static struct region *regions;
static size_t nregions;

static void load(void)
{
	if (regions)
		return;
	const struct embedded_file *f = embedded_find("regions.csv");
	size_t alloc = 0;
	if (!f)
		return;
	char *text = xstrndup(f->data, f->len); /* kept for the names' lifetime */
	char *line = strchr(text, '\n');	/* skip the header */
	while (line && *++line) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		char *c1 = strchr(line, ','), *c2 = c1 ? strchr(c1 + 1, ',') : NULL;
		if (c1 && c2 && c1 - line == 6) {
			ALLOC_GROW(regions, nregions + 1, alloc);
			struct region *r = &regions[nregions++];
			memcpy(r->code, line, 6);
			r->code[6] = '\0';
			*c1 = *c2 = '\0';
			r->name = c1 + 1;
			char *p = c2 + 1;
			p[strcspn(p, "\r")] = '\0';
			snprintf(r->parent, sizeof(r->parent), "%.6s", p);
		}
		line = end;
	}
}

const struct region *region_find(const char *code)
{
	load();
	if (!code || strlen(code) != 6)
		return NULL;
	for (size_t i = 0; i < nregions; i++)
		if (!memcmp(regions[i].code, code, 7))
			return &regions[i];
	return NULL;
}

int region_level(const char *code)
{
	int level = 0;
	for (const struct region *r = region_find(code); r && level < 8; r = region_find(r->parent))
		level++;
	return level;
}

int region_within(const char *jurisdiction, const char *code)
{
	int depth = 0;
	for (const struct region *r = region_find(code); r && depth < 8; r = region_find(r->parent), depth++)
		if (!strcmp(r->code, jurisdiction))
			return 1;
	return 0;
}

void region_each_below(const char *jurisdiction, void (*fn)(const struct region *r, void *arg), void *arg)
{
	load();
	for (size_t i = 0; i < nregions; i++)
		if (strcmp(regions[i].code, jurisdiction) && region_within(jurisdiction, regions[i].code))
			fn(&regions[i], arg);
}
