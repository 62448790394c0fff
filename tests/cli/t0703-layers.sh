#!/usr/bin/env bash
# The layers of DESIGN.md, checked on the source: src/cmd/ holds no SQL, no transactions and no
# number parsing of its own (core/parse.h); nothing outside src/cmd/ prints to the terminal or exits
# (util/error.c, which implements error() and die_usage() for the command line, aside); only
# src/store/ includes sqlite3.h. Role decisions are taken in src/op/: the command line asks
# op_authorize() or an operation, never a table of its own, and its trust-bearing steps (the audit
# chain, the signing keys, the organisation, backup and restore) go through src/op/ too.
. "$(dirname "$0")/lib.sh"
S=$SUIJI_SRC/src
check() { # check WHAT COMMAND…: the command's output must be empty
	local what=$1
	shift
	local hits
	hits=$("$@" 2>/dev/null)
	if [ -z "$hits" ]; then ok; else not_ok "$what:"; printf '  %s\n' "$hits" | head -20 >&2; fi
}
check "SQL text in src/cmd" grep -nE '"[[:space:]]*(SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|BEGIN|COMMIT|PRAGMA)[[:space:]]' -r "$S/cmd"
check "transactions in src/cmd" grep -nE 'store_(begin|commit|rollback)\(' -r "$S/cmd"
check "sqlite3.h outside src/store" grep -lr '#include <sqlite3.h>' "$S/cmd" "$S/op" "$S/core" "$S/io" "$S/util" "$S/http"
check "role decisions of its own in src/cmd" grep -nE '\b(ctx_require|authz_(require|check|visible|role|whoami))\(|cmd/authz\.h' -r "$S/cmd"
check "the audit chain, keys, organisation or backups read from src/cmd past src/op" \
	grep -nE '\bstore_(audit|key|org|backup|restore|file_seal|file_inspect|copy_file)_?[a-z_]*\(' -r "$S/cmd"
check "number parsing of its own in src/cmd" grep -nE '\bstrto(l|ll|ul|ull)\(' -r "$S/cmd"
# (SQL's own printf('%04d', …) inside a statement is not printing; src/http/ is the server's front end,
# whose log lines — start, stop, the access log — are its output as cmd/'s are the command line's)
check "printing outside src/cmd" sh -c "grep -nE '(^|[^a-z_])(printf|puts|putchar)\\(|fprintf\\((stdout|stderr)|f?puts\\([^)]*, *(stdout|stderr)\\)' \
	-r '$S/op' '$S/core' '$S/store' '$S/io' | grep -v \"printf('\""
# (abort() on exhausted memory is the xalloc idiom, not an exit path)
check "exiting outside src/cmd" grep -nE '(^|[^a-z_])(exit|_exit|die|die_usage)\(' -r "$S/op" "$S/core" "$S/store" "$S/io" "$S/http"
done_testing
