#!/usr/bin/env bash
# Secrets at rest (issue 12 item 10, first half): the database, its -wal and -shm, backups, restored
# databases and the signing key are created readable by their owner only, whatever the umask.
. "$(dirname "$0")/lib.sh"
umask 022
mode() { stat -c %a "$1"; }
expect_rc 0 "$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" import items "$DATA/dir/items.csv" --date 2025-01-02 >/dev/null
expect_eq "$(mode "$SUIJI_DB")" "600" "database"
expect_eq "$(mode "$SUIJI_DB.key")" "600" "signing key"
# with a connection open -wal and -shm exist: their modes
python3 - "$SUIJI_DB" <<'PY' >"$T/walmodes"
import os, sqlite3, stat, sys
db = sqlite3.connect(sys.argv[1])
db.execute("select count(*) from audit").fetchone()
db.execute("begin immediate")
db.execute("create temp table x(a)")
for ext in ("-wal", "-shm"):
    p = sys.argv[1] + ext
    print(ext, oct(stat.S_IMODE(os.stat(p).st_mode))[2:] if os.path.exists(p) else "missing")
db.rollback()
PY
expect_eq "$(cat "$T/walmodes")" "$(printf -- '-wal 600\n-shm 600')" "-wal and -shm follow the database"
expect_rc 0 "$SUIJI" backup "$T/b.db"
expect_eq "$(mode "$T/b.db")" "600" "backup"
expect_rc 0 "$SUIJI" --db "$T/restored.db" restore "$T/b.db"
expect_eq "$(mode "$T/restored.db")" "600" "restored database"
# a public output stays readable by others
expect_rc 0 "$SUIJI" export items -o "$T/items.csv"
expect_eq "$(mode "$T/items.csv")" "644" "an export keeps the umask's mode"
done_testing
