#!/usr/bin/env bash
# The public site (Article 9): only published results appear, never a withheld one; every text is
# escaped (names with <, &, quotes); publishing twice gives identical bytes; the platform files; and
# the site opens in a real browser (headless Chromium): the object page renders, and the search finds
# an object by name and by credit code.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
D=$DATA/dir
"$SUIJI" init --org '焦作市生态环境局<测试&"局">' --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
for k in items people; do "$SUIJI" import $k "$D/$k.csv" --date 2025-01-10 >/dev/null; done
# objects whose names carry markup characters
cat >"$T/objects.csv" <<'EOF'
统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别
91410823MA40EE3Y66,"武陟县<script>alert(1)</script>化工&""联合""有限公司",410823,2614,重点
914108111287345640,焦作市'解放'区<b>皮革</b>厂,410811,1910,一般
914108821734567860,"沁阳市""恒盛"",纸业有限公司",410882,2221,重点
EOF
"$SUIJI" import objects "$T/objects.csv" --date 2025-01-10 >/dev/null

# tasks: targeted inspections on complaints, recorded by "suiji targeted add" with their team
export SUIJI_NOW=2025-09-01T09:00:00+08:00
for u in 91410823MA40EE3Y66 914108111287345640 914108821734567860; do
	expect_rc 0 "$SUIJI" targeted add --uscc "$u" --trigger 信访投诉举报 --reference XF-1 --items JZ-001,JZ-002 --team P0001,P0002
done
expect_eq "$(sql "select group_concat(id || ' ' || uscc || ' ' || team, '; ') from (select * from task order by id)")" \
	"1 91410823MA40EE3Y66 P0001、P0002; 2 914108111287345640 P0001、P0002; 3 914108821734567860 P0001、P0002" "three tasks"
export SUIJI_NOW=2025-09-25T09:00:00+08:00
"$SUIJI" result record 1 --result 发现问题已责令整改 --date 2025-09-20 --problem 'JZ-001:排放口<未>设标识&"牌"' >/dev/null
"$SUIJI" result record 2 --result 未发现问题 --date 2025-09-22 >/dev/null
"$SUIJI" result record 3 --result 未发现问题 --date 2025-09-23 >/dev/null
"$SUIJI" disclosure publish 1 2 >/dev/null
"$SUIJI" disclosure withhold 3 --reason 涉及公共安全 --note 说明 >/dev/null

expect_rc 0 "$SUIJI" publish --out "$T/site"
expect_out "检查结果 2 条"
S=$T/site
for f in index.html style.css search.js search-index.js index.json year/2025.html object/91410823MA40EE3Y66.html \
	object/914108111287345640.html platform/national.csv platform/national.json platform/henan.csv platform/henan.json \
	platform/credit-penalties.csv; do
	if [ -f "$S/$f" ]; then ok; else not_ok "missing $f"; fi
done
# the withheld result is nowhere
if grep -rq '914108821734567860' "$S"; then not_ok "withheld result published"; else ok; fi
# escaping: no raw markup from a name or a finding, the escaped forms present
P=$S/object/91410823MA40EE3Y66.html
if grep -q '<script>alert' "$S"/*.html "$S"/*/*.html; then not_ok "raw <script> in HTML"; else ok; fi
if grep -q '<b>皮革' "$S"/*/*.html; then not_ok "raw <b> in HTML"; else ok; fi
if grep -qF '武陟县&lt;script&gt;alert(1)&lt;/script&gt;化工&amp;&quot;联合&quot;有限公司' "$P"; then ok; else not_ok "name escaped on the object page"; fi
if grep -qF '焦作市&#39;解放&#39;区&lt;b&gt;皮革&lt;/b&gt;厂' "$S/year/2025.html"; then ok; else not_ok "quotes escaped on the year page"; fi
if grep -qF '<title>武陟县&lt;script&gt;' "$P" && grep -qF '焦作市生态环境局&lt;测试&amp;&quot;局&quot;&gt;' "$P"; then ok; else not_ok "title and bureau escaped"; fi
if grep -qF '发现问题已责令整改' "$P" && grep -qF '2025-09-20' "$P"; then ok; else not_ok "result wording and date"; fi
# the search index is JSON the script reads with textContent
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[0]["uscc"], d[1]["name"])' "$S/index.json")" \
	'2 914108111287345640 武陟县<script>alert(1)</script>化工&"联合"有限公司' "search index"
if grep -q 'innerHTML' "$S/search.js"; then not_ok "search.js uses innerHTML"; else ok; fi
# platform files
expect_eq "$(python3 -c 'import csv,sys; r=list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig"))); print(len(r), r[0]["检查结果代码"], r[0]["检查结果"], r[1]["检查结果代码"], r[0]["任务编号"])' "$S/platform/national.csv")" \
	"2 A 发现问题待后续处理 1 410800-1" "national platform CSV"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[0]["result"], d[0]["rectification"], d[0]["region"])' "$S/platform/henan.json")" \
	"发现问题已责令整改 整改中 武陟县" "Henan platform JSON"
# deterministic: publishing again gives the same bytes
expect_rc 0 "$SUIJI" publish --out "$T/site2"
expect_eq "$(diff -r "$S" "$T/site2" && echo same)" "same" "publishing twice"
# once the problem is closed the national code becomes E (发现问题经责令已改正)
echo 照片 >"$T/p.jpg"
"$SUIJI" problems assign 1 --to 武陟分局 --deadline 2025-10-10 >/dev/null
"$SUIJI" problems close 1 --verification 已整改 --evidence "$T/p.jpg" >/dev/null
"$SUIJI" publish --out "$S" >/dev/null
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d[0]["result_code"], d[0]["result_text"])' "$S/platform/national.json")" \
	"E 发现问题经责令已改正" "code after rectification"
# roles: an inspector may not publish the site
"$SUIJI" user add 测试员 --role 管理员 >/dev/null
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
expect_rc 1 "$SUIJI" --as 李红梅 publish --out "$T/x"
expect_err "无权限"

# ---- in a real browser ----
CHROME=$(command -v chromium || command -v chromium-browser || command -v google-chrome || true)
if [ -z "$CHROME" ]; then
	not_ok "no chromium installed (scripts/deps.sh installs it)"
	done_testing
fi
chrome() {
	timeout 120 "$CHROME" --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --disable-background-networking \
		--disable-component-update --disable-sync --no-first-run --no-default-browser-check \
		--user-data-dir="$T/chrome-profile" --hide-scrollbars "$@" 2>>"$T/chrome.log"
}
chrome --screenshot="$T/object.png" --window-size=1100,700 "file://$P" >/dev/null
if [ -s "$T/object.png" ] && [ "$(head -c 8 "$T/object.png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ]; then ok; else
	not_ok "screenshot of the object page"
	tail -5 "$T/chrome.log" >&2
fi
[ -n "${SUIJI_SCREENSHOT_OUT:-}" ] && cp "$T/object.png" "$SUIJI_SCREENSHOT_OUT"
# the rendered DOM of the object page keeps the name as text
chrome --dump-dom "file://$P" >"$T/object.dom"
if grep -qF '武陟县&lt;script&gt;alert(1)&lt;/script&gt;化工&amp;"联合"有限公司' "$T/object.dom"; then ok; else not_ok "object page DOM"; fi
# the search script runs: by name (part of it) and by credit code prefix
chrome --virtual-time-budget=3000 --dump-dom "file://$S/index.html?q=%E8%A7%A3%E6%94%BE" >"$T/search1.dom"
if grep -qF '找到 1 个检查对象' "$T/search1.dom" && grep -qF 'href="object/914108111287345640.html"' "$T/search1.dom"; then ok; else
	not_ok "search by name"
	grep -o '<p id="count">[^<]*' "$T/search1.dom" >&2
fi
chrome --virtual-time-budget=3000 --dump-dom "file://$S/index.html?q=91410823" >"$T/search2.dom"
if grep -qF '找到 1 个检查对象' "$T/search2.dom" && grep -qF '武陟县&lt;script&gt;' "$T/search2.dom" &&
	! grep -q '<script>alert' "$T/search2.dom"; then ok; else not_ok "search by code, result escaped"; fi
chrome --virtual-time-budget=3000 --dump-dom "file://$S/index.html?q=%E4%B8%8D%E5%AD%98%E5%9C%A8" >"$T/search3.dom"
if grep -qF '没有找到与“不存在”匹配的检查对象' "$T/search3.dom"; then ok; else not_ok "search without match"; fi

done_testing
