#!/usr/bin/env bash
# Builds and runs one libFuzzer harness: run.sh NAME SECONDS
#
# tests/fuzz/NAME.c is compiled by clang with -fsanitize=fuzzer,address,undefined together with
# only the sources it lists in a line "// fuzz-sources: src/… src/…" and the pkg-config packages
# it lists in a line "// fuzz-libs: jansson …" (optional). The binary, the growing corpus (seeded
# from tests/fuzz/corpus/NAME/ when present) and any crash files live in $SUIJI_FUZZ_DIR (default:
# a temporary directory, removed afterwards); tests/fuzz/NAME.dict is used when present.
# Exits non-zero on a crash, a leak, undefined behaviour or a timeout, and ends with the line
# "1 passed, 0 failed" (or "0 passed, 1 failed") like the other test scripts.
set -u

usage() {
	echo "用法: $0 名称 秒数（例如 $0 fuzz-csv 60）" >&2
	exit 2
}
[ $# -eq 2 ] || usage
name=$1
secs=$2
case $secs in '' | *[!0-9]*) usage ;; esac

src=${SUIJI_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
harness=$src/tests/fuzz/$name.c
[ -f "$harness" ] || {
	echo "找不到模糊测试程序 $harness" >&2
	exit 2
}
command -v clang >/dev/null || {
	echo "需要 clang（以及 libclang-rt-dev）来构建模糊测试，请运行 scripts/deps.sh" >&2
	echo "0 passed, 1 failed"
	exit 1
}

dir=${SUIJI_FUZZ_DIR:-}
if [ -z "$dir" ]; then
	dir=$(mktemp -d)
	trap 'rm -rf "$dir"' EXIT
fi
mkdir -p "$dir/corpus/$name" "$dir/artifacts" || exit 1

failed() {
	trap - EXIT # keep a temporary directory: it holds the input that failed
	echo "0 passed, 1 failed"
	exit 1
}

# the sources and packages the harness names: words are paths or globs below the source tree
# (src/op/*.c), and a word "-PATH" takes that file out again (so that a new file in a listed folder
# needs no edit here)
sources=()
drop=()
set -f
words=$(sed -n 's|^// fuzz-sources:||p' "$harness")
set +f
for w in $words; do
	case $w in
	-*) drop+=("$src/${w#-}") ;;
	*)
		for f in "$src"/$w; do
			[ -e "$f" ] || {
				echo "模糊测试 $name 列出的源文件不存在: $w" >&2
				failed
			}
			sources+=("$f")
		done
		;;
	esac
done
for d in "${drop[@]}"; do
	for i in "${!sources[@]}"; do [ "${sources[$i]}" = "$d" ] && unset 'sources[i]'; done
done
sources=("${sources[@]}")
libs=$(sed -n 's|^// fuzz-libs:||p' "$harness")
pkgflags=()
if [ -n "${libs// /}" ]; then
	# shellcheck disable=SC2086 # one word per package
	read -r -a pkgflags <<<"$(pkg-config --cflags --libs $libs)" || failed
fi

# build when the binary is missing or older than any of its sources
bin=$dir/$name
stale=1
if [ -x "$bin" ]; then
	stale=0
	for f in "$harness" "${sources[@]}" "$src"/src/io/*.h "$src"/src/util/*.h "$src"/src/core/*.h; do
		[ "$f" -nt "$bin" ] && stale=1
	done
fi
if [ "$stale" = 1 ]; then
	if ! clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-D_GNU_SOURCE -std=c17 -I "$src/src" -I "$src/src/util" \
		"$harness" "${sources[@]}" "${pkgflags[@]}" -o "$bin.tmp" 2>"$dir/$name.build.log"; then
		cat "$dir/$name.build.log" >&2
		echo "构建模糊测试 $name 失败" >&2
		failed
	fi
	mv "$bin.tmp" "$bin"
fi

# seed the corpus
if [ -d "$src/tests/fuzz/corpus/$name" ]; then
	cp -n "$src/tests/fuzz/corpus/$name"/* "$dir/corpus/$name"/ 2>/dev/null
fi
dict=()
[ -f "$src/tests/fuzz/$name.dict" ] && dict=("-dict=$src/tests/fuzz/$name.dict")

log=$dir/$name.log
"$bin" "$dir/corpus/$name" "${dict[@]}" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	-artifact_prefix="$dir/artifacts/$name-" -print_final_stats=1 >"$log" 2>&1
rc=$?
if [ $rc -ne 0 ]; then
	tail -60 "$log" >&2
	echo "模糊测试 $name 失败（退出码 $rc），输入保存在 $dir/artifacts/" >&2
	failed
fi
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
echo "$name: ${runs:-?} 次运行, ${secs} 秒, 语料 $(find "$dir/corpus/$name" -type f | wc -l) 个"
echo "1 passed, 0 failed"
