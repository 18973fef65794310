#!/usr/bin/env bash
# tests/fuzz/run.sh: runs one libFuzzer target on one core for a given time.
#
#   tests/fuzz/run.sh TARGET SECONDS [BUILD_DIR]      # TARGET: csv normalize map spec model
#
# Reads the seed corpus tests/fuzz/corpus/TARGET and grows a working corpus in
# tests/fuzz/corpus-new/TARGET (ignored by git); crash, timeout and leak inputs go to
# BUILD_DIR/fuzz-runs/TARGET/ (default BUILD_DIR: build/fuzz, made as in tests/fuzz/README.md).
# The log, with libFuzzer's final cov:/ft: line and the CPU time of /usr/bin/time -v, is
# BUILD_DIR/fuzz-runs/TARGET-DATE.log. One process, one core: never start two at once on a shared
# machine.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
target=${1:?target}
seconds=${2:?seconds}
build=${3:-$top/build/fuzz}
bin=$build/tests/fuzz/fuzz_$target
[ -x "$bin" ] || { echo "$0: no $bin (see tests/fuzz/README.md)" >&2; exit 1; }
mkdir -p "$top/tests/fuzz/corpus-new/$target" "$build/fuzz-runs/$target"
log=$build/fuzz-runs/$target-$(date -u +%Y%m%d-%H%M%S).log
# -timeout: an input that takes 10 s is a hang; -rss_limit_mb: 2 GiB is far beyond any
# input's need. UBSan reports abort (-fno-sanitize-recover); ASan checks leaks at exit.
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
/usr/bin/time -v "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 -artifact_prefix="$build/fuzz-runs/$target/" \
  "$top/tests/fuzz/corpus-new/$target" "$top/tests/fuzz/corpus/$target" >"$log" 2>&1 || true
echo "$log"
grep -E "^#[0-9]+ +DONE|^stat::|Deadly|ERROR|fuzz check|SUMMARY|Elapsed|User time|System time|Maximum resident" "$log" | tail -20
