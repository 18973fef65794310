#!/usr/bin/env bash
# bench/bench_ab.sh: the speed of two commits of leasehound on one file, runs interleaved.
#
# On a machine shared with other jobs, the time of one scan drifts by 10-20% within minutes, so
# two medians taken at different times do not say which commit is faster. This builds both
# commits (Release, in git worktrees under bench/work/ab/), then runs `leasehound scan FILE`
# alternately with one and the other, RUNS times each, and writes
# bench/results/<date>-ab-<file>.md (<date>-ab-<file>-2.md and on when that is taken: an A/B of
# the same day is kept, not overwritten): the median of each stage and link phase for both, and their
# ratio, every pair of runs taken under the same conditions. Outputs are compared too: leases.csv,
# renters.csv, evidence.jsonl and rejects.csv of the two commits must be identical, or the
# table says they differ.
#
#   bench/bench_ab.sh OLD NEW FILE              # e.g. 87a022a HEAD bench/work/scale/scale-1000000.csv
#
# Environment: BENCH_RUNS (default 5), BENCH_THREADS (scan --threads; default: leasehound's own),
# BENCH_WORK (default bench/work/ab), BENCH_COLD (1: drop FILE from the page cache before every
# scan, posix_fadvise DONTNEED, so that each reads it from the disk as a nightly job over a log
# written long before would; default 0: whatever of it the cache holds, which on a machine that
# reclaims its cache varies from run to run).
set -Eeuo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "bench_ab: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND (exit $?)"' ERR
[ $# -eq 3 ] || { echo "usage: bench/bench_ab.sh OLD NEW FILE" >&2; exit 2; }
old=$(git -C "$top" rev-parse --short "$1") || fail "no commit $1"
new=$(git -C "$top" rev-parse --short "$2") || fail "no commit $2"
file=$(realpath "$3")
[ -s "$file" ] || fail "no file $3"
runs=${BENCH_RUNS:-5}
cold=${BENCH_COLD:-0}
work=${BENCH_WORK:-$top/bench/work/ab}
threads_opt=()
[ -n "${BENCH_THREADS:-}" ] && threads_opt=(--threads "$BENCH_THREADS")
command -v python3 >/dev/null || fail "needs python3"
mkdir -p "$work" "$top/bench/results"
started=$(date +%s)

for rev in "$old" "$new"; do
  src=$work/src-$rev
  if [ ! -d "$src" ]; then
    say "checking out $rev"
    git -C "$top" worktree add --detach -f "$src" "$rev" >/dev/null 2>&1
  fi
  say "building $rev (Release)"
  cmake -S "$src" -B "$work/build-$rev" -DCMAKE_BUILD_TYPE=Release -DLH_BUILD_TESTS=OFF >/dev/null
  cmake --build "$work/build-$rev" -j 2 --target leasehound >/dev/null
done

raw=$work/raw.txt
: >"$raw"
for r in $(seq 1 "$runs"); do
  for rev in "$old" "$new"; do
    say "run $r of $runs: $rev"
    out=$work/out-$rev
    rm -rf "$out"
    if [ "$cold" = 1 ]; then
      python3 -c 'import os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)' "$file"
    fi
    "$work/build-$rev/leasehound" scan "$file" --out "$out" --quiet "${threads_opt[@]}"
    python3 - "$out/summary.json" "$rev" >>"$raw" <<'EOF'
import json, sys
t = json.load(open(sys.argv[1]))["timings"]
d = {k: t.get(k + "_seconds", 0) for k in ("load", "link", "features", "model", "report", "total")}
d.update({"link." + k: v for k, v in t.get("link_phase_seconds", {}).items()})
print(sys.argv[2], " ".join(f"{k}={v}" for k, v in d.items()))
EOF
  done
done
same=yes
for f in leases.csv renters.csv evidence.jsonl rejects.csv; do
  cmp -s "$work/out-$old/$f" "$work/out-$new/$f" || same="no ($f differs)"
done

stem=$(basename "$file"); stem=${stem%%.*}
out=$top/bench/results/$(date +%F)-ab-$stem.md
k=2
while [ -e "$out" ]; do
  out=$top/bench/results/$(date +%F)-ab-$stem-$k.md
  k=$((k + 1))
done
python3 - "$raw" "$out" "$old" "$new" "$file" "$runs" "$same" "$(( $(date +%s) - started ))" \
  "$(nproc)" "$(cut -d' ' -f1-3 /proc/loadavg)" "${threads_opt[*]}" "$cold" <<'EOF'
import statistics as st, sys
raw, out, old, new, file, runs, same, secs, ncpu, load, topt, cold = sys.argv[1:13]
vals = {old: {}, new: {}}
keys = []
for line in open(raw):
    rev, *kv = line.split()
    for w in kv:
        k, v = w.split("=")
        vals[rev].setdefault(k, []).append(float(v))
        if k not in keys:
            keys.append(k)
L = [f"# leasehound: {old} against {new}, runs interleaved", "",
     f"Written by `bench/bench_ab.sh {old} {new} {file}`; no number here is typed by hand. "
     f"Release builds of both commits; `{('leasehound scan FILE --out D --quiet ' + topt).strip()}`, "
     f"{runs} runs of each, alternating, so that each pair of runs shares the machine's "
     f"conditions ({ncpu} CPUs, shared with other jobs; load average {load} at the end; {secs} s "
     "in all). Seconds from each run's summary.json; medians."
     + (" Cold: the file was dropped from the page cache before every scan (BENCH_COLD=1), so "
        "each read it from the disk." if cold == "1" else ""), "",
     f"Outputs (leases.csv, renters.csv, evidence.jsonl, rejects.csv) identical: {same}.", "",
     f"| stage | {old} s | {new} s | {new} / {old} |", "|---|--:|--:|--:|"]
for k in keys:
    a, b = st.median(vals[old][k]), st.median(vals[new][k])
    L.append(f"| {k} | {a:.2f} | {b:.2f} | {b / a:.2f} |" if a > 0 else f"| {k} | {a:.2f} | {b:.2f} | |")
L += ["", "Every run (total seconds):", ""]
for rev in (old, new):
    L.append(f"- {rev}: " + ", ".join(f"{x:.2f}" for x in vals[rev]["total"]))
open(out, "w").write("\n".join(L) + "\n")
print(out)
EOF
