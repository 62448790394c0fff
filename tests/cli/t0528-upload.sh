#!/usr/bin/env bash
# Files uploaded to a task from the web application, on the command line (suiji upload): "list" shows
# those the operator may read (task.read on the task, as the web download), "get" writes one out after
# checking its bytes against the SHA-256 recorded at the upload, atomically and never through a symbolic
# link. Refused — writing nothing, neither the output nor the database: a role without task.read, an
# inspector of another team, an upload that does not exist, a target that is a symbolic link, and bytes
# altered in the database (sqlite3 edit).
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
export SUIJI_NOW=2025-09-01T09:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city --admin "$SUIJI_USER" <<<"$ADMIN_PW" >/dev/null
for k in items objects people conflicts; do "$SUIJI" import $k "$D/$k.csv" --date 2025-08-10 >/dev/null; done
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
"$SUIJI" user add 王执法 --role 执法人员 --person P0003 >/dev/null
"$SUIJI" user add 科员 --role 科室人员 >/dev/null
"$SUIJI" targeted add --uscc 914108821734567860 --trigger 信访投诉举报 --reference XF-2025-001 --items JZ-001 \
	--date 2025-09-01 --team P0001,P0002 >/dev/null
TG=$(sql "select id from task where kind = 'targeted'")

# two files uploaded through the server by a member of the team
echo 'Lihm-2026-pw-x' | "$SUIJI" user passwd 李红梅 >/dev/null
mkdir -p "$T/web"
"$SUIJI" serve --listen 127.0.0.1:0 --web "$T/web" 2>"$T/serve.err" &
SERVE=$!
for _ in $(seq 1 200); do grep -q "http://127.0.0.1:" "$T/serve.err" && break; sleep 0.1; done
O=$(grep -o "http://127.0.0.1:[0-9]*" "$T/serve.err" | head -1)
J=$(curl -s -c "$T/cookies" -H "Origin: $O" -H "Content-Type: application/json" \
	-d '{"name":"李红梅","password":"Lihm-2026-pw-x"}' "$O/api/session")
CSRF=$(python3 -c 'import json, sys; print(json.loads(sys.argv[1])["csrf"])' "$J" 2>/dev/null)
printf '\x89PNG\r\n\x1a\n现场照片' >"$T/photo.png"
head -c 3000 /dev/urandom >"$T/record.bin"
for f in photo.png record.bin; do
	curl -s -b "$T/cookies" -H "Origin: $O" -H "X-CSRF-Token: $CSRF" -H "Content-Type: application/octet-stream" \
		-H "X-File-Name: $f" --data-binary @"$T/$f" "$O/api/tasks/$TG/attachments" >"$T/upload-$f.json"
done
kill "$SERVE"
wait "$SERVE"
expect_eq "$(sql "select count(*) from upload")" 2 "two uploads through the server"
P=$(sql "select id from upload where name = 'photo.png'")
R=$(sql "select id from upload where name = 'record.bin'")

# listed, by everyone who may read the task
expect_rc 0 "$SUIJI" upload list
expect_out "附件 $P  任务 $TG  photo.png  image/png"
expect_out "$(sha256sum "$T/record.bin" | cut -d' ' -f1)"
expect_rc 0 "$SUIJI" upload list --task "$TG"
expect_out "record.bin  application/octet-stream  3000 字节"
expect_rc 0 "$SUIJI" --as 李红梅 upload list
expect_out "photo.png"

# written out, byte for byte, with the file's SHA-256 checked
expect_rc 0 "$SUIJI" upload get "$P" -o "$T/out-photo.png"
expect_out "核对一致"
if cmp -s "$T/photo.png" "$T/out-photo.png"; then ok; else not_ok "the photo written out as uploaded"; fi
expect_rc 0 "$SUIJI" --as 李红梅 upload get "$R" -o "$T/out-record.bin"
if cmp -s "$T/record.bin" "$T/out-record.bin"; then ok; else not_ok "the record written out as uploaded"; fi
expect_eq "$(stat -c %a "$T/out-record.bin")" 600 "written for the operator only"

# refusals write nothing: neither an output file nor the database
refused() { # refused WHAT ARGS…: exit 1, the database as it was
	local what=$1 before
	shift
	before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
	expect_rc 1 "$SUIJI" "$@"
	expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "$what: the database unchanged"
}
absent() { if [ -e "$1" ] || [ -L "$1" ]; then not_ok "$2: $1 written"; else ok; fi; }
refused "科室人员 without task.read" --as 科员 upload get "$P" -o "$T/x1"
expect_err "无权限"
absent "$T/x1" "科室人员"
refused "科室人员 lists" --as 科员 upload list
expect_err "无权限"
refused "another team's inspector" --as 王执法 upload get "$P" -o "$T/x2"
absent "$T/x2" "another team's inspector"
refused "another team's inspector lists the task" --as 王执法 upload list --task "$TG"
expect_rc 0 "$SUIJI" --as 王执法 upload list
expect_no_out "photo.png"
refused "no such upload" upload get 999 -o "$T/x3"
expect_err "没有编号为 999 的附件"
absent "$T/x3" "no such upload"
ln -s "$T/target.png" "$T/link"
refused "a symbolic link as the output" upload get "$P" -o "$T/link"
absent "$T/target.png" "written through the symbolic link"

# bytes altered in the database (an insider with sqlite3): refused, nothing written
# (the guard trigger dropped for the edit and put back as it was; the same length, as CHECK wants)
trig=$(sqlite3 "$SUIJI_DB" "select sql from sqlite_master where type = 'trigger' and name = 'upload_no_update'")
sqlite3 "$SUIJI_DB" "drop trigger upload_no_update; update upload set data = zeroblob(size) where id = $R; $trig;"
expect_eq "$(sql "select count(*) from upload where id = $R and length(data) = 3000")" 1 "the bytes altered"
refused "altered bytes" upload get "$R" -o "$T/x4"
expect_err "与登记的 SHA-256 不符"
absent "$T/x4" "altered bytes"
cp "$T/out-photo.png" "$T/keep.png"
refused "altered bytes over an existing file" upload get "$R" -o "$T/keep.png"
if cmp -s "$T/keep.png" "$T/out-photo.png"; then ok; else not_ok "an existing file left as it was"; fi
done_testing
