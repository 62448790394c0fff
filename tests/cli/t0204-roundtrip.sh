#!/usr/bin/env bash
# Export → import is lossless for all four directories; JSON and xlsx exports are well formed.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
for k in items objects people conflicts; do
	expect_rc 0 "$SUIJI" import $k "$D/$k.csv" --date 2025-01-10
done
for k in items objects people conflicts; do
	expect_rc 0 "$SUIJI" export $k -o "$T/$k.csv"
	if head -c3 "$T/$k.csv" | od -An -tx1 | grep -q 'ef bb bf'; then ok; else not_ok "$k export has a BOM"; fi
	# into a fresh database: everything new, then exported again byte for byte
	db="$T/again.db"
	[ -f "$db" ] || "$SUIJI" --db "$db" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
	expect_rc 0 "$SUIJI" --db "$db" import $k "$T/$k.csv" --date 2025-01-10
	"$SUIJI" --db "$db" export $k -o "$T/$k.2.csv" 2>/dev/null
	expect_eq "$(cmp "$T/$k.csv" "$T/$k.2.csv" && echo same)" "same" "$k round trip"
	# and back into the first database: nothing changes
	expect_rc 0 "$SUIJI" import $k "$T/$k.csv" --date 2025-01-11
	expect_out "新增 0，变更 0"
done

expect_rc 0 "$SUIJI" export objects --format json -o "$T/o.json"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[0]["uscc"], sorted(d[0])[0])' "$T/o.json")" "6 91410803675432100E address" "json export"
expect_rc 0 "$SUIJI" export people --format xlsx -o "$T/p.xlsx"
expect_eq "$(python3 -c 'import zipfile,sys; z=zipfile.ZipFile(sys.argv[1]); s=z.read("xl/worksheets/sheet1.xml").decode(); print("王建华" in s and "人员编号" in s)' "$T/p.xlsx")" "True" "xlsx export"
expect_rc 1 "$SUIJI" export people --format xlsx
expect_err "-o"
expect_rc 2 "$SUIJI" export people --format pdf

done_testing
