#!/usr/bin/env bash
# Time only moves forward (issue 12 item 2): the SUIJI_NOW override exists only in a test build
# (`suiji --version` says which); a Release build ignores it. The audit chain refuses an entry dated
# before the previous one, with a Chinese message, writing nothing.
. "$(dirname "$0")/lib.sh"
expect_rc 0 "$SUIJI" --version
if grep -qF "测试时钟（SUIJI_NOW）: 未启用" "$T/out"; then
	# a Release build: SUIJI_NOW is ignored, with a warning; the record carries the real date
	SUIJI_NOW=2001-01-01T09:00:00+08:00 expect_rc 0 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
	expect_err "忽略 SUIJI_NOW"
	expect_eq "$(sql "select substr(at, 1, 4) from audit where seq = 1")" "$(TZ=Asia/Shanghai date +%Y)" "real time recorded"
	done_testing
fi
expect_out "测试时钟（SUIJI_NOW）: 启用（测试构建）"
export SUIJI_NOW=2027-03-01T09:00:00+08:00
expect_rc 0 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_eq "$(sql "select at from audit where seq = 1")" "2027-03-01T09:00:00+08:00" "the test clock is honoured"
before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
head=$(sql "select max(seq) from audit")
# an entry dated 2001 after one dated 2027: refused, nothing written
export SUIJI_NOW=2001-01-01T09:00:00+08:00
expect_rc 1 "$SUIJI" import items "$DATA/dir/items.csv" --date 2001-01-01
expect_err "时间 2001-01-01T09:00:00+08:00 早于上一条审计记录（第 $head 条，2027-03-01T09:00:00+08:00）：审计链的时间只能向前"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "nothing written"
# one second earlier is earlier too; the same second is not
export SUIJI_NOW=2027-03-01T08:59:59+08:00
expect_rc 1 "$SUIJI" user add 王科长 --role 管理员
expect_err "审计链的时间只能向前"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "nothing written"
export SUIJI_NOW=2027-03-01T09:00:00+08:00
expect_rc 0 "$SUIJI" import items "$DATA/dir/items.csv" --date 2027-03-01
expect_rc 0 "$SUIJI" audit verify
done_testing
