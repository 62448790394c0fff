#!/usr/bin/env bash
# Every state-changing command after the draw, run as each role docs/ROLES.md refuses it (and as an
# unregistered operator, an inspector of another team and another branch's administrator): each is
# refused with 无权限 (or 未登记) and the database's dump is unchanged.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bureau-lib.sh"
export SUIJI_NOW=2025-09-01T08:00:00+08:00
bureau_setup
HS=914108821734567860
add() { "$SUIJI" targeted add --uscc "$HS" --trigger 信访投诉举报 --reference "$1" --items JZ-001 --date "$2" \
	--team P0001,P0002 >/dev/null && sql "select max(id) from task"; }
T1=$(add XF-1 2025-09-05)
T2=$(add XF-2 2025-09-25)
T3=$(add XF-3 2025-09-06)
"$SUIJI" unit add 修武分局 --region 410821 >/dev/null
"$SUIJI" user add 李红梅 --role 执法人员 --person P0002 >/dev/null
"$SUIJI" user add 张振宇 --role 执法人员 --person P0003 >/dev/null
"$SUIJI" user add 科员 --role 科室人员 >/dev/null
"$SUIJI" user add 纪检组 --role 监督 >/dev/null
"$SUIJI" user add 公开科 --role 公开审核 >/dev/null
"$SUIJI" user add 系统员 --role 系统管理员 >/dev/null
"$SUIJI" user add 安全员 --role 安全管理员 >/dev/null
"$SUIJI" --as 安全员 user add 审计员 --role 审计管理员 >/dev/null
"$SUIJI" user add 修武管理员 --role 分局管理员 --unit 修武分局 >/dev/null
export SUIJI_NOW=2025-09-22T09:00:00+08:00
"$SUIJI" --as 李红梅 result record "$T1" --result 发现问题已责令整改 --date 2025-09-05 --problem "JZ-001:标识缺失" >/dev/null
"$SUIJI" --as 李红梅 result record "$T3" --result 发现违法行为已立案调查 --date 2025-09-06 --problem "超标排放" >/dev/null
P1=$(sql "select id from problem where task_id = $T1")
expect_eq "$(sql "select count(*) from users")" "10" "every role registered"
printf 'date,kind,name\n2027-01-01,休,元旦\n' >"$T/2027.csv"
echo 照片 >"$T/photo.jpg"

# command | the roles (users) that must be refused
refuse() {
	local what=$1
	shift
	local users=$1
	shift
	for u in $users; do
		sqlite3 "$SUIJI_DB" .dump >"$T/before"
		"$SUIJI" --as "$u" "$@" >"$T/out" 2>"$T/err"
		local rc=$?
		sqlite3 "$SUIJI_DB" .dump >"$T/after"
		if [ "$rc" = 1 ] && grep -qE "无权限|未登记" "$T/err" && cmp -s "$T/before" "$T/after"; then ok; else
			not_ok "$what as $u: expected a refusal with nothing written (exit $rc)"
			sed 's/^/  stderr: /' "$T/err" | head -5 >&2
		fi
	done
}
OTHERS="科员 纪检组 系统员 安全员 审计员 修武管理员 路人甲"
refuse "result record" "$OTHERS 公开科 张振宇" result record "$T2" --result 未发现问题 --date 2025-09-22
refuse "result amend" "$OTHERS 公开科 张振宇" result amend "$T1" --reason 复核 --result 发现问题已责令整改 --date 2025-09-05
refuse "result penalty" "$OTHERS 公开科 张振宇" result penalty "$T3" --decision 焦环罚〔2025〕1号 --date 2025-09-20 \
	--violation 超标排放 --content 罚款 --fine 10000
refuse "problems add" "$OTHERS 公开科 张振宇" problems add "$T1" --description 新问题 --reason 监测报告
refuse "problems assign" "$OTHERS 公开科 张振宇" problems assign "$P1" --to 沁阳分局 --days 10
refuse "disclosure publish" "$OTHERS 张振宇" disclosure publish "$T1"
refuse "disclosure withhold" "$OTHERS 李红梅 张振宇" disclosure withhold "$T1" --reason 涉及国家安全 --note 审查
refuse "task cancel" "$OTHERS 公开科 李红梅 张振宇" task cancel "$T2" --reason 合并
refuse "task team" "$OTHERS 公开科 李红梅 张振宇" task team "$T2" --team P0003,P0005 --reason 回避
refuse "calendar import" "科员 纪检组 安全员 审计员 修武管理员 路人甲 公开科 李红梅" calendar import "$T/2027.csv"
refuse "publish" "科员 纪检组 系统员 安全员 审计员 修武管理员 路人甲 李红梅" publish --out "$T/site"
# reads: 审计员 and 系统员 see no tasks; 科员 neither (no task.read)
refuse "task list" "系统员 安全员 审计员 科员 路人甲" task list
refuse "task show" "系统员 审计员 科员 修武管理员 张振宇" task show "$T1"
refuse "agenda" "系统员 安全员 审计员 路人甲" agenda
refuse "stats" "系统员 安全员 审计员 路人甲" stats --year 2025
# and those the table allows do it
expect_rc 0 "$SUIJI" --as 李红梅 problems assign "$P1" --to 沁阳分局 --days 10
expect_rc 0 "$SUIJI" --as 公开科 disclosure publish "$T1"
expect_rc 0 "$SUIJI" --as 系统员 calendar import "$T/2027.csv"
expect_rc 0 "$SUIJI" --as 公开科 publish --out "$T/site"
expect_rc 0 "$SUIJI" --as 纪检组 task show "$T1"
expect_rc 0 "$SUIJI" audit verify
done_testing
