#!/usr/bin/env python3
"""Generates the draw protocol's test vectors (docs/draw-vectors/) and random draw inputs.

This file implements the generator of the published test vectors: small hand-made frames, each
aimed at one rule of docs/DRAW.md, turned into packages by tools/verify.py (the Python
implementation), plus tampered copies that a verifier must refuse. The C implementation must then
verify every valid package and compute the same bytes: tests/cli/t0401-verify.sh checks that.

    python3 tools/make-vectors.py [DIR]       writes DIR (default docs/draw-vectors) and its index
    python3 tools/make-vectors.py --random N  prints random inputs (seed N) for cross-checks
    python3 tools/make-vectors.py --mutate N  prints random inputs with one random defect (seed N):
                                              both verifiers must refuse them with the same message

The output is deterministic: running it again rewrites identical files.
"""

import copy
import hashlib
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify  # noqa: E402  (tools/verify.py)

ORG = "焦作市生态环境局"
ANNOUNCED = "2025-01-05T09:00:00+08:00"
SOURCE = "福彩3D 2025-01-06 开奖号码"
BEACON = "2 7 5"


def salt_of(name):
    """A fixed salt per vector, derived from its name (real salts come from RAND_bytes)."""
    return hashlib.sha256(("suiji test vector salt: " + name).encode("utf-8")).digest()


def uscc(i):
    """Distinct 18-character codes shaped like credit codes (the protocol does not check them)."""
    return "914108%02dMA%08d" % (21 + i % 10, 1000 + i)


def obj(region, needs=(), positive=False, **extra):
    o = {"region": region, "positive_list": positive, "needs": list(needs)}
    o.update(extra)
    return o


def officer(pid, region, *expertise, **extra):
    o = {"id": pid, "region": region, "expertise": list(expertise)}
    o.update(extra)
    return o


def base(objects, strata, officers, experts=(), conflicts=(), previous=(), team_size=2, cross_region=False,
         experts_per_visit=0, slots=("2025-01", "2025-02", "2025-03")):
    return {
        "period": {"label": "2025Q1", "slots": list(slots)},
        "strata": strata,
        "objects": objects,
        "officers": list(officers),
        "experts": list(experts),
        "conflicts": [list(p) for p in conflicts],
        "previous": [list(p) for p in previous],
        "rules": {"team_size": team_size, "cross_region": cross_region, "experts_per_visit": experts_per_visit},
    }


def stratum(sid, quota, usccs, weights=None):
    return {"id": sid, "quota": quota,
            "members": [{"uscc": u, "weight": (weights or {}).get(u, 1)} for u in usccs]}


REGIONS = ["410821", "410822", "410823", "410882", "410883"]
NEEDS = ["水", "大气", "土壤", "固废", "辐射", "噪声"]


def standard_officers(n=10):
    out = []
    for i in range(n):
        exp = [NEEDS[i % 4]] + ([NEEDS[(i + 1) % 4]] if i % 3 == 0 else [])
        out.append(officer("P%04d" % (i + 1), "410800" if i % 5 == 0 else REGIONS[i % len(REGIONS)], *exp))
    return out


def valid_vectors():
    """(name, what it checks, inputs, beacon)."""
    v = []

    # Chinese names, several strata, weights above 1, an object in two strata (one visit).
    objs = {}
    for i in range(12):
        objs[uscc(i)] = obj(REGIONS[i % len(REGIONS)], [NEEDS[i % 3]] if i % 2 else [],
                            positive=(i % 7 == 3), name="焦作示范企业%02d有限公司" % i)
    key = [uscc(i) for i in range(0, 6)]
    general = [uscc(i) for i in range(3, 12)]
    v.append(("basic-chinese", "中文名称、多个层、权重大于 1、对象同时入选多层（合并为一次检查，key 取入选各层中最小者）、正面清单为非现场",
              base(objs, [stratum("重点排污单位", 3, key, {uscc(1): 5, uscc(4): 3}),
                          stratum("一般排污单位", 7, general, {uscc(5): 100, uscc(8): 2}),
                          stratum("专项检查", 99, [uscc(i) for i in (0, 1, 2, 3, 4, 5, 11)])],
                   standard_officers(8)), BEACON))

    # The same frame with the beacon of another day: everything changes, verification still passes.
    v.append(("other-beacon", "同一名录、另一公开随机数（结果全变，仍可核验）", copy.deepcopy(v[0][2]), "8 0 1"))

    # quota 0 and a quota at or above the member count.
    objs = {uscc(i): obj(REGIONS[i % 3]) for i in range(6)}
    v.append(("quota-zero-and-all", "配额为 0 的层不抽；配额大于成员数的层全部入选",
              base(objs, [stratum("zero", 0, [uscc(i) for i in range(6)]),
                          stratum("all", 9, [uscc(i) for i in range(4)]),
                          stratum("exact", 2, [uscc(4), uscc(5)])],
                   standard_officers(4)), BEACON))

    # Experts, unmet needs (no officer with 辐射; more needs than seats).
    objs = {uscc(i): obj(REGIONS[i % 3], ["辐射", "水"] if i % 2 else ["水", "大气", "土壤", "固废"])
            for i in range(6)}
    experts = [{"id": "E%03d" % (i + 1), "expertise": ["辐射"] if i % 2 else ["监测"]} for i in range(3)]
    v.append(("experts-unmet", "专家随行（每次 2 名）、无人具备的专业与席位不足时列入 unmet、专家不抵消 unmet",
              base(objs, [stratum("all", 6, list(objs))], standard_officers(6), experts=experts,
                   team_size=2, experts_per_visit=2), BEACON))

    # Conflicts and previous pairings, including people and objects absent from the frame.
    objs = {uscc(i): obj(REGIONS[i % 2]) for i in range(8)}
    offs = standard_officers(6)
    conflicts = [("P0001", uscc(0)), ("P0002", uscc(0)), ("P0003", uscc(1)), ("P9999", uscc(2)),
                 ("P0004", "91410800MA99999999"), ("E001", uscc(3))]
    previous = [("P0005", uscc(0)), ("P0006", uscc(1)), ("P0001", uscc(1)), ("E002", uscc(4))]
    experts = [{"id": "E001", "expertise": []}, {"id": "E002", "expertise": []}]
    v.append(("conflicts-previous", "回避关系与上次检查人员不得再配对；名录外的人员或对象不影响结果",
              base(objs, [stratum("all", 8, list(objs))], offs, experts=experts, conflicts=conflicts,
                   previous=previous, experts_per_visit=1), BEACON))

    # Cross-region on: a county officer never inspects his own county; a city officer (410800) may.
    objs = {uscc(i): obj(["410821", "410822", "410800"][i % 3], ["水"]) for i in range(9)}
    offs = [officer("P0001", "410821", "水"), officer("P0002", "410821", "大气"),
            officer("P0003", "410822", "水"), officer("P0004", "410800", "大气"),
            officer("P0005", "410822", "大气")]
    v.append(("cross-region-on", "跨区域开启：县级人员不查本县；市级人员（410800）可查县内对象",
              base(objs, [stratum("all", 9, list(objs))], offs, cross_region=True), BEACON))
    v.append(("cross-region-off", "跨区域关闭：同一名录，本县人员可查本县",
              base(copy.deepcopy(objs), [stratum("all", 9, list(objs))], copy.deepcopy(offs),
                   cross_region=False), BEACON))

    # Too few eligible officers: the team stays empty, nothing is relaxed; experts are not sent.
    objs = {uscc(i): obj("410821" if i < 3 else "410822", ["水"]) for i in range(5)}
    offs = [officer("P0001", "410821", "水"), officer("P0002", "410821"), officer("P0003", "410822", "水")]
    v.append(("too-few-officers", "符合条件的人员少于 team_size：team 为空、reason 为 too_few_eligible、不派专家",
              base(objs, [stratum("all", 5, list(objs))], offs, experts=[{"id": "E001", "expertise": []}],
                   conflicts=[("P0003", uscc(0))], team_size=2, cross_region=True, experts_per_visit=1),
              BEACON))

    # Needs order, duplicate needs, an officer with a need twice, team of 3, one slot.
    objs = {uscc(i): obj(REGIONS[i % 3], ["大气", "水", "大气"] if i % 2 else ["固废"]) for i in range(7)}
    offs = standard_officers(9) + [officer("P0100", "410883", "水", "水", "大气")]
    v.append(("needs-order", "按 needs 顺序配专业、重复的需求、专业重复的人员、三人小组、只有一个时段",
              base(objs, [stratum("all", 7, list(objs))], offs, team_size=3, slots=["2025-03"]), BEACON))

    # Escaping in canonical JSON: quotes, backslashes, slashes and non-ASCII in ids and extra fields.
    objs = {uscc(0): obj("410821", ['水"质"'], note='引号"与反斜杠\\，斜杠/'),
            uscc(1): obj("410822", ["a\\b"]), uscc(2): obj("410823")}
    offs = [officer('P"1"', "410800", '水"质"'), officer("P\\2", "410821", "a\\b"), officer("P/3", "410822")]
    v.append(("escaping", "规范 JSON 的转义：标识符与附加字段中的引号、反斜杠、斜杠和中文",
              base(objs, [stratum('层"一"\\', 3, list(objs))], offs, cross_region=True), 'beacon "引号" \\ 与空格 '))

    # Many weights: the weight-100 member costs 100 MACs and usually wins.
    objs = {uscc(i): obj(REGIONS[i % 5]) for i in range(10)}
    weights = {uscc(i): [1, 100, 50, 2, 3, 1, 7, 1, 99, 1][i] for i in range(10)}
    v.append(("weights", "权重 1–100：按 A-Res 的整数权重（取 w 个 H 值的最小值）",
              base(objs, [stratum("weighted", 3, list(objs), weights)], standard_officers(5)), BEACON))

    # Empty frame edge cases: no strata at all.
    v.append(("no-strata", "没有层：结果为空列表",
              base({}, [], standard_officers(2)), BEACON))
    return v


def _officer_region(inputs, pid):
    return next(p["region"] for p in inputs["officers"] if p["id"] == pid)


# What each valid vector must show, so that a change of generator cannot quietly empty it of meaning.
CHECKS = {
    "basic-chinese": lambda i, r: any(len(v["strata"]) == 3 for v in r)
    and any(len(v["strata"]) == 2 for v in r) and any(v["mode"] == "非现场" for v in r),
    "quota-zero-and-all": lambda i, r: len(r) == 6 and not any("zero" in v["strata"] for v in r),
    "experts-unmet": lambda i, r: all(v["unmet"] and len(v["experts"]) == 2 for v in r)
    and any("辐射" in v["unmet"] for v in r),
    "conflicts-previous": lambda i, r: all(
        [p, v["uscc"]] not in i["conflicts"] + i["previous"] for v in r for p in v["team"] + v["experts"]),
    "cross-region-on": lambda i, r: all(
        _officer_region(i, p) != i["objects"][v["uscc"]]["region"] for v in r for p in v["team"])
    and any(_officer_region(i, p) == "410800" and i["objects"][v["uscc"]]["region"] != "410800"
            for v in r for p in v["team"]),
    "cross-region-off": lambda i, r: any(
        _officer_region(i, p) == i["objects"][v["uscc"]]["region"] for v in r for p in v["team"]),
    "too-few-officers": lambda i, r: any(v["reason"] == "too_few_eligible" and not v["team"]
                                         and not v["experts"] for v in r)
    and any(v["reason"] is None and v["experts"] for v in r),
    "needs-order": lambda i, r: all(len(v["team"]) == 3 and v["slot"] == "2025-03" for v in r),
    "no-strata": lambda i, r: r == [],
}


def package(name, inputs, beacon):
    return verify.make_package(inputs, salt_of(name), beacon, SOURCE, ANNOUNCED, ORG)


def tampered_vectors(good):
    """(name, what, package or raw bytes, keyword a verifier's message must contain)."""
    out = []
    pkg = good["basic-chinese"]

    p = copy.deepcopy(pkg)
    p["reveal"]["salt"] = hashlib.sha256(b"another salt").hexdigest()
    out.append(("bad-salt", "换了盐值：与 salt_commitment 不符", p, "salt_commitment 不符"))

    p = copy.deepcopy(pkg)
    p["inputs"]["strata"][1]["members"][0]["weight"] = 2
    out.append(("bad-inputs", "事后改了名录（一个权重 1→2）：与 inputs_hash 不符", p, "inputs_hash 不符"))

    p = copy.deepcopy(pkg)
    v = p["result"]["visits"]
    v[1]["team"] = list(reversed(v[1]["team"]))
    out.append(("bad-result-team", "改了一个检查组（人员顺序）", p, "result.visits[1].team 不一致"))

    p = copy.deepcopy(pkg)
    p["result"]["visits"][0], p["result"]["visits"][2] = p["result"]["visits"][2], p["result"]["visits"][0]
    out.append(("bad-result-order", "调换了两个检查对象的次序", p, "result.visits[0].key 不一致"))

    p = copy.deepcopy(pkg)
    del p["result"]["visits"][-1]
    out.append(("bad-result-dropped", "删去了最后一个检查对象", p, "result.visits 的元素个数不一致"))

    p = copy.deepcopy(pkg)
    p["reveal"]["beacon_value"] = "2 7 6"
    out.append(("bad-beacon", "换了公开随机数：重新计算的结果不同", p, "result.visits[0]"))

    p = copy.deepcopy(pkg)
    p["protocol"] = "suiji-draw-v0"
    out.append(("bad-protocol", "协议名称不是 suiji-draw-v1", p, "protocol"))

    # A duplicate key: the text is written by hand, json cannot produce it.
    text = verify.cj(pkg).decode("utf-8")
    first = '"quota":3}'
    assert first in text
    dup = text.replace(first, '"quota":3,"quota":30}', 1)
    out.append(("bad-duplicate-key", "JSON 中有重复的键（quota 出现两次）", dup.encode("utf-8"), "重复"))

    # A real number where an integer belongs.
    assert '"weight":5}' in text
    real = text.replace('"weight":5}', '"weight":5.0}', 1)
    out.append(("bad-real", "权重写成小数 5.0：协议不允许浮点数", real.encode("utf-8"), "小数"))

    # A bad weight with a consistent announcement: the inputs themselves are refused.
    inputs = copy.deepcopy(pkg["inputs"])
    inputs["strata"][0]["members"][1]["weight"] = 0
    p = verify.make_package(inputs, salt_of("bad-weight"), BEACON, SOURCE, ANNOUNCED, ORG, result={"visits": []})
    out.append(("bad-weight", "权重为 0（公告哈希一致，但名录本身无效）", p,
                "inputs.strata[0].members[1].weight 应为 1 到 100 的整数"))

    inputs = copy.deepcopy(pkg["inputs"])
    inputs["strata"][0]["members"][0]["weight"] = True
    p = verify.make_package(inputs, salt_of("bad-weight-bool"), BEACON, SOURCE, ANNOUNCED, ORG,
                            result={"visits": []})
    out.append(("bad-weight-bool", "权重为 true（布尔值不是整数）", p, "weight 应为 1 到 100 的整数"))

    inputs = copy.deepcopy(pkg["inputs"])
    inputs["strata"][1]["members"].append(copy.deepcopy(inputs["strata"][1]["members"][2]))
    p = verify.make_package(inputs, salt_of("bad-duplicate-member"), BEACON, SOURCE, ANNOUNCED, ORG,
                            result={"visits": []})
    out.append(("bad-duplicate-member", "同一层中成员重复", p, "在该层中重复"))

    inputs = copy.deepcopy(pkg["inputs"])
    inputs["experts"] = [{"id": "P0003", "expertise": []}]
    p = verify.make_package(inputs, salt_of("bad-duplicate-person"), BEACON, SOURCE, ANNOUNCED, ORG,
                            result={"visits": []})
    out.append(("bad-duplicate-person", "专家与执法人员编号重复", p, "inputs.experts[0].id “P0003” 重复"))

    inputs = copy.deepcopy(pkg["inputs"])
    inputs["period"]["slots"] = []
    p = verify.make_package(inputs, salt_of("bad-empty-slots"), BEACON, SOURCE, ANNOUNCED, ORG,
                            result={"visits": []})
    out.append(("bad-empty-slots", "时段列表为空", p, "inputs.period.slots 不能为空"))

    inputs = copy.deepcopy(pkg["inputs"])
    del inputs["objects"][uscc(4)]
    p = verify.make_package(inputs, salt_of("bad-missing-object"), BEACON, SOURCE, ANNOUNCED, ORG,
                            result={"visits": []})
    out.append(("bad-missing-object", "成员在 objects 中没有条目", p, "在 inputs.objects 中没有条目"))

    assert '"2 7 5"' in text
    control = text.replace('"2 7 5"', '"2\\t7 5"', 1)
    out.append(("bad-control-char", "公开随机数中含有制表符（低于 U+0020 的字符）", control.encode("utf-8"), "控制字符"))

    out.append(("bad-truncated", "文件被截断", text[: len(text) // 2].encode("utf-8"), "JSON"))
    return out


def write_json(path, value):
    with open(path, "wb") as f:
        f.write(json.dumps(value, ensure_ascii=False, indent=1, sort_keys=True).encode("utf-8") + b"\n")


def main(argv):
    if len(argv) == 3 and argv[1] == "--random":
        sys.stdout.buffer.write(verify.cj(random_inputs(int(argv[2]))) + b"\n")
        return 0
    if len(argv) == 3 and argv[1] == "--mutate":
        sys.stdout.buffer.write(verify.cj(mutated_inputs(int(argv[2]))) + b"\n")
        return 0
    here = os.path.dirname(os.path.abspath(__file__))
    out = argv[1] if len(argv) > 1 else os.path.join(here, "..", "docs", "draw-vectors")
    os.makedirs(out, exist_ok=True)
    index = ["# name\texpected\tkeyword (in the message of a refused package)\twhat it checks"]
    good = {}
    for name, what, inputs, beacon in valid_vectors():
        verify.validate(inputs)
        p = package(name, inputs, beacon)
        verify.verify_package(p)
        if name in CHECKS and not CHECKS[name](inputs, p["result"]["visits"]):
            raise SystemExit("vector %s does not show what it is meant to check" % name)
        good[name] = p
        write_json(os.path.join(out, name + ".json"), p)
        index.append("%s\tpass\t-\t%s" % (name, what))
    for name, what, p, keyword in tampered_vectors(good):
        path = os.path.join(out, name + ".json")
        if isinstance(p, bytes):
            with open(path, "wb") as f:
                f.write(p + b"\n")
        else:
            write_json(path, p)
        index.append("%s\tfail\t%s\t%s" % (name, keyword, what))
    with open(os.path.join(out, "index.tsv"), "w", encoding="utf-8") as f:
        f.write("\n".join(index) + "\n")
    with open(os.path.join(out, "README.md"), "w", encoding="utf-8") as f:
        f.write(readme(index[1:]))
    return 0


README_HEAD = """# Test vectors of the draw protocol `suiji-draw-v1`

Each `*.json` here is a draw package as the system publishes it (docs/DRAW.md, "The package"), or a
copy that was tampered with. A verifier written from docs/DRAW.md alone must reach the outcome listed
below for every file: `pass` (exit 0, "核验通过") or `fail` (exit 1, naming the first difference or
the problem; the message contains the keyword shown).

They are written by `python3 tools/make-vectors.py` (deterministic: rerunning it rewrites the same
bytes; tests/cli/t0401-verify.sh checks that the files here are what it writes). The valid packages
were computed by the Python verifier, tools/verify.py; the C implementation (`suiji verify`) must
verify them and compute the same result byte for byte from inputs, salt and beacon, which the same
test checks, as it does on random frames (`make-vectors.py --random N`) and randomly broken ones
(`--mutate N`).

The salts are derived from the vector's name (SHA-256 of "suiji test vector salt: NAME") so that
the files are reproducible; a real draw's salt comes from the operating system's random generator.
`index.tsv` is the machine-readable form of the table below.

Check them all with either tool:

```sh
for f in docs/draw-vectors/*.json; do suiji verify "$f"; done
for f in docs/draw-vectors/*.json; do python3 tools/verify.py "$f"; done
```

| file | expected | keyword in the message | what it checks |
|---|---|---|---|
"""


def readme(rows):
    lines = []
    for row in rows:
        name, expected, keyword, what = row.split("\t")
        kw = "" if keyword == "-" else "`" + keyword + "`"
        lines.append("| `%s.json` | %s | %s | %s |" % (name, expected, kw, what))
    return README_HEAD + "\n".join(lines) + "\n"


def random_inputs(seed):
    """Random but valid inputs for cross-checking the two implementations."""
    r = random.Random(seed)
    regions = ["410800", "410821", "410822", "410823"]
    n = r.randint(0, 30)
    objects = {}
    for i in range(n):
        needs = [r.choice(NEEDS) for _ in range(r.choice([0, 0, 1, 1, 2, 3]))]
        objects[uscc(i) if r.random() < 0.9 else "对象-%d\"\\" % i] = obj(r.choice(regions), needs,
                                                                         positive=r.random() < 0.2)
    names = list(objects)
    strata = []
    for s in range(r.randint(0, 4)):
        members = r.sample(names, r.randint(0, len(names)))
        weights = {u: (r.randint(1, 5) if r.random() < 0.9 else r.randint(1, 100)) for u in members}
        quota = r.choice([0, 1, 2, 3, len(members), len(members) + 2, r.randint(0, 10)])
        strata.append(stratum(r.choice(["重点", "一般", "s"]) + str(s), quota, members, weights))
    officers = []
    for i in range(r.randint(0, 12)):
        exp = [r.choice(NEEDS) for _ in range(r.choice([0, 1, 1, 2, 3]))]
        officers.append(officer("P%04d" % i if r.random() < 0.9 else "人员%d" % i, r.choice(regions), *exp))
    experts = [{"id": "E%03d" % i, "expertise": []} for i in range(r.choice([0, 0, 1, 2, 4]))]
    people = [p["id"] for p in officers] + [e["id"] for e in experts] + ["P9999"]
    pairs = lambda k: [[r.choice(people), r.choice(names + ["X"])] for _ in range(k)] if names else []
    return base(objects, strata, officers, experts, pairs(r.randint(0, 8)), pairs(r.randint(0, 8)),
                team_size=r.choice([1, 2, 2, 3, 4]), cross_region=r.random() < 0.5,
                experts_per_visit=r.choice([0, 0, 1, 2, 5]), slots=["T%d" % i for i in range(r.randint(1, 4))])


def _paths(v, path=()):
    yield path
    if isinstance(v, dict):
        for k, x in v.items():
            yield from _paths(x, path + (k,))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            yield from _paths(x, path + (i,))


def mutated_inputs(seed):
    """Random inputs with one value deleted, retyped or duplicated: usually invalid."""
    r = random.Random(seed)
    inputs = random_inputs(seed)
    while not inputs["strata"] or not inputs["officers"]:
        seed += 100003
        inputs = random_inputs(seed)
    path = r.choice([p for p in _paths(inputs) if p])
    parent = inputs
    for k in path[:-1]:
        parent = parent[k]
    last = path[-1]
    how = r.choice(["delete", "retype", "retype", "duplicate", "zero"])
    if how == "delete" and isinstance(parent, dict):
        del parent[last]
    elif how == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    elif how == "zero":
        parent[last] = r.choice([0, -1, 101, "", [], {}])
    else:
        parent[last] = r.choice([None, True, False, "x", 7, -3, [], {}, ["x"], [1], {"a": 1}])
    return inputs


if __name__ == "__main__":
    sys.exit(main(sys.argv))
