#!/usr/bin/env python3
"""bench/quality_diag.py: where the errors of one scan come from, for bench_quality.sh.

    quality_diag.py LOG TRUTH SCANDIR > diag.json

Reads the generated log, its truth (lease_id,actor_id,label,kind) and the scan's leases.csv and
renters.csv, and counts:
  - flagged renters by what they hold: one fake actor only; a fake actor and others; several
    benign actors (a false merge); one benign actor;
  - benign flagged leases (false positives), and how many sit in a renter holding more than one
    actor (so that the linkage, not the scoring of an honest customer, made the flag);
  - the first reason of the flagged all-benign renters;
  - positive leases left unflagged, and how many of them have the lowest score of the scan;
  - values of the log that the generator gave to more than one actor: e-mail addresses (case
    folded) and phone numbers (digits only, last 9), which unrelated honest customers would not
    share.
Standard library only; exits non-zero on a file it cannot read or a lease it cannot join.
"""

import collections
import csv
import json
import re
import sys


def rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        yield from csv.DictReader(f)


def main():
    log, truth_path, scan = sys.argv[1:4]
    truth = {r["lease_id"]: r for r in rows(truth_path)}
    leases = {r["lease_id"]: r for r in rows(scan + "/leases.csv")}
    if set(leases) != set(truth):
        sys.exit("quality_diag: leases.csv and the truth hold different leases")
    min_score = min(float(r["score"]) for r in leases.values())

    classes = collections.Counter()
    fp_leases = fp_mixed = 0
    benign_reasons = collections.Counter()
    for r in rows(scan + "/renters.csv"):
        if r["flagged"] != "1":
            continue
        ids = r["lease_ids"].split()
        actors = {truth[i]["actor_id"] for i in ids}
        labels = {truth[i]["label"] for i in ids}
        if "1" in labels:
            cls = "fake_only" if len(actors) == 1 else "fake_and_others"
        else:
            cls = "benign_merged" if len(actors) > 1 else "benign_one_actor"
            benign_reasons[r["reasons"].split(":")[0] or "(none)"] += 1
        classes[cls] += 1
        for i in ids:
            if truth[i]["label"] == "0":
                fp_leases += 1
                fp_mixed += len(actors) > 1

    missed = [l for i, l in leases.items() if truth[i]["label"] == "1" and l["flagged"] == "0"]
    missed_kinds = collections.Counter(truth[l["lease_id"]]["kind"] for l in missed)

    emails, phones = collections.defaultdict(set), collections.defaultdict(set)
    for r in rows(log):
        a = truth[r["lease_id"]]["actor_id"]
        e = r.get("email", "").strip().lower()
        if e:
            emails[e].add(a)
        p = re.sub(r"\D", "", r.get("phone", ""))[-9:]
        if len(p) == 9:
            phones[p].add(a)

    json.dump({
        "flagged_renters": dict(classes),
        "benign_flagged_reasons": dict(benign_reasons),
        "fp_leases": fp_leases,
        "fp_leases_in_merged_renters": fp_mixed,
        "missed_positive_leases": len(missed),
        "missed_at_lowest_score": sum(1 for l in missed if float(l["score"]) == min_score),
        "lowest_score": min_score,
        "missed_by_kind": dict(missed_kinds),
        "emails_shared_by_actors": sum(1 for s in emails.values() if len(s) > 1),
        "phones_shared_by_actors": sum(1 for s in phones.values() if len(s) > 1),
    }, sys.stdout, indent=1, sort_keys=True)
    print()


if __name__ == "__main__":
    main()
