#!/usr/bin/env bash
# The main job on its embedded default: a demo database of Jiaozuo, then a walk through what exists.
set -euo pipefail
bin=${1:-build/suiji}
echo "(演示尚未完成)"
"$bin" --help
