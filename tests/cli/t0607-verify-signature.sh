#!/usr/bin/env bash
# Signed draw packages: "suiji verify" and the independent tools/verify.py (Ed25519 from RFC 8032 in
# pure Python) both check a package's "signature" when it has one, name the key that signed, and
# refuse — with the same words — a package changed after signing, a forged or malformed signature.
# Unsigned packages verify as before.
. "$(dirname "$0")/lib.sh"
V=$SUIJI_SRC/tools/verify.py
vec=$SUIJI_SRC/docs/draw-vectors/basic-chinese.json
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null
pub=$(sql "select public_key from signing_key")
"$SUIJI" key sign --json "$vec" -o "$T/signed.json" >/dev/null

# both verifiers, the same verdict and the same words: both MUTATION-NAME EXIT TEXT
both() {
	expect_rc "$2" "$SUIJI" verify "$T/$1.json"
	expect_${4:-err} "$3"
	cp "$T/out" "$T/c.out"
	cp "$T/err" "$T/c.err"
	expect_rc "$2" python3 "$V" "$T/$1.json"
	expect_${4:-err} "$3"
	expect_eq "$(cat "$T/out")" "$(cat "$T/c.out")" "$1: same output from both verifiers"
	expect_eq "$(cat "$T/err")" "$(cat "$T/c.err")" "$1: same messages from both verifiers"
}
both signed 0 "签名: 有效（Ed25519，公钥 $pub）" out
expect_out "核验通过"
# an unsigned package: as before, no signature line
cp "$vec" "$T/plain.json"
both plain 0 "核验通过" out
expect_no_out "签名"

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
