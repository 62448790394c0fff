#!/usr/bin/env python3
"""Independent checker of suiji's audit-chain proofs (docs/SECURITY.md, "Merkle tree").

This file implements, in Python 3 with the standard library only and sharing no code with the C
program, the checks an overseer or a member of the public runs on what the bureau publishes: signed
tree heads (heads/ on the public site, `suiji audit head --json`) and the proofs `suiji audit prove`
gives. The Merkle tree is RFC 6962's (leaf = SHA-256(0x00 || entry hash, 32 bytes), node =
SHA-256(0x01 || left || right)); proofs are verified with the algorithms of RFC 9162 sections 2.1.3.2
and 2.1.4.2. Ed25519 signatures are verified with tools/verify.py's pure-Python code (imported, not
copied).

    python3 tools/audit_proof.py --key 本局公钥.pem --head 链头.json --proof 包含证明.json
        an inclusion proof: the entry (its hash recomputed from its fields) is entry "seq" of the
        chain whose signed head is 链头.json.
    python3 tools/audit_proof.py --key 本局公钥.pem --from 链头1.json --to 链头2.json --proof 一致性证明.json
        a consistency proof: the chain of 链头2.json extends that of 链头1.json, nothing before was
        rewritten.
    python3 tools/audit_proof.py --key 本局公钥.pem --head 链头.json --proof 记录证明.json
        the proofs of a public record (type "record": proof/task-N.json, proof/draw-N.json on the
        public site, `suiji audit prove --subject`): every entry that records it is in the chain of
        链头.json, and each entry is about that record (publish:N for task:N, draw:N for draw:N).
    python3 tools/audit_proof.py --key 本局公钥.pem --head 链头.json
        checks a head's signature only.
    python3 tools/audit_proof.py --key 本局公钥.pem --site 网站目录
        the whole public site: every head in heads/ (signature), every consistency proof in heads/
        between the two heads it names, and every record proof in proof/ against the head it names.

Exit 0 and "核验通过" when everything holds; 1 naming what does not; 2 on a usage error. Heads must
be signed by the key given with --key (PEM as `suiji key export` writes, or 64 hex digits): unsigned
heads, or heads signed by another key, are refused.
"""

import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import verify  # noqa: E402  (Ed25519, canonical JSON, strict JSON loading, key files)

HEAD_PROTOCOL = "suiji-audit-head-v2"
PROOF_PROTOCOL = "suiji-audit-proof-v1"


class Refused(Exception):
    pass


def _h(b):
    return hashlib.sha256(b).digest()


def leaf_hash(entry_hash_hex):
    return _h(b"\x00" + bytes.fromhex(entry_hash_hex))


def node_hash(left, right):
    return _h(b"\x01" + left + right)


def entry_hash(e):
    """The audit entry hash: SHA-256(prev 0x0A seq 0x0A at 0x0A actor 0x0A action 0x0A subject 0x0A content)."""
    text = "\n".join([e["prev_hash"], str(e["seq"]), e["at"], e["actor"], e["action"], e["subject"],
                      e["content_hash"]])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def check_inclusion(leaf, index, size, path, root):
    """RFC 9162 section 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def check_consistency(first, second, root1, root2, path):
    """RFC 9162 section 2.1.4.2."""
    if first < 1 or first > second:
        return False
    if first == second:
        return not path and root1 == root2
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [root1] + list(path)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn >>= 1
                sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return sn == 0 and fr == root1 and sr == root2


def _hex32(v, what):
    if not isinstance(v, str) or not re.fullmatch(r"[0-9a-f]{64}", v):
        raise Refused("%s 应为 64 位小写十六进制数字" % what)
    return bytes.fromhex(v)


def _count(v, what):
    if not isinstance(v, int) or isinstance(v, bool) or v < 0:
        raise Refused("%s 应为非负整数" % what)
    return v


def _load(path, what):
    try:
        return verify.load_strict(verify._read_regular(path))
    except FileNotFoundError:
        raise Refused("无法打开 “%s”：文件不存在" % path) from None
    except OSError as e:
        raise Refused("无法读取 “%s”：%s" % (path, e.strerror)) from None
    except verify.LoadError as e:
        raise Refused("“%s” 不是有效的%s JSON：%s" % (path, what, e)) from None


def load_head(path, key):
    """A signed head (protocol v2) signed by "key" (hex): (size, root bytes, head)."""
    h = _load(path, "审计链头")
    if not isinstance(h, dict) or h.get("protocol") != HEAD_PROTOCOL:
        raise Refused("%s 不是审计链头（protocol 应为 %s）" % (path, HEAD_PROTOCOL))
    try:
        pub = verify.check_signature(h)
    except verify.Invalid as e:
        raise Refused("%s 的签名：%s" % (path, e)) from None
    if pub is None:
        raise Refused("%s 没有签名：未签名的链头不能作为依据" % path)
    if pub.lower() != key:
        raise Refused("%s 不是所给公钥（指纹 %s）签名的：签名公钥的指纹为 %s"
                      % (path, verify.fingerprint(key), verify.fingerprint(pub)))
    size = _count(h.get("seq"), "%s 的 seq" % path)
    root = _hex32(h.get("root"), "%s 的 root" % path)
    _hex32(h.get("hash"), "%s 的 hash" % path)
    print("链头 %s 签名有效：%s，共 %d 条，时间 %s，公钥指纹 %s" % (path, h.get("org"), size, h.get("time"),
                                                        verify.fingerprint(pub)))
    return size, root, h


def _path(proof):
    p = proof.get("path")
    if not isinstance(p, list) or len(p) > 128:
        raise Refused("证明的 path 应为哈希的数组")
    return [_hex32(x, "path 的元素") for x in p]


def inclusion(proof, head_path, key):
    size, root, _ = load_head(head_path, key)
    check_one(proof, size, root, head_path)


def check_one(proof, size, root, head_path, want_subject=None):
    if proof.get("protocol") != PROOF_PROTOCOL:
        raise Refused("不是审计证明（protocol 应为 %s）" % PROOF_PROTOCOL)
    if proof.get("type") != "inclusion":
        raise Refused("这不是包含证明（type 应为 inclusion）")
    e = proof.get("entry")
    if not isinstance(e, dict):
        raise Refused("包含证明缺少审计记录 entry")
    for k in ("prev_hash", "at", "actor", "action", "subject", "content_hash", "hash"):
        if not isinstance(e.get(k), str):
            raise Refused("审计记录缺少字段 %s" % k)
    seq = _count(e.get("seq"), "entry.seq")
    if want_subject is not None and e["subject"] != want_subject:
        raise Refused("第 %d 条审计记录的对象是 %s，不是 %s：这条证明不属于该记录" % (seq, e["subject"], want_subject))
    if entry_hash(e) != e["hash"]:
        raise Refused("第 %d 条审计记录的哈希与其内容不符：记录被改动" % seq)
    if _count(proof.get("tree_size"), "tree_size") != size:
        raise Refused("证明针对的是 %s 条的树，链头是 %d 条" % (proof.get("tree_size"), size))
    if _count(proof.get("leaf_index"), "leaf_index") != seq - 1:
        raise Refused("leaf_index 应为序号减一")
    if not check_inclusion(leaf_hash(e["hash"]), seq - 1, size, _path(proof), root):
        raise Refused("包含证明无效：第 %d 条审计记录（%s %s %s）不在链头 %s 的默克尔树中"
                      % (seq, e["at"], e["action"], e["subject"], head_path))
    print("第 %d 条审计记录（%s %s %s %s）在链头（共 %d 条）之中" % (seq, e["at"], e["actor"], e["action"],
                                                         e["subject"], size))


RECORD_SUBJECT = re.compile(r"(task|draw):([1-9][0-9]{0,17})")


def record(proof, head_path, key):
    """A record's proofs: {"type":"record","subject":"task:N"|"draw:N","tree_size","root","proofs":[…]}."""
    size, root, _ = load_head(head_path, key)
    m = RECORD_SUBJECT.fullmatch(proof.get("subject") or "") if isinstance(proof.get("subject"), str) else None
    if not m:
        raise Refused("记录证明的 subject 应为 task:任务编号 或 draw:抽取编号")
    want = ("publish:" if m.group(1) == "task" else "draw:") + m.group(2)
    if _count(proof.get("tree_size"), "tree_size") != size:
        raise Refused("证明针对的是 %s 条的树，链头是 %d 条" % (proof.get("tree_size"), size))
    proofs = proof.get("proofs")
    if not isinstance(proofs, list) or not proofs:
        raise Refused("记录证明中没有任何包含证明")
    for p in proofs:
        if not isinstance(p, dict):
            raise Refused("proofs 的元素应为包含证明")
        check_one(p, size, root, head_path, want)
    print("%s 的 %d 条审计记录都在链头（共 %d 条）之中" % (proof["subject"], len(proofs), size))


HEAD_FILE = re.compile(r"[0-9]{1,19}-[0-9a-f]{16}\.json")
CONSISTENCY_FILE = re.compile(r"consistency-([0-9]{1,19}-[0-9a-f]{16})-([0-9]{1,19}-[0-9a-f]{16})\.json")


def site(d, key):
    """Every head, consistency proof and record proof of a public site; returns the number checked."""
    hd = os.path.join(d, "heads")
    try:
        names = sorted(os.listdir(hd))
    except OSError as e:
        raise Refused("无法读取 %s：%s" % (hd, e.strerror)) from None
    heads = [n for n in names if HEAD_FILE.fullmatch(n)]
    if not heads:
        raise Refused("%s 中没有签名链头" % hd)
    for n in heads:
        load_head(os.path.join(hd, n), key)
    count = len(heads)
    for n in names:
        m = CONSISTENCY_FILE.fullmatch(n)
        if not m:
            continue
        a, b = (os.path.join(hd, x + ".json") for x in m.groups())
        proof = _load(os.path.join(hd, n), "证明")
        if not isinstance(proof, dict) or proof.get("protocol") != PROOF_PROTOCOL:
            raise Refused("%s 不是审计证明" % n)
        consistency(proof, a, b, key)
        count += 1
    pd = os.path.join(d, "proof")
    for n in sorted(os.listdir(pd)) if os.path.isdir(pd) else []:
        if not n.endswith(".json"):
            continue
        proof = _load(os.path.join(pd, n), "证明")
        head = proof.get("head") if isinstance(proof, dict) else None
        if not isinstance(head, str) or not head.startswith("heads/") or not HEAD_FILE.fullmatch(head[6:]):
            raise Refused("%s 没有指明它所针对的链头（head 应为 heads/条数-树根.json）" % n)
        if proof.get("protocol") != PROOF_PROTOCOL or proof.get("type") != "record":
            raise Refused("%s 不是记录证明（type 应为 record）" % n)
        if n != proof.get("subject", "").replace(":", "-") + ".json":
            raise Refused("%s 中的 subject 是 %s，与文件名不符" % (n, proof.get("subject")))
        record(proof, os.path.join(d, head), key)
        count += 1
    return count


def consistency(proof, from_path, to_path, key):
    m, r1, _ = load_head(from_path, key)
    n, r2, _ = load_head(to_path, key)
    if proof.get("type") != "consistency":
        raise Refused("这不是一致性证明（type 应为 consistency）")
    if _count(proof.get("first"), "first") != m or _count(proof.get("second"), "second") != n:
        raise Refused("证明针对的是 %s → %s 条，链头是 %d → %d 条" % (proof.get("first"), proof.get("second"), m, n))
    if not check_consistency(m, n, r1, r2, _path(proof)):
        raise Refused("一致性证明无效：链头 %s（%d 条）之后的审计链不是在其上追加而成，前 %d 条已被改写"
                      % (from_path, m, m))
    print("前 %d 条审计记录在两个链头之间没有改动，其后追加了 %d 条" % (m, n - m))


def main(argv):
    import argparse

    class Parser(argparse.ArgumentParser):
        def error(self, message):
            sys.stderr.write("用法: %s\n错误: %s\n" % (self.format_usage().strip(), message))
            sys.exit(2)

    ap = Parser(prog="audit_proof.py", add_help=True)
    ap.add_argument("--key", required=True)
    ap.add_argument("--head")
    ap.add_argument("--from", dest="frm")
    ap.add_argument("--to")
    ap.add_argument("--proof")
    ap.add_argument("--site")
    a = ap.parse_args(argv)
    if not ((a.head and not a.frm and not a.to and not a.site) or (a.frm and a.to and not a.head and a.proof
                                                                    and not a.site)
            or (a.site and not (a.head or a.frm or a.to or a.proof))):
        ap.error("需要 --head [--proof]、--from --to --proof 或 --site")
    try:
        key = verify.load_public(a.key)
    except (verify.LoadError, OSError) as e:
        sys.stderr.write("错误: %s\n" % e)
        return 1
    try:
        if a.site:
            print("共核对 %d 个文件" % site(a.site, key))
        elif a.proof:
            proof = _load(a.proof, "证明")
            if not isinstance(proof, dict) or proof.get("protocol") != PROOF_PROTOCOL:
                raise Refused("%s 不是审计证明（protocol 应为 %s）" % (a.proof, PROOF_PROTOCOL))
            if a.head and proof.get("type") == "record":
                record(proof, a.head, key)
            elif a.head:
                inclusion(proof, a.head, key)
            else:
                consistency(proof, a.frm, a.to, key)
        else:
            load_head(a.head, key)
    except Refused as e:
        print("核验未通过")
        sys.stderr.write("错误: %s\n" % e)
        return 1
    print("核验通过")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
