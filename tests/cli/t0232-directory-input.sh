#!/usr/bin/env bash
# Directory details from the year played through (issue 11): histories and quarterly changes name the
# fields that changed, old → new; Article 4's 生产规模, 生产周期特点 and 项目建设情况 are optional object
# columns (imported, exported, listed by tag); bad input is refused in Chinese naming what is wrong.
. "$(dirname "$0")/lib.sh"
export SUIJI_NOW=2025-06-01T09:00:00+08:00
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
H='统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管,风险等级,生产规模,生产周期特点,项目建设情况'
printf '%s\n%s\n%s\n' "$H" "91410821MA3X5K7B9Q,修武县太行化工有限公司,410821,2614,重点,否,高,大型,连续生产,已投产" \
	"914108821734567860,沁阳市恒盛纸业有限公司,410882,2221,一般,否,低,,季节性生产," >"$T/o1.csv"
expect_rc 0 "$SUIJI" import objects "$T/o1.csv" --date 2025-01-10
expect_out "新增 2"
# the new columns: listed, selectable as tags, exported
expect_rc 0 "$SUIJI" list objects --tag 季节性生产
expect_out "共 1 条"
expect_out "914108821734567860"
expect_rc 0 "$SUIJI" list objects --tag 大型
expect_out "[大型]"
expect_rc 0 "$SUIJI" export objects -o "$T/e.csv"
expect_eq "$(head -1 "$T/e.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//' | cut -d, -f17-)" "生产规模,生产周期特点,项目建设情况" "exported headers"
expect_eq "$(grep 91410821MA3X5K7B9Q "$T/e.csv" | tr -d '\r' | cut -d, -f17-)" "大型,连续生产,已投产" "exported values"
printf '%s\n%s\n' "$H" "91410821MA3X5K7B9Q,修武县太行化工有限公司,410821,2614,重点,否,高,超大型,," >"$T/bad.csv"
expect_rc 1 "$SUIJI" import objects "$T/bad.csv" --date 2025-02-01
expect_err "第2行 生产规模: “超大型”不是允许的值"

# a change: the history and the quarter's changes name the fields, old → new
printf '%s\n%s\n%s\n' "$H" "91410821MA3X5K7B9Q,修武县太行化工有限公司,410821,2614,重点,否,中,大型,间歇生产,已投产" \
	"914108821734567860,沁阳市恒盛纸业有限公司,410882,2221,一般,否,低,,季节性生产," >"$T/o2.csv"
expect_rc 0 "$SUIJI" import objects "$T/o2.csv" --date 2025-02-15
expect_out "变更 1"
expect_rc 0 "$SUIJI" directory history objects 91410821MA3X5K7B9Q
expect_out "风险等级: 高 → 中"
expect_out "生产周期特点: 连续生产 → 间歇生产"
expect_eq "$(grep -c '单位名称' "$T/out")" "1" "the name, unchanged, only in the first version"
expect_rc 0 "$SUIJI" directory changes --quarter 2025Q1 --kind objects
expect_out "风险等级: 高 → 中"
expect_no_out "单位名称:"

# bad input: refused, in Chinese, naming what is wrong
expect_rc 2 "$SUIJI" export objects --as-of 2026-02-30
expect_err "日 30 无效"
expect_rc 2 "$SUIJI" export objects --as-of yesterday
expect_err "格式不对"
expect_rc 2 "$SUIJI" list objects --as-of 2025-13-01
expect_err "月份 13 无效"
expect_rc 1 "$SUIJI" directory history objects 91410800MA44TL3X21
expect_err "检查对象名录中没有“91410800MA44TL3X21”"
expect_rc 1 "$SUIJI" list objects --class 重要
expect_err "监管类别“重要”不存在，应为 重点、一般、特殊 之一"
expect_rc 1 "$SUIJI" list objects --tag 不存在
expect_err "标识“不存在”不存在"
expect_err "市管"
expect_err "季节性生产"
expect_rc 1 "$SUIJI" list people --tag 不存在
expect_err "标识“不存在”在检查人员名录中不存在"
expect_rc 1 "$SUIJI" import objects "$T/missing.csv"
expect_err "文件“$T/missing.csv”不存在"
if grep -q "No such file" "$T/err"; then not_ok "English errno text"; else ok; fi
done_testing
