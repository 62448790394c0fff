#!/usr/bin/env bash
# Longer fuzzing than "make check" does: every tests/fuzz/fuzz-*.c harness for SUIJI_FUZZ_SECONDS
# seconds each (default 300), its corpus kept in ~/.cache/suiji-fuzz (SUIJI_FUZZ_DIR) so that runs build
# on each other. Prints a table; a crash, leak, hang or undefined behaviour fails the run and leaves
# the input under that directory's artifacts/.
# Usage: bench/run-fuzz.sh [suiji]   (the binary is not needed: harnesses build from the sources)
set -u
src=$(cd "$(dirname "$0")/.." && pwd)
secs=${SUIJI_FUZZ_SECONDS:-300}
dir=${SUIJI_FUZZ_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/suiji-fuzz}
mkdir -p "$dir"
echo
echo "## 模糊测试（libFuzzer + ASan + UBSan，每个 ${secs} 秒）"
printf '| 程序 | 结果 | 运行次数 | 语料 |\n|---|---|---:|---:|\n'
rc=0
for h in "$src"/tests/fuzz/fuzz-*.c; do
	name=$(basename "$h" .c)
	out=$(SUIJI_SRC=$src SUIJI_FUZZ_DIR=$dir bash "$src/tests/fuzz/run.sh" "$name" "$secs" 2>&1)
	if echo "$out" | grep -q '^1 passed'; then
		line=$(echo "$out" | grep "^$name:")
		runs=$(echo "$line" | sed -n 's/.*: \([0-9?]*\) 次运行.*/\1/p')
		corpus=$(echo "$line" | sed -n 's/.*语料 \([0-9]*\) 个.*/\1/p')
		printf '| %s | 通过 | %s | %s |\n' "$name" "$runs" "$corpus"
	else
		printf '| %s | **失败** | | |\n' "$name"
		echo "$out" | tail -30 >&2
		rc=1
	fi
done
exit $rc
