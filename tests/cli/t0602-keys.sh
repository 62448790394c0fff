#!/usr/bin/env bash
# The bureau's signing key: made at init (a private key file beside the database, mode 0600, and the
# public key registered under the audit subject "org"), exported as PEM that OpenSSL reads, detached
# signatures that "key verify" and "openssl pkeyutl" both check, refusals (a changed file, another
# key, a key file that does not belong to the database), keys for databases made without one, and
# rotation keeping the old public key for old signatures.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir

expect_rc 0 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_out "签名私钥: $SUIJI_DB.key"
expect_eq "$(stat -c %a "$SUIJI_DB.key")" "600" "key file readable by its owner only"
expect_eq "$(head -1 "$SUIJI_DB.key")" "-----BEGIN PRIVATE KEY-----" "PKCS#8 PEM"
expect_eq "$(sql "select count(*) from signing_key")" "1" "public key registered"
expect_eq "$(sql "select count(*) from audit")" "3" "one entry for the organisation and its key, one for the top unit, one for the first administrator"
pub=$(sql "select public_key from signing_key")
expect_rc 0 "$SUIJI" key show
expect_out "公钥: $pub"
expect_out "可以签名"
expect_rc 0 "$SUIJI" key export --hex
expect_out "$pub"
expect_rc 0 "$SUIJI" key export -o "$T/pub.pem"
expect_rc 0 openssl pkey -pubin -in "$T/pub.pem" -noout -text
expect_out "ED25519 Public-Key"
# the same key as the file holds
expect_eq "$(openssl pkey -in "$SUIJI_DB.key" -pubout)" "$(cat "$T/pub.pem")" "exported public key = key file's"

# a detached signature, checked by suiji and by OpenSSL
printf '序号,单位名称,检查结果\n1,焦作市某公司,未发现问题\n' >"$T/公开.csv"
expect_rc 0 "$SUIJI" key sign "$T/公开.csv"
expect_out "已签名"
expect_rc 0 "$SUIJI" key verify "$T/公开.csv" "$T/公开.csv.sig"
expect_out "由本单位登记的密钥（公钥 $pub）签名"
python3 -c 'import json,sys; sys.stdout.buffer.write(bytes.fromhex(json.load(open(sys.argv[1]))["value"]))' \
	"$T/公开.csv.sig" >"$T/sig.bin"
expect_rc 0 openssl pkeyutl -verify -pubin -inkey "$T/pub.pem" -rawin -in "$T/公开.csv" -sigfile "$T/sig.bin"
expect_out "Signature Verified Successfully"
expect_rc 0 "$SUIJI" key verify "$T/公开.csv" "$T/公开.csv.sig" --public-key "$T/pub.pem"
expect_rc 0 "$SUIJI" key verify "$T/公开.csv" "$T/公开.csv.sig" --public-key "$pub"
# without a database: valid, but whose key it is, is for the reader to check
expect_rc 0 "$SUIJI" --db "$T/none.db" key verify "$T/公开.csv" "$T/公开.csv.sig"
expect_out "未核对该公钥属于谁"
# a changed file
printf '1,焦作市某公司,发现问题已责令整改\n' >>"$T/公开.csv"
expect_rc 1 "$SUIJI" key verify "$T/公开.csv" "$T/公开.csv.sig"
expect_err "签名不符：文件已不是签名时的文件"
expect_rc 1 openssl pkeyutl -verify -pubin -inkey "$T/pub.pem" -rawin -in "$T/公开.csv" -sigfile "$T/sig.bin"
# a malformed signature file
echo '{"alg":"Ed25519"}' >"$T/bad.sig"
expect_rc 1 "$SUIJI" key verify "$T/公开.csv" "$T/bad.sig"
expect_err "签名缺少字符串字段“public_key”"

# a JSON object signed inside itself (a draw package): canonical JSON with a "signature" member
expect_rc 0 "$SUIJI" key sign --json "$SUIJI_SRC/docs/draw-vectors/basic-chinese.json" -o "$T/signed.json"
expect_out "签名在其 signature 字段中"
python3 - "$T/signed.json" "$pub" <<'PY' && ok || not_ok "signature member over CJ of the rest"
import json, subprocess, sys
pkg = json.load(open(sys.argv[1], encoding="utf-8"))
sig = pkg.pop("signature")
assert sig["alg"] == "Ed25519" and sig["public_key"] == sys.argv[2], sig
msg = json.dumps(pkg, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()
open(sys.argv[1] + ".msg", "wb").write(msg)
open(sys.argv[1] + ".bin", "wb").write(bytes.fromhex(sig["value"]))
PY
expect_rc 0 openssl pkeyutl -verify -pubin -inkey "$T/pub.pem" -rawin -in "$T/signed.json.msg" -sigfile "$T/signed.json.bin"
echo '[1, 2]' >"$T/array.json"
expect_rc 1 "$SUIJI" key sign --json "$T/array.json"
expect_err "只能对 JSON 对象签名"
echo '{"a": 1.5}' >"$T/real.json"
expect_rc 1 "$SUIJI" key sign --json "$T/real.json"
expect_err "real.json 不是有效的 JSON"

# another bureau's key: valid signature, but not ours
expect_rc 0 "$SUIJI" --db "$T/other.db" init --org 修武县分局 --region 410821 --level county --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" --db "$T/other.db" key sign "$T/公开.csv" -o "$T/other.sig" >/dev/null
expect_rc 1 "$SUIJI" key verify "$T/公开.csv" "$T/other.sig"
expect_err "不是数据库 $SUIJI_DB 登记的本单位密钥"
expect_rc 1 "$SUIJI" key verify "$T/公开.csv" "$T/other.sig" --public-key "$pub"
expect_err "不是指定的公钥"
# a key file that is not the database's own refuses to sign
cp "$SUIJI_DB.key" "$T/mine.key"
cp "$T/other.db.key" "$SUIJI_DB.key"
expect_rc 1 "$SUIJI" key sign "$T/公开.csv"
expect_err "与数据库登记的签名密钥（第 1 号"
expect_rc 1 "$SUIJI" audit head
cp "$T/mine.key" "$SUIJI_DB.key"
# a missing key file: there are no unsigned heads (issue 12 item 3), nothing can be signed
mv "$SUIJI_DB.key" "$T/away.key"
expect_rc 1 "$SUIJI" key show
expect_out "私钥文件不存在"
expect_rc 1 "$SUIJI" audit head
expect_no_out "签名:"
expect_rc 1 "$SUIJI" key sign "$T/公开.csv"
mv "$T/away.key" "$SUIJI_DB.key"
# readable by others: a warning
chmod 644 "$SUIJI_DB.key"
expect_rc 0 "$SUIJI" key show
expect_err "其他用户也能读取"
chmod 600 "$SUIJI_DB.key"
# init never overwrites a key file
SUIJI_KEY=$SUIJI_DB.key expect_rc 1 "$SUIJI" --db "$T/fourth.db" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_err "私钥文件 $SUIJI_DB.key 已存在，不会覆盖它"
expect_eq "$(cmp "$SUIJI_DB.key" "$T/mine.key" && echo same)" "same" "key file untouched"

# a database made without a key (the demo), given one; then a new key in use
expect_rc 0 "$SUIJI" --db "$T/demo.db" demo --objects 20 --out "$T/demo"
if [ "$(sqlite3 "$T/demo.db" "select count(*) from signing_key")" = 0 ]; then
	expect_rc 1 "$SUIJI" --db "$T/demo.db" key show
	expect_err "没有登记签名密钥"
	expect_rc 0 "$SUIJI" --db "$T/demo.db" key create
	expect_out "已生成签名密钥第 1 号"
fi
expect_rc 1 "$SUIJI" --db "$T/demo.db" key create
expect_err "更换密钥请用 suiji key create --rotate"
"$SUIJI" --db "$T/demo.db" key sign "$T/公开.csv" -o "$T/old.sig" >/dev/null
old_id=$(sqlite3 "$T/demo.db" "select max(id) from signing_key")
expect_rc 0 "$SUIJI" --db "$T/demo.db" key create --rotate
expect_out "旧私钥已改名为 $T/demo.db.key.$old_id.retired"
expect_eq "$(sqlite3 "$T/demo.db" "select count(*) from signing_key")" "$((old_id + 1))" "both keys registered"
expect_rc 0 "$SUIJI" --db "$T/demo.db" key verify "$T/公开.csv" "$T/old.sig"
expect_out "本单位登记的密钥"
expect_rc 0 "$SUIJI" --db "$T/demo.db" audit verify
expect_out "核验通过"
# the key entries are part of "org": a key slipped in with sqlite3 is caught
sqlite3 "$T/demo.db" "insert into signing_key(alg, public_key, created_at, created_by) values ('Ed25519', '$(printf 'ab%.0s' $(seq 32))', 'x', 'y')"
expect_rc 1 "$SUIJI" --db "$T/demo.db" audit verify
expect_err "本单位信息及签名密钥 org 的内容已被改动"

# hostile organisation names are refused before anything is written
expect_rc 2 "$SUIJI" --db "$T/h.db" init --org "$(printf '焦作\n局')" --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_err "不含控制字符"
expect_rc 2 "$SUIJI" --db "$T/h.db" init --org "$(printf '\xff\xfe')" --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
# a name with quotes and backslashes is signed and verified as it is
expect_rc 0 "$SUIJI" --db "$T/q.db" init --org '焦作"市\局' --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" --db "$T/q.db" audit head --json -o "$T/q.json" >/dev/null
expect_rc 0 "$SUIJI" --db "$T/q.db" audit verify --head "$T/q.json"
expect_out "链头文件签名有效（焦作\"市\\局，第 3 条，公钥指纹 "
expect_rc 2 "$SUIJI" key
expect_rc 2 "$SUIJI" key sign
done_testing
