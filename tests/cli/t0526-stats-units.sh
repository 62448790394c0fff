#!/usr/bin/env bash
# Statistics against each unit's own plan (issue 10: op_stats over op_plan_check_unit): on a city people
# file that also holds the branch officers, `stats` shows every unit's Article 7 figures as `plan check`
# gives them for that unit — the city 5 × its own 5 staff, 修武分局 10 × its own 3 —, a unit without a
# plan with no plan figures (null) but still its Article 7 minimum from its own directory (docs/API.md);
# a branch administrator sees its own unit and its own plan only.
. "$(dirname "$0")/lib.sh"
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
export SUIJI_NOW=2025-09-01T09:00:00+08:00
three_units_setup
export SUIJI_NOW=2025-12-01T09:00:00+08:00

"$SUIJI" user add 修武管理员 --role 分局管理员 --unit 修武分局 >/dev/null
XW=(--as 修武管理员)
expect_rc 0 "$SUIJI" plan new --year 2026
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般监管对象抽查 --items JZ-001 --class 一般 --per-staff 5
expect_rc 0 "$SUIJI" plan check --year 2026 --json
cp "$T/out" "$T/city.json"
expect_rc 0 "$SUIJI" "${XW[@]}" plan new --year 2026
expect_rc 0 "$SUIJI" "${XW[@]}" plan line add --year 2026 --name 一般监管对象抽查 --items JZ-001 --class 一般 --per-staff 9
expect_rc 1 "$SUIJI" "${XW[@]}" plan check --year 2026 --json
cp "$T/out" "$T/xw.json"
expect_eq "$(min_of "$T/xw.json" general_per_staff shortfall)" 3 "the branch short by 3 (27 of 30)"

figures() { # the (rule, required, planned, shortfall) of a check or of a stats against_plan
	python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    d = d[int(k)] if k.isdigit() else d[k]
print(d["ok"], [(m["rule"], m["required"], m["planned"], m["shortfall"]) for m in d["minimums"]])' "$@"
}
expect_rc 0 "$SUIJI" stats --year 2026 --json
cp "$T/out" "$T/stats.json"
expect_eq "$(jq_get "$T/stats.json" "[u['unit'] for u in d['by_unit']]")" '["焦作市生态环境局", "修武分局", "武陟分局"]' "every unit"
expect_eq "$(figures "$T/stats.json" by_unit 0 against_plan)" "$(figures "$T/city.json")" "the city against its own plan"
expect_eq "$(figures "$T/stats.json" by_unit 1 against_plan)" "$(figures "$T/xw.json")" "修武分局 against its own plan (10 × its 3 staff)"
expect_eq "$(figures "$T/stats.json" against_plan)" "$(figures "$T/city.json")" "against_plan: the operator's unit"
expect_eq "$(jq_get "$T/stats.json" "d['by_unit'][2]['against_plan']")" None "武陟分局 has no plan"
expect_rc 0 "$SUIJI" stats --year 2026
expect_out "修武分局（计划第 1 版）：不足"
expect_out "最低 30，计划 27，差额 3"
expect_out "武陟分局：2026 年度没有抽查计划"
# per unit and class, in 家次: Article 7's minimum / planned / drawn / inspected (the dashboard's figures)
expect_out "修武分局：重点 0 / 0 / 0 / 0；一般 30 / 27 / 0 / 0；特殊 0 / 0 / 0 / 0；共计 30 / 27 / 0 / 0"
# 武陟分局 without a plan: nothing planned, its minimum all the same (10 × its 2 staff, capped at its 10
# general objects)
expect_out "武陟分局：重点 0 / - / 0 / 0；一般 10 / - / 0 / 0；特殊 0 / - / 0 / 0；共计 10 / - / 0 / 0（没有年度计划）"
expect_eq "$(jq_get "$T/stats.json" "[(u['unit_name'], u['required'], u['planned'], u['by_class']['一般']['required']) for u in d['units']][1:]")" \
	'[["修武分局", 30, 27, 30], ["武陟分局", 10, null, 10]]' "the dashboard's units: 修武 against its plan, 武陟 without one"
# the branch: its own unit and its own plan
expect_rc 0 "$SUIJI" "${XW[@]}" stats --year 2026 --json
cp "$T/out" "$T/xws.json"
expect_eq "$(jq_get "$T/xws.json" "[u['unit'] for u in d['by_unit']]")" '["修武分局"]' "the branch's unit only"
expect_eq "$(figures "$T/xws.json" against_plan)" "$(figures "$T/xw.json")" "the branch against its own plan"
done_testing
