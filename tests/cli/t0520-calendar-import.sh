#!/usr/bin/env bash
# Issue 11, defect 7: deadlines in December. Until next year's State Council notice is loaded, a
# deadline that reaches into it is computed on weekends alone and marked 暂定 wherever it appears;
# `suiji calendar import FILE` loads the notice (audited, refused when it contradicts itself or
# when the operator may not), after which the same deadlines are recomputed and no longer 暂定.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
export SUIJI_NOW=2026-11-20T09:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
for k in items objects people conflicts; do "$SUIJI" import $k "$D/$k.csv" --date 2026-01-10 >/dev/null; done
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
"$SUIJI" user add 系统员 --role 系统管理员 >/dev/null
expect_rc 0 "$SUIJI" targeted add --uscc 914108821734567860 --trigger 信访投诉举报 --reference XF-2026-101 \
	--items JZ-001 --date 2026-12-08 --team P0001,P0002
TASK=$(sql "select max(id) from task")
export SUIJI_NOW=2026-12-09T09:00:00+08:00
expect_rc 0 "$SUIJI" result record "$TASK" --result 未发现问题 --date 2026-12-08
# 2026-12-08 + 20 working days on weekends alone: 2027-01-05 (1 January counted as a working day)
expect_out "2027-01-05（暂定）"
expect_rc 0 "$SUIJI" task show "$TASK"
expect_out "公开截止日期: 2027-01-05（暂定）"
expect_rc 0 "$SUIJI" disclosure --due
expect_out "2027-01-05（暂定）"

# the notice for 2027 (元旦 on Friday 1 January, three days off)
cat >"$T/2027.csv" <<'CSV'
date,kind,name
2027-01-01,休,元旦
2027-01-02,休,元旦
2027-01-03,休,元旦
CSV
# refusals leave the database as it was
sqlite3 "$SUIJI_DB" .dump >"$T/before"
expect_rc 1 "$SUIJI" --as 李红梅 calendar import "$T/2027.csv"
expect_err "无权限"
expect_err "导入国务院节假日安排"
printf 'date,kind,name\n2027-01-01,休,元旦\n2027-01-01,班,元旦\n' >"$T/twice.csv"
expect_rc 1 "$SUIJI" calendar import "$T/twice.csv"
expect_err "自相矛盾"
printf 'date,kind,name\n2027-02-10,班,春节\n' >"$T/weekday.csv"
expect_rc 1 "$SUIJI" calendar import "$T/weekday.csv"
expect_err "自相矛盾"
printf 'date,kind,name\n2027-12-31,休,元旦\n2028-01-01,休,元旦\n' >"$T/two-years.csv"
expect_rc 1 "$SUIJI" calendar import "$T/two-years.csv"
expect_err "一个年度"
printf 'date,kind,name\n2026-01-01,休,元旦\n' >"$T/builtin.csv"
expect_rc 1 "$SUIJI" calendar import "$T/builtin.csv"
expect_err "已内置"
printf 'datum,art\n' >"$T/header.csv"
expect_rc 1 "$SUIJI" calendar import "$T/header.csv"
expect_err "表头"
expect_rc 2 "$SUIJI" calendar import
sqlite3 "$SUIJI_DB" .dump >"$T/after"
expect_eq "$(cmp -s "$T/before" "$T/after" && echo same)" "same" "refused imports change nothing"

# the 系统管理员 loads it; the deadline is recomputed and no longer provisional
expect_rc 0 "$SUIJI" --as 系统员 calendar import "$T/2027.csv"
expect_out "已导入 2027 年节假日安排"
expect_out "放假 3 天，调休上班 0 天"
expect_rc 1 "$SUIJI" calendar import "$T/2027.csv"
expect_err "已经导入过"
expect_rc 0 "$SUIJI" task show "$TASK"
expect_out "公开截止日期: 2027-01-06（"
expect_no_out "暂定"
expect_rc 0 "$SUIJI" disclosure --due
expect_out "2027-01-06"
expect_no_out "暂定"
expect_eq "$(sql "select actor, action, subject from audit where subject like 'calendar:%'")" \
	"系统员|calendar import|calendar:2027" "the import is audited"
expect_rc 0 "$SUIJI" audit verify
done_testing
