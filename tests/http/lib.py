"""Shared code of the HTTP tests (tests/http/t*.py): a test database with a user of every role, a real
`suiji serve` on 127.0.0.1 with a free port (started and stopped by the test), a small client that keeps
the session cookie and CSRF token, raw-socket helpers for hostile requests, and checks that count
passes and failures ("N passed, M failed" at the end, exit 1 on any failure)."""
import datetime
import http.client
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse

SUIJI = os.environ.get("SUIJI") or sys.exit("SUIJI 未设置（suiji 可执行文件的路径）")
SRC = os.environ.get("SUIJI_SRC") or os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
PW = "Ceshi-2026-pw"
# the item list the plan tests use (tests/cli/plan-lib.sh), and the directory files' headers
ITEMS_CSV = open(os.path.join(SRC, "tests/cli/plan-lib.sh"), encoding="utf-8").read().split("ITEMS_CSV='")[1].split("'")[0]
OBJECTS_HEADER = "统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管,生产状态,正面清单,主体类型"
PEOPLE_HEADER = "人员编号,姓名,人员类别,执法证号,单位,科室,职务,行政区划代码,工作年限,业务专长,在岗"

# name, roles, unit, person
USERS = [
    ("分局甲", "分局管理员", "修武分局", None),
    ("分局乙", "分局管理员", "沁阳分局", None),
    ("科员甲", "科室人员", None, None),
    ("执法甲", "执法人员", "修武分局", "P0002"),
    ("监督员", "监督", None, None),
    ("审核员", "公开审核", None, None),
    ("安全员", "安全管理员", None, None),
    ("审计员", "审计管理员", None, None),
    ("试错员", "科室人员", None, None),
]
ADMIN = "管理员甲"

passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("不通过: " + what, flush=True)
    return cond


def finish():
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)


def require_test_clock(why):
    """Skips the test (exit 0, saying "why") when this build does not honour SUIJI_NOW (SUIJI_TEST_CLOCK)."""
    if "启用" not in subprocess.run([SUIJI, "--version"], capture_output=True, text=True).stdout:
        print(f"跳过: 本构建未启用测试时钟（SUIJI_TEST_CLOCK），{why}")
        sys.exit(0)


def server_today(pinned):
    """Fixes the clock of the server and of the command line at `pinned` ("2026-05-13T10:00:00+08:00") when
    this build honours SUIJI_NOW (a test build): a test whose dates follow "today" then means the same on
    any day it runs (a year's or quarter's last day, or 16:00–24:00 UTC, when the machine's date is not
    yet the server's Asia/Shanghai date). Call it before Env(). Returns the server's date, YYYY-MM-DD:
    the pinned one, or today in Asia/Shanghai for a build that ignores SUIJI_NOW."""
    if "启用" in subprocess.run([SUIJI, "--version"], capture_output=True, text=True).stdout:
        os.environ["SUIJI_NOW"] = pinned
        return pinned[:10]
    return (datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(hours=8)).date().isoformat()


class Env:
    """A database, a web directory and a running server."""

    def __init__(self, serve_args=()):
        try:  # room for the connection tests
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
        except (ValueError, OSError):
            pass
        self.dir = tempfile.mkdtemp(prefix="suiji-http-")
        self.db = os.path.join(self.dir, "t.db")
        self.env = dict(os.environ, SUIJI_DB=self.db, SUIJI_USER=ADMIN)
        self.proc = None
        self.serve_args = list(serve_args)
        self.make_db()
        self.make_web()

    def cli(self, *args, stdin=None, rc=0, actor=None):
        env = dict(self.env, SUIJI_USER=actor) if actor else self.env
        p = subprocess.run([SUIJI, *args], env=env, input=stdin, capture_output=True, text=True)
        if p.returncode != rc:
            raise SystemExit(f"suiji {' '.join(args)} 退出码 {p.returncode}（应为 {rc}）\n{p.stdout}{p.stderr}")
        return p.stdout

    def load(self, kind, lines, date=None):
        """Writes a directory file (kind: items, objects, people…; lines: its rows with the header) into the
        test's folder and imports it, dated "date" when given."""
        path = os.path.join(self.dir, kind + ".csv")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        self.cli("import", kind, path, *(("--date", date) if date else ()))

    def xiuwu_drawable(self, serials, count):
        """修武分局 ready to draw in 2027: the item list, general objects with the credit-code serials given,
        two of its officers, regions not crossed, and a filed plan whose one line draws "count" objects."""
        sys.path.insert(0, os.path.join(SRC, "tests", "cli"))
        import codes
        self.load("items", [ITEMS_CSV], "2027-01-01")
        self.load("objects", [OBJECTS_HEADER] + [f"{codes.uscc('91', '410821', '%08d' % s)},修武对象{n + 1},410821,2614,一般,否,正常,否,企业"
                                                 for n, s in enumerate(serials)], "2027-01-01")
        self.load("people", [PEOPLE_HEADER, "P0101,周建国,执法,41082110101,焦作市生态环境局修武分局,执法大队,执法队员,410821,5,水,是",
                             "P0102,吴海燕,执法,41082110102,焦作市生态环境局修武分局,执法大队,执法队员,410821,4,大气,是"], "2027-01-01")
        self.cli("--unit", "修武分局", "settings", "set", "cross_region", "否")
        self.cli("plan", "new", "--year", "2027", "--date", "2027-01-02", actor="分局甲")
        self.cli("plan", "line", "add", "--year", "2027", "--name", "一般对象抽查", "--items", "JZ-001", "--count", str(count),
                 "--class", "一般", actor="分局甲")
        self.cli("plan", "file", "--year", "2027", "--out-dir", self.dir, actor="分局甲")

    def make_db(self):
        self.cli("init", "--org", "焦作市生态环境局", "--region", "410800", "--level", "city", "--admin", ADMIN,
                 stdin=PW + "\n")
        self.cli("import", "people", os.path.join(SRC, "tests/data/dir/people.csv"), "--date", "2025-01-01")
        self.cli("unit", "add", "修武分局", "--region", "410821")
        self.cli("unit", "add", "沁阳分局", "--region", "410882")
        for name, role, unit, person in USERS:
            args = ["user", "add", name, "--role", role]
            if unit:
                args += ["--unit", unit]
            if person:
                args += ["--person", person]
            actor = "安全员" if role == "审计管理员" else None  # 三员分立: the security administrator appoints
            self.cli(*args, actor=actor)
            self.cli("user", "passwd", name, stdin=PW + "\n", actor=actor)

    def make_web(self):
        w = self.web = os.path.join(self.dir, "web")
        os.makedirs(os.path.join(w, "assets"))
        os.makedirs(os.path.join(w, "public"))
        with open(os.path.join(w, "index.html"), "w") as f:
            f.write("<!doctype html><title>suiji app</title>")
        with open(os.path.join(w, "public", "index.html"), "w") as f:
            f.write("<!doctype html><title>suiji portal</title>")
        js = os.path.join(w, "assets", "index-Ab12Cd34.js")
        with open(js, "w") as f:
            f.write("console.log('suiji');\n" * 50)
        subprocess.run(["gzip", "-k", "-9", js], check=True)
        os.symlink("/etc/passwd", os.path.join(w, "assets", "passwd.js"))
        with open(os.path.join(self.dir, "outside.txt"), "w") as f:
            f.write("outside the web directory")

    def start(self):
        self.log = os.path.join(self.dir, "access.log")
        self.err = open(os.path.join(self.dir, "serve.err"), "w+")
        self.proc = subprocess.Popen(
            [SUIJI, "serve", "--listen", "127.0.0.1:0", "--web", self.web, "--access-log", self.log,
             *self.serve_args], env=self.env, stdout=subprocess.DEVNULL, stderr=self.err)
        deadline = time.time() + 60  # an ASan build on a loaded machine; ends early if the server exits
        while time.time() < deadline:
            with open(self.err.name) as f:
                m = re.search(r"http://127\.0\.0\.1:(\d+)/", f.read())
            if m:
                self.port = int(m.group(1))
                self.origin = f"http://127.0.0.1:{self.port}"
                return
            if self.proc.poll() is not None:
                break
            time.sleep(0.05)
        with open(self.err.name) as f:
            raise SystemExit("suiji serve 未能启动:\n" + f.read())

    def stop(self):
        """SIGTERM; the server must stop cleanly (exit 0) within 10 s."""
        if not self.proc:
            return 0
        self.proc.terminate()
        try:
            rc = self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = -9
        self.proc = None
        if rc != 0:
            with open(self.err.name) as f:
                print(f.read()[-6000:])
        return rc

    def cleanup(self):
        if self.proc:
            self.proc.kill()
            self.proc.wait()
        shutil.rmtree(self.dir, ignore_errors=True)

    def dump(self):
        """The database's content, without the rows of web sessions (signing in writes those)."""
        out = subprocess.run(["sqlite3", self.db, ".dump"], capture_output=True, text=True, check=True).stdout
        return "\n".join(l for l in out.splitlines() if not l.startswith("INSERT INTO web_session"))

    def alive(self):
        """GET /healthz answers 200 "ok" within 5 s on a new connection."""
        try:
            c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
            c.request("GET", "/healthz")
            r = c.getresponse()
            ok = r.status == 200 and r.read() == b"ok"
            c.close()
            return ok
        except OSError:
            return False

    def raw(self, data, timeout=5, wait=True):
        """Sends raw bytes on a new connection; returns (status or 0, everything read until close)."""
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        out = b""
        try:
            s.sendall(data)
            while wait:
                b = s.recv(65536)
                if not b:
                    break
                out += b
                if b"\r\n\r\n" in out and b"Content-Length: " in out:
                    head, _, body = out.partition(b"\r\n\r\n")
                    n = int(re.search(rb"Content-Length: (\d+)", head).group(1))
                    if len(body) >= n:
                        break
        except OSError:
            pass
        finally:
            s.close()
        m = re.match(rb"HTTP/1\.[01] (\d{3})", out)
        return (int(m.group(1)) if m else 0), out


class Client:
    """One browser: its cookie and CSRF token."""

    def __init__(self, env):
        self.env = env
        self.cookie = None
        self.csrf = None
        self.user = None

    def req(self, method, path, body=None, origin=True, csrf=True, headers=None, raw=None):
        c = http.client.HTTPConnection("127.0.0.1", self.env.port, timeout=30)
        h = {}
        if self.cookie:
            h["Cookie"] = "suiji_session=" + self.cookie
        if method in ("POST", "PUT", "PATCH", "DELETE"):
            if origin:
                h["Origin"] = self.env.origin if origin is True else origin
            if csrf and self.csrf:
                h["X-CSRF-Token"] = self.csrf if csrf is True else csrf
        if body is not None:
            raw = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        h.update(headers or {})
        c.request(method, urllib.parse.quote(path, safe="/?=&%:#"), body=raw, headers=h)
        r = c.getresponse()
        data = r.read()
        for k, v in r.getheaders():
            if k.lower() == "set-cookie" and v.startswith("suiji_session="):
                self.cookie = v.split(";")[0].split("=", 1)[1] or None
        c.close()
        try:
            j = json.loads(data) if data and r.getheader("Content-Type", "").startswith("application/json") else None
        except ValueError:
            j = None
        self.last_headers = r
        return r.status, j if j is not None else data

    def signin(self, name, pw=PW):
        st, j = self.req("POST", "/api/session", {"name": name, "password": pw})
        if st == 200:
            self.csrf = j["csrf"]
            self.user = j["user"]
        return st, j
