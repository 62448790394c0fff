#!/usr/bin/env bash
# The plan's life (Article 6): a draft, filed (备案) with its documents, frozen; adjusted during the year
# into new versions with reason and date, every version kept and viewable; line numbers never reused;
# a plan filed after 31 December of the year before is marked late; every change in the audit chain.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org '焦作市生态环境局' --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
gen_objects "$T/objects.csv" 5 <<'EOF'
4 410821 重点 是
20 410822 重点 否
30 410823 一般 否
EOF
gen_people "$T/people.csv" 5 <<'EOF'
2 执法 执法支队 是
EOF
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-10-01

export SUIJI_NOW=2025-11-20T09:00:00+08:00
expect_rc 0 "$SUIJI" plan new --year 2026
expect_out "计划日期 2025-11-20"
expect_no_out "逾期"
expect_rc 1 "$SUIJI" plan new --year 2026
expect_err "2026 年度抽查计划已存在"
expect_rc 1 "$SUIJI" plan file --year 2026
expect_err "没有任何计划事项"
# a name with HTML's special characters travels escaped into the filing page
expect_rc 0 "$SUIJI" plan line add --year 2026 --name '市管<重点>单位 & "季度" 检查' --items JZ-001 --class 重点 \
	--city-managed 是 --each --note "见'附件'"
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 非市管重点抽查 --items JZ-001 --class 重点 --city-managed 否 \
	--ratio 5
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 临时 --items JZ-004 --count 1
expect_rc 0 "$SUIJI" plan line remove --year 2026 --line 3
expect_out "删除第3项"
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般监管对象抽查 --items JZ-001,JZ-004 --class 一般 --per-staff 5 \
	--initiator 执法支队 --participants 大气环境科
expect_out "已新增 2026 年度计划第4项" # numbers are never reused
expect_rc 0 "$SUIJI" plan show --year 2026 --html "$T/draft.html"
grep -q '（第1版·草稿，未备案）' "$T/draft.html" && ok || not_ok "a draft says so"

mkdir -p "$T/filing"
expect_rc 0 "$SUIJI" plan file --year 2026 --out-dir "$T/filing"
expect_out "已备案 2026 年度抽查工作计划第1版（年度计划），备案日期 2025-11-20"
expect_no_out "逾期"
html="$T/filing/2026年度抽查工作计划-第1版.html"
xlsx="$T/filing/2026年度抽查工作计划-第1版.xlsx"
[ -s "$html" ] && ok || not_ok "filing page written"
expect_eq "$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).testzip())' "$xlsx")" None "xlsx is a sound zip"
expect_eq "$(python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print(sorted(n for n in z.namelist() if n.startswith("xl/worksheets/")))' "$xlsx")" \
	"['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml', 'xl/worksheets/sheet3.xml']" "three sheets"
grep -q '市管&lt;重点&gt;单位 &amp; &quot;季度&quot; 检查' "$html" && ok || not_ok "name escaped in HTML"
grep -q "备注：见&#39;附件&#39;" "$html" && ok || not_ok "note escaped in HTML"
grep -q '<重点>' "$html" && not_ok "raw < in HTML" || ok
grep -q '焦作市生态环境局2026年度“双随机、一公开”抽查工作计划' "$html" && ok || not_ok "title"
grep -q '《中华人民共和国环境保护法》第二十四条' "$html" && ok || not_ok "legal basis in the filing"
grep -q '大气环境科' "$html" && ok || not_ok "participating department"
grep -q '上级生态环境部门；本辖区“双随机、一公开”领导小组办公室' "$html" && ok || not_ok "addressees"
grep -q '抽查频次和比例核对（第七条）' "$html" && ok || not_ok "article 7 table"
hash=$(sql "select content_hash from plan_version where year = 2026 and version = 1")
expect_eq "${#hash}" 64 "content hash stored"
grep -q "$hash" "$html" && ok || not_ok "content hash printed in the filing"
python3 -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); s = z.read("xl/sharedStrings.xml").decode(); sys.exit(0 if sys.argv[2] in s and "市管&lt;重点&gt;单位" in s else 1)' "$xlsx" "$hash" && ok || not_ok "xlsx content"
# the same version renders to the same bytes
expect_rc 0 "$SUIJI" plan show --year 2026 --version 1 --html "$T/again.html" --xlsx "$T/again.xlsx"
cmp -s "$html" "$T/again.html" && ok || not_ok "HTML reproducible"
cmp -s "$xlsx" "$T/again.xlsx" && ok || not_ok "xlsx reproducible"

# filed: frozen, in the command and in the database itself
expect_rc 1 "$SUIJI" plan line add --year 2026 --name x --items JZ-001 --each
expect_err "已于 2025-11-20 备案，不能修改"
expect_rc 1 "$SUIJI" plan line edit --year 2026 --line 1 --ratio 50
expect_rc 1 "$SUIJI" plan line remove --year 2026 --line 1
expect_rc 1 "$SUIJI" plan file --year 2026
expect_err "已于 2025-11-20 备案"
# sql_refused QUERY: the database itself refuses the statement
sql_refused() { if sqlite3 "$SUIJI_DB" "$1" >"$T/out" 2>"$T/err"; then not_ok "database accepted: $1"; else ok; fi; }
sql_refused "update plan_line set value = 1 where line_no = 2"
expect_err "已备案的计划版本不能修改"
sql_refused "delete from plan_line where line_no = 2"
expect_err "已备案的计划版本不能修改"
sql_refused "insert into plan_line(version_id, line_no, name, type, items, initiator, period, rule) select id, 9, 'x', 'x', 'JZ-001', 'x', 'quarter', 'each' from plan_version"
expect_err "已备案的计划版本不能修改"
sql_refused "update plan_version set date = '2025-01-01' where version = 1"
expect_err "已备案的计划版本不能修改"
sql_refused "delete from plan_version"
expect_err "计划版本不能删除"

# adjusting during the year: a new version with its reason and date
export SUIJI_NOW=2026-04-10T15:00:00+08:00
expect_rc 2 "$SUIJI" plan adjust --year 2026
expect_err "--reason"
expect_rc 1 "$SUIJI" plan adjust --year 2026 --reason 提前 --date 2025-11-01
expect_err "早于当前版本"
expect_rc 0 "$SUIJI" plan adjust --year 2026 --reason '省厅部署危险废物专项检查'
expect_out "已创建 2026 年度计划第2版（调整草稿，日期 2026-04-10）"
expect_rc 1 "$SUIJI" plan adjust --year 2026 --reason 再调
expect_err "尚未备案，可直接修改"
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 危险废物专项检查 --type 专项检查 --items JZ-002 --class 重点 \
	--city-managed 否 --count 3
expect_out "第5项"
expect_rc 0 "$SUIJI" plan line edit --year 2026 --line 2 --ratio 10
expect_rc 0 "$SUIJI" plan versions --year 2026
expect_out "第1版  已备案  日期 2025-11-20  备案 2025-11-20（测试员）"
expect_out "第2版  草稿  日期 2026-04-10"
expect_out "省厅部署危险废物专项检查"
# the old version is kept as it was
expect_rc 0 "$SUIJI" plan show --year 2026 --version 1 --json
expect_eq "$(jq_get "$T/out" "[l['line'] for l in d['lines']]")" "[1, 2, 4]" "version 1 lines"
expect_eq "$(jq_get "$T/out" "d['lines'][1]['ratio']")" 5% "version 1 unchanged"
expect_eq "$(jq_get "$T/out" "d['status']")" filed "version 1 filed"
expect_rc 0 "$SUIJI" plan show --year 2026 --json
expect_eq "$(jq_get "$T/out" "[l['line'] for l in d['lines']]")" "[1, 2, 4, 5]" "version 2 lines"
expect_eq "$(jq_get "$T/out" "d['lines'][1]['ratio']")" 10% "version 2 changed"
expect_eq "$(jq_get "$T/out" "[d['version'], d['status'], d['reason']]")" '[2, "draft", "省厅部署危险废物专项检查"]' "version 2"
expect_rc 0 "$SUIJI" plan show --year 2026
expect_out "第5项  危险废物专项检查  [专项检查]"
expect_out "调整原因: 省厅部署危险废物专项检查"
expect_rc 1 "$SUIJI" plan show --year 2026 --version 3
expect_err "没有第3版"

# filing the adjustment during the year is not late
expect_rc 0 "$SUIJI" plan file --year 2026 --out-dir "$T/filing"
expect_out "第2版（调整），备案日期 2026-04-10"
expect_no_out "逾期"
html2="$T/filing/2026年度抽查工作计划-第2版.html"
grep -q '调整原因' "$html2" && grep -q '省厅部署危险废物专项检查' "$html2" && ok || not_ok "reason in the adjustment's filing"
expect_eq "$(grep -c '<td>第[12]版</td>' "$html2")" 2 "both versions in the history"
expect_eq "$(sql "select version || ':' || status || ':' || late from plan_version where year = 2026 order by version")" \
	"$(printf '1:filed:0\n2:filed:0')" "versions"
[ -s "$html" ] && cmp -s "$html" "$T/again.html" && ok || not_ok "the first filing stays as it was"

# every change in the audit chain, with the actor
expect_eq "$(sql "select action from audit where subject like 'plan:2026%' order by seq" | tr '\n' ',')" \
	"plan new,plan line add,plan line add,plan line add,plan line remove,plan line add,plan file,plan adjust,plan adjust (line copied),plan adjust (line copied),plan adjust (line copied),plan line add,plan line edit,plan file," \
	"audit entries (each line copied into the adjusted draft has its own)"
expect_eq "$(sql "select count(distinct actor) || actor from audit where subject like 'plan:%'")" "1测试员" "actor"
# the filing's content hash (printed in the filing) is a column of the version, which the filing entry
# covers with every other column of the version and its lines (docs/SECURITY.md): changed, it is caught
expect_rc 0 "$SUIJI" audit verify
cp "$SUIJI_DB" "$T/saved.db"
sqlite3 "$SUIJI_DB" "drop trigger plan_version_frozen; update plan_version set content_hash = '$(printf '0%.0s' {1..64})' where year = 2026 and version = 1;"
expect_rc 1 "$SUIJI" audit verify
expect_err "plan:2026/v1"
cp "$T/saved.db" "$SUIJI_DB"

# late: the 2027 plan made and filed in January 2027
export SUIJI_NOW=2027-01-05T10:00:00+08:00
expect_rc 0 "$SUIJI" plan new --year 2027
expect_out "现已逾期"
expect_rc 0 "$SUIJI" plan line add --year 2027 --name 市管 --items JZ-001 --class 重点 --city-managed 是 --each
expect_rc 0 "$SUIJI" plan file --year 2027 --out-dir "$T/filing"
expect_out "逾期备案: 第六条要求在 2026 年 12 月 31 日前备案"
expect_eq "$(sql "select late from plan_version where year = 2027")" 1 "late stored"
grep -q '逾期备案：本计划应于 2026 年 12 月 31 日前备案（第六条），实际备案日期 2027-01-05' "$T/filing/2027年度抽查工作计划-第1版.html" &&
	ok || not_ok "late in the filing page"
expect_eq "$(sql "select action from audit where subject = 'plan:2027/v1' order by seq desc limit 1")" "plan file (late)" "late in the audit chain"
expect_rc 0 "$SUIJI" plan versions --year 2027
expect_out "已备案（逾期）"
# on 31 December it is still on time
export SUIJI_NOW=2027-12-31T23:59:00+08:00
expect_rc 0 "$SUIJI" plan new --year 2028
expect_rc 0 "$SUIJI" plan line add --year 2028 --name 市管 --items JZ-001 --class 重点 --city-managed 是 --each
expect_rc 0 "$SUIJI" plan file --year 2028 --out-dir "$T/filing"
expect_no_out "逾期"
expect_eq "$(sql "select late from plan_version where year = 2028")" 0 "filed on 31 December: on time"

# the chain holds: every entry links, and the rows behind the entries it can re-hash match
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"

done_testing
