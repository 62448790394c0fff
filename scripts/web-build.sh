#!/usr/bin/env bash
# Builds the web application and the public portal (web/) into web/dist, which `suiji serve` serves.
# Installs the npm packages from web/package-lock.json with `npm ci` only when web/node_modules is
# missing or the lock file changed since the last install; skips the build when web/dist is newer
# than every source file. After the first install it works offline. Safe to run concurrently (flock).
# Usage: scripts/web-build.sh [--force]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
web=$root/web
force=${1:-}

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
	echo "错误：未找到 Node.js（node）或 npm，无法构建网页应用。请先运行 scripts/deps.sh（Debian: apt-get install nodejs npm）。" >&2
	exit 1
fi
major=$(node -p 'process.versions.node.split(".")[0]')
if [ "$major" -lt 18 ]; then
	echo "错误：Node.js 版本过低（$(node --version)），网页应用需要 18 或更高版本。" >&2
	exit 1
fi

exec 8>"$web/.build.lock"
flock 8

lock_sum=$(sha256sum "$web/package-lock.json" | cut -d' ' -f1)
stamp=$web/node_modules/.suiji-lock-sha256
if [ ! -d "$web/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
	echo "安装网页应用依赖（npm ci，依据 web/package-lock.json）……"
	if ! (cd "$web" && npm ci --no-audit --no-fund --loglevel=error); then
		echo "错误：npm ci 失败。首次安装需要能访问 npm 仓库（或配置的镜像）；之后可离线构建。" >&2
		exit 1
	fi
	echo "$lock_sum" >"$stamp"
fi

built=$web/dist/.built
if [ "$force" != "--force" ] && [ -f "$built" ] && [ -f "$web/dist/index.html" ] && [ -f "$web/dist/public/index.html" ] &&
	[ -z "$(find "$web/src" "$web/index.html" "$web/public" "$web/vite.config.js" "$web/package-lock.json" \
		"$web/scripts" -newer "$built" -print -quit)" ]; then
	exit 0
fi
echo "构建网页应用（vite build → web/dist）……"
if ! (cd "$web" && npm run --silent build >"$web/.build.log" 2>&1); then
	cat "$web/.build.log" >&2
	echo "错误：网页应用构建失败（详见上方输出）。" >&2
	exit 1
fi
tail -1 "$web/.build.log"
touch "$built"
