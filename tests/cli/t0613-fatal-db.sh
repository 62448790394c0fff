#!/usr/bin/env bash
# Stop at the first fatal database error (issue 12 item 6): an import into a database whose pages are
# corrupt stops at once with one clear message (not one error per row) and writes nothing. The disk-full
# case is in t0610 (it needs a tmpfs).
. "$(dirname "$0")/lib.sh"
export SUIJI_NOW=2025-01-01T09:00:00+08:00
"$SUIJI" --db "$T/demo.db" demo --objects 3000 --out "$T/demo" --date 2025-01-02 >/dev/null 2>&1
expect_rc 0 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_rc 0 "$SUIJI" import objects "$T/demo/objects.csv" --date 2025-01-02
sqlite3 "$SUIJI_DB" "pragma wal_checkpoint(truncate)" >/dev/null
pages=$(sqlite3 "$SUIJI_DB" "pragma page_count")
[ "$pages" -gt 200 ] && ok || not_ok "the directory spans enough pages ($pages)"
# 20 pages in the middle of the directory's rows overwritten with noise
head -c $((20 * 4096)) /dev/urandom | dd of="$SUIJI_DB" bs=4096 seek=100 conv=notrunc 2>/dev/null
before=$(sha256sum <"$SUIJI_DB")
sed 's/有限公司/有限责任公司/' "$T/demo/objects.csv" >"$T/changed.csv"
expect_rc 1 "$SUIJI" import objects "$T/changed.csv" --date 2025-02-01
expect_err "数据库文件已损坏（SQLITE_CORRUPT）。操作已中止，本次未写入任何数据"
expect_eq "$(wc -l <"$T/err")" "2" "one message and the summary, not one per row"
if grep -q '^第[0-9]*行' "$T/err"; then not_ok "row errors after the fatal error"; else ok; fi
expect_eq "$(sha256sum <"$SUIJI_DB")" "$before" "nothing written"
done_testing
