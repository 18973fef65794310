#!/usr/bin/env bash
# bench/bench_quality.sh: detection and linkage quality of `leasehound scan` on generated logs.
#
# For every scenario of `leasehound gen --list-scenarios` and each seed: generate a log with its
# truth, scan it (unsupervised model, default alpha), and evaluate the scan against the truth:
#
#   leasehound gen --scenario S --leases N --seed K --truth T --out F
#   leasehound scan F --out DIR --quiet
#   leasehound eval --json --truth T DIR
#
# bench/quality_diag.py then counts where the scan's errors come from (false merges, unflagged
# positives at the lowest score, values the generator gave to several actors). Then
# bench/quality_report.py writes bench/results/<date>-quality.md: per scenario, the lease
# PR-AUC and ROC-AUC, flag precision / recall / false-positive rate, realised FDR beside alpha,
# precision at 10/100/1000 renters, flag rate, pairwise recall and merged share per truth kind,
# and pairwise and B-cubed linkage, as mean (min - max) over seeds, with the targets of issues 4
# and 5 marked met or missed. Progress goes to stderr. Any failed step stops the script with a
# non-zero status and no results file (the table is written only when every run is complete).
#
#   bench/bench_quality.sh          # 4 scenarios x 3 seeds x 100k leases: ~2 minutes, +1 to build
#   BENCH_SEEDS="1" BENCH_LEASES=20000 bench/bench_quality.sh   # a quick look
#
# Environment: BENCH_BUILD (build folder, default build/bench-release; configured Release with
# LH_BUILD_BENCH=ON and built here), LEASEHOUND (a leasehound binary to use instead of building),
# BENCH_SEEDS (default "1 2 3"), BENCH_LEASES (default 100000), BENCH_SCENARIOS (default: all
# of --list-scenarios), BENCH_WORK (scratch, default bench/work/quality, ignored by git),
# BENCH_KEEP=1 keeps the generated logs and scan folders there.
set -Eeuo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
results=$top/bench/results
work=${BENCH_WORK:-$top/bench/work/quality}
seeds=${BENCH_SEEDS:-1 2 3}
leases=${BENCH_LEASES:-100000}
say() { echo "bench_quality: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND (exit $?)"' ERR

[ -x /usr/bin/time ] || fail "needs /usr/bin/time (Debian package time)"
command -v python3 >/dev/null || fail "needs python3"

started=$(date +%s)
built=""
if [ -n "${LEASEHOUND:-}" ]; then
  bin=$LEASEHOUND
  build_note="the binary \`$bin\` given in LEASEHOUND"
else
  build=${BENCH_BUILD:-$top/build/bench-release}
  say "building leasehound (Release) in $build"
  tests=()  # a new build folder needs no Criterion; an existing one keeps its test setting
  [ -f "$build/CMakeCache.txt" ] || tests=(-DLH_BUILD_TESTS=OFF)
  cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLH_BUILD_BENCH=ON "${tests[@]}" >/dev/null
  cmake --build "$build" -j 2 --target leasehound >/dev/null
  bin=$build/leasehound
  built=" (the build included)"
  build_note="a Release build (\`cmake -DCMAKE_BUILD_TYPE=Release -DLH_BUILD_BENCH=ON\`, \`$(grep -m1 '^CMAKE_C_FLAGS_RELEASE' "$build/CMakeCache.txt" | cut -d= -f2-)\`)"
fi
[ -x "$bin" ] || fail "no leasehound binary at $bin"

# the scenario names: the backquoted names of the list's bullets
listed=$("$bin" gen --list-scenarios | sed -n 's/^- `\([a-z0-9_]*\)`:.*/\1/p' | tr '\n' ' ')
[ -n "$listed" ] || fail "leasehound gen --list-scenarios named no scenario"
scenarios=$(echo ${BENCH_SCENARIOS:-$listed})
say "scenarios: $scenarios; seeds: $seeds; $leases leases each; binary $bin"

rm -rf "$work"
mkdir -p "$work" "$results"

# timed OUT NAME CMD...: runs CMD under /usr/bin/time, stdout to OUT; sets NAME_wall, NAME_rss
timed() {
  local out=$1 name=$2
  shift 2
  local rc=0
  /usr/bin/time -f '%e %M' -o "$work/time.txt" "$@" >"$out" 2>"$work/stderr.txt" || rc=$?
  if [ "$rc" != 0 ]; then
    cat "$work/stderr.txt" >&2
    fail "exit $rc from: $*"
  fi
  local w m
  read -r w m <"$work/time.txt"
  printf -v "${name}_wall" %s "$w"
  printf -v "${name}_rss" %s "$m"
}

n_runs=0
total_runs=$(($(echo $scenarios | wc -w) * $(echo $seeds | wc -w)))
for s in $scenarios; do
  for seed in $seeds; do
    n_runs=$((n_runs + 1))
    base=$work/$s-seed$seed
    log=$base.csv truth=$base.truth.csv dir=$base.scan
    say "[$n_runs/$total_runs] $s seed $seed: gen"
    timed "$base.gen.txt" gen "$bin" gen --scenario "$s" --leases "$leases" --seed "$seed" \
      --truth "$truth" --out "$log"
    say "[$n_runs/$total_runs] $s seed $seed: scan"
    timed /dev/null scan "$bin" scan "$log" --out "$dir" --quiet
    say "[$n_runs/$total_runs] $s seed $seed: eval"
    timed "$base.eval.json" eval "$bin" eval --json --truth "$truth" "$dir"
    cp "$dir/summary.json" "$base.summary.json"
    python3 "$top/bench/quality_diag.py" "$log" "$truth" "$dir" >"$base.diag.json" ||
      fail "quality_diag.py on $s seed $seed"
    say "[$n_runs/$total_runs] $s seed $seed: gen ${gen_wall} s, scan ${scan_wall} s, eval ${eval_wall} s;" \
      "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); l=d["leases"]; print("PR-AUC %s, FPR %s" % (l["average_precision"], l["flags"]["false_positive_rate"]))' "$base.eval.json")"
    printf 'status=ok\ngen_wall_s=%s\nscan_wall_s=%s\nscan_rss_kb=%s\neval_wall_s=%s\n' \
      "$gen_wall" "$scan_wall" "$scan_rss" "$eval_wall" >"$base.run"
    [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$log" "$truth" "$dir"
  done
done

date=$(date +%F)
file=$results/$date-quality.md
tables=$work/tables.md
python3 "$top/bench/quality_report.py" "$work" "$tables" --scenarios "$scenarios" \
  --seeds "$seeds" --leases "$leases"
elapsed=$(($(date +%s) - started))

commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=""
git -C "$top" diff --quiet HEAD -- src models 2>/dev/null || dirty=" (with uncommitted changes in src/ or models/)"
{
  echo "# leasehound: detection and linkage quality on generated logs ($date)"
  echo
  echo "Measured by \`bench/bench_quality.sh\` at commit \`$commit\`$dirty, $("$bin" --version),"
  echo "$build_note. Written by the script; no number here is typed by hand."
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"
  echo "$(lscpu 2>/dev/null | awk -F: '/^Hypervisor vendor/ { gsub(/^ +/, "", $2); printf "virtualised (%s), ", $2 }')$(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)), $(uname -sr), shared with other jobs"
  echo "(load average $(cut -d' ' -f1-3 /proc/loadavg) at the end). The whole run took $elapsed s$built."
  echo
  echo "For each scenario S of \`leasehound gen --list-scenarios\` ($scenarios) and seed K in $seeds:"
  echo
  echo '```sh'
  echo "leasehound gen --scenario S --leases $leases --seed K --truth T --out F"
  echo "leasehound scan F --out DIR --quiet          # unsupervised model, default alpha"
  echo "leasehound eval --json --truth T DIR"
  echo '```'
  echo
  echo "Tables by \`bench/quality_report.py\` from the eval JSON, the scan's summary.json and"
  echo "\`bench/quality_diag.py\` (which reads the log, the truth, leases.csv and renters.csv);"
  echo "times by \`/usr/bin/time\` (wall seconds, peak RSS). Lease-level measures count only"
  echo "labelled leases; a renter is flagged when any of its leases is. Rates are shares of the"
  echo "kind's leases or renters. See README.md (Evaluation) for each measure's definition."
  echo
  cat "$tables"
} >"$file.tmp"
mv "$file.tmp" "$file"
[ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$work"
say "wrote $file in $elapsed s"
