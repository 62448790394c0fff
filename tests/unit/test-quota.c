/*
 * Unit tests of the plan's arithmetic (core/quota.c), lines and selectors (core/plan.c) and the
 * Article 7 check (core/article7.c), on crafted directories whose answers are worked out by hand in
 * the comments.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h> /* after the three it needs */

#include "core/article7.h"
#include "core/dirschema.h"
#include "core/plan.h"
#include "core/quota.h"
#include "util/strbuf.h"

/* ---- periods ---- */

static void periods(void **state)
{
	int y, i;
	enum plan_period p;
	const char *why;
	char buf[16];
	assert_int_equal(period_parse("2025Q1", &y, &p, &i, &why), 0);
	assert_int_equal(y, 2025);
	assert_int_equal(p, PERIOD_QUARTER);
	assert_int_equal(i, 0);
	assert_int_equal(period_parse("2026-12", &y, &p, &i, &why), 0);
	assert_int_equal(p, PERIOD_MONTH);
	assert_int_equal(i, 11);
	assert_int_equal(period_quarter(PERIOD_MONTH, 11), 3);
	assert_int_equal(period_quarter(PERIOD_MONTH, 3), 1);
	assert_int_equal(period_quarter(PERIOD_QUARTER, 2), 2);
	static const char *const bad[] = {"2025Q0", "2025Q5", "2025-00",    "2025-13", "2025-1",
					  "25Q1",   "2025q1", "2025-01-01", "",	       "abcdQ1"};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
		if (period_parse(bad[k], &y, &p, &i, &why) != -1)
			fail_msg("accepted “%s”", bad[k]);
		assert_non_null(why);
	}
	period_label(2025, PERIOD_QUARTER, 3, buf);
	assert_string_equal(buf, "2025Q4");
	period_label(2025, PERIOD_MONTH, 2, buf);
	assert_string_equal(buf, "2025-03");
	assert_int_equal(period_per_year(PERIOD_MONTH), 12);
	assert_int_equal(period_per_year(PERIOD_QUARTER), 4);
}

/* ---- percentages and quotas ---- */

static void percentages(void **state)
{
	long bp;
	const char *why;
	char buf[16];
	static const struct {
		const char *in;
		long bp;
	} good[] = {{"5", 500},	  {"5%", 500},	  {"5％", 500}, {"12.5", 1250},
		    {"0.25", 25}, {"100", 10000}, {"0.01", 1}};
	for (size_t k = 0; k < sizeof(good) / sizeof(good[0]); k++) {
		assert_int_equal(quota_parse_percent(good[k].in, &bp, &why), 0);
		assert_int_equal(bp, good[k].bp);
	}
	static const char *const bad[] = {"0",	"100.01", "101", "1.234", "abc", "",
					  "-5", "5.",	  ".5",	 "5%%",	  "1000"};
	for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++)
		if (quota_parse_percent(bad[k], &bp, &why) != -1)
			fail_msg("accepted “%s”", bad[k]);
	quota_format_percent(500, buf);
	assert_string_equal(buf, "5%");
	quota_format_percent(1250, buf);
	assert_string_equal(buf, "12.5%");
	quota_format_percent(25, buf);
	assert_string_equal(buf, "0.25%");
}

static void ratio_rounds_up(void **state)
{
	/* 5 % of 30 = 1.5 → 2; of 20 = 1 exactly; of 21 = 1.05 → 2; of 1 = 0.05 → 1; of 0 → 0 */
	assert_int_equal(quota_ratio_ceil(30, 500), 2);
	assert_int_equal(quota_ratio_ceil(20, 500), 1);
	assert_int_equal(quota_ratio_ceil(21, 500), 2);
	assert_int_equal(quota_ratio_ceil(1, 500), 1);
	assert_int_equal(quota_ratio_ceil(0, 500), 0);
	/* 12.5 % of 8 = 1; 0.25 % of 401 = 1.0025 → 2; 100 % of 7 = 7 */
	assert_int_equal(quota_ratio_ceil(8, 1250), 1);
	assert_int_equal(quota_ratio_ceil(401, 25), 2);
	assert_int_equal(quota_ratio_ceil(7, 10000), 7);
	/* large pools do not overflow: 5 % of a million */
	assert_int_equal(quota_ratio_ceil(1000000, 500), 50000);
}

static void quota_rules(void **state)
{
	struct quota each = {QUOTA_EACH, 0}, count = {QUOTA_COUNT, 12}, ratio = {QUOTA_RATIO, 500};
	assert_int_equal(quota_for_period(&each, PERIOD_QUARTER, 0, 17, 17, 0), 17);
	assert_int_equal(quota_for_period(&count, PERIOD_QUARTER, 0, 17, 17, 0), 12);
	assert_int_equal(quota_for_period(&count, PERIOD_QUARTER, 0, 5, 5, 0),
			 5); /* never more than the pool */
	assert_int_equal(quota_for_period(&ratio, PERIOD_MONTH, 7, 30, 30, 0), 2);
	assert_int_equal(quota_for_period(&ratio, PERIOD_MONTH, 7, 0, 0, 0), 0);

	/* per staff: 2 staff × 5 = 10 a year over quarters: ceil(10k/4) = 3, 5, 8, 10 → 3, 2, 3, 2 */
	struct quota per = {QUOTA_PER_STAFF, 5};
	long want_q[] = {3, 2, 3, 2}, sum = 0;
	for (int i = 0; i < 4; i++) {
		assert_int_equal(quota_for_period(&per, PERIOD_QUARTER, i, 1000, 1000, 2), want_q[i]);
		sum += want_q[i];
	}
	assert_int_equal(sum, 10);
	/* 1 staff × 5 over months: ceil(5k/12) = 1,1,2,2,3,3,3,4,4,5,5,5 → 1,0,1,0,1,0,0,1,0,1,0,0 */
	long want_m[] = {1, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0};
	for (int i = 0; i < 12; i++)
		assert_int_equal(quota_for_period(&per, PERIOD_MONTH, i, 1000, 1000, 1), want_m[i]);
	/* capped at the pool: 3 staff × 5 = 15 > 10 objects → 10 a year: 3, 2, 3, 2 */
	sum = 0;
	for (int i = 0; i < 4; i++)
		sum += quota_for_period(&per, PERIOD_QUARTER, i, 10, 10, 3);
	assert_int_equal(sum, 10);
	assert_int_equal(quota_for_period(&per, PERIOD_QUARTER, 0, 10, 10, 3), 3);
	assert_int_equal(quota_for_period(&per, PERIOD_QUARTER, 0, 10, 10, 0), 0);
	assert_int_equal(quota_for_period(&per, PERIOD_QUARTER, 4, 10, 10, 3), 0); /* out of range */
}

/*
 * Issue 11, defect 1: a percentage line's quota is its ratio of the line's whole population, drawn from
 * the members the repeat window and the yearly cap leave; fewer of them → all of them.
 */
static void quota_of_population(void **state)
{
	(void)state;
	struct quota ratio = {QUOTA_RATIO, 500}, count = {QUOTA_COUNT, 12}, each = {QUOTA_EACH, 0};
	/* Q2: 5 % of 105 other key units is 6, though only 96 may be drawn now (not 5 % of 96 = 5) */
	assert_int_equal(quota_wanted(&ratio, PERIOD_QUARTER, 1, 105, 0), 6);
	assert_int_equal(quota_for_period(&ratio, PERIOD_QUARTER, 1, 105, 96, 0), 6);
	/* only 4 may be drawn: all 4, the shortfall of 2 is the caller's to report */
	assert_int_equal(quota_for_period(&ratio, PERIOD_QUARTER, 1, 105, 4, 0), 4);
	assert_int_equal(quota_for_period(&count, PERIOD_QUARTER, 0, 20, 9, 0), 9);
	assert_int_equal(quota_for_period(&each, PERIOD_QUARTER, 0, 20, 9, 0), 9);
	/* a population given smaller than the pool counts as the pool */
	assert_int_equal(quota_for_period(&ratio, PERIOD_QUARTER, 0, 0, 30, 0), 2);
}

static void guaranteed(void **state)
{
	/* 5 drawn from 10, 7 of them general: at least 5 − 3 = 2 general */
	assert_int_equal(quota_guaranteed(5, 10, 7), 2);
	assert_int_equal(quota_guaranteed(3, 10, 7), 0);
	assert_int_equal(quota_guaranteed(10, 10, 7), 7);
	assert_int_equal(quota_guaranteed(4, 4, 4), 4);
	assert_int_equal(quota_guaranteed(0, 0, 0), 0);
}

static void describe(void **state)
{
	char buf[160];
	struct quota q = {QUOTA_RATIO, 1250};
	quota_describe(&q, PERIOD_MONTH, buf, sizeof(buf));
	assert_string_equal(buf, "每月抽取 12.5%");
	q = (struct quota){QUOTA_EACH, 0};
	quota_describe(&q, PERIOD_QUARTER, buf, sizeof(buf));
	assert_string_equal(buf, "每个对象每季度1次");
}

/* ---- settings and weights ---- */

static void settings(void **state)
{
	struct plan_settings s;
	const char *why;
	char buf[128], out[32];
	plan_settings_default(&s, 0);
	assert_int_equal(s.general_per_staff, 5);
	assert_int_equal(s.key_other_bp, 500);
	assert_int_equal(s.key_city_quarterly, 1);
	assert_int_equal(s.team_size, 2);
	plan_settings_default(&s, 1);
	assert_int_equal(s.general_per_staff, 10); /* a county: 1/10 */

	const struct setting_def *d = plan_setting_find("key_other_pct");
	assert_non_null(d);
	assert_int_equal(plan_setting_set(&s, d, "7.5", &why, buf), 0);
	assert_int_equal(s.key_other_bp, 750);
	plan_setting_format(&s, d, out);
	assert_string_equal(out, "7.5%");
	d = plan_setting_find("repeat_window_days");
	assert_int_equal(plan_setting_set(&s, d, "367", &why, buf), -1);
	assert_string_equal(why, "应为 0 到 366 之间的整数");
	assert_int_equal(plan_setting_set(&s, d, "30", &why, buf), 0);
	assert_int_equal(s.repeat_window_days, 30);
	d = plan_setting_find("suspended_eligible");
	assert_int_equal(plan_setting_set(&s, d, "是", &why, buf), 0);
	assert_int_equal(s.suspended_eligible, 1);
	assert_int_equal(plan_setting_set(&s, d, "也许", &why, buf), -1);
	d = plan_setting_find("team_size");
	assert_int_equal(plan_setting_set(&s, d, "1", &why, buf), -1); /* 行政处罚法 第42条: at least two */
	assert_null(plan_setting_find("no_such_key"));
}

static void weights(void **state)
{
	struct plan_settings s;
	plan_settings_default(&s, 0); /* 低 1, 中 2, 高 3, special at least 3, positive unchanged */
	assert_int_equal(plan_object_weight(&s, "低", "一般", 0), 1);
	assert_int_equal(plan_object_weight(&s, "中", "一般", 0), 2);
	assert_int_equal(plan_object_weight(&s, "", "一般", 0), 2); /* unrated counts as 中 */
	assert_int_equal(plan_object_weight(&s, "高", "重点", 0), 3);
	assert_int_equal(plan_object_weight(&s, "低", "特殊", 0), 3);
	assert_int_equal(plan_object_weight(&s, "高", "一般", 1), 3);
	s.positive_weight = 1;
	assert_int_equal(plan_object_weight(&s, "高", "一般", 1), 1);
	s.weight_high = 100;
	s.weight_special = 50;
	assert_int_equal(plan_object_weight(&s, "高", "特殊", 0), 100);
	assert_int_equal(plan_object_weight(&s, "低", "特殊", 0), 50);
}

/* ---- lists, lines, selectors ---- */

static void lists(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	plan_list_normalize(" A；B, A 、C，\xe3\x80\x80"
			    "D\xe3\x80\x80;;",
			    &sb);
	assert_string_equal(sb.buf, "A、B、C、D");
	assert_int_equal(plan_list_count(sb.buf), 4);
	assert_true(plan_list_has(sb.buf, "C"));
	assert_false(plan_list_has(sb.buf, "E"));
	assert_false(plan_list_has("AB、C", "A"));
	plan_list_normalize("", &sb);
	assert_string_equal(strbuf_str(&sb), "");
	strbuf_release(&sb);
	assert_int_equal(plan_class_mask("重点、特殊"), CLASS_KEY | CLASS_SPECIAL);
	assert_int_equal(plan_class_mask("全部"), CLASS_ALL);
	assert_int_equal(plan_class_mask(""), CLASS_ALL);
}

static int nreports;
static void count_report(const char *field, const char *reason, void *arg)
{
	(void)field;
	nreports++;
	if (arg)
		strncpy(arg, reason, 255);
}

static void line_checks(void **state)
{
	struct plan_line l;
	char last[256] = "";
	plan_line_init(&l);
	plan_set_str(&l.name, "市管重点排污单位季度检查");
	plan_set_str(&l.type, "日常监督管理检查");
	plan_set_str(&l.items, "JZ-001");
	plan_set_str(&l.initiator, "执法支队");
	nreports = 0;
	assert_int_equal(plan_line_check(&l, count_report, last), 0);

	plan_set_str(&l.type, "随便检查");
	plan_set_str(&l.regions, "410821、999999、41");
	plan_set_str(&l.industries, "2、26、2614、26145");
	plan_set_str(&l.classes, "一般");
	plan_set_str(&l.city_managed, "是");
	l.quota = (struct quota){QUOTA_RATIO, 0};
	nreports = 0;
	/* type, region 999999, region 41, industry 2, industry 26145, 市管 with 一般, ratio 0 */
	assert_int_equal(plan_line_check(&l, count_report, last), 7);
	assert_int_equal(nreports, 7);
	plan_line_release(&l);
}

/* A canonical object row built from the few fields the plan reads. */
struct obj {
	const char *vals[32];
	char uscc[19];
};

static void make_obj(struct obj *o, int n, const char *region, const char *industry, const char *klass,
		     const char *city, const char *status, const char *positive, const char *entity)
{
	const struct dirkind *d = &dir_objects;
	for (size_t i = 0; i < d->nfields; i++)
		o->vals[i] = "";
	snprintf(o->uscc, sizeof(o->uscc), "91%s%010d", region, n);
	o->vals[dirkind_field_index(d, "uscc")] = o->uscc;
	o->vals[dirkind_field_index(d, "name")] = "测试单位";
	o->vals[dirkind_field_index(d, "region")] = region;
	o->vals[dirkind_field_index(d, "industry")] = industry;
	o->vals[dirkind_field_index(d, "class")] = klass;
	o->vals[dirkind_field_index(d, "city_managed")] = city;
	o->vals[dirkind_field_index(d, "status")] = status;
	o->vals[dirkind_field_index(d, "positive_list")] = positive;
	o->vals[dirkind_field_index(d, "entity_type")] = entity;
	o->vals[dirkind_field_index(d, "pollutants")] = "废水、危险废物";
}

static void selectors(void **state)
{
	struct obj a;
	struct plan_object o;
	struct plan_line l;
	struct plan_settings s;
	plan_settings_default(&s, 0);
	make_obj(&a, 1, "410821", "2614", "重点", "是", "正常", "否", "企业");
	plan_object_view(a.vals, &o);
	assert_int_equal(plan_object_category(&o), A7_KEY_CITY);
	assert_true(plan_object_eligible(&o, &s));

	plan_line_init(&l);
	assert_true(plan_line_matches(&l, &o)); /* an empty selector takes everything */
	plan_set_str(&l.classes, "重点");
	plan_set_str(&l.city_managed, "是");
	plan_set_str(&l.regions, "410800"); /* the city: every county below it */
	plan_set_str(&l.industries, "26");
	plan_set_str(&l.tags, "危险废物、市管");
	plan_set_str(&l.positive, "否");
	assert_true(plan_line_matches(&l, &o));
	plan_set_str(&l.regions, "410822、410823");
	assert_false(plan_line_matches(&l, &o));
	plan_set_str(&l.regions, "");
	plan_set_str(&l.industries, "2615、27");
	assert_false(plan_line_matches(&l, &o));
	plan_set_str(&l.industries, "");
	plan_set_str(&l.tags, "噪声");
	assert_false(plan_line_matches(&l, &o));
	plan_set_str(&l.tags, "");
	l.item_classes = CLASS_GENERAL | CLASS_SPECIAL; /* no item applies to a key unit */
	assert_false(plan_line_matches(&l, &o));
	plan_line_release(&l);

	make_obj(&a, 2, "410821", "2614", "一般", "否", "停产", "是", "小微企业");
	plan_object_view(a.vals, &o);
	assert_false(plan_object_eligible(&o, &s));
	s.suspended_eligible = 1;
	assert_true(plan_object_eligible(&o, &s));
	assert_true(plan_object_has_tag(&o, "小微企业"));
	assert_true(plan_object_has_tag(&o, "正面清单"));
	assert_false(plan_object_has_tag(&o, "市管"));
	make_obj(&a, 3, "410821", "2614", "一般", "否", "注销", "否", "企业");
	plan_object_view(a.vals, &o);
	assert_false(plan_object_eligible(&o, &s)); /* deregistered: never */
}

/* ---- Article 7 on crafted directories ---- */

static struct plan_line mkline(const char *classes, const char *city, enum plan_period p, struct quota q,
			       const char *group)
{
	struct plan_line l;
	plan_line_init(&l);
	plan_set_str(&l.name, "测试");
	plan_set_str(&l.type, "日常监督管理检查");
	plan_set_str(&l.items, "X");
	plan_set_str(&l.initiator, "执法支队");
	plan_set_str(&l.classes, classes);
	plan_set_str(&l.city_managed, city);
	plan_set_str(&l.group, group);
	l.period = p;
	l.quota = q;
	return l;
}

/* The city directory: 10 city-managed key units (410821), 100 other key units (410822), 200 general,
 * 20 special, 5 general deregistered and 3 suspended; 30 staff. */
static void feed_city(struct article7 *a)
{
	struct obj o;
	struct plan_object v;
	int n = 0;
	for (int i = 0; i < 10; i++, n++) {
		make_obj(&o, n, "410821", "4411", "重点", "是", "正常", "否", "企业");
		plan_object_view(o.vals, &v);
		article7_add(a, &v);
	}
	for (int i = 0; i < 100; i++, n++) {
		make_obj(&o, n, "410822", "2614", "重点", "否", "正常", "否", "企业");
		plan_object_view(o.vals, &v);
		article7_add(a, &v);
	}
	for (int i = 0; i < 208; i++, n++) {
		make_obj(&o, n, "410823", "3011", "一般", "否",
			 i < 200   ? "正常"
			 : i < 205 ? "注销"
				   : "停产",
			 "否", "企业");
		plan_object_view(o.vals, &v);
		article7_add(a, &v);
	}
	for (int i = 0; i < 20; i++, n++) {
		make_obj(&o, n, "410882", "2221", "特殊", "否", "正常", "否", "企业");
		plan_object_view(o.vals, &v);
		article7_add(a, &v);
	}
}

static void article7_city(void **state)
{
	struct plan_settings s;
	plan_settings_default(&s, 0);
	struct plan_line lines[4] = {
	    mkline("重点", "是", PERIOD_QUARTER, (struct quota){QUOTA_EACH, 0}, ""),
	    mkline("重点", "否", PERIOD_QUARTER, (struct quota){QUOTA_RATIO, 500}, ""),
	    mkline("一般", "", PERIOD_QUARTER, (struct quota){QUOTA_PER_STAFF, 5}, ""),
	    mkline("特殊", "", PERIOD_QUARTER, (struct quota){QUOTA_RATIO, 1000}, ""),
	};
	long line_staff[4] = {0, 0, 30, 0};
	struct article7 *a = article7_new(&s, lines, line_staff, 4, 30);
	feed_city(a);
	struct a7_result r;
	article7_finish(a, &r);
	assert_int_equal(r.count[A7_KEY_CITY], 10);
	assert_int_equal(r.count[A7_KEY_OTHER], 100);
	assert_int_equal(r.count[A7_GENERAL], 200);
	assert_int_equal(r.count[A7_SPECIAL], 20);
	assert_int_equal(r.excluded, 8);
	/* every city-managed unit every quarter: 4 × 10 = 40 */
	assert_int_equal(r.min[A7_RULE_KEY_CITY].required, 40);
	assert_int_equal(r.min[A7_RULE_KEY_CITY].planned, 40);
	assert_int_equal(r.min[A7_RULE_KEY_CITY].shortfall, 0);
	/* 5 % of 100 = 5 a quarter, 20 a year */
	assert_int_equal(r.min[A7_RULE_KEY_OTHER].required, 20);
	assert_int_equal(r.min[A7_RULE_KEY_OTHER].planned, 20);
	/* 30 staff × 5 = 150 ≤ 200: 38 + 37 + 38 + 37 */
	assert_int_equal(r.min[A7_RULE_GENERAL].required, 150);
	assert_int_equal(r.min[A7_RULE_GENERAL].planned, 150);
	assert_int_equal(r.lines[2].quota[0], 38);
	assert_int_equal(r.lines[2].quota[1], 37);
	/* general rate 150/200 = 75 %: special needs more than 15 of 20 → 16; 10 % a quarter gives 2 × 4 = 8
	 */
	assert_int_equal(r.min[A7_RULE_SPECIAL].required, 16);
	assert_int_equal(r.min[A7_RULE_SPECIAL].planned, 8);
	assert_int_equal(r.min[A7_RULE_SPECIAL].shortfall, 8);
	assert_false(r.ok);
	assert_int_equal(r.nmissing, 0);
	a7_result_release(&r);

	/* special at 20 % a quarter: 4 × 4 = 16 > 15 → met */
	lines[3].quota.value = 2000;
	a = article7_new(&s, lines, line_staff, 4, 30);
	feed_city(a);
	article7_finish(a, &r);
	assert_int_equal(r.min[A7_RULE_SPECIAL].planned, 16);
	assert_int_equal(r.min[A7_RULE_SPECIAL].shortfall, 0);
	assert_true(r.ok);
	a7_result_release(&r);

	/* the city-managed line restricted to another county covers none: 40 short, each unit listed */
	plan_set_str(&lines[0].regions, "410822");
	a = article7_new(&s, lines, line_staff, 4, 30);
	feed_city(a);
	article7_finish(a, &r);
	assert_int_equal(r.min[A7_RULE_KEY_CITY].planned, 0);
	assert_int_equal(r.min[A7_RULE_KEY_CITY].shortfall, 40);
	assert_int_equal(r.nmissing, 10);
	assert_int_equal(r.missing[0].quarters, 0xf);
	assert_false(r.ok);
	a7_result_release(&r);

	/* a random 50 % of the city-managed units a quarter does not make "each one every quarter" */
	plan_set_str(&lines[0].regions, "");
	lines[0].quota = (struct quota){QUOTA_RATIO, 5000};
	a = article7_new(&s, lines, line_staff, 4, 30);
	feed_city(a);
	article7_finish(a, &r);
	assert_int_equal(r.min[A7_RULE_KEY_CITY].planned, 0);
	a7_result_release(&r);
	/* … but a monthly line drawing them all in one month of each quarter does */
	lines[0].quota = (struct quota){QUOTA_EACH, 0};
	lines[0].period = PERIOD_MONTH;
	a = article7_new(&s, lines, line_staff, 4, 30);
	feed_city(a);
	article7_finish(a, &r);
	assert_int_equal(r.min[A7_RULE_KEY_CITY].planned, 40);
	a7_result_release(&r);
	for (int i = 0; i < 4; i++)
		plan_line_release(&lines[i]);
}

static void article7_mixed_and_joint(void **state)
{
	struct plan_settings s;
	plan_settings_default(&s, 0);
	/*
	 * One line over all key units (110: 10 city-managed, 100 other), 10 % a quarter = 11: at most 10 of
	 * them can be city-managed, so it certainly reaches 11 − 10 = 1 other key unit a quarter (required
	 * 5): 4 short each quarter, 16 in all.
	 */
	struct plan_line lines[3] = {
	    mkline("重点", "", PERIOD_QUARTER, (struct quota){QUOTA_RATIO, 1000}, ""),
	    mkline("一般", "", PERIOD_QUARTER, (struct quota){QUOTA_COUNT, 40}, "联合"),
	    mkline("一般", "", PERIOD_QUARTER, (struct quota){QUOTA_COUNT, 30}, "联合"),
	};
	struct article7 *a = article7_new(&s, lines, NULL, 3, 30);
	feed_city(a);
	struct a7_result r;
	article7_finish(a, &r);
	assert_int_equal(r.lines[0].pool, 110);
	assert_int_equal(r.lines[0].quota[0], 11);
	assert_int_equal(r.min[A7_RULE_KEY_OTHER].q_required[0], 5);
	assert_int_equal(r.min[A7_RULE_KEY_OTHER].q_planned[0], 1);
	assert_int_equal(r.min[A7_RULE_KEY_OTHER].shortfall, 16);
	/* the two general lines are one joint draw: max(40, 30) = 40 a quarter, not 70; 160 ≥ 150 */
	assert_int_equal(r.min[A7_RULE_GENERAL].planned, 160);
	assert_int_equal(r.min[A7_RULE_GENERAL].shortfall, 0);
	a7_result_release(&r);

	/* apart (no group) they add up: 70 a quarter */
	plan_set_str(&lines[1].group, "");
	a = article7_new(&s, lines, NULL, 3, 30);
	feed_city(a);
	article7_finish(a, &r);
	assert_int_equal(r.min[A7_RULE_GENERAL].planned, 280);
	a7_result_release(&r);
	for (int i = 0; i < 3; i++)
		plan_line_release(&lines[i]);
}

static void article7_county(void **state)
{
	/* a county: 10 per staff member; 30 staff × 10 = 300 > 200 general objects → 200 */
	struct plan_settings s;
	plan_settings_default(&s, 1);
	struct plan_line l = mkline("一般", "", PERIOD_QUARTER, (struct quota){QUOTA_PER_STAFF, 10}, "");
	long staff = 30;
	struct article7 *a = article7_new(&s, &l, &staff, 1, 30);
	feed_city(a);
	struct a7_result r;
	article7_finish(a, &r);
	assert_int_equal(r.general_factor, 10);
	assert_int_equal(r.min[A7_RULE_GENERAL].required, 200);
	assert_int_equal(r.min[A7_RULE_GENERAL].planned, 200);
	/* with the rule off nothing is required of the city-managed units */
	assert_int_equal(r.min[A7_RULE_KEY_CITY].required, 40);
	a7_result_release(&r);
	s.key_city_quarterly = 0;
	s.special_above_general = 0;
	a = article7_new(&s, &l, &staff, 1, 30);
	feed_city(a);
	article7_finish(a, &r);
	assert_int_equal(r.min[A7_RULE_KEY_CITY].required, 0);
	assert_int_equal(r.min[A7_RULE_KEY_CITY].shortfall, 0);
	assert_int_equal(r.min[A7_RULE_SPECIAL].shortfall, 0);
	a7_result_release(&r);
	plan_line_release(&l);
}

static void special_required(void **state)
{
	assert_int_equal(a7_special_required(0, 100, 50), 0);	 /* no special objects */
	assert_int_equal(a7_special_required(10, 0, 0), 1);	 /* no general ones: any inspection is more */
	assert_int_equal(a7_special_required(20, 200, 150), 16); /* 75 % → more than 15 */
	assert_int_equal(a7_special_required(20, 200, 0), 1);
	assert_int_equal(a7_special_required(20, 200, 200), 20); /* 100 %: all of them */
	assert_int_equal(a7_special_required(20, 200, 999), 20); /* the base is capped at the pool */
	assert_int_equal(a7_special_required(3, 7, 2), 1);	 /* 2/7 = 28.6 % → 1/3 = 33 % */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(periods),
	    cmocka_unit_test(percentages),
	    cmocka_unit_test(ratio_rounds_up),
	    cmocka_unit_test(quota_rules),
	    cmocka_unit_test(quota_of_population),
	    cmocka_unit_test(guaranteed),
	    cmocka_unit_test(describe),
	    cmocka_unit_test(settings),
	    cmocka_unit_test(weights),
	    cmocka_unit_test(lists),
	    cmocka_unit_test(line_checks),
	    cmocka_unit_test(selectors),
	    cmocka_unit_test(article7_city),
	    cmocka_unit_test(article7_mixed_and_joint),
	    cmocka_unit_test(article7_county),
	    cmocka_unit_test(special_required),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
