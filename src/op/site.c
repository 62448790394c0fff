/*
 * This file implements "suiji publish" as an operation (op/site.h): the role, then the gathering of
 * op/public-record.c.
 */
#include "op/site.h"

#include "op/authz.h"

int op_site_gather(struct op_session *s, const struct sign_key *key, struct op_public *out, struct op_diag *d)
{
	if (op_authorize(s, ACT_SITE_PUBLISH, 0, NULL, d))
		return -1;
	return op_public_gather(s->st, key,
				OP_PUBLIC_RECORDS | OP_PUBLIC_PLATFORM | OP_PUBLIC_PENALTIES |
				    OP_PUBLIC_DRAWS | OP_PUBLIC_DOCUMENTS,
				out, d);
}
