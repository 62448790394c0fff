#!/usr/bin/env bash
# suiji init: the bureau, its jurisdiction and level; refusals; the first audit entry.
. "$(dirname "$0")/lib.sh"

expect_rc 2 "$SUIJI" init --org 焦作市生态环境局 --region 410800
expect_err "用法"
expect_rc 2 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level province
expect_err "--level"
expect_rc 1 "$SUIJI" init --org 焦作市生态环境局 --region 419999 --level city
expect_err "不在区划表中"
expect_rc 1 "$SUIJI" init --org 焦作市生态环境局 --region 410821 --level city
expect_err "不是地市级区划"
expect_rc 1 "$SUIJI" list objects
expect_err "请先运行 suiji init"

expect_rc 0 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city
expect_out "焦作市生态环境局"
expect_eq "$(sql "select name, region, level, created_by from org")" "焦作市生态环境局|410800|city|测试员" "org row"
expect_eq "$(sql "select seq, action, actor from audit")" "1|init|测试员" "first audit entry"
expect_eq "$(sql "PRAGMA journal_mode")" "wal" "journal mode"
expect_rc 1 "$SUIJI" init --org 其他局 --region 410800 --level city
expect_err "已初始化"

# a county bureau in its own database; --db and --as anywhere on the line
expect_rc 0 "$SUIJI" init --db "$T/county.db" --org 修武县分局 --region 410821 --level county --as 李四
expect_eq "$(sqlite3 "$T/county.db" "select level, created_by from org")" "county|李四" "county org"
expect_rc 1 "$SUIJI" --db "$T/county2.db" init --org 修武县分局 --region 410800 --level county
expect_err "不是县级区划"

done_testing
