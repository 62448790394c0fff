#!/usr/bin/env bash
# docs/ROLES.md holds exactly the table the program enforces (suiji roles --markdown), and every
# action of that table is checked by at least one operation or command (op_authorize/op_allowed,
# or the command line's older authz names mapped onto the table).
. "$(dirname "$0")/lib.sh"
doc=$SUIJI_SRC/docs/ROLES.md
sed -n '/<!-- table: suiji roles --markdown -->/,/<!-- end table -->/p' "$doc" | sed '1d;$d' >"$T/doc.md"
expect_rc 0 "$SUIJI" roles --markdown
if diff -u "$T/doc.md" "$T/out" >&2; then ok; else not_ok "docs/ROLES.md differs from suiji roles --markdown"; fi
# every action code in the table is used by code that authorises
for code in $(sed -n 's/^| [^|]* | `\([a-z.]*\)` |.*/\1/p' "$T/out"); do
	act=$(grep -o "\[ACT_[A-Z_]*\] = {\"$code\"" "$SUIJI_SRC/src/op/authz.c" | sed 's/\[\(ACT_[A-Z_]*\)\].*/\1/')
	[ -n "$act" ] || { not_ok "no enum for $code"; continue; }
	if grep -rq --include=*.c "$act\b" "$SUIJI_SRC/src/op" "$SUIJI_SRC/src/cmd" --exclude=authz.c ||
		grep -q "{\"[a-z.]*\", $act}" "$SUIJI_SRC/src/cmd/authz.c"; then ok; else not_ok "action $code ($act) is checked nowhere"; fi
done
# unregistered operators: nothing but the commands that need no database
expect_rc 0 "$SUIJI" --as 无名氏 roles
expect_rc 0 "$SUIJI" --as 无名氏 calendar add 2025-09-20 20
done_testing
