#!/usr/bin/env bash
# Issue 11's daily work after the draw: cancelling a single task (with its reason, audited; refused
# for those who may not, for inspected or cancelled tasks, the dump unchanged), what is due
# (disclosure --due --within N, problems --due-within N, in working days) and `suiji agenda`
# (the operator's visits, results to publish and problem deadlines in the coming days, overdue first).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bureau-lib.sh"
export SUIJI_NOW=2025-09-01T08:00:00+08:00
bureau_setup
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
"$SUIJI" user add 纪检组 --role 监督 >/dev/null
HS=914108821734567860
BA=91410822MA3KRWN79A
add() { "$SUIJI" targeted add --uscc "$1" --trigger 信访投诉举报 --reference "$2" --items JZ-001 --date "$3" \
	--team P0001,P0002 >/dev/null && sql "select max(id) from task"; }
T1=$(add $HS XF-1 2025-09-05)
T2=$(add $BA XF-2 2025-09-10)
T3=$(add $HS XF-3 2025-09-30)
T4=$(add $BA XF-4 2025-09-12)
T5=$(add $BA XF-5 2025-09-15)
T6=$(add $HS XF-6 2025-09-29)
export SUIJI_NOW=2025-09-22T09:00:00+08:00
"$SUIJI" --as 李红梅 result record "$T1" --result 发现问题已责令整改 --date 2025-09-05 --problem "JZ-001:废水排放口标识缺失" >/dev/null
"$SUIJI" --as 李红梅 result record "$T2" --result 未发现问题 --date 2025-09-10 >/dev/null
P1=$(sql "select id from problem where task_id = $T1")
"$SUIJI" problems assign "$P1" --to 沁阳分局 --deadline 2025-09-26 >/dev/null
DUE1=$("$SUIJI" calendar add 2025-09-05 20)
DUE2=$("$SUIJI" calendar add 2025-09-10 20)
expect_eq "$DUE1 $DUE2" "2025-10-10 2025-10-14" "Article 9 due dates around 国庆"

# ---- cancelling a single task ----
dump() { sqlite3 "$SUIJI_DB" .dump >"$T/$1"; }
dump before
expect_rc 1 "$SUIJI" --as 李红梅 task cancel "$T4" --reason 企业已停产
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 纪检组 task cancel "$T4" --reason 企业已停产
expect_err "无权限"
expect_rc 2 "$SUIJI" task cancel "$T4"
expect_err "--reason"
expect_rc 1 "$SUIJI" task cancel "$T1" --reason 重复
expect_err "不能作废"
expect_rc 1 "$SUIJI" task cancel 999 --reason 重复
expect_err "没有编号为 999 的检查任务"
dump after
expect_eq "$(cmp -s "$T/before" "$T/after" && echo same)" "same" "refused cancellations write nothing"
expect_rc 0 "$SUIJI" task cancel "$T4" --reason 与信访件XF-2合并办理
expect_out "已作废任务 $T4"
expect_rc 1 "$SUIJI" task cancel "$T4" --reason 再次
expect_err "已经作废"
expect_rc 0 "$SUIJI" task list --state 已作废
expect_out "共 1 项检查任务"
expect_rc 0 "$SUIJI" task show "$T4"
expect_out "已作废"
expect_out "与信访件XF-2合并办理"
expect_eq "$(sql "select actor, action from audit where subject = 'task:$T4' order by seq desc limit 1")" \
	"测试员|task cancel：与信访件XF-2合并办理" "the cancellation is audited with its reason"
expect_rc 1 "$SUIJI" --as 李红梅 result record "$T4" --result 未发现问题 --date 2025-09-12
expect_err "已作废"
expect_rc 0 "$SUIJI" audit verify

# ---- changing a task's team: the rules on people checked again ----
dump before
expect_rc 1 "$SUIJI" --as 李红梅 task team "$T6" --team P0003,P0005 --reason 回避
expect_err "无权限"
expect_rc 1 "$SUIJI" task team "$T6" --team P0001,E0001,P0004,P9999 --reason 回避
expect_err "P0001（王建华）参加了对 $HS 的上一次检查"
expect_err "E0001（赵文博）人员类别为“辅助”"
expect_err "P0004（刘志强）不在岗"
expect_err "没有人员编号“P9999”"
expect_rc 1 "$SUIJI" task team "$T6" --team P0003 --reason 回避
expect_err "至少要有两名"
expect_rc 1 "$SUIJI" task team "$T1" --team P0003,P0005 --reason 回避
expect_err "不能再调整检查组"
expect_rc 2 "$SUIJI" task team "$T6" --team P0003,P0005
dump after
expect_eq "$(cmp -s "$T/before" "$T/after" && echo same)" "same" "refused team changes write nothing"
expect_rc 0 "$SUIJI" task team "$T6" --team "P0003，P0005" --reason "P0002 休假"
expect_eq "$(sql "select team from task where id = $T6")" "P0003、P0005" "the new team"
expect_eq "$(sql "select action from audit where subject = 'task:$T6' order by seq desc limit 1")" \
	"task team：P0001、P0002 → P0003、P0005：P0002 休假" "the earlier team kept in the audit entry"
expect_rc 0 "$SUIJI" audit verify

# ---- a problem added after the result (a laboratory report weeks after the visit) ----
dump before
expect_rc 1 "$SUIJI" --as 纪检组 problems add "$T1" --description COD超标 --date 2025-09-20 --reason 监测报告
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 李红梅 problems add "$T2" --description COD超标 --date 2025-09-20 --reason 监测报告
expect_err "先更正检查结果"
expect_rc 1 "$SUIJI" --as 李红梅 problems add "$T1" --description COD超标 --date 2025-09-01 --reason 监测报告
expect_err "应在检查结束日期 2025-09-05"
expect_rc 1 "$SUIJI" --as 李红梅 problems add "$T1" --description COD超标 --item JZ-999 --reason 监测报告
expect_err "不是任务 $T1 的检查事项"
expect_rc 1 "$SUIJI" --as 李红梅 problems add "$T3" --description COD超标 --reason 监测报告
expect_err "尚未录入检查结果"
expect_rc 2 "$SUIJI" --as 李红梅 problems add "$T1" --description COD超标
expect_err "--reason"
dump after
expect_eq "$(cmp -s "$T/before" "$T/after" && echo same)" "same" "refused additions write nothing"
expect_rc 0 "$SUIJI" --as 李红梅 problems add "$T1" --description 监测报告显示COD超标 --item JZ-001 --date 2025-09-20 \
	--reason "监测报告JC-2025-118（2025-09-20）"
P2=$(sql "select max(id) from problem")
expect_out "已为任务 $T1 补充问题 $P2"
expect_eq "$(sql "select state, found_on, item from problem where id = $P2")" "发现|2025-09-20|JZ-001" "the added problem"
expect_eq "$(sql "select actor, action from audit where subject = 'problem:$P2'")" \
	"李红梅|problem add：监测报告JC-2025-118（2025-09-20）" "audited with its reason"
expect_rc 0 "$SUIJI" audit verify
expect_rc 0 "$SUIJI" task show "$T1"
expect_out "监测报告显示COD超标"

# ---- what is due, in working days (today 2025-09-22) ----
expect_rc 0 "$SUIJI" disclosure --due --within 3
expect_out "待公开结果 0 条"
expect_rc 0 "$SUIJI" disclosure --due --within 9
expect_out "（2025-10-10 及以前）"
expect_out "待公开结果 1 条"
expect_out "$DUE1"
expect_no_out "$DUE2"
expect_rc 0 "$SUIJI" disclosure --within 12
expect_out "待公开结果 2 条"
expect_rc 2 "$SUIJI" disclosure --due --within 三
expect_rc 0 "$SUIJI" problems --due-within 3
expect_out "未销号的问题 0 个"
expect_rc 0 "$SUIJI" problems --due-within 4
expect_out "未销号的问题 1 个"
expect_out "废水排放口标识缺失"
expect_rc 0 "$SUIJI" task list --due 2025-10-10
expect_out "共 1 项检查任务"

# ---- the agenda: overdue first ----
expect_rc 0 "$SUIJI" --as 李红梅 agenda --days 10
expect_out "共 3 项，其中逾期 1 项"
expect_eq "$(sed -n 2p "$T/out" | awk '{print $1, $2, $3, $4}')" "逾期 2025-09-15 检查任务 任务" "the overdue visit first"
expect_out "2025-09-26  问题整改  问题 $P1（任务 $T1）"
expect_out "2025-09-30  检查任务  任务 $T3"
expect_no_out "任务 $T4 "
expect_rc 0 "$SUIJI" --as 李红梅 agenda --days 30
expect_out "$DUE1  公开结果  任务 $T1"
expect_out "$DUE2  公开结果  任务 $T2"
# an administrator has no visits of their own: results to publish and problems
expect_rc 0 "$SUIJI" agenda --days 30
expect_out "共 3 项，其中逾期 0 项"
expect_no_out "检查任务"
expect_rc 2 "$SUIJI" agenda --days 0

# ---- correcting a recorded result: a reason, the earlier version kept, the published record shows it ----
dump before
expect_rc 1 "$SUIJI" --as 纪检组 result amend "$T2" --reason 复核 --result 未发现问题 --date 2025-09-10
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 李红梅 result amend "$T2" --reason 复核 --result 发现问题已责令整改 --date 2025-09-10
expect_err "须列出发现的问题（每个问题进入闭环管理）（命令行参数 --problem）"
expect_rc 1 "$SUIJI" --as 李红梅 result amend "$T1" --reason 复核 --result 未发现问题 --date 2025-09-05
expect_err "任务已有 2 个问题"
expect_rc 1 "$SUIJI" --as 李红梅 result amend "$T3" --reason 复核 --result 未发现问题 --date 2025-09-10
expect_err "尚未录入检查结果"
expect_rc 2 "$SUIJI" --as 李红梅 result amend "$T2" --result 未发现问题 --date 2025-09-10
dump after
expect_eq "$(cmp -s "$T/before" "$T/after" && echo same)" "same" "refused corrections write nothing"
expect_rc 0 "$SUIJI" disclosure publish "$T2"
expect_rc 0 "$SUIJI" --as 李红梅 result amend "$T2" --reason "复核现场照片发现标识缺失" --result 发现问题已责令整改 \
	--date 2025-09-10 --problem "JZ-001:废水排放口标识缺失"
expect_out "已更正任务 $T2 的检查结果：发现问题已责令整改"
expect_out "公开记录已更新并注明“2025-09-22 更正”"
expect_eq "$(sql "select count(*), group_concat(outcome, '>') from (select outcome from result where task_id = $T2 order by id)")" \
	"2|none>rectify" "the earlier version is kept"
expect_eq "$(sql "select r.reason from result r where r.task_id = $T2 and r.amends = (select min(id) from result where task_id = $T2)")" \
	"复核现场照片发现标识缺失" "the correction amends the first version, with its reason"
expect_eq "$(sql "select action from audit where subject like 'result:%' order by seq desc limit 1")" \
	"result amend：复核现场照片发现标识缺失" "the correction is audited"
expect_eq "$(sql "select action from audit where subject = 'publish:$T2' order by seq desc limit 1")" "disclosure correct" \
	"the public record's change is audited"
expect_rc 0 "$SUIJI" audit verify
expect_rc 0 "$SUIJI" publish --out "$T/site"
expect_eq "$(grep -c "发现问题已责令整改（2025-09-22 更正）" "$T/site/object/$BA.html")" "1" "the site shows the correction and its date"
expect_eq "$(python3 -c 'import json,sys; print([r["result"] for r in json.load(open(sys.argv[1]))])' "$T/site/platform/henan.json")" \
	"['发现问题已责令整改']" "the platform file carries the corrected result"
expect_rc 0 "$SUIJI" task show "$T2"
expect_out "检查结果: 发现问题已责令整改"
done_testing
