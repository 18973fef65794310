#!/usr/bin/env bash
# scripts/test.sh: installs what is missing, builds leasehound with -Werror and runs every test,
# then builds it again with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test
# under them (leak checking on; the end-to-end tests run the ASan binary), then runs the
# fault-injection tests (tests/fault) in a third, ASan-instrumented build; after the first
# build it also retrains models/default.model and compares (scripts/train-default-model.sh
# --check). Exits non-zero on the first failure, and when ASan or LeakSanitizer wrote a report,
# even from a run whose exit status no test checked. Build folders: build/test, build/asan,
# build/fault.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_packages "${base_packages[@]}" libcriterion-dev

# ASan and LeakSanitizer reports go to files (log_path, one per process) as well as failing the
# process: a report from any process of the run, a test or a leasehound it started, fails the
# script. UBSan halts the process on its first report (exit 1), which the tests see; gcc's
# libubsan writes to stderr whatever log_path says.
run_sanitized() {
  local dir=$1 logs=$1/sanitizer-logs
  rm -rf "$logs"
  mkdir -p "$logs"
  local rc=0
  (cd "$dir" &&
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:log_path=$logs/asan \
    LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$logs/ubsan \
      ctest --output-on-failure --no-tests=error) || rc=$?
  if [ -n "$(ls -A "$logs")" ]; then
    echo "sanitizer reports in $logs:" >&2
    head -n 60 "$logs"/* >&2
    rc=1
  fi
  [ "$rc" -eq 0 ] || exit "$rc"
}

start=$(date +%s)
# Formatting (STYLE.md): every tracked C file as .clang-format says; skipped without clang-format
# (Debian: clang-format), which scripts/test.sh does not install, or outside a git checkout.
if command -v clang-format >/dev/null && git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
  echo "== format (clang-format --dry-run)"
  (cd "$top" && git ls-files '*.c' '*.h' | grep -v '^tests/fuzz/corpus' |
    xargs -r clang-format --dry-run -Werror)
else
  echo "== format: skipped (no clang-format, or not a git checkout)"
fi
echo "== build (-Wall -Wextra -Werror)"
build "$top/build/test" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLH_WERROR=ON -DLH_BUILD_BENCH=ON
echo "== tests"
(cd "$top/build/test" && ctest --output-on-failure --no-tests=error)
# The committed default model is trained on a generated log by this linkage: a change to gen or
# to the link stage can leave it stale without changing its format, which the suite checks.
echo "== models/default.model is what this build trains (scripts/train-default-model.sh --check)"
"$top/scripts/train-default-model.sh" --check "$top/build/test/leasehound"

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
build "$top/build/asan" -DCMAKE_BUILD_TYPE=Debug -DLH_WERROR=ON -DLH_SANITIZE=ON
echo "== tests under ASan + UBSan (leak checking on), fuzz corpora replayed"
run_sanitized "$top/build/asan"

echo "== build (fault injection, ASan + UBSan)"
build "$top/build/fault" -DCMAKE_BUILD_TYPE=Debug -DLH_WERROR=ON -DLH_SANITIZE=ON \
  -DLH_FAULT_INJECTION=ON
echo "== fault-injection tests: every N-th write and fsync, sampled N-th allocations"
run_sanitized "$top/build/fault"
echo "== all tests passed in $(( $(date +%s) - start )) s"
