/*
 * This file declares the printable record of a draw (抽取记录) for the minutes of the draw meeting, from
 * the data op_draw_record() gathers (op/draw.h): an HTML page (every text escaped) and an xlsx sheet.
 */
#ifndef SUIJI_IO_DRAW_RECORD_H
#define SUIJI_IO_DRAW_RECORD_H

#include <stddef.h>

#include "store/draw.h"

struct strbuf;

/* One visit of the record, and the record (filled by op_draw_record, op/draw.h). */
/* A person of a team: the id the draw names and the name the inspector directory gives it ("" unknown). */
struct draw_record_person {
	const char *id, *name;
};
struct draw_record_visit {
	const char *key, *uscc, *name, *items, *slot, *mode;
	char *team, *experts, *note; /* team, experts: the person ids joined by 、 (as the draw names them) */
	char *team_named, *experts_named; /* the same as 姓名（编号） joined by 、, for people to read */
	struct draw_record_person *team_people, *expert_people;
	size_t nteam, nexperts;
};
struct draw_record {
	char org[256];
	struct draw_row row;
	struct draw_record_visit *visits;
	size_t nvisits;
	void *priv;
};

/* The page (HTML, every text escaped) appended to "page". */
void draw_record_html(const struct draw_record *r, struct strbuf *page);
/* Writes the page to "html" and, when "xlsx" is not NULL, the sheet; each atomically. 0, or -1 with *err. */
int draw_record_write(const struct draw_record *r, const char *html, const char *xlsx, char **err);

#endif
