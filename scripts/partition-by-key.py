#!/usr/bin/env python3
"""partition-by-key.py: split a rental log so that all leases sharing a blocking key value land
in one partition, for `leasehound link` per partition (docs/scale-out.md).

    partition-by-key.py INPUT.csv[.gz] --out DIR --parts N --key COLUMNS [--key ...] [--keys KEYS]
    partition-by-key.py --emit --header HEADER.csv --key all [--leasehound BIN] < LINES

COLUMNS is a blocking rule of the linkage spec, its columns joined by '+' (payment_fp,
name+dob), named as in the log's header (canonical names). With one --key, every row goes to
DIR/part-NNNNN.csv by a stable hash of its key value; rows without one are spread by lease_id
(they can pair through no key of that rule, only through the other rules that happen to fall in
their partition). With several --key options (--key all: every rule of the built-in spec), each
rule gets its own set, DIR/<rule>/part-NNNNN.csv, holding only the rows that have a value for
that rule: a row is copied once per rule it can block on, and `leasehound link --block <rule>`
runs on each part. Every part starts with the input's header.

With --emit it is a Hadoop Streaming mapper (or the function of a Spark flatMap): it reads CSV
lines on standard input (one record per line; the log's header line, if it comes by, is
skipped), takes the header from HEADER.csv's first line, and prints for each row and each rule
it has a key for `RULE:HASH<TAB>RULE<TAB>LINE`, HASH being 16 hex digits of the key. The shuffle
brings equal keys together; scripts/link-partition.sh, the reducer, runs `leasehound link` on
them.

The key of a row under a rule: with --keys KEYS.csv (from `leasehound keys INPUT --out KEYS.csv`)
and in --emit mode (which runs `leasehound keys` on its own lines; --leasehound names the binary),
leasehound's hash of its normalized key, so that a partition holds exactly the leases that the
rule puts in one block. Without --keys, the raw text, trimmed and case-folded (name words
sorted): leasehound's normalization goes further (phone formats, Gmail dots and +tags, accents,
initials), so leases whose keys leasehound calls equal can land in different partitions and
`scan --edges` misses their pair; docs/scale-out.md measures what that costs. Standard library only; the partition of a row depends on its key alone, so the same key
lands in the same partition in every run and on every machine (Hadoop's and Spark's
partitioners do the same with their own hash).
"""
import argparse
import csv
import gzip
import hashlib
import os
import sys

# The blocking rules of models/linkage.spec, in its order (name columns sorted by word).
SPEC_RULES = ["payment_fp", "device_fp", "phone", "email", "org_domain", "id_number",
              "account_id", "office_net", "signup_ip", "name+dob", "address+postcode",
              "name+postcode", "name+city", "dob+postcode", "dob"]
# Derived by leasehound: office_net from signup_ip (its /24 or /48 prefix), org_domain from the
# e-mail (its domain when neither free-mail, disposable nor academic; the raw key here is every
# domain, free-mail included, for leasehound's own lists are not in this script: --keys gives
# exactly the private ones, and keeps a free-mail domain from filling one partition).
DERIVED = {"office_net": "signup_ip", "org_domain": "email", "name": None}


def open_text(path):
    with open(path, "rb") as f:
        magic = f.read(2)
    if magic == b"\x1f\x8b":
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, "r", encoding="utf-8", newline="")


def ip_prefix(ip):
    ip = ip.strip().lower()
    if ":" in ip:
        return ":".join(ip.split(":")[:3])  # a /48, roughly (no :: expansion)
    parts = ip.split(".")
    return ".".join(parts[:3]) if len(parts) == 4 else ""


def key_of(row, cols, index):
    values = []
    for c in cols:
        if c == "office_net":
            v = ip_prefix(row[index["signup_ip"]]) if "signup_ip" in index else ""
        elif c == "org_domain" and c not in index:
            v = row[index["email"]].strip().lower() if "email" in index else ""
            v = v.rpartition("@")[2] if "@" in v else ""
        elif c == "name":
            if "name" in index:
                v = row[index["name"]]
            else:
                v = " ".join(row[index[x]] for x in ("first_name", "last_name") if x in index)
            v = " ".join(sorted(v.strip().lower().replace(",", " ").split()))
        else:
            v = row[index[c]].strip().lower() if c in index else ""
        if not v:
            return None
        values.append(v)
    return "\x1f".join(values)


def part_of(key, parts):
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big") % parts


def key_hash(key):
    return hashlib.blake2b(key.encode(), digest_size=8).hexdigest()


def read_keys(path):
    """lease_id -> {rule: key} from a `leasehound keys` file."""
    keys = {}
    with open_text(path) as f:
        rd = csv.reader(f)
        if next(rd, None) != ["lease_id", "rule", "key"]:
            sys.exit("partition-by-key.py: %s is not a leasehound keys file" % path)
        for lease, rule, key in rd:
            keys.setdefault(lease, {})[rule] = key
    return keys


def leasehound_keys(binary, header, lines):
    """Runs `leasehound keys` on the header and lines; lease_id -> {rule: key}."""
    import subprocess, tempfile
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "rows.csv")
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(header + "\n")
            for line in lines:
                f.write(line + "\n")
        out = os.path.join(tmp, "keys.csv")
        subprocess.run([binary, "keys", path, "--out", out, "--quiet"], check=True)
        return read_keys(out)


def check_rules(rules, index, where):
    for r in rules:
        for c in r.split("+"):
            if c not in index and c not in DERIVED and not (c == "name" and "first_name" in index):
                sys.exit("partition-by-key.py: no column %s in %s" % (c, where))


def emit(a, rules):
    with open_text(a.header) as f:
        header_line = f.readline().rstrip("\r\n")
    header = next(csv.reader([header_line]))
    index = {h.strip().lower(): i for i, h in enumerate(header)}
    check_rules(rules, index, a.header)
    lines, rows = [], []
    for line in sys.stdin:
        line = line.rstrip("\r\n")
        if not line:
            continue
        row = next(csv.reader([line]))
        if row == header or len(row) != len(header):
            continue  # the header of a split, or a row leasehound would reject
        lines.append(line)
        rows.append(row)
    keys = leasehound_keys(a.leasehound, header_line, lines) if lines else {}
    lease = index.get("lease_id")
    out = sys.stdout
    for n, (line, row) in enumerate(zip(lines, rows), 1):
        mine = keys.get(row[lease] if lease is not None else "row-%d" % n, {})
        for r in rules:
            if r in mine:
                out.write("%s:%s\t%s\t%s\n" % (r, mine[r], r, line))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("input", nargs="?")
    ap.add_argument("--out")
    ap.add_argument("--parts", type=int)
    ap.add_argument("--key", action="append", required=True)
    ap.add_argument("--emit", action="store_true")
    ap.add_argument("--header")
    ap.add_argument("--keys")
    ap.add_argument("--leasehound", default="leasehound")
    a = ap.parse_args()
    if a.emit:
        if not a.header:
            sys.exit("partition-by-key.py: --emit needs --header FILE (a file whose first line "
                     "is the log's header)")
        emit(a, SPEC_RULES if a.key == ["all"] else a.key)
        return
    if not a.input or not a.out or a.parts is None:
        sys.exit("partition-by-key.py: INPUT, --out and --parts are needed (or --emit)")
    if a.parts < 1:
        sys.exit("partition-by-key.py: --parts must be at least 1")
    rules = SPEC_RULES if a.key == ["all"] else a.key
    per_rule = len(rules) > 1
    os.makedirs(a.out, exist_ok=True)
    with open_text(a.input) as f:
        rd = csv.reader(f)
        header = next(rd)
        index = {h.strip().lower(): i for i, h in enumerate(header)}
        check_rules(rules, index, a.input)
        files, writers = {}, {}

        def writer(rule, p):
            k = (rule, p)
            if k not in writers:
                d = os.path.join(a.out, rule) if per_rule else a.out
                os.makedirs(d, exist_ok=True)
                fh = open(os.path.join(d, "part-%05d.csv" % p), "w", encoding="utf-8",
                          newline="")
                files[k] = fh
                writers[k] = csv.writer(fh, lineterminator="\n")
                writers[k].writerow(header)
            return writers[k]

        lease = index.get("lease_id")
        keys = read_keys(a.keys) if a.keys else None
        n = 0
        for n, row in enumerate(rd, 1):
            if len(row) != len(header):
                continue  # leasehound rejects it too
            lid = row[lease] if lease is not None else "row-%d" % n
            for r in rules:
                if keys is not None:
                    key = keys.get(lid, {}).get(r)
                else:
                    key = key_of(row, r.split("+"), index)
                if key is None:
                    if per_rule:
                        continue
                    key = "lease:" + (row[lease] if lease is not None else str(n))
                writer(r, part_of(key, a.parts)).writerow(row)
        for fh in files.values():
            fh.close()
    print("partition-by-key.py: %d rows into %d files under %s" % (n, len(files), a.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
