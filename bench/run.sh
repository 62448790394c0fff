#!/usr/bin/env bash
# suiji benchmarks: prints tables, compares against a baseline measured in the same run.
# Usage: bench/run.sh [path/to/suiji] [import|xlsx|all]   (make bench runs all)
# Results and the machine go into docs/PERFORMANCE.md by hand, with the command used.
set -euo pipefail
bin=$(realpath "${1:-build/suiji}")
what=${2:-all}
src=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

machine() {
	echo "机器: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) 核, $(free -g | awk '/Mem:/{print $2}') GiB 内存"
	echo "系统: $(. /etc/os-release; echo "$PRETTY_NAME"), $(sqlite3 --version | cut -d' ' -f1-2 | sed 's/^/SQLite /')"
	echo "时间: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
}

# measure OUT_PREFIX cmd…: wall seconds and peak RSS (MiB) of one run
measure() {
	local tf=$work/time.txt
	/usr/bin/time -f '%e %M' -o "$tf" "$@" >/dev/null 2>"$work/stderr" || { cat "$work/stderr" >&2; return 1; }
	read -r wall rss <"$tf"
	echo "$wall $((rss / 1024))"
}

# a fresh database with its first administrator (the operator of every import below)
export SUIJI_USER=基准测试员
init_db() {
	rm -f "$1"*
	"$bin" --db "$1" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" \
		<<<'Bench-2026-pw' >/dev/null
}

bench_import() {
	echo
	echo "## 导入检查对象名录（suiji import objects，全部校验）对比 sqlite3 .import（不校验）"
	printf '| 行数 | 文件大小 | suiji 秒 | sqlite3 .import 秒 | 比值 | suiji 峰值内存 MiB | sqlite3 峰值内存 MiB | 再次导入（全部未变）秒 |\n'
	printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
	for n in 100000 1000000; do
		"$bin" demo --files-only --objects $n --out "$work/data$n" >/dev/null
		f=$work/data$n/objects.csv
		size=$(du -m "$f" | cut -f1)
		init_db "$work/s.db"
		read -r ours ours_rss < <(measure "$bin" --db "$work/s.db" import objects "$f")
		read -r again _ < <(measure "$bin" --db "$work/s.db" import objects "$f")
		rm -f "$work/b.db"*
		read -r base base_rss < <(measure sqlite3 "$work/b.db" ".mode csv" ".import $f t")
		ratio=$(awk -v a="$ours" -v b="$base" 'BEGIN{printf "%.2f", a/b}')
		printf '| %d | %d MB | %s | %s | %s× | %s | %s | %s |\n' $n "$size" "$ours" "$base" "$ratio" "$ours_rss" "$base_rss" "$again"
		rm -rf "$work/data$n" "$work/s.db"* "$work/b.db"*
	done
}

# The same rows as a workbook (suiji's own xlsx export of them) and as CSV, each into an empty database.
bench_xlsx() {
	echo
	echo "## 导入 .xlsx 工作簿对比同样内容的 CSV（suiji import objects，全部校验）"
	printf '| 行数 | CSV 大小 | xlsx 大小 | CSV 导入秒 | xlsx 导入秒 | 比值 | CSV 峰值内存 MiB | xlsx 峰值内存 MiB |\n'
	printf '|---:|---:|---:|---:|---:|---:|---:|---:|\n'
	for n in 100000 1000000; do
		"$bin" demo --files-only --objects $n --out "$work/data$n" >/dev/null
		f=$work/data$n/objects.csv x=$work/data$n/objects.xlsx
		init_db "$work/s.db"
		read -r csv csv_rss < <(measure "$bin" --db "$work/s.db" import objects "$f")
		"$bin" --db "$work/s.db" export objects --format xlsx -o "$x" >/dev/null
		init_db "$work/x.db"
		read -r xl xl_rss < <(measure "$bin" --db "$work/x.db" import objects "$x")
		ratio=$(awk -v a="$xl" -v b="$csv" 'BEGIN{printf "%.2f", a/b}')
		printf '| %d | %d MB | %d MB | %s | %s | %s× | %s | %s |\n' $n "$(du -m "$f" | cut -f1)" \
			"$(du -m "$x" | cut -f1)" "$csv" "$xl" "$ratio" "$csv_rss" "$xl_rss"
		rm -rf "$work/data$n" "$work/s.db"* "$work/x.db"*
	done
}

machine
case $what in
import) bench_import ;;
xlsx) bench_xlsx ;;
all)
	bench_import
	bench_xlsx
	for extra in "$src"/bench/run-*.sh; do [ -f "$extra" ] && bash "$extra" "$bin"; done
	;;
*) echo "用法: bench/run.sh [suiji] [import|xlsx|all]" >&2; exit 2 ;;
esac
