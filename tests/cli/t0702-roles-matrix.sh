#!/usr/bin/env bash
# The role matrix: every state-changing operation (and the main reads) as every role, as an
# unregistered and a disabled operator, and as a branch administrator on another branch's data;
# allow/deny against docs/ROLES.md, and a refusal leaves the database's dump unchanged.
. "$(dirname "$0")/lib.sh"
python3 "$SUIJI_SRC/tests/cli/roles_matrix.py" "$SUIJI" "$SUIJI_SRC" "$T"
