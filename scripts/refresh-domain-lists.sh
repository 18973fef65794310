#!/usr/bin/env bash
# Refreshes the free-mail and disposable e-mail domain lists in src/normalize/data/ from their
# upstream packages on the npm registry, recording package, version, tarball SHA-256 and date.
#
#   scripts/refresh-domain-lists.sh [DISPOSABLE_VERSION [FREEMAIL_VERSION]]
#
# disposable-email-domains (ivolo, MIT): index.json exact domains, wildcard.json as "*.domain".
# free-email-domains (Kikobeats, MIT): free providers; the disposable ones are removed from it so
#   that the two lists are disjoint (a domain is free-mail or disposable, never both).
# Needs node and npm. Rebuild afterwards: the lists are compiled into the library.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
data="$top/src/normalize/data"
dv=${1:-latest}
fv=${2:-latest}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"
npm pack --silent "disposable-email-domains@$dv" "free-email-domains@$fv" >/dev/null
dtgz=$(ls disposable-email-domains-*.tgz)
ftgz=$(ls free-email-domains-*.tgz)
mkdir d f
tar xzf "$dtgz" -C d
tar xzf "$ftgz" -C f
dver=$(node -p "require('./d/package/package.json').version")
fver=$(node -p "require('./f/package/package.json').version")
today=$(date -u +%Y-%m-%d)

node -e '
const fs = require("fs");
const exact = require("./d/package/index.json");
const wild = require("./d/package/wildcard.json");
const out = new Set();
for (const d of exact) out.add(String(d).trim().toLowerCase());
for (const d of wild) out.add("*." + String(d).trim().toLowerCase());
fs.writeFileSync("disposable.txt", [...out].filter(Boolean).join("\n") + "\n");
const disp = new Set([...out]);
const free = require("./f/package/domains.json").map(d => String(d).trim().toLowerCase());
fs.writeFileSync("free.txt", free.filter(d => d && !disp.has(d)).join("\n") + "\n");
'
{
  echo "# Disposable e-mail domains, one per line; \"*.d\" matches every subdomain of d."
  echo "# source: npm disposable-email-domains@$dver (index.json, wildcard.json), MIT licence"
  echo "# tarball sha256: $(sha256sum "$dtgz" | cut -d' ' -f1)"
  echo "# retrieved: $today by scripts/refresh-domain-lists.sh"
  LC_ALL=C sort -u disposable.txt
} > "$data/disposable_domains.txt"
{
  echo "# Free-mail provider domains, one per line, disposable domains removed."
  echo "# source: npm free-email-domains@$fver (domains.json), MIT licence"
  echo "# tarball sha256: $(sha256sum "$ftgz" | cut -d' ' -f1)"
  echo "# retrieved: $today by scripts/refresh-domain-lists.sh"
  LC_ALL=C sort -u free.txt
} > "$data/freemail_domains.txt"
echo "disposable-email-domains@$dver: $(grep -vc '^#' "$data/disposable_domains.txt") domains"
echo "free-email-domains@$fver: $(grep -vc '^#' "$data/freemail_domains.txt") domains"
