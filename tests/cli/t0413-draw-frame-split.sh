#!/usr/bin/env bash
# The draw's frame read by two connections at once (store/directory-scan.c: a large table, inside the
# announcement's write transaction) is the frame one connection reads: the same inputs_hash, byte for
# byte, with SUIJI_SCAN_SPLIT=0 and without; the objects span both halves of the table, and the
# announced frame verifies.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
expect_rc 0 "$SUIJI" demo --objects 60000 --people 300 --out "$T/data" --date 2025-01-02
expect_eq "$(sql "select max(id) - min(id) >= 50000 from object_version")" "1" "a table large enough to be split"
expect_rc 0 "$SUIJI" plan new --year 2025 --date 2025-01-02
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 全部对象抽查 --items JZ-HB-001 --count 500
expect_rc 0 "$SUIJI" plan file --year 2025 --out-dir "$T" # a draw rests on a filed plan
export SUIJI_NOW=2025-01-05T09:00:00+08:00
SUIJI_SCAN_SPLIT=0 expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source x --date 2025-01-05
one=$(sed -n 's/.*inputs_hash: *//p' "$T/out")
pool=$(sed -n 's/.*候选 \([0-9]*\) 个.*/\1/p' "$T/out")
"$SUIJI" user add 纪检组 --role 监督 >/dev/null
"$SUIJI" --as 纪检组 draw approve 1 --reason 对比两种读取方式 >/dev/null
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source x --date 2025-01-05 --reason 对比两种读取方式
two=$(sed -n 's/.*inputs_hash: *//p' "$T/out")
expect_eq "$two" "$one" "the same frame read by one connection and by two"
expect_eq "$(sed -n 's/.*候选 \([0-9]*\) 个.*/\1/p' "$T/out")" "$pool" "the same pool"
expect_rc 0 "$SUIJI" draw export 2 -o "$T/a.json"
# the frame holds the top unit's objects only (the demo has branches); they lie in both halves of the table
python3 -c 'import json,sys; print("\n".join(json.load(open(sys.argv[1]))["inputs"]["objects"]))' "$T/a.json" >"$T/usccs"
expect_eq "$(wc -l <"$T/usccs")" "$pool" "every member an object of the frame"
halves=$(sqlite3 "$SUIJI_DB" "create temp table f(k text)" ".import $T/usccs f" \
	"select sum(o.id < m.mid) > 1000 and sum(o.id >= m.mid) > 1000 from object_version o join f on f.k = o.k, (select (min(id) + max(id)) / 2 as mid from object_version) m where o.valid_to is null")
expect_eq "$halves" "1" "members from both halves of the table"
expect_eq "$(python3 - "$T/a.json" "$SUIJI_SRC/tools" <<'PY'
import hashlib, sys
sys.path.insert(0, sys.argv[2])
import verify
d = verify.load_strict(open(sys.argv[1], "rb").read())
print(hashlib.sha256(verify.cj(d["inputs"])).hexdigest())
PY
)" "$two" "the exported frame hashes to the announced hash"
export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 2 --beacon "9 9 9"
expect_rc 0 "$SUIJI" audit verify
done_testing
