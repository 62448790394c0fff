#!/usr/bin/env bash
# Article 3's three refusals, as the draw will meet them (plan authorize, plan spec): no random
# inspection without a plan line, without an item on the list, without a legal basis — and no way
# around them but a plan version. The database refuses a random task that names no plan line.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
gen_objects "$T/objects.csv" 7 <<'EOF'
3 410821 重点 是
20 410822 重点 否
EOF
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-10-01
export SUIJI_NOW=2025-12-01T09:00:00+08:00

# 无计划清单不检查: no plan at all
expect_rc 1 "$SUIJI" plan authorize --year 2026 --lines 1
expect_err "拒绝随机抽查（第三条）"
expect_err "无计划清单不检查：没有 2026 年度抽查计划"
expect_rc 1 "$SUIJI" plan spec --year 2026 --line 1 --period 2026Q1
expect_err "无计划清单不检查"

expect_rc 0 "$SUIJI" plan new --year 2026
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 市管重点排污单位季度检查 --items JZ-001 --class 重点 --city-managed 是 --each
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 重点排污单位联合检查 --items JZ-002,JZ-004 --class 重点 --city-managed 否 \
	--ratio 10 --group 联合
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 月度抽查 --items JZ-004 --count 2 --period month
# a draft already authorises (the draw records the version it used)
expect_rc 0 "$SUIJI" plan authorize --year 2026 --lines 1,2
expect_out "准许: 2026 年度计划第1版（草稿）的计划事项 1,2"
# 无计划清单不检查: a line not in the plan, or none given
expect_rc 1 "$SUIJI" plan authorize --year 2026 --lines 1,7
expect_err "无计划清单不检查：计划事项第7项不在 2026 年度计划当前版本（第1版）中"
expect_rc 1 "$SUIJI" plan authorize --year 2026 --lines ""
expect_err "无计划清单不检查：没有指定计划事项"
expect_rc 1 "$SUIJI" plan authorize --year 2027 --lines 1
expect_err "没有 2027 年度抽查计划"
# lines drawn together share their period
expect_rc 1 "$SUIJI" plan authorize --year 2026 --lines 2,3
expect_err "同一次抽取的计划事项应按相同时段抽取：第2项按季度，第3项按月"
# 无事项清单不检查 at the source: a line cannot name an item that is not on the list
expect_rc 1 "$SUIJI" plan line add --year 2026 --name x --items JZ-001,JZ-999 --each
expect_err "无事项清单不检查：事项 JZ-999 不在随机抽查事项清单中"
expect_rc 0 "$SUIJI" plan file --year 2026 --out-dir "$T"

# the item list changes after the plan was filed: JZ-002 leaves the list …
grep -v '^JZ-002' "$T/items.csv" >"$T/items2.csv"
expect_rc 0 "$SUIJI" import items "$T/items2.csv" --full --date 2026-02-01
expect_out "移出 1"
# … and JZ-004 loses its legal basis (the import never lets that happen: a database edited behind
# suiji's back, which the check still catches)
sqlite3 "$SUIJI_DB" "update item_version set legal_basis = '' where code = 'JZ-004' and valid_to is null"
expect_rc 0 "$SUIJI" plan authorize --year 2026 --lines 1
expect_rc 1 "$SUIJI" plan authorize --year 2026 --lines 1,2
expect_err "无事项清单不检查：计划事项第2项的事项 JZ-002 不在随机抽查事项清单中（不存在或已移出）"
expect_err "无法律依据不检查：计划事项第2项的事项 JZ-004 没有法律依据"
expect_rc 1 "$SUIJI" plan spec --year 2026 --line 2 --period 2026Q2
expect_err "无事项清单不检查"
expect_rc 1 "$SUIJI" plan authorize --year 2026 --lines 3
expect_err "无法律依据不检查：计划事项第3项的事项 JZ-004 没有法律依据"

# the only way around: a new plan version — the filed one cannot be edited
expect_rc 1 "$SUIJI" plan line edit --year 2026 --line 2 --items JZ-001
expect_err "已于 2025-12-01 备案，不能修改"
export SUIJI_NOW=2026-02-10T09:00:00+08:00
expect_rc 0 "$SUIJI" plan adjust --year 2026 --reason "事项清单调整：JZ-002 移出"
# a line in the new version is still checked against the list
expect_rc 1 "$SUIJI" plan line edit --year 2026 --line 2 --items JZ-002
expect_err "事项 JZ-002 不在随机抽查事项清单中"
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 2 --items JZ-001
expect_rc 0 "$SUIJI" plan line remove --year 2026 --line 3
expect_rc 0 "$SUIJI" plan authorize --year 2026 --lines 1,2
expect_out "第2版（草稿）"
expect_rc 1 "$SUIJI" plan authorize --year 2026 --lines 3
expect_err "计划事项第3项不在 2026 年度计划当前版本（第2版）中"
expect_rc 0 "$SUIJI" plan spec --year 2026 --line 2 --period 2026Q2 --json
expect_eq "$(jq_get "$T/out" "[d['version'], d['items'], d['needs'], d['pool'], d['quota']]")" \
	'[2, "JZ-001", "执法支队", 20, 2]' "spec from the new version"

# the database refuses a random task that names no plan line, and a targeted one without a listed trigger
ins="insert into task(kind, draw_id, visit_no, uscc, items, mode, created_at, created_by"
if sqlite3 "$SUIJI_DB" "$ins) values ('random', 1, 1, 'X', 'JZ-001', '现场', 'now', 'me')" 2>"$T/err"; then
	not_ok "random task without a plan accepted"
else ok; fi
expect_err "无计划清单不检查"
if sqlite3 "$SUIJI_DB" "$ins, trigger) values ('targeted', NULL, NULL, 'X', '', '现场', 'now', 'me', '领导交办')" 2>"$T/err"; then
	not_ok "targeted task with an unlisted trigger accepted"
else ok; fi
expect_err "第二条所列八种之一"
sqlite3 "$SUIJI_DB" "$ins, plan_year, plan_lines) values ('random', 1, 1, 'X', 'JZ-001', '现场', 'now', 'me', 2026, '1')" &&
	ok || not_ok "random task with its plan line refused"

done_testing
