#!/usr/bin/env bash
# The directories by unit (issue 10, item 1): a city file that holds branch officers counts only the
# city's own staff for the city; a branch administrator imports only rows of its own jurisdiction
# (a row outside it refuses the whole file, nothing written), lists, exports and reads histories of
# its own unit only; the city sees every unit's entries.
. "$(dirname "$0")/lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" unit add 修武分局 --region 410821 >/dev/null
"$SUIJI" unit add 博爱分局 --region 410822 >/dev/null
"$SUIJI" user add 修武管理员 --role 分局管理员 --unit 修武分局 >/dev/null
"$SUIJI" user add 博爱管理员 --role 分局管理员 --unit 博爱分局 >/dev/null

H='人员编号,姓名,人员类别,执法证号,单位,科室,职务,行政区划代码,工作年限,业务专长,在岗'
# the city's file: 3 city staff (one of them 辅助), 2 修武 officers, 1 博爱 officer
{
	echo "$H"
	echo "C1,王一,执法,41080010001,焦作市生态环境局,执法支队,科员,410800,5,水,是"
	echo "C2,王二,监管,,焦作市生态环境局,大气环境科,科员,410800,5,大气,是"
	echo "C3,王三,辅助,,焦作市生态环境监测中心,,工程师,410800,5,监测,是"
	echo "X1,修一,执法,41082110001,焦作市生态环境局修武分局,执法大队,队员,410821,5,水,是"
	echo "X2,修二,执法,41082110002,焦作市生态环境局修武分局,执法大队,队员,410821,5,水,是"
	echo "B1,博一,执法,41082210001,焦作市生态环境局博爱分局,执法大队,队员,410822,5,水,是"
} >"$T/people.csv"
expect_rc 0 "$SUIJI" import people "$T/people.csv"
expect_out "新增 6"
expect_rc 0 "$SUIJI" unit list
# 编号 单位 级别 辖区 业务人员 检查对象 人员: the city counts its own two business staff, not the branches'
expect_eq "$(awk '$2 == "焦作市生态环境局" {print $5, $7}' "$T/out")" "2 3" "the city's staff and people"
expect_eq "$(awk '$3 == "修武分局" {print $6, $8}' "$T/out")" "2 2" "修武's staff and people"
expect_eq "$(awk '$3 == "博爱分局" {print $6, $8}' "$T/out")" "1 1" "博爱's staff and people"

O='统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管'
{
	echo "$O"
	echo "91410821MA3X5K7B9Q,修武县太行化工有限公司,410821,2614,一般,否"
} >"$T/xiuwu.csv"
{
	echo "$O"
	echo "91410821MA3X5K7B9Q,修武县太行化工有限公司,410821,2614,一般,否"
	echo "914108821734567860,沁阳市恒盛纸业有限公司,410822,2221,一般,否"
} >"$T/mixed.csv"

# a branch administrator's file with a row of another branch: refused, nothing written
before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
expect_rc 1 "$SUIJI" --as 修武管理员 import objects "$T/mixed.csv"
expect_err "第3行 行政区划代码: 410822（博爱县）不在修武分局的辖区（410821）内"
expect_err "未写入任何数据"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "a refused import writes nothing"
# a city-managed key object in its region is the city's, not the branch's
printf '%s\n%s\n' "$O" "91410821MA3X5K7B9Q,修武县太行化工有限公司,410821,2614,重点,是" >"$T/citykey.csv"
expect_rc 1 "$SUIJI" --as 修武管理员 import objects "$T/citykey.csv"
expect_err "第2行 市管: 市管重点排污单位由市局管理"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "a refused import writes nothing"
# its own file is accepted
expect_rc 0 "$SUIJI" --as 修武管理员 import objects "$T/xiuwu.csv"
expect_out "新增 1"
# the city imports anything in its area
printf '%s\n%s\n%s\n' "$O" "914108821734567860,沁阳市恒盛纸业有限公司,410822,2221,一般,否" \
	"91410800MA44TL3X21,焦作市城区热力有限公司,410811,4411,一般,否" >"$T/city.csv"
expect_rc 0 "$SUIJI" import objects "$T/city.csv"
expect_out "新增 2"

# lists and exports by unit
expect_rc 0 "$SUIJI" --as 修武管理员 list objects
expect_out "共 1 条"
expect_out "91410821MA3X5K7B9Q"
expect_no_out "914108821734567860"
expect_rc 0 "$SUIJI" --as 博爱管理员 list objects
expect_out "共 1 条"
expect_out "914108821734567860"
expect_rc 0 "$SUIJI" --as 修武管理员 list people
expect_out "共 2 条"
expect_no_out "C1"
expect_rc 0 "$SUIJI" list objects
expect_out "共 3 条"
expect_rc 0 "$SUIJI" --unit 博爱分局 list objects
expect_out "共 1 条"
expect_out "914108821734567860"
expect_rc 0 "$SUIJI" --as 修武管理员 export objects -o "$T/x.csv"
expect_eq "$(grep -c '^9' "$T/x.csv")" "1" "a branch exports its own objects"
expect_rc 0 "$SUIJI" export objects -o "$T/all.csv"
expect_eq "$(grep -c '^9' "$T/all.csv")" "3" "the city exports every unit's objects"
# another branch's data: refused
before=$(sqlite3 "$SUIJI_DB" .dump | sha256sum)
expect_rc 1 "$SUIJI" --as 修武管理员 --unit 博爱分局 list objects
expect_err "无权限"
expect_rc 1 "$SUIJI" --as 修武管理员 --unit 博爱分局 export objects -o "$T/b.csv"
expect_err "无权限"
if [ -e "$T/b.csv" ]; then not_ok "a refused export wrote a file"; else ok; fi
expect_rc 1 "$SUIJI" --as 修武管理员 directory history objects 914108821734567860
expect_err "没有“914108821734567860”"
expect_rc 0 "$SUIJI" directory history objects 914108821734567860
expect_rc 1 "$SUIJI" --as 修武管理员 import objects "$T/city.csv"
expect_eq "$(sqlite3 "$SUIJI_DB" .dump | sha256sum)" "$before" "refusals write nothing"
# a branch's full import removes only its own entries
printf '%s\n' "$O" >"$T/empty.csv"
expect_rc 0 "$SUIJI" --as 修武管理员 import objects "$T/empty.csv" --full
expect_out "注销 1"
expect_rc 0 "$SUIJI" list objects
expect_out "共 2 条"
done_testing
