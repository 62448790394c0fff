#!/usr/bin/env bash
# Article 7's minimums for a city bureau on a crafted directory whose answers are worked out by hand:
# city-managed key units every quarter, 5 % of the other key units a quarter, 5 general objects per
# on-duty staff member (capped at the pool), special objects above the general rate; and the quota a
# line asks of the draw for one period (plan spec).
. "$(dirname "$0")/lib.sh"
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"

printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
# 12 city-managed key units, 60 other key units, 150 general objects (and 4 deregistered, 3 suspended,
# which never count), 10 special objects
gen_objects "$T/objects.csv" 1 <<'EOF'
12 410821 重点 是
60 410822 重点 否
150 410823 一般 否
4 410823 一般 否 注销
3 410823 一般 否 停产
10 410882 特殊 否
EOF
# on-duty business staff: 20 执法 + 5 监管 in post = 25; 3 officers not in post and 4 auxiliary do not count
gen_people "$T/people.csv" 1 <<'EOF'
20 执法 执法支队 是
5 监管 大气环境科 是
3 执法 执法支队 否
4 辅助 监测站 是
EOF
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-11-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-11-01
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-11-01

# no plan yet
expect_rc 1 "$SUIJI" plan check --year 2026
expect_err "没有 2026 年度抽查计划"
expect_rc 0 "$SUIJI" plan new --year 2026 --date 2025-12-01
expect_out "第1版（草稿）"

# an empty plan: everything is short. required: 12 × 4 = 48; ceil(5 % × 60) = 3 a quarter = 12;
# min(150, 25 × 5) = 125; special above a general rate of 125/150: floor(125 × 10 / 150) + 1 = 9
expect_rc 1 "$SUIJI" plan check --year 2026 --json
cp "$T/out" "$T/c0.json"
expect_eq "$(jq_get "$T/c0.json" "d['year']")" 2026 "year"
expect_eq "$(jq_get "$T/c0.json" "d['level']")" city "level"
expect_eq "$(jq_get "$T/c0.json" "d['ok']")" false "empty plan fails"
expect_eq "$(jq_get "$T/c0.json" "d['directory']['staff']")" 25 "staff count"
expect_eq "$(jq_get "$T/c0.json" "d['directory']['not_eligible']")" 7 "deregistered and suspended"
expect_eq "$(min_of "$T/c0.json" key_city_quarterly required)" 48 "key city required"
expect_eq "$(min_of "$T/c0.json" key_city_quarterly shortfall)" 48 "key city shortfall"
expect_eq "$(min_of "$T/c0.json" key_other_ratio required)" 12 "key other required"
expect_eq "$(min_of "$T/c0.json" general_per_staff required)" 125 "general required"
expect_eq "$(min_of "$T/c0.json" special_above_general required)" 9 "special required"
expect_eq "$(jq_get "$T/c0.json" "len(d['key_city_not_covered'])")" 12 "every city-managed unit listed"

# line 1 aimed at the wrong county covers none of the city-managed units
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 市管重点排污单位季度检查 --items JZ-001 --class 重点 \
	--city-managed 是 --region 410822 --each
expect_out "已新增 2026 年度计划第1项"
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 非市管重点排污单位抽查 --items JZ-001,JZ-002 --class 重点 \
	--city-managed 否 --ratio 5 --group 重点联合
# items of two of the bureau's own 科室: a joint inspection within the system (Article 8), not 部门联合检查
expect_out "系统内跨科室联合检查"
expect_no_out "部门联合检查"
expect_out "参与部门: 固体废物与化学品科"
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般监管对象抽查 --items JZ-001 --class 一般 --per-staff 5
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 特殊监管对象抽查 --items JZ-001,JZ-002 --class 特殊 --ratio 10
expect_rc 1 "$SUIJI" plan check --year 2026
expect_out "[未达到] 市管重点排污单位每季度至少抽查1次: 应抽查 48，计划 0，差额 48"
expect_out "[符合] 非市管重点排污单位每季度抽查比例不少于5%: 应抽查 12，计划 12，差额 0"
expect_out "第一季度 3/3"
# 25 × 5 = 125 a year over quarters: 32, 31, 31, 31
expect_out "[符合] 一般监管对象每年至少抽查 25 人 × 5 家（不超过对象数 150 家）: 应抽查 125，计划 125，差额 0"
# 10 % of 10 special objects = 1 a quarter = 4 < 9
expect_out "[未达到] 特殊监管对象抽查比例高于一般监管对象: 应抽查 9，计划 4，差额 5"
expect_out "未确保每季度检查的市管重点排污单位（12 家）"
expect_out "（第一、二、三、四季度）"
expect_out "结论: 计划未达到第七条规定的抽查频次和比例"

expect_rc 1 "$SUIJI" plan check --year 2026 --json
cp "$T/out" "$T/c1.json"
expect_eq "$(jq_get "$T/c1.json" "d['lines'][2]['quota']")" "[32, 31, 31, 31]" "per-staff spread"
expect_eq "$(jq_get "$T/c1.json" "d['lines'][2]['staff']")" 25 "per-staff line staff"
expect_eq "$(jq_get "$T/c1.json" "d['lines'][0]['pool']")" 0 "misdirected line's pool"

# fix both: line 1 over the whole city, special at 25 % (ceil(2.5) = 3 a quarter = 12 ≥ 9)
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 1 --region ""
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 4 --ratio 25
expect_rc 0 "$SUIJI" plan check --year 2026
expect_out "[符合] 市管重点排污单位每季度至少抽查1次: 应抽查 48，计划 48，差额 0"
expect_out "[符合] 特殊监管对象抽查比例高于一般监管对象: 应抽查 9，计划 12，差额 0"
expect_out "结论: 计划符合第七条规定的抽查频次和比例"
expect_no_out "未确保"
expect_rc 0 "$SUIJI" plan check --year 2026 --json
expect_eq "$(jq_get "$T/out" "d['ok']")" true "fixed plan passes"

# a random half of the city-managed units a quarter is not "each one every quarter"
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 1 --ratio 50
expect_rc 1 "$SUIJI" plan check --year 2026
expect_out "应抽查 48，计划 0，差额 48"
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 1 --each

# the general minimum is capped at the pool: 25 staff × 5 = 125 < 150; with 40 staff it would be 150
# — checked through --as-of: 15 more officers join on 2025-12-15
gen_people "$T/more.csv" 2 <<'EOF'
15 执法 执法支队 是
EOF
expect_rc 0 "$SUIJI" import people "$T/more.csv" --date 2025-12-15
expect_rc 0 "$SUIJI" plan check --year 2026 --as-of 2025-12-20
expect_out "一般监管对象每年至少抽查 40 人 × 5 家（不超过对象数 150 家）: 应抽查 150，计划 150"
expect_out "特殊监管对象抽查比例高于一般监管对象: 应抽查 10，计划 12"
# the plan's own date still sees 25
expect_rc 0 "$SUIJI" plan check --year 2026
expect_out "应抽查 125，计划 125"

# what the draw asks of a line for one period (issue 4 calls the same functions)
expect_rc 0 "$SUIJI" plan spec --year 2026 --line 2 --period 2026Q2
expect_out "可抽取对象 60 家，本期抽取 3 家"
expect_out "所需专业（事项责任科室）: 执法支队、固体废物与化学品科"
expect_out "联合抽查组: 重点联合"
expect_rc 0 "$SUIJI" plan spec --year 2026 --line 2 --period 2026Q2 --pool 61 --json
expect_eq "$(jq_get "$T/out" "d['quota']")" 4 "ceil(5 % of 61)"
expect_eq "$(jq_get "$T/out" "d['every_period']")" false "ratio line is not every period"
expect_eq "$(jq_get "$T/out" "d['settings']['repeat_window_days']")" 90 "settings travel with the spec"
expect_rc 0 "$SUIJI" plan spec --year 2026 --line 1 --period 2026Q3 --json
expect_eq "$(jq_get "$T/out" "[d['pool'], d['quota'], d['every_period']]")" "[12, 12, true]" "each line"
expect_rc 0 "$SUIJI" plan spec --year 2026 --line 3 --period 2026Q1 --pool 150
expect_out "本期抽取 32 家"
expect_rc 1 "$SUIJI" plan spec --year 2026 --line 3 --period 2026-01
expect_err "按季度抽取"
expect_rc 1 "$SUIJI" plan spec --year 2026 --line 3 --period 2027Q1
expect_err "不在 2026 年度"

# usage errors exit 2
expect_rc 2 "$SUIJI" plan line add --year 2026 --name x --items JZ-001
expect_err "须指定抽查数量规则"
expect_rc 2 "$SUIJI" plan line add --year 2026 --name x --items JZ-001 --each --count 3
expect_rc 2 "$SUIJI" plan line add --year 2026 --name x --items JZ-001 --ratio 0
expect_rc 2 "$SUIJI" plan line add --year 2026 --name x --items JZ-001 --each --region 999999 --class 普通
expect_err "行政区划代码 999999 不在区划表中"
expect_err "监管类别“普通”应为 重点、一般 或 特殊"
expect_rc 2 "$SUIJI" plan check
expect_rc 2 "$SUIJI" plan check --year 26
# an item that does not apply to the line's class is refused
expect_rc 1 "$SUIJI" plan line add --year 2026 --name x --items JZ-002 --class 一般 --each
expect_err "事项 JZ-002 的适用类别为“重点、特殊”"
# a joint group draws one period granularity
expect_rc 1 "$SUIJI" plan line add --year 2026 --name x --items JZ-001 --class 重点 --ratio 5 --period month --group 重点联合
expect_err "同一组的计划事项应按相同时段抽取"

# statistics show the year against its plan: the same minimums as "plan check"
expect_rc 0 "$SUIJI" plan check --year 2026 --json
cp "$T/out" "$T/check.json"
expect_rc 0 "$SUIJI" stats --year 2026 --json
expect_eq "$(python3 -c '
import json, sys
c = json.load(open(sys.argv[1])); s = json.load(open(sys.argv[2]))["against_plan"]
a = [(m["rule"], m["required"], m["planned"], m["shortfall"]) for m in c["minimums"]]
b = [(m["rule"], m["required"], m["planned"], m["shortfall"]) for m in s["minimums"]]
print(a == b, s["ok"] == c["ok"], sorted(s["random_tasks_by_class"]))' "$T/check.json" "$T/out")" "True True ['一般', '特殊', '重点']" "stats against the plan"
expect_rc 0 "$SUIJI" stats --year 2026
expect_out "【对照年度计划（第七条"
expect_rc 0 "$SUIJI" stats --year 2027
expect_out "2027 年度没有抽查计划"

done_testing
