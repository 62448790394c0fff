#!/usr/bin/env python3
"""Independent verifier of suiji draw packages (protocol suiji-draw-v1, docs/DRAW.md).

This file implements a second, independent implementation of the draw protocol in Python 3 with
the standard library only, written from docs/DRAW.md and sharing no code with the C program. It
trusts nothing in the package: it recomputes the salt commitment, the inputs hash and the whole
result, and names the first difference.

    python3 tools/verify.py 抽取包.json [--key 本局公钥.pem|十六进制] [--unsigned-ok]
        exit 0 and "核验通过" when everything reproduces; exit 1 naming the first difference
        (or why the file is not a valid package); exit 2 on a usage error.

    python3 tools/verify.py --compute 输入.json 盐值 公开随机数
        prints the result computed from the inputs, the salt (64 hex digits) and the beacon value
        in canonical JSON, as `suiji verify --compute` does, so both can be compared byte for byte.

Verification fails closed: a package must carry a valid signature by the bureau (a top-level
"signature": {"alg": "Ed25519", "public_key", "value"} over CJ of the rest, docs/SECURITY.md) unless
--unsigned-ok is given; the key's fingerprint is printed (SHA-256 of the raw 32-byte key, the first
16 bytes in groups of 4 hex digits, docs/DRAW.md), and --key pins the bureau's published public key.
Ed25519 is verified here in integer arithmetic from RFC 8032, the standard library having none.
The package must be a regular file of at most 4 GiB.

The algorithms here follow the protocol text closely and differ from the C implementation's (one
sorted list of candidates scanned from the start for each pick, against lazily updated heaps per
expertise): the two agree only if both follow the text.
"""

import bisect
import hashlib
import hmac
import json
import os
import re
import sys

PROTOCOL = "suiji-draw-v1"
INT64_MIN, INT64_MAX = -(2 ** 63), 2 ** 63 - 1
MISSING = object()  # a key absent from an object (JSON null is None)


class LoadError(Exception):
    """The file is not strict JSON."""


class Invalid(Exception):
    """The package or its inputs are invalid: exit 1, "抽取包无效"."""


class Difference(Exception):
    """Something does not reproduce: exit 1, "核验未通过"."""


class UsageError(Exception):
    pass


# ---- strict JSON ----

class _Real:
    """A number with a fraction or exponent, kept so that its path can be named."""

    def __init__(self, text):
        self.text = text


class _DupDict(dict):
    """An object that had a duplicate key."""

    dup = None


def _pairs(pairs):
    seen = set()
    for k, _ in pairs:
        if k in seen:
            d = _DupDict(pairs)
            d.dup = k
            return d
        seen.add(k)
    return dict(pairs)


def _parse_int(text):
    v = int(text)
    if not INT64_MIN <= v <= INT64_MAX:
        raise LoadError("整数超出 64 位范围")
    return v


def _parse_constant(text):
    raise LoadError("JSON 语法错误（%s 不是 JSON 值）" % text)


def path_key(path, key):
    if re.fullmatch(r"[A-Za-z0-9_-]+", key):
        return path + "." + key if path else key
    return path + '["' + key.replace("\\", "\\\\").replace('"', '\\"') + '"]'


def path_index(path, i):
    return "%s[%d]" % (path, i)


def path_show(path):
    return path if path else "顶层"


def _first_control(s):
    for ch in s:
        if ord(ch) < 0x20:
            return ord(ch)
    return None


def _check(v, path):
    """Names the first real, duplicate key, control character or lone surrogate, in document order."""
    if isinstance(v, _Real):
        raise LoadError("%s 是小数：抽取协议不允许浮点数" % path_show(path))
    if isinstance(v, str):
        c = _first_control(v)
        if c is not None:
            raise LoadError("%s 含有控制字符 U+%04X" % (path_show(path), c))
        if any(0xD800 <= ord(ch) <= 0xDFFF for ch in v):
            raise LoadError("%s 含有无效的 Unicode 字符（代理项）" % path_show(path))
    elif isinstance(v, list):
        for i, x in enumerate(v):
            _check(x, path_index(path, i))
    elif isinstance(v, dict):
        if isinstance(v, _DupDict):
            if path:
                raise LoadError("%s 中的键“%s”重复" % (path, v.dup))
            raise LoadError("顶层对象中的键“%s”重复" % v.dup)
        for k, x in v.items():
            p = path_key(path, k)
            c = _first_control(k)
            if c is not None:
                raise LoadError("%s 的键含有控制字符 U+%04X" % (p, c))
            _check(x, p)


def _line_col(text, pos):
    line = text.count("\n", 0, pos) + 1
    return line, pos - (text.rfind("\n", 0, pos) + 1) + 1


def load_strict(data):
    """Parses bytes as strict JSON (see docs/DRAW.md); raises LoadError in Chinese."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line, col = _line_col(data[: e.start].decode("utf-8", "replace"), e.start)
        raise LoadError("第 %d 行第 %d 列：不是有效的 UTF-8 编码" % (line, col)) from None
    try:
        v = json.loads(text, object_pairs_hook=_pairs, parse_float=_Real,
                       parse_int=_parse_int, parse_constant=_parse_constant)
    except json.JSONDecodeError as e:
        if e.msg.startswith("Invalid control character"):
            why = "字符串中含有控制字符（低于 U+0020）"
        elif e.msg.startswith("Extra data"):
            why = "JSON 值之后还有多余内容"
        elif e.msg.startswith("Unterminated") or e.pos >= len(text):
            why = "JSON 意外结束（括号或引号未闭合）"
        elif e.msg.startswith("Invalid \\escape"):
            why = "字符串中含有无效的转义序列"
        else:
            why = "JSON 语法错误"
        raise LoadError("第 %d 行第 %d 列：%s" % (e.lineno, e.colno, why)) from None
    except RecursionError:
        raise LoadError("嵌套层数过多") from None
    _check(v, "")
    return v


# ---- canonical JSON ----

def cj(v):
    """CJ(x): sorted keys, no white space, only '"' and '\\' escaped in strings, UTF-8."""
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"), sort_keys=True,
                      allow_nan=False).encode("utf-8")


def brief(v):
    """A value as quoted in messages: CJ cut after 120 bytes at a character boundary."""
    try:
        b = cj(v)
    except (TypeError, ValueError):
        return repr(v)
    if len(b) > 120:
        return b[:120].decode("utf-8", "ignore") + "…"
    return b.decode("utf-8")


def sha256_hex(b):
    return hashlib.sha256(b).hexdigest()


# ---- validation ("Valid inputs") ----

def _get(obj, key):
    return obj.get(key, MISSING) if isinstance(obj, dict) else MISSING


def _bad(v, want, path):
    if v is MISSING:
        return Invalid("%s 缺失" % path)
    return Invalid("%s 应为%s（实为 %s）" % (path, want, brief(v)))


def _is_int(v, lo, hi):
    return type(v) is int and lo <= v <= hi


def _is_str_list(v):
    return isinstance(v, list) and all(isinstance(x, str) for x in v)


def validate(inputs):
    """Raises Invalid naming the first problem, in the order the C implementation checks."""
    if not isinstance(inputs, dict):
        raise _bad(inputs, "对象", "inputs")
    period = _get(inputs, "period")
    if not isinstance(period, dict):
        raise _bad(period, "对象", "inputs.period")
    slots = _get(period, "slots")
    if not isinstance(slots, list):
        raise _bad(slots, "数组", "inputs.period.slots")
    if not slots:
        raise Invalid("inputs.period.slots 不能为空")
    for i, s in enumerate(slots):
        if not isinstance(s, str):
            raise _bad(s, "字符串", "inputs.period.slots[%d]" % i)

    rules = _get(inputs, "rules")
    if not isinstance(rules, dict):
        raise _bad(rules, "对象", "inputs.rules")
    v = _get(rules, "team_size")
    if not _is_int(v, 1, INT64_MAX):
        raise _bad(v, "不小于 1 的整数", "inputs.rules.team_size")
    v = _get(rules, "cross_region")
    if type(v) is not bool:
        raise _bad(v, "布尔值", "inputs.rules.cross_region")
    v = _get(rules, "experts_per_visit")
    if not _is_int(v, 0, INT64_MAX):
        raise _bad(v, "不小于 0 的整数", "inputs.rules.experts_per_visit")

    objects = _get(inputs, "objects")
    if not isinstance(objects, dict):
        raise _bad(objects, "对象", "inputs.objects")
    for uscc, o in objects.items():
        path = path_key("inputs.objects", uscc)
        if not isinstance(o, dict):
            raise _bad(o, "对象", path)
        v = _get(o, "region")
        if not isinstance(v, str):
            raise _bad(v, "字符串", path + ".region")
        v = _get(o, "positive_list")
        if type(v) is not bool:
            raise _bad(v, "布尔值", path + ".positive_list")
        needs = _get(o, "needs")
        if not isinstance(needs, list):
            raise _bad(needs, "数组", path + ".needs")
        for i, e in enumerate(needs):
            if not isinstance(e, str):
                raise _bad(e, "字符串", "%s.needs[%d]" % (path, i))

    strata = _get(inputs, "strata")
    if not isinstance(strata, list):
        raise _bad(strata, "数组", "inputs.strata")
    ids = {}
    for s, st in enumerate(strata):
        if not isinstance(st, dict):
            raise _bad(st, "对象", "inputs.strata[%d]" % s)
        sid = _get(st, "id")
        if not isinstance(sid, str):
            raise _bad(sid, "字符串", "inputs.strata[%d].id" % s)
        if sid in ids:
            raise Invalid("inputs.strata[%d].id “%s” 重复（同 inputs.strata[%d].id）" % (s, sid, ids[sid]))
        ids[sid] = s
        v = _get(st, "quota")
        if not _is_int(v, 0, INT64_MAX):
            raise _bad(v, "不小于 0 的整数", "inputs.strata[%d].quota" % s)
        members = _get(st, "members")
        if not isinstance(members, list):
            raise _bad(members, "数组", "inputs.strata[%d].members" % s)
        seen = {}
        for i, m in enumerate(members):
            mp = "inputs.strata[%d].members[%d]" % (s, i)
            if not isinstance(m, dict):
                raise _bad(m, "对象", mp)
            u = _get(m, "uscc")
            if not isinstance(u, str):
                raise _bad(u, "字符串", mp + ".uscc")
            w = _get(m, "weight")
            if not _is_int(w, 1, 100):
                raise _bad(w, " 1 到 100 的整数", mp + ".weight")
            if u not in objects:
                raise Invalid("%s.uscc “%s” 在 inputs.objects 中没有条目" % (mp, u))
            if u in seen:
                raise Invalid("%s.uscc “%s” 在该层中重复（同 inputs.strata[%d].members[%d]）" % (mp, u, s, seen[u]))
            seen[u] = i

    officers = _get(inputs, "officers")
    if not isinstance(officers, list):
        raise _bad(officers, "数组", "inputs.officers")
    people = {}
    for i, p in enumerate(officers):
        pp = "inputs.officers[%d]" % i
        if not isinstance(p, dict):
            raise _bad(p, "对象", pp)
        pid = _get(p, "id")
        if not isinstance(pid, str):
            raise _bad(pid, "字符串", pp + ".id")
        if pid in people:
            raise Invalid("%s.id “%s” 重复（同 %s.id）" % (pp, pid, people[pid]))
        people[pid] = pp
        v = _get(p, "region")
        if not isinstance(v, str):
            raise _bad(v, "字符串", pp + ".region")
        ex = _get(p, "expertise")
        if not isinstance(ex, list):
            raise _bad(ex, "数组", pp + ".expertise")
        for k, e in enumerate(ex):
            if not isinstance(e, str):
                raise _bad(e, "字符串", "%s.expertise[%d]" % (pp, k))
    experts = _get(inputs, "experts")
    if not isinstance(experts, list):
        raise _bad(experts, "数组", "inputs.experts")
    for i, p in enumerate(experts):
        pp = "inputs.experts[%d]" % i
        if not isinstance(p, dict):
            raise _bad(p, "对象", pp)
        pid = _get(p, "id")
        if not isinstance(pid, str):
            raise _bad(pid, "字符串", pp + ".id")
        if pid in people:
            raise Invalid("%s.id “%s” 重复（同 %s.id）" % (pp, pid, people[pid]))
        people[pid] = pp
    for name in ("conflicts", "previous"):
        pairs = _get(inputs, name)
        if not isinstance(pairs, list):
            raise _bad(pairs, "数组", "inputs." + name)
        for i, pair in enumerate(pairs):
            if not (isinstance(pair, list) and len(pair) == 2 and _is_str_list(pair)):
                raise _bad(pair, " [人员编号, 统一社会信用代码]", "inputs.%s[%d]" % (name, i))


# ---- the draw ----

def _field(f):
    return f.encode("utf-8") if isinstance(f, str) else str(f).encode("ascii")


def H(prk, domain, *fields):
    """HMAC-SHA256(PRK, domain ‖ 0x00 ‖ f1 ‖ … ‖ 0x00 ‖ fn)."""
    msg = domain.encode("ascii") + b"".join(b"\x00" + _field(f) for f in fields)
    return hmac.digest(prk, msg, "sha256")


def prk_of(salt, inputs_hash_raw, beacon_bytes):
    return hmac.digest(salt, PROTOCOL.encode("ascii") + b"\x00" + inputs_hash_raw + beacon_bytes, "sha256")


class Ranking:
    """People in the protocol's order (load, H(domain, id, load), id), kept in a sorted list.

    Only a person whose load grows moves (one MAC, a deletion and an insertion by bisection), so a
    large draw stays affordable; iterating gives the candidates in order."""

    def __init__(self, prk, domain, ids):
        self.prk, self.domain, self.ids = prk, domain, ids
        self.load = [0] * len(ids)
        self.current = [self._entry(i) for i in range(len(ids))]
        self.entries = sorted(self.current)

    def _entry(self, i):
        n = self.load[i]
        return (n, H(self.prk, self.domain, self.ids[i], n), self.ids[i].encode("utf-8"), i)

    def __iter__(self):
        return (e[3] for e in self.entries)

    def grow(self, i):
        del self.entries[bisect.bisect_left(self.entries, self.current[i])]
        self.load[i] += 1
        self.current[i] = self._entry(i)
        bisect.insort(self.entries, self.current[i])


def compute(inputs, salt, beacon_bytes):
    """The result of the draw, as a Python value. "inputs" must have passed validate()."""
    inputs_hash = hashlib.sha256(cj(inputs)).digest()
    prk = prk_of(salt, inputs_hash, beacon_bytes)
    objects = inputs["objects"]

    # Selection: key(m) = min over j of H("sel", s.id, m.uscc, j); the quota smallest keys win.
    visits = {}  # uscc -> [key, [stratum ids]]
    for st in inputs["strata"]:
        if st["quota"] == 0:
            continue
        head = b"sel\x00" + st["id"].encode("utf-8") + b"\x00"
        keyed = []
        for m in st["members"]:
            u = m["uscc"].encode("utf-8")
            msg = head + u + b"\x00"
            k = min(hmac.digest(prk, msg + str(j).encode("ascii"), "sha256") for j in range(m["weight"]))
            keyed.append((k, u, m["uscc"]))
        keyed.sort()
        for k, _, uscc in keyed[: st["quota"]]:
            if uscc in visits:
                visits[uscc][0] = min(visits[uscc][0], k)
                visits[uscc][1].append(st["id"])
            else:
                visits[uscc] = [k, [st["id"]]]
    order = sorted(visits.items(), key=lambda kv: (kv[1][0], kv[0].encode("utf-8")))

    rules = inputs["rules"]
    team_size, cross = rules["team_size"], rules["cross_region"]
    officers, experts = inputs["officers"], inputs["experts"]
    officer_at = {p["id"]: i for i, p in enumerate(officers)}
    expert_at = {x["id"]: i for i, x in enumerate(experts)}
    # the people a conflict or a previous pairing keeps away from each object
    banned_officers, banned_experts = {}, {}
    for pid, uscc in inputs["conflicts"] + inputs["previous"]:
        if pid in officer_at:
            banned_officers.setdefault(uscc, set()).add(officer_at[pid])
        elif pid in expert_at:
            banned_experts.setdefault(uscc, set()).add(expert_at[pid])
    per_region = {}
    for p in officers:
        per_region[p["region"]] = per_region.get(p["region"], 0) + 1
    expertise = [set(p["expertise"]) for p in officers]
    team_rank = Ranking(prk, "team", [p["id"] for p in officers])
    expert_rank = Ranking(prk, "expert", [x["id"] for x in experts])

    out = []
    slots = inputs["period"]["slots"]
    for i, (uscc, (key, strata)) in enumerate(order):
        o = objects[uscc]
        banned = banned_officers.get(uscc, set())

        def eligible(p):
            return p not in banned and not (cross and officers[p]["region"] == o["region"])

        # the eligible officers, counted before step 1: all but those of the object's region (when
        # cross_region holds) and those of a conflict or previous pairing, each counted once
        excluded = per_region.get(o["region"], 0) if cross else 0
        excluded += sum(1 for p in banned if not (cross and officers[p]["region"] == o["region"]))
        team, chosen_experts, unmet, reason = [], [], [], None
        if len(officers) - excluded < team_size:
            reason = "too_few_eligible"
        else:
            for e in o["needs"]:
                if any(e in expertise[p] for p in team):
                    continue
                if len(team) < team_size:
                    c = next((p for p in team_rank if e in expertise[p] and p not in team and eligible(p)), None)
                    if c is not None:
                        team.append(c)
                        continue
                unmet.append(e)
            for p in team_rank:
                if len(team) >= team_size:
                    break
                if p not in team and eligible(p):
                    team.append(p)
            if rules["experts_per_visit"] > 0:
                away = banned_experts.get(uscc, set())
                for x in expert_rank:
                    if len(chosen_experts) >= rules["experts_per_visit"]:
                        break
                    if x not in away:
                        chosen_experts.append(x)
            # loads grow once the visit's team and experts are complete
            for p in team:
                team_rank.grow(p)
            for x in chosen_experts:
                expert_rank.grow(x)
        out.append({
            "uscc": uscc,
            "key": key.hex(),
            "strata": strata,
            "slot": slots[i % len(slots)],
            "mode": "非现场" if o["positive_list"] else "现场",
            "team": [officers[p]["id"] for p in team],
            "experts": [experts[x]["id"] for x in chosen_experts],
            "unmet": unmet,
            "reason": reason,
        })
    return {"visits": out}


# ---- verification ----

def first_difference(got, want, path):
    """Names the first difference between the stored and the recomputed value, as the C verifier does."""
    if cj(got) == cj(want):
        return None
    if isinstance(got, dict) and isinstance(want, dict):
        for k in sorted(set(got) | set(want), key=lambda s: s.encode("utf-8")):
            p = path_key(path, k)
            if k not in got:
                return "%s 缺失（重新计算为 %s）" % (p, brief(want[k]))
            if k not in want:
                return "%s 多余（包中为 %s）" % (p, brief(got[k]))
            d = first_difference(got[k], want[k], p)
            if d:
                return d
    elif isinstance(got, list) and isinstance(want, list) and (
            (got and isinstance(got[0], dict)) or (want and isinstance(want[0], dict))):
        for i, (g, w) in enumerate(zip(got, want)):
            if cj(g) == cj(w):
                continue
            p = path_index(path, i)
            if isinstance(g, dict) and isinstance(w, dict):
                return first_difference(g, w, p)
            return "%s 不一致：包中为 %s，重新计算为 %s" % (p, brief(g), brief(w))
        return "%s 的元素个数不一致：包中 %d 个，重新计算 %d 个" % (path_show(path), len(got), len(want))
    return "%s 不一致：包中为 %s，重新计算为 %s" % (path_show(path), brief(got), brief(want))


def verify_package(pkg):
    """Returns None when everything reproduces; raises Difference or Invalid naming the first problem."""
    if not isinstance(pkg, dict):
        raise _bad(pkg, "对象", "抽取包")
    protocol = _get(pkg, "protocol")
    if not isinstance(protocol, str):
        raise _bad(protocol, "字符串", "protocol")
    if protocol != PROTOCOL:
        raise Difference("protocol 为 %s，本核验器只核验 %s" % (brief(protocol), PROTOCOL))
    ann = _get(pkg, "announcement")
    if not isinstance(ann, dict):
        raise _bad(ann, "对象", "announcement")
    inputs_hash = _get(ann, "inputs_hash")
    if not isinstance(inputs_hash, str):
        raise _bad(inputs_hash, "字符串", "announcement.inputs_hash")
    commitment = _get(ann, "salt_commitment")
    if not isinstance(commitment, str):
        raise _bad(commitment, "字符串", "announcement.salt_commitment")
    reveal = _get(pkg, "reveal")
    if not isinstance(reveal, dict):
        raise _bad(reveal, "对象", "reveal")
    salt_hex = _get(reveal, "salt")
    if not (isinstance(salt_hex, str) and re.fullmatch(r"[0-9a-f]{64}", salt_hex)):
        raise _bad(salt_hex, " 64 位小写十六进制字符串", "reveal.salt")
    beacon = _get(reveal, "beacon_value")
    if not isinstance(beacon, str):
        raise _bad(beacon, "字符串", "reveal.beacon_value")
    if "inputs" not in pkg:
        raise Invalid("inputs 缺失")
    if "result" not in pkg:
        raise Invalid("result 缺失")
    inputs, stored = pkg["inputs"], pkg["result"]

    salt = bytes.fromhex(salt_hex)
    h = sha256_hex(salt)
    if h != commitment:
        raise Difference("reveal.salt 与 announcement.salt_commitment 不符：SHA-256(salt) 为 %s，公告中为 %s"
                         % (h, commitment))
    h = sha256_hex(cj(inputs))
    if h != inputs_hash:
        raise Difference("inputs 与 announcement.inputs_hash 不符：SHA-256(CJ(inputs)) 为 %s，公告中为 %s"
                         % (h, inputs_hash))
    validate(inputs)
    result = compute(inputs, salt, beacon.encode("utf-8"))
    d = first_difference(stored, result, "result")
    if d:
        raise Difference(d)


def make_package(inputs, salt, beacon, beacon_source, announced_at, org, result=None):
    """A package as the system publishes it (used by tools/make-vectors.py)."""
    if result is None:
        result = compute(inputs, salt, beacon.encode("utf-8"))
    return {
        "protocol": PROTOCOL,
        "announcement": {
            "inputs_hash": sha256_hex(cj(inputs)),
            "salt_commitment": sha256_hex(salt),
            "beacon_source": beacon_source,
            "announced_at": announced_at,
            "org": org,
        },
        "inputs": inputs,
        "reveal": {"salt": salt.hex(), "beacon_value": beacon},
        "result": result,
    }


# ---- the command line ----

# Ed25519 verification (RFC 8032, section 5.1.7), in integers: the curve
# -x^2 + y^2 = 1 + d x^2 y^2 over GF(p), extended coordinates (X, Y, Z, T) with x = X/Z, y = Y/Z, xy = T/Z.
_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_M1 = pow(2, (_P - 1) // 4, _P)


def _x_from_y(y, sign):
    if y >= _P:
        return None
    u, v = (y * y - 1) % _P, (_D * y * y + 1) % _P
    x2 = u * pow(v, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _SQRT_M1 % _P
    if (x * x - x2) % _P:
        return None
    return _P - x if (x & 1) != sign else x


def _point(b):
    if len(b) != 32:
        return None
    y = int.from_bytes(b, "little")
    sign, y = y >> 255, y & ((1 << 255) - 1)
    x = _x_from_y(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


def _add(p, q):
    a = (p[1] - p[0]) * (q[1] - q[0]) % _P
    b = (p[1] + p[0]) * (q[1] + q[0]) % _P
    c = 2 * p[3] * q[3] * _D % _P
    d = 2 * p[2] * q[2] % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % _P, g * h % _P, f * g % _P, e * h % _P)


def _times(n, p):
    r = (0, 1, 1, 0)
    while n:
        if n & 1:
            r = _add(r, p)
        p, n = _add(p, p), n >> 1
    return r


_GY = 4 * pow(5, _P - 2, _P) % _P
_G = (_x_from_y(_GY, 0), _GY, 1, _x_from_y(_GY, 0) * _GY % _P)


def ed25519_verify(public_key, message, signature):
    """True when "signature" (64 bytes) is a valid Ed25519 signature of "message" by "public_key"."""
    if len(public_key) != 32 or len(signature) != 64:
        return False
    a, r = _point(public_key), _point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if a is None or r is None or s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % _L
    left, right = _times(s, _G), _add(r, _times(k, a))
    return (left[0] * right[2] - right[0] * left[2]) % _P == 0 and (left[1] * right[2] - right[1] * left[2]) % _P == 0


def check_signature(pkg):
    """The package's "signature" (docs/SECURITY.md): None when there is none, else the signing
    key in hex. Raises Invalid, with the C verifier's words, when it is malformed or does not verify:
    its "value" must be the Ed25519 signature of CJ(the package without "signature")."""
    sig = pkg.get("signature", MISSING)
    if sig is MISSING:
        return None
    if not isinstance(sig, dict):
        raise Invalid('signature 应为对象 {"alg","public_key","value"}')
    for key in ("alg", "public_key", "value"):
        if not isinstance(sig.get(key), str):
            raise Invalid("签名缺少字符串字段“%s”" % key)
    if sig["alg"] != "Ed25519":
        raise Invalid("signature.alg “%s”不受支持（应为 Ed25519）" % sig["alg"])
    if len(sig) != 3:
        raise Invalid("signature 只应有 alg、public_key、value 三项")
    if not re.fullmatch(r"[0-9a-fA-F]{64}", sig["public_key"]):
        raise Invalid("公钥应为 64 位十六进制数字")
    if not re.fullmatch(r"[0-9a-fA-F]{128}", sig["value"]):
        raise Invalid("签名应为 128 位十六进制数字")
    rest = {k: v for k, v in pkg.items() if k != "signature"}
    if not ed25519_verify(bytes.fromhex(sig["public_key"]), cj(rest), bytes.fromhex(sig["value"])):
        raise Invalid("签名无效：内容在签名之后被改动，或签名不是该公钥所签（公钥 %s）" % sig["public_key"])
    return sig["public_key"]


def _err(msg):
    sys.stderr.write("错误: %s\n" % msg)


MAX_PACKAGE = 4 << 30  # as suiji verify (io/infile.h)


def _read_regular(path):
    """The bytes of "path", which must be a regular file of at most MAX_PACKAGE bytes."""
    import stat
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise IsADirectoryError()
        if stat.S_ISFIFO(st.st_mode):
            raise LoadError("“%s”是管道（FIFO），不是普通文件，拒绝读取" % path)
        if stat.S_ISCHR(st.st_mode) or stat.S_ISBLK(st.st_mode):
            raise LoadError("“%s”是设备，不是普通文件，拒绝读取" % path)
        if not stat.S_ISREG(st.st_mode):
            raise LoadError("“%s”不是普通文件，拒绝读取" % path)
        if st.st_size > MAX_PACKAGE:
            raise LoadError("文件“%s”过大（%d 字节，上限 4 GiB）" % (path, st.st_size))
        with os.fdopen(fd, "rb") as f:
            fd = -1
            return f.read()
    finally:
        if fd >= 0:
            os.close(fd)


def fingerprint(public_key_hex):
    """SHA-256 of the raw 32-byte key, first 16 bytes, lowercase hex in groups of 4 joined by ':'."""
    h = hashlib.sha256(bytes.fromhex(public_key_hex)).hexdigest()[:32]
    return ":".join(h[i:i + 4] for i in range(0, 32, 4))


# the DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410): SEQUENCE, AlgorithmIdentifier 1.3.101.112
_ED25519_SPKI = bytes.fromhex("302a300506032b6570032100")


def load_public(arg):
    """--key: 64 hex digits, or a PEM public key file as `suiji key export` writes; the key in hex."""
    import base64
    if re.fullmatch(r"[0-9a-fA-F]{64}", arg):
        return arg.lower()
    text = _read_regular(arg).decode("ascii", "replace")
    m = re.search(r"-----BEGIN PUBLIC KEY-----(.*?)-----END PUBLIC KEY-----", text, re.S)
    try:
        der = base64.b64decode("".join(m.group(1).split()), validate=True) if m else b""
    except ValueError:
        der = b""
    if len(der) != 44 or not der.startswith(_ED25519_SPKI):
        raise LoadError("--key %s: 不是 Ed25519 公钥（PEM）或 64 位十六进制数字" % arg)
    return der[12:].hex()


def _load_file(path):
    try:
        data = _read_regular(path)
    except FileNotFoundError:
        raise LoadError("无法打开 “%s”：文件不存在" % path) from None
    except PermissionError:
        raise LoadError("无法打开 “%s”：没有读取权限" % path) from None
    except IsADirectoryError:
        raise LoadError("读取 “%s” 失败：这是一个目录" % path) from None
    except OSError as e:
        raise LoadError("无法打开 “%s”：%s" % (path, e.strerror)) from None
    try:
        return load_strict(data)
    except LoadError as e:
        raise LoadError("“%s” 不是有效的抽取包 JSON：%s" % (path, e)) from None


def _summary(pkg):
    ann = pkg.get("announcement") if isinstance(pkg.get("announcement"), dict) else {}
    lines = []
    for obj, key, label in ((pkg, "protocol", "协议"), (ann, "org", "单位"),
                            (ann, "announced_at", "公告时间"), (ann, "beacon_source", "公开随机数来源"),
                            (ann, "inputs_hash", "inputs_hash"), (ann, "salt_commitment", "salt_commitment")):
        if isinstance(obj.get(key), str):
            lines.append("%s: %s" % (label, obj[key]))
    res = pkg.get("result")
    if isinstance(res, dict) and isinstance(res.get("visits"), list):
        lines.append("抽取对象: %d 家" % len(res["visits"]))
    sys.stdout.write("".join(line + "\n" for line in lines))
    sys.stdout.flush()


USAGE = ("用法错误: suiji verify 抽取包.json [--key 本局公钥.pem|十六进制] [--unsigned-ok]\n"
         "       suiji verify --compute 输入.json 盐值 公开随机数\n"
         "（本工具: python3 tools/verify.py，参数相同）\n")


def main(argv):
    if len(argv) == 2 and argv[1] in ("-h", "--help"):
        sys.stdout.write(USAGE.replace("用法错误", "用法"))
        return 0
    if len(argv) >= 2 and argv[1] == "--compute":
        if len(argv) != 5:
            raise UsageError()
        if not re.fullmatch(r"[0-9a-f]{64}", argv[3]):
            sys.stderr.write("用法错误: 盐值应为 64 位小写十六进制数字（实为 “%s”）\n" % argv[3])
            return 2
        try:
            inputs = _load_file(argv[2])
            validate(inputs)
        except (LoadError, Invalid) as e:
            _err("无法计算抽取结果：%s" % e if isinstance(e, Invalid) else str(e))
            return 1
        beacon = os.fsencode(argv[4])
        try:
            beacon.decode("utf-8")
        except UnicodeDecodeError:
            _err("无法计算抽取结果：beacon_value 不是有效的 UTF-8 文本")
            return 1
        c = _first_control(beacon.decode("utf-8"))
        if c is not None:
            _err("无法计算抽取结果：beacon_value 含有控制字符 U+%04X" % c)
            return 1
        sys.stdout.buffer.write(cj(compute(inputs, bytes.fromhex(argv[3]), beacon)) + b"\n")
        return 0
    args, unsigned_ok, key = [], False, None
    i = 1
    while i < len(argv):
        a = argv[i]
        if a == "--unsigned-ok":
            unsigned_ok = True
        elif a == "--key" and i + 1 < len(argv):
            key = argv[i + 1]
            i += 1
        elif a.startswith("--key="):
            key = a[len("--key="):]
        elif a.startswith("-"):
            raise UsageError()
        else:
            args.append(a)
        i += 1
    if len(args) != 1:
        raise UsageError()
    want = None
    if key is not None:
        try:
            want = load_public(key)
        except (LoadError, OSError) as e:
            _err(str(e) if isinstance(e, LoadError) else "--key %s: %s" % (
                key, "文件不存在" if isinstance(e, FileNotFoundError) else "无法读取（%s）" % e.strerror))
            return 1
    try:
        pkg = _load_file(args[0])
    except LoadError as e:
        _err(str(e))
        return 1
    if not isinstance(pkg, dict):
        _err("“%s” 不是抽取包：顶层应为对象" % args[0])
        return 1
    _summary(pkg)
    try:
        signer = check_signature(pkg)
    except Invalid as e:
        _err(str(e))
        return 1
    try:
        verify_package(pkg)
    except Difference as e:
        _err("核验未通过：%s" % e)
        return 1
    except Invalid as e:
        _err("抽取包无效：%s" % e)
        return 1
    # fail closed (docs/DRAW.md, "Verifying"): signed, and by the pinned key when one is given
    if not signer:
        if want:
            _err("抽取包没有签名，而 --key 指定了本局公钥（指纹 %s）：拒绝" % fingerprint(want))
            return 1
        if not unsigned_ok:
            _err("抽取包没有签名：无法确认它出自本局，拒绝。如确需核验未签名的抽取包（只核对内容能否重现），"
                 "请加 --unsigned-ok")
            return 1
        sys.stdout.flush()
        sys.stderr.write("警告: 抽取包没有签名（--unsigned-ok）：只核对内容能否重现，不能确认它出自哪个单位\n")
        print("签名: 无")
    else:
        signer = signer.lower()
        print("签名: 有效（Ed25519，公钥 %s）\n公钥指纹: %s" % (signer, fingerprint(signer)))
        if want and signer != want:
            sys.stdout.flush()
            _err("抽取包由另一把密钥签名（指纹 %s），不是 --key 指定的公钥（指纹 %s）：拒绝"
                 % (fingerprint(signer), fingerprint(want)))
            return 1
        if want:
            print("签名公钥与 --key 指定的公钥一致")
    print("核验通过")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except UsageError:
        sys.stderr.write(USAGE)
        sys.exit(2)
