#!/usr/bin/env python3
"""Inspectors in the field and the problems' closed loop over the API: the printable task notice; files
uploaded to a task (stored with their SHA-256, read back by whoever may read the task); a result recorded
with a problem and an uploaded photo; the problem board (交办, 督办, 升级督办 once overdue, 销号 with uploaded
evidence). Refused, each with nothing written (`sqlite3 .dump` unchanged): an inspector recording on or
uploading to another team's task or closing a problem of it, oversight (监督) and the audit administrator
writing, a branch taking a step on another branch's problem or listing its problems, a signed-out client;
an oversized upload is refused with 413 from its Content-Length before the body is sent."""
import datetime
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from lib import ADMIN, PW, SRC, Client, Env, check, finish, server_today  # noqa: E402
import codes  # noqa: E402

ITEMS = open(os.path.join(SRC, "tests/cli/plan-lib.sh"), encoding="utf-8").read().split("ITEMS_CSV='")[1].split("'")[0]
OBJ1 = codes.uscc("91", "410821", "%08d" % 910001)
OBJ2 = codes.uscc("91", "410821", "%08d" % 910002)
OBJ3 = codes.uscc("91", "410882", "%08d" % 910003)
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
UPLOAD_MAX = 65536
# the server's day (Asia/Shanghai), as results and steps are dated
TODAY = datetime.date.fromisoformat(server_today("2026-05-13T10:00:00+08:00"))

env = Env(serve_args=("--upload-max", str(UPLOAD_MAX)))
try:
    with open(os.path.join(env.dir, "items.csv"), "w", encoding="utf-8") as f:
        f.write(ITEMS + "\n")
    with open(os.path.join(env.dir, "objects.csv"), "w", encoding="utf-8") as f:
        f.write("统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管,生产状态,正面清单,主体类型\n")
        f.write(f"{OBJ1},修武甲公司,410821,2614,一般,否,正常,否,企业\n")
        f.write(f"{OBJ2},修武乙公司,410821,2614,一般,否,正常,否,企业\n")
        f.write(f"{OBJ3},沁阳丙公司,410882,2614,一般,否,正常,否,企业\n")
    people = open(os.path.join(SRC, "tests/data/dir/people.csv"), encoding="utf-8").read().rstrip("\n")
    with open(os.path.join(env.dir, "people.csv"), "w", encoding="utf-8") as f:
        f.write(people + "\n")
        f.write("P0005,周海涛,执法,41082110005,焦作市生态环境局修武分局,执法大队,执法队员,410821,5,水,是\n")
        f.write("P0006,吴晓燕,执法,41088210006,焦作市生态环境局沁阳分局,执法大队,执法队员,410882,7,大气,是\n")
    env.cli("import", "items", os.path.join(env.dir, "items.csv"))
    env.cli("import", "objects", os.path.join(env.dir, "objects.csv"))
    env.cli("import", "people", os.path.join(env.dir, "people.csv"))
    env.start()
    admin, branch, branch2, insp, other, oversight, auditor, anon = (Client(env) for _ in range(8))
    for c, name in ((admin, ADMIN), (branch, "分局甲"), (branch2, "分局乙"), (insp, "执法甲"), (oversight, "监督员"),
                    (auditor, "审计员")):
        check(c.signin(name)[0] == 200, f"{name} 登录")
    st, j = admin.req("POST", "/api/users", {"name": "执法丙", "password": PW, "roles": ["执法人员"],
                                             "unit": "修武分局", "person_id": "P0005"})
    check(st == 201, f"登记另一组的执法人员: {st} {j}")
    check(other.signin("执法丙")[0] == 200, "执法丙 登录")

    def refused(cl, who, method, path, body=None, status=403, **kw):
        before = env.dump()
        st, j = cl.req(method, path, body, **kw)
        ok = st in ((status,) if isinstance(status, int) else status) and isinstance(j, dict) and j.get("error")
        check(ok, f"{who} {method} {path} 应为 {status}: {st} {j}")
        check(env.dump() == before, f"{who} {method} {path} 被拒绝后数据库不应改变")
        return j

    def targeted(cl, uscc, team):
        st, j = cl.req("POST", "/api/targeted", {"uscc": uscc, "trigger": "信访投诉举报", "reference": "环信〔2026〕1号",
                                                 "items": ["JZ-001"], "team": team})
        check(st == 201, f"登记针对性检查 {uscc}: {st} {j}")
        return j.get("id") if isinstance(j, dict) else 0

    t1 = targeted(branch, OBJ1, ["P0002", "P0001"])   # 执法甲's team
    t2 = targeted(branch, OBJ2, ["P0005", "P0001"])   # another team of the same branch
    t3 = targeted(branch2, OBJ3, ["P0006", "P0001"])  # another branch

    def upload(cl, task, data, name="现场照片.png", **kw):
        return cl.req("POST", f"/api/tasks/{task}/attachments", raw=data,
                      headers={"Content-Type": "application/octet-stream", "X-File-Name": name, **kw})

    # ---- the task notice ----
    st, body = insp.req("GET", f"/api/tasks/{t1}/notice")
    html = body.decode() if isinstance(body, bytes) else ""
    check(st == 200 and insp.last_headers.getheader("Content-Type", "").startswith("text/html")
          and "检查任务单" in html and "修武甲公司" in html and OBJ1 in html, f"检查任务单: {st} {html[:200]}")
    refused(insp, "执法人员", "GET", f"/api/tasks/{t2}/notice", status=(403, 404))
    refused(anon, "未登录", "GET", f"/api/tasks/{t1}/notice", status=401)

    # ---- uploads ----
    name_pct = "%E7%8E%B0%E5%9C%BA%E7%85%A7%E7%89%87.png"  # 现场照片.png
    st, up = upload(insp, t1, PNG, name_pct)
    check(st == 201 and up["name"] == "现场照片.png" and up["type"] == "image/png" and up["size"] == len(PNG)
          and len(up["sha256"]) == 64 and up["added_by"] == "执法甲", f"上传现场照片: {st} {up}")
    photo = up.get("id") if isinstance(up, dict) else 0
    st, j = insp.req("GET", f"/api/tasks/{t1}/attachments")
    check(st == 200 and [r["id"] for r in j["rows"]] == [photo] and j["rows"][0]["used"] == "", f"任务的附件: {st} {j}")
    st, data = insp.req("GET", f"/api/tasks/{t1}/attachments/{photo}")
    check(st == 200 and data == PNG and insp.last_headers.getheader("Content-Type") == "image/png"
          and insp.last_headers.getheader("Content-Disposition", "").startswith("inline")
          and name_pct in insp.last_headers.getheader("Content-Disposition", ""), f"下载附件: {st}")
    st, data = branch.req("GET", f"/api/tasks/{t1}/attachments/{photo}")
    check(st == 200 and data == PNG, f"分局管理员下载本单位任务的附件: {st}")
    st, _ = upload(insp, t1, b"<svg onload=alert(1)>", "a.svg")
    check(st == 201, "上传其他文件")
    st, j = insp.req("GET", f"/api/tasks/{t1}/attachments")
    svg = j["rows"][-1]["id"]
    st, data = insp.req("GET", f"/api/tasks/{t1}/attachments/{svg}")
    check(st == 200 and insp.last_headers.getheader("Content-Type") == "application/octet-stream"
          and insp.last_headers.getheader("Content-Disposition", "").startswith("attachment"),
          f"非图片附件只作为下载，不在页面中打开: {insp.last_headers.getheader('Content-Type')}")
    refused(other, "另一组执法人员", "GET", f"/api/tasks/{t1}/attachments/{photo}", status=(403, 404))
    refused(branch2, "另一分局", "GET", f"/api/tasks/{t1}/attachments/{photo}", status=(403, 404))
    refused(insp, "执法人员", "GET", f"/api/tasks/{t1}/attachments/999", status=404)

    def refused_upload(cl, who, task, status, data=PNG, name=name_pct, **kw):
        before = env.dump()
        st, j = upload(cl, task, data, name, **kw)
        check(st in ((status,) if isinstance(status, int) else status) and isinstance(j, dict) and j.get("error"),
              f"{who} 上传到任务 {task} 应为 {status}: {st} {j}")
        check(env.dump() == before, f"{who} 上传被拒绝后数据库不应改变")

    refused_upload(insp, "执法人员（他组任务）", t2, (403, 404))
    refused_upload(other, "另一组执法人员", t1, (403, 404))
    refused_upload(oversight, "监督", t1, 403)
    refused_upload(auditor, "审计管理员", t1, 403)
    refused_upload(anon, "未登录", t1, 401)
    refused_upload(insp, "执法人员（无文件名）", t1, 400, name="")
    refused_upload(insp, "执法人员（空文件）", t1, 400, data=b"")
    refused_upload(insp, "执法人员（文件名含换行）", t1, 400, name="a%0Ab.png")
    before = env.dump()
    st, j = insp.req("POST", f"/api/tasks/{t1}/attachments", raw=PNG, csrf=False,
                     headers={"X-File-Name": "x.png"})
    check(st == 403 and env.dump() == before, f"没有 CSRF 令牌的上传应被拒绝: {st} {j}")

    # oversized: 413 from Content-Length alone, before any byte of the body is sent
    before = env.dump()
    head = (f"POST /api/tasks/{t1}/attachments HTTP/1.1\r\nHost: 127.0.0.1:{env.port}\r\n"
            f"Origin: {env.origin}\r\nCookie: suiji_session={insp.cookie}\r\nX-CSRF-Token: {insp.csrf}\r\n"
            f"X-File-Name: big.png\r\nContent-Type: application/octet-stream\r\n"
            f"Content-Length: {UPLOAD_MAX + 1}\r\n\r\n").encode()
    st, out = env.raw(head, timeout=5)
    check(st == 413 and "过大".encode() in out, f"超过上限的附件应在读取内容前以 413 拒绝: {st} {out[:200]}")
    check(env.dump() == before, "413 后数据库不应改变")
    check(env.alive(), "413 后服务器仍然应答")

    # ---- the result, with a problem and the photo ----
    result = {"outcome": "发现问题已责令整改", "start_date": TODAY.isoformat(), "end_date": TODAY.isoformat(),
              "summary": "危险废物贮存场所未设置标识", "problems": [{"item": "JZ-001", "description": "危废贮存场所无标识"}],
              "attachments": [photo]}
    refused(insp, "执法人员（他组任务）", "POST", f"/api/tasks/{t2}/result", result, status=(403, 404))
    refused(oversight, "监督", "POST", f"/api/tasks/{t1}/result", result)
    refused(auditor, "审计管理员", "POST", f"/api/tasks/{t1}/result", result)
    refused(anon, "未登录", "POST", f"/api/tasks/{t1}/result", result, status=401)
    refused(insp, "执法人员（他任务的附件）", "POST", f"/api/tasks/{t1}/result", dict(result, attachments=[999]), status=400)
    st, j = insp.req("POST", f"/api/tasks/{t1}/result", result)
    check(st == 201 and j["problems"] == 1, f"录入检查结果（一个问题、一张照片）: {st} {j}")
    st, j = insp.req("GET", f"/api/tasks/{t1}")
    r = j.get("result", {}) if isinstance(j, dict) else {}
    check(st == 200 and r.get("summary") == result["summary"] and r.get("start_date") == TODAY.isoformat()
          and [a.get("id") for a in r.get("attachments", [])] == [photo]
          and [p["description"] for p in r.get("problem_list", [])] == ["危废贮存场所无标识"]
          and r["problem_list"][0]["state"] == "待交办", f"任务详情中的结果: {st} {j}")
    check([a["used"] for a in j.get("attachments", [])][:1] == ["result"], f"照片已列入检查结果: {j.get('attachments')}")
    p1 = r["problem_list"][0]["id"] if r.get("problem_list") else 0

    # another branch's task: a result with a problem, recorded by that branch
    st, j = branch2.req("POST", f"/api/tasks/{t3}/result", dict(result, attachments=[]))
    check(st == 201, f"沁阳分局录入结果: {st} {j}")
    st, j = branch2.req("GET", "/api/problems")
    p3 = j["rows"][0]["id"] if st == 200 and j["rows"] else 0
    check(st == 200 and j["total"] == 1 and j["rows"][0]["task"] == t3 and j["rows"][0]["unit_name"] == "沁阳分局",
          f"沁阳分局的问题: {st} {j}")

    # ---- the board: who sees what ----
    st, j = branch.req("GET", "/api/problems")
    check(st == 200 and [x["id"] for x in j["rows"]] == [p1], f"修武分局只看到本单位的问题: {st} {j}")
    st, j = insp.req("GET", "/api/problems")
    check(st == 200 and [x["id"] for x in j["rows"]] == [p1], f"执法人员只看到本组任务的问题: {st} {j}")
    st, j = other.req("GET", "/api/problems")
    check(st == 200 and j["total"] == 0, f"另一组看不到: {st} {j}")
    st, j = admin.req("GET", "/api/problems")
    check(st == 200 and sorted(x["id"] for x in j["rows"]) == sorted([p1, p3]), f"市局看到全部: {st} {j}")
    st, j = oversight.req("GET", "/api/problems?state=待交办")
    check(st == 200 and j["total"] == 2, f"监督可以查看: {st} {j}")
    refused(branch, "修武分局", "GET", "/api/problems?unit=3", status=403)
    refused(branch, "修武分局（他局问题）", "GET", f"/api/problems/{p3}", status=(403, 404))
    st, j = insp.req("GET", f"/api/problems/{p1}")
    check(st == 200 and [x["step"] for x in j.get("steps", [])] == ["发现"], f"问题详情: {st} {j}")
    refused(auditor, "审计管理员", "GET", "/api/problems", status=403)
    refused(anon, "未登录", "GET", "/api/problems", status=401)
    refused(insp, "执法人员", "GET", "/api/problems?state=不存在", status=400)
    refused(insp, "执法人员", "GET", "/api/problems?due_within=999", status=400)

    # ---- the steps: refusals ----
    assign = {"to": "修武甲公司", "days": 10, "note": "限期设置危废标识"}
    refused(branch, "修武分局（他局问题）", "POST", f"/api/problems/{p3}/assign", assign, status=(403, 404))
    refused(insp, "执法人员（他局问题）", "POST", f"/api/problems/{p3}/assign", assign, status=(403, 404))
    refused(other, "另一组执法人员", "POST", f"/api/problems/{p1}/assign", assign, status=(403, 404))
    refused(oversight, "监督", "POST", f"/api/problems/{p1}/assign", assign)
    refused(auditor, "审计管理员", "POST", f"/api/problems/{p1}/assign", assign)
    refused(anon, "未登录", "POST", f"/api/problems/{p1}/assign", assign, status=401)
    refused(branch, "分局管理员（未交办即督办）", "POST", f"/api/problems/{p1}/escalate", {"note": "催办"}, status=409)
    refused(branch, "分局管理员（无责任单位）", "POST", f"/api/problems/{p1}/assign", {"days": 10}, status=(400, 409))
    refused(branch, "分局管理员（期限无效）", "POST", f"/api/problems/{p1}/assign", dict(assign, days=0), status=400)

    # ---- 交办, 督办, 销号 with evidence ----
    st, j = branch.req("POST", f"/api/problems/{p1}/assign", assign)
    check(st == 200 and j["problem"]["state"] == "整改中" and j["problem"]["assigned_to"] == "修武甲公司"
          and j["deadline"] > TODAY.isoformat(), f"交办: {st} {j}")
    st, j = insp.req("POST", f"/api/problems/{p1}/escalate", {"note": "电话催办"})
    check(st == 200 and j["step"] == "督办" and j["problem"]["state"] == "已督办", f"督办（未超期）: {st} {j}")
    refused(other, "另一组执法人员", "POST", f"/api/problems/{p1}/close", {"evidence": [photo], "note": "已整改"},
            status=(403, 404))
    refused(oversight, "监督", "POST", f"/api/problems/{p1}/close", {"evidence": [photo], "note": "已整改"})
    refused(insp, "执法人员（无证据）", "POST", f"/api/problems/{p1}/close", {"note": "已整改"}, status=409)
    refused(insp, "执法人员（证据不是数字）", "POST", f"/api/problems/{p1}/close", {"evidence": "整改报告", "note": "x"},
            status=400)
    st, up3 = upload(branch2, t3, PNG, "qy.png")
    refused(insp, "执法人员（他局任务的附件作证据）", "POST", f"/api/problems/{p1}/close",
            {"evidence": [up3.get("id")], "note": "已整改"}, status=400)
    st, ev = upload(insp, t1, b"%PDF-1.4 rectification report", "%E6%95%B4%E6%94%B9%E6%8A%A5%E5%91%8A.pdf")
    check(st == 201 and ev["type"] == "application/pdf", f"上传整改证据: {st} {ev}")
    st, j = insp.req("POST", f"/api/problems/{p1}/close", {"evidence": [ev["id"]], "note": "复查：标识已设置"})
    check(st == 200 and j["problem"]["state"] == "已销号"
          and j["problem"]["steps"][-1]["evidence"][0]["name"] == "整改报告.pdf", f"销号: {st} {j}")
    refused(insp, "执法人员（已销号）", "POST", f"/api/problems/{p1}/escalate", {"note": "再催"}, status=409)
    st, j = insp.req("GET", f"/api/tasks/{t1}/attachments")
    check(st == 200 and [r["used"] for r in j["rows"] if r["id"] == ev["id"]] == ["evidence"], f"证据的用途: {st} {j}")
    st, j = insp.req("GET", "/api/problems?state=已销号")
    check(st == 200 and [x["id"] for x in j["rows"]] == [p1] and not j["rows"][0]["overdue"], f"已销号: {st} {j}")

    # ---- overdue: the server's clock a month on ----
    st, j = branch2.req("POST", f"/api/problems/{p3}/assign", {"to": "沁阳丙公司", "days": 3})
    check(st == 200, f"沁阳分局交办（3个工作日）: {st} {j}")
    check(env.stop() == 0, "服务器正常停止")
    later = TODAY + datetime.timedelta(days=30)
    env.env["SUIJI_NOW"] = later.isoformat() + "T10:00:00+08:00"
    env.start()
    for c, name in ((branch2, "分局乙"), (admin, ADMIN)):
        check(c.signin(name)[0] == 200, f"{name} 再次登录")
    st, j = branch2.req("GET", "/api/problems?overdue=1")
    check(st == 200 and [x["id"] for x in j["rows"]] == [p3] and j["rows"][0]["overdue"]
          and j["rows"][0]["overdue_days"] > 0, f"逾期的问题: {st} {j}")
    st, j = branch2.req("POST", f"/api/problems/{p3}/escalate", {"note": "逾期未整改，升级督办"})
    check(st == 200 and j["step"] == "升级督办" and j["problem"]["escalated"], f"逾期后督办为升级督办: {st} {j}")
    st, out = admin.req("GET", "/api/audit/verify")
    check(st == 200 and out.get("ok"), f"审计链核验通过: {st} {out}")
    # a photo's bytes changed behind suiji's back: verify names it, the download is refused
    import subprocess
    subprocess.run(["sqlite3", env.db, "DROP TRIGGER upload_no_update; UPDATE upload SET data = "
                    "CAST(replace(CAST(data AS TEXT), 'PNG', 'PNX') AS BLOB) WHERE id = %d;" % photo], check=True)
    st, out = admin.req("GET", "/api/audit/verify")
    check(st == 200 and not out.get("ok") and "upload" in json.dumps(out, ensure_ascii=False), f"改动附件后审计链核验应指出: {st} {out}")
    st, j = admin.req("GET", f"/api/tasks/{t1}/attachments/{photo}")
    check(st == 500 and "SHA-256" in j.get("error", ""), f"内容与 SHA-256 不符的附件应拒绝下载: {st} {j}")
    check(env.stop() == 0, "SIGTERM 后应正常退出")
finally:
    env.cleanup()
finish()
