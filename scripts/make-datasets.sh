#!/usr/bin/env bash
# scripts/make-datasets.sh: regenerates the samples in datasets/ and datasets/README.md.
#
#   scripts/make-datasets.sh [LEASEHOUND]     # default: build/release/leasehound
#
# Run it whenever the generator's output changes (tests/gen checks that the committed files are
# what these commands make, and that the README's counts are those of the files).
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
bin=${1:-$top/build/release/leasehound}
[ -x "$bin" ] || { echo "$0: no leasehound at $bin (build it, or pass its path)" >&2; exit 1; }
cd "$top"

sets=("default 20000 default-20k" "tick 10000 tick-10k" "hard 20000 hard-20k")
for s in "${sets[@]}"; do
  read -r scenario n name <<<"$s"
  "$bin" gen --scenario "$scenario" --leases "$n" --seed 1 \
    --out "datasets/$name.csv.gz" --truth "datasets/$name.truth.csv.gz" --quiet
done

{
  cat <<'EOF'
# Sample datasets

Synthetic rental logs made by `leasehound gen` (see the README's `gen` section and
[docs/scenarios.md](../docs/scenarios.md)), each with its truth file. They are small enough to
commit (gzip; leasehound reads gzip by content) and large enough to benchmark linking and
scoring; larger ones come from the same command with another `--leases`.

- `NAME.csv.gz`: the log, one row per lease in `created_at` order, in the canonical schema of
  DESIGN.md (24 columns, no labels).
- `NAME.truth.csv.gz`: `lease_id,actor_id,label,kind`, one row per lease in the same order.
  `label` 1 = fake-identity actor, 0 = honest; `actor_id` is the real actor behind the lease
  (a household, company or reseller is one actor); `kind` is the actor's kind.

Every file is exactly what its command makes (checked by `tests/gen`); regenerate them all with
`scripts/make-datasets.sh`. The counts below are counted from the truth files by
`scripts/dataset-counts.sh` (also checked by `tests/gen`). Actors whose leases straddle the end
of a log appear with fewer leases than they would have made, as in any export of a live log; a
kind with an expected one or two actors in a sample may be missing from it by chance.

EOF
  for s in "${sets[@]}"; do
    read -r scenario n name <<<"$s"
    echo "## $name"
    echo
    echo '```sh'
    echo "leasehound gen --scenario $scenario --leases $n --seed 1 --out datasets/$name.csv.gz --truth datasets/$name.truth.csv.gz"
    echo '```'
    echo
    first=$(gzip -dc "datasets/$name.csv.gz" | sed -n 2p | cut -d, -f2 | cut -c1-10)
    last=$(gzip -dc "datasets/$name.csv.gz" | tail -n 1 | cut -d, -f2 | cut -c1-10)
    echo "$n leases from $first to $last; $(stat -c %s "datasets/$name.csv.gz") bytes compressed."
    echo
    scripts/dataset-counts.sh "datasets/$name.truth.csv.gz"
  done
} >datasets/README.md
echo "wrote datasets/ and datasets/README.md"
