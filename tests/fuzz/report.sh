#!/usr/bin/env bash
# tests/fuzz/report.sh: the table of fuzz runs in tests/fuzz/README.md, from run.sh's logs.
#
#   tests/fuzz/report.sh LOG...            # prints the table
#   tests/fuzz/report.sh --write LOG...    # and puts it between the fuzz-runs markers of README.md
#
# Each LOG is one run's log (BUILD_DIR/fuzz-runs/TARGET-DATE.log). A row: the target, when the
# run started, CPU time (user + system, from /usr/bin/time -v), wall time, executions and their
# rate, libFuzzer's final coverage (cov: edges, ft: features) and corpus, peak memory, and what
# the run found (a failed check or a sanitizer report; its input is in fuzz-runs/TARGET/).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
write=0
if [ "${1:-}" = --write ]; then
  write=1
  shift
fi
[ $# -gt 0 ] || { echo "usage: $0 [--write] LOG..." >&2; exit 2; }

table() {
  echo "| target | started (UTC) | CPU min | wall | executions | exec/s | cov | ft | corpus | peak RSS | found |"
  echo "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|---|"
  for log in "$@"; do
    awk -v logname="$log" '
      function secs(t,   n, a) { n = split(t, a, ":"); return n == 3 ? a[1]*3600 + a[2]*60 + a[3] : a[1]*60 + a[2] }
      /User time \(seconds\)/   { cpu += $NF }
      /System time \(seconds\)/ { cpu += $NF }
      /Elapsed \(wall clock\)/  { wall = $NF }
      /^stat::number_of_executed_units/ { execs = $2 }
      /^stat::average_exec_per_sec/     { rate = $2 }
      /^stat::peak_rss_mb/              { rss = $2 }
      /^#[0-9]+[ \t]+(INITED|NEW|REDUCE|pulse|DONE)/ {
        for (i = 1; i <= NF; i++) {
          if ($i == "cov:") cov = $(i + 1)
          if ($i == "ft:") ft = $(i + 1)
          if ($i == "corp:") corp = $(i + 1)
        }
      }
      /fuzz check failed|ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:/ && found == "" {
        found = $0; sub(/^.*\/tests\/fuzz\//, "", found); gsub(/\|/, "\\|", found)
        if (length(found) > 90) found = substr(found, 1, 87) "..."
      }
      END {
        n = split(logname, p, "/"); name = p[n]; sub(/\.log$/, "", name)
        target = name; sub(/-[0-9]+-[0-9]+$/, "", target)
        k = split(name, part, "-"); day = part[k - 1]; d = part[k]
        when = (k >= 3 && length(day) == 8 && length(d) == 6) ? sprintf("%s-%s-%s %s:%s", substr(day,1,4), substr(day,5,2), substr(day,7,2), substr(d,1,2), substr(d,3,2)) : "-"
        printf "| %s | %s | %.1f | %s | %s | %s | %s | %s | %s | %s MB | %s |\n",
          target, when, cpu / 60, wall, execs, rate, cov, ft, corp, rss, found == "" ? "nothing" : found
      }' "$log"
  done
}

# Totals by target: CPU minutes and executions over the runs.
totals() {
  echo "| target | runs | CPU min in all | executions in all |"
  echo "|---|--:|--:|--:|"
  for log in "$@"; do
    name=$(basename "$log" .log)
    echo "${name%-*-*} $(awk '/User time|System time/ {c += $NF} /^stat::number_of_executed_units/ {e = $2} END {print c, e + 0}' "$log")"
  done | awk '{n[$1]++; c[$1] += $2; e[$1] += $3; if (!($1 in seen)) {seen[$1] = 1; order[++k] = $1}}
    END {for (i = 1; i <= k; i++) t = order[i]; for (i = 1; i <= k; i++) {t = order[i]; printf "| %s | %d | %.1f | %d |\n", t, n[t], c[t] / 60, e[t]}}'
}

if [ "$write" = 0 ]; then
  table "$@"
  echo
  totals "$@"
  exit 0
fi
readme=$here/README.md
tmp=$(mktemp)
rows=$(table "$@"; echo; totals "$@")
awk -v rows="$rows" '
  /<!-- fuzz-runs:begin/ { print; print rows; skip = 1; next }
  /<!-- fuzz-runs:end/   { skip = 0 }
  !skip' "$readme" >"$tmp"
grep -q "fuzz-runs:begin" "$tmp" || { rm -f "$tmp"; echo "$0: no fuzz-runs markers in $readme" >&2; exit 1; }
mv "$tmp" "$readme"
