#!/usr/bin/env bash
# Issue 11, defect 1: a percentage line's quota is its ratio of the line's whole population as of the
# announcement, drawn from the members the repeat window leaves; when they are fewer, all are drawn and
# the shortfall is reported at the announcement. "plan check" shows, per rule, what has been drawn so far.
. "$(dirname "$0")/lib.sh"
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
export SUIJI_NOW=2024-12-01T09:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
gen_objects "$T/objects.csv" 5 <<'EOF2'
10 410802 一般 否
EOF2
gen_people "$T/people.csv" 5 <<'EOF2'
6 执法 执法支队 是
EOF2
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2024-12-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2024-12-01
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2024-12-01
expect_rc 0 "$SUIJI" plan new --year 2025 --date 2024-12-10
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 一般监管对象抽查 --items JZ-001 --class 一般 --ratio 60
expect_rc 0 "$SUIJI" plan file --year 2025 --out-dir "$T"

# Q1: 60 % of 10 = 6
export SUIJI_NOW=2025-01-05T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source "福彩3D 2025-01-06" --date 2025-01-05
export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 1 --beacon "1 2 3"
expect_eq "$(sql "select count(*) from task where draw_id = 1")" 6 "Q1: 6 of 10"

# Q2, within the 90-day window of Q1's six: the quota is still 60 % of the 10 (6), drawn from the 4 left:
# all 4, and the shortfall of 2 said (before the fix: 60 % of the 4 left, 3)
export SUIJI_NOW=2025-03-25T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source "福彩3D 2025-03-26" --date 2025-03-25
expect_out "抽取 4 个"
expect_out "按计划应抽取 6 个（对象总数 10 个），可抽取的只有 4 个"
expect_out "差额 2 个"
export SUIJI_NOW=2025-03-26T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 2 --beacon "4 5 6"
expect_eq "$(sql "select count(*) from task where draw_id = 2")" 4 "Q2: all 4 left"

# plan check: per rule, what has been drawn so far
expect_rc 0 "$SUIJI" plan check --year 2025 --json
expect_eq "$(min_of "$T/out" general_per_staff drawn)" 10 "10 general objects drawn so far"
expect_eq "$(min_of "$T/out" key_other_ratio drawn)" 0 "no key unit drawn"
expect_rc 0 "$SUIJI" plan check --year 2025
expect_out "差额 0；已抽取 10"
expect_out "本年度计划已抽取随机抽查任务 10 次"

done_testing
