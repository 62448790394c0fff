#!/usr/bin/env python3
"""The JSON API against a real `suiji serve`: signing in as every role, 401 when signed out, 403 at
every role boundary the landed endpoints have (with nothing written), CSRF and Origin checks, a stolen
cookie after sign-out, session fixation, brute force locking after 5 failures (audited), the account
operations of the administrators, static files and their headers, and a clean stop on SIGTERM."""
import json
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import ADMIN, PW, USERS, Client, Env, check, finish  # noqa: E402

env = Env()
try:
    env.start()
    E = "未登录或会话已过期"

    # /healthz and the security headers
    c = Client(env)
    st, body = c.req("GET", "/healthz")
    check(st == 200 and body == b"ok", "GET /healthz 应为 200 ok")
    h = c.last_headers
    csp = h.getheader("Content-Security-Policy", "")
    check("default-src 'self'" in csp and "unsafe-eval" not in csp and "frame-ancestors 'none'" in csp,
          f"CSP 头不对: {csp}")
    check(h.getheader("X-Frame-Options") == "DENY", "X-Frame-Options 应为 DENY")
    check(h.getheader("X-Content-Type-Options") == "nosniff", "应有 nosniff")
    check(h.getheader("Referrer-Policy") == "same-origin", "Referrer-Policy 应为 same-origin")

    # signed out: 401 JSON with the Chinese message
    for m, p in (("GET", "/api/session"), ("GET", "/api/units"), ("GET", "/api/users"), ("POST", "/api/units"),
                 ("DELETE", "/api/session")):
        st, j = Client(env).req(m, p, {} if m == "POST" else None)
        check(st == 401 and isinstance(j, dict) and j.get("error") == E, f"未登录 {m} {p} 应为 401: {st} {j}")
    st, j = Client(env).req("GET", "/api/no-such-thing")
    check(st == 404 and isinstance(j, dict) and "error" in j, f"未知接口应为 404 JSON: {st}")

    # every role signs in; GET /api/session gives the same user and token
    clients = {}
    for name, role, unit, person in [(ADMIN, "市局管理员", None, None)] + USERS:
        if name == "试错员":
            continue
        cl = Client(env)
        st, j = cl.signin(name)
        ok = check(st == 200, f"{name}（{role}）登录应成功: {st} {j}")
        if not ok:
            continue
        check(role in j["user"]["roles"], f"{name} 的角色应含 {role}: {j['user']}")
        check(len(cl.cookie or "") == 64 and len(j["csrf"]) == 64, "会话标识与 CSRF 令牌应为 256 位")
        set_cookie = [v for k, v in cl.last_headers.getheaders() if k.lower() == "set-cookie"][0]
        check("HttpOnly" in set_cookie and "SameSite=Strict" in set_cookie and "Path=/" in set_cookie,
              f"Cookie 属性不对: {set_cookie}")
        check("Secure" not in set_cookie, "未加 --secure 时 Cookie 不应带 Secure")
        st, j2 = cl.req("GET", "/api/session")
        check(st == 200 and j2["user"]["name"] == name and j2["csrf"] == cl.csrf, f"GET /api/session（{name}）")
        if unit:
            check(j2["user"]["unit"]["name"] == unit and j2["user"]["unit"]["level"] == "county",
                  f"{name} 的单位应为 {unit}: {j2['user']['unit']}")
        clients[name] = cl
    admin = clients[ADMIN]

    # the session id is stored only hashed
    dump = env.dump()
    rows = subprocess.run(["sqlite3", env.db, "SELECT id_hash, csrf_hash FROM web_session"], capture_output=True,
                          text=True).stdout
    check(admin.cookie not in rows and admin.csrf not in rows and admin.cookie not in dump,
          "会话标识和 CSRF 令牌不应以明文存入数据库")

    # administrators' work
    st, j = admin.req("GET", "/api/units")
    check(st == 200 and j["total"] == 3 and j["rows"][1]["name"] == "修武分局", f"GET /api/units: {st} {j}")
    st, j = admin.req("GET", "/api/users")
    check(st == 200 and j["total"] == len(USERS) + 1, f"GET /api/users: {st}")
    names = [r["name"] for r in j["rows"]] if st == 200 else []
    check("执法甲" in names, "用户列表应含执法甲")
    st, j = admin.req("POST", "/api/units", {"name": "温县分局", "regions": ["410825"]})
    check(st == 201 and j.get("id") == 4, f"POST /api/units 应为 201: {st} {j}")
    st, j = admin.req("POST", "/api/users", {"name": "新用户", "password": "Xin-yonghu-2026", "roles": ["科室人员"],
                                              "unit": "温县分局"})
    check(st == 201, f"POST /api/users 应为 201: {st} {j}")
    st, j = Client(env).signin("新用户", "Xin-yonghu-2026")
    check(st == 200 and j["user"]["unit"]["name"] == "温县分局", f"新用户应能登录: {st} {j}")
    st, j = admin.req("POST", "/api/users", {"name": "弱口令", "password": "123", "roles": ["科室人员"]})
    check(st == 400 and "口令" in j.get("error", ""), f"弱口令应被拒绝（400）: {st} {j}")
    st, j = admin.req("POST", "/api/users/新用户/roles", {"roles": ["科室人员", "公开审核"]})
    check(st == 200, f"修改角色: {st} {j}")
    st, j = admin.req("POST", "/api/users/新用户/passwd", {"password": "Xin-yonghu-2027"})
    check(st == 200, f"重置口令: {st} {j}")
    check(Client(env).signin("新用户", "Xin-yonghu-2027")[0] == 200, "重置后的口令应能登录")

    # a user's own password: the current one is required
    u = Client(env)
    u.signin("新用户", "Xin-yonghu-2027")
    st, j = u.req("POST", "/api/session/passwd", {"old": "wrong-Old-1", "password": "Xin-yonghu-2028"})
    check(st == 403 and "当前口令" in j.get("error", ""), f"当前口令错误应为 403: {st} {j}")
    st, j = u.req("POST", "/api/session/passwd", {"old": "Xin-yonghu-2027", "password": "Xin-yonghu-2028"})
    check(st == 200, f"修改自己的口令: {st} {j}")

    # role boundaries: each refused with 403 JSON and nothing written
    def refused(cl, who, method, path, body=None, status=403):
        before = env.dump()
        st, j = cl.req(method, path, body)
        check(st == status and isinstance(j, dict) and j.get("error"),
              f"{who} {method} {path} 应为 {status}: {st} {j}")
        check(env.dump() == before, f"{who} {method} {path} 被拒绝后数据库不应改变")

    refused(clients["监督员"], "监督", "POST", "/api/units", {"name": "X分局", "regions": ["410883"]})
    refused(clients["监督员"], "监督", "POST", "/api/users", {"name": "x1", "password": PW, "roles": ["科室人员"]})
    refused(clients["审计员"], "审计管理员", "POST", "/api/users", {"name": "x2", "password": PW, "roles": ["监督"]})
    refused(clients["审计员"], "审计管理员", "POST", "/api/units", {"name": "Y分局", "regions": ["410883"]})
    refused(clients["审计员"], "审计管理员", "POST", "/api/users/分局甲/lock")
    # a branch sees its own unit only, never another branch's
    st, j = clients["分局甲"].req("GET", "/api/units")
    check(st == 200 and [r["name"] for r in j["rows"]] == ["修武分局"], f"分局只能看到本单位: {st} {j}")
    refused(clients["分局甲"], "分局管理员", "GET", "/api/users")
    refused(clients["分局甲"], "分局管理员", "POST", "/api/users/分局乙/passwd", {"password": "Fenju-yi-2026"})
    refused(clients["执法甲"], "执法人员", "GET", "/api/users")
    refused(clients["执法甲"], "执法人员", "POST", "/api/users/执法甲/roles", {"roles": ["市局管理员"]})
    refused(clients["科员甲"], "科室人员", "POST", "/api/users/科员甲/unlock")
    refused(clients["安全员"], "安全管理员", "POST", "/api/units", {"name": "Z分局", "regions": ["410883"]})
    refused(admin, "系统管理员", "POST", "/api/users", {"name": "x3", "password": PW, "roles": ["审计管理员"]})
    refused(clients["安全员"], "安全管理员", "POST", "/api/users",
            {"name": "x3", "password": PW, "roles": ["审计管理员", "监督"]}, status=400)  # 三员分立
    refused(admin, "系统管理员", "POST", "/api/users/没有这个人/lock", status=404)

    # CSRF: a missing or wrong token, a missing or foreign Origin — 403, nothing written
    for what, kw in (("无 CSRF 令牌", {"csrf": False}), ("错误的 CSRF 令牌", {"csrf": "0" * 64}),
                     ("无 Origin", {"origin": False}), ("外站 Origin", {"origin": "http://evil.example"}),
                     ("Origin 端口不同", {"origin": "http://127.0.0.1:1"})):
        before = env.dump()
        st, j = admin.req("POST", "/api/units", {"name": "CSRF分局", "regions": ["410883"]}, **kw)
        check(st == 403 and isinstance(j, dict) and j.get("error"), f"{what} 应为 403: {st} {j}")
        check(env.dump() == before, f"{what}：数据库不应改变")
    st, j = admin.req("POST", "/api/units", {"name": "CSRF分局", "regions": ["410883"]}, origin=False,
                      headers={"Referer": env.origin + "/#/units"})
    check(st == 201, f"同源 Referer（无 Origin）且令牌正确应被接受: {st} {j}")
    st, j = Client(env).req("POST", "/api/session", {"name": ADMIN, "password": PW}, origin="http://evil.example")
    check(st == 403, f"外站发起的登录应为 403: {st}")
    # a token of another session does not do
    other = clients["科员甲"].csrf
    st, j = admin.req("POST", "/api/units", {"name": "另一分局", "regions": ["410883"]}, csrf=other)
    check(st == 403, f"另一会话的 CSRF 令牌应为 403: {st}")

    # a stolen cookie after sign-out
    thief = Client(env)
    victim = Client(env)
    victim.signin("审核员")
    thief.cookie, thief.csrf = victim.cookie, victim.csrf
    check(thief.req("GET", "/api/session")[0] == 200, "登出前窃取的 Cookie 本可使用")
    st, j = victim.req("DELETE", "/api/session")
    check(st == 200 and victim.cookie is None, f"登出应为 200 并清除 Cookie: {st} {j}")
    st, j = thief.req("GET", "/api/session")
    check(st == 401 and j.get("error") == E, f"登出后窃取的 Cookie 应为 401: {st} {j}")
    st, j = thief.req("POST", "/api/units", {"name": "窃取分局", "regions": ["410883"]})
    check(st == 401, f"登出后窃取的 Cookie 写入应为 401: {st}")

    # session fixation: a cookie planted before sign-in is not reused
    planted = "ab" * 32
    fix = Client(env)
    fix.cookie = planted
    check(fix.req("GET", "/api/session")[0] == 401, "植入的 Cookie 不应是会话")
    st, j = fix.signin("审核员")
    check(st == 200 and fix.cookie != planted, "登录后应换发新的会话标识")
    attacker = Client(env)
    attacker.cookie = planted
    check(attacker.req("GET", "/api/session")[0] == 401, "植入的旧 Cookie 登录后仍不可用")

    # brute force: 5 failures lock the account for 30 minutes; audited
    bf = Client(env)
    for i in range(1, 5):
        st, j = bf.signin("试错员", f"Wrong-pass-{i}")
        check(st == 401 and "再失败" in j.get("error", ""),
              f"第 {i} 次错误口令应为 401: {st} {j}")
    st, j = bf.signin("试错员", "Wrong-pass-5")
    check(st == 403 and "锁定" in j.get("error", ""), f"第 5 次错误口令应锁定账号: {st} {j}")
    st, j = bf.signin("试错员", PW)
    check(st == 403 and "锁定" in j.get("error", ""), f"锁定期间正确口令也应被拒绝: {st} {j}")
    st, j = Client(env).signin("没有这个人", PW)
    check(st == 401 and j.get("error") == "用户名或口令错误", f"未登记的用户名: {st} {j}")
    actions = subprocess.run(["sqlite3", env.db, "SELECT action FROM audit WHERE subject = 'user:试错员'"],
                             capture_output=True, text=True).stdout.split("\n")
    check(actions.count("sign-in failed") == 5 and actions.count("lock") == 1,
          f"审计链应有 5 次登录失败和 1 次锁定: {actions}")
    actions = subprocess.run(["sqlite3", env.db, "SELECT action FROM audit WHERE subject = 'user:审核员'"],
                             capture_output=True, text=True).stdout.split("\n")
    check("sign-in" in actions and "sign-out" in actions, f"审计链应有登录和登出: {actions}")
    out = env.cli("audit", "verify")
    check("失败" not in out, f"审计链核验: {out}")
    st, j = admin.req("POST", "/api/users/试错员/unlock")
    check(st == 200 and bf.signin("试错员", PW)[0] == 200, "系统管理员解锁后可登录")

    # locking a signed-in user ends their session
    st, j = admin.req("POST", "/api/users/分局乙/lock")
    check(st == 200, f"锁定分局乙: {st} {j}")
    check(clients["分局乙"].req("GET", "/api/session")[0] == 401, "被锁定用户的会话应失效")

    # the audit chain: oversight and the audit administrator read and verify it; others may not
    st, j = clients["审计员"].req("GET", "/api/audit?size=500")
    check(st == 200 and j["total"] > 10 and j["rows"][0]["seq"] > j["rows"][-1]["seq"]
          and any(r["action"] == "sign-in failed" and r["subject"] == "user:试错员" for r in j["rows"]),
          f"审计管理员查看审计链（新的在前）: {st}")
    st, j = clients["监督员"].req("GET", "/api/audit/verify")
    check(st == 200 and j["ok"] is True and j["problems"] == [] and j["entries"] > 10, f"核验审计链: {st} {j}")
    refused(clients["分局甲"], "分局管理员", "GET", "/api/audit")
    refused(clients["执法甲"], "执法人员", "GET", "/api/audit/verify")
    subprocess.run(["sqlite3", env.db, "UPDATE unit SET name = '篡改分局' WHERE id = 2"], check=True)
    st, j = clients["审计员"].req("GET", "/api/audit/verify")
    check(st == 200 and j["ok"] is False and j["problems"], f"篡改后核验应发现问题: {st} {j}")
    subprocess.run(["sqlite3", env.db, "UPDATE unit SET name = '修武分局' WHERE id = 2"], check=True)

    # static files
    st, body = c.req("GET", "/")
    check(st == 200 and b"suiji app" in body and c.last_headers.getheader("Cache-Control") == "no-cache",
          "GET / 应为 index.html（no-cache）")
    st, body = c.req("GET", "/plans/2025")
    check(st == 200 and b"suiji app" in body, "应用内路径应回落到 index.html")
    st, body = c.req("GET", "/public/")
    check(st == 200 and b"suiji portal" in body, "GET /public/ 应为门户")
    st, body = c.req("GET", "/public/objects/x")
    check(st == 200 and b"suiji portal" in body, "门户内路径应回落到 public/index.html")
    st, body = c.req("GET", "/assets/index-Ab12Cd34.js", headers={"Accept-Encoding": "gzip, deflate"})
    h = c.last_headers
    check(st == 200 and h.getheader("Content-Encoding") == "gzip" and body[:2] == b"\x1f\x8b",
          "接受 gzip 时应发送预压缩文件")
    check(h.getheader("Cache-Control") == "public, max-age=31536000, immutable", "带散列的文件应长期缓存")
    check(h.getheader("Vary") == "Accept-Encoding", "应有 Vary: Accept-Encoding")
    st, body = c.req("GET", "/assets/index-Ab12Cd34.js", headers={"Accept-Encoding": "gzip;q=0"})
    check(st == 200 and c.last_headers.getheader("Content-Encoding") is None and body.startswith(b"console"),
          "gzip;q=0 时应发送原文件")
    st, body = c.req("GET", "/assets/missing-123.js")
    check(st == 404, "不存在的文件应为 404")
    st, body = c.req("GET", "/assets/passwd.js")
    check(st == 404 and b"root:" not in body, "指向目录外的符号链接不应被跟随")
    st, body = c.req("POST", "/index.html", {})
    check(st == 405, "静态文件只接受 GET/HEAD")

    # the access log: one JSON line per request
    with open(env.log) as f:
        lines = [json.loads(l) for l in f if l.strip()]
    check(len(lines) > 50 and all({"time", "ip", "method", "path", "status", "bytes", "ms", "user"} <= set(l)
                                  for l in lines), "访问日志每个请求一行 JSON")
    check(any(l["user"] == ADMIN and l["path"] == "/api/users" for l in lines), "访问日志记录登录用户")
    check(not any("password" in json.dumps(l, ensure_ascii=False) or PW in json.dumps(l, ensure_ascii=False)
                  for l in lines), "访问日志不含口令")

    rc = env.stop()
    check(rc == 0, f"SIGTERM 后应正常退出（0）: {rc}")
finally:
    env.cleanup()
finish()
