#!/usr/bin/env bash
# Audit proofs of the public record (issue 12 item 3, docs/SECURITY.md "公开记录的审计证明"): every
# published result and every draw carries inclusion proofs of the audit entries that record it
# (op/public-proof.h: the newest "publish:N" entry of a result, every "draw …" entry of a draw), which
# tools/audit_proof.py (Python standard library, sharing no code with suiji) checks against a signed
# head; a withheld result has none.
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

done_testing
