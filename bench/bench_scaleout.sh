#!/usr/bin/env bash
# bench/bench_scaleout.sh: how close a partitioned run (`leasehound link` per partition, then one
# `scan --edges`) comes to a single-machine scan, on a generated log (docs/scale-out.md).
#
# Generates one log (default: the default scenario, 100k leases, seed 1) and its truth, and runs
#   ref        leasehound scan LOG                                   (one machine)
#   same       link LOG --save-params P; scan LOG --edges --params P (one partition: must equal ref)
#   key        partition by payment_fp into N parts; link each --params P; scan --edges
#   key-bare   the same with P stripped of its whole-log statistics (each partition counts its own)
#   rules      partition by every blocking rule (a row once per rule it has a key for); link each
#              part --block RULE --params P; scan --edges
#   rules-bare the same, statistics stripped
#   rules-raw  as rules, but partitioned by the raw text of the keys instead of `leasehound keys`
#   streaming  Hadoop Streaming emulated on this machine: scripts/partition-by-key.py --emit as
#              the mapper, sort as the shuffle, 4 reducers running scripts/link-partition.sh
#   sample     P estimated on a 10% sample (rows by a hash of lease_id), without statistics;
#              partitioned by every rule as `rules`; compared with `scan LOG --params` of the
#              same P (ref-sample), which isolates partitioning from the sample's estimate
#   sample-stats  the same with the sample's statistics saved (--whole-log on a sample: the
#              mistake the option's name warns against), to show what it costs
# Partitions are made from `leasehound keys` (normalized keys) unless said otherwise,
# and measures each against ref (and sample against ref-sample): pairwise precision, recall and F1
# of "same renter" (eval with ref's renters as actor_id), flagged leases in common (Jaccard), and
# pairwise F1 and average precision against the generator's truth. Also the partitions' sizes
# and the slowest and largest link run (peak memory from /usr/bin/time). Writes
# bench/results/<date>-scaleout.md with the machine and the commands.
#
#   bench/bench_scaleout.sh
#   BENCH_LEASES=1000000 BENCH_PARTS=16 bench/bench_scaleout.sh
#
# BENCH_REPORT_ONLY=1 skips the runs and measures those left in BENCH_WORK by an earlier one.
# Environment: BENCH_LEASES (100000), BENCH_PARTS (8), BENCH_SCENARIO (default), BENCH_THREADS
# (link/scan --threads, default 1: partitions run side by side), LEASEHOUND (binary; default:
# build Release into build/bench-release), BENCH_WORK (bench/work/scaleout).
set -Eeuo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
results=$top/bench/results
n=${BENCH_LEASES:-100000}
parts=${BENCH_PARTS:-8}
scenario=${BENCH_SCENARIO:-default}
threads=${BENCH_THREADS:-1}
work=${BENCH_WORK:-$top/bench/work/scaleout}
say() { echo "bench_scaleout: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND (exit $?)"' ERR
[ -x /usr/bin/time ] || fail "needs /usr/bin/time (Debian package time)"
command -v python3 >/dev/null || fail "needs python3"
started=$(date +%s)
if [ -n "${LEASEHOUND:-}" ]; then
  bin=$LEASEHOUND
else
  build=$top/build/bench-release
  say "building leasehound (Release) in $build"
  tests=()
  [ -f "$build/CMakeCache.txt" ] || tests=(-DLH_BUILD_TESTS=OFF)
  cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLH_BUILD_BENCH=ON "${tests[@]}" >/dev/null
  cmake --build "$build" -j 2 --target leasehound >/dev/null
  bin=$build/leasehound
fi
split=$top/scripts/partition-by-key.py
if [ -n "${BENCH_REPORT_ONLY:-}" ]; then
  # the runs of an earlier invocation are in $work: only measure and write the results
  cd "$work"
  identical=$(cat identical.txt)
else
rm -rf "$work"
mkdir -p "$work" "$results"
cd "$work"
log=log.csv
say "generating $n leases ($scenario scenario, seed 1)"
"$bin" gen --scenario "$scenario" --leases "$n" --seed 1 --out $log --truth truth.csv --quiet

# runs a command under /usr/bin/time, appending "wall_s max_rss_kb" to the file $1
timed() {
  local rec=$1
  shift
  /usr/bin/time -f "%e %M" -o "$rec.one" "$@"
  cat "$rec.one" >>"$rec"
}

say "ref: one scan"
timed ref.time "$bin" scan $log --out ref --quiet --threads "$threads"
awk -F, 'NR==1{print "lease_id,actor_id"; next}{print $1","$2}' ref/leases.csv >ref.truth.csv

say "same: link the whole log, then scan --edges"
timed same.link.time "$bin" link $log --out same.edges.csv --save-params whole.params \
  --whole-log --quiet --threads "$threads"
timed same.scan.time "$bin" scan $log --edges same.edges.csv --params whole.params --out same \
  --quiet --threads "$threads"
identical=yes
for f in leases.csv renters.csv evidence.jsonl rejects.csv; do
  cmp -s ref/$f same/$f || identical="no ($f differs)"
done
echo "$identical" >identical.txt
# the parameters without the whole-log statistics: the scale-out section keeps only its
# estimate lines
sed '/^column /,/^end$/{/^end$/!d}' whole.params >bare.params

# link_parts DIR PARAMS EDGES [--block RULE]: links every part of DIR into EDGES/
link_parts() {
  local dir=$1 params=$2 edges=$3
  shift 3
  mkdir -p "$edges"
  for p in "$dir"/part-*.csv; do
    timed "$edges.time" "$bin" link "$p" --params "$params" --out "$edges/$(basename "$p")" \
      --quiet --threads "$threads" "$@"
  done
}

say "keys: every lease's normalized blocking keys"
timed keys.time "$bin" keys $log --out keys.csv --quiet
say "key: partition by payment_fp into $parts parts"
python3 "$split" $log --keys keys.csv --out key.parts --parts "$parts" --key payment_fp 2>/dev/null
for v in key key-bare; do
  params=whole.params
  [ $v = key-bare ] && params=bare.params
  link_parts key.parts $params $v.edges
  timed $v.scan.time "$bin" scan $log --edges $v.edges --params $params --out $v --quiet \
    --threads "$threads"
done

say "rules: partition by every blocking rule into $parts parts each"
python3 "$split" $log --keys keys.csv --out rules.parts --parts "$parts" --key all 2>/dev/null
python3 "$split" $log --out rules-raw.parts --parts "$parts" --key all 2>/dev/null
for v in rules rules-bare rules-raw; do
  params=whole.params parts_dir=rules.parts
  [ $v = rules-bare ] && params=bare.params
  [ $v = rules-raw ] && parts_dir=rules-raw.parts
  for d in $parts_dir/*/; do
    rule=$(basename "$d")
    link_parts "$d" $params $v.edges/$rule --block "$rule"
    cat $v.edges/$rule.time >>$v.edges.time
  done
  dirs=()
  for d in $v.edges/*/; do dirs+=(--edges "$d"); done
  timed $v.scan.time "$bin" scan $log "${dirs[@]}" --params $params --out $v --quiet \
    --threads "$threads"
done

say "streaming: Hadoop Streaming's map | shuffle | reduce, emulated with sort and 4 reducers"
tail -n +2 $log | python3 "$split" --emit --header $log --key all --leasehound "$bin" |
  LC_ALL=C sort -t "$(printf '\t')" -k1,1 -S 25% >streaming.shuffled
mkdir -p streaming.edges
# a reducer gets every line of the keys its partitioner sends it (here: the key's first hex
# digits modulo 4, all lines of one key to one reducer, as Hadoop's HashPartitioner does)
awk -F'\t' '{ split($1, k, ":"); r = (index("0123456789abcdef", substr(k[2], 1, 1)) - 1) % 4
              print > ("streaming.in." r) }' streaming.shuffled
for r in 0 1 2 3; do
  LEASEHOUND=$bin timed streaming.edges.time "$top/scripts/link-partition.sh" $log whole.params \
    <streaming.in.$r >streaming.edges/part-0000$r
done
timed streaming.scan.time "$bin" scan $log --edges streaming.edges --params whole.params \
  --out streaming --quiet --threads "$threads"

say "sample: parameters and statistics from a 10% sample"
python3 - "$log" sample.csv <<'EOF'
import csv, hashlib, sys
with open(sys.argv[1], newline="") as f, open(sys.argv[2], "w", newline="") as g:
    rd, wr = csv.reader(f), csv.writer(g, lineterminator="\n")
    wr.writerow(next(rd))
    for row in rd:
        if hashlib.blake2b(row[0].encode(), digest_size=8).digest()[0] < 26:  # ~10%
            wr.writerow(row)
EOF
timed sample.link.time "$bin" link sample.csv --save-params sample.params --quiet \
  --threads "$threads"
# the trap: the sample's own statistics taken for the whole log's
"$bin" link sample.csv --save-params sample-stats.params --whole-log --quiet --threads "$threads"
timed ref-sample.time "$bin" scan $log --params sample.params --out ref-sample --quiet \
  --threads "$threads"
awk -F, 'NR==1{print "lease_id,actor_id"; next}{print $1","$2}' ref-sample/leases.csv \
  >ref-sample.truth.csv
for v in sample sample-stats; do
  for d in rules.parts/*/; do
    rule=$(basename "$d")
    link_parts "$d" $v.params $v.edges/$rule --block "$rule"
    cat $v.edges/$rule.time >>$v.edges.time
  done
  dirs=()
  for d in $v.edges/*/; do dirs+=(--edges "$d"); done
  timed $v.scan.time "$bin" scan $log "${dirs[@]}" --params $v.params --out $v --quiet \
    --threads "$threads"
done

fi
say "measuring"
for v in ref same key key-bare rules rules-bare rules-raw streaming sample sample-stats ref-sample; do
  "$bin" eval --truth truth.csv $v --json >$v.eval-truth.json
  against=ref.truth.csv
  case $v in sample*) against=ref-sample.truth.csv ;; esac
  "$bin" eval --truth $against $v --json >$v.eval-ref.json
done

date=$(date +%Y-%m-%d)
out=$results/$date-scaleout.md
commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
python3 - "$out" "$n" "$parts" "$scenario" "$threads" "$identical" "$bin" \
  "$(( $(date +%s) - started ))" "$commit" <<'EOF'
import json, os, platform, subprocess, sys, glob
out, n, parts, scenario, threads, identical, binary, secs, commit = sys.argv[1:]
def ev(v, k): return json.load(open("%s.eval-%s.json" % (v, k)))
def flagged(v):
    s = set()
    with open(v + "/leases.csv") as f:
        next(f)
        for line in f:
            c = line.rstrip("\n").split(",")
            if c[-1] == "1": s.add(c[0])
    return s
def times(path):
    rows = [l.split() for l in open(path) if l.strip()]
    return len(rows), max(float(r[0]) for r in rows), sum(float(r[0]) for r in rows), \
        max(int(r[1]) for r in rows)
def summary(v):
    return json.load(open(v + "/summary.json"))
def parts_rows(d):
    sizes = []
    for p in glob.glob(d + "/**/part-*.csv", recursive=True):
        with open(p) as f: sizes.append(sum(1 for _ in f) - 1)
    return len(sizes), sum(sizes), max(sizes)
cpu = "unknown"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"): cpu = line.split(":", 1)[1].strip(); break
mem = int(open("/proc/meminfo").readline().split()[1]) // 1024
load = open("/proc/loadavg").read().split()[:3]
ref_flag = flagged("ref")
L = []
L.append("# Scale-out: partitioned linking against one machine (%s)\n" % os.path.basename(out)[:10])
L.append("Made by `bench/bench_scaleout.sh` (BENCH_LEASES=%s BENCH_PARTS=%s BENCH_SCENARIO=%s "
         "BENCH_THREADS=%s) in %s s. Machine: %s, %s cores, %d MiB, load average %s at the end "
         "(shared machine). Binary: `%s`, built from commit %s.\n" % (n, parts, scenario, threads,
         secs, cpu, os.cpu_count(), mem, " ".join(load), binary, commit))
L.append("Log: `leasehound gen --scenario %s --leases %s --seed 1`. `ref` is `leasehound scan "
         "LOG`; every other run is `link` over partitions with one parameter file, then one "
         "`scan LOG --edges ... --params P` (the commands are in the script).\n" % (scenario, n))
L.append("One partition (`link LOG --save-params P --out E` then `scan LOG --edges E --params P`)"
         " against `ref`: leases.csv, renters.csv, evidence.jsonl, rejects.csv byte-identical: "
         "**%s**.\n" % identical)
L.append("| run | partitioning | statistics | parts (files, rows, largest) | edges | pairwise P / R / F1 vs reference | flagged leases (ref %d): Jaccard | pairwise F1 vs truth | AP vs truth |" % len(ref_flag))
L.append("|---|---|---|---|---|---|---|---|---|")
desc = {
 "same": ("none (whole log)", "whole log", None),
 "key": ("payment_fp, %s parts" % parts, "whole log", "key.parts"),
 "key-bare": ("payment_fp, %s parts" % parts, "per partition", "key.parts"),
 "rules": ("every rule, %s parts each" % parts, "whole log", "rules.parts"),
 "rules-bare": ("every rule, %s parts each" % parts, "per partition", "rules.parts"),
 "rules-raw": ("every rule by its raw text (no `leasehound keys`), %s parts each" % parts, "whole log", "rules-raw.parts"),
 "streaming": ("every rule, Hadoop Streaming emulated: 4 reducers", "whole log", None),
 "sample": ("every rule, %s parts each" % parts, "per partition; params of a 10% sample", "rules.parts"),
 "sample-stats": ("every rule, %s parts each" % parts, "the 10% sample's (--whole-log on the sample: wrong)", "rules.parts"),
}
for v in ["ref", "ref-sample", "same", "key", "key-bare", "rules", "rules-bare", "rules-raw", "streaming", "sample", "sample-stats"]:
    t = ev(v, "truth")["linkage"]; a = ev(v, "truth")["leases"]
    if v in ("ref", "ref-sample"):
        what = ("one scan", "-", "-") if v == "ref" else ("one scan, --params of the 10% sample", "-", "-")
        L.append("| %s | %s | %s | %s | - | reference%s | %s | %.4f | %.4f |" % (
            v, what[0], what[1], what[2], "" if v == "ref" else " for `sample`",
            "%.4f" % (len(flagged(v) & ref_flag) / max(1, len(flagged(v) | ref_flag))) if v != "ref" else "1",
            t["pairwise_f1"], a["average_precision"]))
        continue
    r = ev(v, "ref")["linkage"]
    d = desc[v]
    pr = "-" if d[2] is None else "%d, %d, %d" % parts_rows(d[2])
    e = summary(v).get("edge_files", {})
    fl = flagged(v)
    L.append("| %s | %s | %s | %s | %s | %.4f / %.4f / %.4f | %.4f | %.4f | %.4f |" % (
        v, d[0], d[1], pr, e.get("edges", "-"), r["pairwise_precision"], r["pairwise_recall"],
        r["pairwise_f1"], len(fl & ref_flag) / max(1, len(fl | ref_flag)), t["pairwise_f1"],
        a["average_precision"]))
L.append("")
L.append("Reference pairs: %d (pairs of leases sharing a renter in `ref`). `sample` and "
         "`sample-stats` are compared with `ref-sample` (the same parameters on one machine), the "
         "other runs with `ref`. Statistics: over-shared values and term frequencies; `whole log` "
         "= saved by `link LOG --save-params P --whole-log` and applied by `link --params P` in "
         "every partition; `per partition` = each partition counts its own.\n"
         % ev("same", "ref")["linkage"]["true_pairs"])
L.append("| run | link runs | slowest link run, s | all link runs, s | largest link run, peak MiB | final scan --edges, s | its peak MiB |")
L.append("|---|---|---|---|---|---|---|")
ref_t = [l.split() for l in open("ref.time")][0]
L.append("| ref (scan) | - | - | - | - | %s | %.0f |" % (ref_t[0], int(ref_t[1]) / 1024))
for v, lt in [("same", "same.link.time"), ("key", "key.edges.time"), ("key-bare", "key-bare.edges.time"),
              ("rules", "rules.edges.time"), ("rules-bare", "rules-bare.edges.time"),
              ("rules-raw", "rules-raw.edges.time"), ("streaming", "streaming.edges.time"),
              ("sample", "sample.edges.time"), ("sample-stats", "sample-stats.edges.time")]:
    k, mx, tot, rss = times(lt)
    st = [l.split() for l in open(v + ".scan.time")][0]
    L.append("| %s | %d | %.2f | %.2f | %.0f | %s | %.0f |" % (v, k, mx, tot, rss / 1024, st[0], int(st[1]) / 1024))
L.append("")
L.append("Wall seconds and peak resident memory from `/usr/bin/time -f '%%e %%M'`, one run each, "
         "--threads %s; partitions ran one after another on this machine." % threads)
open(out, "w").write("\n".join(L) + "\n")
print(out)
EOF
say "done in $(( $(date +%s) - started )) s"
