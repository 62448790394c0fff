#!/usr/bin/env bash
# A year of a bureau's work after the draw, played through quarter by quarter on the demo directory
# (issue 11): the filed plan, a draw per quarter, results (one of each kind: nothing found, problems,
# 不配合检查), their disclosure on time, a directory re-import, a re-draw with its reason, corrections
# (a published result amended, a team changed, a task cancelled, a problem added), and in December the
# deadlines that reach into a year whose holiday notice is not yet loaded (暂定) until it is imported.
# At the end the statistics agree with what was done, and the audit chain verifies.
. "$(dirname "$0")/lib.sh"
at() { export SUIJI_NOW="$1T09:00:00+08:00"; }
at 2025-12-01
expect_rc 0 "$SUIJI" demo --objects 300 --out "$T/demo" --date 2025-12-01
at 2025-12-10
expect_rc 0 "$SUIJI" plan new --year 2026 --date 2025-12-10
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 重点排污单位抽查 --items JZ-HB-001 --class 重点 --ratio 10
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般监管对象抽查 --items JZ-HB-008 --class 一般 --ratio 3
expect_rc 0 "$SUIJI" plan file --year 2026 --out-dir "$T"

# one quarter: announce, draw, and the first three visits (by month) inspected in their month and
# published the next day; "before" bounds the months used
quarter() {
	local q=$1 announce=$2 run=$3 end=$4 before=${5:-9999} n
	at "$announce"
	expect_rc 0 "$SUIJI" draw announce --year 2026 --lines 1,2 --period "2026Q$q" --beacon-source "福彩3D $run" \
		--date "$announce"
	n=$(sql "select max(id) from draw")
	at "$run"
	expect_rc 0 "$SUIJI" draw run "$n" --beacon "$q 2 3"
	DRAW=$n
	mapfile -t V < <(sql "select id || ' ' || slot from task where draw_id = $n and cancelled is null and slot < '$before'
		order by slot, id limit 3")
	local kinds=(未发现问题 发现问题已责令整改 不配合检查) i=0
	Q_TASKS=""
	for v in "${V[@]}"; do
		local t=(${v})
		local day="${t[1]}-$((10 + 2 * i))" next="${t[1]}-$((11 + 2 * i))"
		at "$day"
		if [ $i = 1 ]; then
			expect_rc 0 "$SUIJI" result record "${t[0]}" --result "${kinds[$i]}" --date "$day" --problem 废气收集设施破损
		else
			expect_rc 0 "$SUIJI" result record "${t[0]}" --result "${kinds[$i]}" --date "$day"
		fi
		at "$next"
		expect_rc 0 "$SUIJI" disclosure publish "${t[0]}"
		Q_TASKS="$Q_TASKS ${t[0]}"
		i=$((i + 1))
	done
	at "$end"
}

quarter 1 2026-01-05 2026-01-06 2026-03-31
Q1=($Q_TASKS)
expect_eq "$(sql "select count(*) from task where state = '已公开'")" "3" "Q1: three results published"
expect_rc 0 "$SUIJI" disclosure list --year 2026
expect_out "超期 0 条"

# Q2: the directory re-imported with one object renamed; a published Q1 result corrected
at 2026-04-01
python3 - "$T/demo/objects.csv" "$T/objects-q2.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig")))
col = rows[0].index("单位名称")
rows[1][col] += "（更名）"
csv.writer(open(sys.argv[2], "w", encoding="utf-8", newline="")).writerows(rows)
PY
expect_rc 0 "$SUIJI" import objects "$T/objects-q2.csv" --date 2026-04-01
expect_out "变更 1"
quarter 2 2026-04-01 2026-04-02 2026-06-30
expect_rc 0 "$SUIJI" result amend "${Q1[0]}" --reason "实验室报告显示超标" --result 发现问题已责令整改 \
	--date "$(sql "select end_date from result where task_id = ${Q1[0]}")" --problem "废水COD超标"
expect_out "公开记录已更新"
expect_rc 0 "$SUIJI" problems add "${Q1[1]}" --description "危废台账不全" --date 2026-06-30 --reason "补充检查记录"

# Q3: drawn, then drawn again with a reason (the first draw's visits are voided)
quarter 3 2026-07-01 2026-07-02 2026-09-30
FIRST_Q3=$DRAW
LEFT=$(sql "select count(*) from task where draw_id = $FIRST_Q3 and state = '待检查' and cancelled is null")
[ "$LEFT" -gt 0 ] && ok || not_ok "Q3 has visits left"
expect_rc 1 "$SUIJI" draw announce --year 2026 --lines 1,2 --period 2026Q3 --beacon-source "福彩3D 2026-09-30" --date 2026-09-30
expect_err "--reason"
# a re-draw needs an oversight (监督) user's approval of the draw it supersedes
"$SUIJI" user add 纪检组 --role 监督 >/dev/null
expect_rc 0 "$SUIJI" --as 纪检组 draw approve "$FIRST_Q3" --reason 名录更新，同意重新抽取
expect_rc 0 "$SUIJI" draw announce --year 2026 --lines 1,2 --period 2026Q3 --beacon-source "福彩3D 2026-09-30" \
	--date 2026-09-30 --reason "名录更新后重新抽取"
SECOND_Q3=$(sql "select max(id) from draw")
expect_rc 0 "$SUIJI" draw run "$SECOND_Q3" --beacon "7 7 7"
expect_eq "$(sql "select count(*) from task where draw_id = $FIRST_Q3 and state = '待检查' and cancelled is null")" "0" \
	"the first Q3 draw's open visits are cancelled"
expect_eq "$(sql "select count(*) from task where draw_id = $FIRST_Q3 and state = '已公开'")" "3" "its inspected visits stand"

# Q4: a team changed, a task cancelled, results in December reach into 2027
quarter 4 2026-10-01 2026-10-02 2026-11-30 2026-12
mapfile -t W < <(sql "select id from task where draw_id = $DRAW and state = '待检查' and cancelled is null order by id limit 2")
expect_rc 0 "$SUIJI" task cancel "${W[0]}" --reason "企业已关闭，注销手续办理中"
# two city officers not on the visit's team, nor on an earlier team at that object, take it over (recusal)
NEW=$(sql "select group_concat(pid) from (select pid from person_version where kind = '执法' and active = '是'
	and region = '410800' and cert_no <> '' and valid_to is null and removed = 0
	and '、' || (select team from task where id = ${W[1]}) || '、' not like '%、' || pid || '、%'
	and pid not in (select person from conflict_version)
	and not exists (select 1 from task p where p.uscc = (select uscc from task where id = ${W[1]}) and p.id <> ${W[1]}
		and '、' || p.team || '、' like '%、' || pid || '、%') order by pid limit 2)")
expect_rc 0 "$SUIJI" task team "${W[1]}" --team "$NEW" --reason "原检查组成员回避"
at 2026-12-10
SLOT=$(sql "select slot from task where id = ${W[1]}")
expect_rc 0 "$SUIJI" result record "${W[1]}" --result 未发现问题 --date 2026-12-10
expect_out "（暂定）"
expect_rc 0 "$SUIJI" disclosure --due
expect_out "（暂定）"
printf 'date,kind,name\n2027-01-01,休,元旦\n2027-01-02,休,元旦\n2027-01-03,休,元旦\n' >"$T/2027.csv"
expect_rc 0 "$SUIJI" calendar import "$T/2027.csv"
expect_rc 0 "$SUIJI" disclosure --due
expect_no_out "（暂定）"
expect_rc 0 "$SUIJI" agenda --days 30

# the year in figures
expect_rc 0 "$SUIJI" stats --year 2026 --json
DRAWN=$(sql "select count(*) from task where kind = 'random' and cancelled is null and plan_year = 2026")
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["random"]["tasks"], d["units_total"]["random"], d["disclosure"]["published"], d["disclosure"]["late"])' "$T/out")" \
	"$DRAWN $DRAWN 12 0" "stats: drawn, by unit, published, none late"
expect_rc 0 "$SUIJI" stats --year 2026
expect_no_out "重点 0，一般 0，特殊 0"
expect_rc 0 "$SUIJI" publish --out "$T/site"
expect_eq "$(grep -rl "不予配合情节严重" "$T/site" | wc -l)" "0" "不配合检查 published as recorded"
expect_eq "$(grep -l "更正）" "$T/site/object/"*.html | wc -l)" "1" "the corrected result shows its correction"
expect_rc 0 "$SUIJI" audit verify
done_testing
