#!/usr/bin/env bash
# A full disk (issue 12 items 5 and 6): every command that writes a file, pointed at a small tmpfs that
# is full, fails cleanly — non-zero exit, no success message, the previous file as it was, no
# temporary file left; and an import into a database on a full disk stops at the first fatal error
# with one message, writing nothing. Needs mount(8) (CI runs as root); skipped, saying so, otherwise.
. "$(dirname "$0")/lib.sh"
F=$T/full
B=$T/dbdisk
mkdir -p "$F" "$B"
trap 'umount "$F" 2>/dev/null; umount "$B" 2>/dev/null; rm -rf "$T"' EXIT
if ! mount -t tmpfs -o size=256k tmpfs "$F" 2>/dev/null; then
	echo "SKIP: cannot mount a tmpfs here (needs root); the full-disk test did not run"
	exit 0
fi
. "$SUIJI_SRC/tests/cli/trust-lib.sh"

# the previous versions of every output, then fill the disk to the last block
targets="objects.csv objects.json objects.xlsx tasks.csv tasks.xlsx record.html record.xlsx draw.json announce.json
	notice.html plan.html plan.xlsx head.json key.pem sig.txt signed.json backup.db"
for f in $targets; do echo OLD >"$F/$f"; done
mkdir "$F/site" && echo OLD >"$F/site/index.html"
mkdir "$F/demo" && echo OLD >"$F/demo/objects.csv"
dd if=/dev/zero of="$F/filler" bs=1k 2>/dev/null
expect_eq "$(df --output=avail "$F" | tail -1 | tr -d ' ')" "0" "the disk is full"
echo '{"a":1}' >"$T/tosign.json"

check() { # check WHAT FILE…: failed cleanly, nothing claimed, the files as they were, no temporary file
	local what=$1
	shift
	if grep -qE '已生成|已导出|已写入|已签名|公钥已导出|备份完成' "$T/out" "$T/err"; then not_ok "$what: success claimed"; else ok; fi
	expect_err "磁盘空间不足"
	for f in "$@"; do expect_eq "$(cat "$F/$f" 2>&1)" "OLD" "$what: $f untouched"; done
	expect_eq "$(find "$F" -name '.*' | wc -l)" "0" "$what: no temporary file"
}
expect_rc 1 "$SUIJI" export objects -o "$F/objects.csv"
check "export csv" objects.csv
expect_rc 1 "$SUIJI" export objects --format json -o "$F/objects.json"
check "export json" objects.json
expect_rc 1 "$SUIJI" export objects --format xlsx -o "$F/objects.xlsx"
check "export xlsx" objects.xlsx
expect_rc 1 "$SUIJI" task list --format csv -o "$F/tasks.csv"
check "task list csv" tasks.csv
expect_rc 1 "$SUIJI" task list --format xlsx -o "$F/tasks.xlsx"
check "task list xlsx" tasks.xlsx
expect_rc 1 "$SUIJI" draw record 1 -o "$F/record.html" --xlsx "$F/record.xlsx"
check "draw record" record.html record.xlsx
expect_rc 1 "$SUIJI" draw export 1 -o "$F/announce.json"
check "draw export" announce.json
expect_rc 1 "$SUIJI" draw export 1 --reveal --force --reason 测试 -o "$F/draw.json"
check "draw export --reveal" draw.json
expect_rc 1 "$SUIJI" task notice 1 -o "$F/notice.html"
check "task notice" notice.html
expect_rc 1 "$SUIJI" plan show --year 2025 --html "$F/plan.html"
check "plan html" plan.html
expect_rc 1 "$SUIJI" plan show --year 2025 --xlsx "$F/plan.xlsx"
check "plan xlsx" plan.xlsx
expect_rc 1 "$SUIJI" audit head --json -o "$F/head.json"
check "audit head" head.json
expect_rc 1 "$SUIJI" key export -o "$F/key.pem"
check "key export" key.pem
expect_rc 1 "$SUIJI" key sign "$T/tosign.json" -o "$F/sig.txt"
check "key sign" sig.txt
expect_rc 1 "$SUIJI" key sign --json "$T/tosign.json" -o "$F/signed.json"
check "key sign --json" signed.json
expect_rc 1 "$SUIJI" publish --out "$F/site"
check "publish" site/index.html
expect_eq "$(ls "$F/site")" "index.html" "publish: the old site as it was"
expect_rc 1 "$SUIJI" --db "$T/demo-full.db" demo --objects 50 --out "$F/demo"
check "demo" demo/objects.csv
expect_rc 1 "$SUIJI" backup "$F/backup.db"
if grep -qE '备份完成|已备份' "$T/out"; then not_ok "backup: success claimed"; else ok; fi
expect_eq "$(cat "$F/backup.db")" "OLD" "backup: previous file untouched"
expect_eq "$(find "$F" -name '.*' -o -name '*.tmp*' | wc -l)" "0" "backup: no temporary file"
# with room again, the same commands succeed
rm "$F/filler"
expect_rc 0 "$SUIJI" export objects -o "$F/objects.csv"
expect_rc 0 "$SUIJI" draw record 1 -o "$F/record.html"
expect_out "已生成"

# ---- a database on a disk that fills up during an import ----
if mount -t tmpfs -o size=8m tmpfs "$B"; then
	"$SUIJI" --db "$T/demo.db" demo --objects 4000 --out "$T/demo" --date 2025-01-02 >/dev/null
	export SUIJI_DB=$B/suiji.db
	expect_rc 0 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
	expect_eq "$(stat -c %a "$SUIJI_DB")" "600" "the database is readable by its owner only"
	dd if=/dev/zero of="$B/filler" bs=1k count=$(( $(df --output=avail "$B" | tail -1) - 100 )) 2>/dev/null
	before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
	expect_rc 1 "$SUIJI" import objects "$T/demo/objects.csv" --date 2025-01-02
	expect_err "磁盘空间不足（SQLITE_FULL）"
	expect_err "未写入任何数据"
	expect_eq "$(wc -l <"$T/err")" "2" "one message, not one per row"
	if grep -q '^第[0-9]*行' "$T/err"; then not_ok "row errors after the disk filled"; else ok; fi
	rm "$B/filler"
	expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "nothing written"
	expect_rc 0 "$SUIJI" audit verify
	expect_rc 0 "$SUIJI" import objects "$T/demo/objects.csv" --date 2025-01-02
fi
done_testing
