#!/usr/bin/env bash
# Two operators at the same moment, as two real processes: a change set holds the write lock from
# its start (BEGIN IMMEDIATE), so the other waits; when the wait outlasts the busy timeout it gives up
# with a clear message having changed nothing. Two imports of the same file never double anything:
# the one that comes second finds every entry unchanged. "audit verify" and "backup" running beside
# an import see the database before or after it, never between.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" user add 甲 --role 市局管理员 >/dev/null
"$SUIJI" user add 乙 --role 市局管理员 >/dev/null
"$SUIJI" demo --files-only --objects 25000 --people 300 --out "$T/big" >/dev/null
"$SUIJI" demo --files-only --objects 3000 --seed 7 --out "$T/small" >/dev/null

# locked: 0 when some connection holds the write lock of the test database
locked() { ! sqlite3 -cmd ".timeout 0" "$SUIJI_DB" "BEGIN IMMEDIATE; ROLLBACK;" >/dev/null 2>&1; }
# wait_locked PID: until process PID holds the lock (or has ended)
wait_locked() {
	for _ in $(seq 1 600); do
		locked && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.02
	done
	return 1
}

# 1. a long import holds the lock; a second operator's import gives up cleanly after its timeout
"$SUIJI" import objects "$T/big/objects.csv" --date 2025-01-02 >"$T/a.out" 2>"$T/a.err" &
a=$!
if wait_locked $a; then ok; else not_ok "the first import never took the write lock"; fi
SUIJI_BUSY_TIMEOUT=200 expect_rc 1 "$SUIJI" import items "$D/items.csv" --date 2025-01-02
expect_err "数据库正被另一项操作占用"
expect_err "本次操作未做任何更改"
# reading goes on meanwhile: listing and verifying see the state before the import
expect_rc 0 "$SUIJI" audit verify
expect_out "审计链: 共 5 条记录"
wait $a
expect_eq "$?" "0" "the first import succeeds"
expect_eq "$(sql "select count(*) from object_version")" "25000" "its rows, once"
expect_eq "$(sql "select count(*) from item_version")" "0" "the refused import left nothing"
expect_eq "$(sql "select count(*) from batch")" "1" "one change set"
expect_rc 0 "$SUIJI" audit verify
expect_out "审计链: 共 6 条记录"

# 2. the same file imported by two operators at once: one adds, the other finds everything unchanged
export SUIJI_BUSY_TIMEOUT=120000
"$SUIJI" --as 甲 import objects "$T/small/objects.csv" --date 2025-02-01 >"$T/p.out" 2>"$T/p.err" &
p=$!
"$SUIJI" --as 乙 import objects "$T/small/objects.csv" --date 2025-02-01 >"$T/q.out" 2>"$T/q.err" &
q=$!
wait $p
rp=$?
wait $q
rq=$?
expect_eq "$rp$rq" "00" "both imports end well"
# (a few codes of the small file are also in the big one: those are changes, the rest new)
expect_eq "$(cat "$T/p.out" "$T/q.out" | grep -c '未变 0，')" "1" "exactly one writes the file's entries"
expect_eq "$(cat "$T/p.out" "$T/q.out" | grep -c '新增 0，变更 0，未变 3000')" "1" "the other finds them unchanged"
added=$(cat "$T/p.out" "$T/q.out" | sed -n 's/.*新增 \([0-9]*\)，.*未变 0，.*/\1/p')
expect_eq "$(sql "select count(*) from object_version where valid_to is null")" "$((25000 + added))" "nothing doubled"
expect_eq "$(sql "select count(*) from (select k from object_version where valid_to is null group by k having count(*) > 1)")" \
	"0" "no entry twice"
expect_eq "$(sql "select count(*) from batch")" "3" "two more change sets, both recorded"

# 3. four writers of different directories at once, with audit verify and a backup running beside
"$SUIJI" import items "$D/items.csv" --date 2025-02-02 >/dev/null 2>"$T/w1.err" &
w1=$!
"$SUIJI" import people "$T/big/people.csv" --date 2025-02-02 >/dev/null 2>"$T/w2.err" &
w2=$!
"$SUIJI" import objects "$T/big/objects.csv" --date 2025-02-03 --full >/dev/null 2>"$T/w3.err" &
w3=$!
verified=0
for _ in 1 2 3; do
	if "$SUIJI" audit verify >/dev/null 2>"$T/v.err"; then verified=$((verified + 1)); else cat "$T/v.err" >&2; fi
done
expect_eq "$verified" "3" "audit verify beside the writers never sees half a change"
expect_rc 0 "$SUIJI" backup "$T/during.db"
wait $w1 && wait $w2 && wait $w3
expect_eq "$?" "0" "all writers end well"
[ -s "$T/w1.err" ] || [ -s "$T/w2.err" ] || [ -s "$T/w3.err" ] && { cat "$T"/w?.err >&2; not_ok "a writer complained"; } || ok
expect_eq "$(sql "select count(*) from batch")" "6" "every change set recorded"
expect_rc 0 "$SUIJI" audit verify
expect_out "审计链: 共 11 条记录"
expect_no_out "未核对"
# the backup taken in the middle is a whole state of its own
expect_rc 0 "$SUIJI" --db "$T/during.db" audit verify
expect_out "核验通过"
done_testing
