#!/usr/bin/env bash
# .xlsx directory import (io/xlsx-read.c): export → import of a workbook changes nothing; a workbook
# written by hand (tests/cli/xlsx_gen.py: shared strings with rich-text and phonetic runs, inline
# strings, region codes, ids and an all-digit credit code typed as numbers, an exponent, a date cell,
# skipped cells, an empty row and one of only spaces) imports the expected values; a workbook with one bad row is refused
# whole naming its Excel row; broken and hostile files (not a zip, a missing or unknown sheet, bad XML,
# a DTD with entities, zip bombs honest and lying, a cell past the column cap, too many shared strings,
# a truncated zip, an old .xls) are refused in Chinese naming the file, the database unchanged.
. "$(dirname "$0")/lib.sh"
G=$SUIJI_SRC/tests/cli/xlsx_gen.py
D=$DATA/dir
export SUIJI_NOW=2025-06-01T09:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"

# export as xlsx, import that workbook: nothing changes
for k in items objects people conflicts; do
	expect_rc 0 "$SUIJI" import $k "$D/$k.csv" --date 2025-01-10
done
for k in items objects people conflicts; do
	expect_rc 0 "$SUIJI" export $k --format xlsx -o "$T/$k.xlsx"
	expect_rc 0 "$SUIJI" import $k "$T/$k.xlsx" --date 2025-01-11
	expect_out "新增 0，变更 0"
done
expect_eq "$(sql "SELECT source FROM batch ORDER BY id DESC LIMIT 1")" "conflicts.xlsx" "the workbook named as the source"

# a workbook written by hand: the values as Excel users type them
db2=$T/hand.db
"$SUIJI" --db "$db2" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
python3 "$G" "$T/objects-good.xlsx" objects-good
python3 "$G" "$T/people-good.xlsx" people-good
expect_rc 0 "$SUIJI" --db "$db2" import objects "$T/objects-good.xlsx" --date 2025-01-10
expect_out "新增 2，变更 0"
expect_rc 0 "$SUIJI" --db "$db2" import people "$T/people-good.xlsx" --date 2025-01-10
expect_out "新增 2，变更 0"
"$SUIJI" --db "$db2" export objects -o "$T/o.csv"
row() { grep "^$1," "$T/o.csv" | tr -d '\r' | cut -d, -f"$2"; }
expect_eq "$(row 91410821MA3X5K7B9Q 1-6)" "91410821MA3X5K7B9Q,修武县太行化工有限公司,410821,2614,重点,是" "shared strings, rich runs, numbers"
expect_eq "$(row 91410821MA3X5K7B9Q 16)" "2023-03-15" "a date-formatted cell"
expect_eq "$(row 914108821734567860 1-6)" "914108821734567860,沁阳市恒盛纸业有限公司,410882,2221,一般,否" "numeric credit code, inline strings, exponent, .0"
expect_eq "$(row 914108821734567860 16)" "沁阳市沁北工业集聚区" "an inline string after a skipped column"
"$SUIJI" --db "$db2" export people -o "$T/p.csv"
expect_eq "$(grep '^P0101,' "$T/p.csv" | tr -d '\r' | cut -d, -f1-4,8,9,11)" "P0101,赵文,执法,41080010101,410800,12,是" "people typed as numbers, TRUE"
expect_eq "$(grep '^P0102,' "$T/p.csv" | tr -d '\r' | cut -d, -f1-4,8,9,11)" "P0102,钱丽,执法,41082110102,410821,5,否" "exponent id, 5.0, FALSE"
# told apart by content, not by name; the worksheet by name
cp "$T/objects-good.xlsx" "$T/named-as.csv"
expect_rc 0 "$SUIJI" --db "$db2" import objects "$T/named-as.csv" --dry-run
expect_out "新增 0，变更 0，未变 2"
expect_rc 0 "$SUIJI" --db "$db2" import objects "$T/objects-good.xlsx" --sheet 名录 --dry-run
expect_out "未变 2"
# a CSV export's formula guard kept by Excel is removed as the CSV reader removes it
python3 "$G" "$T/objects-guard.xlsx" objects-guard
expect_rc 0 "$SUIJI" --db "$db2" import objects "$T/objects-guard.xlsx" --date 2025-01-12
expect_out "变更 1"
"$SUIJI" --db "$db2" export objects --format json -o "$T/o.json"
expect_eq "$(python3 -c 'import json,sys; print([o["address"] for o in json.load(open(sys.argv[1])) if o["uscc"] == "914108821734567860"][0])' "$T/o.json")" "=沁阳市沁北工业集聚区" "the guard removed"
# a hidden first sheet is passed over (its relationship is not even there: it is never read)
python3 "$G" "$T/hidden-first.xlsx" hidden-first
expect_rc 0 "$SUIJI" --db "$db2" import objects "$T/hidden-first.xlsx" --dry-run
expect_out "变更 1，未变 1"

# one bad row (Excel row 7; rows 3 and 6 are absent or empty): nothing is written, the row is named
python3 "$G" "$T/objects-bad.xlsx" objects-bad
before=$(sqlite3 "$SUIJI_DB" .dump)
expect_rc 1 "$SUIJI" import objects "$T/objects-bad.xlsx" --date 2025-02-01
expect_err "第7行 行政区划代码"
expect_err "导入失败: $T/objects-bad.xlsx 共有 1 处错误，未写入任何数据"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$before" "a bad row: database unchanged"

# broken and hostile files: each refused in Chinese naming the file, nothing written
refused() { # refused CASE-FILE EXPECTED-TEXT [options…]
	local f=$1 want=$2
	shift 2
	expect_rc 1 "$SUIJI" import objects "$T/$f" --date 2025-02-01 "$@"
	expect_err "$want"
	expect_err "$f”"
	expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$before" "$f: database unchanged"
}
for c in not-zip no-sheet bad-xml dtd bomb bomb-lying wide many-strings; do
	python3 "$G" "$T/$c.xlsx" $c
done
refused not-zip.xlsx "不是 zip 压缩包"
refused no-sheet.xlsx "中缺少工作表“名录”的内容（xl/worksheets/sheet1.xml）"
refused objects-good.xlsx "中没有名为“Sheet1”的工作表（有 “名录”）" --sheet Sheet1
refused bad-xml.xlsx "的 xl/worksheets/sheet1.xml 不是格式正确的 XML（第2行"
refused dtd.xlsx "含有 DTD（<!DOCTYPE>）"
refused bomb.xlsx "解压后的总大小超过上限 2 GiB（可能是 zip 炸弹）"
refused bomb-lying.xlsx "解压后超过其声明的大小（1000 字节）：可能是 zip 炸弹"
refused wide.xlsx "工作表“名录”单元格 AMK2: 超出列数上限（1024 列，至 AMJ 列）"
refused many-strings.xlsx "的共享字符串超过 10000000 个"
head -c 400 "$T/objects-good.xlsx" >"$T/truncated.xlsx"
refused truncated.xlsx "xlsx 文件“truncated.xlsx”是不完整或已损坏的 zip 压缩包"
printf '\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old binary' >"$T/old.xls"
refused old.xls "旧版 Excel（97-2003，.xls）"
expect_rc 1 "$SUIJI" import objects "$D/objects.csv" --sheet 名录
expect_err "是 CSV 文件，没有工作表"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$before" "--sheet on a CSV file: database unchanged"

done_testing
