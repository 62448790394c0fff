#!/usr/bin/env python3
"""Tasks and results over the API: a branch registers a targeted inspection with an inspector's team;
the inspector sees it among their tasks and records the result; an inspector of another team may
neither read nor record it, oversight and the disclosure reviewer may not record, a reviewer sees only
inspected tasks; every refusal writes nothing."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from lib import ADMIN, ITEMS_CSV, OBJECTS_HEADER, PW, Client, Env, check, finish, server_today  # noqa: E402
import codes  # noqa: E402

OBJ = codes.uscc("91", "410821", "%08d" % 900001)
TODAY = server_today("2026-05-13T10:00:00+08:00")

env = Env()
try:
    env.load("items", [ITEMS_CSV])
    env.load("objects", [OBJECTS_HEADER, f"{OBJ},修武检查对象,410821,2614,一般,否,正常,否,企业"])
    env.start()
    admin, branch, insp, other, oversight, reviewer = (Client(env) for _ in range(6))
    for c, name in ((admin, ADMIN), (branch, "分局甲"), (insp, "执法甲"), (oversight, "监督员"), (reviewer, "审核员")):
        check(c.signin(name)[0] == 200, f"{name} 登录")
    st, j = admin.req("POST", "/api/users", {"name": "执法乙", "password": PW, "roles": ["执法人员"], "person_id": "P0004"})
    check(st == 201, f"登记另一组的执法人员: {st} {j}")
    check(other.signin("执法乙")[0] == 200, "执法乙 登录")

    def refused(cl, who, method, path, body=None, status=403):
        before = env.dump()
        st, j = cl.req(method, path, body)
        check(st in ((status,) if isinstance(status, int) else status) and isinstance(j, dict) and j.get("error"),
              f"{who} {method} {path} 应为 {status}: {st} {j}")
        check(env.dump() == before, f"{who} {method} {path} 被拒绝后数据库不应改变")

    st, j = branch.req("POST", "/api/targeted", {"uscc": OBJ, "trigger": "信访投诉举报", "reference": "修环信〔2026〕9号",
                                                 "items": ["JZ-001"], "team": ["P0002", "P0001"]})
    check(st == 201, f"登记针对性检查（检查组 P0002、P0001）: {st} {j}")
    tid = j.get("id") if isinstance(j, dict) else 0

    st, j = insp.req("GET", "/api/tasks?mine=1")
    check(st == 200 and [r["id"] for r in j["rows"]] == [tid] and j["rows"][0]["name"] == "修武检查对象"
          and j["rows"][0]["team"] == ["P0002", "P0001"] and j["rows"][0]["state"] == "待检查", f"执法人员的任务: {st} {j}")
    check(st == 200 and j["rows"][0].get("team_list") == [{"id": "P0002", "name": "李红梅"}, {"id": "P0001", "name": "王建华"}]
          and j["rows"][0].get("expert_list") == [], f"任务列表的检查组带姓名（team_list）: {j['rows'][0]}")
    st, j = other.req("GET", "/api/tasks")
    check(st == 200 and j["total"] == 0, f"另一组看不到: {st} {j}")
    refused(other, "另一组执法人员", "GET", f"/api/tasks/{tid}", status=(403, 404))
    result = {"outcome": "未发现问题", "start_date": "", "end_date": "", "summary": "现场检查未发现问题"}
    today = TODAY
    result["start_date"] = result["end_date"] = today
    refused(other, "另一组执法人员", "POST", f"/api/tasks/{tid}/result", result, status=(403, 404))
    refused(oversight, "监督", "POST", f"/api/tasks/{tid}/result", result)
    refused(reviewer, "公开审核", "POST", f"/api/tasks/{tid}/result", result, status=(403, 404))
    st, j = reviewer.req("GET", "/api/tasks")
    check(st == 200 and j["total"] == 0, f"公开审核在检查前看不到任务: {st} {j}")
    refused(insp, "执法人员", "POST", f"/api/tasks/{tid}/result", dict(result, outcome="不存在的结论"), status=400)

    st, j = insp.req("GET", "/api/agenda?days=60")
    check(st == 200 and any(r["kind"] == "task" and r["task"] == tid for r in j["rows"]), f"执法人员的待办: {st} {j}")
    st, j = insp.req("GET", "/api/agenda?days=999")
    check(st == 400, f"无效的天数: {st}")
    st, j = insp.req("POST", f"/api/tasks/{tid}/result", result)
    check(st == 201 and j["outcome"] == "未发现问题" and j["end_date"] == today, f"录入检查结果: {st} {j}")
    refused(insp, "执法人员", "POST", f"/api/tasks/{tid}/result", result, status=409)  # recorded already
    st, j = insp.req("GET", f"/api/tasks/{tid}")
    check(st == 200 and j["state"] == "已检查" and j.get("result", {}).get("outcome") == "未发现问题", f"任务详情: {st} {j}")
    st, j = reviewer.req("GET", "/api/tasks")
    check(st == 200 and [r["id"] for r in j["rows"]] == [tid], f"检查后公开审核可以看到: {st} {j}")
    st, j = oversight.req("GET", "/api/tasks?state=已检查")
    check(st == 200 and j["total"] == 1, f"监督按状态查看: {st} {j}")
    st, j = branch.req("GET", "/api/agenda?days=60")
    check(st == 200 and any(r["kind"] == "disclosure" and r["task"] == tid for r in j["rows"]), f"分局待公开: {st} {j}")
    # a problem added later needs a result that lists problems
    refused(insp, "执法人员", "POST", f"/api/tasks/{tid}/problems",
            {"item": "JZ-001", "description": "监测超标", "found_on": today, "reason": "监测报告"}, status=(400, 409))
    rc = env.stop()
    check(rc == 0, f"SIGTERM 后应正常退出: {rc}")
finally:
    env.cleanup()
finish()
