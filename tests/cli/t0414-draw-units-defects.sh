#!/usr/bin/env bash
# Draws per unit and the draw's defects of issue 11: a draw belongs to the unit whose plan lines it draws,
# from that unit's objects and officers (the city may also take branch officers by a setting); a branch
# administrator cannot announce, run, see or reveal another branch's draw (nothing written on a
# refusal), the city administrator sees them all; a draft plan is refused (a filed version is needed);
# a period already over needs a reason, recorded; drawing a subset of drawn lines again needs a reason
# and voids that part of the earlier draw; the positive_offsite setting is read; the repeat window
# counts from the inspection's date (the result's end date), not the run's.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
export SUIJI_NOW=2024-12-01T08:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" import items "$D/items.csv" --date 2024-12-01 >/dev/null
"$SUIJI" import objects "$D/objects.csv" --date 2024-12-01 >/dev/null
cat >"$T/people.csv" <<'CSV'
人员编号,姓名,人员类别,执法证号,单位,科室,行政区划代码,业务专长,在岗
P01,王建华,执法,41080010001,焦作市生态环境局,执法支队,410800,水,是
P02,李红梅,执法,41080010002,焦作市生态环境局,执法支队,410800,大气,是
W01,温一,执法,41082510001,焦作市生态环境局温县分局,执法大队,410825,水,是
W02,温二,执法,41082510002,焦作市生态环境局温县分局,执法大队,410825,大气,是
X01,修一,执法,41082110001,焦作市生态环境局修武分局,执法大队,410821,水,是
X02,修二,执法,41082110002,焦作市生态环境局修武分局,执法大队,410821,大气,是
CSV
"$SUIJI" import people "$T/people.csv" --date 2024-12-01 >/dev/null
expect_rc 0 "$SUIJI" unit add 温县分局 --region 410825
expect_rc 0 "$SUIJI" unit add 修武分局 --region 410821
expect_rc 0 "$SUIJI" user add 温县管理员 --role 分局管理员 --unit 温县分局
expect_rc 0 "$SUIJI" user add 修武管理员 --role 分局管理员 --unit 修武分局
expect_rc 0 "$SUIJI" user add 纪检组 --role 监督
expect_rc 0 "$SUIJI" plan new --year 2025 --date 2024-12-20
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 一般单位 --items JZ-001 --ratio 100 --class 一般
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 市管重点 --items JZ-002 --each --class 重点 --city-managed 是
# the branch's own plan (plans per unit): its line 1 selects the same way
expect_rc 0 "$SUIJI" --as 温县管理员 plan new --year 2025 --date 2024-12-20
expect_rc 0 "$SUIJI" --as 温县管理员 plan line add --year 2025 --name 一般单位 --items JZ-001 --ratio 100 --class 一般

# defect 6: a draft plan is not drawn from (a filed version is needed); nothing written
export SUIJI_NOW=2024-12-28T09:00:00+08:00
dump_before=$(sqlite3 "$SUIJI_DB" .dump)
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source x --date 2024-12-28
expect_err "尚未备案"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$dump_before" "refusal: nothing written"
expect_rc 0 "$SUIJI" plan file --year 2025 --out-dir "$T"
expect_rc 0 "$SUIJI" --as 温县管理员 plan file --year 2025 --out-dir "$T"

# the city's draw: the city's objects (中站区; 温县's object is the branch's) and the city's officers only
export SUIJI_NOW=2025-01-05T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source x --date 2025-01-05
expect_out "分层 L1: 候选 1 个"
expect_out "执法人员 2 名"
expect_eq "$(sql "select count(*) from draw where id = 1 and unit_id is null")" "1" "a top-unit draw keeps unit_id NULL"
# the branch's draw of the same line and period: its own object and officers, no conflict with the city's
expect_rc 0 "$SUIJI" --as 温县管理员 draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source x --date 2025-01-05 --no-cross-region
expect_out "单位: 温县分局"
expect_out "分层 L1: 候选 1 个"
expect_out "执法人员 2 名"
expect_eq "$(sql "select unit_id from draw where id = 2")" "2" "the branch's draw"

# another branch: no announcing for it, no run, no show, no reveal, no record; nothing written
dump_before=$(sqlite3 "$SUIJI_DB" .dump)
expect_rc 1 "$SUIJI" --as 修武管理员 --unit 温县分局 draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source x --date 2025-01-05
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 修武管理员 draw run 2 --beacon 1
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 修武管理员 draw show 2
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 修武管理员 draw export 2 -o "$T/x.json"
expect_rc 1 "$SUIJI" --as 修武管理员 draw export 2 --reveal --force --reason x -o "$T/x.json"
expect_rc 1 "$SUIJI" --as 修武管理员 draw run 1 --beacon 1
expect_rc 0 "$SUIJI" --as 修武管理员 draw list
expect_out "共 0 次抽取"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$dump_before" "refusals: nothing written"
[ ! -e "$T/x.json" ] && ok || not_ok "nothing exported"
# the city administrator sees them all; the branch its own
expect_rc 0 "$SUIJI" draw list
expect_out "共 2 次抽取"
expect_rc 0 "$SUIJI" --as 温县管理员 draw list
expect_out "共 1 次抽取"

# the branch runs its draw; its tasks carry its unit; 温县's object is on the positive list: off-site
export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 0 "$SUIJI" --as 温县管理员 draw run 2 --beacon 7
expect_eq "$(sql "select unit_id, mode from task where draw_id = 2")" "2|非现场" "task of the branch, off-site"
expect_rc 0 "$SUIJI" draw show 2
expect_out "单位 温县分局"
expect_rc 0 "$SUIJI" draw run 1 --beacon 7
expect_eq "$(sql "select count(*) from task where draw_id = 1 and unit_id = 1")" "1" "task of the city"

# defect 11: positive_offsite = 否 (the branch's setting) is read: the positive-list object is inspected on site
expect_rc 0 "$SUIJI" --as 温县管理员 settings set positive_offsite 否
expect_rc 0 "$SUIJI" --as 纪检组 draw approve 2 --reason 设置调整
expect_rc 0 "$SUIJI" --as 温县管理员 draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source y --date 2025-01-06 --no-cross-region --reason 按新设置重新抽取
expect_rc 0 "$SUIJI" --as 温县管理员 draw run 3 --beacon 8
expect_eq "$(sql "select mode from task where draw_id = 3")" "现场" "positive_offsite 否: on site"
expect_eq "$(sql "select state from draw where id = 2")" "void" "the branch's earlier draw void"
expect_eq "$(sql "select state from draw where id = 1")" "drawn" "the city's draw untouched"

# the city may also draw branch officers for its own visits (draw_branch_officers)
expect_rc 0 "$SUIJI" settings set draw_branch_officers 是
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 2 --period 2025Q1 --beacon-source z --date 2025-01-06
expect_out "执法人员 6 名"

# defect 2: a subset of drawn lines again in the same period needs a reason and voids only that part
export SUIJI_NOW=2025-04-01T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1,2 --period 2025Q2 --beacon-source q2 --date 2025-04-01
id=$(sql "select max(id) from draw")
expect_rc 0 "$SUIJI" draw run "$id" --beacon 9
expect_eq "$(sql "select count(*) from task where draw_id = $id")" "3" "line 1: one, line 2: two"
dump_before=$(sqlite3 "$SUIJI_DB" .dump)
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 2 --period 2025Q2 --beacon-source q2b --date 2025-04-01
expect_err "--reason"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$dump_before" "refused: nothing written"
expect_rc 0 "$SUIJI" --as 纪检组 draw approve "$id" --reason 名录更正
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 2 --period 2025Q2 --beacon-source q2b --date 2025-04-01 --reason 市管重点名录更正
expect_out "替代第 $id 号抽取"
expect_eq "$(sql "select count(*) from task where draw_id = $id and cancelled is not null")" "2" "line 2's tasks cancelled"
expect_eq "$(sql "select count(*) from task where draw_id = $id and cancelled is null and plan_lines = '1'")" "1" "line 1's task stays"
expect_eq "$(sql "select state from draw where id = $id")" "drawn" "the earlier draw stays for line 1"
expect_eq "$(sql "select supersedes, reason from draw where id = $id + 1")" "$id|市管重点名录更正" "recorded"

# defect 6: a period already over needs a reason, recorded
export SUIJI_NOW=2025-08-01T09:00:00+08:00
dump_before=$(sqlite3 "$SUIJI_DB" .dump)
expect_rc 1 "$SUIJI" --as 温县管理员 draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source late --date 2025-08-01
expect_err "已经结束"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$dump_before" "refused: nothing written"
expect_rc 0 "$SUIJI" --as 温县管理员 draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source late --date 2025-08-01 --reason 二季度漏抽补抽
expect_eq "$(sql "select reason from draw where id = (select max(id) from draw)")" "二季度漏抽补抽" "reason recorded"

# defect 11: the repeat window counts from the inspection's date. The city's Q2 task of 中站区 (line 1)
# is inspected on 2025-06-20; a Q3 draw snapshot on 2025-09-10 is 82 days after the inspection (within
# the 90-day window) but 162 days after the run
task=$(sql "select id from task where draw_id = $id and plan_lines = '1'")
expect_rc 0 "$SUIJI" result record "$task" --result 未发现问题 --date 2025-06-20
export SUIJI_NOW=2025-09-10T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q3 --beacon-source q3 --date 2025-09-10
expect_out "分层 L1: 候选 0 个"
expect_out "重复检查间隔内 1"
expect_rc 0 "$SUIJI" audit verify

# defect 11: the public draw page carries the announcement's inputs_hash, salt_commitment, beacon_source
# and announced_at; a voided draw's announcement is public too (issue 12: every attempt on the site)
expect_rc 0 "$SUIJI" publish --out "$T/site"
for f in inputs_hash salt_commitment beacon_source announced_at; do
	v=$(sql "select json_extract(announcement, '$.$f') from draw where id = 1")
	grep -qF "$v" "$T/site/draw/1.html" && ok || not_ok "public draw page carries $f"
done
[ -e "$T/site/draw/2.html" ] && grep -q "已作废" "$T/site/draw/2.html" && ok || not_ok "a voided draw is public, marked void"
done_testing
