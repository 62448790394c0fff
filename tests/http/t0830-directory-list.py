#!/usr/bin/env python3
"""The directory lists (GET /api/{kind} and `suiji list`) against answers computed here, independently, from
the database's rows read with sqlite3: which entries each unit sees (an object or a person by the unit whose
jurisdiction holds its region code, a key object managed by the city by the city, a conflict by its person's
unit, items by everyone), as of a date or now (the current version, dated in the future or not), removed
entries left out, every filter (class, region within a code, tag, search text in the key or the name) alone
and combined, ordered by key, paged, with the total; and the same refusals (400) for a bad class, region,
tag or date. The data: 300 generated objects with their people, conflicts and items, then a batch of
renames, moves and class changes, a full import that deregisters some, and a rename dated next year."""
import csv
import io
import os
import sqlite3
import subprocess
import sys
import tempfile
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lib import ADMIN, SRC, SUIJI, Client, Env, check, finish  # noqa: E402

CHANGE_ZH = {"new": "新增", "changed": "变更", "deregistered": "注销", "suspended": "停产", "resumed": "恢复",
             "removed": "移出", "restored": "恢复"}
# per kind: table, the columns in field order with their API names, the key expression, the name column
KINDS = {
    "objects": ("object_version",
                [(c, c) for c in ("uscc", "name", "region", "industry", "class", "city_managed", "permit_class",
                                  "permit_no", "positive_list", "perf_grade", "pollutants", "monitoring", "status",
                                  "entity_type", "risk", "address", "prod_scale", "prod_cycle", "construction")],
                "name"),
    "people": ("person_version",
               [("pid", "id")] + [(c, c) for c in ("name", "kind", "cert_no", "unit", "department", "position",
                                                   "region", "years", "expertise", "active")], "name"),
    "conflicts": ("conflict_version", [(c, c) for c in ("person", "uscc", "reason")], None),
    "items": ("item_version", [(c, c) for c in ("code", "name", "department", "content", "legal_basis", "classes",
                                                "method")], "name"),
}
# the tag rule (core/plan.h, for any directory): a yes/no field named by the tag (市管 for city_managed) that
# is 是, an enumerated or industry field equal to it, a list field (、-separated) holding it
BOOLS = {"objects": {"city_managed": "市管", "positive_list": "正面清单"}, "people": {"active": "在岗"},
         "conflicts": {}, "items": {}}
EQUALS = {"objects": ("industry", "class", "permit_class", "perf_grade", "status", "entity_type", "risk",
                      "prod_scale", "prod_cycle", "construction"),
          "people": ("kind",), "conflicts": (), "items": ("method",)}
LISTS = {"objects": ("pollutants", "monitoring"), "people": ("expertise",), "conflicts": (), "items": ("classes",)}

with open(os.path.join(SRC, "data", "regions.csv"), encoding="utf-8") as f:
    PARENT = {r["code"]: r["parent"] for r in csv.DictReader(f)}


def within(jur, code):
    depth = 0
    while code in PARENT and depth < 8:
        if code == jur:
            return True
        code, depth = PARENT[code], depth + 1
    return False


def list_has(lst, v):
    while lst:
        i = lst.find("、")
        if (lst if i < 0 else lst[:i]) == v:
            return True
        lst = "" if i < 0 else lst[i + 1:]
    return False


def has_tag(kind, r, tag):
    for col, zh in BOOLS[kind].items():
        if r[col] == "是" and tag == zh:
            return True
    if any(r[c] == tag for c in EQUALS[kind]):
        return True
    return any(list_has(r[c], tag) for c in LISTS[kind])


class Model:
    def __init__(self, db):
        c = sqlite3.connect(db)
        c.row_factory = sqlite3.Row
        self.units = [dict(u) for u in c.execute("SELECT id, parent, regions FROM unit ORDER BY id")]
        self.rows = {}
        for kind, (table, cols, _) in KINDS.items():
            self.rows[kind] = [{k: ("" if r[k] is None else r[k]) for k in r.keys()}
                               for r in c.execute(f"SELECT t.*, t.k AS k FROM {table} t JOIN batch b ON b.id = t.batch_id")]
        c.close()

    def unit_of(self, region, city_key):
        top = next(u["id"] for u in self.units if not u["parent"])
        if city_key:
            return top
        for u in self.units:
            if u["parent"] and region in u["regions"].split(","):
                return u["id"]
        return top

    def under(self, u, top):
        parent = {x["id"]: x["parent"] for x in self.units}
        while u:
            if u == top:
                return True
            u = parent.get(u)
        return False

    def sees(self, unit, kind, r):
        if not next(u for u in self.units if u["id"] == unit)["parent"] or kind == "items":
            return True
        if kind == "objects":
            return self.under(self.unit_of(r["region"], r["class"] == "重点" and r["city_managed"] == "是"), unit)
        if kind == "people":
            return self.under(self.unit_of(r["region"], False), unit)
        p = [x for x in self.rows["people"] if x["k"] == r["person"] and x["valid_to"] == ""]
        return bool(p) and self.under(self.unit_of(p[0]["region"], False), unit)

    def answer(self, unit, kind, f):
        table, cols, name = KINDS[kind]
        as_of = f.get("as_of")
        out = []
        for r in self.rows[kind]:
            if as_of and not (r["valid_from"] <= as_of and (r["valid_to"] == "" or r["valid_to"] > as_of)):
                continue
            if not as_of and r["valid_to"] != "":
                continue
            if r["removed"]:
                continue
            if "class" in f and r["class"] != f["class"]:
                continue
            if "region" in f and not within(f["region"], r["region"]):
                continue
            if "tag" in f and not has_tag(kind, r, f["tag"]):
                continue
            q = f.get("q")
            if q and q not in r["k"] and not (name and q in r[name]):
                continue
            if not self.sees(unit, kind, r):
                continue
            out.append(r)
        out.sort(key=lambda r: r["k"].encode())
        page, size = int(f.get("page", 1)), int(f.get("size", 20))
        rows = [dict({api: r[col] for col, api in cols}, key=r["k"], valid_from=r["valid_from"],
                     change=CHANGE_ZH.get(r["change"], r["change"])) for r in out[(page - 1) * size:page * size]]
        return len(out), rows


def rewrite(src, dst, fn):
    """Copies the CSV src to dst, each data row through fn(index, row) (None drops it)."""
    with open(src, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    with open(dst, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(rows[0])
        for i, r in enumerate(rows[1:]):
            r = fn(i, list(r))
            if r is not None:
                w.writerow(r)
    return rows


env = Env()
try:
    d = tempfile.mkdtemp(dir=env.dir)
    env.cli("demo", "--files-only", "--objects", "300", "--out", d)
    env.cli("unit", "add", "温县分局", "--region", "410825,410823")
    for kind in ("objects", "people", "items", "conflicts"):
        env.cli("import", kind, os.path.join(d, kind + ".csv"), "--date", "2026-01-01")

    # people: some move from 修武 to 沁阳; one who has a conflict leaves the directory (full import)
    people = rewrite(os.path.join(d, "people.csv"), os.path.join(d, "p2.csv"),
                     lambda i, r: r[:7] + ["410882" if r[7] == "410821" and i % 2 else r[7]] + r[8:])
    gone = people[1 + 5][0]
    env.cli("import", "people", os.path.join(d, "p2.csv"), "--date", "2026-06-01")
    objs = rewrite(os.path.join(d, "objects.csv"), os.path.join(d, "o.csv"), lambda i, r: r)
    # conflicts of people in every unit with objects in every unit, the one who leaves included
    with open(os.path.join(d, "c2.csv"), "w", encoding="utf-8") as f:
        f.write("人员编号,统一社会信用代码,原因\n")
        for i in range(40):
            f.write(f"{people[1 + (i * 7) % (len(people) - 1)][0]},{objs[1 + (i * 13) % 300][0]},曾在该单位工作\n")
        f.write(f"{gone},{objs[2][0]},近亲属在该单位任职\n")
    env.cli("import", "conflicts", os.path.join(d, "c2.csv"), "--date", "2026-06-01")
    rewrite(os.path.join(d, "p2.csv"), os.path.join(d, "p3.csv"), lambda i, r: None if r[0] == gone else r)
    env.cli("import", "people", os.path.join(d, "p3.csv"), "--date", "2026-09-01", "--full")

    def changed(i, r):
        if i % 10 == 0:
            r[1] += "（更名）"
        elif i % 10 == 1 and r[4] == "一般":
            r[4], r[5] = "重点", "是"  # a key object managed by the city: the city's
        elif i % 10 == 2:
            r[2] = "410821"  # moves into 修武
        elif i % 10 == 3:
            r[12] = "停产"
        return r
    rewrite(os.path.join(d, "objects.csv"), os.path.join(d, "o2.csv"), changed)
    env.cli("import", "objects", os.path.join(d, "o2.csv"), "--date", "2026-06-01")
    rewrite(os.path.join(d, "o2.csv"), os.path.join(d, "o3.csv"), lambda i, r: None if i % 15 == 4 else r)
    env.cli("import", "objects", os.path.join(d, "o3.csv"), "--date", "2026-09-01", "--full")
    rewrite(os.path.join(d, "o3.csv"), os.path.join(d, "o4.csv"),
            lambda i, r: r[:1] + [r[1] + "（新）" if i % 20 == 5 else r[1]] + r[2:])
    env.cli("import", "objects", os.path.join(d, "o4.csv"), "--date", "2027-03-01")

    model = Model(env.db)
    check(any(r["valid_from"] == "2027-03-01" for r in model.rows["objects"]), "有生效日期在明年的版本")
    check(any(r["removed"] for r in model.rows["objects"]) and any(r["removed"] for r in model.rows["people"]),
          "有被移出的条目")
    env.start()
    units = {u["id"]: u for u in model.units}
    xiuwu = next(i for i, u in units.items() if u["regions"] == "410821")
    clients = []
    for name, unit, as_unit in ((ADMIN, 1, None), ("科员甲", 1, None), ("分局甲", xiuwu, None),
                                ("分局乙", next(i for i, u in units.items() if u["regions"] == "410882"), None),
                                (ADMIN, xiuwu, str(xiuwu)),
                                (ADMIN, next(i for i, u in units.items() if u["regions"] == "410825,410823"),
                                 "温县分局")):
        c = Client(env)
        check(c.signin(name)[0] == 200, f"{name} 登录")
        clients.append((name, unit, as_unit, c))

    o = model.rows["objects"]
    name_part = next(r["name"] for r in o if r["valid_to"] == "")[2:5]
    filters = {
        "objects": [{}, {"size": "7", "page": "2"}, {"size": "500"}, {"page": "40"}, {"class": "重点"},
                    {"class": "一般", "size": "50"}, {"class": "特殊"}, {"region": "410821"}, {"region": "410800"},
                    {"region": "410000", "size": "3", "page": "5"}, {"region": "410882", "class": "重点"},
                    {"tag": "市管"}, {"tag": "正面清单"}, {"tag": "废水", "size": "30"}, {"tag": "在线监控"},
                    {"tag": "重点管理"}, {"tag": "小微企业"}, {"tag": "高"}, {"tag": "停产"}, {"tag": "注销"},
                    {"tag": "8111"}, {"tag": "0000"}, {"tag": "危险废物", "region": "410883"},
                    {"q": "汽车"}, {"q": "更名", "size": "100"}, {"q": "9141082"}, {"q": "MC"}, {"q": "mc"},
                    {"q": name_part}, {"q": "%"}, {"q": "（新）"}, {"q": "汽车", "class": "一般", "tag": "废水"},
                    {"as_of": "2026-03-01"}, {"as_of": "2026-07-01", "q": "更名"}, {"as_of": "2026-12-31"},
                    {"as_of": "2027-03-01", "q": "（新）"}, {"as_of": "2025-06-01"},
                    {"as_of": "2026-10-01", "class": "重点", "region": "410821", "size": "5"},
                    {"as_of": "2026-06-01", "tag": "市管"}],
        "people": [{}, {"size": "500"}, {"region": "410821"}, {"region": "410882"}, {"tag": "执法"},
                   {"tag": "在岗"}, {"tag": "辐射"}, {"q": "P000"}, {"q": "李"},
                   {"as_of": "2026-03-01"}, {"as_of": "2026-07-01", "region": "410882"}],
        "conflicts": [{}, {"size": "500"}, {"q": "P00"}, {"q": objs[2][0][:10]}, {"as_of": "2026-03-01"},
                      {"as_of": "2026-07-01", "size": "500"}],
        "items": [{}, {"tag": "重点"}, {"tag": "全部"}, {"tag": "现场"}, {"q": "检查"}, {"q": "JZ"}],
    }
    bad = {"objects": [{"class": "不存在"}, {"tag": "不存在"}, {"region": "999999"}, {"as_of": "2026-02-30"}],
           "people": [{"tag": "没有这种专长"}, {"tag": "执法、辐射"}, {"class": "一般"}], "items": [{"region": "410821"}]}
    n = 0
    for name, unit, as_unit, c in clients:
        for kind, fs in filters.items():
            for f in fs:
                qs = dict(f, unit=as_unit) if as_unit else f
                path = f"/api/{kind}?" + urllib.parse.urlencode(qs) if qs else f"/api/{kind}"
                st, j = c.req("GET", path)
                total, rows = model.answer(unit, kind, f)
                n += 1
                ok = check(st == 200 and j["total"] == total and [r["key"] for r in j["rows"]] ==
                           [r["key"] for r in rows], f"{name} GET {path}: {st} 应为 {total} 条 "
                           f"{[r['key'] for r in rows][:5]}…，得到 {j if st != 200 else (j['total'], [r['key'] for r in j['rows']][:5])}")
                if ok:
                    check(j["rows"] == rows, f"{name} GET {path}: 行的内容 {j['rows'][:1]} 应为 {rows[:1]}")
            for f in bad.get(kind, []):
                st, j = c.req("GET", f"/api/{kind}?" + urllib.parse.urlencode(f))
                check(st == 400 and isinstance(j, dict) and j.get("error"), f"{name} GET /api/{kind} {f}: 应为 400: {st} {j}")
    check(n > 300, f"比较了 {n} 个列表")
    check(sum(1 for name, unit, as_unit, c in clients for kind, fs in filters.items() for f in fs
              if model.answer(unit, kind, f)[0]) > 200, "大多数列表非空")

    # the command line lists through the same operation: its totals and lines
    for actor, unit, args, f in ((ADMIN, 1, ["objects", "--class", "重点"], {"class": "重点", "size": "50"}),
                                 (ADMIN, 1, ["objects", "--tag", "废水", "--region", "410821"],
                                  {"tag": "废水", "region": "410821", "size": "50"}),
                                 ("分局甲", xiuwu, ["objects", "--limit", "0"], {}),
                                 ("分局乙", unit, ["conflicts", "--limit", "0"], {}),
                                 (ADMIN, 1, ["objects", "--as-of", "2026-07-01", "--offset", "10", "--limit", "5"],
                                  {"as_of": "2026-07-01", "page": "3", "size": "5"})):
        if actor == "分局乙":
            unit = next(i for i, u in units.items() if u["regions"] == "410882")
        out = env.cli("list", *args, actor=actor)
        total, rows = model.answer(unit, args[0], dict(f, size="1000000") if "size" not in f else f)
        keys = [line.split()[0] if args[0] != "conflicts" else "/".join(line.split()[:2])
                for line in out.splitlines()[:-1]]
        check(out.splitlines()[-1].startswith(f"共 {total} 条") and keys == [r["key"] for r in rows],
              f"suiji list {' '.join(args)}（{actor}）: {out.splitlines()[-1]} {keys[:3]} 应为 {total} {[r['key'] for r in rows][:3]}")
    check(env.stop() == 0, "SIGTERM 后应正常退出")
finally:
    env.cleanup()
finish()
