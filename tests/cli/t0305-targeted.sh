#!/usr/bin/env bash
# Targeted inspections (Article 2): recorded with one of the eight triggers and a reference, for an
# object of the directory; never counted toward a random quota or ratio; counted apart. The team
# (--team) and experts (--experts): on duty, certified officers (at least two) and 辅助 people, none
# with a declared conflict; what is stored is vouched for by the audit chain.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
gen_objects "$T/objects.csv" 9 <<'EOF'
2 410821 重点 是
20 410822 重点 否
30 410823 一般 否
EOF
# P9001-P9004 officers, P9005 监管, P9006 an officer off duty, P9007 辅助, P9008 辅助 off duty
gen_people "$T/people.csv" 9 <<'EOF'
4 执法 执法支队 是
1 监管 大气环境科 是
1 执法 执法支队 否
1 辅助 专家组 是
1 辅助 专家组 否
EOF
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-10-01
key=$(sed -n 2p "$T/objects.csv" | cut -d, -f1)
general=$(sed -n 30p "$T/objects.csv" | cut -d, -f1)
printf '人员编号,统一社会信用代码,原因\nP9002,%s,近亲属在该单位任职\nP9007,%s,曾为该单位提供咨询服务\n' "$key" "$key" >"$T/conflicts.csv"
expect_rc 0 "$SUIJI" import conflicts "$T/conflicts.csv" --date 2025-10-01

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

# ---- the inspection team (--team) and the experts (--experts) ----
tasks=$(sql "select count(*) from task")
entries=$(sql "select count(*) from audit")
add() { "$SUIJI" targeted add --uscc "$1" --trigger 信访投诉举报 --reference 12345-0100 --date 2026-06-01 "${@:2}"; }
# usage: fewer than two officers (counted after removing repeats), empty lists, experts without a team
expect_rc 2 add "$key" --team P9001
expect_err "检查组只列了 1 名：检查组至少两名执法人员（行政处罚法第四十二条）（命令行参数 --team）"
expect_rc 2 add "$key" --team "P9001，P9001"
expect_err "只列了 1 名"
expect_rc 2 add "$key" --team ""
expect_err "检查组须列出 1 到"; expect_err "（命令行参数 --team）"
expect_rc 2 add "$key" --team P9001,P9003 --experts " ；"
expect_err "辅助检查人员须列出 1 到"; expect_err "（命令行参数 --experts）"
expect_rc 2 add "$key" --experts P9007
expect_err "列出辅助检查人员时须同时列出检查组（命令行参数 --team）"
# a person not in the directory
expect_rc 1 add "$general" --team P9001,P9999
expect_err "检查人员名录中没有人员编号“P9999”（检查组成员）"
expect_rc 1 add "$general" --team P9001,P9003 --experts E404
expect_err "检查人员名录中没有人员编号“E404”（辅助检查人员）"
# off duty: an officer, an expert
expect_rc 1 add "$general" --team P9001,P9006
expect_err "P9006（人员9006）不在岗，不能作为检查组成员"
expect_rc 1 add "$general" --team P9001,P9003 --experts P9008
expect_err "P9008（人员9008）不在岗，不能作为辅助检查人员"
# not officers: 监管, 辅助
expect_rc 1 add "$general" --team P9001,P9005
expect_err "P9005（人员9005）人员类别为“监管”，不能列入检查组：检查组成员须为持执法证的执法人员"
expect_rc 1 add "$general" --team P9001,P9007
expect_err "P9007（人员9007）人员类别为“辅助”，不能列入检查组"
# a declared conflict with the object, in the team or among the experts
expect_rc 1 add "$key" --team P9001,P9002
expect_err "P9002（人员9002）与 $key 有回避关系（近亲属在该单位任职），不能参加对该单位的检查"
expect_rc 1 add "$key" --team P9001,P9003 --experts P9007
expect_err "P9007（人员9007）与 $key 有回避关系（曾为该单位提供咨询服务）"
# experts must be 辅助: an officer, a 监管
expect_rc 1 add "$general" --team P9001,P9003 --experts P9004
expect_err "P9004（人员9004）人员类别为“执法”，不能作为辅助检查人员（须为“辅助”人员）"
expect_rc 1 add "$general" --team P9001,P9003 --experts P9005
expect_err "P9005（人员9005）人员类别为“监管”，不能作为辅助检查人员"
# every reason at once, with the item refused too
expect_rc 1 add "$key" --items JZ-999 --team P9002,P9005,P9006,P9999 --experts P9004
expect_err "事项 JZ-999 不在随机抽查事项清单中"
expect_err "P9002（人员9002）与 $key 有回避关系"
expect_err "P9005（人员9005）人员类别为“监管”"
expect_err "P9006（人员9006）不在岗"
expect_err "没有人员编号“P9999”"
expect_err "P9004（人员9004）人员类别为“执法”，不能作为辅助检查人员"
expect_eq "$(sql "select count(*) from task")" "$tasks" "nothing written by a refused team"
expect_eq "$(sql "select count(*) from audit")" "$entries" "no audit entry for a refused team"
# recorded: every separator (, ， ; ； 、) accepted, repeats dropped, the order kept, stored 、-joined
expect_rc 0 add "$key" --team "P9004,P9001，P9003;P9004；P9001、P9003" --items JZ-001
expect_out "检查组: P9004 人员9004、P9001 人员9001、P9003 人员9003"
expect_no_out "辅助检查人员"
id=$(sed -n 's/^已登记针对性检查 第\([0-9]*\)号.*/\1/p' "$T/out")
expect_eq "$(sql "select team, experts from task where id = $id")" "P9004、P9001、P9003|" "team stored 、-joined"
expect_rc 0 add "$general" --team "P9002 、 P9003" --experts "P9007" --mode 非现场
expect_out "检查组: P9002 人员9002、P9003 人员9003"
expect_out "辅助检查人员: P9007 人员9007"
id2=$(sed -n 's/^已登记针对性检查 第\([0-9]*\)号.*/\1/p' "$T/out")
expect_eq "$(sql "select team, experts, mode from task where id = $id2")" "P9002、P9003|P9007|非现场" "team and expert stored"
expect_eq "$(sql "select count(*) from audit where subject in ('task:$id', 'task:$id2') and action = 'targeted add'")" 2 "audited as task:N"
expect_rc 0 "$SUIJI" targeted list --year 2026 --json
expect_eq "$(jq_get "$T/out" "[[t['team'], t['experts']] for t in d['targeted'] if t['id'] == $id2][0]")" '["P9002、P9003", "P9007"]' "team in the list"
expect_rc 0 "$SUIJI" targeted list --year 2026
expect_out "检查组 P9002、P9003  辅助 P9007"

# the chain holds: every entry links, and the rows behind the entries it can re-hash match
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"
# the entry's hash covers the team and the experts: changing either afterwards is caught
cp "$SUIJI_DB" "$T/clean.db"
sqlite3 "$SUIJI_DB" "update task set team = 'P9001、P9002、P9003' where id = $id"
expect_rc 1 "$SUIJI" audit verify
expect_err "task:$id"
cp "$T/clean.db" "$SUIJI_DB"
rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
sqlite3 "$SUIJI_DB" "update task set experts = '' where id = $id2"
expect_rc 1 "$SUIJI" audit verify
expect_err "task:$id2"
cp "$T/clean.db" "$SUIJI_DB"
rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"

# only a 管理员 may create a targeted inspection once users are registered
"$SUIJI" user add 管理员甲 --role 管理员 --as 管理员甲 >/dev/null
"$SUIJI" user add 监督乙 --role 监督 --as 管理员甲 >/dev/null
n=$(sql "select count(*) from task")
expect_rc 1 "$SUIJI" targeted add --uscc "$(sql "select uscc from object_version limit 1")" --trigger 信访投诉举报 --reference XF-AUTHZ --as 监督乙
expect_err "无权限"
expect_eq "$(sql "select count(*) from task")" "$n" "refused: nothing written"

done_testing
