#!/usr/bin/env bash
# scripts/demo.sh: installs what is missing, builds leasehound (build/release), and runs the main
# job on the sample shipped in datasets/: a scan of default-20k.csv.gz (20,000 generated leases
# with known answers), then what a user looks at first: what was read and rejected, the top
# flagged renters with their reasons, one renter explained, the evaluation against the truth,
# and where report.html is.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
need_packages "${base_packages[@]}"

echo "== build (build/release)"
build "$top/build/release" -DCMAKE_BUILD_TYPE=Release
bin="$top/build/release/leasehound"
out="$top/build/demo"

echo "== leasehound scan datasets/default-20k.csv.gz --out build/demo"
"$bin" scan "$top/datasets/default-20k.csv.gz" --out "$out"

top_renter=$(awk -F, 'NR == 2 && $5 == 1 { print $1 }' "$out/renters.csv")
if [ -n "$top_renter" ]; then
  echo
  echo "== leasehound explain build/demo $top_renter   (the first lines)"
  "$bin" explain "$out" "$top_renter" >"$out/explain.txt"
  head -n 25 "$out/explain.txt"
fi

echo
echo "== leasehound eval --truth datasets/default-20k.truth.csv.gz build/demo   (the headline)"
"$bin" eval --truth "$top/datasets/default-20k.truth.csv.gz" "$out" >"$out/eval.txt"
sed -n '/^Ranking/,/^Flags by kind/p' "$out/eval.txt" | grep -v '^Flags by kind'

echo
echo "report: $out/report.html (one self-contained page; open it in a browser)"
echo "program: $bin (leasehound --help)"
