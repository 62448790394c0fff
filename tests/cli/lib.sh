# Shared helpers for the CLI tests: each tests/cli/tNNNN-*.sh sources this file, runs the real
# binary ($SUIJI) against real files in a fresh temporary directory, and ends with "done_testing".
set -u
: "${SUIJI:?SUIJI must name the suiji binary}"
: "${SUIJI_SRC:?SUIJI_SRC must name the source tree}"
DATA=${SUIJI_TEST_DATA:-$SUIJI_SRC/tests/data}
T=$(mktemp -d)
trap '[ -n "${KEEP_T:-}" ] || rm -rf "$T"' EXIT
cd "$T" || exit 1
export SUIJI_DB="$T/test.db" SUIJI_USER=测试员
# the first administrator's password ("init … --admin NAME" reads it from standard input)
ADMIN_PW='Ceshi-2026-pw'

unset SUIJI_NOW
pass=0
fail=0

ok() { pass=$((pass + 1)); }
not_ok() {
	fail=$((fail + 1))
	echo "FAIL: $*" >&2
}
# expect_rc N cmd…: run the command, keeping stdout in $T/out and stderr in $T/err; check the exit code
expect_rc() {
	local want=$1
	shift
	"$@" >"$T/out" 2>"$T/err"
	local got=$?
	if [ "$got" = "$want" ]; then ok; else
		not_ok "expected exit $want, got $got: $*"
		sed 's/^/  stdout: /' "$T/out" | head -20 >&2
		sed 's/^/  stderr: /' "$T/err" | head -20 >&2
	fi
}
# expect_out / expect_err TEXT: the last command's stdout / stderr contains TEXT (a fixed string)
expect_out() { if grep -qF -- "$1" "$T/out"; then ok; else not_ok "stdout lacks “$1”"; sed 's/^/  stdout: /' "$T/out" | head -20 >&2; fi; }
expect_err() { if grep -qF -- "$1" "$T/err"; then ok; else not_ok "stderr lacks “$1”"; sed 's/^/  stderr: /' "$T/err" | head -20 >&2; fi; }
expect_no_out() { if grep -qF -- "$1" "$T/out"; then not_ok "stdout has “$1”"; else ok; fi; }
# expect_eq A B WHAT
expect_eq() { if [ "$1" = "$2" ]; then ok; else not_ok "$3: expected “$2”, got “$1”"; fi; }
# sql QUERY: ask the test database directly (read-only checks of what was stored)
sql() { sqlite3 "$SUIJI_DB" "$1"; }
done_testing() {
	echo "$pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit $?
}
