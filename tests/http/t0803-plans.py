#!/usr/bin/env python3
"""Plans and targeted inspections over the API: a branch writes its plan (lines added, changed, removed), checks Article 7 short
then met, files it into the city's inbox; the city accepts it (the version in the path must be the one
awaiting review); an adjustment; the filing document as HTML. Role boundaries with nothing written:
another branch reads or writes the plan, oversight writes, the branch decides on its own filing."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from lib import ADMIN, ITEMS_CSV, OBJECTS_HEADER, Client, Env, check, finish  # noqa: E402
import codes  # noqa: E402


env = Env()
try:
    rows, n = [OBJECTS_HEADER], 700000
    for count, region, klass in ((10, "410821", "一般"), (4, "410821", "重点"), (6, "410882", "一般")):
        for _ in range(count):
            n += 1
            rows.append(f"{codes.uscc('91', region, '%08d' % n)},测试单位{n},{region},2614,{klass},否,正常,否,企业")
    env.load("items", [ITEMS_CSV])
    env.load("objects", rows)
    env.start()
    P = "/api/plans/修武分局/2027"
    branch, other, admin, oversight = Client(env), Client(env), Client(env), Client(env)
    for c, name in ((branch, "分局甲"), (other, "分局乙"), (admin, ADMIN), (oversight, "监督员")):
        check(c.signin(name)[0] == 200, f"{name} 登录")

    def refused(cl, who, method, path, body=None, status=403):
        before = env.dump()
        st, j = cl.req(method, path, body)
        check(st == status and isinstance(j, dict) and j.get("error"), f"{who} {method} {path} 应为 {status}: {st} {j}")
        check(env.dump() == before, f"{who} {method} {path} 被拒绝后数据库不应改变")

    st, j = branch.req("POST", "/api/plans", {"year": 2027})
    check(st == 201 and j["unit_name"] == "修武分局" and j["version"] == 1, f"分局新建计划: {st} {j}")
    refused(branch, "分局", "POST", "/api/plans", {"year": 2027}, status=409)
    refused(branch, "分局", "POST", "/api/plans", {"year": "明年"}, status=400)
    st, j = branch.req("GET", "/api/plans?year=2027")
    check(st == 200 and j["total"] == 1 and j["rows"][0]["versions"][0]["status"] == "草稿", f"计划版本列表: {st} {j}")

    st, j = branch.req("POST", P + "/lines", {"name": "一般对象抽查", "items": ["JZ-001"], "classes": ["一般"],
                                              "rule": "count", "value": 1})
    check(st == 201 and j["line_no"] == 1 and j["rule"] == "count" and j["value"] == 1, f"新增计划事项: {st} {j}")
    refused(branch, "分局", "POST", P + "/lines", {"name": "无事项", "items": ["NO-SUCH"], "rule": "each"}, status=409)
    refused(other, "另一分局", "POST", P + "/lines", {"name": "越权", "items": ["JZ-001"], "rule": "each"})
    refused(other, "另一分局", "GET", P)
    refused(other, "另一分局", "GET", P + "/check")
    refused(oversight, "监督", "POST", P + "/lines", {"name": "越权", "items": ["JZ-001"], "rule": "each"})
    refused(oversight, "监督", "POST", P + "/file")

    st, j = branch.req("GET", P + "/check")
    check(st == 200 and j["ok"] is False and any(r["short"] > 0 for r in j["rules"] if r["applies"]),
          f"第七条应不满足: {st} {j.get('rules') if isinstance(j, dict) else j}")
    st, j = branch.req("PUT", P + "/lines/1", {"rule": "each"})
    check(st == 200 and j["rule"] == "each", f"修改计划事项: {st} {j}")
    st, j = branch.req("POST", P + "/lines", {"name": "重点对象", "items": "JZ-001", "classes": "重点", "rule": "each"})
    check(st == 201 and j["line_no"] == 2, f"第二项: {st} {j}")
    st, j = branch.req("POST", P + "/lines", {"name": "临时", "items": ["JZ-004"], "rule": "count", "value": "1"})
    check(st == 201 and j["line_no"] == 3, f"第三项: {st} {j}")
    st, j = branch.req("DELETE", P + "/lines/3")
    check(st == 200, f"删除第三项: {st} {j}")
    st, j = branch.req("GET", P)
    check(st == 200 and [l["line_no"] for l in j["lines"]] == [1, 2] and j["lines"][1]["pool"] == 4,
          f"计划内容: {st} {j.get('lines') if isinstance(j, dict) else j}")
    st, j = branch.req("GET", P + "/check")
    check(st == 200 and j["ok"] is True, f"第七条应满足: {st} {j.get('rules') if isinstance(j, dict) else j}")

    st, j = branch.req("POST", P + "/file")
    check(st == 200 and j["status"] == "已备案" and j["to_inbox"] is True and j["a7_ok"] is True, f"备案: {st} {j}")
    refused(branch, "分局", "POST", P + "/lines", {"name": "备案后", "items": ["JZ-001"], "rule": "each"}, status=409)
    st, j = admin.req("GET", "/api/plan-inbox")
    rows = j.get("rows", []) if isinstance(j, dict) else []
    check(st == 200 and any(r["unit_name"] == "修武分局" and r["state"] == "待审" and r["version"] == 1 for r in rows),
          f"市局收件箱: {st} {j}")
    refused(branch, "分局", "POST", "/api/plan-inbox/修武分局/2027/1/accept")
    refused(admin, "市局", "POST", "/api/plan-inbox/修武分局/2027/2/accept", status=409)
    refused(admin, "市局", "POST", "/api/plan-inbox/修武分局/2027/1/return", status=400)  # a reason is required
    st, j = admin.req("POST", "/api/plan-inbox/2/2027/1/accept")
    check(st == 200 and j["state"] == "已接收", f"市局接收: {st} {j}")
    refused(admin, "市局", "POST", "/api/plan-inbox/修武分局/2027/1/accept", status=409)

    st, body = branch.req("GET", P + "/document")
    check(st == 200 and branch.last_headers.getheader("Content-Type").startswith("text/html")
          and "修武分局2027年度" in body.decode(), "备案文书（HTML）")
    st, j = branch.req("POST", P + "/adjust", {"reason": "新增事项", "date": ""})
    check(st == 201 and j["version"] == 2, f"调整计划: {st} {j}")
    st, j = branch.req("GET", "/api/plans?year=2027")
    check(st == 200 and [v["version"] for v in j["rows"][0]["versions"]] == [1, 2], f"两个版本: {st} {j}")
    st, j = admin.req("GET", "/api/plans")  # the city without a unit: every unit's plans of this and next year
    check(st == 200 and any(r["unit_name"] == "修武分局" and r["year"] == 2027 and r["versions"][0].get("review", {})
                            .get("state") == "已接收" for r in j["rows"]), f"市局看到各单位的计划和审查结果: {st} {j}")
    st, j = other.req("GET", "/api/plans")
    check(st == 200 and all(r["unit_name"] == "沁阳分局" for r in j["rows"]), f"另一分局只看到本单位: {st} {j}")
    st, j = branch.req("POST", P + "/lines", {"name": "比例", "items": ["JZ-001"], "rule": "ratio", "value": 2.5})
    check(st == 201 and j["value"] == 2.5, f"比例 2.5%: {st} {j}")
    st, j = admin.req("GET", P + "?version=1")
    check(st == 200 and j["status"] == "已备案", f"市局查看分局第1版: {st}")

    # targeted inspections (Article 2): the branch registers one on its own object; others may not
    obj = codes.uscc("91", "410821", "%08d" % 700001)
    st, j = branch.req("POST", "/api/targeted", {"uscc": obj, "trigger": "信访投诉举报", "reference": "修环信〔2027〕1号",
                                                 "items": ["JZ-001"], "date": ""})
    check(st == 201 and j["unit_name"] == "修武分局" and j["items"] == ["JZ-001"], f"登记针对性检查: {st} {j}")
    tid = j.get("id") if isinstance(j, dict) else None
    refused(branch, "分局", "POST", "/api/targeted", {"uscc": obj, "trigger": "领导交办", "reference": "X"}, status=400)
    refused(other, "另一分局", "POST", "/api/targeted", {"uscc": obj, "trigger": "信访投诉举报", "reference": "X"})
    refused(oversight, "监督", "POST", "/api/targeted", {"uscc": obj, "trigger": "信访投诉举报", "reference": "X"})
    st, j = branch.req("GET", "/api/targeted?year=1999")
    check(st == 200 and j["total"] == 0, f"按年度筛选: {st} {j}")
    st, j = branch.req("GET", "/api/targeted")
    check(st == 200 and [r["id"] for r in j["rows"]] == [tid] and j["rows"][0]["trigger"] == "信访投诉举报",
          f"本单位的针对性检查: {st} {j}")
    st, j = other.req("GET", "/api/targeted")
    check(st == 200 and j["total"] == 0, f"另一分局看不到: {st} {j}")
    rc = env.stop()
    check(rc == 0, f"SIGTERM 后应正常退出: {rc}")
finally:
    env.cleanup()
finish()
