#!/usr/bin/env bash
# The tree follows its own .clang-format: every C file of src/, tests/ and bench/ is as clang-format
# would write it (clang-format --dry-run --Werror names the first difference of each file).
. "$(dirname "$0")/lib.sh"
command -v clang-format >/dev/null || { not_ok "clang-format is not installed (scripts/deps.sh installs it)"; done_testing; }
cd "$SUIJI_SRC" || exit 1
files=$(find src tests bench -name '*.[ch]' -not -path '*/node_modules/*' | sort)
bad=0
for f in $files; do
	if clang-format --dry-run --Werror "$f" 2>"$T/fmt.err"; then ok; else
		bad=$((bad + 1))
		not_ok "$f differs from .clang-format (run: clang-format -i $f)"
		head -5 "$T/fmt.err" >&2
	fi
done
done_testing
