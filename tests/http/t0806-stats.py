#!/usr/bin/env python3
"""Statistics over the API (GET /api/stats, op/stats.h): the same document as `suiji stats --json`; the city
administrator sees every unit and the total, a branch administrator its own unit only, ?unit= one unit;
roles without report.read (the security and audit administrators) are refused; a bad year is 400. The
dashboard's figures (units, total, problems by state, disclosure, officers) on a year built with the command
line where the answers are known; the session's user carries the codes of its roles (docs/ROLES.md)."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from lib import ADMIN, ITEMS_CSV, OBJECTS_HEADER, SRC, Client, Env, check, finish, server_today  # noqa: E402
import codes  # noqa: E402

OBJ = codes.uscc("91", "410821", "%08d" % 900001)
YEAR = int(server_today("2026-05-13T10:00:00+08:00")[:4])

env = Env()
try:
    env.load("items", [ITEMS_CSV])
    env.load("objects", [OBJECTS_HEADER, f"{OBJ},修武检查对象,410821,2614,一般,否,正常,否,企业"])
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

# ---- the dashboard's figures on a year built with the CLI where the answers are known ----
# 2025: the city's plan (city-managed key units each quarter: 修武太行 and 博爱月山, 2 × 4 = 8 家次; the
# general minimum 5 × staff capped at its 2 general objects, nothing planned), the draw of 2025Q3 (both
# units), a result with two problems (one assigned with a deadline long past, one not yet assigned) and
# one without, the first published on time and the second late, a targeted inspection not yet made.
os.environ["SUIJI_NOW"] = "2025-01-02T09:00:00+08:00"
env = Env()
try:
    def at(when):
        env.env["SUIJI_NOW"] = when

    def sql(q):
        import subprocess
        return subprocess.run(["sqlite3", env.db, q], capture_output=True, text=True, check=True).stdout.strip()

    at("2025-01-10T09:00:00+08:00")
    for k in ("items", "objects", "conflicts"):
        env.cli("import", k, os.path.join(SRC, "tests/data/dir", k + ".csv"), "--date", "2025-01-10")
    with open(os.path.join(env.dir, "people2.csv"), "w", encoding="utf-8") as f:
        f.write("人员编号,姓名,人员类别,执法证号,单位,科室,职务,行政区划代码,工作年限,业务专长,在岗\n"
                "P0011,周一,执法,41080010011,焦作市生态环境局,执法支队,执法队员,410800,5,水,是\n"
                "P0012,吴二,执法,41080010012,焦作市生态环境局,执法支队,执法队员,410800,5,大气,是\n"
                "P0013,郑三,执法,41080010013,焦作市生态环境局,执法支队,执法队员,410800,5,固废,是\n")
    env.cli("import", "people", os.path.join(env.dir, "people2.csv"), "--date", "2025-01-10")
    env.cli("plan", "new", "--year", "2025")
    env.cli("plan", "line", "add", "--year", "2025", "--name", "市管重点排污单位季度检查", "--items", "JZ-001",
            "--class", "重点", "--city-managed", "是", "--each")
    env.cli("plan", "file", "--year", "2025", "--out-dir", env.dir)
    check_json = json.loads(env.cli("plan", "check", "--year", "2025", "--json", rc=1))
    at("2025-06-27T09:00:00+08:00")
    env.cli("draw", "announce", "--year", "2025", "--lines", "1", "--period", "2025Q3",
            "--beacon-source", "福彩3D 2025-06-30 开奖号码")
    at("2025-07-01T09:00:00+08:00")
    env.cli("draw", "run", "1", "--beacon", "3 1 4")
    XW = sql("select id from task where uscc = '91410821MA3X5K7B9Q'")
    BA = sql("select id from task where uscc = '91410822MA3KRWN79A'")
    at("2025-07-20T09:00:00+08:00")
    env.cli("result", "record", XW, "--result", "发现问题已责令整改", "--date", "2025-07-10",
            "--problem", "JZ-001:废水排放口标识缺失", "--problem", "JZ-001:台账记录不全")
    env.cli("result", "record", BA, "--result", "未发现问题", "--date", "2025-07-15")
    env.cli("disclosure", "publish", XW)  # due 2025-08-07: on time
    env.cli("problems", "assign", sql("select min(id) from problem"), "--to", "修武县太行化工有限公司",
            "--deadline", "2025-08-01")
    env.cli("targeted", "add", "--uscc", "91410803675432100E", "--trigger", "信访投诉举报", "--reference", "XF-1",
            "--items", "JZ-001", "--date", "2025-07-25", "--team", "P0011,P0012")
    at("2025-09-01T09:00:00+08:00")
    env.cli("disclosure", "publish", BA)  # due 2025-08-12: late
    at("2025-10-01T09:00:00+08:00")
    env.start()
    admin, branch = Client(env), Client(env)
    check(admin.signin(ADMIN)[0] == 200 and branch.signin("分局甲")[0] == 200, "登录")

    st, j = admin.req("GET", "/api/stats?year=2025")
    check(st == 200, f"统计: {st} {j}")
    check(j == json.loads(env.cli("stats", "--year", "2025", "--json", actor=ADMIN)), "与 suiji stats --json 相同")
    city, xw, qy = j["units"]
    check([(u["unit"], u["unit_name"]) for u in j["units"]] == [(1, "焦作市生态环境局"), (2, "修武分局"), (3, "沁阳分局")],
          f"每个单位: {j['units']}")
    check(city["by_class"]["重点"] == {"required": 8, "planned": 8, "drawn": 2, "inspected": 2},
          f"市局重点：最低 8（2 家 × 4 季度），计划 8，抽取 2，检查 2: {city['by_class']['重点']}")
    check(city["by_class"]["一般"] == {"required": 2, "planned": 0, "drawn": 0, "inspected": 0},
          f"市局一般：最低 2（名录只有 2 家），计划 0: {city['by_class']['一般']}")
    mins = {m["rule"]: m for m in check_json["minimums"]}
    for cls, rules in (("重点", ("key_city_quarterly", "key_other_ratio")), ("一般", ("general_per_staff",)),
                       ("特殊", ("special_above_general",))):
        check(city["by_class"][cls]["required"] == sum(mins[r]["required"] for r in rules if mins[r]["applies"])
              and city["by_class"][cls]["planned"] == sum(mins[r]["planned"] for r in rules if mins[r]["applies"]),
              f"{cls} 与 plan check 的最低要求、计划数相同: {city['by_class'][cls]} {check_json['minimums']}")
    check(city["required"] == 10 and city["planned"] == 8 and city["drawn"] == 2 and city["inspected"] == 2
          and city["has_plan"] is True, f"市局合计: {city}")
    # without a plan the minimum still holds (Article 7 from the unit's directory), nothing is planned:
    # 修武分局 has no object of its own (修武太行 is city-managed), 沁阳分局 one key unit, 5 % a quarter → 4
    check(xw["has_plan"] is False and xw["required"] == 0 and xw["planned"] is None
          and xw["by_class"]["重点"] == {"required": 0, "planned": None, "drawn": 0, "inspected": 0},
          f"修武分局没有计划，最低要求 0: {xw}")
    check(qy["has_plan"] is False and qy["required"] == 4 and qy["planned"] is None
          and qy["by_class"]["重点"] == {"required": 4, "planned": None, "drawn": 0, "inspected": 0},
          f"沁阳分局没有计划，仍按第七条最低 4 家次（1 家重点 × 5 % × 4 季度）: {qy}")
    t = j["total"]
    check((t["required"], t["planned"], t["drawn"], t["inspected"], t["problems_overdue"]) == (14, 8, 2, 2, 1),
          f"合计: {t}")
    # the city's coverage counts every unit's objects: 6 in the directory, both branches' regions
    dirs = {c["key"]: c["directory"] for c in j["coverage_by_region"]}
    check(sum(c["directory"] for c in j["coverage_by_class"]) == 6 and dirs.get("410882") == 1
          and dirs.get("410821") == 1, f"市局覆盖情况含各分局的对象: {j['coverage_by_region']}")
    p = j["problems"]
    check((p["待交办"], p["整改中"], p["已督办"], p["已销号"], p["逾期"]) == (1, 1, 0, 0, 1)
          and (p["found"], p["open"], p["closed"], p["overdue"]) == (2, 2, 0, 1), f"问题按状态: {p}")
    dsc = j["disclosure"]
    check((dsc["on_time"], dsc["late"], dsc["pending"], dsc["withheld"]) == (1, 1, 0, 0), f"公开及时性: {dsc}")
    # each officer: the tasks whose team names them (two drawn, one targeted), done when inspected
    teams = [(row.split("|")[0].split("、"), row.split("|")[1] == "1")
             for row in sql("select team, state <> '待检查' from task").splitlines()]
    want = {}
    for team, done in teams:
        for pid in team:
            w = want.setdefault(pid, [0, 0])
            w[0] += 1
            w[1] += done
    got = {o["id"]: [o["tasks"], o["done"]] for o in j["officers"]}
    check(got == want and sum(v[0] for v in got.values()) == 6 and got["P0011"][0] >= 1
          and all(o["name"] for o in j["officers"]), f"执法人员任务量: {j['officers']} {want}")

    # GET /api/units counts each unit's current directories (grouped, from the partial indexes of step 17):
    # the city-managed key units (修武太行, 博爱月山) and codes no branch holds are the city's, 沁阳恒盛 is
    # 沁阳分局's; staff are the on-duty 执法/监管 people (P0004 of 沁阳 is not on duty)
    st, j = admin.req("GET", "/api/units")
    check(st == 200 and [(u["name"], u["objects"], u["people"], u["staff"]) for u in j["rows"]]
          == [("焦作市生态环境局", 5, 6, 5), ("修武分局", 0, 1, 1), ("沁阳分局", 1, 1, 0)], f"各单位名录数: {j}")
    st, j = branch.req("GET", "/api/stats?year=2025")
    check(st == 200 and [u["unit_name"] for u in j["units"]] == ["修武分局"] and j["total"]["drawn"] == 0
          and j["problems"]["found"] == 0 and j["officers"] == [] and j["disclosure"]["on_time"] == 0,
          f"分局只看到本单位: {st} {j.get('units')} {j.get('problems')}")
    # nor another branch's directory: 修武分局 has no object of its own (修武太行 is the city's)
    check(j["coverage_by_class"] == [] and j["coverage_by_region"] == [],
          f"分局的覆盖情况不含其他单位的对象: {j['coverage_by_class']} {j['coverage_by_region']}")
    other = Client(env)
    check(other.signin("分局乙")[0] == 200, "分局乙登录")
    st, j = other.req("GET", "/api/stats?year=2025")
    check(st == 200 and [u["unit_name"] for u in j["units"]] == ["沁阳分局"]
          and [(c["key"], c["directory"]) for c in j["coverage_by_region"]] == [("410882", 1)]
          and [(c["key"], c["directory"]) for c in j["coverage_by_class"]] == [("重点", 1)]
          and j["units"][0]["required"] == 4, f"沁阳分局只看到本单位的对象: {st} {j}")
    st, j = admin.req("GET", "/api/stats?year=2025&unit=3")
    check(st == 200 and [(c["key"], c["directory"]) for c in j["coverage_by_region"]] == [("410882", 1)],
          f"?unit= 只含该单位的对象: {st} {j.get('coverage_by_region')}")

    # the session's user carries the codes its roles hold, as docs/ROLES.md's table gives them
    rows = [l.split("|")[1:-1] for l in open(os.path.join(SRC, "docs/ROLES.md"), encoding="utf-8")
            if l.startswith("| ") and "`" in l]
    head = [c.strip() for c in next(l for l in open(os.path.join(SRC, "docs/ROLES.md"), encoding="utf-8")
                                     if l.startswith("| 操作 |")).split("|")[1:-1]]
    def codes(roles):
        return [r[1].strip().strip("`") for r in rows if any(r[head.index(x)].strip() != "—" for x in roles)]
    for cl, name in ((admin, ADMIN), (branch, "分局甲")):
        st, j = cl.req("GET", "/api/session")
        check(st == 200 and j["user"]["can"] == codes(j["user"]["roles"]) and len(j["user"]["can"]) > 3,
              f"{name} 的 can 为其角色在 ROLES.md 中的代码: {j['user']['can']} {codes(j['user']['roles'])}")
    check("plan.review" in admin.user["can"] and "user.manage" in admin.user["can"]
          and "plan.review" not in branch.user["can"] and "report.read" in branch.user["can"],
          f"登录时也返回 can: {admin.user['can']} {branch.user['can']}")
    rc = env.stop()
    check(rc == 0, f"SIGTERM 后应正常退出: {rc}")
finally:
    env.cleanup()
    os.environ.pop("SUIJI_NOW", None)
finish()
