#!/usr/bin/env bash
# Audit proofs of the public record (issue 12 item 3, docs/SECURITY.md "公开记录的审计证明"): every
# published result and every draw carries inclusion proofs of the audit entries that record it
# (op/public-proof.h: the newest "publish:N" entry of a result, every "draw …" entry of a draw), which
# tools/audit_proof.py (Python standard library, sharing no code with suiji) checks against a signed
# head; a withheld result has none. "publish" puts them on the site, linked from each record's page,
# against the head published with it, with the consistency proof between successive heads; a rewritten
# audit entry no longer verifies against the published head.
. "$(dirname "$0")/lib.sh"
P="python3 $SUIJI_SRC/tools/audit_proof.py"
D=$DATA/dir
export SUIJI_NOW=2024-12-01T08:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW" >/dev/null
"$SUIJI" key export -o "$T/pub.pem" >/dev/null
"$SUIJI" import items "$D/items.csv" --date 2025-01-02 >/dev/null
"$SUIJI" import people "$D/people.csv" --date 2025-01-02 >/dev/null
"$SUIJI" import objects "$D/objects.csv" --date 2025-01-02 >/dev/null
"$SUIJI" plan new --year 2025 --date 2025-01-02 >/dev/null
"$SUIJI" plan line add --year 2025 --name 一般单位抽查 --items JZ-001 --ratio 50 --class 一般,特殊 >/dev/null
"$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null
export SUIJI_NOW=2025-01-05T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source "福彩3D 2025-01-06 开奖号码" --date 2025-01-05
export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 1 --beacon "5 2 8"
# three targeted inspections: two results published, one withheld
export SUIJI_NOW=2025-09-01T09:00:00+08:00
USCCS=$(cut -d, -f1 "$D/objects.csv" | sed -n '2,4p')
for u in $USCCS; do
	expect_rc 0 "$SUIJI" targeted add --uscc "$u" --trigger 信访投诉举报 --reference XF-1 --items JZ-001 --team P0001,P0002
done
read -r T1 T2 T3 <<<"$(sql "select group_concat(id, ' ') from (select id from task where kind = 'targeted' order by id)")"
export SUIJI_NOW=2025-09-25T09:00:00+08:00
for t in $T1 $T2 $T3; do
	expect_rc 0 "$SUIJI" result record "$t" --result 未发现问题 --date 2025-09-20
done
expect_rc 0 "$SUIJI" disclosure publish "$T1" "$T2"
expect_rc 0 "$SUIJI" disclosure withhold "$T3" --reason 涉及公共安全 --note 说明
export SUIJI_NOW=2025-09-26T09:00:00+08:00
expect_rc 0 "$SUIJI" draw export 1 --reveal --force --reason 监督部门要求提前核验 -o "$T/pkg.json"

# ---- suiji audit prove --subject: the proofs the portal serves (op_public_proof) ----
expect_rc 0 "$SUIJI" audit head --json -o "$T/h1.json"
expect_rc 0 "$SUIJI" audit prove --subject "task:$T1" --head "$T/h1.json" --key "$T/pub.pem" -o "$T/t1.json"
expect_rc 0 $P --key "$T/pub.pem" --head "$T/h1.json" --proof "$T/t1.json"
expect_out "task:$T1 的 1 条审计记录都在链头"
expect_out "disclosure publish publish:$T1"
expect_rc 0 "$SUIJI" audit prove --subject draw:1 --head "$T/h1.json" -o "$T/d1.json"
expect_rc 0 $P --key "$T/pub.pem" --head "$T/h1.json" --proof "$T/d1.json"
expect_out "draw:1 的 3 条审计记录都在链头"
expect_eq "$(python3 -c 'import json,sys; print(" ".join(p["label"] for p in json.load(open(sys.argv[1]))["proofs"]))' "$T/d1.json")" \
	"抽取公告 运行抽取 公开抽取包（提前）" "the draw's entries, labelled"
# each element is a proof by itself (the format of "audit prove --entry")
python3 -c 'import json,sys; json.dump(json.load(open(sys.argv[1]))["proofs"][0], open(sys.argv[2], "w"), ensure_ascii=False)' "$T/d1.json" "$T/d1-0.json"
expect_rc 0 $P --key "$T/pub.pem" --head "$T/h1.json" --proof "$T/d1-0.json"
# a proof is about its record: one result's proof presented as another's is refused
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["subject"]="task:'"$T2"'"; json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)' "$T/t1.json" "$T/t1-other.json"
expect_rc 1 $P --key "$T/pub.pem" --head "$T/h1.json" --proof "$T/t1-other.json"
expect_err "不属于该记录"
# a withheld result, a task without a result, an unknown draw, a bad name: no proof, nothing said
before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
expect_rc 1 "$SUIJI" audit prove --subject "task:$T3"
expect_err "没有第 $T3 号任务已公开的检查结果"
expect_rc 1 "$SUIJI" audit prove --subject task:999
expect_err "没有第 999 号任务已公开的检查结果"
expect_rc 1 "$SUIJI" audit prove --subject draw:9
expect_err "没有第 9 号抽取"
expect_rc 1 "$SUIJI" audit prove --subject "result:$T1"
expect_err "不是公开记录的名称"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "refusals wrote nothing"

# ---- the public site ----
S=$T/site
export SUIJI_NOW=2025-09-27T09:00:00+08:00
expect_rc 0 "$SUIJI" publish --out "$S"
HEAD1=$(python3 -c 'import json,sys; h=json.load(open(sys.argv[1])); print("%d-%s.json" % (h["seq"], h["root"][:16]))' "$S/heads/latest.json")
for f in "proof/task-$T1.json" "proof/task-$T2.json" proof/draw-1.json heads/index.html "heads/$HEAD1"; do
	if [ -f "$S/$f" ]; then ok; else not_ok "missing $f"; fi
done
# each proof is linked from its record's page, names the head published with it, and verifies against it
for t in $T1 $T2; do
	u=$(sql "select uscc from task where id = $t")
	if grep -qF "href=\"../proof/task-$t.json\"" "$S/object/$u.html"; then ok; else not_ok "object page of task $t links its proof"; fi
	expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["head"], d["subject"], [p["entry"]["subject"] for p in d["proofs"]])' "$S/proof/task-$t.json")" \
		"heads/$HEAD1 task:$t ['publish:$t']" "proof of task $t"
	expect_rc 0 $P --key "$T/pub.pem" --head "$S/heads/latest.json" --proof "$S/proof/task-$t.json"
	expect_out "核验通过"
done
if grep -qF 'href="../proof/draw-1.json"' "$S/draw/1.html"; then ok; else not_ok "draw page links its proof"; fi
expect_rc 0 $P --key "$T/pub.pem" --head "$S/heads/$HEAD1" --proof "$S/proof/draw-1.json"
expect_out "draw:1 的 3 条审计记录都在链头"
if grep -qF 'href="heads/index.html"' "$S/index.html"; then ok; else not_ok "front page links the heads page"; fi
# the withheld result has no proof anywhere on the site
[ -e "$S/proof/task-$T3.json" ] && not_ok "a withheld result has a proof on the site" || ok
if grep -rqF "publish:$T3" "$S"; then not_ok "the withheld result's entry is on the site"; else ok; fi
expect_rc 0 $P --key "$T/pub.pem" --site "$S"
expect_out "共核对 4 个文件"

# ---- a second publish: a new head, the consistency proof from the first ----
export SUIJI_NOW=2025-10-01T09:00:00+08:00
u4=$(cut -d, -f1 "$D/objects.csv" | sed -n '5p')
expect_rc 0 "$SUIJI" targeted add --uscc "$u4" --trigger 信访投诉举报 --reference XF-2 --items JZ-001 --team P0001,P0002
T4=$(sql "select max(id) from task")
export SUIJI_NOW=2025-10-09T09:00:00+08:00
expect_rc 0 "$SUIJI" result record "$T4" --result 未发现问题 --date 2025-10-08
expect_rc 0 "$SUIJI" disclosure publish "$T4"
expect_rc 0 "$SUIJI" publish --out "$S"
HEAD2=$(python3 -c 'import json,sys; h=json.load(open(sys.argv[1])); print("%d-%s.json" % (h["seq"], h["root"][:16]))' "$S/heads/latest.json")
[ "$HEAD1" != "$HEAD2" ] && [ -f "$S/heads/$HEAD1" ] && ok || not_ok "both heads kept ($HEAD1, $HEAD2)"
C=consistency-${HEAD1%.json}-$HEAD2
if [ -f "$S/heads/$C" ] && grep -qF "href=\"$C\"" "$S/heads/index.html"; then ok; else not_ok "consistency proof $C listed"; ls "$S/heads" >&2; fi
expect_rc 0 $P --key "$T/pub.pem" --from "$S/heads/$HEAD1" --to "$S/heads/$HEAD2" --proof "$S/heads/$C"
expect_out "在两个链头之间没有改动"
# every record proof now refers to the new head, the new result's too
for t in $T1 $T2 $T4; do
	expect_rc 0 $P --key "$T/pub.pem" --head "$S/heads/$HEAD2" --proof "$S/proof/task-$t.json"
done
expect_rc 0 $P --key "$T/pub.pem" --site "$S"
expect_out "共核对 7 个文件"
cp -r "$S" "$T/site-before"

# without the key: no new head; the proofs refer to the site's latest head
mv "$SUIJI_DB.key" "$T/away.key"
expect_rc 0 "$SUIJI" publish --out "$S"
expect_err "本次未公开审计链头"
expect_eq "$(cd "$S/heads" && ls | tr '\n' ' ')" "$(cd "$T/site-before/heads" && ls | tr '\n' ' ')" "heads unchanged without the key"
expect_rc 0 $P --key "$T/pub.pem" --site "$S"
# a new site without the key and without an earlier head: no proofs at all (and nothing half-set)
expect_rc 0 "$SUIJI" publish --out "$T/site-nokey"
expect_err "没有可用的签名链头"
[ -e "$T/site-nokey/proof/draw-1.json" ] || [ -e "$T/site-nokey/proof/task-$T1.json" ] && not_ok "proofs without a head" || ok
if grep -qF '审计证明</dt>' "$T/site-nokey/draw/1.html"; then not_ok "the draw page links a proof without a head"; else ok; fi
mv "$T/away.key" "$SUIJI_DB.key"

# ---- a rewritten audit entry: the proof no longer holds against the published head ----
SEQ=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["proofs"][0]["entry"]["seq"])' "$S/proof/task-$T1.json")
sql "DROP TRIGGER audit_no_update"
# the entry now names another operator, and its hash is recomputed to match (the Merkle leaf changes)
python3 - "$SUIJI_DB" "$SEQ" <<'PY'
import hashlib, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
seq = int(sys.argv[2])
prev, at, action, subject, content = db.execute(
    "select prev_hash, at, action, subject, content_hash from audit where seq = ?", (seq,)).fetchone()
text = "\n".join([prev, str(seq), at, "王五", action, subject, content])
db.execute("update audit set actor = '王五', hash = ? where seq = ?", (hashlib.sha256(text.encode()).hexdigest(), seq))
db.commit()
PY
expect_eq "$(sql "select actor from audit where seq = $SEQ")" "王五" "entry rewritten"
expect_rc 1 "$SUIJI" audit verify --head "$S/heads/latest.json" --key "$T/pub.pem"
expect_out "审计核验未通过"
# the bureau can no longer give a proof against the published head …
expect_rc 1 "$SUIJI" audit prove --subject "task:$T1" --head "$S/heads/latest.json" --key "$T/pub.pem"
expect_err "审计链在该链头之后被改写"
# … and the entry as the database now holds it does not verify against it
python3 - "$S/proof/task-$T1.json" "$T/forged.json" "$SUIJI_DB" "$SEQ" <<'PY'
import json, sqlite3, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
db = sqlite3.connect(sys.argv[3])
row = db.execute("select seq, at, actor, action, subject, content_hash, prev_hash, hash from audit where seq = ?",
                 (int(sys.argv[4]),)).fetchone()
d["proofs"][0]["entry"] = dict(zip(["seq", "at", "actor", "action", "subject", "content_hash", "prev_hash", "hash"], row))
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
expect_rc 1 $P --key "$T/pub.pem" --head "$S/heads/latest.json" --proof "$T/forged.json"
expect_err "包含证明无效"
# a proof cut from the rewritten chain (the size of the published head) does not verify either
expect_rc 0 "$SUIJI" audit prove --subject "task:$T1" -o "$T/now.json"
python3 - "$T/now.json" "$T/now-as-published.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
json.dump(d["proofs"][0], open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
HEAD2_SEQ=${HEAD2%%-*}
NOW_SEQ=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["tree_size"])' "$T/now.json")
expect_eq "$NOW_SEQ" "$HEAD2_SEQ" "no entry since the second head"
expect_rc 1 $P --key "$T/pub.pem" --head "$S/heads/$HEAD2" --proof "$T/now-as-published.json"
expect_err "包含证明无效"
# publishing the rewritten chain: a new head is signed, but no consistency proof joins it to the last
export SUIJI_NOW=2025-10-10T09:00:00+08:00
"$SUIJI" user add 赵六 --role 监督 >/dev/null
expect_rc 0 "$SUIJI" publish --out "$S"
expect_err "不能给出一致性证明"
HEAD3=$(python3 -c 'import json,sys; h=json.load(open(sys.argv[1])); print("%d-%s.json" % (h["seq"], h["root"][:16]))' "$S/heads/latest.json")
[ -f "$S/heads/$HEAD2" ] && [ -f "$S/heads/$HEAD3" ] && ok || not_ok "the earlier heads stay on the site"
[ -e "$S/heads/consistency-${HEAD2%.json}-$HEAD3" ] && not_ok "a consistency proof across the rewrite" || ok
# forced from the number of entries, the proof does not join the published heads
expect_rc 0 "$SUIJI" audit prove --from "$HEAD2_SEQ" --to "$S/heads/$HEAD3" --key "$T/pub.pem" -o "$T/c.json"
expect_rc 1 $P --key "$T/pub.pem" --from "$S/heads/$HEAD2" --to "$S/heads/$HEAD3" --proof "$T/c.json"
expect_err "一致性证明无效"
# the published site itself stays checkable: every file on it still verifies
expect_rc 0 $P --key "$T/pub.pem" --site "$S"

done_testing
