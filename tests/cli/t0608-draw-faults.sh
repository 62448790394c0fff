#!/usr/bin/env bash
# A draw under faults: two operators running the same draw at the same moment (exactly one wins, the
# other is told why, nothing is doubled), and a run killed with SIGKILL at moments spread over its run
# time (the database is exactly as before — announced, no tasks — or exactly as after, never between;
# the audit chain verifies either way). Then the run finishes and the package verifies.
. "$(dirname "$0")/lib.sh"
N=${SUIJI_FAULT_OBJECTS:-20000}
export SUIJI_NOW=2025-01-05T09:00:00+08:00
"$SUIJI" demo --objects "$N" --out "$T/gen" --date 2025-01-02 >/dev/null
"$SUIJI" plan new --year 2025 --date 2025-01-02 >/dev/null
"$SUIJI" plan line add --year 2025 --name 全部对象抽查 --items JZ-HB-001 --count $((N / 10)) >/dev/null
"$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null
for i in 1 2; do
	expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q$i --beacon-source "福彩3D 第$i期" --date 2025-01-05
done
export SUIJI_NOW=2025-01-06T21:30:00+08:00

state() {
	{
		sqlite3 "$SUIJI_DB" "select id, state, coalesce(beacon_value, ''), length(coalesce(result, '')) from draw order by id"
		sqlite3 "$SUIJI_DB" "select count(*), coalesce(sum(length(team)), 0) from task"
		sqlite3 "$SUIJI_DB" "select seq, hash from audit order by seq desc limit 1"
	} | sha256sum | cut -c1-16
}

# two operators, the same draw, the same moment
"$SUIJI" draw run 1 --beacon 111 >"$T/a.out" 2>"$T/a.err" &
pa=$!
"$SUIJI" draw run 1 --beacon 222 >"$T/b.out" 2>"$T/b.err" &
pb=$!
wait $pa
ra=$?
wait $pb
rb=$?
expect_eq "$(( (ra == 0) + (rb == 0) ))" "1" "exactly one run wins"
if [ $ra -ne 0 ]; then loser=$T/a.err; else loser=$T/b.err; fi
if grep -qE "只能运行一次|另一操作|占用" "$loser"; then ok; else not_ok "the loser is told why: $(cat "$loser")"; fi
visits=$(sqlite3 "$SUIJI_DB" "select count(*) from task where draw_id = 1")
expect_eq "$visits" "$((N / 10))" "the tasks of one run, not two"
expect_eq "$(sqlite3 "$SUIJI_DB" "select count(distinct visit_no) from task where draw_id = 1")" "$visits" "no visit doubled"
expect_rc 0 "$SUIJI" audit verify

# draw 2 killed at moments spread over its run time (measured on a copy run to the end: "after")
before=$(state)
cp "$SUIJI_DB" "$T/announced.db"
cp "$T/announced.db" "$T/timing.db"
t0=$(date +%s%N)
SUIJI_SALT_KEY=$SUIJI_DB.key.salt "$SUIJI" --db "$T/timing.db" draw run 2 --beacon 333 >/dev/null # the copy opens its salt with the key kept beside the original
t1=$(date +%s%N)
dur=$(( (t1 - t0) / 1000000 ))
after_db=$T/timing.db
after=$(SUIJI_DB=$after_db state)
[ "$dur" -gt 0 ] || dur=1
saw_before=0 saw_after=0
for k in $(seq 1 12); do
	cp "$T/announced.db" "$SUIJI_DB"
	rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
	"$SUIJI" draw run 2 --beacon 333 >/dev/null 2>&1 &
	pid=$!
	sleep "$(awk -v d="$dur" -v k="$k" 'BEGIN { printf "%.3f", d * k / 12 / 1000 }')"
	kill -9 $pid 2>/dev/null
	wait $pid 2>/dev/null
	now=$(state)
	if [ "$now" = "$before" ]; then
		saw_before=$((saw_before + 1)); ok
	elif [ "$now" = "$after" ]; then
		saw_after=$((saw_after + 1)); ok
	else
		not_ok "kill $k: the database is neither as before nor as after"
	fi
	expect_rc 0 "$SUIJI" audit verify
done
echo "killed runs: $saw_before left as before, $saw_after as after"
[ $saw_before -gt 0 ] && ok || not_ok "some kill landed before the commit"

# and finally the run completes, the package verifies
cp "$T/announced.db" "$SUIJI_DB"
rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
expect_rc 0 "$SUIJI" draw run 2 --beacon 333
expect_eq "$(state)" "$after" "the completed run equals the uninterrupted one"
expect_rc 0 "$SUIJI" draw export 2 --reveal --force --reason 测试 -o "$T/pkg.json"
expect_rc 0 "$SUIJI" verify "$T/pkg.json"

done_testing
