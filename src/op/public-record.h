/*
 * This file declares what the public sees (Article 9) and where it comes from, for both of its
 * readers: `suiji publish` (the static site, io/publish.h) and the live portal of `suiji serve`
 * (/public/api/, http/public.c). The public record of a result — the unit that inspected it (谁检查、
 * 谁公开), the object, the inspection's dates, items and result as recorded — is frozen as canonical JSON
 * when it is published, and rewritten with the date of a correction when the result is corrected
 * afterwards. Only those frozen records are ever read back: a withheld result (不予公开) has none and
 * never appears. Every draw's announcement is public, voided attempts too; its package only after the
 * reveal. These are public reads: they take the store, not a session, and show nothing that is not
 * public.
 */
#ifndef SUIJI_OP_PUBLIC_RECORD_H
#define SUIJI_OP_PUBLIC_RECORD_H

#include <stddef.h>

#include "io/publish.h"
#include "op/diag.h"
#include "op/task.h"

struct sign_key;

/*
 * The public record of task "ti" published on "published_on" (canonical JSON: sorted keys, compact),
 * allocated; "corrected_on" (or NULL) the date its result was last corrected. NULL on failure.
 */
char *op_public_record(struct store *st, const struct task_info *ti, const char *published_on,
		       const char *corrected_on);

/* What op_public_gather reads. */
enum {
	OP_PUBLIC_RECORDS = 1,	 /* every published result, as frozen */
	OP_PUBLIC_PLATFORM = 2,	 /* with the records: today's national platform code and rectification */
	OP_PUBLIC_PENALTIES = 4, /* the penalty decisions whose result is not withheld */
	OP_PUBLIC_DRAWS = 8,	 /* every draw (announced, drawn, revealed, void), newest first */
	OP_PUBLIC_DOCUMENTS = 16 /* with the draws: the announcement document and, revealed, the package */
};

/* The public content as gathered; the strings belong to it (op_public_release). */
struct op_public {
	struct pub_site site;
	size_t total; /* op_public_search: the objects found in all (site.records holds one page) */
	/* private */
	struct store *st;
	const struct sign_key *key;
	char bureau[256], bureau_region[16];
	size_t rec_alloc, draw_alloc, pen_alloc;
	char **owned;
	size_t nowned, owned_alloc;
	char *err;
};

/*
 * Gathers "what" (OP_PUBLIC_…) into *out: the bureau's name and region, and the records, penalties and
 * draws asked for. Documents are signed with "key" when it is given (Ed25519 is deterministic: the same
 * bytes every time). 0, or -1 with d (a damaged record or draw names itself). Release *out either way.
 */
int op_public_gather(struct store *st, const struct sign_key *key, unsigned what, struct op_public *out,
		     struct op_diag *d);

/* The longest search term accepted (bytes, after spaces are removed). */
#define OP_PUBLIC_QUERY_MAX 120

/*
 * The portal's search: the published records of the objects whose name or credit code contains "q"
 * (spaces ignored, Latin letters in either case; matched literally: % and _ are characters like any
 * other), objects ordered by credit code; *out->site.records holds the records (by credit code, then end
 * date) of objects [offset, offset + limit), out->total the objects found in all. OP_INVALID for an
 * empty or overlong term, one that is not UTF-8 or holds control characters. Release *out either way.
 */
int op_public_search(struct store *st, const char *q, size_t offset, size_t limit, struct op_public *out,
		     struct op_diag *d);

/* The published records of the object "uscc" (OP_NOTFOUND when none is published). Release *out. */
int op_public_object(struct store *st, const char *uscc, struct op_public *out, struct op_diag *d);

/*
 * Draw "id"'s announcement document or ("package") its revealed package, as the static site's
 * draw/N-announcement.json and draw/N-package.json: canonical text, signed with "key" when given, ending in
 * a newline, into *doc (allocated) and *len. OP_NOTFOUND when there is no such draw or it is not revealed.
 */
int op_public_draw_document(struct store *st, const struct sign_key *key, long id, int package, char **doc,
			    size_t *len, struct op_diag *d);

void op_public_release(struct op_public *p);

#endif
