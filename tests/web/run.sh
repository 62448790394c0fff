#!/usr/bin/env bash
# Runs one browser test (tests/web/NAME.mjs) for ctest: builds web/dist if needed, installs
# playwright-core from tests/web/package-lock.json if needed (npm ci; offline afterwards), and runs
# the test with Node. Exit 77 (ctest: skipped) only when Debian's chromium is not installed.
# Usage: tests/web/run.sh NAME
set -euo pipefail
name=${1:?用法: tests/web/run.sh 测试名}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
chromium=${SUIJI_CHROMIUM:-/usr/bin/chromium}
if [ ! -x "$chromium" ]; then
	echo "跳过: 未安装 chromium（$chromium），浏览器测试需要 Debian 的 chromium 软件包（scripts/deps.sh 会安装）"
	exit 77
fi
bash "$root/scripts/web-build.sh"
exec 8>"$here/.install.lock"
flock 8
sum=$(sha256sum "$here/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$here/node_modules" ] || [ "$(cat "$here/node_modules/.suiji-lock-sha256" 2>/dev/null)" != "$sum" ]; then
	echo "安装浏览器测试依赖（npm ci: playwright-core）……"
	(cd "$here" && npm ci --no-audit --no-fund --loglevel=error) || { echo "错误：npm ci 失败（tests/web）" >&2; exit 1; }
	echo "$sum" >"$here/node_modules/.suiji-lock-sha256"
fi
flock -u 8
exec node "$here/$name.mjs"
