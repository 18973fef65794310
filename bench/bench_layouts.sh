#!/usr/bin/env bash
# bench/bench_layouts.sh: does leasehound find the same renters when a log is exported another way?
#
# Generates one labelled log, rewrites it in the layouts of bench/layouts.py (identifier
# columns under names no alias knows; Excel's Unicode text: UTF-16, tabs, M/D/Y AM/PM dates; a
# German spreadsheet: German headers, semicolons, D.M.Y dates, decimal commas; an older billing
# system: Windows-1252, M/D/Y AM/PM dates, a delimiter after every row, the three with headers
# written as words and currency codes in the amounts; a billing report: title lines above the
# header and Excel's forced text ="0123" in the identifier cells), scans each as it is, with no
# option, and evaluates every scan against the one truth:
#
#   leasehound gen --scenario S --leases N --seed K --truth T --out F
#   python3 bench/layouts.py F DIR
#   leasehound scan DIR/<layout> --out OUT --quiet;  leasehound eval --json --truth T OUT
#
# and writes bench/results/<date>-layouts.md: rows accepted, the lines skipped above the header,
# the encoding, delimiter and date order leasehound chose, and the scan's quality beside the
# canonical file's. The Windows-1252
# layout loses the characters that encoding lacks (written '?', as such exports do), so its
# figures may fall for that reason alone; the others keep every value.
#
#   bench/bench_layouts.sh           # hard scenario, 100k leases, seed 7: about a minute
#
# Environment: LEASEHOUND (a binary; default: build/release/leasehound, built if missing),
# BENCH_SCENARIO (hard), BENCH_LEASES (100000), BENCH_SEED (7), BENCH_WORK (bench/work/layouts).
set -Eeuo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
say() { echo "bench_layouts: $*" >&2; }
fail() { say "FAILED: $*"; exit 1; }
trap 'fail "line $LINENO: $BASH_COMMAND (exit $?)"' ERR
command -v python3 >/dev/null || fail "needs python3"
bin=${LEASEHOUND:-$top/build/release/leasehound}
if [ -z "${LEASEHOUND:-}" ]; then
  cmake -S "$top" -B "$top/build/release" -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$top/build/release" -j 2 --target leasehound >/dev/null
fi
scenario=${BENCH_SCENARIO:-hard}
leases=${BENCH_LEASES:-100000}
seed=${BENCH_SEED:-7}
work=${BENCH_WORK:-$top/bench/work/layouts}
rm -rf "$work"
mkdir -p "$work" "$top/bench/results"
t0=$(date +%s)
log=$work/log.csv
truth=$work/truth.csv
say "gen --scenario $scenario --leases $leases --seed $seed"
"$bin" gen --scenario "$scenario" --leases "$leases" --seed "$seed" --out "$log" --truth "$truth" \
  >/dev/null 2>&1
python3 "$top/bench/layouts.py" "$log" "$work/files" >"$work/layouts.tsv" 2>"$work/what.txt"
printf 'canonical\t%s\t0\n' "$log" | cat - "$work/layouts.tsv" >"$work/all.tsv"
while IFS=$'\t' read -r name file lost; do
  say "scan $name"
  "$bin" scan "$file" --out "$work/out-$name" --quiet
  "$bin" eval --json --truth "$truth" "$work/out-$name" >"$work/eval-$name.json"
done <"$work/all.tsv"

commit=$(git -C "$top" rev-parse --short HEAD 2>/dev/null || echo unknown)
dirty=""
git -C "$top" diff --quiet HEAD -- src 2>/dev/null || dirty=" (with uncommitted changes in src/)"
out=$top/bench/results/$(date -u +%Y-%m-%d)-layouts.md
python3 - "$work" "$out" "$commit$dirty" "$scenario" "$leases" "$seed" "$(($(date +%s) - t0))" <<'PY'
import json, sys
work, out, commit, scenario, leases, seed, secs = sys.argv[1:]
rows = [l.rstrip('\n').split('\t') for l in open(work + '/all.tsv')]
what = [l.strip() for l in open(work + '/what.txt') if l.strip()]
w = []
w.append('# leasehound: one log in other export layouts (%s)\n' % __import__('datetime').date.today())
w.append('Measured by `bench/bench_layouts.sh` at commit `%s`. Written by the script; no number '
         'here is typed by hand.\n' % commit)
w.append('The log: `leasehound gen --scenario %s --leases %s --seed %s`, rewritten by '
         '`bench/layouts.py` (the same rows and values, written another way), each file scanned '
         'with no option (`leasehound scan FILE --out DIR --quiet`) and evaluated against the '
         'one truth (`leasehound eval --json --truth T DIR`). The whole run took %s s.\n'
         % (scenario, leases, seed, secs))
w.append('Layouts:\n')
for (name, _, _), text in zip(rows[1:], what):
    w.append('- `%s`: %s.' % (name, text))
w.append('')
w.append('| layout | rows accepted | lines skipped above the header | encoding read | delimiter | '
         'created_at order | values lost in writing | lease PR-AUC | flag precision | flag recall '
         '| renter recall | B-cubed F1 |')
w.append('|---|--:|--:|---|---|---|--:|--:|--:|--:|--:|--:|')
for name, _, lost in rows:
    s = json.load(open('%s/out-%s/summary.json' % (work, name)))
    e = json.load(open('%s/eval-%s.json' % (work, name)))
    i = s['inputs'][0]
    d = {'\t': 'tab', ',': 'comma', ';': 'semicolon'}.get(i.get('delimiter'), i.get('delimiter'))
    w.append('| %s | %s of %s | %s | %s | %s | %s | %s | %.4f | %.4f | %.4f | %.4f | %.4f |' % (
        name, format(s['counts']['accepted'], ','), format(s['counts']['rows'], ','),
        i.get('preamble_lines', 0), i.get('encoding', ''), d, i.get('created_at_order') or '-', format(int(lost), ','),
        e['leases']['average_precision'], e['leases']['flags']['precision'],
        e['leases']['flags']['recall'], e['renters']['flags']['recall'],
        e['linkage']['bcubed_f1']))
open(out, 'w').write('\n'.join(w) + '\n')
PY
say "wrote $out"
