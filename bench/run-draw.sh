#!/usr/bin/env bash
# Draw benchmark: 10^6 objects, ~10^4 officers, 5·10^4 visits, end to end from the database
# (announce: the frame built from the directory snapshot, hashed and stored; run: the protocol and
# 5·10^4 tasks written), beside the naive baseline a user would write: sqlite3 picking the same counts
# with ORDER BY random() LIMIT k from plain tables holding the same rows (copied out of the database
# first, so that the baseline does not go through object_version's generated key and partial index).
# Usage: bench/run-draw.sh [path/to/suiji] [objects]
set -euo pipefail
bin=$(realpath "${1:-build/suiji}")
n=${2:-1000000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export SUIJI_DB=$work/d.db SUIJI_USER=bench

measure() {
	/usr/bin/time -f '%e %M' -o "$work/time" "$@" >"$work/out" 2>"$work/err" || { cat "$work/err" >&2; return 1; }
	read -r wall rss <"$work/time"
	echo "$wall $((rss / 1024))"
}

"$bin" demo --objects "$n" --people $((n / 74 > 200 ? n / 74 : 200)) --out "$work/data" --date 2025-01-02 >/dev/null
officers=$(sqlite3 "$SUIJI_DB" "select count(*) from person_version where valid_to is null and kind = '执法' and active = '是'")
visits=$((n / 20))
"$bin" plan new --year 2025 --date 2025-01-02 >/dev/null
"$bin" plan line add --year 2025 --name 全部对象抽查 --items JZ-HB-001 --count $visits >/dev/null
"$bin" plan file --year 2025 --out-dir "$work" >/dev/null

read -r t_ann rss_ann < <(measure "$bin" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source bench --date 2025-01-05 --reason 基准测试)
read -r t_run rss_run < <(measure "$bin" draw run 1 --beacon 12345)
got=$(sqlite3 "$SUIJI_DB" "select count(*) from task where draw_id = 1")
sqlite3 "$work/plain.db" "attach '$SUIJI_DB' as s;
create table objects as select * from s.object_version where valid_to is null and removed = 0;
create table people as select * from s.person_version where valid_to is null and removed = 0;"
read -r t_base rss_base < <(measure sqlite3 "$work/plain.db" \
	"select k from objects order by random() limit $visits" \
	"select k from people where kind = '执法' order by random() limit $officers")
echo
echo "## 抽取（$n 个检查对象，$officers 名执法人员，$got 个检查对象被抽中）"
printf '| 步骤 | 秒 | 峰值内存 MiB |\n|---|---:|---:|\n'
printf '| suiji draw announce（建框架、哈希、保存） | %s | %s |\n' "$t_ann" "$rss_ann"
printf '| suiji draw run（协议计算、生成 %s 项任务） | %s | %s |\n' "$got" "$t_run" "$rss_run"
printf '| suiji 合计 | %s | |\n' "$(awk -v a="$t_ann" -v b="$t_run" 'BEGIN{printf "%.2f", a+b}')"
printf '| 基线：sqlite3 普通表 ORDER BY random() LIMIT（对象 %s、人员 %s） | %s | %s |\n' "$visits" "$officers" "$t_base" "$rss_base"
printf '| 比值（合计 / 基线） | %s× | |\n' "$(awk -v a="$t_ann" -v b="$t_run" -v c="$t_base" 'BEGIN{printf "%.2f", (a+b)/c}')"
