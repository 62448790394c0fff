/*
 * This file implements signing in and web sessions (op/signin.h). Times come from the bureau's clock
 * (util/clock.h, so SUIJI_NOW fixes them in tests) as Unix seconds; locked_until is stored like every
 * other time of the users table ("YYYY-MM-DDTHH:MM:SS+08:00"), so string order is time order.
 */
#include "op/signin.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/hash.h"
#include "core/password.h"
#include "core/utf8.h"
#include "op/user.h"
#include "store/session.h"
#include "store/user.h"
#include "util/clock.h"

/* A valid argon2id hash of a password nobody has: verifying against it costs what a real check costs,
 * so an unknown name answers as slowly as a wrong password. Made once, lazily. */
static const char *decoy_hash(void)
{
	static char enc[PASSWORD_ENCODED_MAX];
	static int made;
	if (!__atomic_load_n(&made, __ATOMIC_ACQUIRE)) {
		unsigned char salt[PASSWORD_SALT_LEN] = {0};
		char tmp[PASSWORD_ENCODED_MAX];
		if (password_hash("decoy-Password-1", salt, tmp) == 0) {
			memcpy(enc, tmp, sizeof(enc));
			__atomic_store_n(&made, 1, __ATOMIC_RELEASE);
		}
	}
	return __atomic_load_n(&made, __ATOMIC_ACQUIRE) ? enc : "";
}

static long long now_epoch(char now[26])
{
	clock_now(now);
	struct tm tm = {0};
	if (sscanf(now, "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
		   &tm.tm_min, &tm.tm_sec) != 6)
		return (long long)time(NULL);
	tm.tm_year -= 1900;
	tm.tm_mon -= 1;
	return (long long)timegm(&tm) - 8 * 3600;
}

static void format_epoch(long long t, char out[32])
{
	time_t cst = (time_t)(t + 8 * 3600);
	struct tm tm;
	gmtime_r(&cst, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%S+08:00", &tm);
}

static int is_hex64(const char *s)
{
	if (!s || strlen(s) != 64)
		return 0;
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
			return 0;
	return 1;
}

int op_session_csrf(const char *sid, struct op_token *csrf)
{
	if (!is_hex64(sid))
		return -1;
	char buf[96];
	int n = snprintf(buf, sizeof(buf), "suiji-csrf:%s", sid);
	sha256_hex(buf, (size_t)n, csrf->hex);
	OPENSSL_cleanse(buf, sizeof(buf));
	return 0;
}

static int db_failed(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_ERROR, err, "数据库错误");
}

static int locked_now(const struct user *u, const char *now)
{
	return *u->locked_until && strcmp(u->locked_until, now) > 0;
}

/* Counts a failed sign-in of "name" (and locks at the limit), in its own transaction. */
static int count_failure(struct store *st, const char *name, struct op_diag *d)
{
	char *err = NULL;
	struct user u;
	if (store_begin(st, &err))
		return db_failed(d, err);
	char now[26]; /* the entry's time, read under the write lock: the chain's times never go back */
	long long t = now_epoch(now);
	int found = store_user_get(st, name, &u, &err);
	if (found <= 0) {
		store_rollback(st);
		return found < 0 ? db_failed(d, err) : op_fail(d, OP_UNAUTH, "用户名或口令错误");
	}
	if (*u.locked_until && !locked_now(&u, now)) { /* an earlier lock has run out: count afresh */
		u.locked_until[0] = 0;
		u.failed = 0;
	}
	u.failed++;
	int lock = u.failed >= SIGNIN_MAX_FAILED;
	if (store_user_update(st, &u, "sign-in failed", now, name, &err))
		goto fail;
	if (lock) {
		format_epoch(t + SIGNIN_LOCK_SECONDS, u.locked_until);
		if (store_user_update(st, &u, "lock", now, name, &err))
			goto fail;
	}
	if (store_commit(st, &err))
		goto fail;
	if (lock)
		return op_fail(d, OP_DENIED, "连续 %d 次登录失败，账号已锁定至 %s（%d 分钟）",
			       SIGNIN_MAX_FAILED, u.locked_until, SIGNIN_LOCK_SECONDS / 60);
	return op_fail(d, OP_UNAUTH, "用户名或口令错误（再失败 %d 次账号将锁定 %d 分钟）",
		       SIGNIN_MAX_FAILED - u.failed, SIGNIN_LOCK_SECONDS / 60);
fail:
	store_rollback(st);
	return db_failed(d, err);
}

int op_signin(struct store *st, const char *name, const char *password, const char *ip, struct op_session *s,
	      struct op_token *sid, struct op_token *csrf, struct op_diag *d)
{
	size_t nl = name ? strlen(name) : 0, pl = password ? strlen(password) : 0;
	if (!nl || nl > 100 || !utf8_valid(name, nl) || utf8_has_control(name, nl))
		return op_fail(d, OP_INVALID, "请输入用户名（有效的 UTF-8 文本，不超过100字节）");
	if (!pl || pl > PASSWORD_MAX_LEN)
		return op_fail(d, OP_INVALID, "请输入口令（不超过 %d 字节）", PASSWORD_MAX_LEN);
	char now[26], *err = NULL;
	long long t = now_epoch(now);
	struct user u;
	int found = store_user_get(st, name, &u, &err);
	if (found < 0)
		return db_failed(d, err);
	if (!found || !*u.password) {
		(void)password_verify(decoy_hash(), password); /* the same time as a real check */
		return op_fail(d, OP_UNAUTH, "用户名或口令错误");
	}
	if (locked_now(&u, now))
		return op_fail(d, OP_DENIED, "账号“%s”已锁定至 %s，请稍后再试或请系统管理员解锁", name,
			       u.locked_until);
	if (!password_verify(u.password, password))
		return count_failure(st, name, d);
	if (!u.active)
		return op_fail(d, OP_DENIED, "账号“%s”已停用，请联系系统管理员", name);

	unsigned char raw[32];
	if (RAND_bytes(raw, sizeof(raw)) != 1)
		return op_fail(d, OP_ERROR, "无法取得随机数（会话标识）");
	hex_encode(raw, sizeof(raw), sid->hex);
	OPENSSL_cleanse(raw, sizeof(raw));
	op_session_csrf(sid->hex, csrf);
	struct web_session w = {0};
	sha256_hex(sid->hex, 64, w.id_hash);
	sha256_hex(csrf->hex, 64, w.csrf_hash);
	snprintf(w.user, sizeof(w.user), "%s", name);
	snprintf(w.ip, sizeof(w.ip), "%s", ip ? ip : "");

	if (store_begin(st, &err))
		return db_failed(d, err);
	t = now_epoch(now); /* the entry's time, read under the write lock: the chain's times never go back */
	w.created = w.seen = t;
	found = store_user_get(st, name, &u, &err); /* again, inside the transaction */
	if (found <= 0) {
		store_rollback(st);
		return found < 0 ? db_failed(d, err) : op_fail(d, OP_UNAUTH, "用户名或口令错误");
	}
	if (locked_now(&u, now) || !u.active) { /* locked or disabled while the password was checked */
		store_rollback(st);
		return op_fail(d, OP_DENIED, "账号“%s”已锁定或停用", name);
	}
	u.failed = 0;
	u.locked_until[0] = 0;
	if (store_user_update(st, &u, "sign-in", now, name, &err) ||
	    store_websession_purge(st, t - SIGNIN_IDLE_SECONDS, t - SIGNIN_MAX_SECONDS, &err) ||
	    store_websession_add(st, &w, &err) || store_commit(st, &err)) {
		store_rollback(st);
		return db_failed(d, err);
	}
	if (op_session_open(s, st, name, NULL, d))
		return -1;
	s->via = "网页";
	return 0;
}

int op_signout(struct store *st, const char *sid, struct op_diag *d)
{
	if (!is_hex64(sid))
		return op_fail(d, OP_UNAUTH, "未登录或会话已过期");
	char hash[65], now[26], *err = NULL;
	sha256_hex(sid, 64, hash);
	struct web_session w;
	struct user u;
	if (store_begin(st, &err))
		return db_failed(d, err);
	now_epoch(now);
	int found = store_websession_get(st, hash, &w, &err);
	if (found <= 0) {
		store_rollback(st);
		return found < 0 ? db_failed(d, err) : op_fail(d, OP_UNAUTH, "未登录或会话已过期");
	}
	found = store_user_get(st, w.user, &u, &err);
	if (found < 0 || store_websession_delete(st, hash, &err) ||
	    (found && store_user_update(st, &u, "sign-out", now, w.user, &err)) || store_commit(st, &err)) {
		store_rollback(st);
		return db_failed(d, err);
	}
	return 0;
}

int op_session_check(struct store *st, const char *sid, const char *csrf, const char *unit,
		     struct op_session *s, struct op_diag *d)
{
	if (!is_hex64(sid))
		return op_fail(d, OP_UNAUTH, "未登录或会话已过期");
	char hash[65], now[26], *err = NULL;
	sha256_hex(sid, 64, hash);
	long long t = now_epoch(now);
	struct web_session w;
	int found = store_websession_get(st, hash, &w, &err);
	if (found < 0)
		return db_failed(d, err);
	if (!found)
		return op_fail(d, OP_UNAUTH, "未登录或会话已过期");
	struct user u;
	int ufound = store_user_get(st, w.user, &u, &err);
	if (ufound < 0)
		return db_failed(d, err);
	if (t - w.seen > SIGNIN_IDLE_SECONDS || t - w.created > SIGNIN_MAX_SECONDS || !ufound || !u.active ||
	    locked_now(&u, now)) {
		if (store_websession_delete(st, hash, &err))
			return db_failed(d, err);
		return op_fail(d, OP_UNAUTH, "未登录或会话已过期");
	}
	if (csrf) {
		char ch[65];
		sha256_hex(csrf, strlen(csrf), ch);
		if (CRYPTO_memcmp(ch, w.csrf_hash, 64) != 0)
			return op_fail(d, OP_DENIED,
				       "请求缺少有效的 CSRF 令牌（X-CSRF-Token），已拒绝；请刷新页面后重试");
	}
	if (op_session_open(s, st, w.user, unit, d))
		return -1;
	s->via = "网页";
	if (t - w.seen >= 60 && store_websession_touch(st, hash, t, &err))
		return db_failed(d, err);
	return 0;
}

int op_password_change(struct op_session *s, const char *old, const char *password, struct op_diag *d)
{
	char *err = NULL;
	struct user u;
	size_t ol = old ? strlen(old) : 0;
	if (!ol || ol > PASSWORD_MAX_LEN)
		return op_fail(d, OP_INVALID, "请输入当前口令");
	int found = store_user_get(s->st, s->name, &u, &err);
	if (found <= 0)
		return found < 0 ? db_failed(d, err) : op_fail(d, OP_NOTFOUND, "用户“%s”未登记", s->name);
	if (!*u.password || !password_verify(u.password, old)) {
		struct op_diag c = OP_DIAG_INIT;
		count_failure(s->st, s->name, &c);
		if (c.fail == OP_DENIED || c.fail == OP_ERROR) {
			int rc = op_fail(d, c.fail, "%s", c.msg ? c.msg : "当前口令不正确");
			op_diag_release(&c);
			return rc;
		}
		op_diag_release(&c);
		return op_fail(d, OP_DENIED, "当前口令不正确");
	}
	return op_user_passwd(s, s->name, password, d);
}
