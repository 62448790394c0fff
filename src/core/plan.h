/*
 * This file declares the annual plan's lines as plain data (Article 6) and what is decided from
 * them without a database: which objects a line selects (its selector over the object directory's
 * fields, the eligibility of an object under the bureau's settings), checking a line's values, a
 * line's canonical text (hashed for the audit chain and the filing), and the eight triggers of a
 * targeted inspection (Article 2). No I/O.
 *
 * List values (item codes, departments, classes, regions, industries, tags) are joined by 、 as
 * everywhere in suiji; plan_list_next walks them.
 */
#ifndef SUIJI_PLAN_H
#define SUIJI_PLAN_H
#include <stddef.h>

#include "core/quota.h"
#include "util/strbuf.h"

/* The four kinds of planned inspection named in Article 2. */
extern const char *const plan_line_types[]; /* NULL-terminated */
/* The eight triggers of a targeted inspection (Article 2), in the regulation's order. */
extern const char *const targeted_triggers[]; /* NULL-terminated */
/* 1 when "t" is one of targeted_triggers. */
int targeted_trigger_valid(const char *t);

/* Class bits: which object classes a line or an item applies to. */
#define CLASS_KEY 1u
#define CLASS_GENERAL 2u
#define CLASS_SPECIAL 4u
#define CLASS_ALL 7u
/* The bit of a class value (重点/一般/特殊), 0 for anything else. */
unsigned plan_class_bit(const char *klass);
/* The bits of a list of classes; "全部" or "" is CLASS_ALL. */
unsigned plan_class_mask(const char *list);

/*
 * One line of a plan version. Strings are owned (plan_line_release frees them); "" for empty.
 * The selector is the conjunction of its non-empty parts.
 */
struct plan_line {
	int no;		 /* the line's number, stable across the versions of a year's plan */
	char *name;	 /* e.g. "市管重点排污单位季度检查" */
	char *type;	 /* one of plan_line_types */
	char *items;	 /* item codes, 、-joined, at least one */
	char *initiator; /* 发起部门 */
	char *participants; /* 参与部门: the bureau's own 科室 (系统内跨科室 when not empty), 、-joined */
	char *partners; /* 参加的外部门: other government departments (系统外跨部门, 部门联合检查) */
	/* selector */
	char *classes;	    /* 重点/一般/特殊, 、-joined; "" all */
	char *city_managed; /* 是 / 否 / "" either */
	char *regions;	    /* GB/T 2260 codes, an object within any of them */
	char *industries;   /* GB/T 4754 code prefixes (2 to 4 digits) */
	char *tags;	    /* every tag must hold (as "suiji list --tag") */
	char *positive;	    /* 正面清单: 是 / 否 / "" either */
	/* quota */
	enum plan_period period;
	struct quota quota;
	char *staff_departments; /* per_staff: count only staff of these departments; "" all */
	char *group;		 /* joint draw group: lines with the same group become one draw (Article 8) */
	char *note;
	/* derived, not stored: the classes the line's items apply to (CLASS_ALL when unknown) */
	unsigned item_classes;
};

/* Sets every string to an allocated "" and the rest to zero; item_classes to CLASS_ALL. */
void plan_line_init(struct plan_line *l);
void plan_line_release(struct plan_line *l);
/* Deep copy of "src" into "dst" (which is overwritten, not released). */
void plan_line_copy(struct plan_line *dst, const struct plan_line *src);
/* Replaces the string *slot by a copy of "v" (NULL: ""). */
void plan_set_str(char **slot, const char *v);

/*
 * Checks a line's own values (not the items against the list, which needs the store): a name, at
 * least one item code, a known type, classes, 是/否 flags, region codes in the region table,
 * industry prefixes of 2 to 4 digits, a quota value in range. Calls report(field, reason, arg) for each
 * problem (reason: Chinese, naming the value in words; field: the value's JSON name, "partners", or NULL);
 * returns the count.
 */
int plan_line_check(const struct plan_line *l,
		    void (*report)(const char *field, const char *reason, void *arg), void *arg);

/*
 * The line's objects in Chinese for people and the filing, e.g.
 * "重点监管对象；市管；行政区划 410821；行业 26；标识 小微企业；非正面清单", or "全部检查对象".
 */
void plan_line_describe_objects(const struct plan_line *l, struct strbuf *sb);

/* The canonical text of a line (every stored field, in order, 0x1F/0x1E separated) appended to sb. */
void plan_line_canonical(const struct plan_line *l, struct strbuf *sb);

/* Normalises a list typed by a person (separators ; ； 、 , ，, spaces trimmed, repeats dropped) into
 * 、-joined text. */
void plan_list_normalize(const char *in, struct strbuf *out);
/* Walks a 、-joined list: returns the next element's start and its length in *len, NULL at the end. */
const char *plan_list_next(const char **cursor, size_t *len);
/* 1 when the 、-joined "list" has the element "v". */
int plan_list_has(const char *list, const char *v);
/* The number of elements. */
size_t plan_list_count(const char *list);

/* An item of the list as a line refers to it. */
struct plan_item {
	char *code, *name, *department, *content, *legal_basis, *classes, *method;
	unsigned class_mask;
};
void plan_item_release(struct plan_item *it);
/* 1 when the item applies to objects of class "klass" (its 适用类别). */
int plan_item_applies(const struct plan_item *it, const char *klass);

/*
 * An object of the directory seen by the plan: pointers into a canonical row of dir_objects
 * (core/dirschema.h), valid as long as the row is.
 */
struct plan_object {
	const char *const *vals;
	const char *uscc, *name, *region, *industry, *klass, *risk, *status;
	int city_managed, positive;
};
void plan_object_view(const char *const *vals, struct plan_object *o);
/* 1 when the object may be drawn at all: not 注销; not 停产 unless the settings allow it. */
int plan_object_eligible(const struct plan_object *o, const struct plan_settings *s);
/* 1 when the line's selector holds for the object and one of the line's items applies to its class. */
int plan_line_matches(const struct plan_line *l, const struct plan_object *o);
/* 1 when the object carries "tag": an enumerated or listed value of one of its fields, 市管 or 正面清单. */
int plan_object_has_tag(const struct plan_object *o, const char *tag);

/*
 * Article 8's two kinds of joint inspection: "系统外跨部门" when the line names outside departments
 * (partners; its type is 部门联合检查), "系统内跨科室" when it has participants of the bureau's own 科室
 * only, "" for a line of one department.
 */
const char *plan_line_joint(const struct plan_line *l);

/*
 * Article 6's deadline for filing: a year's plan is made and filed by 31 December of the year before.
 * 1 when filing version "version" of "year"'s plan on day "today" (YYYY-MM-DD) is late: version 1
 * filed on or after 1 January of the year (an adjustment, version 2 on, is never late). The one
 * statement of the rule: "plan new" warns with it, "plan file" records it, the filing document says it.
 */
int plan_filing_late(int year, int version, const char *today);

/* Object categories of Article 7. */
enum a7_category { A7_KEY_CITY, A7_KEY_OTHER, A7_GENERAL, A7_SPECIAL, A7_NCATEGORIES };
/* The category of an object, or -1 for an unknown class. */
int plan_object_category(const struct plan_object *o);

#endif
