/*
 * This file implements the diagnostics of op/diag.h.
 */
#include "op/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/xalloc.h"

static char *vformat(const char *fmt, va_list ap)
{
	char *s = NULL;
	if (vasprintf(&s, fmt, ap) < 0)
		abort();
	return s;
}

/* The first failure wins: its kind, message and the value it names ("field", or NULL). */
static int vfail(struct op_diag *d, enum op_fail kind, const char *field, const char *fmt, va_list ap)
{
	if (d && !d->msg) {
		d->msg = vformat(fmt, ap);
		d->fail = kind;
		d->field = field;
	}
	return -1;
}

int op_fail(struct op_diag *d, enum op_fail kind, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(d, kind, NULL, fmt, ap);
	va_end(ap);
	return -1;
}

int op_fail_at(struct op_diag *d, enum op_fail kind, const char *field, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vfail(d, kind, field, fmt, ap);
	va_end(ap);
	return -1;
}

int op_fail_take(struct op_diag *d, enum op_fail kind, char *msg, const char *fallback)
{
	if (!d) {
		free(msg);
		return -1;
	}
	if (d->msg) {
		free(msg);
		return -1;
	}
	d->msg = msg ? msg : xstrdup(fallback ? fallback : "操作失败");
	d->fail = kind;
	return -1;
}

void op_row_error(struct op_diag *d, long line, const char *field, const char *fmt, ...)
{
	d->rows_total++;
	if (d->nrows >= OP_ROWS_MAX && !d->rows_all)
		return;
	if (d->nrows == d->rows_alloc) {
		d->rows_alloc = d->rows_alloc ? 2 * d->rows_alloc : 16;
		d->rows = xrealloc(d->rows, d->rows_alloc * sizeof(*d->rows));
	}
	va_list ap;
	va_start(ap, fmt);
	d->rows[d->nrows++] = (struct op_row_err){line, field ? xstrdup(field) : NULL, vformat(fmt, ap)};
	va_end(ap);
}

void op_note(struct op_diag *d, const char *fmt, ...)
{
	if (d->nnotes == d->notes_alloc) {
		d->notes_alloc = d->notes_alloc ? 2 * d->notes_alloc : 8;
		d->notes = xrealloc(d->notes, d->notes_alloc * sizeof(*d->notes));
	}
	va_list ap;
	va_start(ap, fmt);
	d->notes[d->nnotes++] = vformat(fmt, ap);
	va_end(ap);
}

void op_diag_release(struct op_diag *d)
{
	free(d->msg);
	for (size_t i = 0; i < d->nrows; i++) {
		free(d->rows[i].field);
		free(d->rows[i].msg);
	}
	free(d->rows);
	for (size_t i = 0; i < d->nnotes; i++)
		free(d->notes[i]);
	free(d->notes);
	*d = (struct op_diag)OP_DIAG_INIT;
}
