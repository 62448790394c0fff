/*
 * This file declares the one table of who may do what (docs/ROLES.md is printed from it by
 * `suiji roles --markdown`, and a test checks the two agree): every action an operation takes, and
 * for each role the scope in which that role may take it. Every operation in src/op/ calls
 * op_authorize() itself before it reads or writes anything; nothing else compares roles.
 *
 * Scopes: OWN — the operator's own unit; TREE — the operator's unit and the units below it (for a
 * city user, every unit); ALL — every unit whatever the operator's own (oversight, the global audit
 * chain); TEAM — only a task whose team holds the operator's person id; DONE — only tasks already
 * inspected (the drawn list stays confidential until then), within TREE.
 */
#ifndef SUIJI_OP_AUTHZ_H
#define SUIJI_OP_AUTHZ_H

#include "op/session.h"

struct task;

enum op_action {
	ACT_DIRECTORY_READ,	 /* 查看名录 */
	ACT_DIRECTORY_WRITE,	 /* 导入、调整检查对象、执法人员和回避关系名录 */
	ACT_ITEM_WRITE,		 /* 维护随机抽查事项清单 */
	ACT_PLAN_READ,		 /* 查看年度抽查计划 */
	ACT_PLAN_WRITE,		 /* 编制、调整计划（新建、增删计划事项） */
	ACT_PLAN_FILE,		 /* 计划备案（分局报市局） */
	ACT_PLAN_REVIEW,	 /* 接收或退回分局的计划备案 */
	ACT_SETTINGS_WRITE,	 /* 修改本单位规则与设置 */
	ACT_TARGETED_CREATE,	 /* 登记针对性检查 */
	ACT_DRAW_READ,		 /* 查看抽取结果（检查前保密） */
	ACT_DRAW_ANNOUNCE,	 /* 发布抽取公告 */
	ACT_DRAW_RUN,		 /* 执行随机抽取 */
	ACT_DRAW_REVEAL,	 /* 公开抽取包 */
	ACT_DRAW_APPROVE,	 /* 批准重新抽取（监督） */
	ACT_TASK_READ,		 /* 查看检查任务 */
	ACT_TASK_CHANGE,	 /* 调整检查组、作废任务 */
	ACT_RESULT_RECORD,	 /* 录入、更正检查结果和行政处罚 */
	ACT_PROBLEM_STEP,	 /* 问题闭环（交办、督办、销号） */
	ACT_DISCLOSURE_PUBLISH,	 /* 公开检查结果 */
	ACT_DISCLOSURE_WITHHOLD, /* 决定不予公开 */
	ACT_SITE_PUBLISH,	 /* 生成公开网站和平台报送文件 */
	ACT_REPORT_READ,	 /* 查看统计、待办和到期清单 */
	ACT_AUDIT_READ,		 /* 查看、核验审计链 */
	ACT_AUDIT_SIGN,		 /* 签发审计链头 */
	ACT_USER_MANAGE,	 /* 管理用户账号（登记、停用、重置口令、业务角色） */
	ACT_ROLE_ASSIGN,	 /* 分配系统、安全、审计管理员角色；安全策略 */
	ACT_UNIT_MANAGE,	 /* 管理单位（分局）和辖区 */
	ACT_KEY_MANAGE,		 /* 生成、轮换签名密钥 */
	ACT_KEY_SIGN,		 /* 以本单位密钥签名文件 */
	ACT_BACKUP,		 /* 备份数据库（含抽取盐值和保密名单） */
	ACT_RESTORE,		 /* 从备份恢复数据库 */
	ACT_DEMO,		 /* 在已有数据库上生成演示数据 */
	ACT_CALENDAR_WRITE,	 /* 导入国务院节假日安排 */
	ACT__COUNT
};

enum op_scope { SCOPE_NONE = 0, SCOPE_OWN, SCOPE_TREE, SCOPE_ALL, SCOPE_TEAM, SCOPE_DONE };

/* The Chinese name of an action ("导入…"), and its code name ("directory.write"). */
const char *op_action_zh(enum op_action a);
const char *op_action_code(enum op_action a);
/* The widest scope any of "roles" has for "a". */
enum op_scope op_scope_of(unsigned roles, enum op_action a);
/*
 * The codes of the actions "roles" may take in some scope ("directory.read", …), in the table's order,
 * into codes[]; returns how many. What the web application shows menus and buttons by.
 */
size_t op_codes_of(unsigned roles, const char *codes[ACT__COUNT]);

/*
 * Whether the session may take action "a" on unit "unit_id" (0: the session's chosen unit) and, for a
 * task-scoped action, on task "t" (NULL otherwise). 0 when allowed; -1 with d->fail = OP_DENIED and a
 * Chinese message naming the operator, their roles, the action and why, when not.
 */
int op_authorize(struct op_session *s, enum op_action a, long unit_id, const struct task *t,
		 struct op_diag *d);
/* The same, silently: 1 when allowed. For filtering lists (a task the operator may not see is left out). */
int op_allowed(struct op_session *s, enum op_action a, long unit_id, const struct task *t);
/* 1 when the list "team" (person ids joined by 、) names "person_id". */
int op_team_has(const char *team, const char *person_id);
/* docs/ROLES.md's table as Markdown, allocated: the caller frees it. */
char *op_roles_markdown(void);

#endif
