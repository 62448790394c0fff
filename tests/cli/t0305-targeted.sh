#!/usr/bin/env bash
# Targeted inspections (Article 2): recorded with one of the eight triggers and a reference, for an
# object of the directory; never counted toward a random quota or ratio; counted apart.
. "$(dirname "$0")/lib.sh"
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
gen_objects "$T/objects.csv" 9 <<'EOF'
2 410821 重点 是
20 410822 重点 否
30 410823 一般 否
EOF
gen_people "$T/people.csv" 9 <<'EOF'
4 执法 执法支队 是
EOF
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-10-01
key=$(sed -n 2p "$T/objects.csv" | cut -d, -f1)
general=$(sed -n 30p "$T/objects.csv" | cut -d, -f1)

export SUIJI_NOW=2025-12-01T09:00:00+08:00
expect_rc 0 "$SUIJI" plan new --year 2026
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 市管 --items JZ-001 --class 重点 --city-managed 是 --each
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 非市管 --items JZ-001 --class 重点 --city-managed 否 --ratio 5
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般 --items JZ-001 --class 一般 --per-staff 5
expect_rc 0 "$SUIJI" plan check --year 2026 --json
cp "$T/out" "$T/before.json"

# refusals
expect_rc 2 "$SUIJI" targeted add --uscc "$key" --trigger 领导交办 --reference X-1
expect_err "启动原因“领导交办”不是第二条所列的针对性检查情形"
expect_rc 2 "$SUIJI" targeted add --uscc "$key" --trigger 信访投诉举报
expect_rc 2 "$SUIJI" targeted add --uscc "$key" --trigger 信访投诉举报 --reference ""
expect_err "--reference"
expect_rc 2 "$SUIJI" targeted add --uscc "$key" --trigger 信访投诉举报 --reference X --date 2026-02-30
expect_rc 2 "$SUIJI" targeted add --uscc "$key" --trigger 信访投诉举报 --reference X --mode 电话
expect_rc 1 "$SUIJI" targeted add --uscc 91410800MA00000000 --trigger 信访投诉举报 --reference X
expect_err "检查对象名录中没有统一社会信用代码为 91410800MA00000000 的单位"
expect_rc 1 "$SUIJI" targeted add --uscc "$key" --trigger 信访投诉举报 --reference X --items JZ-999
expect_err "事项 JZ-999 不在随机抽查事项清单中"
expect_eq "$(sql "select count(*) from task")" 0 "nothing written by a refusal"

# recorded
expect_rc 0 "$SUIJI" targeted add --uscc "$key" --trigger 信访投诉举报 --reference 焦环信〔2026〕15号 --items JZ-001 \
	--date 2026-03-05
expect_out "已登记针对性检查 第1号"
expect_out "不计入随机抽查比例"
expect_rc 0 "$SUIJI" targeted add --uscc "$key" --trigger 突发环境事件 --reference 应急-2026-002 --date 2026-05-01
expect_rc 0 "$SUIJI" targeted add --uscc "$general" --trigger 非现场执法发现问题 --reference 在线监控超标预警0417 \
	--mode 非现场 --date 2026-04-17
expect_rc 0 "$SUIJI" targeted add --uscc "$general" --trigger 信访投诉举报 --reference 12345-0099 --date 2025-12-20
expect_eq "$(sql "select kind, trigger, reference, slot, mode, items, plan_year is null from task where id = 1")" \
	"targeted|信访投诉举报|焦环信〔2026〕15号|2026-03-05|现场|JZ-001|1" "stored as a targeted task"
expect_eq "$(sql "select count(*) from audit where action = 'targeted add'")" 4 "audited"

# listed and counted apart, by trigger
expect_rc 0 "$SUIJI" targeted list --year 2026
expect_out "针对性检查共 3 次，年度 2026"
expect_out "信访投诉举报: 1"
expect_out "突发环境事件: 1"
expect_out "非现场执法发现问题: 1"
expect_out "焦环信〔2026〕15号"
expect_no_out "12345-0099"
expect_rc 0 "$SUIJI" targeted list --trigger 信访投诉举报 --json
expect_eq "$(jq_get "$T/out" "[d['count'], d['counted_in_random_quotas']]")" "[2, false]" "json list"
expect_eq "$(jq_get "$T/out" "sorted(t['date'] for t in d['targeted'])")" '["2025-12-20", "2026-03-05"]' "dates"
expect_rc 2 "$SUIJI" targeted list --trigger 其他

# never counted toward the random minimums: the check's figures do not move
expect_rc 0 "$SUIJI" plan check --year 2026 --json
cp "$T/out" "$T/after.json"
expect_eq "$(jq_get "$T/after.json" "d['minimums']")" "$(jq_get "$T/before.json" "d['minimums']")" "minimums unchanged"
expect_eq "$(jq_get "$T/after.json" "d['lines']")" "$(jq_get "$T/before.json" "d['lines']")" "quotas unchanged"
expect_eq "$(jq_get "$T/after.json" "d['targeted']['count']")" 3 "targeted shown apart"
expect_eq "$(jq_get "$T/after.json" "d['targeted']['counted_in_minimums']")" false "not counted"
expect_eq "$(jq_get "$T/after.json" "d['random_tasks']")" 0 "no random task"
expect_rc 0 "$SUIJI" plan check --year 2026
expect_out "针对性检查 3 次（第二条，单独统计，不计入随机抽查比例）"
# nor in the pools the draw sees: the object inspected on a complaint stays in its line's pool
expect_rc 0 "$SUIJI" plan spec --year 2026 --line 1 --period 2026Q2 --json
expect_eq "$(jq_get "$T/out" "[d['pool'], d['quota']]")" "[2, 2]" "pool keeps the targeted object"

# the chain holds: every entry links, and the rows behind the entries it can re-hash match
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"

done_testing
