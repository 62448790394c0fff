/*
 * This file declares what an inspection leaves behind (Articles 3 and 9): the result of a task with
 * its inspection dates, a finding per item and attachments by reference (file name and SHA-256, the
 * file itself stays where the bureau keeps it); penalty decisions (行政处罚, for the credit export);
 * the disclosure decision (公开 with the frozen public record, or 不予公开 with its reason); and the
 * task as the lists show it, joined with its object, result, disclosure and problems.
 *
 * Every change is one transaction with audit entries whose subjects are "result:N", "problem:N"
 * (store/problem.h), "penalty:N" and "publish:N" (N the task id); each entry's content hash is the
 * matching store_*_hash_of() of the subject after the change, so the audit verifier can recompute it.
 * Outcomes are the keys of core/result.h; list values (dates) are joined by 、.
 */
#ifndef SUIJI_STORE_RESULT_H
#define SUIJI_STORE_RESULT_H
#include <stddef.h>

#include "core/dirschema.h"
#include "store/store.h"
#include "store/task.h"

/* A file referred to, not stored: its name, SHA-256 (hex) and size in bytes. */
struct attachment_ref {
	const char *name;
	const char *sha256;
	long size;
};

struct result_finding {
	const char *item;    /* item code of the task */
	const char *finding; /* 检查情况 */
};

struct result_problem {
	const char *item; /* the item it was found under, or NULL */
	const char *description;
};

struct result_new {
	long task_id;
	const char *outcome;		   /* core/result.h key */
	const char *dates;		   /* inspection dates, ascending, joined by 、 */
	const char *start_date, *end_date; /* the first and last of them */
	const char *summary;		   /* 检查情况概述, or NULL */
	const struct result_finding *findings;
	size_t nfindings;
	const struct result_problem *problems; /* each becomes a problem in state 发现 */
	size_t nproblems;
	const char *problem_kind; /* 问题 or 违法行为 */
	const struct attachment_ref *attachments;
	size_t nattachments;
	const char *at, *actor, *role;
};

/*
 * Records a result in one transaction: the result, its findings and attachments, a problem (with its
 * 发现 step) for each problem found, the task moved 待检查 → 已检查, and the audit entries "result:N"
 * and "problem:M". Returns the result id; 0 with *err naming the task's state when the task is not
 * 待检查 (nothing written); -1 with *err on an error.
 */
long store_result_record(struct store *st, const struct result_new *r, char **err);

/*
 * Records a correction of task r->task_id's result inside the caller's transaction: a new version
 * amending result "amends" with "reason" (the earlier one is kept), its findings and attachments, a
 * problem for each of r->problems, and the audit entries "result:N" (action "result amend：reason")
 * and "problem:M". The task's state is not changed. Returns the new result's id, or -1 with *err.
 */
long store_result_amend(struct store *st, const struct result_new *r, long amends, const char *reason,
			char **err);
/*
 * Replaces the public record of published task "task_id" with "record" (the corrected result
 * "result_id") inside the caller's transaction, with the audit entry "publish:N" (action
 * "disclosure correct"). 0; 1 when the task's result is not published; -1 with *err.
 */
int store_disclosure_correct(struct store *st, long task_id, long result_id, const char *record,
			     const char *at, const char *actor, char **err);

struct result_row {
	long id, task_id;
	const char *outcome, *dates, *start_date, *end_date, *summary;
	const char *recorded_at, *recorded_by, *recorded_role;
};

/* Calls fn with the result of task "task_id". Returns fn's value, 1 when the task has none, -1 on error. */
int store_result_get(struct store *st, long task_id, int (*fn)(const struct result_row *r, void *arg),
		     void *arg, char **err);
/* Calls fn for each finding of result "result_id", in item order. */
int store_result_findings(struct store *st, long result_id,
			  int (*fn)(const char *item, const char *finding, void *arg), void *arg, char **err);
/* Calls fn for each attachment of a result ("result_id") or of a problem step ("step_id"), by id. */
int store_attachments(struct store *st, long result_id, long step_id,
		      int (*fn)(const struct attachment_ref *a, void *arg), void *arg, char **err);
/* Adds an attachment to a result or a problem step inside the caller's transaction. */
int store_attachment_insert(struct store *st, long result_id, long step_id, const struct attachment_ref *a,
			    const char *at, const char *actor, char **err);
/*
 * The audit content hash of result "id": SHA-256 over task, outcome, dates, summary, then each
 * finding (item 0x1F finding 0x1E) and each attachment (name 0x1F sha256 0x1F size 0x1E).
 * 0, 1 when there is no such result, -1 on error.
 */
int store_result_hash_of(struct store *st, long id, char hex[65], char **err);

/* A penalty decision (行政处罚决定) on a task. */
struct penalty_row {
	long id, task_id;
	const char *decision_no; /* 行政处罚决定书文号 */
	const char *decided_on;	 /* 处罚决定日期 */
	const char *violation;	 /* 违法行为类型 / 违法事实 */
	const char *basis;	 /* 处罚依据, or NULL */
	const char *content;	 /* 处罚内容 */
	const char *fine;	 /* 罚款金额（元）, or NULL */
	const char *recorded_at, *recorded_by;
};

/* Records a penalty decision in its own transaction with the audit entry "penalty:N"; its id or -1. */
long store_penalty_add(struct store *st, const struct penalty_row *p, char **err);
/* Calls fn for each penalty decision (of task "task_id", or all when 0), by decision date then id. */
int store_penalty_each(struct store *st, long task_id, int (*fn)(const struct penalty_row *p, void *arg),
		       void *arg, char **err);
/* SHA-256 over the penalty's fields (0x0A between). 0, 1 when none, -1 on error. */
int store_penalty_hash_of(struct store *st, long id, char hex[65], char **err);

#define DISCLOSE_PUBLISH "公开"
#define DISCLOSE_WITHHOLD "不予公开"

struct disclosure_row {
	long task_id, result_id;
	const char *decision; /* 公开 or 不予公开 */
	const char *on_date;  /* the date of publication, or of the decision to withhold */
	const char *reason;   /* 不予公开: one of core result_withhold_reasons */
	const char *note;
	const char *record; /* 公开: the public record as published (canonical JSON) */
	const char *at, *actor, *role;
};

/*
 * Records a disclosure decision in one transaction: the row, the task moved 已检查 → 已公开 or
 * 不予公开, and the audit entry "publish:N" (N the task id). Returns 0; 1 with *err naming the task's
 * state when it is not 已检查 (e.g. a withheld result cannot be published); -1 on an error.
 */
int store_disclosure_record(struct store *st, const struct disclosure_row *d, char **err);
/* Calls fn for each decision ("decision" NULL: both), by task id. */
int store_disclosure_each(struct store *st, const char *decision,
			  int (*fn)(const struct disclosure_row *d, void *arg), void *arg, char **err);
/*
 * The public portal's search over the published records (decision 公开; a withheld result has no
 * record). The objects found are those with a record whose credit code (upper-cased) or name (spaces,
 * tabs and ideographic spaces removed, ASCII upper-cased) contains "needle" literally — or, with "uscc" set,
 * that object. *total is set to their number, and fn called, ordered by credit code, end date and task, for
 * the records that match of objects [offset, offset + limit) (limit 0: to the end). fn gets the record's
 * credit code beside the row. Both read the index of schema step 18 in one transaction. 0 (or fn's
 * non-zero value), -1 with *err.
 */
int store_public_search(struct store *st, const char *needle, const char *uscc, size_t offset, size_t limit,
			int (*fn)(const struct disclosure_row *d, const char *uscc, void *arg), void *arg,
			size_t *total, char **err);
/* SHA-256 over decision, date, reason, note and record (0x0A between). 0, 1 when none, -1 on error. */
int store_disclosure_hash_of(struct store *st, long task_id, char hex[65], char **err);

/* A task as the lists show it. Strings are "" when absent; valid during the callback only. */
struct task_view {
	struct task task;
	const char *cancelled;	 /* the reason it was cancelled, "" when it stands */
	const char *object_name; /* the object's current name in the directory */
	const char *region, *klass;
	long result_id;
	const char *outcome, *dates, *end_date; /* of the result */
	const char *decision, *decided_on;	/* of the disclosure */
	long problems, open_problems, penalties;
};

struct task_view_filter {
	long id, draw_id;	  /* 0: any */
	const char *state, *kind; /* NULL: any */
	const char *uscc;
	const char *member; /* a person id: only tasks whose team lists it; NULL: any */
	int result_year;    /* only tasks whose inspection ended in that year; 0: any */
	int include_cancelled;
	long unit_id; /* only the tasks of that unit; 0: any */
};

/* Calls fn for each task matching f, by id. */
int store_task_view_each(struct store *st, const struct task_view_filter *f,
			 int (*fn)(const struct task_view *v, void *arg), void *arg, char **err);

/*
 * The current value of column "col" of entry "key" in directory "d" (not removed), allocated; NULL
 * when there is no such entry (or on error).
 */
char *store_dir_current_value(struct store *st, const struct dirkind *d, const char *key, const char *col);

/*
 * The audit verifier's re-hash functions for the subject families of this file and problem.h and
 * user.h, with the registry's signature (store/audit.h, struct audit_family): "id" is the part of the
 * subject after ':'. 0 with hex filled, 1 when the rows no longer exist, -1 with *err.
 *   result:N   store_audit_rehash_result      penalty:N  store_audit_rehash_penalty
 *   publish:N  store_audit_rehash_publish     problem:N  store_audit_rehash_problem
 *   user:NAME  store_audit_rehash_user
 */
int store_audit_rehash_result(struct store *st, const char *id, char hex[65], char **err);
int store_audit_rehash_penalty(struct store *st, const char *id, char hex[65], char **err);
int store_audit_rehash_publish(struct store *st, const char *id, char hex[65], char **err);
int store_audit_rehash_problem(struct store *st, const char *id, char hex[65], char **err);
int store_audit_rehash_user(struct store *st, const char *id, char hex[65], char **err);

#endif
