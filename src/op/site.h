/*
 * This file declares "suiji publish" as an operation (site.publish, docs/ROLES.md): gathering
 * everything the public site carries — the published records, the platform rows, the penalties, every
 * draw with its documents — for an operator who may publish the site. What is gathered is public
 * (op/public-record.h, which the live portal reads without a role); writing the site is io/publish.c's.
 */
#ifndef SUIJI_OP_SITE_H
#define SUIJI_OP_SITE_H

#include "op/public-record.h"
#include "op/session.h"

/*
 * The whole site's content into *out (op_public_gather with records, platform rows, penalties, draws
 * and documents), documents signed with "key" when given. site.publish. 0, or -1 with *d. Release *out
 * with op_public_release either way.
 */
int op_site_gather(struct op_session *s, const struct sign_key *key, struct op_public *out,
		   struct op_diag *d);

#endif
