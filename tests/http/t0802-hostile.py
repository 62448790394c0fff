#!/usr/bin/env python3
"""Hostile HTTP against a real `suiji serve` on loopback, each bounded and stopping by itself: an
oversized body refused with 413 from its Content-Length before it is sent, a chunked body cut off at
the cap, slow clients (slowloris) that do not block others, a few thousand connections against the
connection limits, malformed and oversized request lines and headers, duplicate Content-Length,
Content-Length with Transfer-Encoding, path traversal (/../, %2e%2e, NUL, backslash); after each the
server still answers /healthz."""
import os
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import ADMIN, Client, Env, check, finish  # noqa: E402



def accept_backlog(port):
    """Connections completed by the kernel on the server's listening socket (127.0.0.1:port) that the server
    has not accepted yet: the rx_queue of a LISTEN socket in /proc/net/tcp; None when it cannot be read."""
    try:
        with open("/proc/net/tcp") as f:
            for line in f.readlines()[1:]:
                fields = line.split()
                if fields[3] == "0A" and int(fields[1].split(":")[1], 16) == port:
                    return int(fields[4].split(":")[1], 16)
    except (OSError, ValueError, IndexError):
        pass
    return None


# small limits so the connection tests reach them quickly
env = Env(["--max-connections", "600", "--max-per-ip", "500", "--timeout", "4", "--threads", "2",
           "--body-max", "65536", "--upload-max", "1048576"])
try:
    env.start()
    check(env.alive(), "服务应已启动")
    admin = Client(env)
    check(admin.signin(ADMIN)[0] == 200, "管理员登录")
    before = env.dump()

    # 1. an oversized body: 413 from the header, before a byte of it is sent
    t = time.time()
    st, out = env.raw(b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 1000000000\r\n\r\n")
    check(st == 413 and time.time() - t < 4, f"超大 Content-Length 应立即得到 413: {st}")
    check(env.alive(), "超大请求后服务仍应应答")
    # with Expect: 100-continue the client is told not to send
    st, out = env.raw(b"POST /api/import/objects HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n"
                      b"Content-Length: 50000000\r\n\r\n")
    check(st == 413 and b"100 Continue" not in out, f"超过上传上限的导入应为 413 且不发送 100 Continue: {st}")

    # 2. a chunked body past the cap is cut off: the server closes the connection
    s = socket.create_connection(("127.0.0.1", env.port), timeout=5)
    s.sendall(b"POST /api/units HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
    chunk = b"%x\r\n" % 32768 + b"a" * 32768 + b"\r\n"
    sent = 0
    closed = False
    try:
        for _ in range(200):  # at most 6.4 MB, far past the 64 KiB cap
            s.sendall(chunk)
            sent += len(chunk)
    except OSError:
        closed = True
    if not closed:  # everything was buffered: the server must still end the connection
        s.settimeout(5)
        try:
            while s.recv(65536):
                pass
            closed = True
        except socket.timeout:
            closed = False
        except OSError:
            closed = True
    s.close()
    check(closed, f"分块请求超过上限应被切断（已发送 {sent} 字节）")
    print(f"分块请求: 发送 {sent} 字节后连接被服务器关闭")
    check(env.alive(), "分块超限后服务仍应应答")

    # 3. framing that smuggles requests
    for what, req in (
        ("重复的 Content-Length", b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                                 b"Content-Length: 40\r\n\r\n{}"),
        ("Content-Length 与 Transfer-Encoding 并存", b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                                                     b"Transfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\n\r\n"),
        ("重复的 Transfer-Encoding", b"POST /api/session HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
                                    b"Transfer-Encoding: identity\r\n\r\n0\r\n\r\n"),
    ):
        st, out = env.raw(req)
        check(st == 400, f"{what} 应为 400: {st} {out[:80]!r}")
        check(out.count(b"HTTP/1.1") == 1, f"{what}：只应有一个应答（没有被夹带的请求）")
        check(env.alive(), f"{what} 后服务仍应应答")

    # 4. malformed and oversized request lines and headers
    for what, req in (
        ("乱码请求行", b"\x00\xff\xfe garbage\r\n\r\n"),
        ("无版本", b"GET /healthz\r\n\r\n"),
        ("头部无冒号", b"GET /healthz HTTP/1.1\r\nHost x\r\nBroken header line\r\n\r\n"),
        ("无效 Content-Length", b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n"),
        ("负 Content-Length", b"POST /api/session HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n"),
        ("超长头部", b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 200_000 + b"\r\n\r\n"),
        ("大量头部", b"GET /healthz HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-H%d: v\r\n" % i for i in range(20000)) + b"\r\n"),
        ("超长路径", b"GET /" + b"a" * 200_000 + b" HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("超长 Cookie", b"GET /api/session HTTP/1.1\r\nHost: x\r\nCookie: suiji_session=" + b"f" * 60000 + b"\r\n\r\n"),
        ("非法方法", b"G\x01T /healthz HTTP/1.1\r\nHost: x\r\n\r\n"),
        ("HTTP/9", b"GET /healthz HTTP/9.9\r\nHost: x\r\n\r\n"),
        ("非 JSON 请求体", b"POST /api/session HTTP/1.1\r\nHost: x\r\nOrigin: http://x\r\nContent-Length: 5\r\n\r\n{{{{{"),
        ("深层嵌套 JSON", b"POST /api/session HTTP/1.1\r\nHost: x\r\nOrigin: http://x\r\nContent-Length: 40000\r\n\r\n"
                       + b"[" * 20000 + b"]" * 20000),
    ):
        st, out = env.raw(req)
        check(st in (0, 400, 401, 403, 404, 405, 413, 414, 431, 501, 505), f"{what}: 意外的应答 {st} {out[:80]!r}")
        check(env.alive(), f"{what} 后服务仍应应答")

    # 5. path traversal: never a file outside the web directory
    for p in (b"/../../../../etc/passwd", b"/%2e%2e/%2e%2e/etc/passwd", b"/assets/%2E%2E/%2E%2E/outside.txt",
              b"/..%2f..%2fetc%2fpasswd", b"/assets/..%5c..%5coutside.txt", b"/index.html%00.js",
              b"/a/%00/../../etc/passwd", b"/assets/..\\..\\outside.txt", b"/./index.html", b"//etc/passwd",
              b"/assets/passwd.js", b"/public/../../outside.txt", b"/%252e%252e/outside.txt"):
        st, out = env.raw(b"GET " + p + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        check(b"root:" not in out and b"outside the web directory" not in out, f"{p!r} 不应读到目录外的文件")
        check(st in (200, 400, 404) and (st != 200 or b"suiji app" in out), f"{p!r}: {st}")
    check(env.alive(), "路径穿越尝试后服务仍应应答")

    # 6. slow clients (slowloris): 100 connections dribbling headers do not block others
    stop = threading.Event()
    socks = []
    for _ in range(100):
        s = socket.create_connection(("127.0.0.1", env.port), timeout=5)
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n")
        socks.append(s)

    def dribble():
        while not stop.is_set():
            for s in socks:
                try:
                    s.sendall(b"X-a: b\r\n")
                except OSError:
                    pass
            stop.wait(0.5)

    th = threading.Thread(target=dribble)
    th.start()
    worst = 0
    for _ in range(10):
        t = time.time()
        ok = env.alive()
        worst = max(worst, time.time() - t)
        check(ok, "慢速客户端存在时 /healthz 仍应应答")
        time.sleep(0.2)
    st, j = admin.req("GET", "/api/users")
    check(st == 200, f"慢速客户端存在时接口仍应应答: {st}")
    stop.set()
    th.join()
    check(worst < 2.0, f"慢速客户端不应拖慢其他请求（最慢 {worst:.2f} 秒）")
    print(f"100 个慢速客户端: /healthz 最慢 {worst * 1000:.1f} 毫秒")
    # idle ones are closed by the timeout (4 s here)
    idle = socket.create_connection(("127.0.0.1", env.port), timeout=25)
    idle.sendall(b"GET /healthz HTTP/1.1\r\n")
    t = time.time()
    try:
        got = idle.recv(100)
    except socket.timeout:
        got = b"(no close)"
    except OSError:
        got = b""
    check(got == b"" and 2 < time.time() - t < 20, f"空闲连接应在超时后被关闭（{time.time() - t:.1f} 秒）")
    idle.close()
    for s in socks:
        s.close()
    check(env.alive(), "慢速客户端之后服务仍应应答")

    # 7. a few thousand connections: the limits hold, the server lives
    conns = []
    refused = 0
    for i in range(3000):
        try:
            s = socket.socket()
            s.settimeout(2)
            s.connect(("127.0.0.1", env.port))
            conns.append(s)
        except OSError:
            refused += 1
    # the kernel completes connections before the server accepts them: wait until the server has taken
    # every one off its listening socket (and closed those above its limits), then count
    deadline = time.time() + 30
    while (backlog := accept_backlog(env.port)) and time.time() < deadline:
        time.sleep(0.05)  # the poll's interval
    check(not backlog, f"服务器应在 30 秒内接受（或关闭）所有连接（仍有 {backlog} 个未接受）")
    # the server closes those above its limit: count the ones still open
    open_now = 0
    for s in conns:
        s.setblocking(False)
        try:
            b = s.recv(1)
            if b == b"":
                continue
            open_now += 1
        except BlockingIOError:
            open_now += 1
        except OSError:
            pass
    check(open_now <= 600, f"同时连接数不应超过上限 600（仍保持 {open_now} 个，共尝试 3000 个）")
    print(f"3000 个连接: {refused} 个连接失败，{open_now} 个仍保持（上限 600）")
    for s in conns:
        s.close()
    time.sleep(0.3)
    check(env.alive(), "数千连接之后服务仍应应答")
    st, j = admin.req("GET", "/api/users")
    check(st == 200, f"数千连接之后接口仍应应答: {st}")

    # 8. password hashing is bounded: 8 sign-ins at once all answer (200, or 503 when the queue is full)
    results = []

    def signin():
        results.append(Client(env).signin(ADMIN)[0])

    ths = [threading.Thread(target=signin) for _ in range(8)]
    for t_ in ths:
        t_.start()
    for t_ in ths:
        t_.join()
    check(all(r in (200, 503) for r in results) and results.count(200) >= 2, f"并发登录: {results}")
    check(env.alive(), "并发登录后服务仍应应答")

    # nothing of this changed the database (sign-ins aside)
    after = env.dump()
    check(after.count("INSERT INTO unit") == before.count("INSERT INTO unit"), "敌意请求不应写入数据")
    rc = env.stop()
    check(rc == 0, f"SIGTERM 后应正常退出: {rc}")
finally:
    env.cleanup()
finish()
