/*
 * This file implements the demo of op/demo.h: a realistic, deterministic directory for Jiaozuo (焦作市)
 * — its ten county-level areas, the industries that matter there (coal, power, aluminium, chemicals,
 * paper, leather, cement, tyres, food), valid credit codes, officers per area, conflicts and the item
 * list with its legal bases — written as the four import files and imported through op_import, so the
 * demo also exercises the real path. The names are invented; any resemblance to a real unit is chance.
 *
 * The structure: the city bureau (焦作市生态环境局) and a branch for each of the six counties and
 * county-level cities (修武县, 博爱县, 武陟县, 温县, 沁阳市, 孟州市). The four urban districts (解放区,
 * 中站区, 马村区, 山阳区) stay the city's own area: the city bureau's 执法支队 works there, so the city
 * has a directory, a plan and draws of its own (Article 7's city rule), and its staff carry the city's
 * code or a district's. The 高新区 has no GB/T 2260 code in data/regions.csv, so it cannot be a
 * jurisdiction: its units carry the district they lie in and belong to the city.
 */
#include "op/demo.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/uscc.h"
#include "io/csv.h"
#include "io/outfile.h"
#include "op/authz.h"
#include "op/directory.h"
#include "store/unit.h"
#include "store/user.h"
#include "util/error.h"
#include "util/xalloc.h"

/* A small deterministic generator (splitmix64): demo data only, never a draw. */
static uint64_t rng_state;
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}
static unsigned below(unsigned n)
{
	return (unsigned)(rnd() % n);
}
#define PICK(a) (a[below(sizeof(a) / sizeof(a[0]))])

struct county {
	const char *code, *name;
	unsigned weight; /* share of the objects */
};
static const struct county counties[] = {
    {"410802", "解放区", 5},  {"410803", "中站区", 12}, {"410804", "马村区", 10}, {"410811", "山阳区", 7},
    {"410821", "修武县", 10}, {"410822", "博爱县", 11}, {"410823", "武陟县", 13}, {"410825", "温县", 9},
    {"410882", "沁阳市", 13}, {"410883", "孟州市", 10},
};

struct industry {
	const char *code, *suffix, *pollutants;
	unsigned weight, key_pct; /* share, and the percentage of key units among them */
};
static const struct industry industries[] = {
    {"0610", "煤业", "废水、固体废物", 4, 40},
    {"4411", "热电", "废气、固体废物", 2, 90},
    {"3216", "铝业", "废气、固体废物、危险废物", 2, 70},
    {"2613", "氟化工", "废水、废气、危险废物", 3, 60},
    {"2643", "钛业", "废水、废气、固体废物", 1, 80},
    {"2614", "化工", "废水、废气、危险废物", 5, 40},
    {"2221", "纸业", "废水、固体废物", 4, 30},
    {"1910", "皮革", "废水、固体废物、危险废物", 4, 25},
    {"3011", "水泥", "废气、噪声", 3, 50},
    {"2911", "轮胎", "废气、固体废物", 1, 50},
    {"2710", "制药", "废水、废气、危险废物", 2, 45},
    {"1391", "淀粉", "废水", 3, 10},
    {"3670", "汽车配件", "废气、危险废物", 6, 5},
    {"3360", "表面处理", "废水、危险废物", 4, 30},
    {"3031", "建材", "废气、噪声", 6, 2},
    {"4620", "水务", "废水", 2, 60},
    {"7724", "环保科技", "危险废物", 1, 90},
    {"1320", "饲料", "废气", 4, 2},
    {"8411", "医院", "废水、危险废物", 3, 10},
    {"3130", "钢材", "废气、固体废物", 2, 30},
    {"2521", "焦化", "废水、废气、危险废物", 1, 90},
    {"5265", "加油站", "废气、土壤", 8, 0},
    {"8111", "汽车维修", "废水、危险废物", 10, 0},
    {"1511", "酒业", "废水", 2, 5},
    {"2438", "工艺品", "废气", 4, 0},
};

static const char *const brands[] = {
    "恒盛", "鑫源", "宏达", "永安", "金鼎", "瑞丰", "天宇", "中原", "太行", "怀川", "山阳", "丹河", "沁园",
    "月山", "云台", "神农", "万方", "隆基", "华鑫", "豫北", "嘉和", "博远", "兴业", "东方", "新亚", "长城",
    "德润", "宏图", "联创", "佳信", "昊天", "富源", "润泽", "三和", "四方", "正阳", "嵩岳", "黄河",
};
static const char *const roads[] = {"人民路", "解放路", "建设路", "丰收路", "焦东路",	  "塔南路", "山阳路",
				    "工业路", "迎宾路", "太行路", "新园路", "开发区大道", "滨河路", "怀府路"};
static const char *const surnames[] = {"王", "李", "张", "刘", "陈", "杨", "赵", "黄",
				       "周", "吴", "徐", "孙", "马", "朱", "胡", "郭",
				       "何", "高", "林", "郑", "宋", "韩", "冯", "程"};
static const char *const given[] = {"伟",   "芳",   "娜",   "敏",   "静",   "丽",   "强",   "磊",
				    "军",   "洋",   "勇",   "艳",   "杰",   "涛",   "明",   "超",
				    "霞",   "平",   "刚",   "建华", "志强", "海燕", "晓东", "卫国",
				    "红梅", "振宇", "文博", "子涵", "俊杰", "雪梅"};
static const char *const expertise[] = {"水",	"大气", "土壤",	    "固废", "辐射", "化学品",
					"生态", "环评", "排污许可", "监测", "执法"};
static const char *const departments[] = {
    "执法支队",		  "水生态环境科", "大气环境科",	      "土壤生态环境科",
    "固体废物与化学品科", "辐射安全科",	  "环评与排放管理科", "监测站"};
static const char *const positions[] = {"科员", "副科长", "科长", "执法队员", "副大队长", "大队长"};
static const char uscc_chars[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/*
 * A valid code, unique for each serial number "serial": the last six body characters encode it
 * (scattered by an odd multiplier modulo 31^6), the first two are random or, as for most codes issued
 * since 2015, "MA".
 */
static void make_uscc(const char *head, long serial, char out[19])
{
	char body[9];
	int ma = below(2);
	body[0] = ma ? 'M' : uscc_chars[below(31)];
	body[1] = ma ? 'A' : uscc_chars[below(31)];
	uint64_t v = ((uint64_t)serial * 387420489ull + 12345) % 887503681ull; /* 31^6 */
	for (int i = 7; i >= 2; i--, v /= 31)
		body[i] = uscc_chars[v % 31];
	body[8] = '\0';
	if (uscc_make(head, body, out))
		body[0] = '1', uscc_make(head, body, out); /* not reached for GB 11714's 0-9 and X */
}

static const struct county *pick_county(void)
{
	unsigned total = 0, r;
	for (size_t i = 0; i < sizeof(counties) / sizeof(counties[0]); i++)
		total += counties[i].weight;
	r = below(total);
	for (size_t i = 0;; i++) {
		if (r < counties[i].weight)
			return &counties[i];
		r -= counties[i].weight;
	}
}

static const struct industry *pick_industry(void)
{
	unsigned total = 0, r;
	for (size_t i = 0; i < sizeof(industries) / sizeof(industries[0]); i++)
		total += industries[i].weight;
	r = below(total);
	for (size_t i = 0;; i++) {
		if (r < industries[i].weight)
			return &industries[i];
		r -= industries[i].weight;
	}
}

static void row(FILE *f, const char *const *vals, size_t n)
{
	for (size_t i = 0; i < n; i++)
		csv_write_field(f, vals[i], i == 0);
	csv_end_record(f);
}

/* The file being written: one at a time, atomically (io/outfile.h); where its failure is said. */
static struct outfile *demo_out;
static struct op_diag *demo_diag;

static FILE *open_out(const char *dir, const char *name, char **path)
{
	*path = xasprintf("%s/%s", dir, name);
	char *err = NULL;
	demo_out = outfile_open(*path, 0644, &err);
	if (!demo_out) {
		op_fail_take(demo_diag, OP_ERROR, err, "无法写入演示数据文件");
		return NULL;
	}
	return outfile_fp(demo_out);
}

/* Finishes the file open_out began: 0, or -1 with why (the previous file left as it was). */
static int close_out(void)
{
	char *err = NULL;
	int rc = outfile_commit(demo_out, &err);
	demo_out = NULL;
	if (rc)
		op_fail_take(demo_diag, OP_ERROR, err, "无法写入演示数据文件");
	else
		free(err);
	return rc;
}

/* Writes objects.csv; remembers every 50th code for the conflicts. */
static int write_objects(const char *dir, long n, char **path, char (*sample)[19], long *nsample)
{
	FILE *f = open_out(dir, "objects.csv", path);
	if (!f)
		return -1;
	static const char *const header[] = {
	    "统一社会信用代码", "单位名称",	  "行政区划代码", "行业代码", "监管类别",   "市管",
	    "排污许可管理类别", "排污许可证编号", "正面清单",	  "绩效分级", "污染物类型", "监控类型",
	    "生产状态",		"主体类型",	  "风险等级",	  "地址"};
	row(f, header, 16);
	for (long i = 0; i < n; i++) {
		const struct county *c = pick_county();
		const struct industry *ind = pick_industry();
		unsigned r = below(100);
		const char *klass = r < ind->key_pct ? "重点" : below(100) < 6 ? "特殊" : "一般";
		int key = !strcmp(klass, "重点");
		const char *entity = key	       ? "企业"
				     : below(100) < 70 ? "企业"
				     : below(100) < 80 ? "小微企业"
						       : "个体工商户";
		char head[9], code[19], name[160], permit[32], address[160];
		snprintf(head, sizeof(head), "%s%s", strcmp(entity, "个体工商户") ? "91" : "92", c->code);
		make_uscc(head, i, code);
		if (!strcmp(entity, "个体工商户"))
			snprintf(name, sizeof(name), "%s%s%s%s店", c->name, PICK(brands), PICK(surnames),
				 ind->suffix);
		else
			snprintf(name, sizeof(name), "%s%s%s%s有限公司", below(4) ? "焦作市" : c->name,
				 PICK(brands), below(3) ? "" : PICK(brands), ind->suffix);
		const char *permit_class = key ? "重点管理" : below(100) < 55 ? "简化管理" : "登记管理";
		snprintf(permit, sizeof(permit), "%s001%c", code,
			 strcmp(permit_class, "登记管理") ? 'P' : 'W');
		const char *city_managed = key && below(100) < 35 ? "是" : "否";
		int positive = below(100) < (key ? 8u : 4u);
		static const char *const grades[] = {"A", "B", "C", "D", "引领性"};
		const char *grade = key && below(100) < 70 ? grades[positive ? below(2) * 4 : below(4)] : "";
		const char *monitoring = key ? (below(2) ? "在线监控、用电监控" : "在线监控、视频监控")
					 : below(100) < 20 ? "用电监控"
							   : "";
		const char *status = below(100) < 4 ? "停产" : "正常";
		static const char *const risks[] = {"低", "中", "中", "高"};
		const char *risk = !strcmp(klass, "特殊") ? "高" : risks[below(4)];
		snprintf(address, sizeof(address), "河南省焦作市%s%s%u号", c->name, PICK(roads),
			 1 + below(999));
		const char *vals[] = {code,
				      name,
				      c->code,
				      ind->code,
				      klass,
				      city_managed,
				      permit_class,
				      permit,
				      positive ? "是" : "否",
				      grade,
				      ind->pollutants,
				      monitoring,
				      status,
				      entity,
				      risk,
				      address};
		row(f, vals, 16);
		if (i % 50 == 0)
			memcpy(sample[(*nsample)++], code, 19);
	}
	return close_out();
}

static int write_people(const char *dir, long npeople, char **path, char *is_officer, char city_officer[24],
			char branch_officer[24])
{
	FILE *f = open_out(dir, "people.csv", path);
	if (!f)
		return -1;
	static const char *const header[] = {"人员编号", "姓名",     "人员类别", "执法证号",
					     "单位",	 "科室",     "职务",	 "行政区划代码",
					     "工作年限", "业务专长", "在岗"};
	row(f, header, 11);
	size_t ncounties = sizeof(counties) / sizeof(counties[0]);
	for (long i = 0; i < npeople; i++) {
		/* a third at the city bureau, the rest spread over the county bureaus */
		int city = i % 3 == 0;
		const struct county *c = &counties[(size_t)i % ncounties];
		char id[24], name[32], cert[32], unit[96], years[8], exp[96];
		unsigned k = below(100);
		const char *kind = k < 75 ? "执法" : k < 93 ? "监管" : "辅助";
		snprintf(id, sizeof(id), "%c%05ld", strcmp(kind, "辅助") ? 'P' : 'E', i + 1);
		snprintf(name, sizeof(name), "%s%s", PICK(surnames), PICK(given));
		if (!strcmp(kind, "执法"))
			snprintf(cert, sizeof(cert), "%s%07ld", city ? "410800" : c->code, 1000 + i);
		else
			cert[0] = '\0';
		if (!strcmp(kind, "辅助"))
			snprintf(unit, sizeof(unit), "%s",
				 below(2) ? "焦作市生态环境监测中心" : "河南理工大学环境学院");
		else if (city)
			snprintf(unit, sizeof(unit), "焦作市生态环境局");
		else
			snprintf(unit, sizeof(unit), "焦作市生态环境局%s分局", c->name);
		snprintf(years, sizeof(years), "%u", 1 + below(30));
		const char *e1 = PICK(expertise), *e2 = PICK(expertise);
		if (below(3))
			snprintf(exp, sizeof(exp), "%s、%s", e1, e2);
		else
			snprintf(exp, sizeof(exp), "%s", e1);
		int expert = !strcmp(kind, "辅助");
		is_officer[i] = !expert;
		static const char *const expert_titles[] = {"高级工程师", "工程师", "教授", "副教授"};
		const char *vals[] = {id,
				      name,
				      kind,
				      cert,
				      unit,
				      expert ? "" : PICK(departments),
				      expert ? PICK(expert_titles) : PICK(positions),
				      city || !strcmp(kind, "辅助") ? "410800" : c->code,
				      years,
				      exp,
				      below(100) < 95 ? "是" : "否"};
		row(f, vals, 11);
		/* the demo logins' inspectors: the first on-duty officer of the city and of 修武县 */
		char *who = !strcmp(vals[7], "410800")	 ? city_officer
			    : !strcmp(vals[7], "410821") ? branch_officer
							 : NULL;
		if (who && !*who && !strcmp(kind, "执法") && !strcmp(vals[10], "是"))
			snprintf(who, 24, "%s", id);
	}
	return close_out();
}

static int write_conflicts(const char *dir, long npeople, const char *is_officer, char (*sample)[19],
			   long nsample, char **path)
{
	FILE *f = open_out(dir, "conflicts.csv", path);
	if (!f)
		return -1;
	static const char *const header[] = {"人员编号", "统一社会信用代码", "原因"};
	static const char *const reasons[] = {"近亲属在该单位任职", "曾在该单位工作", "本人申报存在利害关系",
					      "与该单位存在经济往来"};
	row(f, header, 3);
	for (long i = 0; i < nsample; i += 2) {
		char id[24];
		long p = (long)below((unsigned)npeople);
		while (!is_officer[p])
			p = (p + 1) % npeople;
		snprintf(id, sizeof(id), "P%05ld", p + 1);
		const char *vals[] = {id, sample[i], PICK(reasons)};
		row(f, vals, 3);
	}
	return close_out();
}

static int write_items(const char *dir, char **path)
{
	FILE *f = open_out(dir, "items.csv", path);
	if (!f)
		return -1;
	static const char *const rows[][7] = {
	    {"事项编码", "事项名称", "责任科室", "检查内容", "法律依据", "适用类别", "检查方式"},
	    {"JZ-HB-001", "排污单位污染防治设施运行情况检查", "执法支队", "污染防治设施运行、污染物排放情况",
	     "《中华人民共和国环境保护法》第二十四条", "全部", "现场"},
	    {"JZ-HB-002", "排污许可制度落实及证后执行情况检查", "环评与排放管理科",
	     "持证排污、按证排污、自行监测、执行报告", "《排污许可管理条例》", "全部", "均可"},
	    {"JZ-HB-003", "水污染物排放情况检查", "水生态环境科", "废水处理设施运行、排放口规范化",
	     "《中华人民共和国水污染防治法》第三十条", "全部", "现场"},
	    {"JZ-HB-004", "大气污染物排放情况检查", "大气环境科", "废气治理设施运行、无组织排放控制",
	     "《中华人民共和国大气污染防治法》第二十九条", "全部", "现场"},
	    {"JZ-HB-005", "固体废物及危险废物管理情况检查", "固体废物与化学品科",
	     "危险废物贮存、转移联单、管理台账", "《中华人民共和国固体废物污染环境防治法》", "重点、特殊",
	     "现场"},
	    {"JZ-HB-006", "化学品环境管理情况检查", "固体废物与化学品科",
	     "新化学物质登记、有毒有害化学物质管理", "《新化学物质环境管理登记办法》", "重点", "现场"},
	    {"JZ-HB-007", "辐射安全许可及管理情况检查", "辐射安全科", "辐射安全许可证、辐射防护措施",
	     "《中华人民共和国放射性污染防治法》", "全部", "现场"},
	    {"JZ-HB-008", "突发环境事件应急预案备案情况检查", "执法支队", "应急预案备案、应急物资、演练记录",
	     "《突发环境事件应急管理办法》", "全部", "均可"},
	    {"JZ-HB-009", "建设项目环评及批复落实情况检查", "环评与排放管理科", "环评批复要求落实情况",
	     "《中华人民共和国环境影响评价法》", "全部", "现场"},
	    {"JZ-HB-010", "建设项目“三同时”制度落实情况检查", "环评与排放管理科",
	     "环境保护设施与主体工程同时设计、同时施工、同时投产使用", "《建设项目环境保护管理条例》", "全部",
	     "现场"},
	    {"JZ-HB-011", "土壤污染重点监管单位义务落实情况检查", "土壤生态环境科", "隐患排查、自行监测",
	     "《中华人民共和国土壤污染防治法》", "重点", "现场"},
	    {"JZ-HB-012", "碳排放数据质量检查", "大气环境科", "碳排放报告、监测计划执行",
	     "《碳排放权交易管理暂行条例》", "重点", "非现场"},
	    {"JZ-HB-013", "在线监控数据质量非现场检查", "监测站", "自动监测数据有效性、异常数据",
	     "《中华人民共和国环境保护法》第二十四条", "全部", "非现场"},
	    {"JZ-HB-014", "生态环境监测社会化服务机构及环评单位报告（数据）质量检查", "监测站",
	     "监测报告、环评文件质量", "《中华人民共和国环境影响评价法》", "全部", "均可"},
	};
	for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++)
		row(f, rows[i], 7);
	return close_out();
}

void op_demo_result_release(struct op_demo_result *r)
{
	for (int i = 0; i < 4; i++)
		free(r->paths[i]);
	free(r->units);
	free(r->logins);
	memset(r, 0, sizeof(*r));
}

/* The inspectors the logins of 执法人员 name (write_people). */
static char city_inspector[24], branch_inspector[24];

int op_demo_files(const struct op_demo_args *a, struct op_demo_result *r, struct op_diag *d)
{
	memset(r, 0, sizeof(*r));
	if (a->objects < 10 || a->objects > 1000000)
		return op_fail(d, OP_INVALID, "检查对象数应为 10 到 1000000 之间的整数");
	if (mkdir(a->dir, 0755) && errno != EEXIST)
		return op_fail(d, OP_ERROR, "无法创建目录 %s: %s", a->dir, errno_zh(errno));
	rng_state = a->seed;
	demo_diag = d;
	long npeople = a->people ? a->people : a->objects / 100 < 200 ? 200 : a->objects / 100;
	char(*sample)[19] = xcalloc((size_t)a->objects / 50 + 2, 19);
	char *is_officer = xcalloc((size_t)npeople, 1);
	long nsample = 0;
	city_inspector[0] = branch_inspector[0] = '\0';
	int rc = write_items(a->dir, &r->paths[0]) ||
			 write_objects(a->dir, a->objects, &r->paths[1], sample, &nsample) ||
			 write_people(a->dir, npeople, &r->paths[2], is_officer, city_inspector,
				      branch_inspector) ||
			 write_conflicts(a->dir, npeople, is_officer, sample, nsample, &r->paths[3])
		     ? -1
		     : 0;
	r->people = npeople;
	free(sample);
	free(is_officer);
	demo_diag = NULL;
	return rc;
}

/* The six branches: the counties and county-level cities (see the file's opening paragraph). */
static const char *const branches[][2] = {
    {"修武县分局", "410821"}, {"博爱县分局", "410822"}, {"武陟县分局", "410823"},
    {"温县分局", "410825"},   {"沁阳市分局", "410882"}, {"孟州市分局", "410883"},
};
#define DEMO_BRANCH "修武县分局"

/* One login per role: the city's, then the 修武 branch's. person: 1 the city's inspector, 2 the branch's. */
static const struct {
	const char *name, *roles, *unit;
	int person;
	int by_security; /* appointed by the 安全管理员 (三员分立: the 系统管理员 appoints only the first) */
} logins[] = {
    {"市局-管理员", "市局管理员", NULL, 0, 0},
    {"市局-科室", "科室人员", NULL, 0, 0},
    {"市局-执法", "执法人员", NULL, 1, 0},
    {"市局-监督", "监督", NULL, 0, 0},
    {"市局-公开审核", "公开审核", NULL, 0, 0},
    {"市局-系统管理员", "系统管理员", NULL, 0, 0},
    {"市局-安全管理员", "安全管理员", NULL, 0, 0},
    {"市局-审计管理员", "审计管理员", NULL, 0, 1},
    {"修武-管理员", "分局管理员", DEMO_BRANCH, 0, 0},
    {"修武-科室", "科室人员", DEMO_BRANCH, 0, 0},
    {"修武-执法", "执法人员", DEMO_BRANCH, 2, 0},
    {"修武-公开审核", "公开审核", DEMO_BRANCH, 0, 0},
};
#define NLOGINS (sizeof(logins) / sizeof(logins[0]))

static int make_logins(struct op_session *s, struct op_demo_result *r, struct op_diag *d)
{
	r->logins = xcalloc(NLOGINS, sizeof(*r->logins));
	struct op_session sec = {0};
	int have_sec = 0;
	for (size_t i = 0; i < NLOGINS; i++) {
		struct op_demo_login *l = &r->logins[r->nlogins++];
		snprintf(l->name, sizeof(l->name), "%s", logins[i].name);
		snprintf(l->roles, sizeof(l->roles), "%s", logins[i].roles);
		snprintf(l->unit, sizeof(l->unit), "%s", logins[i].unit ? logins[i].unit : s->own.name);
		struct user u;
		char *err = NULL;
		int has = store_user_get(s->st, logins[i].name, &u, &err);
		if (has < 0)
			return op_fail_take(d, OP_ERROR, err, "数据库错误");
		if (has)
			continue; /* kept as it is: its password is not shown again */
		const char *person = logins[i].person == 1   ? city_inspector
				     : logins[i].person == 2 ? branch_inspector
							     : NULL;
		if (person && !*person)
			person = NULL;
		if (op_password_generate(l->password, d))
			return -1;
		struct op_user_args ua = {logins[i].name, logins[i].roles, person,
					  logins[i].unit ? logins[i].unit : "1", l->password};
		struct op_session *by = s;
		if (logins[i].by_security) {
			if (!have_sec && op_session_open(&sec, s->st, "市局-安全管理员", NULL, d))
				return -1;
			have_sec = 1;
			by = &sec;
		}
		if (op_user_add(by, &ua, d))
			return -1;
	}
	return 0;
}

int op_demo_setup(struct op_session *s, const struct op_demo_args *a, struct op_demo_result *r,
		  struct op_diag *d)
{
	memset(r, 0, sizeof(*r));
	if (op_authorize(s, ACT_DEMO, 1, NULL, d))
		return -1;
	if (op_demo_files(a, r, d))
		return -1;
	r->units = xcalloc(sizeof(branches) / sizeof(branches[0]), sizeof(*r->units));
	for (size_t i = 0; i < sizeof(branches) / sizeof(branches[0]); i++) {
		char *err = NULL;
		struct unit *u = &r->units[r->nunits++];
		int has = store_unit_find(s->st, branches[i][0], u, &err);
		if (has < 0)
			return op_fail_take(d, OP_ERROR, err, "数据库错误");
		if (!has && op_unit_add(s, branches[i][0], branches[i][1], u, d))
			return -1;
	}
	static const struct dirkind *const order[] = {&dir_items, &dir_objects, &dir_people, &dir_conflicts};
	for (int i = 0; i < 4; i++) {
		struct op_import_args ia = {.d = order[i], .path = r->paths[i], .effective = a->effective};
		if (op_import(s, &ia, &r->counts[i], d))
			return -1;
	}
	return make_logins(s, r, d);
}
