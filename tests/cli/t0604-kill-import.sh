#!/usr/bin/env bash
# No data lost: an import killed with SIGKILL at any moment leaves the database exactly as it was
# before (same content, same schema, same audit head) or, if it had committed, exactly as after —
# never between. Two phases, each killed at points spread over its measured run time:
#   A. the first import into an empty directory (the bulk path, which drops and rebuilds an index);
#   B. a --full re-import that adds, changes and removes entries.
# Then the import is allowed to finish and everything verifies. SUIJI_FAULT_OBJECTS sets the file
# size (default 20000 rows, so that the whole test stays under a minute under ASan; bench/ runs it
# with 200000).
. "$(dirname "$0")/lib.sh"
N=${SUIJI_FAULT_OBJECTS:-20000}
export SUIJI_NOW=2025-04-01T09:00:00+08:00 # the same change set whenever it runs: "after" is one state
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" demo --files-only --objects "$N" --out "$T/gen" >/dev/null
python3 - "$T/gen/objects.csv" "$T" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8-sig", newline="")))
head, body = rows[0], rows[1:]
base = body[: len(body) * 4 // 5]
changed = []
for i, r in enumerate(body):
    if i < len(base) and i % 11 == 0:
        continue                      # no longer listed: removed by --full
    r = r[:]
    if i % 7 == 0:
        r[1] = r[1] + "（更名）"     # renamed: a change
    changed.append(r)                 # and the last fifth: new
for name, rs in (("base.csv", base), ("changed.csv", changed)):
    with open(sys.argv[2] + "/" + name, "w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([head] + rs)
PY

# state: everything a reader could see — content, schema, audit head
state() {
	{
		sqlite3 "$SUIJI_DB" ".sha3sum"
		sqlite3 "$SUIJI_DB" "select type, name, sql from sqlite_master order by type, name"
		sqlite3 "$SUIJI_DB" "select seq, hash from audit order by seq desc limit 1"
	} | sha256sum | cut -c1-16
}
now() { date +%s.%N; }

# phase NAME FILE KILLS ARGS…: measure the import on a copy, then kill it at KILLS points
phase() {
	local name=$1 file=$2 kills=$3
	shift 3
	sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
	local before
	before=$(state)
	# the run allowed to finish, on a copy: its time, and the state after
	cp "$SUIJI_DB" "$T/copy.db"
	local t0 t1
	t0=$(now)
	SUIJI_DB=$T/copy.db "$SUIJI" import objects "$file" "$@" >"$T/full.out" 2>&1 || { cat "$T/full.out" >&2; not_ok "$name: the import fails"; }
	t1=$(now)
	local after
	after=$(SUIJI_DB=$T/copy.db state)
	local total
	total=$(awk -v a="$t0" -v b="$t1" 'BEGIN{print b - a}')
	echo "$name: 导入用时 ${total} 秒，在其间 $kills 个时刻杀掉进程" >&2
	local i mid=0 done_=0
	for i in $(seq 1 "$kills"); do
		# points from 3 % to 97 % of the run
		local at
		at=$(awk -v t="$total" -v i="$i" -v k="$kills" 'BEGIN{printf "%.3f", t * (0.03 + 0.94 * (i - 1) / (k - 1))}')
		"$SUIJI" import objects "$file" "$@" >/dev/null 2>&1 &
		local pid=$!
		sleep "$at"
		if kill -9 $pid 2>/dev/null; then mid=$((mid + 1)); else
			# it had ended before this point: the runs are quicker than the one measured (the machine's
			# load varies under ctest -j), so the next points are spread over this shorter time
			total=$at
		fi
		wait $pid 2>/dev/null
		local s
		s=$(state)
		if [ "$s" = "$before" ]; then
			ok
		elif [ "$s" = "$after" ]; then
			ok # it had committed: the state after, whole
			done_=$((done_ + 1))
			# back to "before" for the next point
			sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
			cp "$T/before.db" "$SUIJI_DB"
			rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
		else
			not_ok "$name: killed after ${at} s, the database is neither as before nor as after"
			sqlite3 "$SUIJI_DB" "select count(*), max(batch_id) from object_version" >&2
		fi
		expect_eq "$(sqlite3 "$SUIJI_DB" "PRAGMA integrity_check")" "ok" "$name: integrity after a kill at ${at} s"
	done
	echo "$name: $mid 次在导入进行中被杀，$done_ 次已提交" >&2
	[ "$mid" -ge $((kills / 2)) ] && ok || not_ok "$name: only $mid kills landed during the import"
	expect_rc 0 "$SUIJI" audit verify
}

cp "$SUIJI_DB" "$T/before.db"
phase A "$T/base.csv" 6 --date 2025-01-02
expect_eq "$(sql "select count(*) from object_version")" "0" "A: nothing of the killed imports"
expect_eq "$(sql "select count(*) from batch")" "0" "A: no change set"
expect_eq "$(sql "select count(*) from sqlite_master where name = 'object_version_current'")" "1" "A: the unique index is there"

# the base import, allowed to finish
expect_rc 0 "$SUIJI" import objects "$T/base.csv" --date 2025-01-02
expect_out "新增 $((N * 4 / 5))，"
sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
cp "$SUIJI_DB" "$T/before.db"
rows_before=$(sql "select count(*) from object_version")
phase B "$T/changed.csv" 9 --date 2025-04-01 --full
expect_eq "$(sql "select count(*) from object_version")" "$rows_before" "B: no row of the killed imports"
expect_eq "$(sql "select count(*) from batch")" "1" "B: one change set"

# and a later import succeeds
expect_rc 0 "$SUIJI" import objects "$T/changed.csv" --date 2025-04-01 --full
expect_out "新增 $((N - N * 4 / 5))，"
expect_rc 0 "$SUIJI" audit verify
expect_out "审计链: 共 5 条记录"
done_testing
