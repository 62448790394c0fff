#!/usr/bin/env bash
# The reading lists moved into src/op/ (issue 10 item 3): problems list and show, disclosure list and
# stats each decide what the operator sees themselves — an inspector only their team's tasks'
# problems and decisions, a branch administrator only their own unit's, oversight and the city
# everything; --unit chooses one unit in stats. Reads write nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bureau-lib.sh"
export SUIJI_NOW=2025-09-01T08:00:00+08:00
bureau_setup
HS=914108821734567860
T1=$("$SUIJI" targeted add --uscc "$HS" --trigger 信访投诉举报 --reference XF-1 --items JZ-001 --date 2025-09-05 \
	--team P0001,P0002 >/dev/null && sql "select max(id) from task")
"$SUIJI" unit add 修武分局 --region 410821 >/dev/null
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
"$SUIJI" user add 张振宇 --role 执法人员 --person P0003 >/dev/null
"$SUIJI" user add 纪检组 --role 监督 >/dev/null
"$SUIJI" user add 公开科 --role 公开审核 >/dev/null
"$SUIJI" user add 修武管理员 --role 分局管理员 --unit 修武分局 >/dev/null
export SUIJI_NOW=2025-09-22T09:00:00+08:00
"$SUIJI" --as 李红梅 result record "$T1" --result 发现问题已责令整改 --date 2025-09-05 --problem "JZ-001:标识缺失" >/dev/null
P1=$(sql "select id from problem where task_id = $T1")
"$SUIJI" --as 李红梅 problems assign "$P1" --to 沁阳分局 --days 10 >/dev/null
"$SUIJI" --as 公开科 disclosure publish "$T1" >/dev/null
unchanged() { sqlite3 "$SUIJI_DB" .dump >"$T/after"; expect_eq "$(cmp -s "$T/before" "$T/after" && echo same)" "same" "$1: nothing written"; }
sqlite3 "$SUIJI_DB" .dump >"$T/before"

# problems list: the team and the city see the problem; another team and another unit do not
expect_rc 0 "$SUIJI" problems
expect_out "共 1 个问题"
expect_rc 0 "$SUIJI" --as 李红梅 problems
expect_out "共 1 个问题，其中超期未销号 0 个（仅本检查组）"
expect_rc 0 "$SUIJI" --as 张振宇 problems
expect_out "共 0 个问题"
expect_rc 0 "$SUIJI" --as 修武管理员 problems
expect_out "共 0 个问题"
expect_no_out "标识缺失"
expect_rc 0 "$SUIJI" --as 纪检组 problems --state 交办
expect_out "标识缺失"
expect_rc 2 "$SUIJI" problems --state 已办
# problems show: task.read on the problem's task
expect_rc 0 "$SUIJI" --as 纪检组 problems show "$P1"
expect_out "责任单位 沁阳分局"
expect_out "交办"
expect_rc 1 "$SUIJI" --as 修武管理员 problems show "$P1"
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 张振宇 problems show "$P1"
expect_rc 1 "$SUIJI" problems show 999
expect_err "没有编号为 999 的问题"
# disclosure list: the decision is the city's task's
expect_rc 0 "$SUIJI" disclosure list
expect_out "共 1 条决定；已公开中按时 1 条"
expect_rc 0 "$SUIJI" --as 修武管理员 disclosure list
expect_out "共 0 条决定"
expect_rc 0 "$SUIJI" --as 张振宇 disclosure list
expect_out "共 0 条决定"
expect_rc 0 "$SUIJI" --as 李红梅 disclosure list --year 2025
expect_out "共 1 条决定"
# stats: the branch its own unit; --unit one unit
expect_rc 0 "$SUIJI" --as 修武管理员 stats --year 2025 --json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([u["unit"] for u in d["by_unit"]], d["targeted"]["tasks"], d["problems"]["found"])' "$T/out")" \
	"['修武分局'] 0 0" "a branch's statistics hold its own unit only"
expect_rc 0 "$SUIJI" --unit 修武分局 stats --year 2025 --json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([u["unit"] for u in d["by_unit"]], d["targeted"]["tasks"])' "$T/out")" \
	"['修武分局'] 0" "stats --unit: that unit alone"
expect_rc 0 "$SUIJI" stats --year 2025 --json
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print([u["unit"] for u in d["by_unit"]], d["targeted"]["tasks"], d["problems"]["found"], d["by_unit"][0]["against_plan"])' "$T/out")" \
	"['焦作市生态环境局', '修武分局'] 1 1 None" "the city's statistics hold every unit"
unchanged "reads"
done_testing
