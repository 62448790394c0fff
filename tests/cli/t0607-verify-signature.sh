#!/usr/bin/env bash
# Signed draw packages: "suiji verify" and the independent tools/verify.py (Ed25519 from RFC 8032 in
# pure Python) both check a package's "signature", name the key that signed with its fingerprint, and
# refuse — with the same words — a package changed after signing, a forged or malformed signature.
# They fail closed (issue 12 item 4): an unsigned package is refused unless --unsigned-ok, a package
# signed by another key than the one given with --key is refused; both print inputs_hash and
# salt_commitment for comparison with the announcement.
. "$(dirname "$0")/lib.sh"
V=$SUIJI_SRC/tools/verify.py
vec=$SUIJI_SRC/docs/draw-vectors/basic-chinese.json
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
pub=$(sql "select public_key from signing_key")
"$SUIJI" key sign --json "$vec" -o "$T/signed.json" >/dev/null

# the fingerprint: SHA-256 of the raw key, first 16 bytes, groups of 4 hex digits (docs/DRAW.md)
fp=$(python3 -c 'import hashlib,sys; h=hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest()[:32]; print(":".join(h[i:i+4] for i in range(0,32,4)))' "$pub")

# both verifiers, the same verdict and the same words: both MUTATION-NAME EXIT TEXT [out|err [OPTIONS…]]
both() {
	local name=$1 rc=$2 text=$3 where=${4:-err}
	shift 4 2>/dev/null || shift $#
	expect_rc "$rc" "$SUIJI" verify "$T/$name.json" "$@"
	expect_$where "$text"
	cp "$T/out" "$T/c.out"
	cp "$T/err" "$T/c.err"
	expect_rc "$rc" python3 "$V" "$T/$name.json" "$@"
	expect_$where "$text"
	set -- "$name"
	expect_eq "$(cat "$T/out")" "$(cat "$T/c.out")" "$1: same output from both verifiers"
	expect_eq "$(cat "$T/err")" "$(cat "$T/c.err")" "$1: same messages from both verifiers"
}
both signed 0 "签名: 有效（Ed25519，公钥 $pub）" out
expect_out "核验通过"
expect_out "公钥指纹: $fp"
expect_out "inputs_hash: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["announcement"]["inputs_hash"])' "$vec")"
expect_out "salt_commitment: $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["announcement"]["salt_commitment"])' "$vec")"
# pinned to the bureau's published key: as PEM and as hex
"$SUIJI" key export -o "$T/bureau.pem" >/dev/null
both signed 0 "签名公钥与 --key 指定的公钥一致" out --key "$T/bureau.pem"
both signed 0 "核验通过" out --key "$pub"
# an unsigned package is refused unless --unsigned-ok
cp "$vec" "$T/plain.json"
both plain 1 "抽取包没有签名：无法确认它出自本局，拒绝"
expect_no_out "核验通过"
both plain 0 "核验通过" out --unsigned-ok
expect_out "签名: 无"
expect_err "抽取包没有签名（--unsigned-ok）"
both plain 1 "抽取包没有签名，而 --key 指定了本局公钥（指纹 $fp）：拒绝" err --key "$T/bureau.pem" --unsigned-ok
# the attack of issue 12: the signature stripped and the beacon's source changed
python3 - "$T/signed.json" "$T/stripped.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
del p["signature"]
p["announcement"]["beacon_source"] = "福彩3D 2025-01-07 开奖号码"
json.dump(p, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
both stripped 1 "抽取包没有签名"
expect_no_out "核验通过"
# signed by another bureau's key: valid signature, but not the pinned key
"$SUIJI" --db "$T/other.db" init --org 另一个局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW" >/dev/null
opub=$(sqlite3 "$T/other.db" "select public_key from signing_key")
ofp=$(python3 -c 'import hashlib,sys; h=hashlib.sha256(bytes.fromhex(sys.argv[1])).hexdigest()[:32]; print(":".join(h[i:i+4] for i in range(0,32,4)))' "$opub")
"$SUIJI" --db "$T/other.db" key sign --json "$vec" -o "$T/other.json" >/dev/null
both other 0 "公钥指纹: $ofp" out
both other 1 "抽取包由另一把密钥签名（指纹 $ofp），不是 --key 指定的公钥（指纹 $fp）：拒绝" err --key "$T/bureau.pem"
expect_no_out "核验通过"

# mutate NAME PYTHON: a copy of the signed package changed by a Python statement on "p"
mutate() {
	python3 - "$T/signed.json" "$T/$1.json" "$2" <<'PY'
import json, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
exec(sys.argv[3])
json.dump(p, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
}
mutate org 'p["announcement"]["org"] = "另一个局"'
both org 1 "签名无效：内容在签名之后被改动，或签名不是该公钥所签（公钥 $pub）"
mutate visit 'p["result"]["visits"][0]["team"].reverse()'
both visit 1 "签名无效"
mutate added 'p["note"] = "后加的说明"'
both added 1 "签名无效"
mutate otherkey 'p["signature"]["public_key"] = "0" * 63 + "1"'
both otherkey 1 "签名无效"
mutate flipped 'v = p["signature"]["value"]; p["signature"]["value"] = v[:10] + ("0" if v[10] != "0" else "1") + v[11:]'
both flipped 1 "签名无效"
mutate alg 'p["signature"]["alg"] = "RSA"'
both alg 1 "signature.alg “RSA”不受支持（应为 Ed25519）"
mutate novalue 'del p["signature"]["value"]'
both novalue 1 "签名缺少字符串字段“value”"
mutate extra 'p["signature"]["time"] = "2025-01-01"'
both extra 1 "signature 只应有 alg、public_key、value 三项"
mutate short 'p["signature"]["value"] = p["signature"]["value"][:-2]'
both short 1 "签名应为 128 位十六进制数字"
mutate badpub 'p["signature"]["public_key"] = "xyz"'
both badpub 1 "公钥应为 64 位十六进制数字"
mutate notobj 'p["signature"] = "abc"'
both notobj 1 "signature 应为对象"
# key order and white space do not matter: the signature is over canonical JSON
python3 -c 'import json,sys; p=json.load(open(sys.argv[1],encoding="utf-8")); json.dump(p, open(sys.argv[2],"w",encoding="utf-8"), ensure_ascii=True, indent=2)' \
	"$T/signed.json" "$T/pretty.json"
both pretty 0 "签名: 有效" out
done_testing
