#!/usr/bin/env python3
"""Directories over the API: a branch imports its objects (the body is the file), a file with a bad row
is refused with the row's line and field and nothing written, an object of another branch's
jurisdiction is refused; lists with filters, search and pages see only the unit's tree; an entry's
history names the fields that changed, old → new; a quarter's changes; exports as downloads; a
conflict's history by its two-part key; roles that may not import are refused with nothing written."""
import io
import os
import sys
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "cli"))
from lib import ADMIN, Client, Env, check, finish  # noqa: E402
import codes  # noqa: E402
import xlsx_gen  # noqa: E402

HEAD = "统一社会信用代码,单位名称,行政区划代码,行业代码,监管类别,市管,生产状态,正面清单,主体类型\n"


def uscc(region, n):
    return codes.uscc("91", region, "%08d" % n)


def objects(rows):
    return (HEAD + "".join(f"{uscc(r, n)},{name},{r},2614,{k},否,正常,否,企业\n" for n, r, name, k in rows)).encode()


def workbook(csv):
    """The same rows as an .xlsx workbook: shared strings, the region code typed as a number."""
    b = xlsx_gen.Book()
    for i, line in enumerate(csv.decode().splitlines()):
        b.row(i + 1, [(c + 1, "n" if i and c == 2 else "s", v) for c, v in enumerate(line.split(",")) if v])
    out = io.BytesIO()
    b.write(out)
    return out.getvalue()


env = Env()
try:
    env.start()
    branch, other, admin, oversight, inspector = (Client(env) for _ in range(5))
    for c, name in ((branch, "分局甲"), (other, "分局乙"), (admin, ADMIN), (oversight, "监督员"), (inspector, "执法甲")):
        check(c.signin(name)[0] == 200, f"{name} 登录")

    def upload(cl, kind, data, query="", name="objects.csv"):
        return cl.req("POST", f"/api/import/{kind}{query}", raw=data,
                      headers={"Content-Type": "application/octet-stream", "X-File-Name": urllib.parse.quote(name)})

    def refused(cl, who, method, path, status, **kw):
        before = env.dump()
        st, j = cl.req(method, path, **kw) if method != "UPLOAD" else upload(cl, *path)
        check(st == status and isinstance(j, dict) and j.get("error"), f"{who} {method} {path} 应为 {status}: {st} {j}")
        check(env.dump() == before, f"{who} {method} {path} 被拒绝后数据库不应改变")
        return j

    good = [(800001, "410821", "修武甲厂", "一般"), (800002, "410821", "修武乙厂", "一般"),
            (800003, "410821", "修武丙厂", "重点")]
    st, j = upload(branch, "objects", objects(good), "?date=2026-03-01")
    check(st == 200 and j["added"] == 3, f"分局导入本辖区对象: {st} {j}")

    bad = objects(good[:1]) + "91410821MA0000000X,坏行,410821,2614,一般,否,正常,否,企业\n".encode()
    j = refused(branch, "分局", "UPLOAD", ("objects", bad, "?date=2026-03-02"), 422)
    rows = j.get("rows", []) if j else []
    check(rows and rows[0]["line"] == 3 and rows[0].get("field") == "统一社会信用代码", f"坏行的行号与字段: {rows}")
    check(j and "objects.csv" in j["error"] and "suiji-web" not in j["error"], f"错误信息应称用户的文件名: {j}")
    refused(branch, "分局", "UPLOAD", ("objects", objects([(800010, "410882", "沁阳厂", "一般")]), "?date=2026-03-02"),
            422)  # another branch's jurisdiction
    refused(oversight, "监督", "UPLOAD", ("objects", objects(good), "?date=2026-03-02"), 403)
    refused(inspector, "执法人员", "UPLOAD", ("objects", objects(good), "?date=2026-03-02"), 403)
    refused(branch, "分局", "UPLOAD", ("objects", b"", ""), 400)
    refused(branch, "分局", "UPLOAD", ("objects", objects(good), "?full=2"), 400)

    st, j = branch.req("GET", "/api/objects?size=2")
    check(st == 200 and j["total"] == 3 and len(j["rows"]) == 2 and j["rows"][0]["uscc"] == uscc("410821", 800001)
          and j["rows"][0]["name"] == "修武甲厂", f"分局的对象列表（分页）: {st} {j}")
    st, j = branch.req("GET", "/api/objects?class=重点")
    check(st == 200 and [r["name"] for r in j["rows"]] == ["修武丙厂"], f"按监管类别筛选: {st} {j}")
    st, j = branch.req("GET", "/api/objects?q=乙厂")
    check(st == 200 and j["total"] == 1 and j["rows"][0]["name"] == "修武乙厂", f"按名称搜索: {st} {j}")
    st, j = branch.req("GET", "/api/objects?class=不存在")
    check(st == 400, f"未知的类别应为 400: {st} {j}")
    st, j = other.req("GET", "/api/objects")
    check(st == 200 and j["total"] == 0, f"另一分局看不到修武的对象: {st} {j}")
    st, j = admin.req("GET", "/api/objects")
    check(st == 200 and j["total"] == 3, f"市局看到全部: {st} {j}")
    st, j = other.req("GET", f"/api/objects/{uscc('410821', 800001)}/history")
    check(st in (403, 404), f"另一分局不能看修武对象的历史: {st} {j}")

    changed = [(800001, "410821", "修武甲厂（更名）", "一般")] + good[1:]
    st, j = upload(branch, "objects", objects(changed), "?date=2026-05-10")
    check(st == 200 and j["changed"] == 1 and j["unchanged"] == 2, f"再次导入（一处更名）: {st} {j}")
    st, j = branch.req("GET", f"/api/objects/{uscc('410821', 800001)}/history")
    ok = st == 200 and len(j["rows"]) == 2
    check(ok, f"对象历史: {st} {j}")
    if ok:
        last = j["rows"][-1]
        check(last["source"] == "objects.csv", f"批次来源应为用户的文件名: {last}")
        check(last["valid_from"] == "2026-05-10" and {"field": "单位名称", "old": "修武甲厂", "new": "修武甲厂（更名）"}
              in last["changes"], f"历史列出改动的字段: {last}")
    st, j = branch.req("GET", "/api/objects?as_of=2026-04-01")
    check(st == 200 and j["rows"][0]["name"] == "修武甲厂", f"按日期查看名录: {st} {j}")
    st, j = branch.req("GET", "/api/directory/changes?quarter=2026Q2&kind=objects")
    check(st == 200 and j["total"] == 1 and j["rows"][0]["name"] == "修武甲厂（更名）", f"季度变化: {st} {j}")
    st, j = branch.req("GET", "/api/directory/changes?quarter=2026Q5")
    check(st == 400, f"无效季度: {st}")

    st, body = branch.req("GET", "/api/export/objects?format=csv")
    h = branch.last_headers
    check(st == 200 and h.getheader("Content-Type").startswith("text/csv") and "attachment" in
          h.getheader("Content-Disposition", "") and uscc("410821", 800002).encode() in body, "导出 CSV")
    st, body = branch.req("GET", "/api/export/objects?format=xlsx")
    check(st == 200 and body[:2] == b"PK", "导出 xlsx")
    # .xlsx: the exported workbook imports back unchanged; a workbook with a bad row is refused with its
    # Excel row; a broken one is refused naming the user's file, never the server's temporary path
    st, j = upload(branch, "objects", body, "?date=2026-05-12", name="objects.xlsx")
    check(st == 200 and j["unchanged"] == 3 and j["added"] == j["changed"] == 0, f"导入导出的 xlsx: {st} {j}")
    j = refused(branch, "分局", "UPLOAD", ("objects", workbook(bad), "?date=2026-05-12", "对象.xlsx"), 422)
    rows = j.get("rows", []) if j else []
    check(rows and rows[0]["line"] == 3 and rows[0].get("field") == "统一社会信用代码", f"xlsx 坏行的行号与字段: {rows}")
    j = refused(branch, "分局", "UPLOAD", ("objects", b"PK\x03\x04 not really a zip", "", "对象.xlsx"), 400)
    check(j and "对象.xlsx" in j["error"] and "suiji-web" not in j["error"], f"损坏的 xlsx 应称用户的文件名: {j}")
    st, j = upload(branch, "objects", workbook(objects(changed)), "?date=2026-05-12&sheet=%E5%90%8D%E5%BD%95", name="对象.xlsx")
    check(st == 200 and j["unchanged"] == 3, f"按名称指定工作表: {st} {j}")
    refused(branch, "分局", "UPLOAD", ("objects", workbook(objects(changed)), "?date=2026-05-12&sheet=Sheet9", "对象.xlsx"), 400)
    st, j = branch.req("GET", "/api/export/objects?format=pdf")
    check(st == 400, f"不支持的导出格式: {st}")

    # a conflict: its history by the two-part key "person/credit code" (one path segment, %2F)
    conf = ("人员编号,统一社会信用代码,原因\n" f"P0002,{uscc('410821', 800002)},亲属在该单位任职\n").encode()
    st, j = upload(branch, "conflicts", conf, "?date=2026-05-11", name="conflicts.csv")
    check(st == 200 and j["added"] == 1, f"导入回避关系: {st} {j}")
    st, j = branch.req("GET", f"/api/conflicts/P0002%2F{uscc('410821', 800002)}/history")
    check(st == 200 and len(j["rows"]) == 1, f"回避关系的历史: {st} {j}")
    st, j = branch.req("GET", "/api/people")
    check(st == 200 and any(r["id"] == "P0002" for r in j["rows"]), f"人员名录: {st}")
    rc = env.stop()
    check(rc == 0, f"SIGTERM 后应正常退出: {rc}")
finally:
    env.cleanup()
finish()
