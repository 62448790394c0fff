/*
 * Unit tests of signing in and web sessions (op/signin.c) on a real database, moving the bureau's clock
 * (SUIJI_NOW, honoured in test builds): a session ends after 30 minutes idle and after 12 hours however
 * busy; 5 failed sign-ins lock the account for 30 minutes, during which the right password is refused,
 * and after which it signs in; a wrong or another session's CSRF token is refused; a session ends at
 * sign-out; sign-ins, failures, the lock and the sign-out are entries of the audit chain.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h> /* after the three it needs */

#include "op/signin.h"
#include "op/user.h"
#include "store/audit.h"
#include "store/org.h"
#include "tmpdb.h"
#include "util/clock.h"

#define PW "Ceshi-2026-pw"

/* Sets the clock to 2026-01-05 09:00 plus "minutes". */
static void at(unsigned minutes)
{
	unsigned h = 9 + minutes / 60, m = minutes % 60, day = (5 + h / 24) % 100;
	h %= 24;
	char buf[64];
	snprintf(buf, sizeof(buf), "2026-01-%02uT%02u:%02u:00+08:00", day, h, m);
	setenv("SUIJI_NOW", buf, 1);
}

static int setup(void **state)
{
	at(0);
	char now[26];
	clock_now(now);
	if (strncmp(now, "2026-01-05T09:00", 16)) /* a build that ignores SUIJI_NOW cannot move time */
		skip();
	struct store *st = tmpdb_open("signin");
	char *err = NULL;
	struct org o = {0};
	snprintf(o.name, sizeof(o.name), "焦作市生态环境局");
	snprintf(o.region, sizeof(o.region), "410800");
	snprintf(o.level, sizeof(o.level), "city");
	snprintf(o.created_at, sizeof(o.created_at), "2026-01-05T08:00:00+08:00");
	assert_int_equal(store_org_init(st, &o, "测试员", &err), 0);
	struct op_diag d = OP_DIAG_INIT;
	assert_int_equal(op_user_first_admin(st, "管理员甲", PW, "测试员", &d), 0);
	*state = st;
	return 0;
}

static int teardown(void **state)
{
	if (*state)
		tmpdb_close(*state);
	unsetenv("SUIJI_NOW");
	return 0;
}

static int signin(struct store *st, const char *pw, struct op_token *sid, struct op_token *csrf,
		  enum op_fail *why)
{
	struct op_session s;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_signin(st, "管理员甲", pw, "127.0.0.1", &s, sid, csrf, &d);
	*why = d.fail;
	op_diag_release(&d);
	return rc;
}

static enum op_fail check(struct store *st, const char *sid, const char *csrf)
{
	struct op_session s;
	struct op_diag d = OP_DIAG_INIT;
	int rc = op_session_check(st, sid, csrf, NULL, &s, &d);
	enum op_fail f = d.fail;
	op_diag_release(&d);
	if (!rc)
		assert_string_equal(s.name, "管理员甲");
	return rc ? f : OP_OK;
}

struct count {
	const char *action;
	long n;
};

static int count_one(const struct audit_entry *e, void *arg)
{
	struct count *c = arg;
	c->n += !strcmp(e->action, c->action) && !strcmp(e->subject, "user:管理员甲");
	return 0;
}

static long entries(struct store *st, const char *action)
{
	struct count c = {action, 0};
	char *err = NULL;
	assert_int_equal(store_audit_each(st, 0, count_one, &c, &err), 0);
	return c.n;
}

static void idle_timeout(void **state)
{
	struct store *st = *state;
	struct op_token sid, csrf;
	enum op_fail why;
	assert_int_equal(signin(st, PW, &sid, &csrf, &why), 0);
	at(29);
	assert_int_equal(check(st, sid.hex, NULL), OP_OK); /* used: idle counts from here */
	at(29 + 30);
	assert_int_equal(check(st, sid.hex, NULL), OP_OK);
	at(29 + 30 + 31);
	assert_int_equal(check(st, sid.hex, NULL), OP_UNAUTH);
	at(29 + 30 + 32);
	assert_int_equal(check(st, sid.hex, NULL), OP_UNAUTH); /* removed, not revived */
}

static void absolute_timeout(void **state)
{
	struct store *st = *state;
	struct op_token sid, csrf;
	enum op_fail why;
	assert_int_equal(signin(st, PW, &sid, &csrf, &why), 0);
	unsigned m;
	for (m = 20; m < 12 * 60; m += 20) {
		at(m);
		assert_int_equal(check(st, sid.hex, NULL), OP_OK);
	}
	at(12 * 60 + 1);
	assert_int_equal(check(st, sid.hex, NULL), OP_UNAUTH);
}

static void lockout(void **state)
{
	struct store *st = *state;
	struct op_token sid, csrf;
	enum op_fail why;
	for (int i = 1; i <= 4; i++) {
		at(i);
		assert_int_equal(signin(st, "Wrong-pass-1", &sid, &csrf, &why), -1);
		assert_int_equal(why, OP_UNAUTH);
	}
	at(5);
	assert_int_equal(signin(st, "Wrong-pass-1", &sid, &csrf, &why), -1);
	assert_int_equal(why, OP_DENIED); /* the fifth locks */
	at(6);
	assert_int_equal(signin(st, PW, &sid, &csrf, &why), -1);
	assert_int_equal(why, OP_DENIED);
	at(5 + 29);
	assert_int_equal(signin(st, PW, &sid, &csrf, &why), -1);
	assert_int_equal(why, OP_DENIED);
	at(5 + 31);
	assert_int_equal(signin(st, PW, &sid, &csrf, &why), 0);
	assert_int_equal(entries(st, "sign-in failed"), 5);
	assert_int_equal(entries(st, "lock"), 1);
	assert_int_equal(entries(st, "sign-in"), 1);
	/* the count starts again after a success */
	for (int i = 1; i <= 4; i++) {
		at(40 + i);
		assert_int_equal(signin(st, "Wrong-pass-1", &sid, &csrf, &why), -1);
		assert_int_equal(why, OP_UNAUTH);
	}
}

static void csrf_and_signout(void **state)
{
	struct store *st = *state;
	struct op_token a, acsrf, b, bcsrf;
	enum op_fail why;
	assert_int_equal(signin(st, PW, &a, &acsrf, &why), 0);
	assert_int_equal(signin(st, PW, &b, &bcsrf, &why), 0);
	assert_string_not_equal(a.hex, b.hex);
	assert_int_equal(check(st, a.hex, acsrf.hex), OP_OK);
	assert_int_equal(check(st, a.hex, ""), OP_DENIED);
	assert_int_equal(check(st, a.hex, bcsrf.hex), OP_DENIED);
	assert_int_equal(check(st, "not-a-session", NULL), OP_UNAUTH);
	struct op_token again;
	assert_int_equal(op_session_csrf(a.hex, &again), 0);
	assert_string_equal(again.hex, acsrf.hex);
	struct op_diag d = OP_DIAG_INIT;
	assert_int_equal(op_signout(st, a.hex, &d), 0);
	assert_int_equal(check(st, a.hex, NULL), OP_UNAUTH);
	assert_int_equal(op_signout(st, a.hex, &d), -1);
	assert_int_equal(d.fail, OP_UNAUTH);
	op_diag_release(&d);
	assert_int_equal(check(st, b.hex, bcsrf.hex), OP_OK); /* the other session lives on */
	assert_int_equal(entries(st, "sign-out"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(idle_timeout, setup, teardown),
	    cmocka_unit_test_setup_teardown(absolute_timeout, setup, teardown),
	    cmocka_unit_test_setup_teardown(lockout, setup, teardown),
	    cmocka_unit_test_setup_teardown(csrf_and_signout, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
