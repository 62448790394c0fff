#!/usr/bin/env bash
# After the draw: who sees which tasks (task.read: an inspector their team's, 公开审核 only inspected
# ones — the drawn list stays confidential until then, a branch its own unit's, the city all), the task
# list's filters and pages, and issue 11's defects 3 (stats per class), 5 (published as recorded) and
# 9 (stats --year 2099, id lists with 、，；). Every refusal leaves the database's dump unchanged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bureau-lib.sh"
export SUIJI_NOW=2024-12-01T08:00:00+08:00
bureau_setup
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan new --year 2025 >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan line add --year 2025 --name 市管重点排污单位季度检查 --items JZ-001 \
	--class 重点 --city-managed 是 --each >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan line add --year 2025 --name 非市管重点排污单位抽查 --items JZ-001,JZ-002 \
	--class 重点 --city-managed 否 --ratio 5 >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null # a draw rests on a filed plan
SUIJI_NOW=2025-06-27T09:00:00+08:00 "$SUIJI" draw announce --year 2025 --lines 1,2 --period 2025Q3 \
	--beacon-source "福彩3D 2025-06-30 开奖号码" --experts 1 >/dev/null
SUIJI_NOW=2025-07-01T09:00:00+08:00 expect_rc 0 "$SUIJI" draw run 1 --beacon "3 1 4"
HS=$(sql "select id from task where draw_id = 1 and uscc = '914108821734567860'") # team P0001 P0002
XW=$(sql "select id from task where draw_id = 1 and uscc = '91410821MA3X5K7B9Q'") # team P0003 P0005
BA=$(sql "select id from task where draw_id = 1 and uscc = '91410822MA3KRWN79A'")
export SUIJI_NOW=2025-09-22T09:00:00+08:00
"$SUIJI" unit add 修武分局 --region 410821 >/dev/null
XWU=$(sql "select id from unit where name = '修武分局'")
# The draw of a branch is another helper's work; here the 修武 visit is made the branch's task directly.
sql "update task set unit_id = $XWU where id = $XW"
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
"$SUIJI" user add 张振宇 --role 执法人员 --person P0003 >/dev/null
"$SUIJI" user add 公开科 --role 公开审核 >/dev/null
"$SUIJI" user add 修武管理员 --role 分局管理员 --unit 修武分局 >/dev/null
"$SUIJI" user add 科员甲 --role 科室人员 >/dev/null
dump() { sqlite3 "$SUIJI_DB" .dump >"$T/$1"; }
unchanged() { dump after; expect_eq "$(cmp -s "$T/before" "$T/after" && echo same)" "same" "$1: nothing written"; }

# ---- a drawn task's team changed: cross-region and conflicts checked again, the draw re-recorded ----
dump before
expect_rc 1 "$SUIJI" task team "$HS" --team P0003,P0001 --reason 回避
expect_err "P0003（张振宇）属于检查对象所在县（市、区）（410882）"
expect_rc 1 "$SUIJI" task team "$XW" --team P0001,P0002 --reason 回避
expect_err "P0001（王建华）与 91410821MA3X5K7B9Q 有回避关系"
expect_rc 1 "$SUIJI" --as 修武管理员 task team "$HS" --team P0002,P0001 --reason 回避
expect_err "无权限"
dump after
expect_eq "$(cmp -s "$T/before" "$T/after" && echo same)" "same" "refused team changes write nothing"
team_of() { sql "select replace(team, '、', char(10)) from task where id = $1" | sort | paste -sd' ' -; }
NEW=P0003,P0005
[ "$(team_of "$BA")" = "P0003 P0005" ] && NEW=P0001,P0002
expect_rc 0 "$SUIJI" task team "$BA" --team "$NEW" --reason 组长调整
expect_eq "$(team_of "$BA")" "${NEW/,/ }" "the new team of the 博爱 visit"
expect_eq "$(sql "select count(*) from audit where subject = 'draw:1' and action like 'task team：%'")" "1" "the draw re-recorded"
expect_rc 0 "$SUIJI" audit verify

# ---- 公开审核: nothing of the drawn list before the inspection ----
expect_rc 0 "$SUIJI" --as 公开科 task list --draw 1
expect_out "共 0 项检查任务"
expect_no_out "914108821734567860"
expect_rc 1 "$SUIJI" --as 公开科 task show "$HS"
expect_err "尚未检查"
expect_rc 1 "$SUIJI" --as 公开科 task notice "$HS" --format text
expect_err "尚未检查"
expect_rc 1 "$SUIJI" --as 科员甲 task list
expect_err "无权限"

# ---- an inspector: their team's tasks; results only on them ----
expect_rc 0 "$SUIJI" --as 李红梅 task list --mine
expect_out "共 $(sql "select count(*) from task where '、' || team || '、' like '%、P0002、%'") 项检查任务"
expect_out "914108821734567860"
dump before
expect_rc 1 "$SUIJI" --as 李红梅 result record "$XW" --result 未发现问题 --date 2025-09-20
expect_err "无权限"
unchanged "an inspector on another team's task"
expect_rc 0 "$SUIJI" --as 李红梅 result record "$HS" --result 未发现问题 --date 2025-09-20
# now 公开审核 sees that one task, and only it
expect_rc 0 "$SUIJI" --as 公开科 task list --draw 1
expect_out "共 1 项检查任务"
expect_out "914108821734567860"
expect_no_out "91410821MA3X5K7B9Q"
expect_rc 0 "$SUIJI" --as 公开科 task show "$HS"

# ---- units: a branch sees and changes only its own tasks; the city all ----
expect_rc 0 "$SUIJI" --as 修武管理员 task list
expect_out "共 1 项检查任务"
expect_out "91410821MA3X5K7B9Q"
expect_rc 1 "$SUIJI" --as 修武管理员 task show "$HS"
expect_err "无权限"
dump before
expect_rc 1 "$SUIJI" --as 修武管理员 result record "$BA" --result 未发现问题 --date 2025-09-20
expect_err "其他单位"
expect_rc 1 "$SUIJI" --as 修武管理员 disclosure publish "$HS"
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 修武管理员 task list --unit "$(sql "select name from unit where id = 1")"
expect_err "无权限"
unchanged "a branch on the city's tasks"
expect_rc 0 "$SUIJI" task list
expect_out "共 3 项检查任务"
expect_rc 0 "$SUIJI" task list --unit 修武分局
expect_out "共 1 项检查任务"
expect_rc 0 "$SUIJI" --as 修武管理员 result record "$XW" --result 不配合检查 --date 2025-09-18

# ---- filters and pages ----
expect_rc 0 "$SUIJI" task list --officer P0003
expect_out "共 $(sql "select count(*) from task where '、' || team || '、' like '%、P0003、%'") 项检查任务"
expect_rc 0 "$SUIJI" task list --state 已检查
expect_out "共 2 项检查任务"
expect_rc 0 "$SUIJI" task list --month 2025-07
expect_out "共 $(sql "select count(*) from task where slot = '2025-07'") 项检查任务"
expect_rc 0 "$SUIJI" task list --month 2025-01
expect_out "共 0 项检查任务"
expect_rc 1 "$SUIJI" task list --month 2025-13
expect_err "YYYY-MM"
# due dates: the 18 September result 2025-10-22, the 20 September one 2025-10-23 (国庆 in between)
expect_rc 0 "$SUIJI" task list --due 2025-10-22
expect_out "共 1 项检查任务"
expect_rc 0 "$SUIJI" task list --due 2025-10-23
expect_out "共 2 项检查任务"
expect_rc 0 "$SUIJI" task list --limit 1 --offset 1
expect_out "共 3 项检查任务，本页第 2—2 项"
expect_rc 1 "$SUIJI" task list --mine
expect_err "没有登记人员编号"
expect_rc 0 "$SUIJI" task list --state 已检查 --format json -o "$T/tasks.json"
expect_eq "$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$T/tasks.json")" "2" "json rows"

# ---- defect 5: published exactly as recorded; defect 9: lists with ，、； ----
expect_rc 0 "$SUIJI" disclosure publish "$HS，$XW" --date 2025-09-22
expect_out "已公开任务 $HS"
expect_out "已公开任务 $XW"
expect_rc 2 "$SUIJI" disclosure publish "1，x"
expect_err "任务编号“x”无效"
expect_rc 0 "$SUIJI" publish --out "$T/site"
expect_eq "$(python3 -c '
import json, sys
h = {r["uscc"]: r for r in json.load(open(sys.argv[1]))}
n = {r["uscc"]: r for r in json.load(open(sys.argv[2]))}
x = "91410821MA3X5K7B9Q"
print(h[x]["result"], n[x]["result_code"], n[x]["result_text"], h[x]["agency"])' \
	"$T/site/platform/henan.json" "$T/site/platform/national.json")" "不配合检查 8 不配合检查 修武分局" \
	"不配合检查 published as recorded, by the unit that inspected"
expect_eq "$(grep -rl "不予配合情节严重" "$T/site" | wc -l)" "0" "never published stronger"
expect_eq "$(grep -l "<td>修武分局</td>" "$T/site/object/91410821MA3X5K7B9Q.html")" "$T/site/object/91410821MA3X5K7B9Q.html" \
	"the public site names the unit responsible"

# ---- defect 3: stats counts the random inspections per class; defect 9: a year out of range ----
expect_rc 0 "$SUIJI" stats --year 2025
expect_out "已抽取随机抽查（家次）: 重点 3，一般 0，特殊 0"
# each unit and the city's total; a branch sees its own figures only
expect_out "修武分局：随机抽查 1，针对性检查 0，已检查 1"
expect_out "合计：随机抽查 3，针对性检查 0，已检查 2"
expect_rc 0 "$SUIJI" --as 修武管理员 stats --year 2025
expect_out "修武分局：随机抽查 1"
expect_out "合计（本单位）"
expect_no_out "焦作市生态环境局："
expect_rc 0 "$SUIJI" stats --year 2025 --json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([(u["unit"], u["random"]) for u in d["by_unit"]], d["units_total"]["random"])' "$T/out")" \
	"[('焦作市生态环境局', 2), ('修武分局', 1)] 3" "stats by unit (json)"
dump before
expect_rc 1 "$SUIJI" stats --year 2099
expect_err "超出范围"
expect_rc 1 "$SUIJI" stats --year 1999
unchanged "stats"
done_testing
