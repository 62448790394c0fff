/*
 * This file declares the inspection result as the regulation words it (Article 9, R9.3) and the
 * mapping of each result to the result codes of the national platform (国家企业信用信息公示系统,
 * 抽查检查结果) — the table docs/DISCLOSURE.md documents. No I/O.
 *
 * An outcome is stored by its English key ("none", "rectify" …) and shown by its Chinese wording.
 * The first three are the regulation's words (第九条): 未发现问题 / 发现问题已责令整改 /
 * 发现违法行为已立案调查. The others are the cases in which no inspection could be made, with the
 * national platform's own wording: 通过登记的住所（经营场所）无法联系, 已关闭停业或正在组织清算,
 * 不予配合情节严重, 未发现开展本次抽查涉及的经营活动.
 */
#ifndef SUIJI_CORE_RESULT_H
#define SUIJI_CORE_RESULT_H
#include <stddef.h>

enum result_outcome {
	RESULT_NONE,	    /* 未发现问题 */
	RESULT_RECTIFY,	    /* 发现问题已责令整改 */
	RESULT_CASE,	    /* 发现违法行为已立案调查 */
	RESULT_UNREACHABLE, /* 通过登记的住所（经营场所）无法联系 */
	RESULT_CLOSED,	    /* 已关闭停业或正在组织清算 */
	RESULT_REFUSED,	    /* 不予配合情节严重 */
	RESULT_NO_ACTIVITY, /* 未发现开展本次抽查涉及的经营活动 */
	RESULT_UNCOOPERATIVE, /* 不配合检查: weaker than 不予配合情节严重; no exact platform code (8 is the
				 nearest) */
	RESULT_OUTCOME_COUNT
};

struct result_outcome_info {
	enum result_outcome outcome;
	const char
	    *key; /* stored: "none", "rectify", "case", "unreachable", "closed", "refused", "no_activity" */
	const char *wording; /* what the public reads */
	/*
	 * Problems: 1 when the result must list at least one problem (and each becomes a closed-loop
	 * record), 0 when it must list none.
	 */
	int problems;
	int inspected; /* 1 when the inspection took place on the object (findings per item make sense) */
	/* the national platform's code and text; for "rectify" while a problem is still open, see below */
	const char *national_code;
	const char *national_text;
	/*
	 * 1 when the platform's code says exactly what was recorded; 0 when it is only the nearest code
	 * (不配合检查 → 8 不予配合情节严重): the export then carries the code with the recorded wording,
	 * never the platform's stronger text (docs/DISCLOSURE.md).
	 */
	int exact;
};

/* The outcomes in the order above. */
extern const struct result_outcome_info result_outcomes[RESULT_OUTCOME_COUNT];

/* The outcome whose key or Chinese wording is "s" (surrounding spaces not allowed), or NULL. */
const struct result_outcome_info *result_outcome_find(const char *s);
/* The outcome stored as "key"; NULL for an unknown key. */
const struct result_outcome_info *result_outcome_by_key(const char *key);

/*
 * The national platform's result code for an outcome given the state of its problems:
 * "open_problems" is how many of the task's problems are not yet closed (销号).
 *   未发现问题 → "1"; 发现问题已责令整改 → "E" (发现问题经责令已改正) once every problem is closed,
 *   "A" (发现问题待后续处理) before; 发现违法行为已立案调查 → "A"; 无法联系 → "6";
 *   已关闭停业 → "7"; 不予配合情节严重 → "8"; 未发现开展本次抽查涉及的经营活动 → "F"; 不配合检查 → "8"
 *   (the nearest: the platform has no code for a refusal that is not serious).
 * *text (when text is non-NULL) receives the platform's wording for that code, or the recorded wording
 * when the code is only the nearest (o->exact 0): the published text never changes with the code.
 */
const char *result_national_code(const struct result_outcome_info *o, long open_problems, const char **text);

/* The national platform's wording for a code from the table above, or NULL. */
const char *result_national_text(const char *code);

/*
 * Withholding (不予公开, Article 9 R9.5): the recorded reason must be one of these three; the
 * detail goes in a free-text note.
 */
extern const char *const result_withhold_reasons[]; /* NULL-terminated: 涉及国家秘密 … */
/* 1 when "s" is one of result_withhold_reasons. */
int result_withhold_reason_valid(const char *s);

/* The closed loop (Article 3): problem states and steps. */
#define PROBLEM_FOUND "发现"
#define PROBLEM_ASSIGNED "交办"
#define PROBLEM_SUPERVISED "督办"
#define PROBLEM_CLOSED "销号"
#define PROBLEM_STEP_ESCALATED "升级督办"

/*
 * Whether a problem in state "from" may take step "step" (交办, 督办, 升级督办, 销号): 交办 only from
 * 发现 or, to hand it to someone else, from 交办/督办; 督办 and 升级督办 from 交办 or 督办; 销号 from
 * 交办 or 督办 (never straight from 发现: a problem is handed to an owner first). Returns 1 or 0, and
 * on 0 puts the Chinese reason into *why (static text).
 */
int problem_step_allowed(const char *from, const char *step, const char **why);
/* The state a problem is in after "step" (升级督办 leaves it in 督办). */
const char *problem_state_after(const char *step);

#endif
