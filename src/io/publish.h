/*
 * This file declares the writer of the public site and of the platform files (Article 9): static
 * HTML in Simplified Chinese, UTF-8, searchable by name or credit code (a small script over an index,
 * no server needed), one page per year and per object, the draw announcements and revealed packages;
 * and CSV/JSON files for the national platform (国家企业信用信息公示系统), the Henan platform
 * (河南省生态环境执法一体化平台) and the credit export of penalty decisions. docs/DISCLOSURE.md
 * describes every file and field.
 *
 * The caller gathers the records from the database; this layer only writes files. Output is
 * deterministic: records are sorted here, JSON keys are sorted, nothing depends on the time of the
 * run, so publishing the same data twice gives the same bytes. Every text in HTML passes through
 * io/html.h.
 */
#ifndef SUIJI_IO_PUBLISH_H
#define SUIJI_IO_PUBLISH_H
#include <stddef.h>

/* One published result, as frozen when it was published, plus the platform codes of today. */
struct pub_record {
	long task_id;
	const char *uscc, *name;
	const char *region;   /* the region's name */
	const char *kind;     /* 随机抽查 or 针对性检查 */
	const char *dates;    /* inspection dates joined by 、 */
	const char *end_date; /* the last of them */
	const char *items;    /* 检查内容: item names joined by 、 */
	const char *result;   /* the wording of Article 9 */
	const char *published_on;
	long draw_id;				   /* the draw of a random task, 0 otherwise */
	const char *national_code, *national_text; /* the national platform's result code today */
	const char *rectified;			   /* 已整改 / 整改中 / "" (no problems) */
	const char *unit;	  /* the unit that inspected and publishes it (谁检查、谁公开) */
	const char *corrected_on; /* the date the published result was last corrected, "" when never */
	const char *proof;	  /* its audit proofs (JSON, op/public-proof.h), NULL when none */
};

struct pub_draw {
	long id;
	const char *period; /* 2025Q1, 2025-03 */
	const char *state;  /* announced, drawn, revealed */
	const char *announced_at;
	const char *announcement; /* canonical JSON as announced */
	const char *package;	  /* canonical JSON of the revealed package, NULL before the reveal */
	const char *announced; /* the announcement's own members (org, inputs_hash …) as canonical JSON */
	long unit_id;	       /* the unit that drew (0: the top unit) */
	long attempt, supersedes; /* a re-draw: its attempt number and the draw it replaces (0: none) */
	const char *proof;	  /* its audit proofs (JSON, op/public-proof.h), NULL when none */
};

struct pub_penalty {
	const char *decision_no, *decided_on, *uscc, *name, *violation, *basis, *content, *fine;
	long task_id;
};

struct pub_site {
	const char *bureau;	    /* the organisation's name */
	const char *bureau_region;  /* its region code */
	struct pub_record *records; /* sorted in place */
	size_t nrecords;
	struct pub_draw *draws; /* sorted in place */
	size_t ndraws;
	struct pub_penalty *penalties; /* sorted in place */
	size_t npenalties;
	/*
	 * The signed head of the audit chain (JSON text, core/audit-head.h), its size and root (hex), or
	 * NULL without a key: heads/ keeps every head published before either way (publish-heads.c).
	 */
	const char *head;
	long head_seq;
	const char *head_root;
	/* the head the records' and draws' proofs are checked against ("heads/N-xxxxxxxxxxxxxxxx.json") */
	const char *proof_head;
	/*
	 * The consistency proof (JSON) between the previous site's latest head and this one, written as
	 * heads/<consistency_name>; NULL when there is none to give.
	 */
	const char *consistency, *consistency_name;
};

/*
 * Writes the site into "dir" (created when missing, with its subfolders; built beside it in a
 * temporary directory and swapped in whole, so "dir" is either the old site or the complete new one:
 * io/outfile.h): index.html, style.css,
 * search.js, search-index.js and index.json, year/YYYY.html, object/USCC.html, draw/N.html with
 * draw/N-announcement.json and draw/N-package.json; and platform/ with national.csv/.json,
 * henan.csv/.json and credit-penalties.csv/.json; heads/ with every signed head of the audit chain
 * published so far (those of the site replaced are kept) and the current one, every consistency
 * proof between successive heads (kept likewise) and heads/index.html listing them; proof/task-N.json
 * and proof/draw-N.json, the audit proofs of each record and draw, linked from their pages. Returns
 * the number of files written, or -1 with *err naming the file that could not be written.
 */
long publish_site(const char *dir, struct pub_site *site, char **err);

/* A draw's state (announced, drawn, revealed, void) as the public pages say it. */
const char *publish_draw_state(const char *state);
/*
 * The latest head of the site at "dir" (heads/latest.json, a regular file under 1 MiB), allocated
 * with its length; NULL with *err NULL when the site has none, NULL with *err when it cannot be read.
 */
char *publish_latest_head(const char *dir, size_t *len, char **err);

#endif
