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
# every code passes the import's own check: importing the files again changes nothing
expect_rc 0 "$SUIJI" import objects "$T/demo/objects.csv"
expect_out "新增 0，变更 0，未变 500"
# same seed, same data
expect_rc 0 "$SUIJI" --db "$T/second.db" demo --objects 500 --out "$T/demo2"
expect_eq "$(cmp "$T/demo/objects.csv" "$T/demo2/objects.csv" && echo same)" "same" "deterministic"
expect_rc 2 "$SUIJI" demo --objects 5

done_testing
