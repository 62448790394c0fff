#!/usr/bin/env bash
# Importing the object directory: counts, canonical values, aliases and column order, unknown
# columns, dry runs, every kind of bad row reported with its line, and nothing written on failure.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"

# every bad row, each on its own line with line number, column and reason; exit 1; nothing stored
expect_rc 1 "$SUIJI" import objects "$D/objects-bad.csv"
expect_err "第2行 统一社会信用代码: 校验位错误"
expect_err "第3行 统一社会信用代码: 长度应为18位"
expect_err "第4行 统一社会信用代码: 第10位含有非法字符“I”"
expect_err "第5行 行政区划代码: 410100（郑州市）不在本单位辖区"
expect_err "第6行 行政区划代码: 410800（焦作市）不是县级区划"
expect_err "第7行 行业代码: 应为4位行业小类代码"
expect_err "第8行 监管类别: “较重”不是允许的值"
expect_err "第9行 市管: 应为“是”或“否”"
expect_err "第10行 污染物类型: “臭气”不是允许的值"
expect_err "第12行 统一社会信用代码: 与第11行重复"
expect_err "第13行 单位名称: 含有控制字符"
expect_err "第14行 单位名称: 过长"
expect_err "第15行 单位名称: 必填项为空"
expect_err "第16行 市管: 市管重点排污单位的监管类别应为“重点”"
expect_err "第17行: 有3个字段，表头有16列"
expect_err "第18行 单位名称: 含有控制字符"
expect_err "共有 16 处错误，未写入任何数据"
expect_eq "$(grep -c '^第' "$T/err")" "16" "one line per bad cell"
expect_eq "$(sql "select count(*) from object_version")" "0" "nothing written"
expect_eq "$(sql "select count(*) from batch")" "0" "no batch kept"
expect_eq "$(sql "select count(*) from sqlite_master where name = 'object_version_current'")" "1" "index restored"

# dry run: validated and counted, not stored
expect_rc 0 "$SUIJI" import objects "$D/objects.csv" --dry-run
expect_out "试运行（未写入）检查对象名录: 新增 6"
expect_eq "$(sql "select count(*) from object_version")" "0" "dry run stores nothing"

expect_rc 0 "$SUIJI" import objects "$D/objects.csv" --date 2025-01-10
expect_out "新增 6，变更 0，未变 0，注销 0"
# canonical values: lists joined by 、, defaults filled, quotes and commas kept
expect_eq "$(sql "select pollutants, monitoring from object_version where uscc = '91410821MA3X5K7B9Q'")" "废水、废气、危险废物|在线监控" "list canonical"
expect_eq "$(sql "select name, address from object_version where uscc = '914108821734567860'")" '沁阳市"恒盛",纸业有限公司|沁阳市沁北工业集聚区, 纸业路1号' "quotes and commas"
expect_eq "$(sql "select status, entity_type, city_managed from object_version where uscc = '91410883MA44PQ1D8L'")" "停产|企业|否" "values"
expect_eq "$(sql "select actor, effective, source from batch")" "测试员|2025-01-10|objects.csv" "batch records who, when, what"

# English aliases, another column order, an unknown column: reported, not fatal; same content is unchanged
expect_rc 0 "$SUIJI" import objects "$D/objects-alias.csv" --date 2025-01-11
expect_err "未知列“备注”"
expect_out "新增 0，变更 0，未变 2"

# list with filters
expect_rc 0 "$SUIJI" list objects --class 重点
expect_out "共 3 条"
expect_rc 0 "$SUIJI" list objects --tag 市管
expect_out "共 2 条"
expect_rc 0 "$SUIJI" list objects --region 410882
expect_out "恒盛"
expect_out "共 1 条"
expect_rc 0 "$SUIJI" list objects --tag 正面清单
expect_out "温县张记汽车维修店"
expect_rc 0 "$SUIJI" list objects --tag 危险废物 --limit 1
expect_out "显示前 1 条"

# a key listed twice in a re-import (the directory has rows: the keys seen are tracked per import): an
# unchanged row repeated, and a changed row repeated, each named with its first line; nothing written
versions=$(sql "select count(*) from object_version")
{ cat "$D/objects.csv"; sed -n 2p "$D/objects.csv"; sed -n 3p "$D/objects.csv" | sed 's/纸业有限公司/纸业股份有限公司/'; } >"$T/twice.csv"
sed -i '3s/纸业有限公司/纸业股份有限公司/' "$T/twice.csv"
expect_rc 1 "$SUIJI" import objects "$T/twice.csv" --date 2025-03-01
expect_err "第8行 统一社会信用代码: 与第2行重复"
expect_err "第9行 统一社会信用代码: 与第3行重复"
expect_eq "$(sql "select count(*) from object_version")" "$versions" "nothing written"
# the same file without the repeats: one change, the rest unchanged
head -7 "$T/twice.csv" >"$T/once.csv"
expect_rc 0 "$SUIJI" import objects "$T/once.csv" --date 2025-03-01
expect_out "新增 0，变更 1，未变 5，注销 0"

# usage errors exit 2
expect_rc 2 "$SUIJI" import objects
expect_rc 2 "$SUIJI" import things "$D/objects.csv"
expect_rc 1 "$SUIJI" import objects "$T/missing.csv"
expect_err "missing.csv"
expect_rc 1 "$SUIJI" import objects "$D/objects.csv" --date 2025-02-30
expect_err "--date"

done_testing
