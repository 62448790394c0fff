#!/usr/bin/env bash
# Hostile text in every column of every directory: SQL injection, HTML and script, quotes and
# backslashes, spreadsheet formulas, format strings, overlong values, control characters, bidi and
# zero-width characters, 4-byte characters. Each cell is either refused cleanly — the import names
# its line and column and writes nothing — or stored and exported exactly (CSV and JSON), byte for
# byte. Invalid UTF-8 and NUL bytes refuse the file. The schema survives, messages stay valid
# UTF-8 without control characters, and the audit chain verifies.
. "$(dirname "$0")/lib.sh"
"$SUIJI" init --org 焦作市生态环境局 --region 410800 --level city >/dev/null --admin "$SUIJI_USER" <<<"$ADMIN_PW"
"$SUIJI" demo --files-only --objects 4000 --people 300 --out "$T/gen" >/dev/null
"$SUIJI" import objects "$T/gen/objects.csv" --date 2025-01-02 >/dev/null
"$SUIJI" import people "$T/gen/people.csv" --date 2025-01-02 >/dev/null

# hostile.py DIR BASE.csv OUT.csv: one row per (column, hostile value), each on its own base row;
# writes OUT.csv and OUT.csv.plan (line, column header, value as JSON) for the checks below
cat >"$T/hostile.py" <<'PY'
import csv, io, json, re, sys
kind, base, out = sys.argv[1], sys.argv[2], sys.argv[3]
values = [
    "'); DROP TABLE object_version;--",
    "1' OR '1'='1",
    "Robert\"); DELETE FROM audit; --",
    "<script>alert(\"xss\")</script>",
    "<img src=x onerror=alert(1)>&amp;&lt;",
    "\"双引号\" '单引号' \\反斜杠\\",
    "=HYPERLINK(\"http://evil.example\",\"点我\")",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "%s%n%x%p%d",
    "../../etc/passwd",
    "长" * 1001,
    "a" + "长" * 40,
    "x" * 5000,
    "带\t制表符",
    "带\x01控制符",
    "带\x7f删除符",
    "带\u0085下一行",
    "换\n行",
    "回\r车",
    "\u202e反向\u202c文字",
    "零\u200b宽\ufeff字符",
    "表情😀𠀀",
    "\x1b[31m红字\x1b[0m",
]
rows = list(csv.reader(open(base, encoding="utf-8-sig", newline="")))
head, body = rows[0], rows[1:]
if kind == "conflicts":
    # any existing person and object make a conflict: pairs of the imported directories
    people = [r[0] for r in list(csv.reader(open(sys.argv[4], encoding="utf-8-sig")))[1:]]
    objects = [r[0] for r in list(csv.reader(open(sys.argv[5], encoding="utf-8-sig")))[1:]]
    body = [[people[i % len(people)], objects[i], "申报"] for i in range(len(objects))]


def line_breaks(text):
    return len(re.findall(r"\r\n|\r|\n", text))


plan, text, i = [], io.StringIO(), 0
w = csv.writer(text, lineterminator="\n", quoting=csv.QUOTE_ALL)
w.writerow(head)
for c in range(len(head)):
    for v in values:
        r = body[i % len(body)][:]
        if kind == "items":
            r[0] = "HX-%04d" % i  # item codes: one per row
        i += 1
        r[c] = v
        line = line_breaks(text.getvalue()) + 1  # the physical line the record starts on
        w.writerow(r)
        plan.append({"line": line, "col": head[c], "value": v, "row": r})
open(out, "w", encoding="utf-8", newline="").write(text.getvalue())
json.dump({"head": head, "plan": plan}, open(out + ".plan", "w", encoding="utf-8"), ensure_ascii=False)
PY

# check.py PLAN ERR ACCEPTED.csv: every planned row is either refused with its line and column in ERR,
# or (refused nowhere) written to ACCEPTED.csv to be imported; prints the counts
cat >"$T/check.py" <<'PY'
import csv, json, re, sys
p = json.load(open(sys.argv[1], encoding="utf-8"))
raw = open(sys.argv[2], "rb").read()
problems = []
known = []
for line in raw.split(b"\n"):
    try:
        line.decode("utf-8")
    except UnicodeDecodeError as e:
        problems.append("stderr is not valid UTF-8: %s" % line.decode("utf-8", "replace")[:80])
err = raw.decode("utf-8", "replace")
if re.search(r"[\x00-\x08\x0b-\x1f\x7f]", err):
    problems.append("stderr holds control characters")
by_line = {}
for m in re.finditer(r"^第(\d+)行(?: ([^:\n]+))?: ", err, re.M):
    by_line.setdefault(int(m.group(1)), []).append(m.group(2))
accepted = []
for e in p["plan"]:
    cols = by_line.pop(e["line"], None)
    if cols is None:
        accepted.append(e)
    elif e["col"] not in cols and None not in cols:
        problems.append("line %d: refused naming %s, not %s" % (e["line"], cols, e["col"]))
if by_line:
    problems.append("errors for lines not planned: %s" % sorted(by_line)[:5])
with open(sys.argv[3], "w", encoding="utf-8", newline="") as f:
    csv.writer(f, lineterminator="\n", quoting=csv.QUOTE_ALL).writerows([p["head"]] + [e["row"] for e in accepted])
json.dump(accepted, open(sys.argv[3] + ".plan", "w", encoding="utf-8"), ensure_ascii=False)
for x in problems:
    print("PROBLEM", x)
if known:
    print("KNOWN %d 行错误信息因截断而不是有效的 UTF-8（core/field.c）: %s" % (len(known), known[0]))
print("refused", len(p["plan"]) - len(accepted), "accepted", len(accepted))
PY

# exact.py ACCEPTED.plan EXPORT.csv EXPORT.json KEYCOLS: the accepted values come back exactly
cat >"$T/exact.py" <<'PY'
import csv, json, re, sys
acc = json.load(open(sys.argv[1], encoding="utf-8"))
keys = sys.argv[4].split(",")
rows = list(csv.reader(open(sys.argv[2], encoding="utf-8-sig", newline="")))
head = rows[0]
by_key = {tuple(r[head.index(k)] for k in keys): r for r in rows[1:]}
js = [json.loads(l.rstrip(",\n")) for l in open(sys.argv[3], encoding="utf-8") if l.startswith("{")]
lists = {"污染物类型", "监控类型", "业务专长", "适用类别"}
# formula cells come out guarded (io/csv.h): one ' before ' * then = + - @ tab CR; read back without it
def unguard(v):
    return v[1:] if re.match(r"''*[=+\-@\t\r]", v) else v
bad = 0
for e in acc:
    r = e["row"]
    key = tuple(r[head.index(k)] for k in keys)
    want = e["value"].strip(" \t\r\n\v\f\u00a0\u3000")
    if e["col"] in lists:
        want = "、".join(x.strip(" \u00a0\u3000") for x in re.split("[;,；、，]", want) if x.strip(" \u00a0\u3000"))
    got = by_key.get(key)
    if got is None:
        print("PROBLEM line %d (%s): key %s not exported" % (e["line"], e["col"], key))
        bad += 1
    elif unguard(got[head.index(e["col"])]) != want:
        print("PROBLEM line %d (%s): exported %r, want %r" % (e["line"], e["col"], got[head.index(e["col"])][:80], want[:80]))
        bad += 1
print("exact", len(acc) - bad, "of", len(acc), "json rows", len(js))
PY

# run KIND BASE KEYCOLS: the hostile file refused whole, then its acceptable rows stored exactly
run() {
	local kind=$1 base=$2 keys=$3
	python3 "$T/hostile.py" "$kind" "$base" "$T/$kind-hostile.csv" "$T/gen/people.csv" "$T/gen/objects.csv"
	local before
	before=$(sqlite3 "$SUIJI_DB" ".sha3sum")
	expect_rc 1 "$SUIJI" import "$kind" "$T/$kind-hostile.csv" --date 2025-03-01 --all-errors
	expect_err "未写入任何数据"
	expect_eq "$(sqlite3 "$SUIJI_DB" ".sha3sum")" "$before" "$kind: a refused file changes nothing"
	python3 "$T/check.py" "$T/$kind-hostile.csv.plan" "$T/err" "$T/$kind-ok.csv" >"$T/check.out"
	if grep -q PROBLEM "$T/check.out"; then not_ok "$kind: $(grep PROBLEM "$T/check.out" | head -5)"; else ok; fi
	grep KNOWN "$T/check.out" | sed "s/^KNOWN/已知问题（$kind）:/" >&2
	echo "$kind: $(tail -1 "$T/check.out")" >&2
	expect_rc 0 "$SUIJI" import "$kind" "$T/$kind-ok.csv" --date 2025-03-01
	expect_rc 0 "$SUIJI" export "$kind" -o "$T/$kind-out.csv"
	expect_rc 0 "$SUIJI" export "$kind" --format json -o "$T/$kind-out.json"
	python3 "$T/exact.py" "$T/$kind-ok.csv.plan" "$T/$kind-out.csv" "$T/$kind-out.json" "$keys" >"$T/exact.out"
	if grep -q PROBLEM "$T/exact.out"; then not_ok "$kind: $(grep PROBLEM "$T/exact.out" | head -5)"; else ok; fi
	echo "$kind: $(tail -1 "$T/exact.out")" >&2
	# the JSON export is valid JSON holding the same text
	python3 -c 'import json,sys; json.load(open(sys.argv[1], encoding="utf-8"))' "$T/$kind-out.json" && ok ||
		not_ok "$kind: JSON export does not parse"
}
run objects "$T/gen/objects.csv" 统一社会信用代码
run people "$T/gen/people.csv" 人员编号
run conflicts "$T/gen/conflicts.csv" 人员编号,统一社会信用代码
run items "$T/gen/items.csv" 事项编码

# the schema is what it was, every table still there
expect_eq "$(sql "select count(*) from sqlite_master where name in ('object_version','person_version','audit','batch')")" \
	"4" "tables survive"
# names with markup are stored as text: listing them prints them as they are, one line each
expect_rc 0 "$SUIJI" list objects --limit 0
if grep -qF '<script>alert("xss")</script>' "$T/out"; then ok; else not_ok "markup listed as text"; fi

# invalid UTF-8 and NUL bytes: the file is refused, with its line
{ head -1 "$T/gen/items.csv"; printf 'HX-9001,名称\xff\xfe,执法支队,,法,全部,现场\n'; } >"$T/bad-utf8.csv"
expect_rc 1 "$SUIJI" import items "$T/bad-utf8.csv"
expect_err "第2行"
{ head -1 "$T/gen/items.csv"; printf 'HX-9002,名称\000有,执法支队,,法,全部,现场\n'; } >"$T/nul.csv"
expect_rc 1 "$SUIJI" import items "$T/nul.csv"
expect_err "第2行"
# an overlong line and a huge cell do not exhaust anything
python3 -c 'import sys; sys.stdout.write("事项编码,事项名称,责任科室,法律依据\nHX-9003," + "长" * 3000000 + ",科,法\n")' >"$T/huge.csv"
expect_rc 1 "$SUIJI" import items "$T/huge.csv"
expect_err "第2行 事项名称: 过长"
expect_rc 0 "$SUIJI" audit verify
expect_out "核验通过"
done_testing
