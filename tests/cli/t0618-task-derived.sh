#!/usr/bin/env bash
# A task's derived columns (issue 12 item 1, docs/SECURITY.md): its state follows from its result and
# its disclosure decision, its "cancelled" from an entry that cancelled it or voided its draw. Edited
# with sqlite3 — a task hidden from disclosure --due as 不予公开 with no decision on record, a task
# voided or revived behind suiji's back — each is caught by audit verify, naming the task.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
export SUIJI_NOW=2024-12-01T08:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
for k in items objects people conflicts; do "$SUIJI" import $k "$D/$k.csv" --date 2025-01-10 >/dev/null; done
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan new --year 2025 >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan line add --year 2025 --name 市管重点排污单位季度检查 --items JZ-001 \
	--class 重点 --city-managed 是 --each >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan line add --year 2025 --name 非市管重点排污单位抽查 --items JZ-001,JZ-002 \
	--class 重点 --city-managed 否 --ratio 5 >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null
export SUIJI_NOW=2025-06-27T09:00:00+08:00
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
"$SUIJI" draw announce --year 2025 --lines 1,2 --period 2025Q3 --beacon-source "福彩3D 2025-06-30 开奖号码" --experts 1 >/dev/null
export SUIJI_NOW=2025-07-01T09:00:00+08:00
expect_rc 0 "$SUIJI" draw run 1 --beacon "3 1 4"
HS=$(sql "select id from task where draw_id = 1 and uscc = '914108821734567860'")
XW=$(sql "select id from task where draw_id = 1 and uscc = '91410821MA3X5K7B9Q'")
BA=$(sql "select id from task where draw_id = 1 and uscc = '91410822MA3KRWN79A'")
export SUIJI_NOW=2025-09-22T09:00:00+08:00
expect_rc 0 "$SUIJI" --as 李红梅 result record "$HS" --result 未发现问题 --date 2025-09-20
expect_rc 0 "$SUIJI" task cancel "$XW" --reason 企业已关闭
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"
sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$SUIJI_DB" "$T/good.db"
tamper() {
	cp "$T/good.db" "$SUIJI_DB"
	rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
	sqlite3 "$SUIJI_DB" "$1" || not_ok "sqlite3 refused: $1"
	expect_rc 1 "$SUIJI" audit verify
	expect_out "审计核验未通过"
	expect_err "$2"
}
tamper "update task set state = '不予公开' where id = $HS" "检查任务 $HS 的状态“不予公开”与其检查结果和公开决定不符（应为“已检查”）"
tamper "update task set state = '已公开' where id = $HS" "检查任务 $HS 的状态“已公开”"
tamper "update task set state = '已检查' where id = $BA" "检查任务 $BA 的状态“已检查”与其检查结果和公开决定不符（应为“待检查”）"
tamper "update task set cancelled = '重复' where id = $BA" "检查任务 $BA 标为已作废（重复），却没有作废它的审计记录"
tamper "update task set cancelled = null where id = $XW" "检查任务 $XW 已被作废（有作废记录），却标为未作废"
done_testing
