/*
 * This file declares the draw's operations (随机抽取, docs/DRAW.md): announce (T0: the frame frozen from
 * the unit's plan lines, its directory and its officers, a secret salt, the announcement into the
 * record), run (T1: the beacon entered, the result computed and stored as tasks), show and list, export
 * (the announcement document, or with the reveal the whole package) and the printable record's data.
 * Each checks authorisation itself (draw.read / draw.announce / draw.run / draw.reveal) on the draw's
 * unit, owns its transaction, never prints; a refusal writes nothing.
 *
 * A draw belongs to the unit whose plan lines it draws (draw.unit_id, NULL for the top unit so that
 * the audit hash of a draw announced before units existed still verifies).
 */
#ifndef SUIJI_OP_DRAW_H
#define SUIJI_OP_DRAW_H

#include <stddef.h>

#include "op/session.h"
#include "io/draw-record.h"
#include "store/draw.h"

struct strbuf;
struct sign_key;

struct op_draw_announce_args {
	int year;
	const long *lines; /* plan line numbers, ascending, distinct */
	size_t nlines;
	const char *period;		      /* 2025Q1 or 2025-03 */
	const char *beacon_source;	      /* as entered: trimmed here */
	const char *date;		      /* the directory snapshot YYYY-MM-DD, NULL: today */
	const char *reason;		      /* a re-draw, or a period already over */
	int team_size, cross_region, experts; /* -1: the unit's setting */
	const char *beacon_date;       /* the day the public number is drawn (YYYY-MM-DD), NULL: not named */
	const unsigned char *salt_key; /* the key that seals the salt (io/secret-key.h), 32 bytes */
};

struct op_draw_stratum {
	char id[24];
	long pool, quota;
	long population, shortfall; /* the line's whole population; what its rule asks beyond the pool */
};

struct op_draw_announced {
	long id;
	char unit[256];
	int plan_version;
	struct op_draw_stratum *strata;
	size_t nstrata;
	long excluded_status, excluded_window, excluded_cap, officers, experts;
	char inputs_hash[65], salt_commitment[65], announced_at[26];
	char *beacon_source;
	char *lines;	  /* "1,3" */
	long *superseded; /* the draws voided (fully or for the overlapping lines) */
	size_t nsuperseded;
	long cancelled;	       /* their open tasks cancelled */
	long attempt;	       /* a re-draw's attempt number, 0 for a first draw */
	char approved_by[256]; /* who approved the re-draw (监督) */
	char snapshot_date[11], beacon_date[11];
};

int op_draw_announce(struct op_session *s, const struct op_draw_announce_args *a,
		     struct op_draw_announced *out, struct op_diag *d);
void op_draw_announced_release(struct op_draw_announced *out);

struct op_draw_ran {
	long id;
	size_t visits;
	long no_team;
};
/* "salt_key": the key that sealed the salt (NULL when there is none: then only a plain salt is read). */
int op_draw_run(struct op_session *s, long id, const char *beacon, const unsigned char *salt_key,
		struct op_draw_ran *out, struct op_diag *d);
/*
 * An oversight (监督) user approves drawing the lines of live draw "id" again, with a reason: recorded on
 * that draw and in the audit chain. A re-draw (any overlap of lines and period) is refused without it.
 */
int op_draw_approve(struct op_session *s, long id, const char *reason, struct op_diag *d);

/* A draw as its reader may see it: the row (owned copies), with the result and the salt emptied when
 * the reader may not see them yet. */
struct op_draw_view {
	struct draw_row row;
	char unit[256];
	long open;	    /* its tasks not yet inspected */
	int result_visible; /* 0: confidential to this reader (the row's result and salt are "") */
	char *hidden_why;   /* why not, when not */
	void *priv;
};
int op_draw_show(struct op_session *s, long id, struct op_draw_view *out, struct op_diag *d);
void op_draw_view_release(struct op_draw_view *v);

/* Calls fn for every draw the operator may see (their unit and those below it), newest first. */
int op_draw_list(struct op_session *s, int (*fn)(const struct draw_row *d, void *arg), void *arg,
		 struct op_diag *d);
/* The same for one unit (unit_id, 0: any) and year (0: any); a unit the operator may not read is refused. */
int op_draw_find(struct op_session *s, long unit_id, int year, int (*fn)(const struct draw_row *d, void *arg),
		 void *arg, struct op_diag *d);
/* The unit a draw belongs to (its unit_id, or the top unit). */
long op_draw_unit(const struct draw_row *r);

struct op_draw_export_args {
	long id;
	int reveal, force;
	const char *reason;
	const unsigned char *salt_key; /* to open a sealed salt at the reveal (NULL: none) */
	const struct sign_key *sign; /* signs the document when given (checked against the registered key) */
};
struct op_draw_exported {
	int key_registered; /* sign the document (draw_document_sign) before it goes out */
	int revealed_now;   /* the reveal was recorded by this call */
	int signed_doc;	    /* signed here with a->sign */
};
/*
 * The announcement document, or (reveal) the whole package into "doc": unsigned, or signed with a->sign
 * when it is given and a key is registered (a key that is not the registered one is refused before
 * anything is recorded). Revealing needs draw.reveal; the package of a draw already revealed is public
 * to every reader of the draw.
 */
int op_draw_export(struct op_session *s, const struct op_draw_export_args *a, struct strbuf *doc,
		   struct op_draw_exported *out, struct op_diag *d);

/* The printable record's data (struct draw_record, io/draw-record.h renders it). */
int op_draw_record(struct op_session *s, long id, struct draw_record *out, struct op_diag *d);
void op_draw_record_release(struct draw_record *r);

#endif
