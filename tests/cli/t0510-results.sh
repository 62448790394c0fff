#!/usr/bin/env bash
# Results, the closed loop and disclosure (Articles 3 and 9): users and roles (谁检查、谁录入、谁公开),
# every task state change and its refusals, due dates on the working-day calendar, problem steps
# 发现 → 交办 → 督办 → 销号 with their refusals, withholding, penalties, the audit entries.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bureau-lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
bureau_setup
# Random tasks from a real draw: the city-managed key units (修武, 博爱) every quarter, the other key
# units (恒盛) at 5%, one expert per visit.
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan new --year 2025 >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan line add --year 2025 --name 市管重点排污单位季度检查 --items JZ-001 \
	--class 重点 --city-managed 是 --each >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan line add --year 2025 --name 非市管重点排污单位抽查 --items JZ-001,JZ-002 \
	--class 重点 --city-managed 否 --ratio 5 >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null
SUIJI_NOW=2025-06-27T09:00:00+08:00 expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1,2 --period 2025Q3 \
	--beacon-source "福彩3D 2025-06-30 开奖号码" --experts 1
SUIJI_NOW=2025-07-01T09:00:00+08:00 expect_rc 0 "$SUIJI" draw run 1 --beacon "3 1 4"
expect_out "检查对象 3 个"
# the draw's tasks are numbered in its (random) order: HS 恒盛 (沁阳), XW 修武, BA 博爱; MZ 孟州 below
HS=$(sql "select id from task where draw_id = 1 and uscc = '914108821734567860'")
XW=$(sql "select id from task where draw_id = 1 and uscc = '91410821MA3X5K7B9Q'")
BA=$(sql "select id from task where draw_id = 1 and uscc = '91410822MA3KRWN79A'")
expect_eq "$(sql "select items, experts from task where id = $HS")" "JZ-001、JZ-002|E0001" "joint items of the 恒盛 visit"
expect_eq "$(sql "select items from task where id = $XW")" "JZ-001" "one item for 修武"
# The draw's teams are random within its rules; two of them are forced by those rules, and the users
# below act on them accordingly: the 沁阳 officers (P0003, P0005) never inspect 恒盛 in their own county,
# so its team is P0001 and P0002; P0001's conflict and P0002's own county leave 修武 to P0003 and P0005.
team_of() { sql "select replace(team, '、', char(10)) from task where id = $1" | sort | paste -sd' ' -; }
expect_eq "$(team_of "$HS")" "P0001 P0002" "team of the 恒盛 visit"
expect_eq "$(team_of "$XW")" "P0003 P0005" "team of the 修武 visit"
expect_eq "$(sql "select count(*) from task where draw_id = 1 and (team like '%、%、%' or team not like '%、%')")" "0" "teams of two"
# A targeted inspection on a complaint, its team named: P0002 is conflicted with 孟州 and may not go.
export SUIJI_NOW=2025-09-01T09:00:00+08:00
expect_rc 1 "$SUIJI" targeted add --uscc 91410883MA44PQ1D8L --trigger 信访投诉举报 --reference XF-2025-001 \
	--items JZ-001,JZ-003 --date 2025-09-12 --team P0002,P0003
expect_err "P0002（李红梅）与 91410883MA44PQ1D8L 有回避关系（曾在该单位工作）"
expect_rc 0 "$SUIJI" targeted add --uscc 91410883MA44PQ1D8L --trigger 信访投诉举报 --reference XF-2025-001 \
	--items JZ-001,JZ-003 --date 2025-09-12 --team P0003,P0001
MZ=$(sql "select id from task where kind = 'targeted'")
expect_eq "$(printf '%s\n' "$HS" "$XW" "$BA" | sort | paste -sd' ' -)" "1 2 3" "the draw's three tasks"
expect_eq "$MZ" "4" "the targeted task"
# how many tasks each person is on (what the lists and the statistics must show)
on_team() { sql "select count(*) from task where '、' || team || '、' like '%、$1、%'"; }
export SUIJI_NOW=2025-09-22T09:00:00+08:00

# ---- users and roles ----
# init registered the first administrator; there is no "open" database
expect_rc 0 "$SUIJI" user list
expect_out "测试员"
expect_out "市局管理员、系统管理员"
expect_rc 1 "$SUIJI" user add 测试员 --role 市局管理员
expect_err "已登记"
expect_rc 1 "$SUIJI" user add 李红梅 --role 执法人员
expect_err "--person"
expect_rc 1 "$SUIJI" user add 李红梅 --role 执法人员 --person P9999
expect_err "没有人员编号“P9999”"
expect_rc 0 "$SUIJI" user add 李红梅 --role 执法人员 --person P0002
expect_rc 0 "$SUIJI" user add 张振宇 --role 执法人员 --person P0003
expect_rc 0 "$SUIJI" user add 纪检组 --role 监督
expect_rc 0 "$SUIJI" user add 公开科 --role 公开审核
expect_rc 2 "$SUIJI" user add 某人 --role 局长
expect_rc 1 "$SUIJI" user add 李红梅 --role 监督
expect_err "已登记"
expect_rc 1 "$SUIJI" --as 李红梅 user add 王五 --role 管理员
expect_err "无权限"
expect_rc 1 "$SUIJI" user disable 测试员
expect_err "至少保留一名系统管理员"
expect_rc 1 "$SUIJI" --as 路人甲 task list
expect_err "未登记或已停用"
expect_rc 0 "$SUIJI" --as 李红梅 user whoami
expect_out "李红梅 执法人员 人员编号 P0002"

# an inspector sees only the tasks of their team (the 恒盛 visit always, 博爱 when drawn with it)
expect_rc 0 "$SUIJI" --as 李红梅 task list
expect_out "共 $(on_team P0002) 项检查任务（只列出本检查组的任务）"
for id in $HS $XW $MZ $BA; do
	u=$(sql "select uscc from task where id = $id")
	if [ "$(sql "select '、' || team || '、' like '%、P0002、%' from task where id = $id")" = 1 ]; then expect_out "$u"; else expect_no_out "$u"; fi
done
expect_no_out "91410821MA3X5K7B9Q"
expect_no_out "91410883MA44PQ1D8L"
expect_rc 1 "$SUIJI" --as 李红梅 task show $XW
expect_err "不是任务 $XW 的检查组成员"
expect_rc 0 "$SUIJI" --as 纪检组 task list
expect_out "共 4 项检查任务"
expect_rc 0 "$SUIJI" task list --draw 1 --format xlsx -o "$T/draw1.xlsx"
expect_eq "$(python3 -c 'import zipfile,sys; s=zipfile.ZipFile(sys.argv[1]).read("xl/worksheets/sheet1.xml").decode(); print("检查组" in s, "王建华" in s, "恒盛" in s)' "$T/draw1.xlsx")" "True True True" "xlsx task list of a draw"

# the printable task notice (检查任务单)
expect_rc 0 "$SUIJI" --as 李红梅 task notice $HS -o "$T/notice.html"
if grep -q '沁阳市&quot;恒盛&quot;,纸业有限公司' "$T/notice.html" && grep -q '41082110002' "$T/notice.html" &&
	grep -q '《中华人民共和国环境保护法》第二十四条' "$T/notice.html"; then ok; else not_ok "task notice content"; fi
expect_rc 0 "$SUIJI" task notice $MZ --format text
expect_out "针对性检查：信访投诉举报，XF-2025-001"

# ---- results: 待检查 → 已检查, and the refusals ----
expect_rc 1 "$SUIJI" --as 张振宇 result record $HS --result 未发现问题 --date 2025-09-20
expect_err "不是任务 $HS 的检查组成员"
expect_rc 1 "$SUIJI" --as 纪检组 result record $XW --result 未发现问题 --date 2025-09-20
expect_err "无权限"
expect_rc 2 "$SUIJI" result record $HS --result 基本合格 --date 2025-09-20
expect_err "不是规定的表述"
expect_rc 1 "$SUIJI" --as 李红梅 result record $HS --result 未发现问题 --date 2025-09-23
expect_err "晚于今天"
expect_rc 1 "$SUIJI" --as 李红梅 result record $HS --result 未发现问题 --date 2025-06-30
expect_err "早于任务下达的日期"
expect_rc 1 "$SUIJI" --as 李红梅 result record $HS --result 发现问题已责令整改 --date 2025-09-20
expect_err "须列出发现的问题（每个问题进入闭环管理）（命令行参数 --problem）"
expect_rc 1 "$SUIJI" --as 李红梅 result record $HS --result 未发现问题 --date 2025-09-20 --problem 漏水
expect_err "不能列出问题"
expect_rc 1 "$SUIJI" --as 李红梅 result record $HS --result 未发现问题 --date 2025-09-20 --finding JZ-009=正常
expect_err "不是任务 $HS 的检查事项"
echo "现场照片" >"$T/现场照片.jpg"
expect_rc 0 "$SUIJI" --as 李红梅 result record $HS --result 发现问题已责令整改 --date 2025-09-19 --date 2025-09-20 \
	--problem "JZ-001:废水排放口标识缺失" --problem "JZ-002：危险废物贮存场所未设置标识" --finding "JZ-002=贮存场所防渗正常；标识缺失" \
	--summary "现场检查两项事项" --attach "$T/现场照片.jpg"
expect_out "发现问题 2 个"
expect_out "请在 2025-10-23 前（含当日）公开检查结果"
expect_eq "$(sql "select state from task where id = $HS")" "已检查" "task $HS inspected"
expect_eq "$(sql "select outcome, dates, end_date, recorded_by, recorded_role from result where task_id = $HS")" \
	"rectify|2025-09-19、2025-09-20|2025-09-20|李红梅|执法人员" "result row"
expect_eq "$(sql "select item || '=' || finding from result_item where result_id = 1 order by item" | tr '\n' ' ')" \
	"JZ-001=发现问题：废水排放口标识缺失 JZ-002=贮存场所防渗正常；标识缺失 " "findings per item"
expect_eq "$(sql "select name, sha256 = '$(sha256sum "$T/现场照片.jpg" | cut -c1-64)', size from attachment")" "现场照片.jpg|1|13" "attachment by reference"
expect_rc 1 "$SUIJI" --as 李红梅 result record $HS --result 未发现问题 --date 2025-09-20
expect_err "状态是“已检查”，只有“待检查”的任务才能录入"
expect_rc 0 "$SUIJI" result record $XW --result 无法联系 --date 2025-09-20
expect_eq "$(sql "select finding from result_item where result_id = 2")" "通过登记的住所（经营场所）无法联系" "finding of an impossible inspection"
expect_rc 0 "$SUIJI" --as 张振宇 result record $MZ --result 发现违法行为已立案调查 --date 2025-09-12 --problem "超标排放废水"
expect_rc 0 "$SUIJI" result show $HS
expect_out "JZ-001: 发现问题：废水排放口标识缺失"
expect_out "公开截止日期: 2025-10-23"

# ---- due dates (Article 9): 20 working days after the inspection ends ----
expect_rc 0 "$SUIJI" disclosure --due
expect_out "$(printf "%-6s" "$MZ") 2025-09-12  2025-10-16  剩余 14 个工作日"
expect_out "$(printf "%-6s" "$HS") 2025-09-20  2025-10-23  剩余 19 个工作日"
expect_out "待公开 3 条：已超期 0 条"
SUIJI_NOW=2025-10-23T09:00:00+08:00 expect_rc 0 "$SUIJI" disclosure
expect_out "$(printf "%-6s" "$MZ") 2025-09-12  2025-10-16  已超期 5 个工作日"
expect_out "$(printf "%-6s" "$HS") 2025-09-20  2025-10-23  今日截止"
expect_out "待公开 3 条：已超期 1 条，今日截止 2 条"
expect_rc 0 "$SUIJI" --as 张振宇 disclosure
expect_out "待公开 2 条"

# ---- the closed loop ----
expect_rc 0 "$SUIJI" problems --task $HS
expect_out "共 2 个问题"
expect_rc 1 "$SUIJI" --as 张振宇 problems assign 1 --to 沁阳分局 --days 10
expect_err "不是任务 $HS 的检查组成员"
expect_rc 1 "$SUIJI" problems close 1 --verification 已整改 --evidence "$T/现场照片.jpg"
expect_err "问题尚未交办，不能销号"
expect_rc 1 "$SUIJI" problems remind 1 --note 催办
expect_err "问题尚未交办，不能督办"
expect_rc 2 "$SUIJI" problems assign 1 --to 沁阳分局
expect_rc 0 "$SUIJI" --as 李红梅 problems assign 1 --to 沁阳分局 --days 10
expect_out "整改期限 2025-10-11"
expect_rc 0 "$SUIJI" problems assign 2 --to 沁阳分局 --deadline 2025-09-30 --note "限期完成标识设置"
expect_rc 1 "$SUIJI" problems escalate 2 --note 升级
expect_err "尚未届满，不能升级督办"
expect_rc 0 "$SUIJI" problems remind 2 --note "电话催办"
expect_eq "$(sql "select state from problem where id = 2")" "督办" "reminder moves to 督办"
expect_rc 0 "$SUIJI" problems --overdue
expect_out "超期未销号的问题 0 个"
SUIJI_NOW=2025-10-09T09:00:00+08:00 expect_rc 0 "$SUIJI" problems --overdue
expect_out "危险废物贮存场所未设置标识"
expect_out "[已超期 9 天]"
expect_out "超期未销号的问题 1 个"
expect_no_out "废水排放口标识缺失"
# from here on it is 2025-10-09 (the audit chain only moves forward in time)
export SUIJI_NOW=2025-10-09T09:00:00+08:00
expect_rc 0 "$SUIJI" problems escalate 2 --note "逾期未整改，报局领导督办" --to 焦作市生态环境局 --deadline 2025-10-20
expect_eq "$(sql "select state, escalated, assignee, deadline from problem where id = 2")" "督办|1|焦作市生态环境局|2025-10-20" "escalated"
expect_rc 1 "$SUIJI" problems close 1 --verification "复查已整改"
expect_err "没有整改证据不能销号"
expect_rc 1 "$SUIJI" problems close 1 --evidence "$T/现场照片.jpg"
expect_err "销号须写明复查核实情况"
echo "整改后照片" >"$T/整改后.jpg"
expect_rc 0 "$SUIJI" --as 李红梅 problems close 1 --verification "现场复查：排放口标识已设置" --evidence "$T/整改后.jpg"
expect_rc 1 "$SUIJI" problems remind 1 --note 再催
expect_err "问题已销号"
expect_eq "$(sql "select group_concat(step, '→') from (select step from problem_step where problem_id = 1 order by id)")" "发现→交办→销号" "steps of problem 1"
expect_eq "$(sql "select group_concat(step, '→') from (select step from problem_step where problem_id = 2 order by id)")" "发现→交办→督办→升级督办" "steps of problem 2"
expect_eq "$(sql "select a.name from attachment a join problem_step s on s.id = a.step_id where s.problem_id = 1")" "整改后.jpg" "evidence kept"
expect_rc 0 "$SUIJI" problems show 2
expect_out "升级督办  测试员（市局管理员、系统管理员）  责任单位 焦作市生态环境局  期限 2025-10-20"

# ---- penalty: flagged and bound for the credit export ----
expect_rc 1 "$SUIJI" result penalty $HS --decision 焦环罚〔2025〕1号 --date 2025-09-21 --violation 超标排放 --content 罚款
expect_err "不是“发现违法行为已立案调查”"
expect_rc 0 "$SUIJI" --as 张振宇 result penalty $MZ --decision 焦环罚〔2025〕12号 --date 2025-09-21 \
	--violation 超标排放水污染物 --basis 《中华人民共和国水污染防治法》第八十三条 --content "罚款人民币十万元" --fine 100000
expect_rc 1 "$SUIJI" result penalty $MZ --decision 焦环罚〔2025〕12号 --date 2025-09-21 --violation x --content y
expect_err "已录入"
expect_rc 0 "$SUIJI" task list
expect_out "[行政处罚]"

# ---- disclosure: 已检查 → 已公开 / 不予公开, and the refusals ----
expect_rc 1 "$SUIJI" disclosure publish $BA
expect_err "尚未录入检查结果"
expect_rc 1 "$SUIJI" --as 李红梅 disclosure withhold $HS --reason 涉及国家安全 --note 说明
expect_err "无权限"
expect_rc 1 "$SUIJI" disclosure withhold $XW --reason 企业要求 --note 说明
expect_err "涉及国家秘密、涉及国家安全 或 涉及公共安全"
expect_rc 2 "$SUIJI" disclosure withhold $XW --reason 涉及国家安全
expect_rc 0 "$SUIJI" --as 公开科 disclosure withhold $XW --reason 涉及国家安全 --note "军工配套单位，经保密审查"
expect_eq "$(sql "select decision, reason, actor, role from disclosure where task_id = $XW")" "不予公开|涉及国家安全|公开科|公开审核" "withholding recorded with reason and role"
expect_eq "$(sql "select state from task where id = $XW")" "不予公开" "task $XW withheld"
expect_rc 1 "$SUIJI" --as 公开科 disclosure publish $XW
expect_err "已决定不予公开，不能公开"
expect_rc 1 "$SUIJI" disclosure publish $HS --date 2025-09-18
expect_err "早于检查结束日期"
expect_rc 1 "$SUIJI" --as 纪检组 disclosure publish $HS
expect_err "无权限"
expect_rc 0 "$SUIJI" --as 李红梅 disclosure publish $HS
expect_out "按时（截止 2025-10-23）"
expect_eq "$(sql "select state from task where id = $HS")" "已公开" "task $HS published"
expect_rc 1 "$SUIJI" disclosure publish $HS
expect_err "不能再公开"
SUIJI_NOW=2025-10-20T09:00:00+08:00 expect_rc 0 "$SUIJI" --as 公开科 disclosure publish $MZ
expect_out "已超期（截止 2025-10-16）"
expect_rc 0 "$SUIJI" disclosure list
expect_out "已公开中按时 1 条，超期 1 条"
expect_eq "$(sql "select json_extract(record, '$.result') || '|' || json_extract(record, '$.items') || '|' || json_extract(record, '$.published_on') from disclosure where task_id = $HS")" \
	"发现问题已责令整改|排污单位污染防治设施运行情况检查、固体废物及危险废物管理情况检查|2025-10-09" "frozen public record"

# ---- statistics ----
expect_rc 0 "$SUIJI" stats --year 2025
expect_out "针对性检查 任务 1，已检查 1"
expect_out "发现 3 个，已销号 1 个，未销号 2 个"
expect_out "已公开 2 条（按时 1，超期 1），不予公开 1 条，待公开 0 条"
expect_rc 0 "$SUIJI" stats --year 2025 --json
expect_eq "$(python3 -c 'import json,sys; d=json.load(sys.stdin); r={c["key"]: c for c in d["coverage_by_class"]}; p={x["key"]: x for x in d["load_per_inspector"]}; print(d["random"]["tasks"], d["random"]["inspected"], r["重点"]["directory"], r["重点"]["drawn"], r["重点"]["inspected"], d["disclosure"]["late"], p["P0001"]["tasks"], p["P0001"]["name"])' <"$T/out")" \
	"3 2 3 3 2 1 $(on_team P0001) 王建华" "stats json"
expect_rc 2 "$SUIJI" stats --year 25

# ---- the audit chain: one entry per change, with its subject ----
expect_eq "$(sql "select count(*) from audit where subject like 'user:%'")" "5" "user entries"
expect_eq "$(sql "select count(*) from audit where subject like 'result:%'")" "3" "result entries"
expect_eq "$(sql "select count(*) from audit where subject = 'problem:2'")" "4" "problem 2: found, assigned, reminded, escalated"
expect_eq "$(sql "select action from audit where subject = 'publish:$XW'")" "disclosure withhold" "withholding audited"
expect_eq "$(sql "select count(*) from audit where subject like 'penalty:%'")" "1" "penalty entry"
expect_eq "$(sql "select count(*) from audit a join audit b on b.seq = a.seq + 1 where b.prev_hash = a.hash")" "$(($(sql "select count(*) from audit") - 1))" "chain links"

done_testing
