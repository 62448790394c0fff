#!/usr/bin/env bash
# The main job on its embedded default: builds a demo database of realistic Jiaozuo data (the city
# bureau, its ten counties and districts, 20,000 pollutant-discharge units, officers, conflicts, the
# item list) and walks through what exists. Everything lands in ./demo/ (recreated on each run).
set -euo pipefail
bin=$(realpath "${1:-build/suiji}")
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p demo
rm -f demo/suiji.db demo/suiji.db-wal demo/suiji.db-shm
export SUIJI_DB=$PWD/demo/suiji.db SUIJI_USER=${SUIJI_USER:-演示操作员}
step() { printf '\n\033[1m== %s\033[0m\n$ suiji %s\n' "$1" "${*:2}"; "$bin" "${@:2}"; }

step "生成焦作市演示数据（检查对象名录、检查人员名录、回避关系、随机抽查事项清单）" \
	demo --objects 20000 --out demo/data --date 2025-01-02
step "重点监管对象中的市管重点排污单位（前10个）" list objects --class 重点 --tag 市管 --limit 10
step "修武县的正面清单企业" list objects --region 410821 --tag 正面清单 --limit 5
step "检查人员名录（前5名）" list people --limit 5
step "随机抽查事项清单" list items --limit 0
step "2025年第一季度名录动态调整" directory changes --quarter 2025Q1 --kind items
step "导出检查对象名录为 Excel" export objects --format xlsx -o demo/objects.xlsx
step "工作日计算：2025-09-20 检查结束，20个工作日内公开" calendar add 2025-09-20 20
for v in "$src"/docs/draw-vectors/*.json; do
	[ -f "$v" ] || continue
	step "独立核验一份抽取包（$(basename "$v")）" verify "$v" || true
	break
done
printf '\n演示数据库: %s\n演示文件: %s/demo/data/\n' "$SUIJI_DB" "$PWD"
