/*
 * This file implements op/authz.h: the table of actions and, per role, the scope in which the role
 * may take each; the check every operation makes; and the Markdown of docs/ROLES.md.
 */
#include "op/authz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/roles.h"
#include "store/task.h"
#include "util/strbuf.h"

#define N SCOPE_NONE
#define O SCOPE_OWN
#define T SCOPE_TREE
#define A SCOPE_ALL
#define M SCOPE_TEAM
#define D SCOPE_DONE

/* One row per action; the scopes in the order of core/roles.h: 市局管理员 分局管理员 科室人员 执法人员 监督
 * 公开审核 系统管理员 安全管理员 审计管理员. */
static const struct action {
	const char *code, *zh;
	unsigned char scope[ROLE_COUNT];
} actions[ACT__COUNT] = {
    [ACT_DIRECTORY_READ] = {"directory.read", "查看名录", {T, O, O, O, A, T, N, N, N}},
    [ACT_DIRECTORY_WRITE] = {"directory.write",
			     "导入、调整检查对象、执法人员和回避关系名录",
			     {T, O, N, N, N, N, N, N, N}},
    [ACT_ITEM_WRITE] = {"item.write", "维护随机抽查事项清单", {T, O, O, N, N, N, N, N, N}},
    [ACT_PLAN_READ] = {"plan.read", "查看年度抽查计划", {T, O, O, O, A, T, N, N, N}},
    [ACT_PLAN_WRITE] = {"plan.write", "编制、调整年度抽查计划", {T, O, O, N, N, N, N, N, N}},
    [ACT_PLAN_FILE] = {"plan.file", "年度抽查计划备案", {T, O, N, N, N, N, N, N, N}},
    [ACT_PLAN_REVIEW] = {"plan.review", "接收或退回分局的计划备案", {T, N, N, N, N, N, N, N, N}},
    [ACT_SETTINGS_WRITE] = {"settings.write", "修改本单位规则与设置", {T, O, N, N, N, N, A, N, N}},
    [ACT_TARGETED_CREATE] = {"targeted.create", "登记针对性检查", {T, O, N, N, N, N, N, N, N}},
    [ACT_DRAW_READ] = {"draw.read", "查看抽取结果（检查前保密）", {T, O, N, N, A, N, N, N, N}},
    [ACT_DRAW_ANNOUNCE] = {"draw.announce", "发布抽取公告", {T, O, N, N, N, N, N, N, N}},
    [ACT_DRAW_RUN] = {"draw.run", "执行随机抽取", {T, O, N, N, N, N, N, N, N}},
    [ACT_DRAW_REVEAL] = {"draw.reveal", "公开抽取包", {T, O, N, N, N, N, N, N, N}},
    [ACT_DRAW_APPROVE] = {"draw.approve", "批准重新抽取", {N, N, N, N, A, N, N, N, N}},
    [ACT_TASK_READ] = {"task.read", "查看检查任务", {T, O, N, M, A, D, N, N, N}},
    [ACT_TASK_CHANGE] = {"task.change", "调整检查组、作废检查任务", {T, O, N, N, N, N, N, N, N}},
    [ACT_RESULT_RECORD] = {"result.record", "录入、更正检查结果和行政处罚决定", {T, O, N, M, N, N, N, N, N}},
    [ACT_PROBLEM_STEP] = {"problem.step", "办理问题（交办、督办、销号）", {T, O, N, M, N, N, N, N, N}},
    [ACT_DISCLOSURE_PUBLISH] = {"disclosure.publish", "公开检查结果", {T, O, N, M, N, T, N, N, N}},
    [ACT_DISCLOSURE_WITHHOLD] = {"disclosure.withhold", "决定不予公开", {T, O, N, N, N, T, N, N, N}},
    [ACT_SITE_PUBLISH] = {"site.publish", "生成公开网站和平台报送文件", {T, N, N, N, N, T, N, N, N}},
    [ACT_REPORT_READ] = {"report.read", "查看统计、待办和到期清单", {T, O, O, O, A, T, N, N, N}},
    [ACT_AUDIT_READ] = {"audit.read", "查看、核验审计链", {A, N, N, N, A, N, N, N, A}},
    [ACT_AUDIT_SIGN] = {"audit.sign", "签发审计链头", {A, N, N, N, N, N, N, N, A}},
    [ACT_USER_MANAGE] = {"user.manage",
			 "管理用户账号（登记、停用、重置口令、业务角色）",
			 {N, N, N, N, N, N, A, A, N}},
    [ACT_ROLE_ASSIGN] = {"role.assign",
			 "分配系统、安全、审计管理员角色，修改安全策略",
			 {N, N, N, N, N, N, N, A, N}},
    [ACT_UNIT_MANAGE] = {"unit.manage", "管理单位（分局）及其辖区", {N, N, N, N, N, N, A, N, N}},
    [ACT_KEY_MANAGE] = {"key.manage", "生成、轮换本单位签名密钥", {N, N, N, N, N, N, A, A, N}},
    [ACT_KEY_SIGN] = {"key.sign", "以本单位密钥签名文件", {A, N, N, N, N, A, N, N, N}},
    [ACT_BACKUP] = {"backup", "备份数据库（含抽取盐值和保密名单）", {A, N, N, N, N, N, A, N, N}},
    [ACT_RESTORE] = {"restore", "从备份恢复数据库", {N, N, N, N, N, N, A, N, N}},
    [ACT_DEMO] = {"demo", "在已有数据库上生成演示数据", {A, N, N, N, N, N, N, N, N}},
    [ACT_CALENDAR_WRITE] = {"calendar.write", "导入国务院节假日安排", {A, N, N, N, N, N, A, N, N}},
};

const char *op_action_zh(enum op_action a)
{
	return a < ACT__COUNT ? actions[a].zh : "";
}
const char *op_action_code(enum op_action a)
{
	return a < ACT__COUNT ? actions[a].code : "";
}

/* The order of breadth when a user holds several roles: ALL > TREE > OWN > DONE > TEAM. */
static int breadth(enum op_scope s)
{
	static const int b[] = {[SCOPE_NONE] = 0, [SCOPE_TEAM] = 1, [SCOPE_DONE] = 2,
				[SCOPE_OWN] = 3,  [SCOPE_TREE] = 4, [SCOPE_ALL] = 5};
	return b[s];
}

enum op_scope op_scope_of(unsigned roles, enum op_action a)
{
	enum op_scope best = SCOPE_NONE;
	for (int i = 0; i < ROLE_COUNT && a < ACT__COUNT; i++)
		if (roles & (1u << i) && breadth(actions[a].scope[i]) > breadth(best))
			best = actions[a].scope[i];
	return best;
}

size_t op_codes_of(unsigned roles, const char *codes[ACT__COUNT])
{
	size_t n = 0;
	for (int a = 0; a < ACT__COUNT; a++)
		if (op_scope_of(roles, (enum op_action)a) != SCOPE_NONE)
			codes[n++] = actions[a].code;
	return n;
}

int op_team_has(const char *team, const char *person_id)
{
	size_t n = person_id ? strlen(person_id) : 0;
	if (!team || !n)
		return 0;
	for (const char *p = team; *p;) {
		const char *q = strstr(p, "、");
		size_t l = q ? (size_t)(q - p) : strlen(p);
		if (l == n && !memcmp(p, person_id, n))
			return 1;
		if (!q)
			break;
		p = q + strlen("、");
	}
	return 0;
}

/* Whether one role's scope "sc" admits unit "unit" and task "t". */
static int scope_admits(struct op_session *s, enum op_scope sc, long unit, const struct task *t)
{
	switch (sc) {
	case SCOPE_NONE:
		return 0;
	case SCOPE_ALL:
		return 1;
	case SCOPE_OWN:
		return unit == s->own.id;
	case SCOPE_TREE:
		return op_unit_within(s, unit, s->own.id);
	case SCOPE_DONE:
		return op_unit_within(s, unit, s->own.id) && t && t->state && strcmp(t->state, "待检查") != 0;
	case SCOPE_TEAM:
		return t && op_team_has(t->team, s->person_id);
	}
	return 0;
}

int op_allowed(struct op_session *s, enum op_action a, long unit_id, const struct task *t)
{
	if (!s || a >= ACT__COUNT)
		return 0;
	long unit = t && t->unit_id ? t->unit_id : unit_id ? unit_id : s->unit.id;
	for (int i = 0; i < ROLE_COUNT; i++)
		if (s->roles & (1u << i) && scope_admits(s, actions[a].scope[i], unit, t))
			return 1;
	return 0;
}

int op_authorize(struct op_session *s, enum op_action a, long unit_id, const struct task *t,
		 struct op_diag *d)
{
	if (op_allowed(s, a, unit_id, t))
		return 0;
	char roles[256];
	op_session_roles(s, roles, sizeof(roles));
	const char *zh = op_action_zh(a);
	enum op_scope sc = op_scope_of(s->roles, a);
	if (sc == SCOPE_NONE)
		return op_fail(d, OP_DENIED, "无权限：%s（%s）不能%s", s->name, *roles ? roles : "无角色",
			       zh);
	if (sc == SCOPE_TEAM) {
		if (t)
			return op_fail(d, OP_DENIED,
				       "无权限：%s（%s，人员编号 %s）不是任务 %ld "
				       "的检查组成员，不能%s（谁检查、谁录入、谁公开）",
				       s->name, roles, s->person_id, t->id, zh);
		return op_fail(d, OP_DENIED, "无权限：%s（%s）只能对本检查组的任务%s", s->name, roles, zh);
	}
	if (sc == SCOPE_DONE && t && (!t->state || !strcmp(t->state, "待检查")))
		return op_fail(d, OP_DENIED,
			       "无权限：任务 %ld 尚未检查，抽取名单在检查前保密，%s（%s）不能查看", t->id,
			       s->name, roles);
	return op_fail(d, OP_DENIED, "无权限：%s（%s，%s）不能对其他单位的数据%s", s->name, roles,
		       s->own.name, zh);
}

char *op_roles_markdown(void)
{
	static const char *scope_zh[] = {
	    [SCOPE_NONE] = "—",	  [SCOPE_OWN] = "本单位",    [SCOPE_TREE] = "本单位及下级",
	    [SCOPE_ALL] = "全部", [SCOPE_TEAM] = "本组任务", [SCOPE_DONE] = "已检查任务"};
	struct strbuf sb = STRBUF_INIT;
	strbuf_adds(&sb, "| 操作 | 代码 |");
	for (int i = 0; i < ROLE_COUNT; i++)
		strbuf_addf(&sb, " %s |", role_name(role_at(i)));
	strbuf_adds(&sb, "\n|---|---|");
	for (int i = 0; i < ROLE_COUNT; i++)
		strbuf_adds(&sb, "---|");
	strbuf_addc(&sb, '\n');
	for (int a = 0; a < ACT__COUNT; a++) {
		strbuf_addf(&sb, "| %s | `%s` |", actions[a].zh, actions[a].code);
		for (int i = 0; i < ROLE_COUNT; i++)
			strbuf_addf(&sb, " %s |", scope_zh[actions[a].scope[i]]);
		strbuf_addc(&sb, '\n');
	}
	return strbuf_detach(&sb);
}
