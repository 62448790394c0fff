#!/usr/bin/env python3
"""What a web user reads when an operation refuses a value: the message says the value in words and never
names a command-line flag ("--reason" means nothing in a browser); the error carries the value's JSON name
as "field" (docs/API.md, Conventions) for the page to point at. Covered: plan lines (rule), plan adjustment
and return (reason), targeted inspections (uscc, team), the draw's announcement (beacon_date), early
reveal (force), re-draw approval (reason), task cancellation (reason), results (problems), problem
assignment (to), users (person_id) and statistics (year). Every refusal writes nothing. The command line
still names the flag (tests/cli/t0527-refusal-flags.sh)."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
os.environ["SUIJI_NOW"] = "2027-01-04T09:00:00+08:00"  # the test build's clock (SUIJI_TEST_CLOCK)
from lib import ADMIN, Client, Env, check, finish, require_test_clock  # noqa: E402
import codes  # noqa: E402

require_test_clock("不能让公开随机数的日期到来")

env = Env()
try:
    d = env.dir
    env.xiuwu_drawable(range(930001, 930005), 2)
    env.cli("plan", "new", "--year", "2028", "--date", "2027-01-02", actor="分局甲")
    env.start()

    names = {"admin": ADMIN, "branch": "分局甲", "oversight": "监督员"}
    c = {k: Client(env) for k in names}

    def signin_all():
        for k, name in names.items():
            check(c[k].signin(name)[0] == 200, f"{name} 登录")

    def refused(cl, what, method, path, body, status, field):
        before = env.dump()
        st, j = cl.req(method, path, body)
        err = j.get("error", "") if isinstance(j, dict) else ""
        check(st == status and err, f"{what}: 应为 {status}: {st} {j}")
        check("--" not in err, f"{what}: 网页看到的说明不应含命令行参数: {err}")
        check(isinstance(j, dict) and j.get("field") == field, f"{what}: field 应为 {field}: {j}")
        check(env.dump() == before, f"{what}: 被拒绝后数据库不应改变")

    signin_all()
    refused(c["branch"], "计划事项没有数量规则", "POST", "/api/plans/修武分局/2028/lines",
            {"name": "一般对象抽查", "items": ["JZ-001"], "classes": ["一般"]}, 400, "rule")
    refused(c["branch"], "调整计划没有理由", "POST", "/api/plans/修武分局/2027/adjust", {"date": "2027-01-04"}, 400,
            "reason")
    refused(c["admin"], "退回备案没有理由", "POST", "/api/plan-inbox/修武分局/2027/1/return", {}, 400, "reason")
    tgt = {"trigger": "信访投诉举报", "reference": "修环信〔2027〕1号", "items": ["JZ-001"]}
    refused(c["branch"], "针对性检查没有检查对象", "POST", "/api/targeted", tgt, 400, "uscc")
    refused(c["branch"], "针对性检查组只有一人", "POST", "/api/targeted",
            dict(tgt, uscc=codes.uscc("91", "410821", "%08d" % 930001), team=["P0101"]), 400, "team")
    refused(c["admin"], "执法人员没有人员编号", "POST", "/api/users",
            {"name": "新执法", "password": "Xin-zhifa-2027", "roles": ["执法人员"], "unit": "修武分局"}, 400,
            "person_id")
    refused(c["admin"], "统计年度超出范围", "GET", "/api/stats?year=2999", None, 400, "year")
    ann = {"year": 2027, "period": "2027Q1", "lines": [1], "beacon_source": "福彩3D 2027-01-05 开奖号码",
           "beacon_date": "2027-01-03", "date": "2027-01-03"}
    refused(c["branch"], "公开随机数日期早于今天", "POST", "/api/draws", ann, 400, "beacon_date")
    st, j = c["branch"].req("POST", "/api/draws", dict(ann, beacon_date="2027-01-05"))
    check(st == 201, f"公告抽取: {st} {j}")
    did = j.get("id", 0)

    env.stop()
    env.env["SUIJI_NOW"] = "2027-01-05T21:30:00+08:00"
    env.start()
    signin_all()
    st, j = c["branch"].req("POST", f"/api/draws/{did}/run", {"beacon": "5 2 8"})
    check(st == 200 and len(j.get("visits", [])) == 2, f"运行抽取: {st} {j}")
    refused(c["branch"], "提前揭示没有理由", "POST", f"/api/draws/{did}/reveal", {}, 409, "force")
    refused(c["oversight"], "批准重新抽取没有理由", "POST", f"/api/draws/{did}/approve", {}, 400, "reason")
    st, j = c["branch"].req("GET", "/api/tasks?kind=random")
    tasks = sorted(r["id"] for r in j.get("rows", [])) if st == 200 else []
    check(len(tasks) == 2, f"两项检查任务: {st} {j}")
    t1, t2 = (tasks + [0, 0])[:2]
    refused(c["branch"], "作废任务没有理由", "POST", f"/api/tasks/{t1}/cancel", {}, 400, "reason")
    day = {"start_date": "2027-01-05", "end_date": "2027-01-05", "summary": "现场检查"}
    refused(c["branch"], "发现问题却没有列出问题", "POST", f"/api/tasks/{t1}/result",
            dict(day, outcome="发现问题已责令整改"), 400, "problems")
    st, j = c["branch"].req("POST", f"/api/tasks/{t2}/result",
                            dict(day, outcome="发现问题已责令整改",
                                 problems=[{"item": "JZ-001", "description": "台账记录不全"}]))
    check(st == 201, f"录入检查结果: {st} {j}")
    st, j = c["branch"].req("GET", f"/api/problems?task={t2}")
    pid = (j.get("rows") or [{}])[0].get("id", 0) if st == 200 else 0
    refused(c["branch"], "交办没有责任单位", "POST", f"/api/problems/{pid}/assign", {"to": "", "days": 10}, 400, "to")
    check(env.stop() == 0, "服务器正常停止")
finally:
    env.cleanup()
finish()
