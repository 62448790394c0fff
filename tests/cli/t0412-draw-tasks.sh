#!/usr/bin/env bash
# A draw of a few hundred visits written as tasks: the run inserts them many rows per statement
# (store_task_insert_many) and the rest one by one. Checks every visit of the stored result became
# exactly one task, in order, with its object, slot, mode, team, experts, items and plan line; the
# audit chain verifies; and the run's tasks are not written at all when the run fails midway.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
expect_rc 0 "$SUIJI" demo --objects 3000 --people 120 --out "$T/data" --date 2025-01-02
expect_rc 0 "$SUIJI" plan new --year 2025 --date 2025-01-02
# 64 * 3 + 11 visits: three full batches and a remainder
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 全部对象抽查 --items JZ-HB-001 --count 203
expect_rc 0 "$SUIJI" plan file --year 2025 --out-dir "$T" # a draw rests on a filed plan
export SUIJI_NOW=2025-01-05T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source "福彩3D 2025-01-06" --date 2025-01-05 --experts 1
export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 1 --beacon "3 1 4"
expect_out "检查对象 203 个"

# the stored result against the tasks, visit by visit
sql "select result from draw where id = 1" >"$T/result.json"
sql "select visit_no, uscc, slot, mode, team, experts, items, plan_lines, plan_year, kind, state from task where draw_id = 1 order by id" >"$T/tasks.txt"
expect_eq "$(python3 - "$T/result.json" "$T/tasks.txt" <<'PY'
import json, sys
visits = json.load(open(sys.argv[1]))["visits"]
rows = [l.rstrip("\n").split("|") for l in open(sys.argv[2], encoding="utf-8")]
want = [[str(i), v["uscc"], v["slot"], v["mode"], "、".join(v["team"]), "、".join(v["experts"]), "JZ-HB-001", "1",
         "2025", "random", "待检查"] for i, v in enumerate(visits)]
bad = [i for i, (a, b) in enumerate(zip(rows, want)) if a != b]
print(len(visits), len(rows), bad[:3], sum(1 for v in visits if v["experts"]))
PY
)" "203 203 [] 203" "every visit one task, in order, with its own values"
expect_rc 0 "$SUIJI" audit verify

# a second draw whose run fails inside the transaction (a task that breaks a constraint, planted
# behind the program's back): nothing of it is left
expect_rc 0 "$SUIJI" plan adjust --year 2025 --reason 再抽
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 再抽 --items JZ-HB-001 --count 100
expect_rc 0 "$SUIJI" plan file --year 2025 --out-dir "$T"
export SUIJI_NOW=2025-04-01T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 2 --period 2025Q2 --beacon-source x --date 2025-04-01
sql "insert into task(kind, draw_id, visit_no, uscc, items, plan_year, plan_lines, mode, created_at, created_by) values ('random', 2, 70, 'X', 'JZ-HB-001', 2025, '2', '现场', 'now', 'planted')"
export SUIJI_NOW=2025-04-02T21:30:00+08:00
expect_rc 1 "$SUIJI" draw run 2 --beacon "2 7 1"
expect_eq "$(sql "select count(*) from task where draw_id = 2")" "1" "only the planted row: the run's tasks rolled back"
expect_eq "$(sql "select state from draw where id = 2")" "announced" "the draw is still to be run"
done_testing
