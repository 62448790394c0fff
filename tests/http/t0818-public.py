#!/usr/bin/env python3
"""Disclosure and the public portal over the API. A branch draws, inspects and records results with the
command line; then over HTTP: who may publish or withhold a result (公开审核, the task's own branch, its
inspector for publishing only) and who may not (another branch, oversight, the office clerk, the
security and audit administrators, a signed-out client, a request without its CSRF token or from another
origin) — every refusal leaves `sqlite3 .dump` unchanged. The portal (/public/api/, no sign-in) finds a
published result by name and by credit code, never a withheld one; it serves the draws as the static
site of `suiji publish` lists them, with the very same announcement and package files; it is GET/HEAD
only, cacheable, and hostile queries (huge, empty, NUL, not UTF-8, % and _ as wildcards) are refused or
matched literally, with nothing written."""
import http.client
import json
import os
import subprocess
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from lib import ADMIN, ITEMS_CSV, OBJECTS_HEADER, SRC, SUIJI, Client, Env, check, finish, server_today  # noqa: E402
import codes  # noqa: E402

TODAY = server_today("2026-05-13T10:00:00+08:00")
YEAR = TODAY[:4]
QUARTER = f"{YEAR}Q{(int(TODAY[5:7]) - 1) // 3 + 1}"


def uscc(region, n):
    return codes.uscc("91", region, "%08d" % n)


# 10 一般 and 4 重点 objects in 修武 (the branch's draw), two with % and _ in their names (the literal
# search), and two objects of 沁阳 (another branch's targeted inspections)
XW = [(uscc("410821", 810000 + i), f"修武测试厂{i}", "一般") for i in range(1, 11)]
XW += [(uscc("410821", 810100 + i), f"修武重点厂{i}", "重点") for i in range(1, 5)]
PCT = (uscc("410821", 810201), "百分之%化工有限公司", "特殊")  # 特殊: not in the draw's line
UND = (uscc("410821", 810202), "下划_线纸业有限公司", "特殊")
QY = [(uscc("410882", 820001), "沁阳公开厂", "一般"), (uscc("410882", 820002), "沁阳保密厂", "一般")]

env = Env()
try:
    env.load("items", [ITEMS_CSV])
    env.load("objects", [OBJECTS_HEADER] + [f"{code},{name},{code[2:8]},2614,{klass},否,正常,否,企业"
                                            for code, name, klass in XW + [PCT, UND] + QY])

    # 修武分局: a filed plan, draw 1 run and revealed, draw 2 announced only
    xw = ("--unit", "修武分局")
    env.cli(*xw, "plan", "new", "--year", YEAR, "--date", TODAY)
    env.cli(*xw, "plan", "line", "add", "--year", YEAR, "--name", "一般单位抽查", "--items", "JZ-001", "--ratio", "50",
            "--class", "一般")
    env.cli(*xw, "plan", "line", "add", "--year", YEAR, "--name", "重点单位检查", "--items", "JZ-001", "--each",
            "--class", "重点")
    env.cli(*xw, "plan", "file", "--year", YEAR, "--out-dir", env.dir)
    env.cli(*xw, "draw", "announce", "--year", YEAR, "--lines", "1", "--period", QUARTER, "--beacon-source",
            "福彩3D 开奖号码")
    env.cli(*xw, "draw", "run", "1", "--beacon", "5 2 8")
    env.cli(*xw, "draw", "announce", "--year", YEAR, "--lines", "2", "--period", QUARTER, "--beacon-source",
            "福彩3D 下一期开奖号码")
    drawn = [line.split()[0] for line in env.cli("task", "list", "--draw", "1").splitlines() if line[:1].isdigit()]
    check(len(drawn) >= 4, f"第1号抽取应生成至少4项任务: {drawn}")
    for t in drawn[:4]:
        env.cli("result", "record", t, "--result", "未发现问题", "--date", TODAY)
    env.cli(*xw, "draw", "export", "1", "--reveal", "--force", "--reason", "测试", "-o",
            os.path.join(env.dir, "pkg.json"))
    # targeted inspections: the % and _ objects (修武), two of 沁阳
    targeted = {}
    for code, name, _ in [PCT, UND] + QY:
        unit = "修武分局" if code[2:8] == "410821" else "沁阳分局"
        env.cli("--unit", unit, "targeted", "add", "--uscc", code, "--trigger", "信访投诉举报", "--reference",
                      "XF-1", "--items", "JZ-001", "--team", "P0001,P0002")
        tid = [line.split()[0] for line in env.cli("task", "list", "--object", code).splitlines()
               if line[:1].isdigit()][-1]
        targeted[name] = tid
        env.cli("result", "record", tid, "--result", "未发现问题", "--date", TODAY)
    task_of = dict(targeted)
    names = {line.split()[0]: line.split()[4] for line in env.cli("task", "list", "--draw", "1").splitlines()
             if line[:1].isdigit()}
    env.start()

    clients = {}
    for name in (ADMIN, "分局甲", "分局乙", "科员甲", "执法甲", "监督员", "审核员", "安全员", "审计员"):
        c = clients[name] = Client(env)
        check(c.signin(name)[0] == 200, f"{name} 登录")
    anon = Client(env)

    def refused(cl, who, method, path, body=None, status=403, **kw):
        before = env.dump()
        st, j = cl.req(method, path, body, **kw)
        want = status if isinstance(status, tuple) else (status,)
        check(st in want and isinstance(j, dict) and j.get("error"), f"{who} {method} {path} 应为 {status}: {st} {j}")
        check(env.dump() == before, f"{who} {method} {path} 被拒绝后数据库不应改变")
        return j

    # ---- the disclosure list ----
    st, j = clients["审核员"].req("GET", "/api/disclosures?due=1")
    check(st == 200 and j["total"] == 8 and all(r["state"] == "待公开" and r["due"] for r in j["rows"]),
          f"公开审核看到全部8项待公开: {st} {j}")
    row = next((r for r in j["rows"] if r["name"] == "沁阳公开厂"), {}) if st == 200 else {}
    check(row.get("outcome") == "未发现问题" and row.get("end_date") == TODAY and row.get("unit_name") == "沁阳分局"
          and row.get("late") is False and row.get("published_at") is None, f"待公开行的字段: {row}")
    st, j = clients["分局乙"].req("GET", "/api/disclosures?due=1")
    check(st == 200 and sorted(r["name"] for r in j["rows"]) == ["沁阳保密厂", "沁阳公开厂"], f"沁阳分局只看到本单位的: {st} {j}")
    st, j = clients["分局甲"].req("GET", "/api/disclosures?due=1&unit=2")
    check(st == 200 and j["total"] == 6 and all(r["unit"] == 2 for r in j["rows"]), f"修武分局按单位: {st} {j}")
    refused(clients["分局乙"], "沁阳分局", "GET", "/api/disclosures?unit=2")
    refused(anon, "未登录", "GET", "/api/disclosures", status=401)
    for who in ("安全员", "审计员"):
        refused(clients[who], who, "GET", "/api/disclosures")
    refused(clients["审核员"], "公开审核", "GET", "/api/disclosures?within=999", status=400)

    # ---- publishing and withholding: who may not ----
    t_xw = drawn[0]
    t_qy = task_of["沁阳公开厂"]
    t_secret = task_of["沁阳保密厂"]
    refused(anon, "未登录", "POST", f"/api/disclosures/{t_xw}/publish", {}, status=401)
    refused(clients["审核员"], "公开审核（无 CSRF）", "POST", f"/api/disclosures/{t_xw}/publish", {}, csrf=False)
    refused(clients["审核员"], "公开审核（错误 CSRF）", "POST", f"/api/disclosures/{t_xw}/publish", {}, csrf="0" * 64,
            status=(401, 403))
    refused(clients["审核员"], "公开审核（他站来源）", "POST", f"/api/disclosures/{t_xw}/publish", {},
            origin="http://evil.example")
    refused(clients["分局乙"], "另一分局", "POST", f"/api/disclosures/{t_xw}/publish", {}, status=(403, 404))
    refused(clients["分局甲"], "另一分局", "POST", f"/api/disclosures/{t_qy}/publish", {}, status=(403, 404))
    refused(clients["分局甲"], "另一分局", "POST", f"/api/disclosures/{t_secret}/withhold",
            {"reason": "涉及公共安全", "note": "说明"}, status=(403, 404))
    for who in ("监督员", "科员甲", "安全员", "审计员"):
        refused(clients[who], who, "POST", f"/api/disclosures/{t_xw}/publish", {}, status=(403, 404))
        refused(clients[who], who, "POST", f"/api/disclosures/{t_secret}/withhold",
                {"reason": "涉及公共安全", "note": "说明"}, status=(403, 404))
    # the inspector may publish their team's result but never withhold one (docs/ROLES.md)
    refused(clients["执法甲"], "执法人员", "POST", f"/api/disclosures/{t_secret}/withhold",
            {"reason": "涉及公共安全", "note": "说明"}, status=(403, 404))
    refused(clients["执法甲"], "执法人员（非本组任务）", "POST", f"/api/disclosures/{t_xw}/publish", {}, status=(403, 404))
    refused(clients["审核员"], "公开审核", "POST", f"/api/disclosures/{t_secret}/withhold",
            {"reason": "企业要求", "note": "说明"}, status=400)
    refused(clients["审核员"], "公开审核", "POST", f"/api/disclosures/{t_secret}/withhold",
            {"reason": "涉及公共安全"}, status=400)
    refused(clients["审核员"], "公开审核", "POST", f"/api/disclosures/{t_xw}/publish", {"date": "2999-01-01"}, status=400)
    refused(clients["审核员"], "公开审核", "POST", "/api/disclosures/999999/publish", {}, status=404)
    refused(clients["审核员"], "公开审核", "POST", "/api/disclosures/abc/publish", {}, status=400)
    refused(clients["审核员"], "公开审核", "GET", f"/api/disclosures/{t_xw}/publish", status=405)

    # ---- and who may ----
    st, j = clients["审核员"].req("POST", f"/api/disclosures/{t_xw}/publish", {})
    check(st == 200 and j.get("state") == "已公开" and j.get("date") == TODAY and j.get("on_time") is True,
          f"公开审核公开修武的结果: {st} {j}")
    refused(clients["审核员"], "公开审核（重复）", "POST", f"/api/disclosures/{t_xw}/publish", {}, status=409)
    st, j = clients["分局乙"].req("POST", f"/api/disclosures/{t_qy}/publish")  # no body at all
    check(st == 200 and j.get("state") == "已公开", f"沁阳分局公开本单位的结果: {st} {j}")
    st, j = clients["执法甲"].req("POST", f"/api/disclosures/{task_of['百分之%化工有限公司']}/publish", {})
    check(st == 200, f"执法人员公开本组任务的结果: {st} {j}")
    st, j = clients["分局甲"].req("POST", f"/api/disclosures/{task_of['下划_线纸业有限公司']}/publish", {})
    check(st == 200, f"修武分局公开本单位的结果: {st} {j}")
    st, j = clients["审核员"].req("POST", f"/api/disclosures/{t_secret}/withhold",
                                  {"reason": "涉及公共安全", "note": "涉及危险化学品储存位置"})
    check(st == 200 and j.get("state") == "不予公开" and j.get("reason") == "涉及公共安全", f"不予公开: {st} {j}")
    refused(clients["审核员"], "公开审核（已不予公开）", "POST", f"/api/disclosures/{t_secret}/publish", {}, status=409)
    st, j = clients["审核员"].req("GET", "/api/disclosures")
    rows = {r["task"]: r for r in j.get("rows", [])} if st == 200 else {}
    check(rows.get(int(t_xw), {}).get("state") == "已公开" and rows[int(t_xw)].get("published_at") == TODAY
          and rows.get(int(t_secret), {}).get("state") == "不予公开" and rows[int(t_secret)].get("reason") == "涉及公共安全",
          f"全部决定: {st} {rows}")
    st, j = clients["审核员"].req("GET", "/api/disclosures?due=1")
    check(st == 200 and j["total"] == 3, f"仍待公开3项: {st} {j.get('total')}")

    # ---- the portal: no sign-in ----
    before_public = env.dump()
    pub_name = names[t_xw]
    pub_code = next(code for code, name, _ in XW if name == pub_name)

    def get(path, **kw):
        return anon.req("GET", path, **kw)

    def get_bytes(path):
        """The body as sent (the client above parses JSON)."""
        c = http.client.HTTPConnection("127.0.0.1", env.port, timeout=30)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, body

    st, j = get("/public/api/search?q=" + urllib.parse.quote(pub_name))
    check(st == 200 and j["total"] == 1 and j["rows"][0]["uscc"] == pub_code and j["rows"][0]["unit"] == "修武分局"
          and j["rows"][0]["results"][0]["outcome"] == "未发现问题" and j["rows"][0]["results"][0]["date"] == TODAY,
          f"按名称找到已公开的结果: {st} {j}")
    check(anon.last_headers.getheader("Cache-Control") == "public, max-age=60", "查询结果可缓存 60 秒")
    st, j = get("/public/api/search?q=" + pub_code.lower())
    check(st == 200 and [r["uscc"] for r in j["rows"]] == [pub_code], f"按信用代码（小写）找到: {st} {j}")
    st, j = get("/public/api/search?q=" + urllib.parse.quote(" 沁阳 公开 "))
    check(st == 200 and [r["name"] for r in j["rows"]] == ["沁阳公开厂"] and j["rows"][0]["unit"] == "沁阳分局",
          f"名称中的空格不计: {st} {j}")
    secret = QY[1][0]
    for q in ("沁阳保密厂", secret, "保密"):
        st, j = get("/public/api/search?q=" + urllib.parse.quote(q))
        check(st == 200 and j["total"] == 0 and j["rows"] == [], f"不予公开的结果查不到（{q}）: {st} {j}")
    refused(anon, "门户", "GET", f"/public/api/objects/{secret}", status=404)
    st, j = get(f"/public/api/objects/{pub_code.lower()}")
    check(st == 200 and j["uscc"] == pub_code, f"小写的信用代码也找到: {st}")
    st, j = get(f"/public/api/objects/{pub_code}")
    check(st == 200 and j["name"] == pub_name and j["unit"] == "修武分局" and len(j["results"]) == 1
          and j["results"][0]["task"] == int(t_xw), f"检查对象的已公开结果: {st} {j}")
    # a result recorded but not yet published is not public either
    pending = names[drawn[1]]
    st, j = get("/public/api/search?q=" + urllib.parse.quote(pending))
    check(st == 200 and j["total"] == 0, f"尚未公开的结果查不到: {st} {j}")
    # % and _ are characters, not wildcards
    st, j = get("/public/api/search?q=%25")
    check(st == 200 and [r["name"] for r in j["rows"]] == ["百分之%化工有限公司"], f"% 按字面匹配: {st} {j}")
    st, j = get("/public/api/search?q=_")
    check(st == 200 and [r["name"] for r in j["rows"]] == ["下划_线纸业有限公司"], f"_ 按字面匹配: {st} {j}")
    st, j = get("/public/api/search?q=" + urllib.parse.quote("修武测试厂_"))
    check(st == 200 and j["total"] == 0, f"_ 不匹配任意字符: {st} {j}")
    st, j = get("/public/api/search?q=" + urllib.parse.quote("'; DROP TABLE disclosure; --"))
    check(st == 200 and j["total"] == 0, f"SQL 文本只是查询内容: {st} {j}")
    # paging is bounded
    st, j = get("/public/api/search?q=9141&size=80&page=-3")
    check(st == 200 and j["size"] == 50 and j["page"] == 1 and j["total"] == 4, f"每页最多50个对象: {st} {j}")
    st, j = get("/public/api/search?q=9141&size=1&page=2")
    check(st == 200 and j["total"] == 4 and len(j["rows"]) == 1, f"分页: {st} {j}")
    second = j["rows"][0]["uscc"] if st == 200 and j["rows"] else None
    st, j = get("/public/api/search?q=9141&size=2")
    check(st == 200 and [r["uscc"] for r in j["rows"]][1:] == [second], f"第2页第1个即全部中的第2个: {st} {j}")
    st, j = get("/public/api/search?q=9141&size=80&page=2")
    check(st == 200 and j["page"] == 2 and j["size"] == 50 and j["rows"] == [], f"超过上限的每页条数按50计，页码不变: {st} {j}")
    # hostile terms
    for q, what in (("", "空"), ("%20%20", "只有空格"), ("a" * 200, "过长"), ("测" * 41, "过长的汉字"),
                    ("a%00b", "NUL"), ("%00", "NUL"), ("%FF%FE", "非 UTF-8"), ("%C0%AF", "超长编码"),
                    ("%ED%A0%80", "代理码点"), ("%1B%5B31m", "控制字符")):
        refused(anon, f"门户查询（{what}）", "GET", "/public/api/search?q=" + q, status=400)
    refused(anon, "门户查询（无 q）", "GET", "/public/api/search", status=400)
    st, out = env.raw(b"GET /public/api/search?q=" + b"A" * 60000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", timeout=10)
    check(st in (400, 414, 431), f"60 KB 的查询被拒绝: {st}")
    check(env.alive(), "巨大查询后服务仍应应答")
    # only GET and HEAD, without a session or not
    for m in ("POST", "PUT", "DELETE", "PATCH"):
        j = refused(anon, "门户", m, "/public/api/search?q=9141", {}, status=405)
    check("GET" in (anon.last_headers.getheader("Allow") or ""), "405 应答带 Allow: GET, HEAD")
    refused(clients[ADMIN], "已登录", "POST", "/public/api/draws", {}, status=405)
    st, body = anon.req("HEAD", "/public/api/search?q=9141")
    check(st == 200 and body == b"", f"HEAD: {st} {body!r}")
    refused(anon, "门户", "GET", "/public/api/nothing", status=404)
    refused(anon, "门户", "GET", "/public/api/objects/" + "9" * 60, status=404)

    # ---- draws as the static site lists them ----
    site = os.path.join(env.dir, "site")
    env.cli("publish", "--out", site)
    st, j = get("/public/api/draws")
    check(st == 200 and [r["id"] for r in j["rows"]] == [1, 2], f"抽取公告（作废与否都列出，按编号）: {st} {j}")
    d1, d2 = (j["rows"] + [{}, {}])[:2] if st == 200 else ({}, {})
    ann1 = json.load(open(os.path.join(site, "draw", "1-announcement.json"), encoding="utf-8"))["announcement"]
    check(d1.get("revealed") is True and d1.get("package") == "/public/api/draws/1/package"
          and d1.get("salt_commitment") == ann1["salt_commitment"] and d1.get("inputs_hash") == ann1["inputs_hash"]
          and d1.get("unit_name") == "修武分局" and d1.get("state") == "revealed", f"第1号: {d1}")
    check(d2.get("revealed") is False and d2.get("package") is None and len(d2.get("salt_commitment", "")) == 64
          and d2.get("state") == "announced", f"第2号（仅公告）: {d2}")
    for n, kind in ((1, "announcement"), (1, "package"), (2, "announcement")):
        st, body = get_bytes(f"/public/api/draws/{n}/{kind}")
        with open(os.path.join(site, "draw", f"{n}-{kind}.json"), "rb") as f:
            check(st == 200 and body == f.read(), f"/public/api/draws/{n}/{kind} 与公开网站的文件逐字节相同: {st}")
    check(not os.path.exists(os.path.join(site, "draw", "2-package.json")), "公开网站上没有第2号的抽取包")
    j = refused(anon, "门户", "GET", "/public/api/draws/2/package", status=404)
    check("尚未公开" in j.get("error", ""), f"抽取包未公开的说明: {j}")
    refused(anon, "门户", "GET", "/public/api/draws/99/announcement", status=404)
    refused(anon, "门户", "GET", "/public/api/draws/0/package", status=404)
    # the package verifies, as downloaded from the portal
    st, body = get_bytes("/public/api/draws/1/package")
    pkg = os.path.join(env.dir, "portal-pkg.json")
    with open(pkg, "wb") as f:
        f.write(body)
    p = subprocess.run([SUIJI, "verify", pkg], capture_output=True, text=True, env=env.env)
    check(p.returncode == 0, f"suiji verify 核验门户下载的抽取包: {p.stdout}{p.stderr}")
    p = subprocess.run(["python3", os.path.join(SRC, "tools/verify.py"), pkg], capture_output=True, text=True)
    check(p.returncode == 0, f"tools/verify.py 核验门户下载的抽取包: {p.stdout}{p.stderr}")
    # the portal finds exactly the objects of the static site's search index
    index = json.load(open(os.path.join(site, "index.json"), encoding="utf-8"))
    st, j = get("/public/api/search?q=9141&size=50")
    check(st == 200 and sorted(r["uscc"] for r in j["rows"]) == sorted(o["uscc"] for o in index)
          and all(r["records"] == next(o["records"] for o in index if o["uscc"] == r["uscc"]) for r in j["rows"]),
          f"门户与公开网站的检查对象一致: {j.get('total')} / {len(index)}")
    check(env.dump() == before_public, "门户的查询不写入任何内容")

    # the audit proofs (op/public-proof.h) in the object's and the draw's answers, checked by the
    # independent tools/audit_proof.py against a signed head of the same size
    pem, head = os.path.join(env.dir, "pub.pem"), os.path.join(env.dir, "head.json")
    env.cli("key", "export", "-o", pem)
    env.cli("audit", "head", "--json", "-o", head)
    seq = json.load(open(head, encoding="utf-8"))["seq"]
    for path, subject in ((f"/public/api/objects/{pub_code}", f"task:{t_xw}"), ("/public/api/draws/1", "draw:1")):
        st, j = get(f"{path}?tree_size={seq}")
        proof = (j.get("results", [{}])[0] if "results" in j else j).get("proof") if st == 200 else None
        check(isinstance(proof, dict) and proof.get("subject") == subject and proof.get("tree_size") == seq
              and proof.get("proofs"), f"{path} 带审计证明: {st} {proof}")
        f = os.path.join(env.dir, subject.replace(":", "-") + ".json")
        with open(f, "w", encoding="utf-8") as out:
            json.dump(proof, out, ensure_ascii=False)
        p = subprocess.run(["python3", os.path.join(SRC, "tools/audit_proof.py"), "--key", pem, "--head", head,
                            "--proof", f], capture_output=True, text=True)
        check(p.returncode == 0, f"tools/audit_proof.py 核对 {subject} 的证明: {p.stdout}{p.stderr}")
    st, j = get(f"/public/api/objects/{pub_code}")
    check(st == 200 and j["results"][0]["proof"]["tree_size"] == j["tree_size"] >= seq, f"不指定链头时对整条链: {st}")
    refused(anon, "门户", "GET", f"/public/api/objects/{pub_code}?tree_size=abc", status=400)
    refused(anon, "门户", "GET", f"/public/api/draws/1?tree_size=999999999", status=(400, 404))
    rc = env.stop()
    check(rc == 0, f"SIGTERM 后应正常退出: {rc}")
finally:
    env.cleanup()
finish()
