#!/usr/bin/env bash
# No half-written output (issue 12, the kill -9 tests of t0604 extended): backup, export and publish
# killed with SIGKILL at moments spread over their run time leave the target either exactly as it was
# before (an earlier backup, an earlier export, an earlier site) or the complete new one — never a
# truncated file or a site without index.html — and the database untouched; a run afterwards
# succeeds. SUIJI_FAULT_OBJECTS sets the directory's size (default 20000 rows).
. "$(dirname "$0")/lib.sh"
N=${SUIJI_FAULT_OBJECTS:-20000}
KILLS=${SUIJI_FAULT_KILLS:-8}
export SUIJI_NOW=2025-01-05T09:00:00+08:00
"$SUIJI" demo --objects "$N" --out "$T/gen" --date 2025-01-02 >/dev/null
sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
dbstate() { sqlite3 "$SUIJI_DB" .sha3sum; }
now() { date +%s%N; }
# same OLD NEW TARGET: 0 when TARGET is byte for byte OLD (or absent when OLD is absent), 1 when NEW
same() { if [ -e "$1" ]; then diff -r "$1" "$3" >/dev/null 2>&1; else [ ! -e "$3" ]; fi; }

# killrun NAME TARGET CHECK-FN ARGS…: the old target is what TARGET holds now; the complete new one is
# what an uninterrupted run on the side writes (compared with CHECK-FN, which prints a summary)
killrun() {
	local name=$1 target=$2 check=$3
	shift 3
	rm -rf "$T/old" "$T/new"
	if [ -e "$target" ]; then cp -a "$target" "$T/old"; fi
	local db0
	db0=$(dbstate)
	local t0 t1
	t0=$(now)
	"$SUIJI" "$@" >/dev/null 2>"$T/kerr" || { not_ok "$name: fails uninterrupted: $(cat "$T/kerr")"; return; }
	t1=$(now)
	cp -a "$target" "$T/new"
	local newsum oldsum=""
	newsum=$($check "$T/new")
	[ -e "$T/old" ] && oldsum=$($check "$T/old")
	local dur=$(((t1 - t0) / 1000000))
	[ "$dur" -gt 0 ] || dur=1
	local k mid=0 asold=0 asnew=0
	for k in $(seq 1 "$KILLS"); do
		rm -rf "$target"
		if [ -e "$T/old" ]; then cp -a "$T/old" "$target"; fi
		"$SUIJI" "$@" >/dev/null 2>&1 &
		local pid=$!
		sleep "$(awk -v d="$dur" -v k="$k" -v n="$KILLS" 'BEGIN { printf "%.3f", d * (0.05 + 0.9 * (k - 1) / (n - 1)) / 1000 }')"
		kill -9 $pid 2>/dev/null && mid=$((mid + 1))
		wait $pid 2>/dev/null
		local got
		if [ -e "$target" ]; then got=$($check "$target"); else got=""; fi
		if [ "$got" = "$oldsum" ] && { [ -e "$T/old" ] || [ ! -e "$target" ]; }; then
			asold=$((asold + 1))
			ok
		elif [ "$got" = "$newsum" ]; then
			asnew=$((asnew + 1))
			ok
		else
			not_ok "$name: killed after $k/$KILLS of its run: $target is neither the old nor the complete new one"
		fi
		[ "$(dbstate)" = "$db0" ] || not_ok "$name: the database changed"
	done
	echo "$name: 用时 ${dur} 毫秒，杀 $KILLS 次（其中 $mid 次在运行中）：原样 $asold 次，完整的新文件 $asnew 次" >&2
	# and afterwards it runs to the end
	expect_rc 0 "$SUIJI" "$@"
	expect_eq "$($check "$target")" "$newsum" "$name: a run after the kills"
}

sum_file() { sha256sum <"$1" | cut -c1-16; }
sum_db() { sqlite3 "$1" "PRAGMA integrity_check" | head -1; sqlite3 "$1" .sha3sum; }
sum_site() { [ -f "$1/index.html" ] || echo "no index.html"; (cd "$1" && find . -type f | sort | xargs sha256sum) | sha256sum | cut -c1-16; }

# export: an earlier export of another directory state is the "old" file
"$SUIJI" export people -o "$T/objects.csv" >/dev/null
killrun "export" "$T/objects.csv" sum_file export objects -o "$T/objects.csv"
# backup: an earlier backup (before one more import) is the "old" file; --force replaces it
"$SUIJI" backup "$T/backup.db" >/dev/null
"$SUIJI" import items "$T/gen/items.csv" --date 2025-01-05 >/dev/null 2>&1 || true
sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
killrun "backup" "$T/backup.db" sum_db backup "$T/backup.db" --force
# publish: first into a new directory, then over the site published before
killrun "publish (new)" "$T/site" sum_site publish --out "$T/site"
killrun "publish (replace)" "$T/site" sum_site publish --out "$T/site"
done_testing
