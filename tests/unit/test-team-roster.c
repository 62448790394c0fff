/*
 * Unit tests of the rule for people named to inspect one object (core/team-roster.c): matching the
 * directories' values onto the named members and the faults that keep someone out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "core/team-roster.h"

static void member(struct team_member *m, const char *id, int in_team)
{
	memset(m, 0, sizeof(*m));
	strcpy(m->id, id);
	m->in_team = in_team;
}

static void faults(void **state)
{
	(void)state;
	struct team_member m[5];
	member(&m[0], "P1", 1);
	member(&m[1], "P2", 1);
	member(&m[2], "P3", 0);
	member(&m[3], "P4", 1);
	member(&m[4], "P9", 1);
	team_roster_person(m, 5, "P1", "甲", "执法", "410821", "是", "豫环执001");
	team_roster_person(m, 5, "P2", "乙", "执法", "410821", "否", "");
	team_roster_person(m, 5, "P3", "丙", "执法", "410882", "是", "豫环执003");
	team_roster_person(m, 5, "P4", "丁", "辅助", "410882", "是", "");
	team_roster_conflict(m, 5, "P1", "亲属");
	team_roster_conflict(m, 5, "P1", "另一条");
	team_roster_conflict(m, 5, "P7", "不在名单");
	assert_string_equal(m[0].name, "甲");
	assert_string_equal(m[0].region, "410821");
	assert_string_equal(m[0].conflict, "亲属");
	assert_int_equal(team_member_faults(&m[0]), TEAM_CONFLICT);
	assert_int_equal(team_member_faults(&m[1]), TEAM_INACTIVE | TEAM_NOT_OFFICER);
	assert_int_equal(team_member_faults(&m[2]), TEAM_NOT_EXPERT);
	assert_int_equal(team_member_faults(&m[3]), TEAM_NOT_OFFICER);
	assert_int_equal(team_member_faults(&m[4]), TEAM_UNKNOWN);
	m[3].in_team = 0;
	assert_int_equal(team_member_faults(&m[3]), 0);
	team_roster_release(m, 5);
	assert_null(m[0].conflict);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(faults),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
