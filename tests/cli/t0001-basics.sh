#!/usr/bin/env bash
# The program's entry point: usage, unknown commands, exit codes.
. "$(dirname "$0")/lib.sh"

expect_rc 2 "$SUIJI"
expect_err "用法"
expect_rc 0 "$SUIJI" --help
expect_out "命令"
expect_rc 2 "$SUIJI" nosuchcommand
expect_err "未知命令"
expect_rc 2 "$SUIJI" --db
expect_err "--db 需要一个值"

done_testing
