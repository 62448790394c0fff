#!/usr/bin/env python3
"""The public portal's search (GET /public/api/search) and one object's records (GET /public/api/objects/{uscc})
against answers computed here, independently, from the published records read with sqlite3: an object is
found when one of its published records has the term in its credit code or in its name (spaces, tabs and
ideographic spaces ignored, Latin letters in either case, literally); only the records that match are listed,
by end date then task; objects by credit code, paged, with the total; a withheld result is never found. The
data: 40 drawn objects published, one withheld, then three of them renamed (Latin letters and spaces in the new
names) and inspected again (targeted), so that they carry two records with different names."""
import csv
import json
import os
import sqlite3
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import Client, Env, check, finish, server_today  # noqa: E402

TODAY = server_today("2026-05-13T10:00:00+08:00")
YEAR = TODAY[:4]
QUARTER = f"{YEAR}Q{(int(TODAY[5:7]) - 1) // 3 + 1}"


def ascii_upper(s):
    return "".join(chr(ord(c) - 32) if "a" <= c <= "z" else c for c in s)


def needle_of(q):
    return ascii_upper(q.replace(" ", "").replace("\t", "").replace("\u3000", ""))


def search(db, q, page=1, size=20):
    """(total objects, [(uscc, [task ids])] of the page) as the portal should answer."""
    n = needle_of(q)
    c = sqlite3.connect(db)
    found = {}
    for task, rec in c.execute("SELECT task_id, record FROM disclosure WHERE decision = '公开'"):
        r = json.loads(rec)
        name = ascii_upper(r["name"].replace(" ", "").replace("\t", "").replace("\u3000", ""))
        if n in ascii_upper(r["uscc"]) or n in name:
            found.setdefault(r["uscc"], []).append((r["end_date"], task))
    c.close()
    objs = sorted(found)
    return len(objs), [(u, [t for _, t in sorted(found[u])]) for u in objs[(page - 1) * size:page * size]]


env = Env()
try:
    d = tempfile.mkdtemp(dir=env.dir)
    env.cli("demo", "--files-only", "--objects", "300", "--out", d)
    env.cli("import", "objects", os.path.join(d, "objects.csv"), "--date", "2026-01-01")
    env.cli("import", "items", os.path.join(d, "items.csv"), "--date", "2026-01-01")
    with open(os.path.join(d, "items.csv"), encoding="utf-8") as f:
        item = list(csv.reader(f))[1][0]
    env.cli("plan", "new", "--year", YEAR, "--date", TODAY)
    env.cli("plan", "line", "add", "--year", YEAR, "--name", "一般单位抽查", "--items", item, "--count", "40",
            "--class", "一般")
    env.cli("plan", "file", "--year", YEAR, "--out-dir", d)
    env.cli("draw", "announce", "--year", YEAR, "--lines", "1", "--period", QUARTER, "--beacon-source", "福彩3D")
    env.cli("draw", "run", "1", "--beacon", "5 2 8")
    tasks = [line.split()[0] for line in env.cli("task", "list", "--draw", "1").splitlines() if line[:1].isdigit()]
    check(len(tasks) == 40, f"抽取40项任务: {len(tasks)}")
    for t in tasks:
        env.cli("result", "record", t, "--result", "未发现问题", "--date", TODAY)
    env.cli("disclosure", "withhold", tasks[0], "--reason", "涉及公共安全", "--note", "测试")
    env.cli("disclosure", "publish", *tasks[1:])

    c = sqlite3.connect(env.db)
    code = {t: u for t, u in c.execute("SELECT id, uscc FROM task")}
    withheld = c.execute("SELECT name FROM object_version WHERE uscc = ? AND valid_to IS NULL",
                         (code[int(tasks[0])],)).fetchone()[0]
    c.close()
    # three published objects renamed, inspected again and published: two records, two names
    renamed = {code[int(tasks[1])]: "Abc 测试　化工 有限公司", code[int(tasks[2])]: "abc测试纸业有限公司",
               code[int(tasks[3])]: "修武 百分之%_化工"}
    with open(os.path.join(d, "objects.csv"), encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with open(os.path.join(d, "o2.csv"), "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(rows[0])
        for r in rows[1:]:
            w.writerow([r[0], renamed.get(r[0], r[1])] + r[2:])
    env.cli("import", "objects", os.path.join(d, "o2.csv"), "--date", TODAY)
    again = []
    for u in renamed:
        env.cli("targeted", "add", "--uscc", u, "--trigger", "信访投诉举报", "--reference", "XF-1", "--items", item,
                "--team", "P0001,P0002")
        tid = [line.split()[0] for line in env.cli("task", "list", "--object", u).splitlines() if line[:1].isdigit()][-1]
        env.cli("result", "record", tid, "--result", "未发现问题", "--date", TODAY)
        again.append(tid)
    env.cli("disclosure", "publish", *again)

    env.start()
    anon = Client(env)
    c = sqlite3.connect(env.db)
    names = [json.loads(r)["name"] for (r,) in c.execute("SELECT record FROM disclosure WHERE decision = '公开'")]
    c.close()
    some = sorted(code[int(t)] for t in tasks[1:])
    terms = [("9141", 1, 20), ("9141", 2, 7), ("9141", 3, 20), ("9141", 1, 50), ("9141", 9, 5), ("914108", 1, 20),
             (some[5], 1, 20), (some[5].lower(), 1, 20), (some[7][:12], 1, 20), ("ma", 1, 20), ("汽车", 1, 20),
             ("有限公司", 2, 10), ("有限 公司", 1, 20), ("abc", 1, 20), ("ABC测试", 1, 20), ("abc 测试", 1, 20),
             ("化工有限公司", 1, 20), ("测试化工", 1, 20), ("%", 1, 20), ("%_", 1, 20), ("_", 1, 20),
             (withheld, 1, 20), (withheld[2:6], 1, 20), (names[4][3:7], 1, 20), (names[9], 1, 20),
             (names[12][:2], 1, 50), ("没有这样的单位", 1, 20)]
    for q, page, size in terms:
        st, j = anon.req("GET", f"/public/api/search?q={urllib.parse.quote(q, safe='')}&page={page}&size={size}")
        total, want = search(env.db, q, page, size)
        got = (j["total"], [(r["uscc"], [str(x["task"]) for x in r["results"]]) for r in j["rows"]]) if st == 200 else (st, j)
        check(got == (total, [(u, [str(t) for t in ts]) for u, ts in want]),
              f"门户查询 {q!r} 第{page}页（每页{size}）: {got} 应为 {(total, want)}")
    check(search(env.db, "abc", 1, 20)[0] == 2 and search(env.db, "9141", 1, 100)[0] > 30,
          f"数据: 更名的对象与全部对象 {search(env.db, 'abc', 1, 20)[0]} {search(env.db, '9141', 1, 100)[0]}")
    check(search(env.db, withheld, 1, 20)[0] == 0 or withheld in names, "不予公开的对象的名称不应被找到")
    for u in some[:5] + list(renamed):
        st, j = anon.req("GET", f"/public/api/objects/{u}")
        _, want = search(env.db, u, 1, 20)
        check(st == 200 and [str(x["task"]) for x in j["results"]] == [str(t) for t in want[0][1]],
              f"门户对象 {u}: {st} {j if st != 200 else [x['task'] for x in j['results']]} 应为 {want}")
    check(env.stop() == 0, "SIGTERM 后应正常退出")
finally:
    env.cleanup()
finish()
