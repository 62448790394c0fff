/*
 * This file declares the roles a user of suiji may hold (docs/ROLES.md), as bits of a mask, with
 * their Chinese names. A user may hold several roles. Pure data: no I/O.
 *   市局管理员  business administrator of the city bureau: every unit
 *   分局管理员  business administrator of a branch (分局): its own unit
 *   科室人员    a business department's staff: the item list and plan lines of their unit
 *   执法人员    an inspector: the tasks of their own team
 *   监督        oversight (纪检、法制): reads everything, approves re-draws, writes no business data
 *   公开审核    disclosure (公开 / 不予公开, the public site)
 *   系统管理员  users, units, settings; no business data          ┐
 *   安全管理员  role assignments and security policy                ├ 三员分立 (等保2.0 三级)
 *   审计管理员  reads the audit chain only                          ┘
 */
#ifndef SUIJI_CORE_ROLES_H
#define SUIJI_CORE_ROLES_H

enum role {
	ROLE_CITY_ADMIN = 1u << 0,
	ROLE_BRANCH_ADMIN = 1u << 1,
	ROLE_STAFF = 1u << 2,
	ROLE_INSPECTOR = 1u << 3,
	ROLE_OVERSIGHT = 1u << 4,
	ROLE_PUBLISHER = 1u << 5,
	ROLE_SYSADMIN = 1u << 6,
	ROLE_SECADMIN = 1u << 7,
	ROLE_AUDITADMIN = 1u << 8,
};
#define ROLE_COUNT 9
/* The three separated administrators' roles (三员). */
#define ROLES_SEPARATED (ROLE_SYSADMIN | ROLE_SECADMIN | ROLE_AUDITADMIN)
/* What "init --admin" registers, and what the earlier single role 管理员 becomes on migration. */
#define ROLES_FIRST_ADMIN (ROLE_CITY_ADMIN | ROLE_SYSADMIN)

/* The Chinese name of the role bit "r" (exactly one bit), or "" when it is none. */
const char *role_name(unsigned r);
/* The role bit named "name", or 0. The earlier name 管理员 is read as ROLES_FIRST_ADMIN. */
unsigned role_from_name(const char *name);
/* The i-th role bit (0 <= i < ROLE_COUNT), in the order above. */
unsigned role_at(int i);
/*
 * Parses a list of role names separated by 、，,；; or spaces into a mask. Returns 0 with *mask set,
 * or -1 with "bad" (at least 64 bytes) holding the first name that is not a role.
 */
int roles_parse(const char *list, unsigned *mask, char bad[64]);
/* Writes the names of "mask" joined by 、 in the order above into buf (size n); "" for none. */
void roles_format(unsigned mask, char *buf, unsigned long n);

#endif
