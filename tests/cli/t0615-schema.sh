#!/usr/bin/env bash
# The database's own structure (issue 12 item 1): a table, index, trigger or view that the schema
# steps do not create, or a changed definition, planted with sqlite3, makes every open refuse the
# database naming each object — "audit verify", every other command, and "restore" of a backup that
# carries one; nothing is written. A database migrated from an older version records the hash of its
# structure in the chain (subject "schema"), and verifies.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
export SUIJI_NOW=2025-01-10T09:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW" >/dev/null
"$SUIJI" import items "$D/items.csv" >/dev/null
"$SUIJI" import objects "$D/objects.csv" --date 2025-01-10 >/dev/null
expect_rc 0 "$SUIJI" audit verify
expect_rc 0 "$SUIJI" backup "$T/good-backup.db"
sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$SUIJI_DB" "$T/good.db"

# plant SQL NAME…: on a fresh copy, plant with sqlite3; verify and another command must refuse naming it
plant() {
	local sql=$1
	shift
	cp "$T/good.db" "$SUIJI_DB"
	rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
	sqlite3 "$SUIJI_DB" "$sql" || not_ok "sqlite3 refused: $sql"
	local before
	before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
	expect_rc 1 "$SUIJI" audit verify
	for want in "$@"; do expect_err "$want"; done
	expect_err "拒绝使用该数据库"
	expect_rc 1 "$SUIJI" list objects
	expect_err "$1"
	expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "nothing written after planting: $sql"
}
plant "CREATE TRIGGER quiet AFTER INSERT ON result BEGIN UPDATE result SET outcome = '未发现问题' WHERE rowid = new.rowid; END" \
	"触发器“quiet”（表 result）" "有 1 个不属于 suiji 的对象"
plant "CREATE VIEW v_objects AS SELECT * FROM object_version" "视图“v_objects”"
plant "CREATE INDEX x_name ON object_version(name)" "索引“x_name”（表 object_version）"
plant "CREATE TABLE notes(x)" "表“notes”"
plant "CREATE TRIGGER a1 AFTER INSERT ON audit BEGIN SELECT 1; END; CREATE VIEW v2 AS SELECT 1" \
	"有 2 个不属于 suiji 的对象" "触发器“a1”（表 audit）" "视图“v2”"
# a protective trigger replaced by one of the same name that lets changes through
plant "DROP TRIGGER audit_no_update; CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit WHEN 0 BEGIN SELECT 1; END" \
	"有 1 个对象的定义被改动：触发器“audit_no_update”（表 audit）"
# removed again, the database is accepted
cp "$T/good.db" "$SUIJI_DB"
rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
sqlite3 "$SUIJI_DB" "CREATE VIEW v AS SELECT 1; DROP VIEW v;"
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"

# restore refuses a backup that carries a planted trigger, and changes nothing
cp "$T/good-backup.db" "$T/bad-backup.db"
sqlite3 "$T/bad-backup.db" "CREATE TRIGGER quiet AFTER INSERT ON result BEGIN UPDATE result SET outcome = '未发现问题'; END"
before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
expect_rc 1 "$SUIJI" restore "$T/bad-backup.db" --force
expect_err "触发器“quiet”（表 result）"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "restore refused, nothing written"
expect_rc 0 "$SUIJI" audit verify

# a database written by an older version: migrated, its new structure is recorded in the chain
export SUIJI_DB=$T/v6.db
sqlite3 "$SUIJI_DB" <"$DATA/draw-v6.sql"
export SUIJI_NOW=2026-01-10T09:00:00+08:00
expect_rc 0 "$SUIJI" init --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_eq "$(sql "select count(*) from audit where subject = 'schema' and action = 'migrate schema' and actor = 'suiji'")" "1" "the migration's schema entry"
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"
# the recorded hash is that of the structure: a table added and its step's entry forged would not match
sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
expect_eq "$(sql "select content_hash from audit where subject = 'schema'")" \
	"$(python3 - "$SUIJI_DB" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
rows = db.execute("select type, name, tbl_name, coalesce(sql, '') from sqlite_schema where name not like 'sqlite\\_%' escape '\\' order by type, name").fetchall()
print(hashlib.sha256("".join("\x1f".join(r[:3]) + "\x1f" + r[3] + "\x1e" for r in rows).encode()).hexdigest())
PY
)" "the schema hash as SECURITY.md defines it"
done_testing
