#!/usr/bin/env bash
# backup and restore: a backup is one self-contained file, checked before it is kept; restore checks
# the backup (an intact suiji database of a version this program knows, whose audit chain verifies)
# before it replaces anything, refuses to overwrite without --force, and says how the chain moved.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" import objects "$D/objects.csv" --date 2025-01-10 >/dev/null
"$SUIJI" import people "$D/people.csv" --date 2025-01-10 >/dev/null
head3=$(sql "select hash from audit where seq = 5")

expect_rc 0 "$SUIJI" backup "$T/b1.db"
expect_out "已备份到 $T/b1.db（审计链共 5 条，链头 $head3）"
[ -e "$T/b1.db-wal" ] && not_ok "backup left a WAL file" || ok
expect_eq "$(sqlite3 "$T/b1.db" "PRAGMA journal_mode")" "delete" "a single self-contained file"
expect_eq "$(ls "$T" | grep -c 'b1.db.tmp')" "0" "no temporary file left"
expect_rc 1 "$SUIJI" backup "$T/b1.db"
expect_err "备份文件 $T/b1.db 已存在；要覆盖它请加 --force"
expect_rc 0 "$SUIJI" backup "$T/b1.db" --force
expect_rc 0 "$SUIJI" --db "$T/b1.db" audit verify
expect_out "核验通过"
expect_rc 1 "$SUIJI" --db "$T/missing.db" backup "$T/b2.db"
expect_err "不存在"
expect_rc 2 "$SUIJI" backup

# later changes, then back to the backup
"$SUIJI" import conflicts "$D/conflicts.csv" --date 2025-02-01 >/dev/null
expect_rc 1 "$SUIJI" restore "$T/b1.db"
expect_err "已存在：恢复会以备份内容整体替换它。确认请加 --force"
expect_eq "$(sql "select count(*) from audit")" "6" "nothing replaced without --force"
expect_rc 0 "$SUIJI" restore "$T/b1.db" --force
expect_out "已从 $T/b1.db 恢复数据库 $SUIJI_DB（审计链共 5 条，链头 $head3）"
expect_out "恢复前的审计链头: 第 6 条"
expect_err "恢复后的审计链比恢复前少 1 条：第 6 至 6 条记录的操作已不在数据库中"
expect_eq "$(sql "select count(*) from conflict_version")" "0" "the later change is gone"
expect_eq "$(sql "select count(*) from object_version")" "6" "the backup's content"
expect_rc 0 "$SUIJI" audit verify
expect_out "审计链: 共 5 条记录"
expect_eq "$(ls "$T" | grep -c 'restore-')" "0" "no working copy left"
# and work goes on: the next import appends entry 6 again
expect_rc 0 "$SUIJI" import conflicts "$D/conflicts.csv" --date 2025-02-01
expect_rc 0 "$SUIJI" audit verify
# into a new database: no --force needed
expect_rc 0 "$SUIJI" --db "$T/new.db" restore "$T/b1.db"
expect_rc 0 "$SUIJI" --db "$T/new.db" audit verify
expect_out "审计链: 共 5 条记录"

# refusals, the database untouched each time
before=$(sqlite3 "$SUIJI_DB" ".sha3sum")
refuse() {
	expect_rc 1 "$SUIJI" restore "$1" --force
	expect_err "$2"
	expect_eq "$(sqlite3 "$SUIJI_DB" ".sha3sum")" "$before" "database untouched by a refused restore"
}
cp "$T/b1.db" "$T/tampered.db"
sqlite3 "$T/tampered.db" "update object_version set name = '改过的名称' where id = 2"
refuse "$T/tampered.db" "未通过审计核验: 第 4 条审计记录"
cp "$T/b1.db" "$T/newer.db"
sqlite3 "$T/newer.db" "PRAGMA user_version = 99"
refuse "$T/newer.db" "数据库版本 99 高于本程序支持的版本"
sqlite3 "$T/other.db" "create table t(x); insert into t values (1);"
refuse "$T/other.db" "不是 suiji 数据库"
echo "这不是数据库" >"$T/text.db"
refuse "$T/text.db" "text.db"
head -c 20000 "$T/b1.db" >"$T/cut.db"
refuse "$T/cut.db" "cut.db"
refuse "$T/nothing.db" "不存在或不可读"
# a database created but never initialised
sqlite3 "$T/uninit.db" "PRAGMA user_version = 5; create table audit(x);"
refuse "$T/uninit.db" "uninit.db"

# a backup of another bureau: restored, with a warning that the key file no longer matches
"$SUIJI" --db "$T/xiuwu.db" init --org 修武县分局 --region 410821 --level county >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" --db "$T/xiuwu.db" backup "$T/xiuwu-backup.db" >/dev/null
expect_rc 0 "$SUIJI" restore "$T/xiuwu-backup.db" --force
expect_err "私钥文件 $SUIJI_DB.key 与恢复后的数据库登记的签名密钥不符"
done_testing
