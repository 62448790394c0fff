/*
 * This file implements the operations on users and units (op/user.h). The rules of 三员分立 live here:
 * no user holds two of the three separated administrators' roles, the audit administrator holds no
 * other role, 市局管理员 belongs to the top unit and 分局管理员 to a branch, an inspector is a person of
 * the inspector directory, and a change may not leave the database without an active 系统管理员.
 */
#include "op/user.h"

#include <openssl/rand.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/dirschema.h"
#include "core/password.h"
#include "core/region.h"
#include "core/roles.h"
#include "core/units.h"
#include "core/utf8.h"
#include "op/authz.h"
#include "store/directory.h"
#include "util/clock.h"
#include "util/xalloc.h"

static int store_failed(struct op_diag *d, char *err)
{
	return op_fail_take(d, OP_ERROR, err, "数据库错误");
}

static int check_name(const char *name, struct op_diag *d)
{
	size_t n = name ? strlen(name) : 0;
	if (!n || n > 100)
		return op_fail(d, OP_INVALID, "用户名不能为空且不超过100字节");
	if (!utf8_valid(name, n) || utf8_has_control(name, n))
		return op_fail(d, OP_INVALID, "用户名应为有效的 UTF-8 文本，且不含控制字符");
	if (strstr(name, "、"))
		return op_fail(d, OP_INVALID, "用户名不能含有顿号“、”");
	return 0;
}

static int encode_password(const char *pw, char out[PASSWORD_ENCODED_MAX], struct op_diag *d)
{
	char why[256];
	if (password_policy(pw, why))
		return op_fail(d, OP_INVALID, "%s", why);
	unsigned char salt[PASSWORD_SALT_LEN];
	if (RAND_bytes(salt, sizeof(salt)) != 1)
		return op_fail(d, OP_ERROR, "无法取得随机数（口令盐值）");
	if (password_hash(pw, salt, out))
		return op_fail(d, OP_ERROR, "口令散列失败（内存不足）");
	return 0;
}

/* The rules on a user's roles, unit and person (the header comment). */
static int check_user(struct op_session *s, const struct user *u, const struct unit *unit, struct op_diag *d)
{
	unsigned sep = u->mask & ROLES_SEPARATED;
	if (sep & (sep - 1))
		return op_fail(d, OP_INVALID,
			       "三员分立：系统管理员、安全管理员、审计管理员须由不同的人担任（“%s”）",
			       u->roles);
	if ((u->mask & ROLE_AUDITADMIN) && u->mask != ROLE_AUDITADMIN)
		return op_fail(d, OP_INVALID, "三员分立：审计管理员不能兼任其他角色（“%s”）", u->roles);
	if ((u->mask & ROLE_CITY_ADMIN) && unit->parent)
		return op_fail(d, OP_INVALID, "市局管理员应属于市局，而“%s”是分局", unit->name);
	if ((u->mask & ROLE_BRANCH_ADMIN) && !unit->parent)
		return op_fail(d, OP_INVALID, "分局管理员应属于分局，而“%s”是市局（市局请用 市局管理员）",
			       unit->name);
	if ((u->mask & ROLE_INSPECTOR) && !*u->person_id)
		return op_fail_at(d, OP_INVALID, "person_id",
				  "角色“执法人员”须填写其在检查人员名录中的人员编号（用于确定所在检查组）");
	if (*u->person_id) {
		char *err = NULL;
		int ex = store_dir_exists(s->st, &dir_people, u->person_id, &err);
		if (ex < 0)
			return store_failed(d, err);
		if (!ex)
			return op_fail(d, OP_INVALID, "检查人员名录中没有人员编号“%s”", u->person_id);
	}
	return 0;
}

/* Whether the session may give "mask" (the three administrators' roles need role.assign, except while
 * no active 安全管理员 exists: then the 系统管理员 appoints the first). */
static int may_assign(struct op_session *s, unsigned before, unsigned after, long unit, struct op_diag *d)
{
	if (op_authorize(s, ACT_USER_MANAGE, unit, NULL, d))
		return -1;
	if (!((before ^ after) & ROLES_SEPARATED))
		return 0;
	char *err = NULL;
	long sec = store_user_count(s->st, ROLE_SECADMIN, &err);
	if (sec < 0)
		return store_failed(d, err);
	if (sec == 0 && (s->roles & ROLE_SYSADMIN))
		return 0;
	return op_authorize(s, ACT_ROLE_ASSIGN, unit, NULL, d);
}

static int parse_roles(const char *list, struct user *u, struct op_diag *d)
{
	char bad[64];
	unsigned mask;
	if (roles_parse(list, &mask, bad))
		return op_fail(
		    d, OP_INVALID,
		    "“%s”不是角色（角色：市局管理员 分局管理员 科室人员 执法人员 监督 公开审核 系统管理员 "
		    "安全管理员 审计管理员）",
		    bad);
	if (!mask)
		return op_fail(d, OP_INVALID, "至少要有一个角色");
	u->mask = mask;
	roles_format(mask, u->roles, sizeof(u->roles));
	return 0;
}

static int find_unit(struct op_session *s, const char *key, struct unit *u, struct op_diag *d)
{
	char *err = NULL;
	int f = store_unit_find(s->st, key, u, &err);
	if (f < 0)
		return store_failed(d, err);
	if (!f)
		return op_fail(d, OP_INVALID, "没有名为“%s”的单位（suiji unit list 列出全部单位）", key);
	return 0;
}

static int commit(struct op_session *s, struct op_diag *d)
{
	char *err = NULL;
	if (store_commit(s->st, &err)) {
		store_rollback(s->st);
		return store_failed(d, err);
	}
	return 0;
}

static int begin(struct op_session *s, struct op_diag *d)
{
	char *err = NULL;
	return store_begin(s->st, &err) ? store_failed(d, err) : 0;
}

static int rollback(struct op_session *s)
{
	store_rollback(s->st);
	return -1;
}

/* Refuses a state with no active 系统管理员 (nobody could manage users any more). */
static int keep_sysadmin(struct op_session *s, struct op_diag *d)
{
	char *err = NULL;
	long n = store_user_count(s->st, ROLE_SYSADMIN, &err);
	if (n < 0)
		return store_failed(d, err);
	if (n == 0)
		return op_fail(d, OP_CONFLICT,
			       "不能这样修改：修改后将没有在用的系统管理员（至少保留一名系统管理员）");
	return 0;
}

int op_password_generate(char out[OP_PASSWORD_GENERATED], struct op_diag *d)
{
	/* 16 characters without look-alikes, then one of each class so the policy always holds */
	static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
	unsigned char r[16];
	if (RAND_bytes(r, sizeof(r)) != 1)
		return op_fail(d, OP_ERROR, "无法取得随机数（口令）");
	for (int i = 0; i < 16; i++)
		out[i] = alphabet[r[i] % (sizeof(alphabet) - 1)];
	memcpy(out + 16, "Aa9", 4);
	return 0;
}

int op_user_first_admin(struct store *st, const char *name, const char *password, const char *actor,
			struct op_diag *d)
{
	struct user u = {0};
	if (check_name(name, d))
		return -1;
	if (encode_password(password ? password : "", u.password, d))
		return -1;
	snprintf(u.name, sizeof(u.name), "%s", name);
	u.mask = ROLES_FIRST_ADMIN;
	roles_format(u.mask, u.roles, sizeof(u.roles));
	u.unit_id = 1;
	u.active = 1;
	char *err = NULL, now[26];
	clock_now(now);
	if (store_begin(st, &err))
		return store_failed(d, err);
	long n = store_user_count(st, 0, &err);
	if (n < 0 || (n == 0 && store_user_add(st, &u, now, actor, &err))) {
		store_rollback(st);
		return store_failed(d, err);
	}
	if (n > 0) {
		store_rollback(st);
		return op_fail(
		    d, OP_CONFLICT,
		    "本数据库已有用户，不能再用 --admin 登记第一位管理员（请系统管理员用 suiji user add）");
	}
	if (store_commit(st, &err)) {
		store_rollback(st);
		return store_failed(d, err);
	}
	return 0;
}

int op_user_add(struct op_session *s, const struct op_user_args *a, struct op_diag *d)
{
	struct user u = {0};
	struct unit unit = s->unit;
	if (check_name(a->name, d) || parse_roles(a->roles ? a->roles : "", &u, d))
		return -1;
	if (a->unit && *a->unit && find_unit(s, a->unit, &unit, d))
		return -1;
	snprintf(u.name, sizeof(u.name), "%s", a->name);
	snprintf(u.person_id, sizeof(u.person_id), "%s", a->person ? a->person : "");
	u.unit_id = unit.id;
	u.active = 1;
	if (a->password && encode_password(a->password, u.password, d))
		return -1;
	if (may_assign(s, 0, u.mask, unit.id, d) || begin(s, d))
		return -1;
	char *err = NULL, now[26];
	clock_now(now);
	if (check_user(s, &u, &unit, d))
		return rollback(s);
	if (store_user_add(s->st, &u, now, s->name, &err)) {
		rollback(s);
		return op_fail_take(d, OP_INVALID, err, "登记用户失败");
	}
	return commit(s, d);
}

/* Reads user "name" inside the transaction; -1 (rolled back) when missing. */
static int load(struct op_session *s, const char *name, struct user *u, struct op_diag *d)
{
	char *err = NULL;
	int found = store_user_get(s->st, name ? name : "", u, &err);
	if (found < 0) {
		rollback(s);
		return store_failed(d, err);
	}
	if (!found) {
		rollback(s);
		return op_fail(d, OP_NOTFOUND, "用户“%s”未登记", name ? name : "");
	}
	return 0;
}

static int save(struct op_session *s, const struct user *u, const char *action, struct op_diag *d)
{
	char *err = NULL, now[26];
	clock_now(now);
	if (store_user_update(s->st, u, action, now, s->name, &err)) {
		rollback(s);
		return store_failed(d, err);
	}
	if (keep_sysadmin(s, d))
		return rollback(s);
	return commit(s, d);
}

int op_user_change(struct op_session *s, const struct op_user_args *a, struct op_diag *d)
{
	struct user u;
	if (begin(s, d) || load(s, a->name, &u, d))
		return -1;
	unsigned before = u.mask;
	struct unit unit;
	if (a->unit && *a->unit) {
		if (find_unit(s, a->unit, &unit, d))
			return rollback(s);
	} else {
		char *err = NULL;
		if (store_unit_get(s->st, u.unit_id, &unit, &err) <= 0) {
			rollback(s);
			return store_failed(d, err);
		}
	}
	if (a->roles && parse_roles(a->roles, &u, d))
		return rollback(s);
	if (a->person)
		snprintf(u.person_id, sizeof(u.person_id), "%s", a->person);
	u.unit_id = unit.id;
	if (may_assign(s, before, u.mask, unit.id, d) || check_user(s, &u, &unit, d))
		return rollback(s);
	return save(s, &u, "user role", d);
}

int op_user_set_active(struct op_session *s, const char *name, int active, struct op_diag *d)
{
	struct user u;
	if (begin(s, d) || load(s, name, &u, d))
		return -1;
	if (op_authorize(s, ACT_USER_MANAGE, u.unit_id, NULL, d))
		return rollback(s);
	u.active = active ? 1 : 0;
	return save(s, &u, active ? "user enable" : "user disable", d);
}

int op_user_passwd(struct op_session *s, const char *name, const char *password, struct op_diag *d)
{
	struct user u;
	char enc[PASSWORD_ENCODED_MAX];
	if (encode_password(password ? password : "", enc, d))
		return -1;
	if (begin(s, d) || load(s, name, &u, d))
		return -1;
	if (strcmp(u.name, s->name) && op_authorize(s, ACT_USER_MANAGE, u.unit_id, NULL, d))
		return rollback(s);
	snprintf(u.password, sizeof(u.password), "%s", enc);
	u.failed = 0;
	u.locked_until[0] = 0;
	return save(s, &u, "user passwd", d);
}

int op_user_lock(struct op_session *s, const char *name, const char *until, struct op_diag *d)
{
	struct user u;
	if (begin(s, d) || load(s, name, &u, d))
		return -1;
	if (op_authorize(s, ACT_USER_MANAGE, u.unit_id, NULL, d))
		return rollback(s);
	snprintf(u.locked_until, sizeof(u.locked_until), "%s", until ? until : "");
	if (!*u.locked_until)
		u.failed = 0;
	return save(s, &u, *u.locked_until ? "user lock" : "user unlock", d);
}

struct list_arg {
	struct user *v;
	size_t n, alloc;
};

static int list_one(const struct user *u, void *arg)
{
	struct list_arg *l = arg;
	if (l->n == l->alloc) {
		l->alloc = l->alloc ? 2 * l->alloc : 16;
		l->v = xrealloc(l->v, l->alloc * sizeof(*l->v));
	}
	l->v[l->n] = *u;
	l->v[l->n++].password[0] = 0; /* the hash never leaves the operation */
	return 0;
}

int op_user_list(struct op_session *s, struct user **out, size_t *n, struct op_diag *d)
{
	*out = NULL;
	*n = 0;
	if (!op_allowed(s, ACT_AUDIT_READ, 0, NULL) && op_authorize(s, ACT_USER_MANAGE, 0, NULL, d))
		return -1;
	struct list_arg l = {0};
	char *err = NULL;
	if (store_user_each(s->st, list_one, &l, &err)) {
		free(l.v);
		return store_failed(d, err);
	}
	*out = l.v;
	*n = l.n;
	return 0;
}

/* Normalises a list of region codes (separated by , 、，；; or spaces) into "a,b,c" in buf. */
static int parse_regions(const char *list, char *buf, size_t n, struct op_diag *d)
{
	size_t used = 0;
	buf[0] = 0;
	const char *p = list ? list : "";
	while (*p) {
		size_t sep = (*p == ',' || *p == ';' || *p == ' ')				      ? 1
			     : (!strncmp(p, "、", 3) || !strncmp(p, "，", 3) || !strncmp(p, "；", 3)) ? 3
												      : 0;
		if (sep) {
			p += sep;
			continue;
		}
		char code[16];
		size_t l = 0;
		while (p[l] >= '0' && p[l] <= '9' && l < sizeof(code) - 1)
			l++;
		if (l != 6 ||
		    (p[l] && p[l] != ',' && p[l] != ';' && p[l] != ' ' && (unsigned char)p[l] < 0x80))
			return op_fail(d, OP_INVALID, "辖区应为六位行政区划代码，用逗号或顿号分隔（“%s”）",
				       list);
		memcpy(code, p, l);
		code[l] = 0;
		const struct region *r = region_find(code);
		if (!r)
			return op_fail(d, OP_INVALID, "行政区划代码 %s 不在区划表中（GB/T 2260）", code);
		if (region_level(code) != 3)
			return op_fail(d, OP_INVALID, "行政区划 %s（%s）不是县级区划：分局的辖区应为县级区划",
				       code, r->name);
		int w = snprintf(buf + used, n - used, "%s%s", used ? "," : "", code);
		if (w < 0 || (size_t)w >= n - used)
			return op_fail(d, OP_INVALID, "辖区过长");
		used += (size_t)w;
		p += l;
	}
	if (!used)
		return op_fail_at(d, OP_INVALID, "regions", "分局须有辖区（行政区划代码，多个以逗号分隔）");
	return 0;
}

int op_unit_add(struct op_session *s, const char *name, const char *regions, struct unit *out,
		struct op_diag *d)
{
	struct unit u = {0};
	size_t n = name ? strlen(name) : 0;
	if (!n || n > 200 || !utf8_valid(name, n) || utf8_has_control(name, n))
		return op_fail(d, OP_INVALID, "单位名称不能为空、不超过200字节，且不含控制字符");
	if (parse_regions(regions, u.regions, sizeof(u.regions), d))
		return -1;
	if (op_authorize(s, ACT_UNIT_MANAGE, 1, NULL, d) || begin(s, d))
		return -1;
	struct unit *all = NULL;
	size_t nall = 0;
	char *err = NULL;
	if (store_unit_list(s->st, &all, &nall, &err)) {
		rollback(s);
		return store_failed(d, err);
	}
	if (!nall) {
		rollback(s);
		return op_fail(d, OP_CONFLICT, "数据库尚未初始化（suiji init）");
	}
	/* the branch's codes must lie in the top unit's area and belong to no other branch */
	for (const char *p = u.regions; *p;) {
		char code[7];
		memcpy(code, p, 6);
		code[6] = 0;
		if (strncmp(code, all[0].regions, 4)) {
			free(all);
			rollback(s);
			return op_fail(d, OP_INVALID, "行政区划 %s 不在%s的辖区 %s 内", code, all[0].name,
				       all[0].regions);
		}
		for (size_t i = 1; i < nall; i++)
			if (unit_regions_has(all[i].regions, code)) {
				op_fail(d, OP_CONFLICT, "行政区划 %s 已属于 %s", code, all[i].name);
				free(all);
				return rollback(s);
			}
		p += 6;
		if (*p == ',')
			p++;
	}
	if (strcmp(all[0].level, "city")) {
		free(all);
		rollback(s);
		return op_fail(d, OP_CONFLICT, "只有市级单位可以设分局（本库的上级单位为县级）");
	}
	snprintf(u.name, sizeof(u.name), "%s", name);
	snprintf(u.level, sizeof(u.level), "county");
	u.parent = all[0].id;
	free(all);
	char now[26];
	clock_now(now);
	if (store_unit_add(s->st, &u, now, s->name, &err)) {
		rollback(s);
		return op_fail_take(d, OP_INVALID, err, "登记单位失败");
	}
	if (commit(s, d))
		return -1;
	if (out)
		*out = u;
	return 0;
}

int op_unit_list(struct op_session *s, struct op_unit_row **out, size_t *n, struct op_diag *d)
{
	*out = NULL;
	*n = 0;
	if (!op_allowed(s, ACT_UNIT_MANAGE, 1, NULL) &&
	    op_authorize(s, ACT_DIRECTORY_READ, s->own.id, NULL, d))
		return -1;
	struct unit *all = NULL;
	size_t nall = 0;
	char *err = NULL;
	if (store_unit_list(s->st, &all, &nall, &err))
		return store_failed(d, err);
	struct unit_counts *c = xcalloc(nall ? nall : 1, sizeof(*c));
	for (size_t i = 0; i < nall; i++)
		c[i].unit_id = all[i].id;
	if (store_unit_counts(s->st, NULL, c, nall, &err)) {
		free(all);
		free(c);
		return store_failed(d, err);
	}
	struct op_unit_row *rows = xcalloc(nall ? nall : 1, sizeof(*rows));
	size_t k = 0;
	for (size_t i = 0; i < nall; i++) {
		if (!op_allowed(s, ACT_UNIT_MANAGE, 1, NULL) &&
		    !op_allowed(s, ACT_DIRECTORY_READ, all[i].id, NULL))
			continue;
		rows[k++] = (struct op_unit_row){all[i], c[i].staff, c[i].objects, c[i].people};
	}
	free(all);
	free(c);
	*out = rows;
	*n = k;
	return 0;
}
