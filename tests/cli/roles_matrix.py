#!/usr/bin/env python3
"""The role matrix (issue 10): every state-changing operation, and the main reads, run as every role,
as an unregistered and a disabled operator, and as a branch administrator on another branch's data;
allow/deny checked against docs/ROLES.md's table; a refusal must say 无权限 and leave the database's
dump exactly as it was; an allowed run must not be refused for its role.

Usage: roles_matrix.py SUIJI SRC WORKDIR   (prints "N passed, M failed")
"""
import os, re, shutil, sqlite3, subprocess, sys

SUIJI, SRC, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
DATA = os.path.join(SRC, "tests", "data", "dir")
PW = "Ceshi-2026-pw"
TPL = os.path.join(WORK, "tpl")
os.makedirs(TPL, exist_ok=True)
passed = failed = 0


def fail(msg):
    global failed
    failed += 1
    print("FAIL:", msg, file=sys.stderr)


def run(db, who, args, stdin=None, now=None, cwd=None):
    env = dict(os.environ, SUIJI_DB=db, SUIJI_USER=who)
    env.pop("SUIJI_NOW", None)
    if now:
        env["SUIJI_NOW"] = now
    p = subprocess.run([SUIJI] + args, input=stdin, capture_output=True, text=True, env=env, cwd=cwd or WORK,
                       timeout=120)
    return p.returncode, p.stdout, p.stderr


def must(db, who, args, stdin=None, now=None):
    rc, out, err = run(db, who, args, stdin, now)
    if rc != 0:
        print("setup failed:", args, out, err, file=sys.stderr)
        sys.exit(1)
    return out


# ---- the template database: the city, two branches, users of every role, a plan, draws, tasks ----
db = os.path.join(TPL, "t.db")
ADMIN = "首位管理员"
T0 = "2024-12-01T08:00:00+08:00"
must(db, ADMIN, ["init", "--org", "焦作市生态环境局", "--region", "410800", "--level", "city", "--admin", ADMIN],
     stdin=PW + "\n", now=T0)
must(db, ADMIN, ["unit", "add", "修武分局", "--region", "410821"], now=T0)
must(db, ADMIN, ["unit", "add", "沁阳分局", "--region", "410882"], now=T0)
for k in ["items", "objects", "people", "conflicts"]:
    must(db, ADMIN, ["import", k, os.path.join(DATA, k + ".csv"), "--date", "2024-12-01"], now=T0)
T1 = "2024-12-20T09:00:00+08:00"
must(db, ADMIN, ["plan", "new", "--year", "2025"], now=T1)
must(db, ADMIN, ["plan", "line", "add", "--year", "2025", "--name", "市管重点排污单位季度检查", "--items", "JZ-001",
                 "--class", "重点", "--city-managed", "是", "--each"], now=T1)
os.makedirs(os.path.join(TPL, "filing"), exist_ok=True)
must(db, ADMIN, ["plan", "file", "--year", "2025", "--out-dir", os.path.join(TPL, "filing")], now=T1)
# the city has one officer of its own: it also draws the branches' officers (the cross-region rule)
must(db, ADMIN, ["settings", "set", "draw_branch_officers", "是", "--reason", "跨区域检查"], now=T1)
must(db, ADMIN, ["draw", "announce", "--year", "2025", "--lines", "1", "--period", "2025Q3", "--beacon-source",
                 "福彩3D 2025-06-30 开奖号码"], now="2025-06-27T09:00:00+08:00")
must(db, ADMIN, ["draw", "run", "1", "--beacon", "3 1 4"], now="2025-07-01T09:00:00+08:00")
con = sqlite3.connect(db)
tasks = con.execute("select id, team, unit_id from task where draw_id = 1 order by id").fetchall()
if len(tasks) < 2:
    print("setup: the draw made fewer than two tasks", tasks, file=sys.stderr)
    sys.exit(1)
with_team = [t for t in tasks if t[1]]
if not with_team:
    print("setup: no task of the draw has a team", tasks, file=sys.stderr)
    sys.exit(1)
T_TODO, TEAM, T_UNIT = with_team[0]                       # a task left as it is (待检查)
T_DONE = [t for t in tasks if t[0] != T_TODO][0][0]         # a task with a recorded result and a problem
PERSON = TEAM.split("、")[0]                               # the inspector of the matrix is on T_TODO's team
con.close()
T2 = "2025-09-22T09:00:00+08:00"
must(db, ADMIN, ["result", "record", str(T_DONE), "--result", "发现问题已责令整改", "--date", "2025-09-20",
                 "--problem", "JZ-001:标识缺失"], now=T2)
# a second announcement, not yet run
must(db, ADMIN, ["draw", "announce", "--year", "2025", "--lines", "1", "--period", "2025Q4", "--beacon-source",
                 "福彩3D 2025-09-30 开奖号码", "--reason", "第四季度"],
     now="2025-09-23T09:00:00+08:00")

# who is who: name -> (roles, unit, person)
USERS = {
    "市局管理员甲": ("市局管理员", "焦作市生态环境局", None),
    "系统管理员甲": ("系统管理员", "焦作市生态环境局", None),
    "审计管理员甲": ("审计管理员", "焦作市生态环境局", None),
    "安全管理员甲": ("安全管理员", "焦作市生态环境局", None),  # after it, only 安全管理员 appoints 三员
    "科室人员甲": ("科室人员", "焦作市生态环境局", None),
    "执法人员甲": ("执法人员", "焦作市生态环境局", PERSON),
    "监督甲": ("监督", "焦作市生态环境局", None),
    "公开审核甲": ("公开审核", "焦作市生态环境局", None),
    "修武分局管理员": ("分局管理员", "修武分局", None),
    "修武科室人员": ("科室人员", "修武分局", None),
    "沁阳分局管理员": ("分局管理员", "沁阳分局", None),
    "停用管理员": ("市局管理员", "焦作市生态环境局", None),
}
NOW = "2025-09-24T09:00:00+08:00"
for name, (roles, unit, person) in USERS.items():
    args = ["user", "add", name, "--role", roles, "--unit", unit]
    if person:
        args += ["--person", person]
    must(db, ADMIN, args, now=NOW)
must(db, ADMIN, ["user", "disable", "停用管理员"], now=NOW)
# the 沁阳 branch (恒盛 is its object) writes its own plan and files it with the city: in the city's inbox
must(db, "沁阳分局管理员", ["plan", "new", "--year", "2026", "--date", "2025-09-24"], now=NOW)
must(db, "沁阳分局管理员", ["plan", "line", "add", "--year", "2026", "--name", "重点排污单位季度检查", "--items", "JZ-001",
                         "--class", "重点", "--city-managed", "否", "--each"], now=NOW)
os.makedirs(os.path.join(TPL, "filing-qy"), exist_ok=True)
must(db, "沁阳分局管理员", ["plan", "file", "--year", "2026", "--out-dir", os.path.join(TPL, "filing-qy")], now=NOW)
must(db, ADMIN, ["backup", os.path.join(TPL, "backup.db")], now=NOW)
must(db, ADMIN, ["audit", "head", "--json", "-o", os.path.join(TPL, "head.json")], now=NOW)
must(db, ADMIN, ["key", "export", "-o", os.path.join(TPL, "pub.pem")], now=NOW)
open(os.path.join(TPL, "公示.csv"), "w").write("a,b\n1,2\n")
open(os.path.join(TPL, "2027.csv"), "w").write("日期,类型\n2027-01-01,休\n")
IDENTITIES = list(USERS) + ["路人"]
UNIT_ID = {"焦作市生态环境局": 1, "修武分局": 2, "沁阳分局": 3}

# ---- the table of docs/ROLES.md ----
table, roles = {}, []
for line in open(os.path.join(SRC, "docs", "ROLES.md"), encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) > 3 and cells[0] == "操作":
        roles = cells[2:]
    m = re.match(r"`([a-z.]+)`", cells[1]) if len(cells) > 2 else None
    if m and roles:
        table[m.group(1)] = dict(zip(roles, cells[2:]))
if not table:
    print("docs/ROLES.md has no table", file=sys.stderr)
    sys.exit(1)


def expected(who, action, unit, task):
    """Whether docs/ROLES.md allows "who" to take "action" on unit id "unit" (task: (unit, team, done))."""
    if who not in USERS or who == "停用管理员":
        return False
    roles_of, own, person = USERS[who]
    own = UNIT_ID[own]
    if task:
        unit = task[0]
    for r in roles_of.split("、"):
        scope = table[action].get(r, "—")
        if scope == "全部":
            return True
        if scope == "本单位" and unit == own:
            return True
        if scope == "本单位及下级" and (own == 1 or unit == own):
            return True
        if scope == "本组任务" and task and person and person in task[1].split("、"):
            return True
        if scope == "已检查任务" and task and task[2] and (own == 1 or unit == own):
            return True
    return False


def dump(path):
    c = sqlite3.connect(path)
    d = "\n".join(c.iterdump())
    c.close()
    return d


# ---- the operations: (label, args, action, unit or None for the operator's own, task or None) ----
out = lambda n: os.path.join(WORK, "o", n)
TODO = (T_UNIT, TEAM, False)
DONE_T = [(u, t, True) for i, t, u in tasks if i == T_DONE][0]
OPS = [
    ("导入事项清单", ["import", "items", os.path.join(DATA, "items.csv"), "--date", "2025-09-24"], "item.write", None, None),
    ("导入检查对象", ["import", "objects", os.path.join(DATA, "objects.csv"), "--date", "2025-09-24"], "directory.write", None, None),
    ("他单位导入人员", ["--unit", "沁阳分局", "import", "people", os.path.join(DATA, "people.csv"), "--date", "2025-09-24"], "directory.write", 3, None),
    ("新建计划", ["plan", "new", "--year", "2026", "--date", "2025-09-24"], "plan.write", None, None),
    ("他单位新建计划", ["--unit", "沁阳分局", "plan", "new", "--year", "2026", "--date", "2025-09-24"], "plan.write", 3, None),
    ("设置", ["settings", "set", "team_size", "3", "--reason", "测试"], "settings.write", None, None),
    ("针对性检查", ["targeted", "add", "--uscc", "91410883MA44PQ1D8L", "--trigger", "信访投诉举报", "--reference", "XF-1",
               "--items", "JZ-001", "--date", "2025-09-24"], "targeted.create", 1, None),
    ("抽取公告", ["draw", "announce", "--year", "2025", "--lines", "1", "--period", "2025-12", "--beacon-source",
              "福彩3D 2025-11-30 开奖号码", "--reason", "测试"], "draw.announce", None, None),
    ("执行抽取", ["draw", "run", "2", "--beacon", "1 2 3"], "draw.run", 1, None),
    ("揭示抽取包", ["draw", "export", "1", "--reveal", "--force", "--reason", "测试", "-o", out("pkg.json")], "draw.reveal", 1, None),
    ("查看抽取结果", ["draw", "record", "1", "-o", out("record.html")], "draw.read", 1, None),
    ("接收分局备案", ["--unit", "沁阳分局", "plan", "accept", "--year", "2026"], "plan.review", 3, None),
    ("录入结果", ["result", "record", str(T_TODO), "--result", "未发现问题", "--date", "2025-09-23"], "result.record", None, TODO),
    ("交办问题", ["problems", "assign", "1", "--to", "沁阳分局", "--days", "10"], "problem.step", None, DONE_T),
    ("公开结果", ["disclosure", "publish", str(T_DONE)], "disclosure.publish", None, DONE_T),
    ("不予公开", ["disclosure", "withhold", str(T_DONE), "--reason", "涉及国家安全", "--note", "测试"], "disclosure.withhold", None, DONE_T),
    ("备案", ["plan", "file", "--year", "2025", "--out-dir", out("")], "plan.file", None, None),
    ("作废任务", ["task", "cancel", str(T_TODO), "--reason", "测试"], "task.change", None, TODO),
    ("导入节假日安排", ["calendar", "import", os.path.join(TPL, "2027.csv")], "calendar.write", 1, None),
    ("查看未检查任务", ["task", "show", str(T_TODO)], "task.read", None, TODO),
    ("生成公开网站", ["publish", "--out", out("site")], "site.publish", 1, None),
    ("登记用户", ["user", "add", "新用户", "--role", "科室人员"], "user.manage", 1, None),
    ("任命安全管理员", ["user", "add", "新安全", "--role", "安全管理员"], "role.assign", 1, None),
    ("设立分局", ["unit", "add", "温县分局", "--region", "410825"], "unit.manage", 1, None),
    ("轮换密钥", ["key", "create", "--rotate"], "key.manage", 1, None),
    ("签名文件", ["key", "sign", os.path.join(TPL, "公示.csv"), "-o", out("公示.sig")], "key.sign", 1, None),
    ("备份", ["backup", out("b.db")], "backup", 1, None),
    ("恢复", ["restore", os.path.join(TPL, "backup.db"), "--force"], "restore", 1, None),
    # the demo also sets up branches and logins: it needs those rights too
    ("演示数据", ["demo", "--objects", "10", "--people", "10", "--out", out("demo")],
     ("demo", "unit.manage", "user.manage", "directory.write", "item.write"), 1, None),
    ("批准重新抽取", ["draw", "approve", "2", "--reason", "测试"], "draw.approve", 1, None),
    ("签发链头", ["audit", "head", "-o", out("head.json"), "--json"], "audit.sign", 1, None),
    ("核验审计链", ["audit", "verify"], "audit.read", 1, None),
    ("审计日志", ["audit", "log", "--limit", "3"], "audit.read", 1, None),
    ("包含证明", ["audit", "prove", "--entry", "1", "-o", out("proof.json")], "audit.read", 1, None),
    ("一致性证明", ["audit", "prove", "--from", "1", "--to", os.path.join(TPL, "head.json"), "--key", os.path.join(TPL, "pub.pem"),
              "-o", out("consistency.json")], "audit.read", 1, None),
    ("查看名录", ["list", "objects"], "directory.read", None, None),
    ("查看计划", ["plan", "show", "--year", "2025"], "plan.read", None, None),
    ("统计", ["stats", "--year", "2025"], "report.read", None, None),
]
codes = lambda a: a if isinstance(a, tuple) else (a,)
used = set(c for _, _, a, _, _ in OPS for c in codes(a))
if used - set(table):
    fail("actions not in docs/ROLES.md: %s" % (used - set(table)))
missing = set(table) - used
if missing:
    fail("docs/ROLES.md actions without an operation in the matrix: %s" % sorted(missing))

base = dump(db)
case = os.path.join(WORK, "case.db")
for label, args, action, unit, task in OPS:
    for who in IDENTITIES:
        for f in os.listdir(WORK):
            if f.startswith("case.db"):
                os.remove(os.path.join(WORK, f))
        shutil.rmtree(os.path.join(WORK, "o"), ignore_errors=True)
        os.makedirs(os.path.join(WORK, "o"))
        shutil.copy(db, case)
        shutil.copy(db + ".key", case + ".key")
        own = UNIT_ID[USERS[who][1]] if who in USERS else 1
        want = all(expected(who, c, unit if unit else own, task) for c in codes(action))
        rc, so, se = run(case, who, args, now=NOW)
        what = "%s（%s）as %s" % (label, action, who)
        if want:
            if "无权限" in se:
                fail("%s: refused, but docs/ROLES.md allows it: %s" % (what, se.strip()[:300]))
            else:
                passed += 1
        else:
            if rc == 0 or "无权限" not in se:
                fail("%s: not refused (exit %d), but docs/ROLES.md does not allow it: %s" % (what, rc, (se or so).strip()[:300]))
            elif dump(case) != base:
                fail("%s: refused but the database changed" % what)
            else:
                passed += 1

print("%d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)
