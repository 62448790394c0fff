/*
 * This file declares the operations on the annual plan (Article 6) of one unit — the session's chosen
 * unit (s->unit: --unit, default the operator's own): a new plan, an adjustment, adding, editing and
 * removing lines of the draft, reading a version, its versions, the Article 7 check (per rule:
 * required, planned, drawn so far, short), filing (备案: freezes the version and writes the filing
 * document through io/; a branch's filing goes to the city's inbox), and the city's review of a
 * branch's filing (accept, or return with a reason). Also what the draw's commands exercise: Article 3's
 * refusals and one line's specification for one period. Each checks the session's roles itself
 * (op/authz.h), owns its transaction, appends its audit entries through the store, and never prints.
 */
#ifndef SUIJI_OP_PLAN_H
#define SUIJI_OP_PLAN_H

#include <stddef.h>

#include "core/article7.h"
#include "io/plan-doc.h"
#include "io/plan-json.h"
#include "op/session.h"
#include "store/plan.h"

/* ---- reading a version and checking it (Article 7) ---- */

struct op_plan_check {
	struct unit unit; /* the unit whose plan it is */
	struct plan_version v;
	struct plan_line *lines;
	size_t nlines;
	struct plan_item **items; /* per line: its items on the current list */
	size_t *nitems;
	struct plan_settings settings; /* the unit's settings (its level's defaults and its changes) */
	char as_of[11];		       /* the directory date of the check */
	struct a7_result r;	       /* over the unit's own objects and business staff */
	long targeted;		       /* the unit's targeted inspections dated in the year */
	long targeted_by_trigger[8];   /* in the order of targeted_triggers */
	long random_tasks;	       /* random tasks of the unit's plan for the year (not cancelled) */
	/* drawn so far, per rule (A7_RULE_*): the year and, for quarterly rules, each quarter. For
	 * key_city_quarterly the city-managed key units inspected in the quarter (each once). */
	long drawn[A7_NRULES];
	long q_drawn[A7_NRULES][4];
	struct plan_doc_version *history; /* every version of the year, oldest first */
	size_t nhistory;
	char **strings; /* owned by the history */
	size_t nstrings;
};

/*
 * Reads version "version" (0: the current one) of the unit's plan for "year" and checks it against the
 * directory as of "as_of" (NULL: the version's date). plan.read. OP_NOTFOUND when there is no such plan or
 * version.
 */
int op_plan_check(struct op_session *s, int year, int version, const char *as_of, struct op_plan_check *out,
		  struct op_diag *d);
void op_plan_check_release(struct op_plan_check *pc);
/* The same for showing a version (plan show): no refusal of an empty directory. */
int op_plan_read(struct op_session *s, int year, int version, struct op_plan_check *out, struct op_diag *d);
/* Writes the document of version "version" (0: current) as HTML and/or xlsx (NULL: not that one). */
int op_plan_write_docs(struct op_session *s, int year, int version, const char *html, const char *xlsx,
		       struct op_diag *d);
/* Calls fn for every version of the unit's year, oldest first. plan.read. */
int op_plan_versions(struct op_session *s, int year, int (*fn)(const struct plan_version *v, void *arg),
		     void *arg, struct op_diag *d);
/*
 * The check of unit "unit"'s plan without authorisation, for another operation that has authorised its
 * own action (statistics): 1 found, 0 no such plan, -1 with *err.
 */
int op_plan_check_unit(struct store *st, long unit, int year, int version, const char *as_of,
		       struct op_plan_check *pc, char **err);
/*
 * Article 7's minimums for unit "unit" from its directory as of "as_of", its settings and its on-duty
 * staff, without a plan (no lines: nothing planned). 0, or -1 with *err. a7_result_release(r).
 */
int op_plan_minimums_unit(struct store *st, long unit, const char *as_of, struct a7_result *r, char **err);
/* What the JSON of the check shows (io/plan-json.h; pointers into "pc"). */
void op_plan_check_view(const struct op_plan_check *pc, struct plan_check_view *v);
/* The filing document's description of a checked version (pointers into "pc"). */
void op_plan_doc(const struct op_plan_check *pc, struct plan_doc *doc);

/* ---- changes ---- */

/* A new plan (version 1, a draft) dated "date" (NULL: today). plan.write. Notes say when filing is late. */
int op_plan_new(struct op_session *s, int year, const char *date, struct op_diag *d);
/* An adjustment of the filed current version: a new draft with "reason" (required) and "date" (NULL: today).
 */
int op_plan_adjust(struct op_session *s, int year, const char *date, const char *reason, int *version,
		   struct op_diag *d);

/* The values of a line as a person gives them (NULL: not given; lists with , ， ; ； 、). */
struct op_line_args {
	const char *name, *type, *items, *initiator, *participants, *partners, *classes, *city, *regions,
	    *industries, *tags, *positive, *period, *staff_deps, *group, *note;
	int rule_set; /* a quota rule was given: rule and rule_value */
	enum quota_rule rule;
	const char *rule_value; /* --ratio, --count, --per-staff: the text given; NULL for --each */
};
/*
 * Adds a line to the draft (out: the line as stored, with its number; plan_line_release). Fills what was
 * left empty from the items (the initiator: the first item's department; participants: the others'); a
 * line with outside departments (partners) is 部门联合检查, one across the bureau's own 科室 only is
 * 系统内跨科室 (plan_line_joint). Refuses an item not on the list, a selector (tag, industry) that matches
 * no object of the unit. plan.write. Notes: an item department taking no part.
 */
int op_plan_line_add(struct op_session *s, int year, const struct op_line_args *a, struct plan_line *out,
		     struct op_diag *d);
/* Changes line "no" of the draft: the values given replace the line's. */
int op_plan_line_edit(struct op_session *s, int year, int no, const struct op_line_args *a,
		      struct plan_line *out, struct op_diag *d);
int op_plan_line_remove(struct op_session *s, int year, int no, struct op_diag *d);

/* ---- filing ---- */

struct op_plan_filed {
	struct plan_version v; /* the filed version (plan_version_release) */
	char *html, *xlsx;     /* the filing documents written */
	int a7_ok;	       /* the version meets Article 7 */
	int to_inbox;	       /* a branch's: put in the city's inbox (待审) */
	char city[256];	       /* the city's name when to_inbox */
};
/*
 * Files the unit's draft current version (备案): freezes it, records whether it is late
 * (plan_filing_late), writes the filing document (HTML and xlsx) into "dir", and for a branch puts it in
 * the city's inbox. plan.file. Nothing is written on a refusal; the documents are removed when the
 * database refuses.
 */
int op_plan_file(struct op_session *s, int year, const char *dir, struct op_plan_filed *out,
		 struct op_diag *d);
void op_plan_filed_release(struct op_plan_filed *f);

/* The branches' filings the session may review or read (plan.review or plan.read over the branch). */
int op_plan_inbox(struct op_session *s, struct plan_filing **out, size_t *n, struct op_diag *d);
/*
 * The city's decision on the filing awaiting review of unit "unit" (a name or id) for "year": accept
 * (accept = 1), or return with "reason" (accept = 0; the branch may then adjust and file again).
 * plan.review. Fills *out with the filing as decided when not NULL.
 */
int op_plan_review(struct op_session *s, const char *unit, int year, int accept, const char *reason,
		   struct plan_filing *out, struct op_diag *d);

/* ---- what the draw calls ---- */

/* Article 3's refusals for lines "nos" of the unit's plan: 0 and *auth, or -1 (OP_CONFLICT: refused). */
int op_plan_authorize(struct op_session *s, int year, const int *nos, size_t n, struct plan_auth *auth,
		      struct op_diag *d);
/*
 * Line "line" of the unit's plan for period "period": the spec, the population and eligible pool (pool
 * < 0: counted from the directory now, population then equal to it) and the quota. plan.read.
 */
int op_plan_spec(struct op_session *s, int year, int line, const char *period, long pool,
		 struct plan_line_spec *spec, long *pool_out, long *quota, struct op_diag *d);

#endif
