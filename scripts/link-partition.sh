#!/usr/bin/env bash
# scripts/link-partition.sh: the reducer of a partitioned leasehound run (docs/scale-out.md):
# runs `leasehound link` on the rows that a shuffle brought together and prints their edges.
#
#   link-partition.sh HEADER.csv PARAMS [leasehound link options...] < LINES > EDGES
#
# LINES are what scripts/partition-by-key.py --emit printed, grouped by a shuffle (Hadoop
# Streaming's reducer input, or a Spark partition given to RDD.pipe): `KEY<TAB>RULE<TAB>ROW`,
# ROW one CSV line of the log. The rows of each rule go to a CSV file of their own, under
# HEADER.csv's first line (the log's header), and `leasehound link FILE --block RULE --params
# PARAMS --out -` runs on each; the edge files are printed one after another (scan --edges reads
# them concatenated). A row that the shuffle brought for two keys of one rule is written once.
# LEASEHOUND names the binary (default: leasehound on the PATH); TMPDIR the scratch folder.
set -euo pipefail
[ $# -ge 2 ] || { echo "usage: link-partition.sh HEADER.csv PARAMS [link options] < LINES" >&2; exit 2; }
header=$1 params=$2
shift 2
bin=${LEASEHOUND:-leasehound}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/link-partition.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
# split by rule; awk keeps one copy of each row per rule
awk -F'\t' -v dir="$tmp" '
  NF >= 3 {
    rule = $2; row = substr($0, length($1) + length($2) + 3)
    if (!((rule, row) in seen)) { seen[rule, row] = 1; print row > (dir "/" rule ".rows") }
  }' 
for rows in "$tmp"/*.rows; do
  [ -e "$rows" ] || exit 0 # an empty partition: no edges
  rule=$(basename "$rows" .rows)
  { head -n 1 "$header"; cat "$rows"; } >"$tmp/$rule.csv"
  "$bin" link "$tmp/$rule.csv" --block "$rule" --params "$params" --out - --quiet "$@"
done
