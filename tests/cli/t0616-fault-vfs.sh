#!/usr/bin/env bash
# Fault injection in the manner of SQLite's own tests (issue 12): suiji-fault is suiji linked with a
# test VFS (tests/fault/faultvfs.c) that fails the Nth write or the Nth sync of any file SQLite
# opens. For import, draw announce, draw run, result record and publish, N is swept over every write
# and every sync the command makes (sampled evenly when there are more than SUIJI_FAULT_MAX, default
# 40): each run either completes (exit 0, the chain verifies) or fails with a clear message (错误:, no
# success line) leaving the database exactly as before (the same .dump) and no output file; and the
# database passes integrity_check and audit verify afterwards either way. The same binary fails the
# Nth fsync() of the program's own output files: publish (which only reads the database) is swept
# over those, and must leave the previous site as it was (or, when only the final sync of the parent
# directory fails after the new site was renamed into place, say so, the new site whole).
. "$(dirname "$0")/lib.sh"
F=${SUIJI_FAULT_BIN:?SUIJI_FAULT_BIN must name the suiji-fault binary}
MAX=${SUIJI_FAULT_MAX:-40}
D=$DATA/dir
export SUIJI_NOW=2024-12-01T08:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" import items "$D/items.csv" --date 2025-01-10 >/dev/null

dump() { sqlite3 "$SUIJI_DB" .dump | sha256sum | cut -c1-16; }
checkpoint() { sqlite3 "$SUIJI_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null; }

# sweep NAME SUCCESS-TEXT OUTPUT|- ARGS…: from the database as it is now, run ARGS under every fault
sweep() {
	local name=$1 success=$2 output=$3
	shift 3
	checkpoint
	cp "$SUIJI_DB" "$T/sweep-before.db"
	local before
	before=$(dump)
	# the output as it was (absent, or an earlier site), and a run without faults: how many writes and
	# syncs it makes, and its output
	rm -rf "$T/old-output" "$T/ref-output"
	if [ "$output" != - ] && [ -e "$output" ]; then cp -a "$output" "$T/old-output"; fi
	SUIJI_FAULT_REPORT=$T/report "$F" "$@" >/dev/null 2>&1 || not_ok "$name: fails without a fault"
	if [ "$output" != - ]; then cp -a "$output" "$T/ref-output"; fi
	local writes syncs fsyncs
	read -r _ writes _ syncs _ fsyncs _ _ <"$T/report"
	local kind total n step runs=0 completed=0 refused=0
	for kind in WRITE SYNC FSYNC; do
		case $kind in WRITE) total=$writes ;; SYNC) total=$syncs ;; FSYNC) total=$fsyncs ;; esac
		step=$(((total + MAX - 1) / MAX))
		[ "$step" -ge 1 ] || step=1
		for n in $(seq 1 "$step" "$total"); do
			cp "$T/sweep-before.db" "$SUIJI_DB"
			rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm" "$T/report"
			if [ "$output" != - ]; then
				rm -rf "$output"
				if [ -e "$T/old-output" ]; then cp -a "$T/old-output" "$output"; fi
			fi
			local rc=0
			env "SUIJI_FAULT_$kind=$n" SUIJI_FAULT_FULL=$((n % 2)) SUIJI_FAULT_REPORT="$T/report" \
				"$F" "$@" >"$T/out" 2>"$T/err" || rc=$?
			runs=$((runs + 1))
			if [ $rc -eq 0 ]; then
				completed=$((completed + 1))
				grep -qF -- "$success" "$T/out" || not_ok "$name: $kind $n: exit 0 without “$success”"
			else
				refused=$((refused + 1))
				[ "$(dump)" = "$before" ] || not_ok "$name: $kind $n failed (exit $rc) and the database changed"
				grep -q '^错误: ' "$T/err" || not_ok "$name: $kind $n: no clear message: $(head -c 300 "$T/err")"
				grep -qF -- "$success" "$T/out" && not_ok "$name: $kind $n: failed but printed “$success”"
				if [ "$output" != - ]; then
					if grep -qF "同步目录失败" "$T/err"; then
						# renamed into place, then its directory could not be synced: the new output,
						# whole, and said so
						diff -r "$T/ref-output" "$output" >/dev/null || not_ok "$name: $kind $n: the output is not the whole new one"
					elif [ -e "$T/old-output" ]; then
						diff -r "$T/old-output" "$output" >/dev/null || not_ok "$name: $kind $n: failed and changed $output"
					elif [ -e "$output" ]; then
						not_ok "$name: $kind $n: failed and left $output"
					fi
					[ -z "$(find "$(dirname "$output")" -maxdepth 1 -name ".$(basename "$output").*")" ] ||
						not_ok "$name: $kind $n: a temporary directory left beside $output"
				fi
				[ "$rc" -eq 1 ] || not_ok "$name: $kind $n: exit $rc (a crash?): $(head -c 300 "$T/err")"
			fi
			[ "$(sqlite3 "$SUIJI_DB" "PRAGMA integrity_check")" = ok ] || not_ok "$name: $kind $n: integrity"
			"$SUIJI" audit verify >/dev/null 2>"$T/verr" || not_ok "$name: $kind $n: audit verify: $(cat "$T/verr")"
		done
	done
	echo "$name: SQLite 写 $writes 次、同步 $syncs 次，fsync $fsyncs 次；注入故障 $runs 次：完成 $completed 次，拒绝且未改动 $refused 次" >&2
	[ "$runs" -gt 0 ] && ok || not_ok "$name: no fault injected"
	# and the command itself, for the next step
	cp "$T/sweep-before.db" "$SUIJI_DB"
	rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
	if [ "$output" != - ]; then
		rm -rf "$output"
		if [ -e "$T/old-output" ]; then cp -a "$T/old-output" "$output"; fi
	fi
	expect_rc 0 "$SUIJI" "$@"
}

sweep "import objects" "导入完成" - import objects "$D/objects.csv" --date 2025-01-10
for k in people conflicts; do "$SUIJI" import $k "$D/$k.csv" --date 2025-01-10 >/dev/null; done
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan new --year 2025 >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan line add --year 2025 --name 市管重点排污单位季度检查 --items JZ-001 \
	--class 重点 --city-managed 是 --each >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan line add --year 2025 --name 非市管重点排污单位抽查 --items JZ-001,JZ-002 \
	--class 重点 --city-managed 否 --ratio 5 >/dev/null
SUIJI_NOW=2025-01-10T09:00:00+08:00 "$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null
export SUIJI_NOW=2025-06-27T09:00:00+08:00
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
sweep "draw announce" "抽取公告（第 1 号）" - draw announce --year 2025 --lines 1,2 --period 2025Q3 \
	--beacon-source "福彩3D 2025-06-30 开奖号码" --experts 1
export SUIJI_NOW=2025-07-01T09:00:00+08:00
sweep "draw run" "检查对象 3 个" - draw run 1 --beacon "3 1 4"
HS=$(sql "select id from task where draw_id = 1 and uscc = '914108821734567860'")
export SUIJI_NOW=2025-09-22T09:00:00+08:00
sweep "result record" "已录入任务" - --as 李红梅 result record "$HS" --result 未发现问题 --date 2025-09-20
"$SUIJI" publish --out "$T/site" >/dev/null 2>&1
"$SUIJI" disclosure publish "$HS" >/dev/null 2>&1 || true
sweep "publish" "已生成公开网站" "$T/site" publish --out "$T/site"
done_testing
