/*
 * This file declares the rule for the people named to inspect one object outside the draw (a targeted
 * inspection's team and experts, a task's new team): each must be in the people directory and on duty;
 * a team member must be a certified law-enforcement officer (执法 with an 执法证号), an expert must be
 * 辅助; nobody may have a declared conflict (回避) with the object. The people and conflicts are
 * matched here from the directories' values; op/roster.c reads them. Pure: no I/O.
 */
#ifndef SUIJI_CORE_TEAM_ROSTER_H
#define SUIJI_CORE_TEAM_ROSTER_H

#include <stddef.h>

/* One person named, as the current directories have them. */
struct team_member {
	char id[64]; /* the person id as named */
	int in_team; /* 1: a member of the team, 0: an expert (辅助检查人员) */
	int found;   /* in the people directory */
	char name[128], kind[32], region[16];
	int active;	/* 在岗 = 是 */
	int certified;	/* an 执法证号 is recorded */
	char *conflict; /* the reason of a declared conflict with the object ("" without one); NULL: none */
};

/* Why a member may not take part (bits of team_member_faults). */
enum team_fault {
	TEAM_UNKNOWN = 1,     /* not in the people directory (no other bit is set then) */
	TEAM_INACTIVE = 2,    /* not on duty */
	TEAM_NOT_OFFICER = 4, /* in the team but not a certified 执法 officer */
	TEAM_NOT_EXPERT = 8,  /* an expert who is not 辅助 */
	TEAM_CONFLICT = 16,   /* a declared conflict with the object */
};

/* The faults of member "m" (0 when it may take part). */
unsigned team_member_faults(const struct team_member *m);

/*
 * Fills every member of m[0..n) whose id is "id" from a person's current directory values ("active" is
 * the 在岗 value, "cert_no" the 执法证号).
 */
void team_roster_person(struct team_member *m, size_t n, const char *id, const char *name, const char *kind,
			const char *region, const char *active, const char *cert_no);
/* Records the conflict of person "person" (reason "reason") on every member with that id that has none. */
void team_roster_conflict(struct team_member *m, size_t n, const char *person, const char *reason);
/* Frees the conflicts' reasons (the members stay). */
void team_roster_release(struct team_member *m, size_t n);

#endif
