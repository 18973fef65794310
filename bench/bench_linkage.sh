#!/usr/bin/env bash
# bench/bench_linkage.sh: linkage quality on public record-linkage benchmarks.
#
# Deduplicates each file of ../shared/data/external (see its README.md; the files are read from
# there and never copied into the repository) with bench/bench_link.c, the linking stage alone
# with the built-in spec and no labels, and measures pairwise precision, recall and F1 against
# the file's own truth:
#
#   bench_link febrl_dataset1.csv --preset febrl --truth febrl --quiet   # rec-N-org / rec-N-dup-K
#   bench_link febrl_dataset2.csv --preset febrl --truth febrl --quiet
#   bench_link splink_fake_1000_tests.csv --preset splink --truth actor --quiet   # cluster
#
# Targets (issue 4): F1 >= 0.97 on FEBRL dataset2, >= 0.90 on the Splink sample. Prints one
# key=value line per file and writes bench/results/<date>-linkage.md with the machine described.
# Any failed run, or a missing file, stops the script with a non-zero status and no results file.
#
#   bench/bench_linkage.sh          # a few seconds
#
# Environment: BENCH_BUILD (build folder, default build/bench-release; configured Release with
# LH_BUILD_BENCH=ON and built here), BENCH_LINK (a bench_link binary to use instead of
# building), BENCH_EXTERNAL (the data folder, default ../shared/data/external beside the
# repository).
set -Eeuo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
results=$top/bench/results
say() { echo "bench_linkage: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND (exit $?)"' ERR

[ -x /usr/bin/time ] || fail "needs /usr/bin/time (Debian package time)"
ext=${BENCH_EXTERNAL:-$top/../shared/data/external}
[ -d "$ext" ] || fail "no data folder $ext (set BENCH_EXTERNAL)"
ext=$(cd "$ext" && pwd)

started=$(date +%s)
built=""
if [ -n "${BENCH_LINK:-}" ]; then
  bin=$BENCH_LINK
  build_note="the binary \`$bin\` given in BENCH_LINK"
else
  build=${BENCH_BUILD:-$top/build/bench-release}
  say "building bench_link (Release) in $build"
  tests=()  # a new build folder needs no Criterion; an existing one keeps its test setting
  [ -f "$build/CMakeCache.txt" ] || tests=(-DLH_BUILD_TESTS=OFF)
  cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLH_BUILD_BENCH=ON "${tests[@]}" >/dev/null
  cmake --build "$build" -j 2 --target bench_link >/dev/null
  bin=$build/bench/bench_link
  built=" (the build included)"
  build_note="a Release build (\`cmake -DCMAKE_BUILD_TYPE=Release -DLH_BUILD_BENCH=ON\`, \`$(grep -m1 '^CMAKE_C_FLAGS_RELEASE' "$build/CMakeCache.txt" | cut -d= -f2-)\`)"
fi
[ -x "$bin" ] || fail "no bench_link binary at $bin"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# name|file|preset|truth|target F1 (empty: none)
runs=(
  "FEBRL dataset1|febrl_dataset1.csv|febrl|febrl|"
  "FEBRL dataset2|febrl_dataset2.csv|febrl|febrl|0.97"
  "Splink fake_1000|splink_fake_1000_tests.csv|splink|actor|0.90"
)
rows=()
n_ok=0 n_miss=0
for r in "${runs[@]}"; do
  IFS='|' read -r name file preset truth target <<<"$r"
  path=$ext/$file
  [ -r "$path" ] || fail "cannot read $path"
  say "$name: bench_link $file --preset $preset --truth $truth"
  rc=0
  /usr/bin/time -f '%e %M' -o "$tmp/time.txt" "$bin" "$path" --preset "$preset" --truth "$truth" \
    --quiet >"$tmp/out.txt" 2>"$tmp/err.txt" || rc=$?
  if [ "$rc" != 0 ]; then
    cat "$tmp/err.txt" >&2
    fail "exit $rc from bench_link on $file"
  fi
  line=$(grep '^file=' "$tmp/out.txt") || fail "no result line from bench_link on $file"
  kv() { sed -n "s/.* $1=\([^ ]*\).*/\1/p" <<<"$line"; }
  p=$(kv precision) rc_=$(kv recall) f1=$(kv f1) tp=$(kv true_pairs) pp=$(kv pred_pairs)
  n=$(sed -n 's/.* leases=\([^ ]*\).*/\1/p' <<<"$line")
  cand=$(kv candidates) linked=$(kv linked) renters=$(kv renters) supp=$(kv suppressed)
  em=$(kv em_iter) load_s=$(kv load_s) link_s=$(kv link_s) rss=$(kv rss_mb)
  for v in "$p" "$rc_" "$f1" "$tp" "$pp" "$n"; do
    [[ "$v" =~ ^[0-9.]+$ ]] || fail "unparsable bench_link output on $file: $line"
  done
  read -r wall _ <"$tmp/time.txt"
  sha=$(sha256sum "$path" | cut -d' ' -f1)
  shanote="unlisted"
  if [ -r "$ext/README.md" ]; then
    if grep -q "^$sha  $file\$" "$ext/README.md"; then shanote="as in the README"
    else shanote="**differs from the README**"; fi
  fi
  status="(no target)"
  if [ -n "$target" ]; then
    if awk -v f="$f1" -v t="$target" 'BEGIN { exit !(f >= t) }'; then
      status="met: $f1 >= $target"
      n_ok=$((n_ok + 1))
    else
      status="**missed**: $f1 < $target, by $(awk -v f="$f1" -v t="$target" 'BEGIN { printf "%.4f", t - f }')"
      n_miss=$((n_miss + 1))
    fi
  fi
  echo "bench=linkage name=\"$name\" rows=$n precision=$p recall=$rc_ f1=$f1 true_pairs=$tp pred_pairs=$pp target_f1=${target:-none} wall_s=$wall"
  rows+=("| $name | $n | $tp | $pp | $p | $rc_ | **$f1** | ${target:+>= $target} | $status |")
  detail+=("| $name | \`${sha:0:16}\` ($shanote) | $cand | $linked | $renters | $supp | $em | $load_s | $link_s | $wall | $rss |")
done

elapsed=$(($(date +%s) - started))
date=$(date +%F)
file=$results/$date-linkage.md
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=""
git -C "$top" diff --quiet HEAD -- src models bench/bench_link.c 2>/dev/null ||
  dirty=" (with uncommitted changes in src/, models/ or bench_link.c)"
mkdir -p "$results"
{
  echo "# leasehound linking: public record-linkage benchmarks ($date)"
  echo
  echo "Measured by \`bench/bench_linkage.sh\` at commit \`$commit\`$dirty, with"
  echo "$build_note. Written by the script; no number here is typed by hand."
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"
  echo "$(lscpu 2>/dev/null | awk -F: '/^Hypervisor vendor/ { gsub(/^ +/, "", $2); printf "virtualised (%s), ", $2 }')$(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)), $(uname -sr), shared with other jobs"
  echo "(load average $(cut -d' ' -f1-3 /proc/loadavg) at the end). The whole run took $elapsed s$built."
  echo
  echo "Each file of \`shared/data/external\` (its README.md gives origin, licence and truth) is"
  echo "deduplicated by the linking stage alone (\`bench/bench_link.c\`: load, built-in"
  echo "\`models/linkage.spec\`, Fellegi-Sunter with EM, no labels, one thread), and every pair of"
  echo "records is judged against the file's truth:"
  echo
  echo '```sh'
  echo "bench_link \$EXT/febrl_dataset1.csv --preset febrl --truth febrl --quiet"
  echo "bench_link \$EXT/febrl_dataset2.csv --preset febrl --truth febrl --quiet"
  echo "bench_link \$EXT/splink_fake_1000_tests.csv --preset splink --truth actor --quiet"
  echo '```'
  echo
  echo "FEBRL truth: records \`rec-N-org\` and \`rec-N-dup-K\` with the same N are one person."
  echo "Splink truth: the \`cluster\` column (mapped to actor_id by \`--preset splink\`)."
  echo "Precision = correct linked pairs / linked pairs (pairs of records in one renter), recall ="
  echo "correct linked pairs / true pairs, F1 their harmonic mean, as bench_link prints them (4 decimals)."
  echo
  echo "## Pairwise quality"
  echo
  echo "| dataset | records | true pairs | predicted pairs | precision | recall | F1 | target (issue 4) | status |"
  echo "|---|--:|--:|--:|--:|--:|--:|---|---|"
  printf '%s\n' "${rows[@]}"
  echo
  echo "$n_ok targets met, $n_miss missed."
  echo
  echo "## Details"
  echo
  echo "Candidate pairs from blocking, pairs above the match threshold, renters (clusters) found,"
  echo "over-shared values suppressed, EM iterations; load and link seconds as bench_link measures"
  echo "them, wall seconds and peak RSS (MiB) of the whole process."
  echo
  echo "| dataset | SHA-256 (first 16) | candidates | linked | renters | suppressed | EM iterations | load s | link s | wall s | peak RSS MiB |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|"
  printf '%s\n' "${detail[@]}"
} >"$file.tmp"
mv "$file.tmp" "$file"
say "wrote $file in $elapsed s ($n_ok targets met, $n_miss missed)"
