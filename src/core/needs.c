/*
 * This file implements the department → expertise table (see needs.h), parsed once from the embedded
 * data/expertise.csv. A keyword, once matched, is blanked out of the name, so a longer keyword listed
 * first ("水生态") keeps a shorter one ("生态") from matching inside it.
 */
#include "core/needs.h"

#include <stdlib.h>
#include <string.h>

#include "util/embedded.h"
#include "util/xalloc.h"

struct rule {
	const char *keyword, *expertise;
};
static struct rule *rules;
static size_t nrules;

static void load(void)
{
	if (rules)
		return;
	const struct embedded_file *f = embedded_find("expertise.csv");
	size_t alloc = 0;
	char *text = xstrndup(f ? f->data : "", f ? f->len : 0);
	char *line = strchr(text, '\n');
	rules = xcalloc(1, sizeof(*rules));
	while (line && *++line) {
		char *end = strchr(line, '\n');
		if (end)
			*end = '\0';
		line[strcspn(line, "\r")] = '\0';
		char *comma = strchr(line, ',');
		if (comma && comma != line && comma[1]) {
			*comma = '\0';
			ALLOC_GROW(rules, nrules + 1, alloc);
			rules[nrules].keyword = line;
			rules[nrules].expertise = comma + 1;
			nrules++;
		}
		line = end;
	}
}

int needs_of_department(const char *department, void (*fn)(const char *expertise, void *arg), void *arg)
{
	load();
	/* a keyword matched once is blanked out, so "水生态" does not also match "生态" */
	char *rest = xstrdup(department);
	const char **given = xcalloc(nrules + 1, sizeof(*given));
	int n = 0;
	for (size_t i = 0; i < nrules; i++) {
		char *at = strstr(rest, rules[i].keyword);
		if (!at)
			continue;
		memset(at, 1, strlen(rules[i].keyword));
		int seen = 0;
		for (int j = 0; j < n && !seen; j++)
			seen = !strcmp(given[j], rules[i].expertise);
		if (!seen) {
			given[n++] = rules[i].expertise;
			fn(rules[i].expertise, arg);
		}
	}
	free(given);
	free(rest);
	return n;
}
