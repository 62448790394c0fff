#!/usr/bin/env bash
# Each unit its own year (issue 10): plans per (unit, year); Article 7 per unit with its level's rule,
# counting only the unit's own business staff and objects, on a city people file that also holds the
# branch officers; a plan exactly at every minimum passes and one short by one fails, for the city and
# for a branch. A branch's filing goes to the city's inbox: returned with a reason, filed again,
# accepted — every step in the audit chain. A branch administrator can neither read nor change another
# branch's plan (nothing written); the city administrator reads them all.
. "$(dirname "$0")/lib.sh"
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
export SUIJI_NOW=2025-09-01T09:00:00+08:00
three_units_setup
export SUIJI_NOW=2025-12-01T09:00:00+08:00

# ---- the city: 5 staff × 5 = 25 general objects (not 10 × 5 = 50 counting the branch officers) ----
expect_rc 0 "$SUIJI" plan new --year 2026
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般监管对象抽查 --items JZ-001 --class 一般 --per-staff 5
expect_rc 0 "$SUIJI" plan check --year 2026 --json
cp "$T/out" "$T/city.json"
expect_eq "$(jq_get "$T/city.json" "d['level']")" city "city level"
expect_eq "$(jq_get "$T/city.json" "d['directory']['staff']")" 5 "the city's own staff only"
expect_eq "$(jq_get "$T/city.json" "d['directory']['general']")" 100 "the city's own objects only"
expect_eq "$(min_of "$T/city.json" general_per_staff required)" 25 "5 × 5"
expect_eq "$(min_of "$T/city.json" general_per_staff planned)" 25 "exactly at the minimum"
expect_eq "$(jq_get "$T/city.json" "d['ok']")" true "the city's plan passes"
# short by one: the line's pool is the 24 objects of 解放区
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 1 --region 410802
expect_rc 1 "$SUIJI" plan check --year 2026 --json
expect_eq "$(min_of "$T/out" general_per_staff shortfall)" 1 "the city short by one"
expect_rc 1 "$SUIJI" plan check --year 2026
expect_out "应抽查 25，计划 24，差额 1"
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 1 --region 410802,410803

# ---- 修武分局: county, 3 staff × 10 = 30 of its 60 general objects ----
"$SUIJI" user add 修武管理员 --role 分局管理员 --unit 修武分局 >/dev/null
"$SUIJI" user add 武陟管理员 --role 分局管理员 --unit 武陟分局 >/dev/null
XW=(--as 修武管理员)
WZ=(--as 武陟管理员)
expect_rc 0 "$SUIJI" "${XW[@]}" plan new --year 2026
expect_out "修武分局"
expect_rc 0 "$SUIJI" "${XW[@]}" plan line add --year 2026 --name 一般监管对象抽查 --items JZ-001 --class 一般 --per-staff 10
expect_out "已新增 2026 年度计划第1项"
expect_rc 0 "$SUIJI" "${XW[@]}" plan check --year 2026 --json
cp "$T/out" "$T/xw.json"
expect_eq "$(jq_get "$T/xw.json" "d['level']")" county "a branch is county level"
expect_eq "$(jq_get "$T/xw.json" "d['unit']")" 修武分局 "the branch's check"
expect_eq "$(jq_get "$T/xw.json" "d['directory']['staff']")" 3 "the branch's own officers"
expect_eq "$(jq_get "$T/xw.json" "d['directory']['general']")" 60 "the branch's own objects"
expect_eq "$(jq_get "$T/xw.json" "[m for m in d['minimums'] if m['rule'] == 'general_per_staff'][0]['per_staff']")" 10 "1/10"
expect_eq "$(min_of "$T/xw.json" general_per_staff required)" 30 "3 × 10"
expect_eq "$(min_of "$T/xw.json" general_per_staff planned)" 30 "exactly at the minimum"
expect_eq "$(jq_get "$T/xw.json" "d['ok']")" true "the branch's plan passes"
expect_rc 0 "$SUIJI" "${XW[@]}" plan line edit --year 2026 --line 1 --region 410821
expect_rc 1 "$SUIJI" "${XW[@]}" plan check --year 2026 --json
expect_eq "$(min_of "$T/out" general_per_staff shortfall)" 1 "the branch short by one"
expect_rc 0 "$SUIJI" "${XW[@]}" plan line edit --year 2026 --line 1 --region 410821,410822
# the city's plan is untouched by the branch's: line numbers and versions are per unit
expect_rc 0 "$SUIJI" plan check --year 2026 --json
expect_eq "$(min_of "$T/out" general_per_staff required)" 25 "the city still 25"
# the city administrator reads the branch's plan with --unit
expect_rc 0 "$SUIJI" --unit 修武分局 plan check --year 2026 --json
expect_eq "$(min_of "$T/out" general_per_staff required)" 30 "the city reads the branch's"

# ---- another branch can neither read nor change it; nothing is written ----
sqlite3 "$SUIJI_DB" .dump >"$T/before.sql"
expect_rc 1 "$SUIJI" "${WZ[@]}" --unit 修武分局 plan show --year 2026
expect_err "无权限"
expect_rc 1 "$SUIJI" "${WZ[@]}" --unit 修武分局 plan check --year 2026
expect_rc 1 "$SUIJI" "${WZ[@]}" --unit 修武分局 plan line add --year 2026 --name x --items JZ-001 --class 一般 --each
expect_err "无权限"
expect_rc 1 "$SUIJI" "${WZ[@]}" --unit 修武分局 plan line remove --year 2026 --line 1
expect_rc 1 "$SUIJI" "${WZ[@]}" --unit 修武分局 plan file --year 2026 --out-dir "$T"
expect_rc 1 "$SUIJI" "${WZ[@]}" --unit 修武分局 settings set repeat_window_days 120
expect_rc 1 "$SUIJI" "${XW[@]}" plan accept --unit 修武分局 --year 2026
expect_err "无权限"
sqlite3 "$SUIJI_DB" .dump >"$T/after.sql"
if cmp -s "$T/before.sql" "$T/after.sql"; then ok; else not_ok "a refused command changed the database"; fi

# ---- settings per unit: the branch has its level's defaults and its own changes ----
expect_rc 0 "$SUIJI" "${XW[@]}" settings --json
expect_eq "$(jq_get "$T/out" "d['general_per_staff']['value']")" 10 "a branch's default is the county's"
expect_rc 0 "$SUIJI" "${XW[@]}" settings set repeat_window_days 120
expect_rc 0 "$SUIJI" settings --json
expect_eq "$(jq_get "$T/out" "[d['general_per_staff']['value'], d['repeat_window_days']['value']]")" '["5", "90"]' "the city's untouched"
# a targeted inspection belongs to its object's unit: a branch registers only its own
wzobj=$(grep ',410823,' "$T/objects.csv" | head -1 | cut -d, -f1)
xwobj=$(grep ',410821,' "$T/objects.csv" | head -1 | cut -d, -f1)
sqlite3 "$SUIJI_DB" .dump >"$T/before.sql"
expect_rc 1 "$SUIJI" "${XW[@]}" targeted add --uscc "$wzobj" --trigger 信访投诉举报 --reference 修信1号 --date 2025-11-20
expect_err "无权限"
sqlite3 "$SUIJI_DB" .dump >"$T/after.sql"
cmp -s "$T/before.sql" "$T/after.sql" && ok || not_ok "a refused targeted add wrote"
expect_rc 0 "$SUIJI" "${XW[@]}" targeted add --uscc "$xwobj" --trigger 信访投诉举报 --reference 修信2号 --date 2025-11-20
expect_eq "$(sql "select unit_id from task where reference = '修信2号'")" 2 "the branch's targeted inspection"
expect_rc 0 "$SUIJI" "${WZ[@]}" targeted list --json
expect_eq "$(jq_get "$T/out" "d['count']")" 0 "another branch does not see it"

# ---- filing with the city: inbox, return with a reason, file again, accept ----
mkdir -p "$T/docs"
expect_rc 0 "$SUIJI" "${XW[@]}" plan file --year 2026 --out-dir "$T/docs"
expect_out "已报送焦作市生态环境局备案（待审）"
[ -s "$T/docs/修武分局2026年度抽查工作计划-第1版.html" ] && ok || not_ok "the branch's filing document"
expect_rc 0 "$SUIJI" plan inbox --json
expect_eq "$(jq_get "$T/out" "[(f['unit'], f['year'], f['version'], f['state']) for f in d]")" '[["修武分局", 2026, 1, "待审"]]' "in the city's inbox"
expect_rc 2 "$SUIJI" plan return --unit 修武分局 --year 2026
expect_rc 2 "$SUIJI" plan return --unit 修武分局 --year 2026 --reason ""
expect_rc 0 "$SUIJI" plan return --unit 修武分局 --year 2026 --reason 一般监管对象抽查应覆盖博爱县新增企业
expect_out "已退回修武分局 2026 年度计划第1版的备案"
expect_rc 1 "$SUIJI" plan accept --unit 修武分局 --year 2026
expect_err "已退回"
# the branch sees its returned filing and adjusts
expect_rc 0 "$SUIJI" "${XW[@]}" plan inbox
expect_out "已退回  修武分局  2026 年度计划第1版"
expect_out "退回理由: 一般监管对象抽查应覆盖博爱县新增企业"
expect_rc 0 "$SUIJI" "${XW[@]}" plan adjust --year 2026 --reason 按市局意见调整 --date 2025-12-01
expect_rc 0 "$SUIJI" "${XW[@]}" plan line edit --year 2026 --line 1 --per-staff 12
expect_rc 0 "$SUIJI" "${XW[@]}" plan file --year 2026 --out-dir "$T/docs"
expect_rc 0 "$SUIJI" plan inbox --json
expect_eq "$(jq_get "$T/out" "[(f['version'], f['state']) for f in d]")" '[[2, "待审"], [1, "已退回"]]' "filed again"
expect_rc 0 "$SUIJI" plan accept --unit 修武分局 --year 2026
expect_out "已接收修武分局 2026 年度计划第2版的备案"
expect_rc 0 "$SUIJI" plan inbox --json
expect_eq "$(jq_get "$T/out" "[(f['version'], f['state']) for f in d]")" '[[2, "已接收"], [1, "已退回"]]' "accepted"
# 武陟分局 sees none of 修武分局's filings
expect_rc 0 "$SUIJI" "${WZ[@]}" plan inbox
expect_out "没有分局报送的计划备案"
# the city's own filing goes to the higher bureau, not the inbox
expect_rc 0 "$SUIJI" plan file --year 2026 --out-dir "$T/docs"
expect_out "报送上级生态环境部门"
expect_eq "$(sql "select count(*) from plan_filing")" 2 "the city's own filing is not in the inbox"
# every step in the chain, which verifies
expect_eq "$(sql "select action || ' ' || subject from audit where subject like 'plan:u2/%filing' order by seq" | tr '\n' ';')" \
	"plan filing plan:u2/2026/v1/filing;plan return plan:u2/2026/v1/filing;plan filing plan:u2/2026/v2/filing;plan accept plan:u2/2026/v2/filing;" \
	"filing, return, filing, accept audited"
expect_eq "$(sql "select count(*) from audit where subject like 'plan:2026/%'")" \
	"$(sql "select count(*) from audit where subject like 'plan:2026/%' and actor = '$SUIJI_USER'")" "the city's subjects unchanged"
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"
# a filing's row changed behind the program's back is found
sqlite3 "$SUIJI_DB" "drop trigger plan_filing_once; update plan_filing set reason = '改动' where version = 1"
expect_rc 1 "$SUIJI" audit verify

done_testing
