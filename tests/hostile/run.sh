#!/usr/bin/env bash
# tests/hostile/run.sh: the full-size hostile inputs of issue 8, each scanned by leasehound under
# /usr/bin/time -v. Not part of scripts/test.sh (they take minutes and gigabytes of disk);
# tests/hostile/test_hostile.c runs a small version of each in the suite.
#
#   tests/hostile/run.sh [BUILD_DIR]        # default build/test (scripts/test.sh makes it)
#
# For each case: generates the input (lh_hostile_gen, not timed), runs `leasehound scan` with a
# time limit and one thread (the machine is shared), checks the exit status and what
# summary.json / rejects.csv / stderr say, and records wall time and peak RSS. Writes the table between the hostile markers of
# tests/README.md and prints it. Exits 1 when any case misses its expected outcome. Inputs and
# outputs go to a temporary folder under $TMPDIR (several GB at the peak), removed at the end.
set -euo pipefail
top=$(cd "$(dirname "$0")/../.." && pwd)
build=${1:-$top/build/test}
bin=$build/leasehound
gen=$build/tests/lh_hostile_gen
for x in "$bin" "$gen"; do
  [ -x "$x" ] || { echo "$0: no $x (run scripts/test.sh first, or pass a build folder)" >&2; exit 1; }
done
work=$(mktemp -d "${TMPDIR:-/tmp}/lh-hostile-XXXXXX")
trap 'rm -rf "$work"' EXIT
limit=1800 # seconds: a case that takes longer has failed "bounded time"
rows=()
failed=0

# json_count FILE KEY: the first "KEY": N in FILE.
json_count() { grep -o "\"$2\": [0-9]*" "$1" | head -n 1 | grep -o '[0-9]*$' || echo "?"; }

# run CASE EXPECTED_EXIT DESCRIPTION OUTCOME_CHECK [ENV...]: scans $work/CASE.csv.
run_case() {
  local name=$1 want=$2 what=$3 check=$4
  shift 4
  local out=$work/$name.out
  rm -rf "$out"
  local rc=0
  env "$@" timeout "$limit" /usr/bin/time -v "$bin" scan "$work/$name.csv" --out "$out" --quiet --threads 1 \
    >"$work/$name.stdout" 2>"$work/$name.stderr" || rc=$?
  local wall rss
  wall=$(grep "Elapsed (wall clock)" "$work/$name.stderr" | awk '{print $NF}')
  rss=$(grep "Maximum resident set size" "$work/$name.stderr" | awk '{print $NF}')
  local seen verdict="ok"
  seen=$($check "$out" "$work/$name.stderr" 2>/dev/null || true)
  if [ "$rc" != "$want" ] || [ -z "$seen" ]; then
    verdict="**FAILED**"
    failed=1
    echo "$name: exit $rc (expected $want); $(grep -v '^\s' "$work/$name.stderr" | head -n 3)" >&2
  fi
  rows+=("| $name | $what | $rc (expected $want) | ${seen:-nothing} | $wall | $((rss / 1024)) MiB | $verdict |")
  echo "${rows[-1]}"
}

# Checks: print what the outputs say when it is what was expected, nothing otherwise.
check_field() {
  grep -q ',2,[0-9]*,field_too_long,' "$1/rejects.csv" && [ "$(json_count "$1/summary.json" accepted)" = 1 ] &&
    echo "row 2 rejected field_too_long; the row after it accepted"
}
check_columns() {
  grep -qE ',2,[0-9]+,(field_count|record_too_long),' "$1/rejects.csv" &&
    [ "$(json_count "$1/summary.json" accepted)" = 1 ] &&
    echo "the wide row rejected ($(cut -d, -f4 "$1/rejects.csv" | tail -n 1)); the next row accepted"
}
check_header() {
  grep -q "cannot read the header" "$2" && [ ! -e "$1/summary.json" ] &&
    echo "$(grep -o 'cannot read the header[^)]*)' "$2"); no report written"
}
check_empty() {
  [ "$(json_count "$1/summary.json" accepted)" = 2 ] && [ "$(json_count "$1/summary.json" rejected)" = 0 ] &&
    echo "2 rows accepted, 0 rejected; rejects.csv holds the header only ($(wc -l <"$1/rejects.csv") line)"
}
check_oneip() {
  local renters biggest
  renters=$(($(wc -l <"$1/renters.csv") - 1))
  biggest=$(tail -n +2 "$1/renters.csv" | awk -F, '{ if ($6 > m) m = $6 } END { print m + 0 }')
  [ "$(json_count "$1/summary.json" accepted)" = "$n_oneip" ] && [ "$renters" -gt $((n_oneip * 99 / 100)) ] &&
    echo "all $n_oneip accepted; $renters renters, the largest of $biggest leases: the shared IP links nobody"
}
check_collide() {
  [ "$(json_count "$1/summary.json" accepted)" = "$n_collide" ] && echo "all $n_collide accepted"
}
check_times() {
  local bad
  bad=$(json_count "$1/summary.json" bad_created_at)
  [ "$bad" = $((n_rows / 10 * 9)) ] && [ "$(json_count "$1/summary.json" accepted)" = $((n_rows / 10)) ] &&
    echo "$bad rejected bad_created_at, $((n_rows / 10)) accepted"
}
check_utf8() {
  local bad
  bad=$(json_count "$1/summary.json" invalid_utf8)
  [ "$bad" = $((n_rows / 10 * 9)) ] && ! grep -q $'\xff' "$1/rejects.csv" &&
    echo "$bad rejected invalid_utf8 (excerpts escaped), $((n_rows / 10)) accepted"
}

# HOSTILE_QUICK=1: every case at a small size, to try the script itself in seconds
if [ "${HOSTILE_QUICK:-0}" = 1 ]; then
  n_field=100000 n_columns=1000 n_header=5000 n_empty=10000 n_oneip=1000 n_collide=500 n_rows=1000
else
  n_field=100000000 n_columns=1000000 n_header=1000000 n_empty=10000000 n_oneip=1000000
  n_collide=50000 n_rows=1000000
fi
echo "| case | input | exit | what the outputs say | wall | peak RSS | verdict |"
echo "|---|---|---|---|--:|--:|---|"
"$gen" field "$work/field.csv" "$n_field"
run_case field 0 "one 100 MB field in row 2 of 3" check_field
rm -f "$work/field.csv"
"$gen" columns "$work/columns.csv" "$n_columns"
run_case columns 0 "a data row of 1M columns under a 2-column header" check_columns
"$gen" header "$work/header.csv" "$n_header"
run_case header 65 "a header of 1M columns" check_header
"$gen" empty "$work/empty.csv" "$n_empty"
run_case empty 0 "10M empty lines between two rows" check_empty
"$gen" oneip "$work/oneip.csv" "$n_oneip"
run_case oneip 0 "1M leases, distinct names and e-mails, one signup_ip" check_oneip
rm -f "$work/oneip.csv"
rm -rf "$work/oneip.out"
"$gen" collide "$work/collide.csv" "$n_collide" 1
run_case collide 0 "50k lease_ids colliding in the string pool under hash seed 1; scanned with seed 1" \
  check_collide LEASEHOUND_HASH_SEED=1
cp "$work/collide.csv" "$work/collide_random.csv"
run_case collide_random 0 "the same 50k lease_ids, scanned with a random seed (the default)" check_collide
"$gen" times "$work/times.csv" "$n_rows"
run_case times 0 "1M rows, 9 in 10 with created_at 9999-12-31, -1, 1e30, 2024-02-30, fractional garbage..." \
  check_times
"$gen" utf8 "$work/utf8.csv" "$n_rows"
run_case utf8 0 "1M rows, 9 in 10 with invalid UTF-8 in every column" check_utf8

# the table into tests/README.md, between the markers (not for a quick run)
readme=$top/tests/README.md
if [ "${HOSTILE_QUICK:-0}" = 1 ]; then
  exit "$failed"
fi
{
  echo "<!-- hostile:begin (written by tests/hostile/run.sh; do not edit by hand) -->"
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM, binary $(basename "$build") build:"
  echo
  echo "| case | input | exit | what the outputs say | wall | peak RSS | verdict |"
  echo "|---|---|---|---|--:|--:|---|"
  printf '%s\n' "${rows[@]}"
  echo "<!-- hostile:end -->"
} >"$work/table.md"
if grep -q "<!-- hostile:begin" "$readme" 2>/dev/null; then
  awk -v table="$work/table.md" '
    /<!-- hostile:begin/ { while ((getline line < table) > 0) print line; skip = 1; next }
    /<!-- hostile:end/ { skip = 0; next }
    !skip { print }' "$readme" >"$work/readme.md"
  cp "$work/readme.md" "$readme"
else
  cat "$work/table.md" >>"$readme"
fi
echo "table written to $readme"
exit "$failed"
