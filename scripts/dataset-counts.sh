#!/usr/bin/env bash
# scripts/dataset-counts.sh: leases and actors by kind in truth files written by
# `leasehound gen --truth` (plain or gzip), as the markdown tables of datasets/README.md.
#
#   scripts/dataset-counts.sh datasets/default-20k.truth.csv.gz ...
#
# Columns are found by name (lease_id, actor_id, label, kind); kinds are listed in the
# generator's order, any other kind after them. Nothing is estimated: every number is counted
# from the file.
set -euo pipefail
[ $# -gt 0 ] || { echo "usage: $0 TRUTH.csv[.gz]..." >&2; exit 2; }
for f in "$@"; do
  [ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 66; }
  echo "counts of \`$(basename "$f")\`:"
  echo
  gzip -dcf -- "$f" | awk -F, '
    BEGIN {
      split("single repeat household company campus mobile_nat vpn_user reseller " \
            "fake_card fake_device fake_ipblock fake_phone fake_mailbox fake_slow fake_burst fake_tick",
            order, " ")
    }
    NR == 1 {
      for (i = 1; i <= NF; i++) col[$i] = i
      if (!("kind" in col) || !("actor_id" in col) || !("label" in col)) {
        print "not a truth file: needs actor_id, label and kind columns" > "/dev/stderr"
        exit 65
      }
      next
    }
    {
      k = $col["kind"]; a = $col["actor_id"]
      leases[k]++; label[k] = $col["label"]; n++
      if (!((k, a) in seen)) { seen[k, a] = 1; actors[k]++; na++ }
      if ($col["label"] == 1) { fl++; if (!(a in fa)) { fa[a] = 1; nfa++ } }
    }
    END {
      print "| kind | label | leases | actors |"
      print "|---|--:|--:|--:|"
      for (i = 1; i in order; i++) {
        k = order[i]; listed[k] = 1
        if (k in leases) printf "| %s | %s | %d | %d |\n", k, label[k], leases[k], actors[k]
      }
      for (k in leases) if (!(k in listed)) printf "| %s | %s | %d | %d |\n", k, label[k], leases[k], actors[k]
      printf "| **all** | | **%d** | **%d** |\n", n, na
      printf "\nfake-identity (label 1): %d leases (%.2f%%) of %d actors\n", fl, n ? 100 * fl / n : 0, nfa
    }'
  echo
done
