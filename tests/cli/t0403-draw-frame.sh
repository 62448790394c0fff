#!/usr/bin/env bash
# The draw's frame, written as canonical JSON text without a JSON tree (cmd/draw-frame.c), against
# tricky data: expertise with '"', '\' and Chinese, objects stored out of credit-code order, three
# strata with overlapping members (needs merged per set of strata), positive-list objects and weights,
# conflicts for objects in and out of the frame, previous teams from targeted inspections and from an
# earlier draw, experts. Checks: the inputs_hash is the one the earlier jansson builder produced for the
# same database (recorded below), the exported frame hashes to the announced hash when written as CJ
# by tools/verify.py, and both verifiers accept the revealed packages.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
# 80 objects in a shuffled order, valid credit codes, every class, some city-managed, positive-listed,
# suspended or deregistered, three risk levels (weights), names with quotes and backslashes
python3 - "$T/objects.csv" "$SUIJI_SRC/tests/cli" <<'PY'
import random, sys
sys.path.insert(0, sys.argv[2])
from codes import uscc
rnd = random.Random(20250105)
rows = []
regions = ["410821", "410822", "410882", "410883", "410811"]
for n in range(80):
    body = "%08d" % (7000 + n * 37) if n % 3 else "MA%06d" % (n * 911)
    klass = ["重点", "一般", "特殊"][n % 3]
    city = "是" if klass == "重点" and n % 2 else "否"
    status = "注销" if n % 17 == 5 else "停产" if n % 13 == 4 else "正常"
    positive = "是" if n % 5 == 1 else "否"
    risk = ["低", "中", "高"][n % 7 % 3]
    name = ['恒盛"纸业"有限公司', "太行\\化工", "桑坡皮革"][n % 3] + str(n)
    rows.append([uscc("91" if n % 4 else "92", regions[n % 5], body), name, regions[n % 5], "2614",
                 klass, city, status, positive, risk])
rnd.shuffle(rows)
with open(sys.argv[1], "w", encoding="utf-8") as out:
    out.write("统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管,生产状态,正面清单,风险等级\n")
    for r in rows:
        out.write(",".join('"' + c.replace('"', '""') + '"' for c in r) + "\n")
PY
cat >"$T/people.csv" <<'CSV'
人员编号,姓名,人员类别,执法证号,单位,科室,行政区划代码,业务专长,在岗
P01,王建华,执法,41080010001,焦作市生态环境局,执法支队,410800,"水""质、大\气",是
P02,李红梅,执法,41080010002,焦作市生态环境局,固体废物与化学品科,410800,"固废、""、\、\\",是
P03,张振宇,执法,41082110003,焦作市生态环境局修武分局,执法大队,410821,大气,是
P04,刘志强,执法,41088210004,焦作市生态环境局沁阳分局,执法大队,410882,水,是
P05,陈静,执法,41088310005,焦作市生态环境局孟州分局,执法大队,410883,"固废、水、""引号""",是
P06,杨勇,执法,41082210006,焦作市生态环境局博爱分局,执法大队,410822,,是
P07,赵敏,监管,,焦作市生态环境局,大气环境科,410800,大气,是
P08,孙伟,执法,41080010008,焦作市生态环境局,执法支队,410800,水,否
P09,钱多,执法,41081110009,焦作市生态环境局,执法支队,410811,"a\""b",是
E01,周教授,辅助,,河南理工大学环境学院,,410800,"辐射、\n",是
E02,吴工,辅助,,焦作市环境监测站,,410800,"土壤""污染""",是
CSV
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-01-02
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-01-02
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-01-02
# conflicts: objects 1..4 of the file (some outside every frame), one per officer
python3 - "$T/objects.csv" "$T/conflicts.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))[1:]
with open(sys.argv[2], "w", encoding="utf-8") as out:
    out.write("人员编号,统一社会信用代码,原因\n")
    for i, p in enumerate(["P01", "P03", "P05", "E01", "P02", "P04"]):
        out.write("%s,%s,近亲属在该单位任职\n" % (p, rows[i * 7][0]))
    for r in rows:
        if r[6] == "注销":
            out.write("P06,%s,曾在该单位任职\n" % r[0])
PY
expect_rc 0 "$SUIJI" import conflicts "$T/conflicts.csv" --date 2025-01-02
# previous teams: targeted inspections of two key units and a general one
for i in 2 3 4; do
	u=$(awk -F, -v want="$i" '$5 != "\"一般\"" && $7 == "\"正常\"" { if (++n == want) { gsub(/"/, "", $1); print $1 } }' "$T/objects.csv")
	expect_rc 0 "$SUIJI" targeted add --uscc "$u" --trigger 信访投诉举报 --reference "X-$i" --team P04,P06 --date 2025-01-03
done

expect_rc 0 "$SUIJI" plan new --year 2025 --date 2025-01-02
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 市管重点 --items JZ-001,JZ-002 --each --class 重点 --city-managed 是
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 重点和一般 --items JZ-004 --ratio 50 --class 重点,一般
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 特殊和正面清单 --items JZ-002,JZ-003 --ratio 40 --class 特殊,重点,一般 --positive 是
expect_rc 0 "$SUIJI" plan file --year 2025 --out-dir "$T" # a draw rests on a filed plan

export SUIJI_NOW=2025-01-05T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1,2,3 --period 2025Q1 --beacon-source "福彩3D 2025-01-06" --date 2025-01-05 --experts 1
hash1=$(sed -n 's/.*inputs_hash: *//p' "$T/out")
# pinned: the jansson builder made bf04f7d0… on this same database with the members in scan order; the
# text builder gave the same bytes, and since members are listed in uscc order (for the run's cursor) it is
expect_eq "$hash1" "1639421a7d253d83c34b9ddec42d961bef9cce411645facd47e0bc78304a9ccc" "inputs_hash of this database"

# frame_check PACKAGE HASH: the exported frame, written as CJ by tools/verify.py, hashes to HASH; the
# tricky strings came through; every member has an object entry
frame_check() {
	expect_eq "$(python3 - "$1" "$SUIJI_SRC/tools" <<'PY'
import hashlib, sys
sys.path.insert(0, sys.argv[2])
import verify
d = verify.load_strict(open(sys.argv[1], "rb").read())
print(hashlib.sha256(verify.cj(d["inputs"])).hexdigest())
PY
)" "$2" "CJ of the exported frame hashes to the announced hash"
}
expect_rc 0 "$SUIJI" draw export 1 -o "$T/announce1.json"
frame_check "$T/announce1.json" "$hash1"
expect_eq "$(jq_get "$T/announce1.json" "[o['expertise'] for o in d['inputs']['officers'] if o['id'] in ('P01', 'P02', 'P09')]")" \
	'[["水\"质", "大\\气"], ["固废", "\"", "\\", "\\\\"], ["a\\\"b"]]' "quotes and backslashes in expertise"
expect_eq "$(jq_get "$T/announce1.json" "len(d['inputs']['strata']), len(set.intersection(*[set(m['uscc'] for m in s['members']) for s in d['inputs']['strata'][:2]])) > 0")" \
	"(3, True)" "three strata, overlapping"
expect_eq "$(jq_get "$T/announce1.json" "sorted(set(len(o['needs']) for o in d['inputs']['objects'].values()))[-1] > 1, sorted(set(w['weight'] for s in d['inputs']['strata'] for w in s['members'])) != [1]")" \
	"(True, True)" "needs merged across strata; several weights"
expect_eq "$(jq_get "$T/announce1.json" "all(c[1] in d['inputs']['objects'] for c in d['inputs']['conflicts']), len(d['inputs']['conflicts']) > 0, len(d['inputs']['previous'])")" \
	"(True, True, 4)" "conflicts only for objects in the frame; previous teams of the targeted inspections"
expect_eq "$(jq_get "$T/announce1.json" "list(d['inputs']['objects']) == sorted(d['inputs']['objects'], key=lambda k: k.encode())")" \
	"true" "objects in byte order"
expect_eq "$(jq_get "$T/announce1.json" "all([m['uscc'] for m in s['members']] == sorted((m['uscc'] for m in s['members']), key=lambda k: k.encode()) for s in d['inputs']['strata'])")" \
	"true" "members of every stratum in byte order"

export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 1 --beacon "5 2 8"
expect_rc 0 "$SUIJI" draw export 1 --reveal --force --reason 核验 -o "$T/pkg1.json"
expect_rc 0 "$SUIJI" verify "$T/pkg1.json"
expect_out "核验通过"
expect_rc 0 python3 "$SUIJI_SRC/tools/verify.py" "$T/pkg1.json"

# the next quarter: previous pairings from the draw's teams, its objects inside the repeat window
export SUIJI_NOW=2025-04-01T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1,2,3 --period 2025Q2 --beacon-source "福彩3D 2025-04-02" --date 2025-04-01 --experts 1
expect_eq "$(sed -n 's/.*重复检查间隔内 \([0-9]*\).*/\1/p' "$T/out")" "$(sed -n 's/.*重复检查间隔内 \([1-9][0-9]*\).*/\1/p' "$T/out")" "objects inside the repeat window"
hash2=$(sed -n 's/.*inputs_hash: *//p' "$T/out")
expect_rc 0 "$SUIJI" draw export 2 -o "$T/announce2.json"
frame_check "$T/announce2.json" "$hash2"
expect_eq "$(jq_get "$T/announce2.json" "len(d['inputs']['previous']) > 4")" "true" "previous pairings from the earlier draw"
export SUIJI_NOW=2025-04-02T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 2 --beacon "1 7 3"
expect_rc 0 "$SUIJI" draw export 2 --reveal --force --reason 核验 -o "$T/pkg2.json"
expect_rc 0 "$SUIJI" verify "$T/pkg2.json"
expect_rc 0 python3 "$SUIJI_SRC/tools/verify.py" "$T/pkg2.json"
expect_rc 0 "$SUIJI" audit verify

# a control character that reached the directory behind the importer's back: no frame is announced
sqlite3 "$SUIJI_DB" "update person_version set expertise = '水' || char(9) || '质' where k = 'P03'"
export SUIJI_NOW=2025-07-01T09:00:00+08:00
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q3 --beacon-source x --date 2025-07-01
expect_err "业务专长含有控制字符"
expect_eq "$(sql "select count(*) from draw")" "2" "nothing announced"
done_testing
