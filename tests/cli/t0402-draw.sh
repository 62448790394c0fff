#!/usr/bin/env bash
# The draw end to end from the database: announce from plan lines (the frame frozen, a secret salt,
# the announcement in the record), run with the beacon (visits become tasks), run once only, the
# reveal refused before the inspections unless forced with a reason, the package verified by both
# verifiers, a re-draw only with a reason (the old one voided, its open tasks cancelled), the plan's
# refusals, and the printable record.
. "$(dirname "$0")/lib.sh"
# the audit chain only moves forward in time: the setup is dated before the steps below
export SUIJI_NOW=2024-12-01T08:00:00+08:00
D=$DATA/dir
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" import items "$D/items.csv" --date 2025-01-02 >/dev/null
"$SUIJI" import objects "$D/objects.csv" --date 2025-01-02 >/dev/null
cat >"$T/people.csv" <<'CSV'
人员编号,姓名,人员类别,执法证号,单位,科室,行政区划代码,业务专长,在岗
P01,王建华,执法,41080010001,焦作市生态环境局,执法支队,410800,水、大气,是
P02,李红梅,执法,41080010002,焦作市生态环境局,固体废物与化学品科,410800,固废,是
P03,张振宇,执法,41082110003,焦作市生态环境局修武分局,执法大队,410821,大气,是
P04,刘志强,执法,41088210004,焦作市生态环境局沁阳分局,执法大队,410882,水,是
P05,陈静,执法,41088310005,焦作市生态环境局孟州分局,执法大队,410883,固废、水,是
P06,杨勇,执法,41082210006,焦作市生态环境局博爱分局,执法大队,410822,大气,是
P07,赵敏,监管,,焦作市生态环境局,大气环境科,410800,大气,是
P08,孙伟,执法,41080010008,焦作市生态环境局,执法支队,410800,水,否
E01,周教授,辅助,,河南理工大学环境学院,,410800,辐射,是
CSV
"$SUIJI" import people "$T/people.csv" --date 2025-01-02 >/dev/null
printf '人员编号,统一社会信用代码,原因\nP01,91410821MA3X5K7B9Q,近亲属在该单位任职\n' >"$T/c.csv"
"$SUIJI" import conflicts "$T/c.csv" --date 2025-01-02 >/dev/null

# the plan: city-managed key units every quarter; half of the other objects
expect_rc 0 "$SUIJI" plan new --year 2025 --date 2025-01-02
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 市管重点排污单位季度检查 --items JZ-001,JZ-002 --each --class 重点 --city-managed 是
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 一般单位抽查 --items JZ-001 --ratio 50 --class 一般,特殊
expect_rc 0 "$SUIJI" plan file --year 2025 --out-dir "$T" # a draw rests on a filed plan

# the plan's refusals come first
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 9 --period 2025Q1 --beacon-source 福彩3D
expect_err "9"
expect_eq "$(sql "select count(*) from draw")" "0" "nothing announced"

export SUIJI_NOW=2025-01-05T09:00:00+08:00
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1,2 --period 2025Q1 --beacon-source "福彩3D 2025-01-06 开奖号码" --date 2025-01-05
expect_out "抽取公告（第 1 号）"
expect_out "分层 L1: 候选 2 个，抽取 2 个"
expect_out "分层 L2: 候选 2 个，抽取 1 个"
expect_out "inputs_hash:"
expect_out "salt_commitment:"
# 停产 object (孟州) is not a candidate; the hash printed is the hash of the stored frame
expect_eq "$(sql "select count(*) from draw where state = 'announced'")" "1" "announced"
expect_eq "$(sql "select action from audit order by seq desc limit 1")" "draw announce" "announcement in the record"
hash=$(sed -n 's/.*inputs_hash: *//p' "$T/out")
expect_eq "$(sql "select inputs_hash from draw where id = 1")" "$hash" "hash printed = hash stored"

# the announcement document may be published now: no salt, no result
expect_rc 0 "$SUIJI" draw export 1 -o "$T/announce.json"
# the frame exported hashes to the hash announced (CJ as tools/verify.py writes it)
expect_eq "$(python3 -c 'import hashlib,sys; sys.path.insert(0, sys.argv[2]); import verify; print(hashlib.sha256(verify.cj(verify.load_strict(open(sys.argv[1], "rb").read())["inputs"])).hexdigest())' "$T/announce.json" "$SUIJI_SRC/tools")" "$hash" "hash of the canonical inputs"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(sorted(d))' "$T/announce.json")" "['announcement', 'inputs', 'protocol', 'signature']" "announcement document: no salt, no result"

# the run: the beacon entered after T0
export SUIJI_NOW=2025-01-06T21:30:00+08:00
expect_rc 0 "$SUIJI" draw run 1 --beacon "  5 2 8  "
expect_out "检查对象 3 个"
expect_eq "$(sql "select beacon_value, state from draw where id = 1")" "5 2 8|drawn" "beacon trimmed and stored"
expect_eq "$(sql "select count(*) from task where draw_id = 1 and kind = 'random' and state = '待检查'")" "3" "tasks"
expect_eq "$(sql "select count(*) from task where draw_id = 1 and items = 'JZ-001、JZ-002'")" "2" "items of line 1"
# every team has two officers, never the conflicted pairing, never a county officer in their own county
expect_eq "$(sql "select count(*) from task where draw_id = 1 and team not like '%、%'")" "0" "teams of two"
expect_eq "$(sql "select count(*) from task where uscc = '91410821MA3X5K7B9Q' and team like '%P01%'")" "0" "conflict respected"
expect_eq "$(sql "select count(*) from task where uscc = '91410821MA3X5K7B9Q' and team like '%P03%'")" "0" "cross-region respected"
expect_eq "$(sql "select count(*) from task where team like '%P08%' or team like '%P07%'")" "0" "only on-duty officers"

# a draw runs once
expect_rc 1 "$SUIJI" draw run 1 --beacon 999
expect_err "只能运行一次"
expect_eq "$(sql "select count(*) from task")" "3" "nothing doubled"

# the reveal waits for the inspections unless forced with a reason
expect_rc 1 "$SUIJI" draw export 1 --reveal -o "$T/pkg.json"
expect_err "尚有 3 项检查任务待检查"
expect_rc 1 "$SUIJI" draw export 1 --reveal --force -o "$T/pkg.json"
expect_err "--reason"
expect_rc 0 "$SUIJI" draw export 1 --reveal --force --reason "监督部门要求提前核验" -o "$T/pkg.json"
expect_eq "$(sql "select state, reveal_reason from draw where id = 1")" "revealed|监督部门要求提前核验" "reveal recorded"
expect_rc 0 "$SUIJI" verify "$T/pkg.json"
expect_out "核验通过"
expect_out "签名: 有效（Ed25519"
# the package is written as canonical JSON itself (around the stored frame, without a JSON tree)
expect_eq "$(python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
print(raw == json.dumps(json.loads(raw), ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode() + b"\n")' "$T/pkg.json")" "True" "package file is CJ"
# exports carry the bureau's Ed25519 signature over the canonical package
expect_eq "$(python3 -c 'import json,sys; s=json.load(open(sys.argv[1]))["signature"]; print(s["alg"], len(s["value"]))' "$T/pkg.json")" "Ed25519 128" "package signed"
expect_eq "$(python3 -c 'import json,sys; print("signature" in json.load(open(sys.argv[1])))' "$T/announce.json")" "True" "announcement signed"
expect_rc 0 python3 "$SUIJI_SRC/tools/verify.py" "$T/pkg.json"
# tampering with the stored beacon is caught by both verifiers
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d["reveal"]["beacon_value"]="5 2 9"; json.dump(d, open(sys.argv[2],"w"), ensure_ascii=False)' "$T/pkg.json" "$T/bad.json"
expect_rc 1 "$SUIJI" verify "$T/bad.json"
expect_rc 1 python3 "$SUIJI_SRC/tools/verify.py" "$T/bad.json"

# the printable record
expect_rc 0 "$SUIJI" draw record 1 -o "$T/record.html" --xlsx "$T/record.xlsx"
if grep -q '修武县太行化工有限公司' "$T/record.html" && grep -q '福彩3D 2025-01-06 开奖号码' "$T/record.html"; then ok; else not_ok "record content"; fi
if grep -q '"恒盛"' "$T/record.html"; then not_ok "names escaped in the record"; else ok; fi
expect_rc 0 "$SUIJI" draw list
expect_out "共 1 次抽取"

# the same lines and period again: only with a reason; the earlier draw is voided, its open tasks cancelled
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 2,1 --period 2025Q1 --beacon-source 福彩3D
expect_err "--reason"
# a re-draw also needs an oversight (监督) user's approval, recorded on the draw it supersedes
dump_before=$(sqlite3 "$SUIJI_DB" .dump)
expect_rc 1 "$SUIJI" draw announce --year 2025 --lines 1,2 --period 2025Q1 --beacon-source "福彩3D 2025-01-08" --reason "名录补录后重新抽取"
expect_err "须经监督人员批准"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump)" "$dump_before" "no re-draw without approval: nothing written"
"$SUIJI" user add 纪检组 --role 监督 >/dev/null
expect_rc 1 "$SUIJI" draw approve 1 --reason 名录补录
expect_err "无权限"
expect_rc 0 "$SUIJI" --as 纪检组 draw approve 1 --reason 名录补录，同意重新抽取
expect_eq "$(sql "select redraw_approved_by from draw where id = 1")" "纪检组" "approval recorded"
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 1,2 --period 2025Q1 --beacon-source "福彩3D 2025-01-08" --reason "名录补录后重新抽取"
expect_out "第 2 次抽取，经监督人员 纪检组 批准"
expect_eq "$(sql "select json_extract(announcement, '$.supersedes') || '|' || json_extract(announcement, '$.attempt') || '|' || json_extract(announcement, '$.approved_by') from draw where id = 2")" "1|2|纪检组" "the announcement names what it supersedes, its attempt, who approved"
expect_out "替代第 1 号抽取"
expect_eq "$(sql "select state from draw where id = 1")" "void" "old draw void"
expect_eq "$(sql "select count(*) from task where draw_id = 1 and cancelled is not null")" "3" "old tasks cancelled"
expect_eq "$(sql "select supersedes, reason from draw where id = 2")" "1|名录补录后重新抽取" "both in the record"
# the cancelled tasks do not count against the repeat window
expect_out "分层 L2: 候选 2 个"
expect_rc 1 "$SUIJI" draw run 1 --beacon 1
expect_err "已作废"

# the record holds: announcements, runs, reveals and voids are all vouched for; a task's team or a
# stored result edited afterwards in the database is caught
expect_rc 0 "$SUIJI" draw run 2 --beacon 7
expect_rc 0 "$SUIJI" audit verify
cp "$SUIJI_DB" "$T/clean.db"
sqlite3 "$SUIJI_DB" "update task set team = team || '、P99' where draw_id = 2 and visit_no = 0"
expect_rc 1 "$SUIJI" audit verify
expect_err "随机抽取"
cp "$T/clean.db" "$SUIJI_DB"; rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
sqlite3 "$SUIJI_DB" "update draw set beacon_value = beacon_value || '0' where id = 2"
expect_rc 1 "$SUIJI" audit verify
cp "$T/clean.db" "$SUIJI_DB"; rm -f "$SUIJI_DB-wal" "$SUIJI_DB-shm"
expect_rc 0 "$SUIJI" audit verify

# a joint draw (Article 8): two lines of different departments over the same key units become one visit
# per object, carrying both lines' items
expect_rc 0 "$SUIJI" plan adjust --year 2025 --reason 增加联合检查
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 固废联合检查 --items JZ-002 --each --class 重点 --group 联合一
expect_rc 0 "$SUIJI" plan line add --year 2025 --name 在线监控联合检查 --items JZ-003 --each --class 重点 --group 联合一
expect_rc 0 "$SUIJI" plan file --year 2025 --out-dir "$T"
expect_rc 0 "$SUIJI" draw announce --year 2025 --lines 3,4 --period 2025Q2 --beacon-source 福彩3D --date 2025-04-01
expect_rc 0 "$SUIJI" draw run 3 --beacon 42
expect_eq "$(sql "select count(*) from task where draw_id = 3")" "$(sql "select count(distinct uscc) from task where draw_id = 3")" "one visit per object"
expect_eq "$(sql "select count(*) from task where draw_id = 3 and items = 'JZ-002、JZ-003' and plan_lines = '3、4'")" "$(sql "select count(*) from task where draw_id = 3")" "both lines' items in each visit"
[ "$(sql "select count(*) from task where draw_id = 3")" -ge 2 ] && ok || not_ok "the key units drawn"

expect_rc 2 "$SUIJI" draw announce --year 2025 --lines x --period 2025Q1 --beacon-source a
expect_rc 2 "$SUIJI" draw run abc --beacon 1
expect_rc 1 "$SUIJI" draw show 99
done_testing
