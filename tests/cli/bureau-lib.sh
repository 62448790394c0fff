# The bureau the result, task and role tests start from (sourced after lib.sh): the city bureau
# initialised with its first administrator, the sample directories of tests/data/dir dated
# 2025-01-10, and the change set of 2025-03-01 that moves 张振宇 (P0003) to the 沁阳 branch as a
# certified officer and adds 陈静 (P0005). The caller sets SUIJI_NOW first (the audit chain only
# moves forward in time, so the set-up must be dated before what the test does next).
bureau_setup() {
	"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
	local k
	for k in items objects people conflicts; do
		"$SUIJI" import $k "$DATA/dir/$k.csv" --date 2025-01-10 >/dev/null
	done
	cat >"$T/people-2025-03.csv" <<'CSV'
人员编号,姓名,人员类别,执法证号,单位,科室,职务,行政区划代码,工作年限,业务专长,在岗
P0003,张振宇,执法,41088210003,焦作市生态环境局沁阳分局,执法大队,执法队员,410882,3,大气,是
P0005,陈静,执法,41088210005,焦作市生态环境局沁阳分局,执法大队,执法队员,410882,7,水,是
CSV
	"$SUIJI" import people "$T/people-2025-03.csv" --date 2025-03-01 >/dev/null
}
