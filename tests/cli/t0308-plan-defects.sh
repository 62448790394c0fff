#!/usr/bin/env bash
# Defects of the plan found when a year was played through (issue 11), each failing before its fix:
#  4  a targeted inspection registered after the fact takes the day given as its date, so its result
#     for that day is accepted;
#  8  a line across two of the bureau's own 科室 is 系统内跨科室, not 部门联合检查 (outside departments,
#     which must be named);
#  9  plan new --year 1999 refused in Chinese; a plan dated before the directory is not "passing"
#     Article 7 against 0 objects; a tag or an industry matching nothing refused; an unknown item named
#     as such (not 发起部门不能为空);
# and a database of step 6 (tests/data/draw-v6.sql) keeps its plan, which still verifies.
. "$(dirname "$0")/lib.sh"
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
export SUIJI_NOW=2025-09-01T09:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
gen_objects "$T/objects.csv" 8 <<'EOF2'
20 410821 一般 否
5 410822 一般 否 正常 是 小微企业 2221
EOF2
gen_people "$T/people.csv" 8 <<'EOF2'
3 执法 执法支队 是
EOF2
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-10-01
export SUIJI_NOW=2025-12-01T09:00:00+08:00

# ---- 9: years, dates, selectors, unknown items ----
sqlite3 "$SUIJI_DB" .dump >"$T/before.sql"
expect_rc 1 "$SUIJI" plan new --year 1999
expect_err "年度 1999"
expect_rc 1 "$SUIJI" plan new --year 2024
expect_err "晚于 2024 年度的最后一天"
sqlite3 "$SUIJI_DB" .dump >"$T/after.sql"
cmp -s "$T/before.sql" "$T/after.sql" && ok || not_ok "a refused plan new wrote"
# dated before the directory: made (with a warning), but never "passes" Article 7 against 0 objects
expect_rc 0 "$SUIJI" plan new --year 2026 --date 2025-09-01
expect_out "早于检查对象名录"
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般 --items JZ-001 --class 一般 --each
expect_rc 1 "$SUIJI" plan check --year 2026
expect_err "没有焦作市生态环境局的对象"
expect_no_out "符合第七条"
expect_rc 1 "$SUIJI" plan file --year 2026 --out-dir "$T"
expect_eq "$(sql "select status from plan_version")" draft "not filed"
expect_rc 0 "$SUIJI" plan check --year 2026 --as-of 2025-10-01
sqlite3 "$SUIJI_DB" .dump >"$T/before.sql"
expect_rc 1 "$SUIJI" plan line add --year 2026 --name x --items JZ-001 --class 一般 --tag 不存在 --each
expect_err "标识“不存在” 不匹配检查对象名录中的任何对象"
expect_rc 1 "$SUIJI" plan line add --year 2026 --name x --items JZ-001 --class 一般 --industry 99 --each
expect_err "行业代码“99”"
expect_rc 1 "$SUIJI" plan line add --year 2026 --name x --items HJ-999 --each
expect_err "事项 HJ-999 不在随机抽查事项清单中"
if grep -q "发起部门不能为空" "$T/err"; then not_ok "HJ-999 said 发起部门不能为空"; else ok; fi
sqlite3 "$SUIJI_DB" .dump >"$T/after.sql"
cmp -s "$T/before.sql" "$T/after.sql" && ok || not_ok "a refused line add wrote"
# a tag and an industry that do match are accepted
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 小微 --items JZ-003 --class 一般 --tag 小微企业 --industry 22 --count 1

# ---- 8: the two kinds of joint inspection ----
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 跨科室 --items JZ-001,JZ-004 --class 一般 --ratio 5
expect_out "[日常监督管理检查]"
expect_out "系统内跨科室联合检查"
expect_no_out "部门联合检查"
expect_rc 0 "$SUIJI" plan show --year 2026 --json
expect_eq "$(jq_get "$T/out" "[[l['type'], l['joint']] for l in d['lines'] if l['name'] == '跨科室'][0]")" \
	'["日常监督管理检查", "系统内跨科室"]' "joint within the system"
expect_rc 2 "$SUIJI" plan line add --year 2026 --name 联合 --items JZ-001 --class 一般 --ratio 5 --type 部门联合检查
expect_err "--partners"
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 联合 --items JZ-001,JZ-004 --class 一般 --ratio 5 \
	--partners 焦作市市场监督管理局
expect_out "[部门联合检查]"
expect_out "参加的外部门: 焦作市市场监督管理局"
expect_rc 0 "$SUIJI" plan show --year 2026 --json
expect_eq "$(jq_get "$T/out" "[[l['type'], l['joint'], l['partners']] for l in d['lines'] if l['name'] == '联合'][0]")" \
	'["部门联合检查", "系统外跨部门", "焦作市市场监督管理局"]' "joint with an outside department"
expect_rc 0 "$SUIJI" audit verify

# ---- 4: a targeted inspection registered after the fact gets its result for that day ----
export SUIJI_NOW=2025-12-10T09:00:00+08:00
key=$(sed -n 2p "$T/objects.csv" | cut -d, -f1)
expect_rc 0 "$SUIJI" targeted add --uscc "$key" --trigger 信访投诉举报 --reference 焦环信〔2025〕9号 --date 2025-10-18
expect_out "检查日期 2025-10-18"
id=$(sql "select max(id) from task")
expect_rc 0 "$SUIJI" result record "$id" --result 未发现问题 --date 2025-10-18
expect_rc 0 "$SUIJI" targeted list --json
expect_eq "$(jq_get "$T/out" "d['targeted'][0]['unit_id']")" 1 "the object's unit"
expect_rc 0 "$SUIJI" audit verify

# ---- a database of step 6 keeps its plan ----
export SUIJI_DB=$T/v6.db
unset SUIJI_NOW
sqlite3 "$SUIJI_DB" <"$DATA/draw-v6.sql"
expect_rc 0 "$SUIJI" init --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_eq "$(sql "select unit_id, year, version, status from plan_version")" "1|2025|1|draft" "the plan is the top unit's"
expect_eq "$(sql "select count(*) from plan_line")" 2 "its lines kept"
expect_rc 0 "$SUIJI" plan show --year 2025 --json
expect_eq "$(jq_get "$T/out" "[l['line'] for l in d['lines']]")" "[1, 2]" "shown"
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 新增 --items JZ-001 --each
expect_out "第3项"
expect_rc 0 "$SUIJI" audit verify

done_testing
