# Helpers for the plan tests (t03NN-*.sh), sourced after lib.sh: crafted directories with valid
# credit codes, so that every Article 7 figure can be worked out by hand.

# gen_objects FILE SEED < SPEC — writes an object directory. Each SPEC line:
#   COUNT REGION CLASS CITY_MANAGED [STATUS [POSITIVE [ENTITY [INDUSTRY [NAME]]]]]
# Codes are 91 + region + an 8-digit serial (SEED * 100000 + n) + the GB 11714 and GB 32100 checks.
gen_objects() {
	python3 -c '
import sys
sys.path.insert(0, sys.argv[3])
import codes
def uscc(region, n):
    return codes.uscc("91", region, "%08d" % n)
out = open(sys.argv[1], "w", encoding="utf-8")
out.write("统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管,生产状态,正面清单,主体类型\n")
n = int(sys.argv[2]) * 100000
for line in sys.stdin:
    f = line.split()
    if not f or f[0].startswith("#"):
        continue
    f += ["正常", "否", "企业", "2614", "测试单位"][len(f) - 4:]
    count, region, klass, city, status, positive, entity, industry, name = f[:9]
    for i in range(int(count)):
        n += 1
        out.write("%s,%s%d,%s,%s,%s,%s,%s,%s,%s\n" % (uscc(region, n), name, n, region, industry, klass, city, status, positive, entity))
' "$1" "$2" "$SUIJI_SRC/tests/cli"
}

# gen_people FILE SEED < SPEC — writes a people directory. Each SPEC line:
#   COUNT KIND DEPARTMENT ACTIVE [REGION]
gen_people() {
	python3 -c '
import sys
out = open(sys.argv[1], "w", encoding="utf-8")
out.write("人员编号,姓名,人员类别,执法证号,单位,科室,行政区划代码,在岗\n")
n = int(sys.argv[2]) * 1000
for line in sys.stdin:
    f = line.split()
    if not f or f[0].startswith("#"):
        continue
    count, kind, dep, active = f[:4]
    region = f[4] if len(f) > 4 else "410800"
    for i in range(int(count)):
        n += 1
        cert = "4108%07d" % n if kind == "执法" else ""
        out.write("P%d,人员%d,%s,%s,测试生态环境局,%s,%s,%s\n" % (n, n, kind, cert, dep, region, active))
' "$1" "$2"
}

# jq_get FILE EXPR — a value from a JSON file, EXPR being a Python expression over "d".
jq_get() {
	python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); v = eval(sys.argv[2]); print(json.dumps(v, ensure_ascii=False) if isinstance(v, (dict, list, bool)) else v)' "$1" "$2"
}

# min_of FILE RULE FIELD — required / planned / shortfall of one minimum in "plan check --json" output.
min_of() {
	jq_get "$1" "[m for m in d['minimums'] if m['rule'] == '$2'][0]['$3']"
}

ITEMS_CSV='事项编码,事项名称,责任科室,检查内容,法律依据,适用类别,检查方式
JZ-001,排污单位污染防治设施运行情况检查,执法支队,污染防治设施运行情况,《中华人民共和国环境保护法》第二十四条,全部,现场
JZ-002,固体废物及危险废物管理情况检查,固体废物与化学品科,危险废物贮存、转移,《中华人民共和国固体废物污染环境防治法》,重点、特殊,现场
JZ-003,在线监控数据质量检查,监测站,自动监测数据,《中华人民共和国环境保护法》第二十四条,,非现场
JZ-004,大气污染防治情况检查,大气环境科,废气排放,《中华人民共和国大气污染防治法》第二十九条,,现场'

# three_units_setup — the city bureau with two branches (修武分局 over 修武县 and 博爱县, 武陟分局 over
# 武陟县), each with its own objects and its own business staff on one city people file, all dated
# 2025-10-01, so that each unit's Article 7 figures can be worked out by hand (t0307, t0526). The caller
# sets SUIJI_NOW first.
three_units_setup() {
	"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
	expect_rc 0 "$SUIJI" unit add 修武分局 --region 410821,410822
	expect_rc 0 "$SUIJI" unit add 武陟分局 --region 410823
	printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
	# the city: 24 general objects in 解放区 and 76 in 中站区; 修武分局: 29 in 修武县 and 31 in 博爱县; 武陟分局: 10
	gen_objects "$T/objects.csv" 7 <<'EOF2'
24 410802 一般 否
76 410803 一般 否
29 410821 一般 否
31 410822 一般 否
10 410823 一般 否
EOF2
	# one people file for the whole city: the city's own 5 business staff (and one off duty, one 辅助),
	# 修武分局's 3 officers and 武陟分局's 2, each with their region
	gen_people "$T/people.csv" 7 <<'EOF2'
4 执法 执法支队 是 410800
1 监管 大气环境科 是 410800
1 执法 执法支队 否 410800
1 辅助 专家组 是 410800
3 执法 修武执法大队 是 410821
2 执法 武陟执法大队 是 410823
EOF2
	expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-10-01
	expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-10-01
	expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-10-01
}
