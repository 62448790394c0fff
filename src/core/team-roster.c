/*
 * This file implements the rule for the people named to inspect one object (core/team-roster.h).
 */
#include "core/team-roster.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/xalloc.h"

unsigned team_member_faults(const struct team_member *m)
{
	if (!m->found)
		return TEAM_UNKNOWN;
	unsigned f = 0;
	if (!m->active)
		f |= TEAM_INACTIVE;
	if (m->in_team && (strcmp(m->kind, "执法") || !m->certified))
		f |= TEAM_NOT_OFFICER;
	if (!m->in_team && strcmp(m->kind, "辅助"))
		f |= TEAM_NOT_EXPERT;
	if (m->conflict)
		f |= TEAM_CONFLICT;
	return f;
}

void team_roster_person(struct team_member *m, size_t n, const char *id, const char *name, const char *kind,
			const char *region, const char *active, const char *cert_no)
{
	for (size_t i = 0; i < n; i++) {
		struct team_member *p = &m[i];
		if (strcmp(p->id, id))
			continue;
		p->found = 1;
		snprintf(p->name, sizeof(p->name), "%s", name);
		snprintf(p->kind, sizeof(p->kind), "%s", kind);
		snprintf(p->region, sizeof(p->region), "%s", region);
		p->active = !strcmp(active, "是");
		p->certified = *cert_no != '\0';
	}
}

void team_roster_conflict(struct team_member *m, size_t n, const char *person, const char *reason)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(m[i].id, person) && !m[i].conflict)
			m[i].conflict = xstrdup(reason);
}

void team_roster_release(struct team_member *m, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(m[i].conflict);
		m[i].conflict = NULL;
	}
}
