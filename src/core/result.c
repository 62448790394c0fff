/*
 * This file implements the result wording of Article 9 and its mapping to the national platform's
 * result codes (see result.h and docs/DISCLOSURE.md), and the rules of the problem closed loop.
 */
#include "core/result.h"

#include <string.h>

const struct result_outcome_info result_outcomes[RESULT_OUTCOME_COUNT] = {
    {RESULT_NONE, "none", "未发现问题", 0, 1, "1", "未发现问题", 1},
    {RESULT_RECTIFY, "rectify", "发现问题已责令整改", 1, 1, "A", "发现问题待后续处理", 1},
    {RESULT_CASE, "case", "发现违法行为已立案调查", 1, 1, "A", "发现问题待后续处理", 1},
    {RESULT_UNREACHABLE, "unreachable", "通过登记的住所（经营场所）无法联系", 0, 0, "6",
     "通过登记的住所（经营场所）无法联系", 1},
    {RESULT_CLOSED, "closed", "已关闭停业或正在组织清算", 0, 0, "7", "已关闭停业或正在组织清算", 1},
    {RESULT_REFUSED, "refused", "不予配合情节严重", 0, 0, "8", "不予配合情节严重", 1},
    {RESULT_NO_ACTIVITY, "no_activity", "未发现开展本次抽查涉及的经营活动", 0, 1, "F",
     "未发现开展本次抽查涉及的经营活动", 1},
    {RESULT_UNCOOPERATIVE, "uncooperative", "不配合检查", 0, 0, "8", "不予配合情节严重", 0},
};

static const struct {
	const char *code, *text;
} national_codes[] = {
    {"1", "未发现问题"},
    {"6", "通过登记的住所（经营场所）无法联系"},
    {"7", "已关闭停业或正在组织清算"},
    {"8", "不予配合情节严重"},
    {"A", "发现问题待后续处理"},
    {"E", "发现问题经责令已改正"},
    {"F", "未发现开展本次抽查涉及的经营活动"},
};

const struct result_outcome_info *result_outcome_find(const char *s)
{
	if (!s)
		return NULL;
	for (int i = 0; i < RESULT_OUTCOME_COUNT; i++)
		if (!strcmp(s, result_outcomes[i].key) || !strcmp(s, result_outcomes[i].wording))
			return &result_outcomes[i];
	/* the short forms people type for the last four */
	static const struct {
		const char *alias;
		enum result_outcome o;
	} aliases[] = {
	    {"无法联系", RESULT_UNREACHABLE},
	    {"已关闭停业", RESULT_CLOSED},
	    {"不予配合", RESULT_UNCOOPERATIVE},
	    {"未发现相关经营活动", RESULT_NO_ACTIVITY},
	};
	for (size_t i = 0; i < sizeof(aliases) / sizeof(aliases[0]); i++)
		if (!strcmp(s, aliases[i].alias))
			return &result_outcomes[aliases[i].o];
	return NULL;
}

const struct result_outcome_info *result_outcome_by_key(const char *key)
{
	if (!key)
		return NULL;
	for (int i = 0; i < RESULT_OUTCOME_COUNT; i++)
		if (!strcmp(key, result_outcomes[i].key))
			return &result_outcomes[i];
	return NULL;
}

const char *result_national_text(const char *code)
{
	if (!code)
		return NULL;
	for (size_t i = 0; i < sizeof(national_codes) / sizeof(national_codes[0]); i++)
		if (!strcmp(code, national_codes[i].code))
			return national_codes[i].text;
	return NULL;
}

const char *result_national_code(const struct result_outcome_info *o, long open_problems, const char **text)
{
	const char *code = o->national_code;
	if (o->outcome == RESULT_RECTIFY && open_problems == 0)
		code = "E";
	if (text)
		*text = o->exact ? result_national_text(code) : o->wording;
	return code;
}

const char *const result_withhold_reasons[] = {"涉及国家秘密", "涉及国家安全", "涉及公共安全", NULL};

int result_withhold_reason_valid(const char *s)
{
	for (int i = 0; s && result_withhold_reasons[i]; i++)
		if (!strcmp(s, result_withhold_reasons[i]))
			return 1;
	return 0;
}

int problem_step_allowed(const char *from, const char *step, const char **why)
{
	int found = !strcmp(from, PROBLEM_FOUND), assigned = !strcmp(from, PROBLEM_ASSIGNED),
	    supervised = !strcmp(from, PROBLEM_SUPERVISED), closed = !strcmp(from, PROBLEM_CLOSED);
	const char *reason = NULL;
	if (closed)
		reason = "问题已销号，闭环已完成，不能再变更";
	else if (!strcmp(step, PROBLEM_ASSIGNED))
		reason = found || assigned || supervised ? NULL : "问题状态异常";
	else if (!strcmp(step, PROBLEM_SUPERVISED) || !strcmp(step, PROBLEM_STEP_ESCALATED))
		reason = assigned || supervised ? NULL
						: "问题尚未交办，不能督办（先交办给责任单位并确定整改期限）";
	else if (!strcmp(step, PROBLEM_CLOSED))
		reason = assigned || supervised
			     ? NULL
			     : "问题尚未交办，不能销号（闭环顺序：发现 → 交办 → 督办 → 销号）";
	else
		reason = "未知的闭环步骤";
	if (why)
		*why = reason;
	return reason == NULL;
}

const char *problem_state_after(const char *step)
{
	if (!strcmp(step, PROBLEM_STEP_ESCALATED))
		return PROBLEM_SUPERVISED;
	return step;
}
