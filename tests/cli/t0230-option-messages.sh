#!/usr/bin/env bash
# Option errors speak Chinese and name the option (issue 11, item 9): getopt's own English messages
# ("unrecognized option", "requires an argument") never reach the user.
. "$(dirname "$0")/lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"

expect_rc 2 "$SUIJI" list objects --bogus
expect_err "未知选项“--bogus”"
expect_rc 2 "$SUIJI" list objects --limit
expect_err "选项“--limit”需要一个值"
expect_rc 2 "$SUIJI" export objects -o
expect_err "选项“-o”需要一个值"
expect_rc 2 "$SUIJI" export objects -z
expect_err "未知选项“-z”"
expect_rc 2 "$SUIJI" plan new --year
expect_err "选项“--year”需要一个值"
expect_rc 2 "$SUIJI" stats --json=1
expect_err "选项“--json”不接受值"
for c in "list objects --nope" "export objects --nope" "plan check --nope" "draw announce --nope" \
	"task list --nope" "result record --nope" "problems --nope" "disclosure list --nope" "stats --nope" \
	"unit list --nope" "user list --nope" "audit verify --nope" "import objects x.csv --nope" \
	"directory changes --nope" "settings set --nope" "targeted list --nope" "publish --nope" \
	"backup --nope" "key show --nope"; do
	# shellcheck disable=SC2086
	"$SUIJI" $c >"$T/out" 2>"$T/err"
	if grep -qiE "unrecognized|requires an argument|invalid option" "$T/err"; then
		not_ok "English option message from: $c"
		cat "$T/err" >&2
	else ok; fi
	if grep -qF "未知选项“--nope”" "$T/err"; then ok; else
		not_ok "no Chinese option message from: $c"
		cat "$T/err" >&2
	fi
done
done_testing
