#!/usr/bin/env python3
"""The draw meeting over the API (issue 13; the grinding rules of issue 12, item 9): a branch
administrator announces a draw of its filed plan, the run is refused before the beacon's date (409),
then made once the day has come; the visits carry their selection keys, the printable record and the
signed package (verified with `suiji verify`) are served. Role boundaries: 执法人员, 公开审核 and
审计管理员 cannot announce or run, another branch cannot run nor read the announcement, 监督 approves
a re-draw but cannot run, a re-draw without approval is refused; signed out 401, without the CSRF token
403. Every refusal leaves `sqlite3 .dump` as it was."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
os.environ["SUIJI_NOW"] = "2027-01-04T09:00:00+08:00"  # the test build's clock (SUIJI_TEST_CLOCK)
from lib import ADMIN, SUIJI, Client, Env, check, finish, require_test_clock  # noqa: E402
import codes  # noqa: E402

require_test_clock("不能让公开随机数的日期到来")

env = Env()
try:
    d = env.dir
    env.xiuwu_drawable(range(910001, 910007), 3)
    env.start()

    names = {"admin": ADMIN, "branch": "分局甲", "other": "分局乙", "insp": "执法甲", "oversight": "监督员",
             "reviewer": "审核员", "auditor": "审计员"}
    c = {k: Client(env) for k in names}
    for k, name in names.items():
        check(c[k].signin(name)[0] == 200, f"{name} 登录")

    def refused(cl, who, method, path, body=None, status=403, text=None):
        before = env.dump()
        st, j = cl.req(method, path, body)
        ok = st in ((status,) if isinstance(status, int) else status) and isinstance(j, dict) and j.get("error")
        check(ok, f"{who} {method} {path} 应为 {status}: {st} {j}")
        if ok and text:
            check(text in j["error"], f"{who} {method} {path} 的说明应含“{text}”: {j['error']}")
        check(env.dump() == before, f"{who} {method} {path} 被拒绝后数据库不应改变")
        return j

    ann = {"year": 2027, "period": "2027Q1", "lines": [1], "beacon_source": "福彩3D 2027-01-05 开奖号码",
           "beacon_date": "2027-01-05", "date": "2027-01-03"}
    for k in ("insp", "reviewer", "auditor", "oversight"):
        refused(c[k], names[k], "POST", "/api/draws", ann)
    refused(c["other"], "分局乙（为修武分局公告）", "POST", "/api/draws?unit=2", ann)
    refused(c["branch"], "分局甲（公开随机数日期早于今天）", "POST", "/api/draws", dict(ann, beacon_date="2027-01-03"),
            status=400, text="早于今天")
    refused(c["branch"], "分局甲（计划事项不存在）", "POST", "/api/draws", dict(ann, lines=[9]), status=400)
    refused(c["branch"], "分局甲（没有计划事项）", "POST", "/api/draws", dict(ann, lines=[]), status=400)
    refused(c["branch"], "分局甲（计划事项不是数字）", "POST", "/api/draws", dict(ann, lines=["x"]), status=400)
    refused(c["branch"], "分局甲（没有时段）", "POST", "/api/draws", {k: v for k, v in ann.items() if k != "period"}, status=400)
    signed_out = Client(env)
    refused(signed_out, "未登录", "POST", "/api/draws", ann, status=401)
    refused(signed_out, "未登录", "GET", "/api/draws", status=401)
    before = env.dump()
    st, j = c["branch"].req("POST", "/api/draws", ann, csrf=False)
    check(st == 403 and env.dump() == before, f"没有 CSRF 令牌的公告应为 403 且不写入: {st} {j}")

    st, j = c["branch"].req("POST", "/api/draws", ann)
    check(st == 201 and j.get("state") == "已公告" and len(j.get("salt_commitment", "")) == 64
          and len(j.get("inputs_hash", "")) == 64 and j.get("beacon_date") == "2027-01-05"
          and j.get("snapshot_date") == "2027-01-03" and j.get("lines") == [1] and j.get("unit_name") == "修武分局"
          and j.get("visits") == [] and "salt" not in j, f"分局甲公告抽取: {st} {j}")
    did = j.get("id", 0)
    commitment = j.get("salt_commitment")

    st, j = c["admin"].req("GET", "/api/draws?year=2027")
    check(st == 200 and [r["id"] for r in j["rows"]] == [did] and j["rows"][0]["salt_commitment"] == commitment,
          f"市局看到全部抽取: {st} {j}")
    st, j = c["branch"].req("GET", "/api/draws?unit=2")
    check(st == 200 and j["total"] == 1, f"分局甲看到本单位的抽取: {st} {j}")
    st, j = c["other"].req("GET", "/api/draws")
    check(st == 200 and j["total"] == 0, f"分局乙看不到修武分局的抽取: {st} {j}")
    refused(c["other"], "分局乙", "GET", "/api/draws?unit=2")
    refused(c["other"], "分局乙", "GET", f"/api/draws/{did}")
    st, j = c["admin"].req("GET", f"/api/draws/{did}")
    check(st == 200 and j.get("salt_commitment") == commitment, f"市局查看公告: {st} {j}")

    beacon = {"beacon": "5 2 8"}
    for k in ("insp", "reviewer", "auditor", "oversight", "other"):
        refused(c[k], names[k], "POST", f"/api/draws/{did}/run", beacon)
    refused(c["branch"], "分局甲（公开随机数尚未产生）", "POST", f"/api/draws/{did}/run", beacon, status=409,
            text="2027-01-05")
    refused(c["branch"], "分局甲（没有公开随机数）", "POST", f"/api/draws/{did}/run", {}, status=400)
    refused(c["branch"], "分局甲（尚未运行）", "GET", f"/api/draws/{did}/record", status=409)
    refused(c["branch"], "分局甲（尚未运行）", "POST", f"/api/draws/{did}/reveal", {"reason": "x"}, status=409)
    refused(c["branch"], "分局甲", "POST", "/api/draws/abc/run", beacon, status=400)
    refused(c["branch"], "分局甲", "POST", "/api/draws/999/run", beacon, status=404)
    st, j = c["branch"].req("GET", f"/api/draws/{did}/package")
    check(st == 200 and isinstance(j, dict) and j.get("announcement", {}).get("salt_commitment") == commitment
          and "reveal" not in j and "signature" in j, f"揭示前的抽取包只有公告: {st} {str(j)[:300]}")

    # the beacon's day comes: the server restarted with the clock moved on (a day: everyone signs in again)
    env.stop()
    env.env["SUIJI_NOW"] = "2027-01-05T21:30:00+08:00"
    env.start()
    for k, name in names.items():
        check(c[k].signin(name)[0] == 200, f"{name} 再次登录")
    st, j = c["branch"].req("POST", f"/api/draws/{did}/run", beacon)
    visits = j.get("visits", []) if isinstance(j, dict) else []
    check(st == 200 and j.get("state") == "已抽取" and j.get("beacon") == "5 2 8" and len(visits) == 3
          and all(len(v["key"]) == 64 and v["name"].startswith("修武对象") and v["items"] == ["JZ-001"]
                  and len(v["team"]) == 2 for v in visits), f"分局甲运行抽取: {st} {j}")
    known = {"P0101": "周建国", "P0102": "吴海燕"}
    check(visits and all([p["id"] for p in v.get("team_list", [])] == v["team"]
                         and all(p["name"] and p["name"] == known.get(p["id"], p["name"]) for p in v["team_list"])
                         and v.get("expert_list") == [] for v in visits),
          f"检查组带执法人员姓名（team_list），team 仍为人员编号: {visits}")
    refused(c["branch"], "分局甲（再次运行）", "POST", f"/api/draws/{did}/run", beacon, status=409)
    st, j = c["oversight"].req("GET", f"/api/draws/{did}")
    check(st == 200 and len(j.get("visits", [])) == 3, f"监督查看抽取结果: {st} {j}")
    st, j = c["reviewer"].req("GET", f"/api/draws/{did}")
    check(st in (200, 403) and not (isinstance(j, dict) and j.get("visits")), f"公开审核在检查前看不到抽取结果: {st} {j}")
    st, page = c["branch"].req("GET", f"/api/draws/{did}/record")
    text = page.decode() if isinstance(page, bytes) else ""
    check(st == 200 and "抽取记录" in text and visits and visits[0]["key"] in text and "修武对象" in text
          and all(f"{p['name']}（{p['id']}）" in text for v in visits for p in v.get("team_list", [])),
          f"打印用的抽取记录（检查组写明姓名）: {st} {text[:200]}")
    refused(c["other"], "分局乙", "GET", f"/api/draws/{did}/record")

    # reveal before the inspections: a reason is required; then the package verifies
    refused(c["branch"], "分局甲（提前揭示无理由）", "POST", f"/api/draws/{did}/reveal", {}, status=409)
    for k in ("insp", "oversight", "other"):
        refused(c[k], names[k], "POST", f"/api/draws/{did}/reveal", {"reason": "测试"})
    st, j = c["branch"].req("POST", f"/api/draws/{did}/reveal", {"reason": "监督部门要求提前公开"})
    check(st == 200 and j.get("revealed") is True and len(j.get("salt", "")) == 64, f"提前揭示: {st} {j}")
    st, j = c["oversight"].req("GET", f"/api/draws/{did}/package")
    check(st == 200 and isinstance(j, dict) and "reveal" in j, f"揭示后监督下载抽取包: {st} {str(j)[:200]}")
    check("attachment" in (c["oversight"].last_headers.getheader("Content-Disposition") or ""), "抽取包作为下载")
    pkg = os.path.join(d, "pkg.json")
    with open(pkg, "w", encoding="utf-8") as f:
        json.dump(j, f, ensure_ascii=False)
    v = subprocess.run([SUIJI, "verify", pkg], capture_output=True, text=True, env=env.env)
    check(v.returncode == 0 and "核验通过" in v.stdout + v.stderr, f"suiji verify 核验抽取包: {v.returncode} {v.stdout}{v.stderr}")

    # a re-draw: refused without oversight approval; 监督 approves (and only 监督), then it is accepted
    again = dict(ann, beacon_source="福彩3D 2027-01-06 开奖号码", beacon_date="2027-01-06", reason="检查组人员调整")
    refused(c["branch"], "分局甲（未经批准重新抽取）", "POST", "/api/draws", again, text="抽取会议页面批准")
    refused(c["branch"], "分局甲", "POST", f"/api/draws/{did}/approve", {"reason": "同意"})
    refused(c["admin"], "市局管理员", "POST", f"/api/draws/{did}/approve", {"reason": "同意"})
    refused(c["oversight"], "监督（无理由）", "POST", f"/api/draws/{did}/approve", {}, status=400)
    st, j = c["oversight"].req("POST", f"/api/draws/{did}/approve", {"reason": "检查组人员调整，同意重新抽取"})
    check(st == 200 and (j.get("redraw_approval") or {}).get("by") == "监督员", f"监督批准重新抽取: {st} {j}")
    refused(c["oversight"], "监督（再次批准）", "POST", f"/api/draws/{did}/approve", {"reason": "同意"}, status=409)
    st, j = c["branch"].req("POST", "/api/draws", again)
    check(st == 201 and j.get("supersedes") == did and j.get("attempt") == 2, f"批准后重新公告: {st} {j}")
    st, j = c["admin"].req("GET", "/api/draws")
    states = {r["id"]: r["state"] for r in j.get("rows", [])} if st == 200 else {}
    check(states.get(did) == "已作废" and len(states) == 2, f"原抽取已作废并保留在列表中: {st} {states}")
    check(env.stop() == 0, "服务器正常停止")
finally:
    env.cleanup()
finish()
