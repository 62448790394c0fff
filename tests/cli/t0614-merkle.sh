#!/usr/bin/env bash
# The audit chain as a log others can hold the bureau to (issue 12 item 3, docs/SECURITY.md "Merkle
# tree"): "audit head" gives a signed tree head (size, last hash, Merkle root, time) and refuses
# without the key; "audit verify --head FILE --key PEM" checks a head against a key from outside the
# database and refuses unsigned heads and heads signed by another key; "audit prove" gives inclusion
# and consistency proofs that tools/audit_proof.py (Python standard library) checks independently;
# a tampered proof is refused, and a consistency proof across a rewritten tail fails; "publish"
# puts every signed head on the site and never drops one.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
P="python3 $SUIJI_SRC/tools/audit_proof.py"
export SUIJI_NOW=2025-01-10T09:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW" >/dev/null
"$SUIJI" key export -o "$T/pub.pem" >/dev/null
"$SUIJI" import items "$D/items.csv" >/dev/null
"$SUIJI" import objects "$D/objects.csv" --date 2025-01-10 >/dev/null
expect_rc 0 "$SUIJI" audit head --json -o "$T/h1.json"
expect_out "已签名"
N1=$(sql "select max(seq) from audit")
expect_eq "$(python3 -c 'import json,sys; h=json.load(open(sys.argv[1])); print(h["protocol"], h["seq"], len(h["root"]), h["time"])' "$T/h1.json")" \
	"suiji-audit-head-v2 $N1 64 2025-01-10T09:00:00+08:00" "head v2 fields"
export SUIJI_NOW=2025-02-10T09:00:00+08:00
"$SUIJI" import people "$D/people.csv" --date 2025-02-10 >/dev/null
"$SUIJI" import conflicts "$D/conflicts.csv" --date 2025-02-10 >/dev/null 2>&1 || true
"$SUIJI" user add 李四 --role 监督 >/dev/null
expect_rc 0 "$SUIJI" audit head --json -o "$T/h2.json"
N2=$(sql "select max(seq) from audit")
[ "$N2" -gt "$N1" ] && ok || not_ok "the chain grew ($N1 -> $N2)"
expect_rc 0 "$SUIJI" audit head
expect_out "默克尔树根: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["root"])' "$T/h2.json")"
expect_out "公钥指纹: "

# verify against a key from outside the database
expect_rc 0 "$SUIJI" audit verify --head "$T/h2.json" --key "$T/pub.pem"
expect_out "默克尔树根相符"
expect_out "核验通过"
expect_rc 0 "$SUIJI" audit verify --head "$T/h1.json" --key "$T/pub.pem"
expect_rc 0 "$SUIJI" audit verify --head "$T/h2.json"
expect_err "未给 --key"
# another bureau's key: its head, and our head against its key, are refused
"$SUIJI" --db "$T/other.db" init --org 新乡市生态环境局 --region 410700 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW" >/dev/null
"$SUIJI" --db "$T/other.db" key export -o "$T/other.pem" >/dev/null
"$SUIJI" --db "$T/other.db" audit head --json -o "$T/other-head.json" >/dev/null
expect_rc 1 "$SUIJI" audit verify --head "$T/h2.json" --key "$T/other.pem"
expect_err "不是所给公钥"
expect_rc 1 "$SUIJI" audit verify --head "$T/other-head.json" --key "$T/pub.pem"
expect_err "不是所给公钥"
expect_rc 1 "$SUIJI" audit verify --head "$T/other-head.json"
expect_err "不是本数据库登记的本单位密钥"
# an unsigned head, a head with a changed root: refused
python3 - "$T/h2.json" "$T/unsigned.json" "$T/badroot.json" <<'PY'
import json, sys
h = json.load(open(sys.argv[1], encoding="utf-8"))
u = dict(h); del u["signature"]
json.dump(u, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
b = dict(h); b["root"] = "0" * 64
json.dump(b, open(sys.argv[3], "w", encoding="utf-8"), ensure_ascii=False)
PY
expect_rc 1 "$SUIJI" audit verify --head "$T/unsigned.json" --key "$T/pub.pem"
expect_err "没有签名"
expect_rc 1 "$SUIJI" audit verify --head "$T/badroot.json" --key "$T/pub.pem"
expect_err "签名无效"
expect_rc 1 $P --key "$T/pub.pem" --head "$T/unsigned.json"
expect_err "没有签名"
expect_rc 1 $P --key "$T/other.pem" --head "$T/h2.json"
expect_err "不是所给公钥"
expect_rc 0 $P --key "$T/pub.pem" --head "$T/h2.json"

# no unsigned heads: without the key file "audit head" fails and writes nothing
mv "$SUIJI_DB.key" "$T/away.key"
expect_rc 1 "$SUIJI" audit head --json -o "$T/nokey.json"
[ -e "$T/nokey.json" ] && not_ok "a head was written without a key" || ok
expect_rc 1 "$SUIJI" audit head
mv "$T/away.key" "$SUIJI_DB.key"

# inclusion proofs of every entry in both heads, checked by the Python tool
bad=0
for i in $(seq 1 "$N2"); do
	"$SUIJI" audit prove --entry "$i" --head "$T/h2.json" --key "$T/pub.pem" -o "$T/p$i.json" >/dev/null 2>&1 || bad=$((bad + 1))
	$P --key "$T/pub.pem" --head "$T/h2.json" --proof "$T/p$i.json" >/dev/null 2>&1 || bad=$((bad + 1))
	if [ "$i" -le "$N1" ]; then
		"$SUIJI" audit prove --entry "$i" --head "$T/h1.json" >"$T/q$i.json" 2>/dev/null || bad=$((bad + 1))
		$P --key "$T/pub.pem" --head "$T/h1.json" --proof "$T/q$i.json" >/dev/null 2>&1 || bad=$((bad + 1))
		# a proof for the smaller tree does not pass against the larger head
		$P --key "$T/pub.pem" --head "$T/h2.json" --proof "$T/q$i.json" >/dev/null 2>&1 && bad=$((bad + 1))
	fi
done
expect_eq "$bad" "0" "inclusion proofs of all $N2 entries verified by tools/audit_proof.py"
expect_rc 0 $P --key "$T/pub.pem" --head "$T/h2.json" --proof "$T/p2.json"
expect_out "第 2 条审计记录"
expect_out "核验通过"
# the current chain without --head
expect_rc 0 "$SUIJI" audit prove --entry 1
expect_out '"type":"inclusion"'
expect_rc 1 "$SUIJI" audit prove --entry $((N2 + 5)) --head "$T/h2.json"
expect_err "没有第 $((N2 + 5)) 条审计记录"
# tampered proofs: a path hash, the entry's actor, the entry with its hash recomputed, the index
python3 - "$T/p2.json" "$T" <<'PY'
import hashlib, json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
def w(name, v):
    json.dump(v, open(sys.argv[2] + "/" + name, "w", encoding="utf-8"), ensure_ascii=False)
a = json.loads(json.dumps(p)); a["path"][0] = ("f" if a["path"][0][0] != "f" else "e") + a["path"][0][1:]; w("t-path.json", a)
b = json.loads(json.dumps(p)); b["entry"]["actor"] = "伪造者"; w("t-actor.json", b)
c = json.loads(json.dumps(p)); e = c["entry"]; e["actor"] = "伪造者"
e["hash"] = hashlib.sha256("\n".join([e["prev_hash"], str(e["seq"]), e["at"], e["actor"], e["action"], e["subject"], e["content_hash"]]).encode()).hexdigest()
w("t-rehash.json", c)
d = json.loads(json.dumps(p)); d["leaf_index"] = 2; w("t-index.json", d)
PY
expect_rc 1 $P --key "$T/pub.pem" --head "$T/h2.json" --proof "$T/t-path.json"
expect_err "包含证明无效"
expect_rc 1 $P --key "$T/pub.pem" --head "$T/h2.json" --proof "$T/t-actor.json"
expect_err "哈希与其内容不符"
expect_rc 1 $P --key "$T/pub.pem" --head "$T/h2.json" --proof "$T/t-rehash.json"
expect_err "包含证明无效"
expect_rc 1 $P --key "$T/pub.pem" --head "$T/h2.json" --proof "$T/t-index.json"

# consistency: h1 -> h2, and every size -> h2
expect_rc 0 "$SUIJI" audit prove --from "$T/h1.json" --to "$T/h2.json" -o "$T/c12.json"
expect_rc 0 $P --key "$T/pub.pem" --from "$T/h1.json" --to "$T/h2.json" --proof "$T/c12.json"
expect_out "前 $N1 条审计记录在两个链头之间没有改动"
expect_rc 0 "$SUIJI" audit prove --from "$T/h2.json" --to "$T/h2.json" -o "$T/c22.json"
expect_rc 0 $P --key "$T/pub.pem" --from "$T/h2.json" --to "$T/h2.json" --proof "$T/c22.json"
python3 - "$T/c12.json" "$T/t-c.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
p["path"][-1] = "0" * 64
json.dump(p, open(sys.argv[2], "w", encoding="utf-8"))
PY
expect_rc 1 $P --key "$T/pub.pem" --from "$T/h1.json" --to "$T/h2.json" --proof "$T/t-c.json"
expect_err "一致性证明无效"
expect_rc 1 $P --key "$T/pub.pem" --from "$T/h2.json" --to "$T/h1.json" --proof "$T/c12.json"

# publish: the site carries the signed head; a second publish keeps the first head
expect_rc 0 "$SUIJI" publish --out "$T/site"
R2=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["root"][:16])' "$T/h2.json")
[ -f "$T/site/heads/$N2-$R2.json" ] && ok || not_ok "heads/$N2-$R2.json on the site: $(ls "$T/site/heads")"
expect_rc 0 $P --key "$T/pub.pem" --head "$T/site/heads/latest.json"
cp "$T/site/heads/latest.json" "$T/pub-h2.json"
export SUIJI_NOW=2025-03-10T09:00:00+08:00
"$SUIJI" user add 王五 --role 监督 >/dev/null
expect_rc 0 "$SUIJI" publish --out "$T/site"
expect_eq "$(ls "$T/site/heads" | grep -cE '^([0-9]+-[0-9a-f]{16}|latest)\.json$')" "3" "two published heads and latest.json"
# with the consistency proof between them and the page listing them (t0620 checks them)
expect_eq "$(ls "$T/site/heads" | grep -cE '^consistency-[0-9]+-[0-9a-f]{16}-[0-9]+-[0-9a-f]{16}\.json$')" "1" "the consistency proof between them"
cmp -s "$T/site/heads/$N2-$R2.json" "$T/pub-h2.json" && ok || not_ok "the first published head was kept as it was"
expect_rc 0 "$SUIJI" audit prove --from "$T/site/heads/$N2-$R2.json" --to "$T/site/heads/latest.json" -o "$T/c-site.json"
expect_rc 0 $P --key "$T/pub.pem" --from "$T/site/heads/$N2-$R2.json" --to "$T/site/heads/latest.json" --proof "$T/c-site.json"
# publishing without the key publishes no head, and keeps every earlier one
mv "$SUIJI_DB.key" "$T/away.key"
expect_rc 0 "$SUIJI" publish --out "$T/site"
expect_err "本次未公开审计链头"
expect_eq "$(ls "$T/site/heads" | grep -cE '^([0-9]+-[0-9a-f]{16}|latest|consistency-.*)\.json$')" "4" "the heads stay without a key"
mv "$T/away.key" "$SUIJI_DB.key"

# a rewritten tail: entry N2 (the last of h2) gets another actor, every later hash recomputed, a new
# entry appended, a new head signed. The chain verifies in itself; h2 no longer matches; a
# consistency proof from h2 to the new head cannot exist, the one suiji gives for the size fails.
sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
python3 - "$SUIJI_DB" "$N2" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
n = int(sys.argv[2])
db.executescript("drop trigger audit_no_update;")
rows = db.execute("select seq, at, actor, action, subject, content_hash from audit order by seq").fetchall()
prev = ""
for seq, at, actor, action, subject, content in rows:
    if seq == n:
        actor = "伪造者"
    h = hashlib.sha256(f"{prev}\n{seq}\n{at}\n{actor}\n{action}\n{subject}\n{content}".encode()).hexdigest()
    db.execute("update audit set actor = ?, prev_hash = ?, hash = ? where seq = ?", (actor, prev, h, seq))
    prev = h
db.commit()
PY
export SUIJI_NOW=2025-04-10T09:00:00+08:00
"$SUIJI" user add 赵六 --role 监督 >/dev/null
expect_rc 0 "$SUIJI" audit verify
expect_rc 0 "$SUIJI" audit head --json -o "$T/h3.json"
expect_rc 1 "$SUIJI" audit verify --head "$T/h2.json" --key "$T/pub.pem"
expect_err "审计链在此之前被改写"
expect_rc 1 "$SUIJI" audit prove --from "$T/h2.json" --to "$T/h3.json"
expect_err "审计链在该链头之后被改写"
expect_rc 0 "$SUIJI" audit prove --from "$N2" --to "$T/h3.json" -o "$T/c23.json"
expect_rc 1 $P --key "$T/pub.pem" --from "$T/h2.json" --to "$T/h3.json" --proof "$T/c23.json"
expect_err "一致性证明无效"
expect_rc 1 "$SUIJI" audit prove --entry "$N2" --head "$T/h2.json"
expect_err "被改写"
# the part before the rewrite still proves consistent: h1 -> h3
expect_rc 0 "$SUIJI" audit prove --from "$T/h1.json" --to "$T/h3.json" -o "$T/c13.json"
expect_rc 0 $P --key "$T/pub.pem" --from "$T/h1.json" --to "$T/h3.json" --proof "$T/c13.json"

# usage
expect_rc 2 "$SUIJI" audit prove
expect_rc 2 "$SUIJI" audit prove --entry 1 --from 1 --to "$T/h3.json"
expect_rc 2 "$SUIJI" audit verify --key "$T/pub.pem"
expect_rc 2 $P --key "$T/pub.pem"
done_testing
