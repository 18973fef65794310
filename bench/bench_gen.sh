#!/usr/bin/env bash
# bench/bench_gen.sh: speed and memory of `leasehound gen`.
#
# Builds leasehound (RelWithDebInfo, -O2) into build/bench, then measures with /usr/bin/time:
#   - 1M `default` leases, three runs: median wall time, CPU time (user + system), rows/s and
#     peak RSS, and whether the three files are byte-identical;
#   - 1M `default` leases gzip-compressed (.gz), once;
#   - 10M `default` leases, once: wall and CPU time, peak RSS, file size.
# Prints one key=value line per measurement and writes bench/results/<date>-gen.md with the
# machine described. Files are written to bench/work/ (ignored by git) and removed afterwards.
#
#   bench/bench_gen.sh            # all of the above (about 2 minutes on 2 cores)
#   BENCH_10M=0 bench/bench_gen.sh  # skip the 10M run
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
build=$top/build/bench
work=$top/bench/work
results=$top/bench/results
mkdir -p "$work" "$results"
[ -x /usr/bin/time ] || { echo "bench_gen: needs /usr/bin/time (Debian package time)" >&2; exit 1; }

cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLH_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j 2 --target leasehound >/dev/null
bin=$build/leasehound

# run NAME N [SUFFIX]: one generation; sets wall, cpu, rss_kb, bytes, sha and active (the most
# actors waiting in the event heap at once, as gen reports it)
run() {
  local name=$1 n=$2 suffix=${3:-csv}
  local out=$work/$name.$suffix
  /usr/bin/time -f '%e %U %S %M' -o "$work/time.txt" \
    "$bin" gen --scenario default --leases "$n" --seed 1 --out "$out" >"$work/stdout.txt"
  read -r wall user sys rss_kb <"$work/time.txt"
  active=$(sed -n 's/^at most \([0-9]*\) actors.*/\1/p' "$work/stdout.txt")
  cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { printf "%.2f", u + s }')
  bytes=$(stat -c %s "$out")
  sha=$(sha256sum "$out" | cut -c1-16)
  rm -f "$out"
  echo "bench=gen name=$name leases=$n wall_s=$wall cpu_s=$cpu peak_rss_kb=$rss_kb bytes=$bytes active_actors=$active sha256_16=$sha"
}

declare -a walls cpus rsss shas
for i in 1 2 3; do
  run "gen-1m-run$i" 1000000
  walls+=("$wall"); cpus+=("$cpu"); rsss+=("$rss_kb"); shas+=("$sha"); bytes_1m=$bytes
  active_1m=$active
done
# the median run by wall time
median=$(for i in 0 1 2; do echo "${walls[$i]} $i"; done | sort -n | sed -n 2p | cut -d' ' -f2)
m_wall=${walls[$median]}; m_cpu=${cpus[$median]}; m_rss=${rsss[$median]}
m_rate=$(awk -v w="$m_wall" 'BEGIN { printf "%.0f", 1000000 / w }')
identical=no
[ "${shas[0]}" = "${shas[1]}" ] && [ "${shas[1]}" = "${shas[2]}" ] && identical=yes
echo "bench=gen name=gen-1m-median wall_s=$m_wall cpu_s=$m_cpu rows_per_s=$m_rate peak_rss_kb=$m_rss identical=$identical"

run gen-1m-gz 1000000 csv.gz
gz_wall=$wall; gz_cpu=$cpu; gz_rss=$rss_kb; gz_bytes=$bytes

if [ "${BENCH_10M:-1}" != 0 ]; then
  run gen-10m 10000000
  t_wall=$wall; t_cpu=$cpu; t_rss=$rss_kb; t_bytes=$bytes; active_10m=$active
  t_rate=$(awk -v w="$t_wall" 'BEGIN { printf "%.0f", 10000000 / w }')
fi

mib() { awk -v k="$1" 'BEGIN { printf "%.1f", k / 1024 }'; }
mb() { awk -v b="$1" 'BEGIN { printf "%.0f", b / 1e6 }'; }
date=$(date -u +%F)
file=$results/$date-gen.md
{
  echo "# leasehound gen: speed and memory ($date)"
  echo
  echo "Measured by \`bench/bench_gen.sh\` at commit \`$(git -C "$top" rev-parse --short HEAD)\`$(git -C "$top" diff --quiet HEAD -- src || echo ' (with uncommitted changes in src/)'),"
  echo "RelWithDebInfo build (\`-O2 -g\`), single-threaded generator, output to the local disk."
  echo
  echo "Machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'),"
  echo "$(lscpu 2>/dev/null | awk -F: '/^Hypervisor vendor/ { gsub(/^ +/, "", $2); printf "virtualised (%s), ", $2 }')$(awk '/MemTotal/ { printf "%.1f GiB RAM", $2 / 1048576 }' /proc/meminfo)), $(uname -sr), shared with other jobs."
  echo
  echo "Command: \`leasehound gen --scenario default --leases N --seed 1 --out FILE\` (FILE.csv.gz for gzip),"
  echo "timed by \`/usr/bin/time -f '%e %U %S %M'\` (wall, user, system seconds, peak RSS)."
  echo
  echo "| run | leases | wall s | CPU s | rows/s | peak RSS | output |"
  echo "|---|--:|--:|--:|--:|--:|--:|"
  for i in 0 1 2; do
    echo "| 1M, run $((i + 1)) | 1,000,000 | ${walls[$i]} | ${cpus[$i]} | $(awk -v w="${walls[$i]}" 'BEGIN { printf "%.0f", 1000000 / w }') | $(mib "${rsss[$i]}") MiB | $(mb "$bytes_1m") MB |"
  done
  echo "| **1M, median of 3** | 1,000,000 | **$m_wall** | **$m_cpu** | **$m_rate** | **$(mib "$m_rss") MiB** | $(mb "$bytes_1m") MB |"
  echo "| 1M, gzip (.csv.gz) | 1,000,000 | $gz_wall | $gz_cpu | $(awk -v w="$gz_wall" 'BEGIN { printf "%.0f", 1000000 / w }') | $(mib "$gz_rss") MiB | $(mb "$gz_bytes") MB |"
  if [ -n "${t_wall:-}" ]; then
    echo "| 10M, once | 10,000,000 | $t_wall | $t_cpu | $t_rate | $(mib "$t_rss") MiB | $(mb "$t_bytes") MB |"
  fi
  echo
  echo "The three 1M files are byte-identical: $identical (SHA-256 prefix ${shas[0]})."
  echo "Most actors active at once (16 bytes each in the event heap): $active_1m at 1M$([ -n "${active_10m:-}" ] && echo ", $active_10m at 10M")."
  echo "Target (issue 3): 1M default leases in under 20 s on this machine."
} >"$file"
echo "wrote $file"
