#!/usr/bin/env bash
# scripts/train-default-model.sh: rebuilds models/default.model, byte for byte (models/README.md).
#
#   scripts/train-default-model.sh [LEASEHOUND]          # default: build/release/leasehound
#   scripts/train-default-model.sh --check [LEASEHOUND]  # retrain into a temporary folder and
#                                                        # compare with the committed file
#
# The model is trained on a generated labelled log; the same binary, options and seeds give the
# same bytes (gen and train are deterministic whatever the thread count). Run it whenever the
# feature table, the model file format, gen or the link stage changes: tests/model checks that
# the committed file's format and feature list are this version's, and scripts/test.sh runs
# --check. About 20 seconds on 2 cores.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
check=0
if [ "${1:-}" = --check ]; then
  check=1
  shift
fi
bin=${1:-$top/build/release/leasehound}
[ -x "$bin" ] || { echo "$0: no leasehound at $bin (build it, or pass its path)" >&2; exit 1; }

# the exact commands (also in models/README.md)
leases=200000
gen_seed=11
train_seed=1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
log=$work/default-200k-seed11.csv.gz
out=$top/models/default.model
[ "$check" = 1 ] && out=$work/default.model

"$bin" gen --scenario default --leases "$leases" --seed "$gen_seed" --labels --out "$log" --quiet
"$bin" train "$log" --out "$out" --seed "$train_seed" --quiet

if [ "$check" = 1 ]; then
  if cmp -s "$out" "$top/models/default.model"; then
    echo "models/default.model is what this leasehound trains"
  else
    echo "models/default.model differs from what this leasehound trains:" >&2
    diff "$top/models/default.model" "$out" | head -20 >&2
    exit 1
  fi
else
  echo "wrote models/default.model"
fi
