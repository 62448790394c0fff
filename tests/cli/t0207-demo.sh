#!/usr/bin/env bash
# suiji demo: a realistic Jiaozuo directory through the real import path, deterministic for a seed.
. "$(dirname "$0")/lib.sh"

expect_rc 0 "$SUIJI" demo --objects 500 --out "$T/demo"
expect_out "检查对象名录 新增 500"
expect_eq "$(sql "select name, region from org")" "焦作市生态环境局|410800" "demo org"
expect_eq "$(sql "select count(distinct region) from object_version")" "10" "all ten counties"
[ "$(sql "select count(*) from object_version where class = '重点'")" -gt 20 ] && ok || not_ok "key units present"
[ "$(sql "select count(*) from object_version where city_managed = '是'")" -gt 5 ] && ok || not_ok "city-managed units present"
[ "$(sql "select count(*) from person_version where kind = '执法'")" -gt 100 ] && ok || not_ok "officers present"
[ "$(sql "select count(*) from conflict_version")" -gt 0 ] && ok || not_ok "conflicts present"
expect_eq "$(sql "select count(*) from item_version")" "14" "item list"
# Jiaozuo's structure: the city and its six county branches; the urban districts stay the city's
expect_eq "$(sql "select group_concat(name || ':' || regions, ' ') from unit where parent is not null")" \
	"修武县分局:410821 博爱县分局:410822 武陟县分局:410823 温县分局:410825 沁阳市分局:410882 孟州市分局:410883" "branches"
# a login for every role, city and branch, each password printed once
for role in 市局管理员 分局管理员 科室人员 执法人员 监督 公开审核 系统管理员 安全管理员 审计管理员; do
	if grep -qE "^[^ ]+ +$role " "$T/out"; then ok; else not_ok "no demo login for $role"; fi
done
expect_out "用户名"
expect_eq "$(sql "select count(*) from users")" "13" "the operator and twelve demo logins"
expect_eq "$(sql "select u.name || ':' || unit.name from users u join unit on unit.id = u.unit_id where u.name = '修武-管理员'")" \
	"修武-管理员:修武县分局" "the branch administrator's unit"
pw=$(awk '$1 == "修武-管理员" {print $4}' "$T/out")
[ "${#pw}" -ge 12 ] && ok || not_ok "a random password printed: $pw"
# the branch administrator sees its own objects only; the city all
expect_rc 0 "$SUIJI" --as 修武-管理员 list objects --limit 1
expect_out "共 $(sql "select count(*) from object_version where region = '410821' and not (class = '重点' and city_managed = '是')") 条"
expect_rc 0 "$SUIJI" list objects --limit 1
expect_out "共 500 条"
# every code passes the import's own check: importing the files again changes nothing
expect_rc 0 "$SUIJI" import objects "$T/demo/objects.csv"
expect_out "新增 0，变更 0，未变 500"
# same seed, same data
expect_rc 0 "$SUIJI" --db "$T/second.db" demo --objects 500 --out "$T/demo2"
expect_eq "$(cmp "$T/demo/objects.csv" "$T/demo2/objects.csv" && echo same)" "same" "deterministic"
expect_rc 2 "$SUIJI" demo --objects 5

done_testing
