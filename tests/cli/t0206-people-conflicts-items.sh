#!/usr/bin/env bash
# The people directory (officers need a certificate), conflicts (both sides must exist), the item
# list (legal basis required), credit-code overrides with a logged reason.
. "$(dirname "$0")/lib.sh"
D=$DATA/dir
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"

# conflicts before the directories they refer to
expect_rc 1 "$SUIJI" import conflicts "$D/conflicts.csv"
expect_err "第2行 人员编号: 检查人员名录中没有该人员"
expect_err "第2行 统一社会信用代码: 检查对象名录中没有该单位"

printf '人员编号,姓名,人员类别,单位,行政区划代码,工作年限\nP9,王五,执法,焦作市生态环境局,410800,5\nP 10,赵六,监管,焦作市生态环境局,410100,x\nP11,钱七,领导,焦作市生态环境局,410800,3\n' >"$T/p.csv"
expect_rc 1 "$SUIJI" import people "$T/p.csv"
expect_err "第2行 执法证号: 执法人员必须填写执法证号"
expect_err "第3行 人员编号: 只能包含字母、数字、下划线和连字符"
expect_err "第3行 行政区划代码: 410100（郑州市）不在本单位辖区"
expect_err "第3行 工作年限: 应为0到999之间的整数"
expect_err "第4行 人员类别: “领导”不是允许的值"

expect_rc 0 "$SUIJI" import objects "$D/objects.csv"
expect_rc 0 "$SUIJI" import people "$D/people.csv"
expect_out "新增 5"
expect_eq "$(sql "select expertise, active from person_version where pid = 'P0002'")" "固废、危险废物|是" "people values"
expect_rc 0 "$SUIJI" import conflicts "$D/conflicts.csv"
expect_out "新增 2"
expect_rc 0 "$SUIJI" list conflicts
expect_out "P0001  91410821MA3X5K7B9Q  近亲属在该单位任职"

printf '事项编码,事项名称,责任科室,法律依据\nX-1,无依据的检查,执法支队,\n' >"$T/i.csv"
expect_rc 1 "$SUIJI" import items "$T/i.csv"
expect_err "第2行 法律依据: 必填项为空"
expect_rc 0 "$SUIJI" import items "$D/items.csv"
expect_eq "$(sql "select classes, method from item_version where code = 'JZ-003'")" "全部|均可" "item defaults"

# a credit code that fails its check is refused unless overridden with a reason, which is logged
bad=91410823MA40EE3Y60
printf '统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别\n%s,历史遗留代码单位,410823,2614,一般\n' $bad >"$T/o.csv"
expect_rc 1 "$SUIJI" import objects "$T/o.csv"
expect_err "校验位错误"
expect_rc 1 "$SUIJI" import objects "$T/o.csv" --uscc-override $bad
expect_err "--reason"
expect_rc 0 "$SUIJI" import objects "$T/o.csv" --uscc-override $bad --reason "营业执照原件核对无误，系发证机关赋码错误"
expect_eq "$(sql "select reason, actor from uscc_override where uscc = '$bad'")" "营业执照原件核对无误，系发证机关赋码错误|测试员" "override logged"
# once recorded, the override holds for later imports
expect_rc 0 "$SUIJI" import objects "$T/o.csv"
expect_out "未变 1"

done_testing
