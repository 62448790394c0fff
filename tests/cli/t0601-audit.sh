#!/usr/bin/env bash
# The audit chain: "audit verify" passes on what suiji wrote, and catches every kind of change made
# behind its back with sqlite3 — an edited row, a closed or reopened version, a deleted or inserted
# row, an edited batch, organisation or key, an edited, deleted or rewritten entry — naming the first
# broken entry or row; "audit head" signs the head, "--head" catches a chain rewritten after it.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW" >/dev/null

expect_rc 0 "$SUIJI" audit verify
expect_out "审计链: 共 3 条记录"
expect_out "核验通过"

"$SUIJI" import objects "$D/objects.csv" --date 2025-01-10 >/dev/null
# a second batch: one object renamed, one no longer listed (--full)
python3 - "$D/objects.csv" "$T/q2.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
rows[1][1] = "修武县太行化工股份有限公司"
del rows[3]
csv.writer(open(sys.argv[2], "w", newline="", encoding="utf-8")).writerows(rows)
PY
"$SUIJI" import objects "$T/q2.csv" --date 2025-02-10 --full >/dev/null
"$SUIJI" import people "$D/people.csv" --date 2025-01-10 >/dev/null
expect_rc 0 "$SUIJI" audit verify
expect_out "审计链: 共 6 条记录"
expect_out "已核对 6 个对象"

expect_rc 0 "$SUIJI" audit log
expect_out "import objects"
expect_out "batch:2"
expect_rc 0 "$SUIJI" audit head
expect_out "序号: 6"
expect_out "签名: "
expect_rc 0 "$SUIJI" audit head --json -o "$T/head.json"
HEAD4="6:$(sql "select hash from audit where seq = 6")"
expect_rc 0 "$SUIJI" audit verify --head "$T/head.json"
expect_out "链头文件签名有效"
expect_out "所给链头（第 6 条，默克尔树根相符）仍在链中"
expect_rc 0 "$SUIJI" audit verify --head "$HEAD4"

sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$SUIJI_DB" "$T/good.db"
# tamper SQL EXPECTED-MESSAGE: on a fresh copy, change the database directly; verify must fail naming it
tamper() {
	cp "$T/good.db" "$SUIJI_DB"
	rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
	sqlite3 "$SUIJI_DB" "$1" || not_ok "sqlite3 refused: $1"
	expect_rc 1 "$SUIJI" audit verify
	expect_out "审计核验未通过"
	expect_err "$2"
}
# rows
tamper "update object_version set name = name || '（改）' where uscc = '91410883MA44PQ1D8L' and valid_to is not null" \
	"第 4 条审计记录（"
expect_err "检查对象名录中键为 91410883MA44PQ1D8L 的记录（版本号 3，导入文件第 4 行）的内容已被改动"
tamper "update object_version set class = '一般' where id = 7" "导入批次 batch:2 的内容已被改动：检查对象名录中键为 91410821MA3X5K7B9Q 的记录（版本号 7，导入文件第 2 行）的内容已被改动"
tamper "update object_version set removed = 0 where removed = 1" "键为 91410883MA44PQ1D8L 的记录（版本号 8）的内容已被改动"
tamper "update person_version set expertise = '辐射' where id = 1" "检查人员名录中键为"
tamper "delete from object_version where id = 4" "检查对象名录中版本号 4 至 4 的记录已被删除"
tamper "insert into object_version(valid_from, batch_id, change, uscc, name, region, industry, class) values ('2025-01-10', 1, 'new', '91410800MA44PQ1D8X', '插入', '410821', '2511', '一般')" \
	"检查对象名录中键为 91410800MA44PQ1D8X 的记录（版本号 9）不是该批次写入的"
tamper "insert into object_version(valid_from, batch_id, change, uscc, name, region, industry, class) values ('2025-01-10', 99, 'new', '91410800MA44PQ1D8X', '插入', '410821', '2511', '一般')" \
	"属于不存在的导入批次 99"
# valid_to, which a later batch sets, is derived from the next version
tamper "update object_version set valid_to = '2025-03-01' where id = 1" "的失效日期为“2025-03-01”，应为“2025-02-10”（下一版本的生效日期）"
tamper "update object_version set valid_to = '2025-03-01' where id = 2" "的失效日期为“2025-03-01”，应为空（当前版本）"
# the batch row, the organisation, the key, an override
tamper "update batch set actor = '别人' where id = 1" "批次信息（操作人、时间、来源文件、生效日期、计数）"
tamper "update batch set effective = '2024-01-01' where id = 2" "导入批次 batch:2 的内容已被改动"
tamper "update batch set added = 7 where id = 1" "该批次记录写入 7 条，现有 6 条"
tamper "insert into batch(at, actor, command, effective) values ('2025-01-01', '某人', 'import objects', '2025-01-01')" \
	"第 4 号导入批次（2025-01-01 某人 import objects）没有审计记录"
tamper "update org set name = '别的局'" "第 1 条审计记录（"
expect_err "本单位信息及签名密钥 org 的内容已被改动"
tamper "insert into signing_key(alg, public_key, created_at, created_by) values ('Ed25519', '$(printf '%064d' 0)', 'x', 'y')" \
	"本单位信息及签名密钥 org 的内容已被改动"
tamper "insert into uscc_override(uscc, reason, actor, at, batch_id) values ('91410800MA44PQ1D8X', '无', 'x', 'y', 1)" \
	"导入批次 batch:1 的内容已被改动"
tamper "insert into uscc_override(uscc, reason, actor, at) values ('91410800MA44PQ1D8X', '无', 'x', 'y')" \
	"信用代码例外 91410800MA44PQ1D8X 不属于任何导入批次"
# rows of the later layers slipped in with sqlite3: no entry names them
tamper "insert into users(name, roles, created_at, created_by, updated_at, updated_by) values ('黑客', '市局管理员', 'x', 'x', 'x', 'x')" \
	"用户 黑客 没有审计记录"
tamper "insert into setting(key, value, at, actor) values ('team_size', '1', 'x', 'y')" "设置项 team_size 没有审计记录"
tamper "insert into task(kind, uscc, items, mode, trigger, created_at, created_by) values ('targeted', '91410821MA3X5K7B9Q', 'JZ-001', '现场', '信访投诉举报', 'x', 'y')" \
	"检查任务 1 没有审计记录"
# the chain itself: the triggers refuse, and once dropped the hashes tell
cp "$T/good.db" "$SUIJI_DB"
rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
if sqlite3 "$SUIJI_DB" "update audit set actor = 'x' where seq = 2" 2>/dev/null; then not_ok "trigger lets audit be updated"; else ok; fi
if sqlite3 "$SUIJI_DB" "delete from audit where seq = 6" 2>/dev/null; then not_ok "trigger lets audit be deleted"; else ok; fi
tamper "drop trigger audit_no_update; update audit set actor = '别人' where seq = 2" \
	"第 2 条审计记录（2"
expect_err "已被改动：按其内容算出的哈希与记下的哈希不符"
tamper "drop trigger audit_no_delete; delete from audit where seq = 2" "第 2 条审计记录缺失（第 1 条之后是第 3 条）"
tamper "drop trigger audit_no_delete; delete from audit where seq = 6" "没有审计记录"
tamper "drop trigger audit_no_update; update audit set prev_hash = '' where seq = 3" "第 3 条审计记录（"
# a rewritten chain, consistent in itself, is caught only by a head published before: --head
cp "$T/good.db" "$SUIJI_DB"
rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
python3 - "$SUIJI_DB" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("drop trigger audit_no_update; drop trigger audit_no_delete; delete from audit where seq >= 2;")
db.commit()
PY
# after deleting entries 2..6, re-append forged ones: simplest forgery, the batches lose their entries
expect_rc 1 "$SUIJI" audit verify --head "$HEAD4"
expect_err "没有审计记录"
cp "$T/good.db" "$SUIJI_DB"
rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
python3 - "$SUIJI_DB" <<'PY'
# a forger who knows the formats: changes the actor of entry 2 and recomputes every later hash
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("drop trigger audit_no_update;")
rows = db.execute("select seq, at, actor, action, subject, content_hash from audit order by seq").fetchall()
prev = ""
for seq, at, actor, action, subject, content in rows:
    if seq == 2:
        actor = "伪造者"
    h = hashlib.sha256(f"{prev}\n{seq}\n{at}\n{actor}\n{action}\n{subject}\n{content}".encode()).hexdigest()
    db.execute("update audit set actor = ?, prev_hash = ?, hash = ? where seq = ?", (actor, prev, h, seq))
    prev = h
db.commit()
PY
expect_rc 0 "$SUIJI" audit verify
expect_rc 1 "$SUIJI" audit verify --head "$HEAD4"
expect_err "第 6 条审计记录的哈希与所给链头不符：审计链在此之前被改写"
expect_rc 1 "$SUIJI" audit verify --head "$T/head.json"
expect_err "所给链头不符"
# a head that was never signed by the bureau, or a forged one
python3 - "$T/head.json" "$T/forged.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))
h["seq"] = 3
json.dump(h, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
expect_rc 1 "$SUIJI" audit verify --head "$T/forged.json"
expect_err "签名无效"
# a chain shorter than the head: an old backup restored
cp "$T/good.db" "$SUIJI_DB"
rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
expect_rc 1 "$SUIJI" audit verify --head "9:$(printf '%064d' 0)"
expect_err "审计链只有 6 条，少于所给链头的第 9 条"

# usage
expect_rc 2 "$SUIJI" audit
expect_rc 2 "$SUIJI" audit frobnicate
expect_rc 1 "$SUIJI" audit verify --head "$T/missing.json"
# an actor with a line feed cannot enter the chain (the hashed text would be ambiguous)
expect_rc 1 "$SUIJI" --as "$(printf '张\n三')" import items "$D/items.csv"
expect_err "操作人含有控制字符"
done_testing
