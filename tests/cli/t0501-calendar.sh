#!/usr/bin/env bash
# "suiji calendar": working days after the State Council holiday notices (Article 9, R9.2), run
# against the real binary and its embedded data. No database is needed or created.
. "$(dirname "$0")/lib.sh"

# The due date of Article 9's example, and the count back.
expect_rc 0 "$SUIJI" calendar add 2025-09-20 20
expect_eq "$(cat "$T/out")" "2025-10-23" "2025-09-20 + 20 个工作日"
expect_rc 0 "$SUIJI" calendar workdays 2025-09-20 2025-10-23
expect_eq "$(cat "$T/out")" "20" "2025-09-20 至 2025-10-23 的工作日数"

# Spring Festival and National Day of both years (worked out in tests/unit/test-calendar.c).
check_add() {
	expect_rc 0 "$SUIJI" calendar add "$1" "$2"
	expect_eq "$(cat "$T/out")" "$3" "$1 + $2 个工作日"
}
check_count() {
	expect_rc 0 "$SUIJI" calendar workdays "$1" "$2"
	expect_eq "$(cat "$T/out")" "$3" "$1 至 $2 的工作日数"
}
check_add 2025-01-24 10 2025-02-13
check_add 2025-01-25 1 2025-01-26 # a make-up Sunday counts
check_add 2025-09-30 1 2025-10-09
check_add 2026-02-13 2 2026-02-24
check_add 2026-02-13 6 2026-02-28
check_add 2026-09-25 20 2026-10-29
check_add 2024-12-31 1 2025-01-02
check_add 2025-12-31 1 2026-01-04
check_add 2025-06-01 0 2025-06-01
check_count 2024-12-31 2025-02-28 38
check_count 2025-09-30 2025-10-31 18
check_count 2026-01-31 2026-02-28 16
check_count 2026-09-30 2026-10-31 18
check_count 2025-12-26 2026-01-09 9
check_count 2025-01-01 2025-12-31 248
check_count 2025-05-06 2025-05-06 0

# One day, with its reason.
expect_rc 0 "$SUIJI" calendar day 2025-10-11
expect_out "2025-10-11 星期六 工作日（国庆节、中秋节调休上班）"
expect_rc 0 "$SUIJI" calendar day 2026-02-16
expect_out "2026-02-16 星期一 休息日（春节放假）"
expect_rc 0 "$SUIJI" calendar day 2025-03-08
expect_out "2025-03-08 星期六 休息日"
expect_no_out "（"
expect_rc 0 "$SUIJI" calendar day 2025-03-10
expect_out "2025-03-10 星期一 工作日"

# A year's arrangement.
expect_rc 0 "$SUIJI" calendar show 2025
expect_out "2025 年节假日安排（依据：国务院办公厅关于2025年部分节假日安排的通知）"
expect_out "2025-01-28  星期二  放假  春节"
expect_out "2025-02-08  星期六  上班  春节（调休）"
expect_out "2025-10-08  星期三  放假  国庆节、中秋节"
expect_out "合计：放假 28 天（其中 18 天原为工作日），调休上班 5 天；全年工作日 248 天。"
expect_eq "$(grep -c 放假 "$T/out")" "29" "2025 年放假行数（28 天加合计行）"
expect_eq "$(grep -c '上班  ' "$T/out")" "5" "2025 年调休上班行数"
expect_rc 0 "$SUIJI" calendar show 2026
expect_out "2026-02-28  星期六  上班  春节（调休）"
expect_out "合计：放假 33 天（其中 19 天原为工作日），调休上班 6 天；全年工作日 248 天。"
expect_rc 0 "$SUIJI" calendar show 2024
expect_out "全年工作日 251 天"
expect_rc 0 "$SUIJI" calendar years
expect_out "2024  国务院办公厅关于2024年部分节假日安排的通知"
expect_out "2026  国务院办公厅关于2026年部分节假日安排的通知"

# Outside the recorded years: an error, never a guess.
expect_rc 1 "$SUIJI" calendar add 2023-12-29 1
expect_err "起算日期 2023-12-29 不在工作日历收录的年份内"
expect_err "已收录：2024、2025、2026 年"
expect_eq "$(cat "$T/out")" "" "出错时无标准输出"
expect_rc 1 "$SUIJI" calendar add 2026-12-10 20
expect_err "2027-01-01 不在工作日历收录的年份内"
expect_rc 1 "$SUIJI" calendar workdays 2026-12-01 2027-01-05
expect_err "结束日期 2027-01-05"
expect_rc 1 "$SUIJI" calendar day 2027-01-04
expect_err "2027-01-04 不在"
expect_rc 1 "$SUIJI" calendar show 2023
expect_err "2023 年的国务院节假日安排未收录"

# Malformed values: exit 1 with the reason.
expect_rc 1 "$SUIJI" calendar add 2025-9-20 20
expect_err "日期 “2025-9-20” 格式不对"
expect_rc 1 "$SUIJI" calendar add 2025/09/20 20
expect_err "格式不对"
expect_rc 1 "$SUIJI" calendar add 2025-02-29 1
expect_err "2025 年 2 月共 28 天"
expect_rc 1 "$SUIJI" calendar workdays 2025-13-01 2025-12-31
expect_err "月份 13 无效"
expect_rc 1 "$SUIJI" calendar add 2025-09-20 -1
expect_err "工作日数 “-1” 无效"
expect_rc 1 "$SUIJI" calendar add 2025-09-20 二十
expect_err "工作日数 “二十” 无效"
expect_rc 1 "$SUIJI" calendar workdays 2025-03-01 2025-02-01
expect_err "起始日期 2025-03-01 晚于结束日期 2025-02-01"
expect_rc 1 "$SUIJI" calendar show 25
expect_err "年份 “25” 无效"

# Usage errors: exit 2.
expect_rc 2 "$SUIJI" calendar
expect_err "用法错误"
expect_rc 2 "$SUIJI" calendar add 2025-09-20
expect_err "calendar add 需要 2 个参数"
expect_rc 2 "$SUIJI" calendar workdays 2025-01-01 2025-01-02 2025-01-03
expect_err "calendar workdays 需要 2 个参数"
expect_rc 2 "$SUIJI" calendar show
expect_rc 2 "$SUIJI" calendar nosuch
expect_err "未知的 calendar 操作 “nosuch”"
expect_rc 0 "$SUIJI" calendar --help
expect_out "suiji calendar add 日期 天数"

# No database was touched.
[ ! -e "$SUIJI_DB" ] && ok || not_ok "calendar created a database"

done_testing
