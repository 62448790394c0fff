#!/usr/bin/env bash
# The bureau's rules and settings: the regulation's defaults by level, changes kept with their reason
# and audited, a minimum below Article 7 only with a reason (and said by the check), the check and the
# draw's line specification following the settings.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
gen_objects "$T/objects.csv" 11 <<'EOF'
40 410822 重点 否
10 410823 一般 否
4 410823 一般 否 停产
EOF
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-10-01

expect_rc 0 "$SUIJI" settings
expect_out "general_per_staff      5"
expect_out "key_other_pct          5%"
expect_out "repeat_window_days     90"
expect_rc 0 "$SUIJI" settings --json
expect_eq "$(jq_get "$T/out" "[d['yearly_cap']['value'], d['team_size']['value'], d['suspended_eligible']['value']]")" \
	'["4", "2", "否"]' "defaults"
expect_rc 0 "$SUIJI" settings history
expect_out "尚无设置记录"

expect_rc 2 "$SUIJI" settings set no_such 1
expect_rc 2 "$SUIJI" settings set repeat_window_days 400
expect_err "应为 0 到 366 之间的整数"
expect_rc 2 "$SUIJI" settings set team_size 1
expect_rc 2 "$SUIJI" settings set key_other_pct 3
expect_err "低于第七条的要求，须写明理由（记入设置记录和审计链）（命令行参数 --reason）"
expect_rc 0 "$SUIJI" settings set repeat_window_days 120 --reason 减少对企业的干扰
expect_out "已设置 repeat_window_days = 120"
expect_rc 0 "$SUIJI" settings set key_other_pct 7.5
expect_rc 0 "$SUIJI" settings set suspended_eligible 是 --reason 停产期间核查
expect_rc 0 "$SUIJI" settings history
expect_out "repeat_window_days = 120  理由: 减少对企业的干扰"
expect_out "key_other_pct = 7.5%"
expect_eq "$(sql "select count(*) from audit where action = 'settings set'")" 3 "audited"

export SUIJI_NOW=2025-12-01T09:00:00+08:00
expect_rc 0 "$SUIJI" plan new --year 2026
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 重点 --items JZ-001 --class 重点 --ratio 5
# 7.5 % of 40 = 3 a quarter; a 5 % line gives 2
expect_rc 1 "$SUIJI" plan check --year 2026
expect_out "非市管重点排污单位每季度抽查比例不少于7.5%: 应抽查 12，计划 8，差额 4"
# suspended objects now count: 14 general objects
expect_out "一般监管对象 14 家"
expect_out "不可抽取 0 家（注销）"
# a minimum lowered with a reason: allowed, and said
expect_rc 0 "$SUIJI" settings set key_other_pct 5 --reason 试行
expect_rc 0 "$SUIJI" settings set general_per_staff 0 --reason 本单位暂无在编在岗业务人员
expect_rc 0 "$SUIJI" settings set special_above_general 否 --reason 本辖区无特殊监管对象
expect_rc 0 "$SUIJI" plan check --year 2026
expect_out "注意: 本单位设置 general_per_staff = 0，低于第七条的要求"
expect_out "注意: 本单位设置 special_above_general = 否，低于第七条的要求"
expect_out "[不适用] 特殊监管对象抽查比例高于一般监管对象（本单位设置已关闭）"
expect_rc 0 "$SUIJI" settings
expect_out "注意: 低于第七条的要求"
# the draw's view of a line carries the settings
expect_rc 0 "$SUIJI" plan spec --year 2026 --line 1 --period 2026Q1 --json
expect_eq "$(jq_get "$T/out" "[d['settings']['repeat_window_days'], d['settings']['suspended_eligible'], d['settings']['key_other_pct']]")" \
	"[120, 1, 500]" "settings in the spec"

# a county bureau starts from 1/10
T2="$T/county.db"
SUIJI_DB="$T2" "$SUIJI" init --org 焦作市生态环境局修武分局 --region 410821 --level county >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_rc 0 env SUIJI_DB="$T2" "$SUIJI" settings --json
expect_eq "$(jq_get "$T/out" "d['general_per_staff']['value']")" 10 "county default"

# the chain holds: every entry links, and the rows behind the entries it can re-hash match
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"

done_testing
