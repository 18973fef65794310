#!/usr/bin/env bash
# scripts/test.sh: installs what is missing, builds leasehound with -Werror and runs every test,
# then builds it again with AddressSanitizer + UndefinedBehaviorSanitizer and runs every test
# under them. Exits non-zero on the first failure. Build folders: build/test, build/asan.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_packages "${base_packages[@]}" libcriterion-dev

start=$(date +%s)
echo "== build (-Wall -Wextra -Werror)"
build "$top/build/test" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLH_WERROR=ON -DLH_BUILD_BENCH=ON
echo "== tests"
(cd "$top/build/test" && ctest --output-on-failure)

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
build "$top/build/asan" -DCMAKE_BUILD_TYPE=Debug -DLH_WERROR=ON -DLH_SANITIZE=ON
echo "== tests under ASan + UBSan (leak checking on)"
(cd "$top/build/asan" &&
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --output-on-failure)
echo "== all tests passed in $(( $(date +%s) - start )) s"
