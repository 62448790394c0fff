#!/usr/bin/env bash
# A draw's frozen frame is stored compressed in a table of its own (draw_input, schema step 7): the
# draw row keeps inputs = '', draw_input one zstd row whose size is the length of CJ(inputs); the frame
# comes back byte for byte for export, publication and the run, and both verifiers accept the package.
# The frame is written once (triggers), and an edit of its compressed bytes made behind suiji's back is
# caught by "audit verify" (naming the draw) and refused by export and publish. A draw stored the old
# way (its frame in draw.inputs, no draw_input row) is still read, and a whole database written before
# step 7 (tests/data/draw-v6.sql) still verifies, publishes and runs its announced draw.
. "$(dirname "$0")/lib.sh"
N=3000
export SUIJI_NOW=2025-01-05T09:00:00+08:00
"$SUIJI" demo --objects "$N" --out "$T/gen" --date 2025-01-02 >/dev/null
"$SUIJI" plan new --year 2025 --date 2025-01-02 >/dev/null
"$SUIJI" plan line add --year 2025 --name 全部对象抽查 --items JZ-HB-001 --count $((N / 10)) >/dev/null
"$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null

expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source "福彩3D 第1期" --date 2025-01-05
hash=$(sed -n 's/.*inputs_hash: *//p' "$T/out")
expect_eq "$(sql "select inputs from draw where id = 1")" "" "the draw row holds no frame"
expect_eq "$(sql "select count(*), codec from draw_input where draw_id = 1")" "1|zstd" "one zstd row in draw_input"
expect_eq "$(sql "select typeof(data), length(data) * 4 < size from draw_input")" "blob|1" "the frame compressed"

# CJ of the exported inputs: the announced hash and the stored size (and kept, for the old-style row below)
cj_of() {
	python3 - "$1" "$SUIJI_SRC/tools" "$2" <<'PY'
import hashlib, sys
sys.path.insert(0, sys.argv[2])
import verify
doc = verify.load_strict(open(sys.argv[1], "rb").read())
b = verify.cj(doc["inputs"])
open(sys.argv[3], "wb").write(b)
print(hashlib.sha256(b).hexdigest(), len(b))
PY
}
expect_rc 0 "$SUIJI" draw export 1 -o "$T/ann.json"
expect_eq "$(cj_of "$T/ann.json" "$T/frame.cj")" "$hash $(sql "select size from draw_input where draw_id = 1")" "frame exported = frame announced"

# the run reads the frame; the package verifies with both verifiers, and so does the published one
export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 1 --beacon "3 1 4"
expect_eq "$(sql "select count(*) from task where draw_id = 1")" "$((N / 10))" "the visits"
expect_rc 0 "$SUIJI" draw export 1 --reveal --force --reason 核验存储 -o "$T/pkg.json"
expect_rc 0 "$SUIJI" verify "$T/pkg.json"
expect_out "核验通过"
expect_rc 0 python3 "$SUIJI_SRC/tools/verify.py" "$T/pkg.json"
expect_rc 0 "$SUIJI" publish --out "$T/site"
expect_rc 0 "$SUIJI" verify "$T/site/draw/1-package.json"
expect_eq "$(sql "select inputs from draw where id = 1")" "" "run and reveal leave the row without a frame"
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"

# written once
refused() { if sqlite3 "$SUIJI_DB" "$1" 2>"$T/err"; then not_ok "not refused: $1"; else ok; fi; }
refused "update draw_input set size = size + 1"
expect_err "抽取框架登记后不能修改"
refused "delete from draw_input"
expect_err "抽取框架登记后不能删除"

# one byte of the compressed frame changed behind suiji's back
cp "$SUIJI_DB" "$T/clean.db"
sqlite3 "$SUIJI_DB" "drop trigger draw_input_no_update; update draw_input set data = cast(substr(data, 1, 100) ||
  case when substr(data, 101, 1) = x'00' then x'01' else x'00' end || substr(data, 102) as blob) where draw_id = 1"
expect_eq "$(sql "select typeof(data), size = length(readfile('$T/frame.cj')) from draw_input")" "blob|1" "only the bytes changed"
expect_rc 1 "$SUIJI" audit verify
expect_err "随机抽取 draw:1 的内容已被改动"
expect_rc 1 "$SUIJI" draw export 1 -o "$T/x.json"
expect_err "第 1 号抽取的抽取框架数据已损坏（解压失败"
expect_rc 1 "$SUIJI" publish --out "$T/site2"
expect_err "第 1 号抽取的抽取框架数据已损坏"
# the recorded size changed
cp "$T/clean.db" "$SUIJI_DB"; rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
sqlite3 "$SUIJI_DB" "drop trigger draw_input_no_update; update draw_input set size = size - 1"
expect_rc 1 "$SUIJI" audit verify
expect_err "随机抽取 draw:1"
expect_rc 1 "$SUIJI" draw export 1 -o "$T/x.json"
expect_err "第 1 号抽取的抽取框架数据已损坏（长度不符"
# a frame row for no draw
cp "$T/clean.db" "$SUIJI_DB"; rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
sqlite3 "$SUIJI_DB" "insert into draw_input select 99, codec, size, data from draw_input where draw_id = 1"
expect_rc 1 "$SUIJI" audit verify
expect_err "抽取框架 99（所属抽取不存在）"
cp "$T/clean.db" "$SUIJI_DB"; rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
expect_rc 0 "$SUIJI" audit verify

# a draw stored the old way: its frame in draw.inputs, no draw_input row; read, and checked against its hash
sqlite3 "$SUIJI_DB" "insert into draw(year, period, lines, plan_version, inputs, inputs_hash, salt, salt_commitment,
  announcement, beacon_source, announced_at, announced_by, state, meta)
  select year, '2025Q2', lines, plan_version, readfile('$T/frame.cj'), inputs_hash, salt, salt_commitment,
  announcement, beacon_source, announced_at, announced_by, 'announced', meta from draw where id = 1"
expect_eq "$(sql "select length(inputs) > 0, (select count(*) from draw_input where draw_id = 2) from draw where id = 2")" "1|0" "old-style row"
expect_rc 0 "$SUIJI" draw export 2 -o "$T/old.json"
expect_eq "$(cj_of "$T/old.json" /dev/null | cut -d' ' -f1)" "$hash" "old-style frame exported"
sqlite3 "$SUIJI_DB" "update draw set inputs = inputs || ' ' where id = 2"
expect_rc 1 "$SUIJI" draw export 2 -o "$T/old.json"
expect_err "第 2 号抽取的抽取框架与公告的 inputs_hash 不符，数据可能被篡改"
# (inserted with sqlite3, it has no audit entry: verify says so)
expect_rc 1 "$SUIJI" audit verify
expect_err "没有审计记录"

# a database written before step 7: migrated, it verifies, publishes its draws and runs the announced one
export SUIJI_DB=$T/v6.db
sqlite3 "$SUIJI_DB" <"$DATA/draw-v6.sql"
expect_eq "$(sql "pragma user_version")" "6" "the fixture at step 6"
# written before users were required, it has none: nobody may use it until its first administrator is
# registered (init --admin on an initialised database); the organisation becomes the top unit
expect_rc 1 "$SUIJI" audit verify
expect_err "init --admin"
expect_rc 0 "$SUIJI" init --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_out "第一位管理员"
expect_eq "$(sql "select id, level, parent is null from unit")" "1|city|1" "the organisation is the top unit"
expect_eq "$(sql "select count(*) from draw where coalesce(unit_id, 1) = 1")" "$(sql "select count(*) from draw")" "its draws belong to it"
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"
expect_eq "$(sql "select (select user_version from pragma_user_version) >= 7, count(*) from draw_input")" "1|0" "migrated, frames left in place"
expect_rc 0 "$SUIJI" publish --out "$T/site6"
# (the fixture comes without its private key file: the site's packages are unsigned, said so)
expect_err "网站上的抽取公告和抽取包未签名"
expect_rc 0 "$SUIJI" verify --unsigned-ok "$T/site6/draw/1-package.json"
expect_rc 0 python3 "$SUIJI_SRC/tools/verify.py" --unsigned-ok "$T/site6/draw/1-package.json"
expect_eq "$(cj_of "$T/site6/draw/2-announcement.json" /dev/null | cut -d' ' -f1)" "$(sql "select inputs_hash from draw where id = 2")" "old frame published"
expect_rc 0 "$SUIJI" draw run 2 --beacon 77
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"
done_testing
