#!/usr/bin/env bash
# bench/bench_scale.sh: speed and memory of `leasehound scan` at provider scale.
#
# For each size N (default 100k, 1M and 10M leases): generate the `scale` scenario log once
# (reused from bench/work/scale/ when it is there); then in 3 rounds, each of which visits every
# size in turn (a slow stretch of the shared machine falls on all sizes alike):
#   - the reference lines: a plain read of the file and a raw libcsv parse of it (bench_ingest),
#     the limits every figure of the scan reads against;
#   - `leasehound scan FILE --out DIR --quiet` with default options under /usr/bin/time:
#     wall and CPU seconds (and of them the kernel's), minor page faults and peak resident
#     memory from the operating system, and each stage's seconds and peak memory from the run's
#     summary.json;
# then for each size `leasehound eval --json --truth T` of its last run's outputs (T the log's
# truth, written by gen beside it): the quality of the scans that were timed; and writes
# bench/results/<date>-scale.md (<date>-scale-2.md and on when that is taken: a table of the
# same day is kept): the machine, the commands, one table per size (medians of the 3
# rounds), the curve across sizes (the 10M/1M time ratio), the issue 7 targets marked met or
# missed, and bench/scale-notes.md (the profile and what changed, by hand).
#
#   bench/bench_scale.sh                       # 100k, 1M, 10M: about 7 minutes here
#   BENCH_SIZES="100000 1000000" bench/bench_scale.sh
#
# Environment: BENCH_SIZES, BENCH_RUNS (default 3), BENCH_THREADS (scan --threads; default:
# leasehound's own), BENCH_BUILD (default build/bench-release), LEASEHOUND and BENCH_INGEST
# (binaries to use instead of building), BENCH_WORK (default bench/work/scale), BENCH_QUALITY
# (default 1: also generate each log's truth once and `leasehound eval` the last run against it,
# a table of quality at each size; 0: speed only).
set -Eeuo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
results=$top/bench/results
work=${BENCH_WORK:-$top/bench/work/scale}
sizes=${BENCH_SIZES:-100000 1000000 10000000}
runs=${BENCH_RUNS:-3}
quality=${BENCH_QUALITY:-1}
say() { echo "bench_scale: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND (exit $?)"' ERR
[ -x /usr/bin/time ] || fail "needs /usr/bin/time (Debian package time)"
command -v python3 >/dev/null || fail "needs python3"
command -v bc >/dev/null || fail "needs bc"

started=$(date +%s)
if [ -n "${LEASEHOUND:-}" ]; then
  bin=$LEASEHOUND
  ingest=${BENCH_INGEST:?set BENCH_INGEST with LEASEHOUND}
else
  build=${BENCH_BUILD:-$top/build/bench-release}
  say "building leasehound and the benches (Release) in $build"
  tests=()
  [ -f "$build/CMakeCache.txt" ] || tests=(-DLH_BUILD_TESTS=OFF)
  cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLH_BUILD_BENCH=ON "${tests[@]}" >/dev/null
  cmake --build "$build" -j 2 --target leasehound bench_ingest >/dev/null
  bin=$build/leasehound
  ingest=$build/bench/bench_ingest
fi
mkdir -p "$work" "$results"
threads_opt=()
[ -n "${BENCH_THREADS:-}" ] && threads_opt=(--threads "$BENCH_THREADS")

raw=$work/raw.txt
: >"$raw"
for n in $sizes; do
  f=$work/scale-$n.csv
  truth=$work/scale-$n.truth.csv
  if [ ! -s "$f" ] || { [ "$quality" = 1 ] && [ ! -s "$truth" ]; }; then
    say "generating $n leases (scale scenario, seed 1) with their truth"
    "$bin" gen --scenario scale --leases "$n" --seed 1 --out "$f.tmp" --truth "$truth.tmp" --quiet
    mv "$f.tmp" "$f"
    mv "$truth.tmp" "$truth"
  fi
done
# Rounds: each visits every size, its reference lines then one scan. A slow stretch of the
# shared machine then falls on runs of every size alike, and the 10M/1M ratio compares runs
# taken minutes apart, not the 1M runs of one stretch against the 10M runs of another.
for r in $(seq 1 "$runs"); do
  for n in $sizes; do
    f=$work/scale-$n.csv
    bytes=$(stat -c %s "$f")
    say "$n: round $r of $runs: reference lines (read, libcsv), then a scan"
    "$ingest" "$f" --runs 1 | sed "s/^/ref n=$n bytes=$bytes run=$r /; s/ table / what=table /" >>"$raw"
    out=$work/out-$n
    rm -rf "$out"
    /usr/bin/time -f "time wall=%e user=%U sys=%S maxrss_kb=%M minflt=%R" -o "$work/time.txt" \
      "$bin" scan "$f" --out "$out" --quiet "${threads_opt[@]}"
    echo "run n=$n bytes=$bytes run=$r $(cat "$work/time.txt")" >>"$raw"
    python3 - "$out/summary.json" "$n" "$r" >>"$raw" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
t = s["timings"]
parts = [f"stage n={sys.argv[2]} run={sys.argv[3]}"]
for k in ("load", "link", "features", "model", "report"):
    parts.append(f"{k}_s={t.get(k + '_seconds', 0)}")
    parts.append(f"{k}_mb={t.get('peak_rss_mb_after', {}).get(k, 0)}")
for k, v in t.get("link_phase_seconds", {}).items():
    parts.append(f"phase_{k}_s={v}")
for k, v in t.get("link_phase_peak_rss_mb", {}).items():
    parts.append(f"phase_{k}_mb={v}")
parts.append(f"renters={s['counts'].get('renters', 0)} flagged={s['counts'].get('flagged', 0)}")
parts.append(f"pairs={s['linkage']['candidate_pairs']}")
print(" ".join(parts))
EOF
  done
done
if [ "$quality" = 1 ]; then
  for n in $sizes; do
    truth=$work/scale-$n.truth.csv
    say "$n: eval of the last run against the truth"
    t0=$(date +%s.%N)
    "$bin" eval --json --truth "$truth" "$work/out-$n" >"$work/eval-$n.json"
    t1=$(date +%s.%N)
    python3 - "$work/eval-$n.json" "$n" "$(echo "$t1 - $t0" | bc)" >>"$raw" <<'EOF'
import json, sys
e = json.load(open(sys.argv[1]))
le, re_, lk = e["leases"], e["renters"], e["linkage"]
print(f"quality n={sys.argv[2]} eval_s={sys.argv[3]} ap={le['average_precision']} roc={le['roc_auc']}"
      f" lrec={le['flags']['recall']} lprec={le['flags']['precision']} lfpr={le['flags']['false_positive_rate']}"
      f" rpos={re_['positive']} rrec={re_['flags']['recall']} rprec={re_['flags']['precision']}"
      f" pwp={lk['pairwise_precision']} pwr={lk['pairwise_recall']} b3={lk['bcubed_f1']}")
EOF
  done
fi

commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=$(git -C "$top" status --porcelain --untracked-files=no 2>/dev/null | head -c1)
version=$("$bin" --version)
cpu=$(lscpu | sed -n 's/^Model name: *//p' | head -1)
ncpu=$(nproc)
mem=$(free -g | awk '/^Mem:/ {print $2}')
kernel=$(uname -r)
load=$(cut -d' ' -f1-3 /proc/loadavg)
elapsed=$(( $(date +%s) - started ))
out=$results/$(date +%F)-scale.md
k=2
while [ -e "$out" ]; do # a table of the same day is kept, not overwritten
  out=$results/$(date +%F)-scale-$k.md
  k=$((k + 1))
done
python3 - "$raw" "$out" "$top/bench/scale-notes.md" <<EOF
import statistics as st, sys, os
raw, out, notes = sys.argv[1], sys.argv[2], sys.argv[3]
def kv(line):
    d = {}
    for w in line.split()[1:]:
        if "=" in w:
            k, v = w.split("=", 1)
            d[k] = v
    return d
refs, runs, stages, quality = {}, {}, {}, {}
for line in open(raw):
    kind = line.split()[0]
    d = kv(line)
    n = int(d["n"])
    if kind == "ref":
        refs.setdefault(n, {}).setdefault(d.get("what", "table"), []).append(d)
        refs[n]["bytes"] = int(d["bytes"])
    elif kind == "run":
        runs.setdefault(n, []).append(d)
    elif kind == "stage":
        stages.setdefault(n, []).append(d)
    elif kind == "quality":
        quality[n] = d
med = lambda xs: st.median(xs)
refmb = lambda n, what: med([float(d["mb_s"]) for d in refs[n][what]])  # median over the rounds
L = []
w = L.append
w("# leasehound: speed and memory at scale ($(date +%F))")
w("")
w("Measured by \`bench/bench_scale.sh\` at commit \`$commit\`${dirty:+ (with uncommitted changes)}, $version, a Release")
w("build (\`-O3 -DNDEBUG\`). Written by the script; no number here is typed by hand.")
w("")
w("Machine: $ncpu CPUs ($cpu), $mem GiB RAM, Linux $kernel; shared with other jobs (load")
w("average $load at the end). The whole run took $elapsed s.")
w("")
w("For each size N, on the \`scale\` scenario log made once by")
w("\`leasehound gen --scenario scale --leases N --seed 1 --out F\`:")
w("")
w("\`\`\`sh")
w("bench_ingest F --runs 1                     # reference: plain read, raw libcsv parse")
w("/usr/bin/time leasehound scan F --out D --quiet ${threads_opt[*]}")
w("\`\`\`")
w("")
w("in $runs rounds, each of which runs both for every size in turn (so a slow stretch of the shared")
w("machine falls on every size alike, and the ratios across sizes compare runs of the same stretches).")
w("Medians of the $runs rounds. CPU = user + system seconds, and system seconds the kernel's part of them")
w("(page faults, reading the log, writing the outputs); minor faults are the pages the scan touched")
w("first, 4 KiB each (or a 2 MiB huge page), as GB of 4 KiB pages. Rows/s and MB/s of the scan are")
w("over its wall time; peak memory is the maximum resident set reported by the operating system.")
w("Stage seconds and the peak resident memory at the end of each stage come from the run's summary.json.")
w("")
w("## Summary")
w("")
w("| leases | file MB | read MB/s | libcsv MB/s | scan wall s | scan CPU s | of it system s | minor faults (GB) | rows/s | MB/s | scan / libcsv throughput | peak RSS MiB | bytes per lease |")
w("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
walls = {}
for n in sorted(runs):
    rs = runs[n]
    wall = med([float(r["wall"]) for r in rs]); walls[n] = wall
    cpu = med([float(r["user"]) + float(r["sys"]) for r in rs])
    sys_s = med([float(r["sys"]) for r in rs])
    flt = med([int(r["minflt"]) for r in rs]) * 4096 / 1e9
    rss = med([int(r["maxrss_kb"]) for r in rs]) / 1024
    mb = refs[n]["bytes"] / 1e6
    rd = refmb(n, "read"); lc = refmb(n, "libcsv")
    w(f"| {n:,} | {mb:,.0f} | {rd:,.0f} | {lc:,.0f} | {wall:.2f} | {cpu:.2f} | {sys_s:.2f} | {flt:,.1f} | {n / wall:,.0f} | {mb / wall:.1f} | {mb / wall / lc:.3f} | {rss:,.0f} | {rss * 1048576 / n:,.0f} |")
w("")
w("## Stages")
w("")
w("Median seconds of each stage (peak resident MiB at its end).")
w("")
w("| leases | load | link | features | model | report | candidate pairs | renters | flagged |")
w("|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
for n in sorted(stages):
    ss = stages[n]
    cells = []
    for k in ("load", "link", "features", "model", "report"):
        s_ = med([float(x[k + "_s"]) for x in ss]); m_ = med([float(x[k + "_mb"]) for x in ss])
        cells.append(f"{s_:.2f} ({m_:,.0f})")
    w(f"| {n:,} | " + " | ".join(cells) + f" | {int(ss[0]['pairs']):,} | {int(ss[0]['renters']):,} | {int(ss[0]['flagged']):,} |")
w("")
phases = [k[6:-2] for k in stages[sorted(stages)[0]][0] if k.startswith("phase_") and k.endswith("_s")]
if phases:
    w("Link phases, median seconds (peak resident MiB at the end of each, where summary.json has it):")
    w("")
    w("| leases | " + " | ".join(phases) + " |")
    w("|--:|" + "--:|" * len(phases))
    for n in sorted(stages):
        def cell(p):
            s = f"{med([float(x['phase_' + p + '_s']) for x in stages[n]]):.2f}"
            if all('phase_' + p + '_mb' in x for x in stages[n]):
                s += f" ({med([float(x['phase_' + p + '_mb']) for x in stages[n]]):,.0f})"
            return s
        w(f"| {n:,} | " + " | ".join(cell(p) for p in phases) + " |")
    w("")
if quality:
    w("## Quality at each size")
    w("")
    w("The speed above is of scans that must still find what they are for: \`leasehound eval --json")
    w("--truth T\` of the last run's outputs, T the log's truth from \`gen ... --truth T\`. Leases:")
    w("PR-AUC (average precision) and ROC-AUC of the scores, recall, precision and false-positive rate")
    w("of the flags at alpha 0.05. Renters: of the renters holding fake-identity leases, the share")
    w("flagged, and of the flagged renters the share holding them. Linkage: pairwise precision and")
    w("recall of the renters against the actors, and B-cubed F1.")
    w("")
    w("| leases | lease PR-AUC | ROC-AUC | flag recall | flag precision | FPR | fake renters | renter recall | renter precision | pairwise precision | pairwise recall | B-cubed F1 | eval s |")
    w("|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for n in sorted(quality):
        q = quality[n]
        f = lambda k, p=4: f"{float(q[k]):.{p}f}"
        w(f"| {n:,} | {f('ap')} | {f('roc')} | {f('lrec')} | {f('lprec')} | {float(q['lfpr']):.3%} | {int(q['rpos']):,} | {f('rrec')} | {f('rprec')} | {f('pwp')} | {f('pwr')} | {f('b3')} | {float(q['eval_s']):.1f} |")
    w("")
w("## Curve and targets (issue 7)")
w("")
ns = sorted(walls)
for a, b in zip(ns, ns[1:]):
    w(f"- {b:,} / {a:,} leases: wall time x{walls[b] / walls[a]:.2f} for x{b / a:g} the leases.")
def target(name, ok, val):
    w(f"- {name}: {'met' if ok else '**missed**'} ({val})")
if 1000000 in walls:
    target("1M leases end to end in under 5 s", walls[1000000] < 5, f"{walls[1000000]:.2f} s")
if 10000000 in walls:
    rss10 = med([int(r["maxrss_kb"]) for r in runs[10000000]]) / 1048576
    target("10M leases in under 60 s", walls[10000000] < 60, f"{walls[10000000]:.2f} s")
    target("10M leases under 6 GiB peak memory", rss10 < 6, f"{rss10:.2f} GiB")
    if 1000000 in walls:
        target("10M/1M time ratio under 12", walls[10000000] / walls[1000000] < 12, f"{walls[10000000] / walls[1000000]:.2f}")
for n in ns:
    lc = refmb(n, "libcsv"); mb = refs[n]["bytes"] / 1e6
    target(f"long-term goal at {n:,}: a scan at a quarter of libcsv's throughput", mb / walls[n] / lc >= 0.25, f"{mb / walls[n] / lc:.3f} of it")
w("")
if os.path.exists(notes):
    w(open(notes).read().rstrip())
    w("")
open(out, "w").write("\n".join(L) + "\n")
EOF
say "wrote $out"
