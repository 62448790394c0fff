#!/usr/bin/env bash
# A draw that cannot be ground (issue 12, items 9 and 10): the announcement names the day the public
# number is drawn and the run is refused before it; the snapshot day is in the announcement; a re-draw
# needs an oversight (监督) user's approval, recorded, and its announcement names the draw it supersedes,
# its attempt number and who approved; every attempt is on the public site with its commitment; the
# salt is sealed under a key file kept beside the signing key (0600), so a copy of the database without
# that file cannot run the draw or reveal its salt.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
export SUIJI_NOW=2024-12-01T08:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" import items "$D/items.csv" --date 2024-12-01 >/dev/null
"$SUIJI" import objects "$D/objects.csv" --date 2024-12-01 >/dev/null
"$SUIJI" import people "$D/people.csv" --date 2024-12-01 >/dev/null
"$SUIJI" user add 纪检组 --role 监督 >/dev/null
"$SUIJI" user add 科员 --role 科室人员 >/dev/null
"$SUIJI" plan new --year 2025 --date 2024-12-20 >/dev/null
"$SUIJI" plan line add --year 2025 --name 一般单位抽查 --items JZ-001 --ratio 50 --class 一般,特殊 >/dev/null
"$SUIJI" plan file --year 2025 --out-dir "$T" >/dev/null

export SUIJI_NOW=2025-01-05T09:00:00+08:00
# a beacon date before the announcement is refused: that number exists already
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source "福彩3D 2025-01-04" --beacon-date 2025-01-04
expect_err "早于今天"
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source x --beacon-date 2025-13-01
expect_err "--beacon-date"
expect_eq "$(sql "select count(*) from draw")" "0" "nothing announced"
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q1 --beacon-source "福彩3D 2025-01-06 开奖号码" \
	--beacon-date 2025-01-06 --date 2025-01-03
expect_out "公开随机数产生日期: 2025-01-06"
expect_out "名录日期:        2025-01-03"
expect_eq "$(sql "select json_extract(announcement, '$.beacon_date') || '|' || json_extract(announcement, '$.snapshot_date') from draw where id = 1")" "2025-01-06|2025-01-03" "beacon and snapshot days in the announcement"
expect_eq "$(sql "select beacon_date from draw where id = 1")" "2025-01-06" "beacon day stored"

# the salt is sealed: the database holds no salt, the key file beside the signing key is 0600
salt_col=$(sql "select salt from draw where id = 1")
case "$salt_col" in seal1:*) ok ;; *) not_ok "salt sealed: $salt_col" ;; esac
expect_eq "$(stat -c %a "$SUIJI_DB.key.salt")" "600" "salt key file 0600"

# no run before the beacon's day; nothing written
dump_before=$(sqlite3 "$SUIJI_DB" .dump)
expect_rc 1 "$SUIJI" draw run 1 --beacon "1 2 3"
expect_err "2025-01-06 产生"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$dump_before" "refused: nothing written"

# a copy of the database alone: no run, no reveal (the salt key stays with the bureau)
mkdir "$T/copy"
cp "$SUIJI_DB" "$T/copy/suiji.db"
export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 1 "$SUIJI" --db "$T/copy/suiji.db" draw run 1 --beacon "5 2 8"
expect_err "盐值密钥"
# another key file does not open it either
expect_rc 0 env SUIJI_SALT_KEY="$T/copy/other.salt" "$SUIJI" --db "$T/copy/suiji.db" draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source x
[ -e "$T/copy/other.salt" ] && ok || not_ok "a key made for the copy"
expect_rc 1 env SUIJI_SALT_KEY="$T/copy/other.salt" "$SUIJI" --db "$T/copy/suiji.db" draw run 1 --beacon "5 2 8"
expect_err "打开"
# the bureau's own run works
expect_rc 0 "$SUIJI" draw run 1 --beacon "5 2 8"
cp "$SUIJI_DB" "$T/copy/drawn.db"
expect_rc 0 "$SUIJI" draw export 1 --reveal --force --reason 测试 -o "$T/pkg.json"
expect_rc 0 "$SUIJI" verify "$T/pkg.json"
salt=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["reveal"]["salt"])' "$T/pkg.json")
expect_eq "$(sql "select salt from draw where id = 1")" "$salt" "stored plain once revealed"
cp "$SUIJI_DB" "$T/copy/revealed.db"
expect_rc 0 "$SUIJI" --db "$T/copy/revealed.db" draw show 1
expect_out "盐值: $salt"
# the same reveal from a copy taken after the run, before the reveal, fails
expect_rc 1 "$SUIJI" --db "$T/copy/drawn.db" draw export 1 --reveal --force --reason 测试 -o "$T/copy/pkg.json"
expect_err "盐值密钥"
[ ! -e "$T/copy/pkg.json" ] && ok || not_ok "no package from the copy"

# a re-draw: refused without an oversight user's approval; only 监督 approves, with a reason
export SUIJI_NOW=2025-04-01T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source "福彩3D 2025-04-02" --beacon-date 2025-04-02
dump_before=$(sqlite3 "$SUIJI_DB" .dump)
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source "福彩3D 2025-04-03" --beacon-date 2025-04-03 --reason 再抽一次
expect_err "须经监督人员批准"
expect_rc 1 "$SUIJI" draw approve 2 --reason 同意
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 科员 draw approve 2 --reason 同意
expect_rc 2 "$SUIJI" --as 纪检组 draw approve 2
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$dump_before" "refusals: nothing written"
expect_rc 0 "$SUIJI" --as 纪检组 draw approve 2 --reason 名录有误，同意重新抽取
expect_rc 1 "$SUIJI" --as 纪检组 draw approve 2 --reason 再次
expect_err "已于"
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source "福彩3D 2025-04-03" --beacon-date 2025-04-03 --reason 名录有误
expect_out "第 2 次抽取，经监督人员 纪检组 批准"
expect_eq "$(sql "select json_extract(announcement, '$.supersedes') || '|' || json_extract(announcement, '$.attempt') || '|' || json_extract(announcement, '$.approved_by') || '|' || attempt from draw where id = 3")" "2|2|纪检组|2" "supersedes, attempt, approval"
expect_rc 0 "$SUIJI" draw show 2
expect_out "监督人员 纪检组"
# the third attempt needs a new approval of the second
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source y --beacon-date 2025-04-03 --reason 又一次
expect_err "第 3 号抽取尚未批准"
"$SUIJI" --as 纪检组 draw approve 3 --reason 同意 >/dev/null
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1 --period 2025Q2 --beacon-source y --beacon-date 2025-04-03 --reason 又一次
expect_out "第 3 次抽取"

# every attempt is public, voided or not, with its commitment
expect_rc 0 "$SUIJI" publish --out "$T/site"
for id in 1 2 3 4; do
	c=$(sql "select salt_commitment from draw where id = $id")
	grep -qF "$c" "$T/site/draw/$id.html" && ok || not_ok "draw $id on the site with its commitment"
done
grep -q "已作废" "$T/site/draw/2.html" && grep -q "已作废" "$T/site/draw/3.html" && ok || not_ok "voided attempts marked"
expect_rc 0 "$SUIJI" audit verify
done_testing
