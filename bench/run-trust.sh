#!/usr/bin/env bash
# What trust costs: for directories of 100,000 and 1,000,000 objects, the import, "audit verify"
# (re-hashing every row), "backup" and "restore" (SQLite online backup), and the database size; then
# the kill test (tests/cli/t0604) on a 200,000-row file. Prints tables for docs/PERFORMANCE.md.
# Usage: bench/run-trust.sh [path/to/suiji]
set -euo pipefail
bin=$(realpath "${1:-build/suiji}")
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

secs() { /usr/bin/time -f '%e' -o "$work/t" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; return 1; }; cat "$work/t"; }

echo
echo "## 审计核验、备份与恢复（秒）"
printf '| 行数 | 导入 | audit verify | backup | restore | 数据库 MB |\n|---:|---:|---:|---:|---:|---:|\n'
for n in 100000 1000000; do
	"$bin" demo --files-only --objects $n --out "$work/d" >/dev/null
	db=$work/s.db
	rm -f "$db"* "$work/b.db" "$work/r.db"*
	"$bin" --db "$db" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null
	imp=$(secs "$bin" --db "$db" import objects "$work/d/objects.csv")
	ver=$(secs "$bin" --db "$db" audit verify)
	bak=$(secs "$bin" --db "$db" backup "$work/b.db")
	res=$(secs "$bin" --db "$work/r.db" restore "$work/b.db")
	size=$(($(stat -c %s "$work/b.db") / 1048576))
	printf '| %d | %s | %s | %s | %s | %d |\n' $n "$imp" "$ver" "$bak" "$res" "$size"
	rm -rf "$work/d" "$db"* "$work/b.db" "$work/r.db"*
done

echo
echo "## 导入中途被杀（tests/cli/t0604，200000 行）"
SUIJI=$bin SUIJI_SRC=$src SUIJI_FAULT_OBJECTS=200000 bash "$src/tests/cli/t0604-kill-import.sh" 2>&1 |
	grep -E '导入用时|次在导入进行中|passed' | sed 's/^/    /'
