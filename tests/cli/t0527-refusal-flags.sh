#!/usr/bin/env bash
# The operations' refusals say a value in words and carry its name (op_diag.field); the command line
# adds the flag to type, so a command-line user is still told which option is missing or wrong (the web
# gets the same words without it: tests/http/t0821-refusal-wording.py). Every refusal writes nothing.
. "$(dirname "$0")/lib.sh"
export SUIJI_NOW=2025-11-01T08:00:00+08:00
. "$SUIJI_SRC/tests/cli/plan-lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
printf '%s\n' "$ITEMS_CSV" >"$T/items.csv"
gen_objects "$T/objects.csv" 9 <<'EOT'
4 410821 一般 否
EOT
gen_people "$T/people.csv" 9 <<'EOT'
3 执法 执法支队 是
EOT
expect_rc 0 "$SUIJI" import items "$T/items.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import objects "$T/objects.csv" --date 2025-10-01
expect_rc 0 "$SUIJI" import people "$T/people.csv" --date 2025-10-01
obj=$(sed -n 2p "$T/objects.csv" | cut -d, -f1)
export SUIJI_NOW=2025-12-01T09:00:00+08:00
expect_rc 0 "$SUIJI" plan new --year 2026
expect_rc 0 "$SUIJI" plan line add --year 2026 --name 一般 --items JZ-001 --class 一般 --count 1
expect_rc 0 "$SUIJI" plan file --year 2026 --out-dir "$T"
expect_rc 0 "$SUIJI" plan new --year 2027
expect_rc 0 "$SUIJI" targeted add --uscc "$obj" --trigger 信访投诉举报 --reference XF-1 --items JZ-001

# refused RC WHAT ARGS…: the command fails with RC and writes nothing
refused() {
	local want=$1 what=$2 before
	shift 2
	before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
	expect_rc "$want" "$SUIJI" "$@"
	expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "$what: a refusal writes nothing"
}

refused 2 "one officer" targeted add --uscc "$obj" --trigger 信访投诉举报 --reference XF-2 --items JZ-001 --team P9001
expect_err "检查组只列了 1 名：检查组至少两名执法人员（行政处罚法第四十二条）（命令行参数 --team）"
# (these two the command line itself refuses before the operation, naming its flags)
refused 2 "no reason" plan adjust --year 2026
expect_err "--reason"
refused 2 "no quota rule" plan line add --year 2027 --name 一般 --items JZ-001 --class 一般
expect_err "--each"
refused 1 "year out of range" stats --year 2999
expect_err "年度 2999 超出范围"
expect_err "（命令行参数 --year）"
refused 1 "no person id" user add 新执法 --role 执法人员 --password-stdin <<<"Xin-zhifa-2025"
expect_err "角色“执法人员”须填写其在检查人员名录中的人员编号（用于确定所在检查组）（命令行参数 --person）"
refused 1 "beacon date passed" draw announce --year 2026 --lines 1 --period 2026Q1 \
	--beacon-source "福彩3D 2025-11-30 开奖号码" --beacon-date 2025-11-30
expect_err "公开随机数产生日期 2025-11-30 早于今天（2025-12-01）"
expect_err "（命令行参数 --beacon-date）"
refused 1 "no reason" task cancel 1 --reason ""
expect_err "（命令行参数 --reason）"
done_testing
