#!/usr/bin/env python3
"""Splink (DuckDB backend) on a danso linkage set, configured like danso's matcher.

usage: splink_run.py --in RECORDS.csv --out PAIRS.csv [--threshold P] [--u-pairs N] [--seed S]

Reads the records.csv of `danso generate-linkage`, deduplicates it with Splink and writes
`record_id_l,record_id_r,match_weight,match_probability` for every pair whose match
probability is at or above the threshold (record_id_l < record_id_r). Prints progress on
stderr and, last on stdout, one JSON line: splink's version, the pairs compared (the
blocked comparisons Splink scored), the pairs linked, and the seconds of each phase.

The model is danso's (DansoLinkage's ComparisonField levels and BlockingRule defaults):
  name             exact with tones / exact folded / family and given equal / Jaro-Winkler
                   >= 0.92 on the folded name / given name equal / else; term-frequency
                   adjustments on the folded name (exact levels), family + given, and given
  personal number  exact / one digit off (Hamming 1) / two adjacent digits transposed / else
  birth date       exact / day and month swapped / year and month / year / years one apart /
                   else; an unknown year is the null level
  sex, household, commune, mother   equal / else (null when unknown)
Blocking: personal number; full birth date (day and month in either order) and folded given
name; birth year, folded family and given name in one commune; mother and birth year;
household and folded given name; birth year, folded family and given name where one side
lacks its birth day or month (danso's anchored rule, as a filter on the equi-join).
Training: u by random sampling, m by EM on two blocking rules (personal number; full birth
date and commune), the probability that two random records match from deterministic rules.
The name forms are computed here in Python (NFC, lowercase, spaces collapsed, the newer tone
placement of oa/oe/uy moved to the older one; folded: NFD without combining marks, đ -> d),
as danso's NameForms does, so that both tools compare the same forms.
"""

import argparse
import csv
import json
import sys
import time
import unicodedata

import duckdb
import pyarrow as pa
import splink
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import DuckDBAPI, Linker, SettingsCreator, block_on

# ---------------------------------------------------------------------------- name forms

# Rows of a vowel with its six tones: none, huyền, sắc, hỏi, ngã, nặng (ToneSpelling.swift).
_TONE_ROWS = ["aàáảãạ", "eèéẻẽẹ", "yỳýỷỹỵ", "oòóỏõọ", "uùúủũụ"]
_A, _E, _Y, _O, _U = range(5)


def _vowel(ch):
    for row, letters in enumerate(_TONE_ROWS):
        k = letters.find(ch)
        if k >= 0:
            return row, k
    return None


def tone_canonical(token):
    """`hoà` -> `hòa`, `thuỷ` -> `thủy` (the older tone placement); None when nothing moves."""
    if len(token) < 2:
        return None
    second, first = _vowel(token[-1]), _vowel(token[-2])
    if not second or not first or second[1] == 0 or first[1] != 0:
        return None
    pair = (first[0], second[0])
    if pair in ((_O, _A), (_O, _E)):
        pass
    elif pair == (_U, _Y):
        if len(token) >= 3 and token[-3] == "q":
            return None
    else:
        return None
    return token[:-2] + _TONE_ROWS[first[0]][second[1]] + _TONE_ROWS[second[0]][0]


def fold(text):
    """Lowercase, without tone marks or other diacritics, đ -> d."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if "\u0300" <= ch <= "\u036f":
            continue
        out.append("d" if ch in "đĐ" else ch.lower())
    return "".join(out)


def name_forms(full_name):
    """(toned, folded, family, given): NameForms of DansoLinkage."""
    tokens = unicodedata.normalize("NFC", full_name).lower().split()
    toned = " ".join(tone_canonical(t) or t for t in tokens)
    folded = fold(toned)
    parts = folded.split()
    if not parts:
        return None, None, None, None
    if len(parts) == 1:
        return toned, folded, None, parts[0]
    return toned, folded, parts[0], parts[-1]


# ------------------------------------------------------------------------------- input


def read_records(path):
    """The records as a pyarrow table of the columns the model uses."""
    cols = {k: [] for k in ("unique_id", "name_toned", "name_folded", "family", "given", "family_given",
                            "sex", "birth_year", "birth_month", "birth_day", "personal_number",
                            "household_key", "commune_code", "mother_key")}

    def opt_int(s):
        return int(s) if s else None

    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            toned, folded, family, given = name_forms(row["full_name"])
            cols["unique_id"].append(int(row["record_id"]))
            cols["name_toned"].append(toned)
            cols["name_folded"].append(folded)
            cols["family"].append(family)
            cols["given"].append(given)
            cols["family_given"].append(f"{family or ''} {given}" if given else None)
            cols["sex"].append(opt_int(row["sex"]))
            cols["birth_year"].append(opt_int(row["birth_year"]))
            cols["birth_month"].append(opt_int(row["birth_month"]))
            cols["birth_day"].append(opt_int(row["birth_day"]))
            cols["personal_number"].append(row["personal_number"] or None)
            cols["household_key"].append(row["household_key"] or None)
            cols["commune_code"].append(row["commune_code"] or None)
            cols["mother_key"].append(row["mother_key"] or None)
    types = {"unique_id": pa.int64(), "sex": pa.int32(), "birth_year": pa.int32(),
             "birth_month": pa.int32(), "birth_day": pa.int32()}
    return pa.table({k: pa.array(v, type=types.get(k, pa.string())) for k, v in cols.items()})


# ------------------------------------------------------------------------------- model


def tf(level, column):
    return level.configure(tf_adjustment_column=column, tf_adjustment_weight=1.0)


def comparisons():
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_description="danso name levels",
        comparison_levels=[
            cll.NullLevel("name_folded"),
            tf(cll.CustomLevel("name_toned_l = name_toned_r", "exact with tones"), "name_folded"),
            tf(cll.CustomLevel("name_folded_l = name_folded_r", "exact folded"), "name_folded"),
            # family_given is "family given": equal exactly when both parts are (an exact level,
            # which Splink's term-frequency adjustment needs)
            tf(cll.CustomLevel("family_given_l = family_given_r", "family and given equal"), "family_given"),
            cll.CustomLevel("jaro_winkler_similarity(name_folded_l, name_folded_r) >= 0.92",
                            "Jaro-Winkler >= 0.92 (folded)"),
            tf(cll.CustomLevel("given_l = given_r", "given name equal"), "given"),
            cll.ElseLevel(),
        ],
    )
    same_length = "length(personal_number_l) = length(personal_number_r)"
    hamming = f"(case when {same_length} then hamming(personal_number_l, personal_number_r) else 99 end)"
    pn = cl.CustomComparison(
        output_column_name="personal_number",
        comparison_levels=[
            cll.NullLevel("personal_number"),
            cll.ExactMatchLevel("personal_number"),
            cll.CustomLevel(f"{hamming} = 1", "one digit off"),
            cll.CustomLevel(f"{hamming} = 2 and damerau_levenshtein(personal_number_l, personal_number_r) = 1",
                            "two adjacent digits transposed"),
            cll.ElseLevel(),
        ],
    )
    date = cl.CustomComparison(
        output_column_name="birth_date",
        comparison_levels=[
            cll.CustomLevel("birth_year_l is null or birth_year_r is null", "year unknown").configure(is_null_level=True),
            cll.CustomLevel("birth_year_l = birth_year_r and birth_month_l = birth_month_r and birth_day_l = birth_day_r",
                            "exact"),
            cll.CustomLevel("birth_year_l = birth_year_r and birth_day_l = birth_month_r and birth_month_l = birth_day_r"
                            " and birth_day_l <> birth_month_l", "day and month swapped"),
            cll.CustomLevel("birth_year_l = birth_year_r and birth_month_l = birth_month_r", "year and month"),
            cll.CustomLevel("birth_year_l = birth_year_r", "year"),
            cll.CustomLevel("abs(birth_year_l - birth_year_r) = 1", "years one apart"),
            cll.ElseLevel(),
        ],
    )
    return [name, pn, date, cl.ExactMatch("sex"), cl.ExactMatch("household_key"),
            cl.ExactMatch("commune_code"), cl.ExactMatch("mother_key")]


BLOCKING = [
    block_on("personal_number"),
    # DuckDB's least and greatest skip nulls: both dates must be full.
    "l.birth_year = r.birth_year and l.given = r.given"
    " and least(l.birth_month, l.birth_day) = least(r.birth_month, r.birth_day)"
    " and greatest(l.birth_month, l.birth_day) = greatest(r.birth_month, r.birth_day)"
    " and l.birth_day is not null and r.birth_day is not null and l.birth_month is not null and r.birth_month is not null",
    block_on("birth_year", "family", "given", "commune_code"),
    block_on("mother_key", "birth_year"),
    block_on("household_key", "given"),
    "l.birth_year = r.birth_year and l.family = r.family and l.given = r.given and (l.birth_month is null"
    " or l.birth_day is null or r.birth_month is null or r.birth_day is null)",
]

# ------------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--in", dest="records", required=True, help="records.csv of danso generate-linkage")
    ap.add_argument("--out", required=True, help="PAIRS.csv to write")
    ap.add_argument("--threshold", type=float, default=0.9, help="link at match probability >= this (default 0.9)")
    ap.add_argument("--u-pairs", type=float, default=5e6, help="pairs sampled to estimate u (default 5e6)")
    ap.add_argument("--recall", type=float, default=0.8,
                    help="assumed recall of the deterministic rules that estimate λ (default 0.8)")
    ap.add_argument("--seed", type=int, default=1, help="seed of u sampling (default 1)")
    args = ap.parse_args()

    def log(msg):
        print(f"splink: {msg}", file=sys.stderr, flush=True)

    phases = {}
    t0 = time.perf_counter()
    table = read_records(args.records)
    phases["read_and_prepare"] = time.perf_counter() - t0
    log(f"{table.num_rows} records read and prepared in {phases['read_and_prepare']:.1f} s")

    t = time.perf_counter()
    con = duckdb.connect()
    db_api = DuckDBAPI(connection=con)
    records = db_api.register(table, table_name="records")
    settings = SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=comparisons(),
        blocking_rules_to_generate_predictions=BLOCKING,
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
    )
    linker = Linker(records, settings, log_level="WARNING")
    linker.training.estimate_probability_two_random_records_match(
        ["l.personal_number = r.personal_number",
         block_on("name_folded", "birth_year", "birth_month", "birth_day")],
        recall=args.recall,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=args.u_pairs, seed=args.seed)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("personal_number"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("birth_year", "birth_month", "birth_day", "commune_code"))
    phases["train"] = time.perf_counter() - t
    lam = linker._settings_obj._probability_two_random_records_match
    log(f"trained in {phases['train']:.1f} s (λ = {lam:.3g})")

    t = time.perf_counter()
    blocked = linker.inference.compute_blocked_pairs_for_predict()
    compared = con.execute(f"select count(*) from {blocked.physical_name}").fetchall()[0][0]
    predictions = linker.inference.predict(threshold_match_probability=args.threshold, warning_mode="never")
    out = args.out.replace("'", "''")
    con.execute(f"""
        copy (
            select least(unique_id_l, unique_id_r) as record_id_l, greatest(unique_id_l, unique_id_r) as record_id_r,
                   round(match_weight, 4) as match_weight, round(match_probability, 6) as match_probability
            from {predictions.physical_name}
            order by record_id_l, record_id_r
        ) to '{out}' (header, delimiter ',')""")
    linked = con.execute(f"select count(*) from {predictions.physical_name}").fetchall()[0][0]
    phases["predict"] = time.perf_counter() - t
    log(f"{compared} pairs compared, {linked} linked (match probability >= {args.threshold}) in {phases['predict']:.1f} s")

    summary = {
        "tool": "splink",
        "version": splink.__version__,
        "duckdb": duckdb.__version__,
        "records": table.num_rows,
        "pairs_compared": compared,
        "pairs_linked": linked,
        "threshold_match_probability": args.threshold,
        "probability_two_random_records_match": lam,
        "seconds": {k: round(v, 2) for k, v in phases.items()},
        "seconds_total": round(time.perf_counter() - t0, 2),
    }
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
