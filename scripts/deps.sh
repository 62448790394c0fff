#!/usr/bin/env bash
# Installs the Debian packages suiji needs to build, run and test.
# `scripts/deps.sh bench` adds what only the benchmarks need (wrk, nginx-light: bench/run-http.sh);
# make check never needs them.
# As root it runs apt-get itself; otherwise it prints the exact command to run.
set -euo pipefail
pkgs=(build-essential cmake pkg-config clang clang-format libclang-rt-14-dev sqlite3 libsqlite3-dev
      libjansson-dev libssl-dev libxlsxwriter-dev libzip-dev libexpat1-dev libcmocka-dev libmicrohttpd-dev libargon2-dev libzstd-dev
      python3 curl time chromium chromium-driver fonts-noto-cjk)
# The web application is built with Node.js (scripts/web-build.sh). Debian's nodejs+npm only when no
# node is on PATH: a newer Node installed some other way (nvm, NodeSource) is kept as it is.
command -v node >/dev/null 2>&1 || pkgs+=(nodejs npm)
[ "${1:-}" = bench ] && pkgs+=(wrk nginx-light)
want=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || want+=("$p")
done
[ ${#want[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ]; then
  echo "安装缺少的软件包: ${want[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${want[@]}" >/dev/null
else
  echo "缺少软件包，请运行: sudo apt-get install -y ${want[*]}" >&2
  exit 1
fi
