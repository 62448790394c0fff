#!/usr/bin/env python3
"""Statistics over the API (GET /api/stats, op/stats.h): the same document as `suiji stats --json`; the city
administrator sees every unit and the total, a branch administrator its own unit only, ?unit= one unit;
roles without report.read (the security and audit administrators) are refused; a bad year is 400."""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from lib import ADMIN, SRC, Client, Env, check, finish  # noqa: E402
import codes  # noqa: E402

ITEMS = open(os.path.join(SRC, "tests/cli/plan-lib.sh"), encoding="utf-8").read().split("ITEMS_CSV='")[1].split("'")[0]
OBJ = codes.uscc("91", "410821", "%08d" % 900001)
YEAR = datetime.date.today().year

env = Env()
try:
    with open(os.path.join(env.dir, "items.csv"), "w", encoding="utf-8") as f:
        f.write(ITEMS + "\n")
    with open(os.path.join(env.dir, "objects.csv"), "w", encoding="utf-8") as f:
        f.write("统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管,生产状态,正面清单,主体类型\n")
        f.write(f"{OBJ},修武检查对象,410821,2614,一般,否,正常,否,企业\n")
    env.cli("import", "items", os.path.join(env.dir, "items.csv"))
    env.cli("import", "objects", os.path.join(env.dir, "objects.csv"))
    env.start()
    admin, branch, other, security, auditor = (Client(env) for _ in range(5))
    for c, name in ((admin, ADMIN), (branch, "分局甲"), (other, "分局乙"), (security, "安全员"), (auditor, "审计员")):
        check(c.signin(name)[0] == 200, f"{name} 登录")
    st, j = branch.req("POST", "/api/targeted", {"uscc": OBJ, "trigger": "信访投诉举报", "reference": "修环信〔2026〕9号",
                                                 "items": ["JZ-001"], "team": ["P0002", "P0001"]})
    check(st == 201, f"登记针对性检查: {st} {j}")

    st, j = admin.req("GET", f"/api/stats?year={YEAR}")
    check(st == 200 and [u["unit"] for u in j["by_unit"]] == ["焦作市生态环境局", "修武分局", "沁阳分局"]
          and j["units_total"]["targeted"] == 1 and j["targeted"]["tasks"] == 1 and j["year"] == YEAR,
          f"市局看到每个单位和合计: {st} {j}")
    cli = json.loads(env.cli("stats", "--year", str(YEAR), "--json", actor=ADMIN))
    check(j == cli, "与 suiji stats --json 相同")
    check(all("against_plan" in u for u in j["by_unit"]) and j["by_unit"][1]["against_plan"] is None,
          f"每个单位对照本单位的年度计划（没有计划为 null）: {j['by_unit']}")
    st, j2 = admin.req("GET", "/api/stats")
    check(st == 200 and j2["year"] == YEAR, f"不指定年度为今年: {st}")

    st, j = branch.req("GET", f"/api/stats?year={YEAR}")
    check(st == 200 and [u["unit"] for u in j["by_unit"]] == ["修武分局"] and j["units_total"]["targeted"] == 1,
          f"分局只看到本单位: {st} {j}")
    st, j = other.req("GET", f"/api/stats?year={YEAR}")
    check(st == 200 and [u["unit"] for u in j["by_unit"]] == ["沁阳分局"] and j["targeted"]["tasks"] == 0
          and j["load_per_inspector"] == [], f"另一分局看不到修武的任务: {st} {j}")
    st, j = admin.req("GET", f"/api/stats?year={YEAR}&unit=2")
    check(st == 200 and [u["unit"] for u in j["by_unit"]] == ["修武分局"], f"?unit= 只看一个单位: {st} {j}")

    for cl, who in ((security, "安全管理员"), (auditor, "审计管理员")):
        before = env.dump()
        st, j = cl.req("GET", f"/api/stats?year={YEAR}")
        check(st == 403 and j.get("error"), f"{who} 无权查看统计: {st} {j}")
        check(env.dump() == before, f"{who} 被拒绝后数据库不应改变")
    st, j = admin.req("GET", "/api/stats?year=25")
    check(st == 400, f"年度无效: {st} {j}")
    st, j = admin.req("GET", "/api/stats?year=2999")
    check(st == 400 and "超出范围" in j.get("error", ""), f"年度超出范围: {st} {j}")
    rc = env.stop()
    check(rc == 0, f"SIGTERM 后应正常退出: {rc}")
finally:
    env.cleanup()
finish()
