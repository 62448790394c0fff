#!/usr/bin/env bash
# suiji init: the bureau, its jurisdiction and level; refusals; the first audit entry.
. "$(dirname "$0")/lib.sh"

expect_rc 2 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_err "用法"
expect_rc 2 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level province --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_err "--level"
expect_rc 1 "$SUIJI" init --org 焦作市生态环境局 --region 419999 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_err "不在区划表中"
expect_rc 1 "$SUIJI" init --org 焦作市生态环境局 --region 410821 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_err "不是地市级区划"
expect_rc 1 "$SUIJI" list objects
expect_err "请先运行 suiji init"

expect_rc 0 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_out "焦作市生态环境局"
expect_eq "$(sql "select name, region, level, created_by from org")" "焦作市生态环境局|410800|city|测试员" "org row"
expect_eq "$(sql "select seq, action, subject, actor from audit" | tr '\n' ' ')" "1|init|org|测试员 2|init|unit:1|测试员 3|user add|user:测试员|测试员 " "init's audit entries: the organisation, the top unit, the first administrator"
expect_eq "$(sql "select name, roles, unit_id from users")" "测试员|市局管理员、系统管理员|1" "the first administrator"
expect_eq "$(sql "select name, level, parent is null, regions from unit")" "焦作市生态环境局|city|1|410800" "the top unit"
# the password is stored as argon2id with its parameters, never in clear
expect_eq "$(sql "select substr(password, 1, 30) from users")" '$argon2id$v=19$m=19456,t=2,p=1' "password hash"
expect_eq "$(sql "select count(*) from users where password like '%$ADMIN_PW%'")" "0" "no clear password"
expect_eq "$(sql "PRAGMA journal_mode")" "wal" "journal mode"
expect_rc 1 "$SUIJI" init --org 其他局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_err "已初始化"
# --admin is required; a weak or missing password is refused and nothing is created
expect_rc 2 "$SUIJI" --db "$T/noadmin.db" init --org 焦作市生态环境局 --region 410800 --level city
[ -e "$T/noadmin.db" ] && not_ok "a database was created without an administrator" || ok
expect_rc 1 "$SUIJI" --db "$T/weak.db" init --org 焦作市生态环境局 --region 410800 --level city --admin 张三 <<<"abcdefgh"
expect_err "至少三类"
[ -e "$T/weak.db" ] && not_ok "a database was created with a weak password" || ok
expect_rc 1 "$SUIJI" --db "$T/nopw.db" init --org 焦作市生态环境局 --region 410800 --level city --admin 张三 </dev/null
expect_err "没有读到口令"
# there is no open database: an operator who is not a registered user can do nothing, not even read
expect_rc 1 "$SUIJI" --as 路人 list objects
expect_err "未登记或已停用"
expect_rc 1 "$SUIJI" --as 路人 audit verify
expect_rc 1 "$SUIJI" --as 路人 backup "$T/stolen.db"
[ -e "$T/stolen.db" ] && not_ok "an unregistered operator took a backup" || ok
# a second init --admin on a database that has users is refused
expect_rc 1 "$SUIJI" init --admin 路人 <<<"$ADMIN_PW"
expect_err "已有用户"

# a county bureau in its own database; --db and --as anywhere on the line
expect_rc 0 "$SUIJI" init --db "$T/county.db" --org 修武县分局 --region 410821 --level county --as 李四 --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_eq "$(sqlite3 "$T/county.db" "select level, created_by from org")" "county|李四" "county org"
expect_rc 1 "$SUIJI" --db "$T/county2.db" init --org 修武县分局 --region 410800 --level county --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_err "不是县级区划"

done_testing
