#!/usr/bin/env bash
# Benchmarks `suiji serve` with wrk on loopback, beside nginx serving the same page as a static file in
# the same run: the public portal's page (/public/), the application's page (/), authenticated API
# lists (GET /api/objects and GET /api/units over 20 000 objects, GET /api/users), each API list beside
# nginx serving the same JSON saved as a static file, and the portal's search API over 300 published
# results (GET /public/api/search, two terms) beside nginx serving the very same answer saved as a file.
# Prints a Markdown table (requests/s and latency percentiles) and the machine; the results go into
# docs/PERFORMANCE.md by hand.
# Usage: [SUIJI_WEB=web/dist] bench/run-http.sh [path/to/suiji] [seconds per run, default 10]
# Needs wrk and nginx (scripts/deps.sh bench installs them; make check does not need them).
set -euo pipefail
bin=$(realpath "${1:-build/suiji}")
secs=${2:-10}
src=$(cd "$(dirname "$0")/.." && pwd)
for t in wrk nginx curl; do
	command -v $t >/dev/null || { echo "需要 $t：请运行 scripts/deps.sh bench" >&2; exit 1; }
done
work=$(mktemp -d)
chmod 755 "$work" # nginx's workers run as www-data
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# the front end: the real build when there is one, else a page of the same kind
web=$work/web
dist=${SUIJI_WEB:-$src/web/dist} # SUIJI_WEB: another build of web/dist
if [ -f "$dist/public/index.html" ]; then
	cp -r "$dist" "$web"
	chmod -R a+rX "$web"
else
	mkdir -p "$web/public" "$web/assets"
	printf '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>双随机、一公开</title></head><body><div id="app"></div></body></html>\n' >"$web/index.html"
	cp "$web/index.html" "$web/public/index.html"
	chmod -R a+rX "$web"
fi

# a database with a city, two branches, 20 000 objects and an administrator
export SUIJI_DB=$work/b.db SUIJI_USER=管理员甲
pw='Ceshi-2026-pw'
"$bin" init --org 焦作市生态环境局 --region 410800 --level city --admin 管理员甲 <<<"$pw" >/dev/null
"$bin" demo --files-only --objects 20000 --out "$work/data" >/dev/null
"$bin" import objects "$work/data/objects.csv" >/dev/null
"$bin" unit add 修武分局 --region 410821 >/dev/null
"$bin" unit add 沁阳分局 --region 410882 >/dev/null
# published results for the portal's search: the city draws 300 of its own objects, records and
# publishes them (a recorded result is what a 公开审核 user publishes)
"$bin" import items "$work/data/items.csv" >/dev/null
"$bin" import people "$work/data/people.csv" >/dev/null
year=$(date +%Y)
today=$(date +%F)
quarter=${year}Q$((($(date +%-m) - 1) / 3 + 1))
"$bin" plan new --year "$year" --date "$today" >/dev/null 2>&1
"$bin" plan line add --year "$year" --name 一般单位抽查 --items "$(sed -n '2s/,.*//p' "$work/data/items.csv")" --count 300 --class 一般 >/dev/null
"$bin" plan file --year "$year" --out-dir "$work" >/dev/null 2>&1
"$bin" draw announce --year "$year" --lines 1 --period "$quarter" --beacon-source 福彩3D >/dev/null 2>&1
"$bin" draw run 1 --beacon "5 2 8" >/dev/null 2>&1
ids=$("$bin" task list --draw 1 | awk '/^[0-9]/{print $1}' | head -300)
for t in $ids; do "$bin" result record "$t" --result 未发现问题 --date "$today" >/dev/null; done
"$bin" disclosure publish $ids >/dev/null
published=$(echo "$ids" | wc -w)

port=$(free_port)
"$bin" serve --listen 127.0.0.1:$port --web "$web" --access-log /dev/null 2>"$work/serve.err" &
pids+=($!)
nport=$(free_port)
mkdir -p "$work/nginx/logs"
cat >"$work/nginx/nginx.conf" <<CONF
worker_processes auto;
pid $work/nginx/nginx.pid;
error_log $work/nginx/logs/error.log;
events { worker_connections 1024; }
http {
	access_log off;
	sendfile on;
	client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
	fastcgi_temp_path $work/nginx/fcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
	server {
		listen 127.0.0.1:$nport;
		root $web;
		index index.html;
		default_type text/html;
	}
}
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" -g 'daemon off;' &
pids+=($!)
for _ in $(seq 100); do
	curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && curl -sf "http://127.0.0.1:$nport/public/" >/dev/null && break
	sleep 0.1
done

B=http://127.0.0.1:$port
# the portal's search answers, and the same bytes as static files for nginx: a name term that finds a
# page of objects, and a credit-code prefix that every published record matches
qname=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["rows"][0]["name"][:4])' \
	<(curl -s "$B/public/api/search?q=9141"))
qname_url=$(python3 -c 'import sys,urllib.parse; print(urllib.parse.quote(sys.argv[1]))' "$qname")
mkdir -p "$web/public/api"
curl -s "$B/public/api/search?q=$qname_url" >"$web/public/api/search-name.json"
curl -s "$B/public/api/search?q=9141" >"$web/public/api/search-code.json"
chmod -R a+rX "$web/public/api"
name_objects=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["total"])' "$web/public/api/search-name.json")
cookie=$(curl -s -D - -o /dev/null -H "Origin: $B" -H 'Content-Type: application/json' \
	-d "{\"name\":\"管理员甲\",\"password\":\"$pw\"}" "$B/api/session" | sed -n 's/^Set-Cookie: suiji_session=\([0-9a-f]*\);.*/\1/p')
[ -n "$cookie" ] || { echo "登录失败" >&2; exit 1; }

# the API lists' answers saved as static files for nginx (the same bytes as suiji sends)
mkdir -p "$web/saved"
for p in units objects users; do
	curl -sf -H "Cookie: suiji_session=$cookie" "$B/api/$p" >"$web/saved/$p.json"
done
chmod -R a+rX "$web/saved"

# run NAME URL [header]: one wrk run, one table row
run() {
	local name=$1 url=$2 hdr=${3:-}
	local out=$work/wrk.txt
	if [ -n "$hdr" ]; then
		wrk -t2 -c32 -d"${secs}s" --latency -H "$hdr" "$url" >"$out"
	else
		wrk -t2 -c32 -d"${secs}s" --latency "$url" >"$out"
	fi
	local rps p50 p90 p99 errs
	rps=$(awk '/^Requests\/sec/{print $2}' "$out")
	p50=$(awk '$1=="50%"{print $2}' "$out")
	p90=$(awk '$1=="90%"{print $2}' "$out")
	p99=$(awk '$1=="99%"{print $2}' "$out")
	errs=$(awk '/Non-2xx/{print $5}' "$out")
	printf '| %s | %s | %s | %s | %s | %s |\n' "$name" "$rps" "$p50" "$p90" "$p99" "${errs:-0}"
}

echo "## HTTP（wrk -t2 -c32 -d${secs}s，回环地址）"
echo
echo "机器: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc) 核, $(free -g | awk '/Mem:/{print $2}') GiB 内存"
echo "系统: $(. /etc/os-release; echo "$PRETTY_NAME"), libmicrohttpd $(pkg-config --modversion libmicrohttpd 2>/dev/null || echo ?), $(nginx -v 2>&1 | sed 's/.*: //'), wrk $(wrk -v 2>&1 | head -1 | awk '{print $2}')"
echo "时间: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo '| 请求 | 请求/秒 | 延迟 p50 | p90 | p99 | 非 2xx |'
echo '|---|---:|---:|---:|---:|---:|'
run "nginx：/public/（静态文件）" "http://127.0.0.1:$nport/public/"
run "suiji serve：/public/（静态文件）" "$B/public/"
run "nginx：/（静态文件）" "http://127.0.0.1:$nport/"
run "suiji serve：/（静态文件）" "$B/"
run "nginx：/api/users 的同一 JSON（静态文件）" "http://127.0.0.1:$nport/saved/users.json"
run "suiji serve：GET /api/users（已登录）" "$B/api/users" "Cookie: suiji_session=$cookie"
run "suiji serve：GET /healthz" "$B/healthz"
run "nginx：/api/units 的同一 JSON（静态文件）" "http://127.0.0.1:$nport/saved/units.json"
run "suiji serve：GET /api/units（已登录，20000 个检查对象）" "$B/api/units" "Cookie: suiji_session=$cookie"
run "nginx：/api/objects 的同一 JSON（静态文件）" "http://127.0.0.1:$nport/saved/objects.json"
run "suiji serve：GET /api/objects（已登录，20000 个检查对象，第 1 页 20 行）" "$B/api/objects" "Cookie: suiji_session=$cookie"
run "nginx：公开门户查询“$qname”的应答（静态文件）" "http://127.0.0.1:$nport/public/api/search-name.json"
run "suiji serve：GET /public/api/search?q=$qname（$published 条已公开结果中找到 $name_objects 个对象）" "$B/public/api/search?q=$qname_url"
run "nginx：公开门户查询“9141”的应答（静态文件）" "http://127.0.0.1:$nport/public/api/search-code.json"
run "suiji serve：GET /public/api/search?q=9141（全部 $published 条匹配，第1页20个对象）" "$B/public/api/search?q=9141"
run "suiji serve：GET /public/api/draws" "$B/public/api/draws"
