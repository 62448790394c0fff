#!/usr/bin/env bash
# The main job on its embedded default: builds a demo database of realistic Jiaozuo data (the city
# bureau and its six county branches, the urban districts the city's own, 20,000 pollutant-discharge
# units, officers, conflicts, the item list, a demo login for every role printed once), writes and checks the annual plan, runs a draw end to end and verifies it with both
# verifiers, and walks through what exists. Everything lands in ./demo/ (recreated on each run).
set -euo pipefail
bin=$(realpath "${1:-build/suiji}")
src=$(cd "$(dirname "$0")/.." && pwd)
mkdir -p demo
rm -rf demo/suiji.db* demo/out
mkdir -p demo/out
export SUIJI_DB=$PWD/demo/suiji.db SUIJI_USER=${SUIJI_USER:-演示操作员}
step() { printf '\n\033[1m== %s\033[0m\n$ suiji %s\n' "$1" "${*:2}"; "$bin" "${@:2}"; }

# the demo's logins (one per role, the city and a branch) are printed once: kept in demo/out (0600)
# to show again when the server starts
(umask 077; step "生成焦作市演示数据（检查对象名录、检查人员名录、回避关系、随机抽查事项清单）" \
	demo --objects 20000 --out demo/data --date 2026-11-01 | tee demo/out/演示登录.txt)
step "市局与分局：辖区、本单位业务人员和名录规模" unit list
step "重点监管对象中的市管重点排污单位（前10个）" list objects --class 重点 --tag 市管 --limit 10
step "修武县的正面清单企业" list objects --region 410821 --tag 正面清单 --limit 5
step "检查人员名录（前5名）" list people --limit 5
step "2026年第四季度名录动态调整（事项清单）" directory changes --quarter 2026Q4 --kind items

step "编制2027年度抽查工作计划（第六条：12月底前制定并备案）" plan new --year 2027 --date 2026-11-20
step "计划事项1：市管重点排污单位每季度全覆盖" plan line add --year 2027 --name 市管重点排污单位季度检查 \
	--items JZ-HB-001,JZ-HB-002 --each --class 重点 --city-managed 是
step "计划事项2：其他重点排污单位每季度不少于5%" plan line add --year 2027 --name 重点排污单位季度抽查 \
	--items JZ-HB-001,JZ-HB-003 --ratio 5 --class 重点 --city-managed 否
step "计划事项3：一般监管对象按人员比例" plan line add --year 2027 --name 一般监管对象抽查 \
	--items JZ-HB-001 --per-staff 5 --class 一般
step "计划事项4：特殊监管对象提高比例" plan line add --year 2027 --name 特殊监管对象抽查 \
	--items JZ-HB-001,JZ-HB-005 --ratio 10 --class 特殊
step "核对第七条的最低比例和频次（不符合时列出差额）" plan check --year 2027 || true
step "备案，生成备案文件" plan file --year 2027 --out-dir demo/out

# (a Release build keeps the real clock: SUIJI_NOW exists only in test builds, docs/SECURITY.md)
step "抽取公告（T0）：冻结框架，公布承诺值" draw announce --year 2027 --lines 1,2,3,4 --period 2027Q1 \
	--beacon-source "福彩3D 2027-01-05 开奖号码" --date 2027-01-04
sleep 1 # in real life the public number is drawn after the announcement, usually the next day
step "抽取（T1）：录入公开随机数，生成检查任务" draw run 1 --beacon "5 2 8"
step "抽取记录（打印用）" draw record 1 -o demo/out/抽取记录.html --xlsx demo/out/抽取记录.xlsx
step "检查任务清单（Excel）" task list --draw 1 --format xlsx -o demo/out/检查任务清单.xlsx
step "演示：提前揭示抽取包（实际应在检查完成后）" draw export 1 --reveal --force --reason 演示 -o demo/out/抽取包.json
step "用 suiji 核验抽取包" verify demo/out/抽取包.json
printf '\n\033[1m== 用独立的 Python 核验程序核验同一抽取包\033[0m\n$ python3 tools/verify.py demo/out/抽取包.json\n'
python3 "$src/tools/verify.py" demo/out/抽取包.json
step "工作日计算：2025-09-20 检查结束，20个工作日内公开" calendar add 2025-09-20 20
step "审计链核验：任何事后改动都会被发现" audit verify
step "导出检查对象名录为 Excel" export objects --format xlsx -o demo/out/检查对象名录.xlsx
printf '\n演示数据库: %s\n演示文件: %s/demo/data/ 与 %s/demo/out/\n' "$SUIJI_DB" "$PWD" "$PWD"

# The web application on the demo database: every role signs in with the logins above.
# NO_SERVE=1 (or a run without a terminal) stops here.
if [ -z "${NO_SERVE:-}" ] && [ -t 0 ] && [ -t 1 ]; then
	printf '\n\033[1m== 网页应用: http://127.0.0.1:%s/  公开门户: http://127.0.0.1:%s/public/  （Ctrl-C 停止）\033[0m\n' \
		"${PORT:-8080}" "${PORT:-8080}"
	sed -n '/演示登录/,$p' demo/out/演示登录.txt
	exec "$bin" serve --listen "127.0.0.1:${PORT:-8080}" --web "$src/web/dist"
fi
