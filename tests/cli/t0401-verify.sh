#!/usr/bin/env bash
# Draw packages checked by both verifiers, "suiji verify" (C) and tools/verify.py (Python), on every
# published test vector (docs/draw-vectors/index.tsv): the expected outcome, the same message, and
# for the compute path the same result byte for byte — also on random and on randomly broken inputs.
# The vectors are unsigned: they are verified with --unsigned-ok (signatures: t0607).
. "$(dirname "$0")/lib.sh"

VEC=$SUIJI_SRC/docs/draw-vectors
# The interpreter itself, not a wrapper such as a pyenv shim, and -S (no site packages: the tools use
# the standard library only): this test starts Python a few hundred times.
PYTHON=$(python3 -c 'import sys; print(sys.executable)')
PY="$PYTHON -S $SUIJI_SRC/tools/verify.py"
MAKE="$PYTHON -S $SUIJI_SRC/tools/make-vectors.py"

# The committed vectors are exactly what the generator writes.
$MAKE "$T/vec" >/dev/null 2>"$T/err" || not_ok "make-vectors.py failed: $(cat "$T/err")"
if diff -r "$VEC" "$T/vec" >"$T/diff"; then ok; else
	not_ok "docs/draw-vectors differs from what tools/make-vectors.py writes"
	head -20 "$T/diff" >&2
fi

# Messages may differ between the two only where the JSON itself is broken (the C loader also names
# the line and column).
json_level="bad-duplicate-key bad-truncated"

count=0
while IFS=$'\t' read -r name expected keyword what; do
	case $name in "#"*) continue ;; esac
	count=$((count + 1))
	f=$VEC/$name.json
	want=0
	[ "$expected" = fail ] && want=1
	expect_rc $want "$SUIJI" verify --unsigned-ok "$f"
	cp "$T/out" "$T/c.out"
	cp "$T/err" "$T/c.err"
	if [ "$expected" = pass ]; then
		expect_out "核验通过"
		expect_out "协议: suiji-draw-v1"
		expect_out "单位: 焦作市生态环境局"
		expect_out "公告时间: 2025-01-05T09:00:00+08:00"
		expect_out "抽取对象: "
	else
		expect_err "$keyword"
		expect_no_out "核验通过"
	fi
	expect_rc $want $PY --unsigned-ok "$f"
	if [ "$expected" = pass ]; then expect_out "核验通过"; else expect_err "$keyword"; fi
	if cmp -s "$T/c.out" "$T/out"; then ok; else not_ok "$name: stdout differs between C and Python"; fi
	case " $json_level " in
	*" $name "*) ;;
	*) if cmp -s "$T/c.err" "$T/err"; then ok; else
		not_ok "$name: messages differ between C and Python"
		cat "$T/c.err" "$T/err" >&2
	fi ;;
	esac

	# the compute path: inputs + salt + beacon give the stored result, in both languages, byte for byte
	if [ "$expected" = pass ]; then
		$PYTHON -S - "$f" "$T/in.json" "$T/args" "$T/want" <<-'EOF'
			import json, sys
			p = json.load(open(sys.argv[1], encoding="utf-8"))
			open(sys.argv[2], "w", encoding="utf-8").write(json.dumps(p["inputs"], ensure_ascii=False, indent=2))
			open(sys.argv[3], "w", encoding="utf-8").write(p["reveal"]["salt"] + "\n" + p["reveal"]["beacon_value"])
			open(sys.argv[4], "wb").write(json.dumps(p["result"], ensure_ascii=False, separators=(",", ":"),
			                                         sort_keys=True).encode() + b"\n")
		EOF
		salt=$(head -1 "$T/args")
		beacon=$(tail -n +2 "$T/args")
		expect_rc 0 "$SUIJI" verify --compute "$T/in.json" "$salt" "$beacon"
		cp "$T/out" "$T/c.result"
		expect_rc 0 $PY --compute "$T/in.json" "$salt" "$beacon"
		if cmp -s "$T/c.result" "$T/out"; then ok; else not_ok "$name: C and Python compute different results"; fi
		if cmp -s "$T/c.result" "$T/want"; then ok; else not_ok "$name: the computed result is not the stored one"; fi
	fi
done <"$VEC/index.tsv"
[ "$count" -ge 25 ] && ok || not_ok "only $count vectors in index.tsv"

# Random frames: both implementations compute the same bytes.
for seed in $(seq 1 40); do
	$MAKE --random "$seed" >"$T/r.json"
	salt=$(printf '%064x' "$seed")
	"$SUIJI" verify --compute "$T/r.json" "$salt" "随机 $seed" >"$T/c.out" 2>"$T/c.err"
	a=$?
	$PY --compute "$T/r.json" "$salt" "随机 $seed" >"$T/p.out" 2>"$T/p.err"
	b=$?
	if [ $a = 0 ] && [ $b = 0 ] && cmp -s "$T/c.out" "$T/p.out"; then ok; else
		not_ok "random seed $seed: C (exit $a) and Python (exit $b) differ"
		head -c 600 "$T/c.err" "$T/p.err" >&2
	fi
done

# Randomly broken frames: both refuse (or accept) alike, with the same message.
for seed in $(seq 1 40); do
	$MAKE --mutate "$seed" >"$T/m.json"
	"$SUIJI" verify --compute "$T/m.json" "$(printf '%064x' 1)" b >"$T/c.out" 2>"$T/c.err"
	a=$?
	$PY --compute "$T/m.json" "$(printf '%064x' 1)" b >"$T/p.out" 2>"$T/p.err"
	b=$?
	if [ $a = $b ] && cmp -s "$T/c.out" "$T/p.out" && cmp -s "$T/c.err" "$T/p.err"; then ok; else
		not_ok "mutated seed $seed: C (exit $a) and Python (exit $b) differ"
		cat "$T/c.err" "$T/p.err" >&2
	fi
done

# Other top-level keys are ignored by both ("signature" is not one of them: t0607 checks signatures).
$PYTHON -S - "$VEC/basic-chinese.json" "$T/extra.json" <<-'EOF'
	import json, sys
	p = json.load(open(sys.argv[1], encoding="utf-8"))
	p["publication"] = {"url": "https://sthjj.jiaozuo.gov.cn/", "note": "检查结束后公开"}
	json.dump(p, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
EOF
expect_rc 0 "$SUIJI" verify --unsigned-ok "$T/extra.json"
expect_out "核验通过"
expect_rc 0 $PY --unsigned-ok "$T/extra.json"
expect_out "核验通过"

# A UTF-8 byte order mark is tolerated; a top level that is not an object is not a package.
printf '\xef\xbb\xbf' | cat - "$VEC/weights.json" >"$T/bom.json"
expect_rc 0 "$SUIJI" verify --unsigned-ok "$T/bom.json"
expect_rc 0 $PY --unsigned-ok "$T/bom.json"
echo '[1,2]' >"$T/array.json"
expect_rc 1 "$SUIJI" verify "$T/array.json"
expect_err "不是抽取包：顶层应为对象"
expect_rc 1 $PY "$T/array.json"
expect_err "不是抽取包：顶层应为对象"

# Unreadable files and usage errors.
expect_rc 1 "$SUIJI" verify "$T/nonexistent.json"
expect_err "文件不存在"
expect_rc 1 $PY "$T/nonexistent.json"
expect_err "文件不存在"
expect_rc 1 "$SUIJI" verify "$T"
expect_err "目录"
expect_rc 2 "$SUIJI" verify
expect_err "用法"
expect_rc 2 "$SUIJI" verify a.json b.json
expect_rc 2 $PY
expect_err "用法"
expect_rc 2 "$SUIJI" verify --compute "$T/r.json" nothex b
expect_err "盐值应为 64 位小写十六进制数字"
expect_rc 2 $PY --compute "$T/r.json" nothex b
expect_err "盐值应为 64 位小写十六进制数字"
expect_rc 2 "$SUIJI" verify --compute "$T/r.json"
expect_rc 0 "$SUIJI" verify --help
expect_out "suiji verify"

done_testing
