#!/usr/bin/env bash
# Re-importing records new, changed, suspended and deregistered entries with their dates; the state as
# of any date; the quarterly adjustment; one entry's history; history only moves forward.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" user add 王科长 --role 市局管理员 >/dev/null
expect_rc 0 "$SUIJI" import objects "$D/objects.csv" --date 2025-01-10
"$SUIJI" export objects -o "$T/jan0.csv" 2>/dev/null

# Q1: one object suspended, one renamed; Q2 (a full import): one deregistered by status, one no longer listed
python3 - "$D/objects.csv" "$T" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
q1 = [r[:] for r in rows]
q1[1][12] = "停产"          # 修武县太行化工: suspended
q1[5][1] = "焦作市中站区云台建材有限公司"  # renamed
csv.writer(open(sys.argv[2] + "/q1.csv", "w", newline="", encoding="utf-8")).writerows(q1)
q2 = [r[:] for r in q1]
q2[1][12] = "正常"          # resumes
q2[2][12] = "注销"          # 沁阳 paper mill deregistered
del q2[4]                   # 温县 repair shop no longer listed
csv.writer(open(sys.argv[2] + "/q2.csv", "w", newline="", encoding="utf-8")).writerows(q2)
PY
expect_rc 0 "$SUIJI" import objects "$T/q1.csv" --date 2025-02-15 --as 王科长
expect_out "新增 0，变更 2，未变 4，注销 0"
expect_rc 0 "$SUIJI" import objects "$T/q2.csv" --date 2025-04-20 --full
expect_out "新增 0，变更 1，未变 3，注销 2"

# as of a date
expect_rc 0 "$SUIJI" list objects --as-of 2025-01-31 --tag 停产
expect_out "共 1 条"
expect_no_out "修武县太行化工"
expect_rc 0 "$SUIJI" list objects --as-of 2025-03-01 --tag 停产
expect_out "修武县太行化工"
expect_rc 0 "$SUIJI" list objects --as-of 2025-03-01
expect_out "共 6 条"
expect_rc 0 "$SUIJI" list objects
expect_out "共 5 条"
expect_no_out "温县张记汽车维修店"
expect_rc 0 "$SUIJI" list objects --as-of 2024-12-31
expect_out "共 0 条"
expect_rc 0 "$SUIJI" export objects --as-of 2025-01-31 -o "$T/jan.csv"
expect_eq "$(cmp "$T/jan.csv" "$T/jan0.csv" && echo same)" "same" "as-of export equals the export made in January"

# the quarterly adjustment
expect_rc 0 "$SUIJI" directory changes --quarter 2025Q1 --kind objects
expect_out "2025-01-10  新增"
expect_out "2025-02-15  停产  91410821MA3X5K7B9Q"
expect_out "操作人 王科长"
expect_out "小计: 新增 6 变更 1 停产 1"
expect_rc 0 "$SUIJI" directory changes --quarter 2025Q2
expect_out "2025-04-20  恢复  91410821MA3X5K7B9Q"
expect_out "2025-04-20  注销  914108821734567860"
expect_out "2025-04-20  注销  92410825MA9FTL2N3N"
expect_out "小计: 恢复 1 注销 2"
expect_out "【检查人员名录】"
expect_rc 2 "$SUIJI" directory changes --quarter 2025Q5

# one entry's history
expect_rc 0 "$SUIJI" directory history objects 91410821MA3X5K7B9Q
expect_out "2025-01-10 至 2025-02-15  新增"
expect_out "2025-02-15 至 2025-04-20  停产"
expect_out "2025-04-20 至 今  恢复"

# history only moves forward
expect_rc 1 "$SUIJI" import objects "$D/objects.csv" --date 2025-03-01
expect_err "早于该条目现有记录的日期"
expect_eq "$(sql "select count(*) from batch")" "3" "refused import leaves no batch"

# the audit chain grows by one entry per change set
expect_eq "$(sql "select count(*) from audit")" "7" "audit entries"
expect_eq "$(sql "select count(*) from audit a join audit b on b.seq = a.seq + 1 where b.prev_hash = a.hash")" "6" "chain links"

done_testing
