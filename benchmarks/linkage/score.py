#!/usr/bin/env python3
"""Pairwise precision, recall and F1 of a matcher's pairs against a linkage set's truth.

usage: score.py RECORDS.csv PAIRS.csv [--tool NAME]

RECORDS.csv is the records.csv of `danso generate-linkage`; the true pairs are all the pairs
of records sharing a true_id. PAIRS.csv has `record_id_l,record_id_r,…` (more columns are
ignored): each line one linked pair, in either direction; a pair listed twice counts once,
a record paired with itself is ignored. Prints one JSON line:
  records, true_pairs, pairs_linked, true_positives, false_positives, false_negatives,
  precision, recall, f1,
  recall_by_dup_kind     {kind: {"pairs", "found", "recall"}}: the true pairs in which one
                         record's dup_kind lists the kind (a pair of two duplicates: either's),
  false_positives_by_kind  the wrong links that are twins (same mother and birth date),
                         siblings (same mother), the same folded name, or other.
"""

import argparse
import csv
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from itertools import combinations


def fold(text):
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if "\u0300" <= ch <= "\u036f":
            continue
        out.append("d" if ch in "đĐ" else ch.lower())
    return " ".join("".join(out).split())


def read_records(path):
    records = {}
    by_person = defaultdict(list)
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rid = int(row["record_id"])
            records[rid] = row
            by_person[row["true_id"]].append(rid)
    return records, by_person


def read_pairs(path, records):
    pairs = set()
    unknown = 0
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        header = next(reader, None)
        if header is None:
            return pairs, unknown
        try:
            il, ir = header.index("record_id_l"), header.index("record_id_r")
        except ValueError:
            sys.exit(f"{path}: expected the columns record_id_l,record_id_r, got {','.join(header)}")
        for row in reader:
            if not row:
                continue
            a, b = int(row[il]), int(row[ir])
            if a == b:
                continue
            if a not in records or b not in records:
                unknown += 1
                continue
            pairs.add((a, b) if a < b else (b, a))
    return pairs, unknown


def kinds(row):
    return set(k for k in row["dup_kind"].split("+") if k)


def false_positive_kind(a, b):
    if a["mother_key"] and a["mother_key"] == b["mother_key"]:
        same_date = (a["birth_year"], a["birth_month"], a["birth_day"]) == (b["birth_year"], b["birth_month"], b["birth_day"])
        return "twins" if same_date else "siblings"
    if fold(a["full_name"]) == fold(b["full_name"]):
        return "same_name"
    return "other"


def score(records_path, pairs_path, tool=None):
    records, by_person = read_records(records_path)
    truth = set()
    for rids in by_person.values():
        if len(rids) > 1:
            truth.update((a, b) if a < b else (b, a) for a, b in combinations(rids, 2))
    linked, unknown = read_pairs(pairs_path, records)
    tp = len(linked & truth)
    fp_pairs = linked - truth
    fn = len(truth) - tp
    precision = tp / len(linked) if linked else 0.0
    recall = tp / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    by_kind = defaultdict(lambda: [0, 0])
    for a, b in truth:
        found = (a, b) in linked
        for k in kinds(records[a]) | kinds(records[b]):
            by_kind[k][0] += 1
            by_kind[k][1] += found
    fp_kinds = Counter(false_positive_kind(records[a], records[b]) for a, b in fp_pairs)

    out = {}
    if tool:
        out["tool"] = tool
    out.update({
        "records": len(records),
        "true_pairs": len(truth),
        "pairs_linked": len(linked),
        "true_positives": tp,
        "false_positives": len(fp_pairs),
        "false_negatives": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "recall_by_dup_kind": {k: {"pairs": n, "found": f, "recall": round(f / n, 4)}
                               for k, (n, f) in sorted(by_kind.items())},
        "false_positives_by_kind": dict(sorted(fp_kinds.items())),
    })
    if unknown:
        out["pairs_with_unknown_records"] = unknown
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("records", help="records.csv of danso generate-linkage")
    ap.add_argument("pairs", help="PAIRS.csv of a matcher")
    ap.add_argument("--tool", help="a name to put in the JSON line")
    args = ap.parse_args()
    print(json.dumps(score(args.records, args.pairs, args.tool), ensure_ascii=False))


if __name__ == "__main__":
    main()
