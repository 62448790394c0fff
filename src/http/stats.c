/*
 * This file implements the API's statistics (op/stats.h): GET /api/stats?year=YYYY[&unit=ID] — the
 * document of "suiji stats --json" (io/stats-json.h) for every unit the operator may read, or the unit
 * chosen. report.read; the year defaults to this year.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "core/parse.h"
#include "io/stats-json.h"
#include "op/stats.h"
#include "util/clock.h"

int http_stats(struct http_req *rq, struct http_resp *rs, char **seg, int nseg)
{
	(void)seg;
	if (nseg != 1)
		return 0;
	if (strcmp(rq->method, "GET") && strcmp(rq->method, "HEAD"))
		return http_method_not_allowed(rs, "GET"), 1;
	struct op_session s;
	if (http_auth(rq, rs, &s))
		return 1;
	const char *yq = rq->query(rq->ctx, "year"), *uq = rq->query(rq->ctx, "unit");
	long year;
	if (yq && *yq) {
		if (parse_long(yq, 2000, 2999, &year))
			return http_error(rs, 400, "年度无效（应为四位年份，例如 2026）"), 1;
	} else {
		char today[11];
		clock_today(today);
		year = atol(today);
	}
	struct stats st;
	struct op_diag d = OP_DIAG_INIT;
	if (op_stats(&s, (int)year, uq && *uq ? s.unit.id : 0, &st, &d))
		return http_op_error(rs, &d), 1;
	op_diag_release(&d);
	http_json(rs, 200, stats_json(&st));
	op_stats_release(&st);
	return 1;
}
