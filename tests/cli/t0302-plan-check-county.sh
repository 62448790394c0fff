#!/usr/bin/env bash
# Article 7's minimums for a county bureau: the city's ratios for its key units, 10 general objects per
# on-duty staff member ("1/10"), capped at the pool; a county directory without city-managed units
# requires no quarterly visits of them.
. "$(dirname "$0")/lib.sh"
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org 焦作市生态环境局修武分局 --region 410821 --level county >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"

printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
# 40 key units, 100 general objects (20 of them small enterprises on the positive list), 5 special
gen_objects "$T/objects.csv" 3 <<'EOF'
40 410821 重点 否
80 410821 一般 否
20 410821 一般 否 正常 是 小微企业 2221
5 410821 特殊 否
EOF
gen_people "$T/people.csv" 3 <<'EOF'
6 执法 执法大队 是 410821
2 监管 生态环境股 是 410821
1 监管 生态环境股 否 410821
EOF
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-11-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-11-01
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-11-01
expect_rc 0 "$SUIJI" plan new --year 2026 --date 2025-12-10

# key units: ceil(5 % × 40) = 2 a quarter; general: 8 staff × 10 = 80 ≤ 100; special: the plan's general
# rate is 84/100 (below), so floor(84 × 5 / 100) + 1 = 5
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 重点排污单位抽查 --items JZ-001 --class 重点 --ratio 5
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般监管对象抽查 --items JZ-001 --class 一般 --per-staff 10 \
	--positive 否
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 正面清单非现场检查 --items JZ-003 --class 一般 --positive 是 \
	--tag 小微企业 --count 1
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 特殊监管对象抽查 --items JZ-002 --class 特殊 --count 2
expect_rc 0 "$SUIJI" plan check --year 2026 --json
cp "$T/out" "$T/c.json"
expect_eq "$(jq_get "$T/c.json" "d['level']")" county "level"
expect_eq "$(jq_get "$T/c.json" "d['directory']['staff']")" 8 "staff"
expect_eq "$(min_of "$T/c.json" key_city_quarterly required)" 0 "no city-managed units"
expect_eq "$(min_of "$T/c.json" key_other_ratio required)" 8 "5 % a quarter"
expect_eq "$(min_of "$T/c.json" key_other_ratio planned)" 8 "key planned"
expect_eq "$(jq_get "$T/c.json" "[m for m in d['minimums'] if m['rule'] == 'general_per_staff'][0]['per_staff']")" 10 "1/10"
expect_eq "$(min_of "$T/c.json" general_per_staff required)" 80 "general required"
# per-staff line: 80 of the 80 general objects off the positive list (20 a quarter), plus 1 a quarter off-site
expect_eq "$(jq_get "$T/c.json" "d['lines'][1]['quota']")" "[20, 20, 20, 20]" "per-staff quarters"
expect_eq "$(jq_get "$T/c.json" "d['lines'][2]['pool']")" 20 "positive-list pool"
expect_eq "$(min_of "$T/c.json" general_per_staff planned)" 84 "general planned"
expect_eq "$(min_of "$T/c.json" special_above_general required)" 5 "special required: 84/100 → more than 4.2 of 5"
expect_eq "$(min_of "$T/c.json" special_above_general planned)" 8 "special planned"
expect_eq "$(jq_get "$T/c.json" "d['ok']")" true "county plan meets the minimums"

# a city's factor (5) applied by mistake is short by exactly 40 … of 80
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 2 --per-staff 5
expect_rc 0 "$SUIJI" plan line remove --year 2026 --line 3
expect_rc 1 "$SUIJI" plan check --year 2026
expect_out "（县级）"
expect_out "[未达到] 一般监管对象每年至少抽查 8 人 × 10 家（不超过对象数 100 家）: 应抽查 80，计划 40，差额 40"
expect_out "[符合] 市管重点排污单位每季度至少抽查1次: 应抽查 0，计划 0，差额 0"
expect_no_out "未确保每季度检查"

# 12 staff would ask for 120, capped at the 100 general objects
gen_people "$T/more.csv" 4 <<'EOF'
4 执法 执法大队 是 410821
EOF
expect_rc 0 "$SUIJI" import people "$T/more.csv" --date 2025-12-01
expect_rc 1 "$SUIJI" plan check --year 2026 --json
expect_eq "$(min_of "$T/out" general_per_staff required)" 100 "capped at the pool"

done_testing
