#!/usr/bin/env python3
"""Helper of benchmarks/province.sh (standard library only).

  plan DIR JOBS         read DIR/manifest.csv, write one tab-separated job per file to JOBS:
                        id, kind, month (a0 for registers), absolute path, encoding,
                        delimiter, columns (fields of the header), lines (manifest)
  count FILE ENC DELIM  print the data records and header fields of one file
                        (used to write a manifest by hand, see province-fixture.sh)
  report RESULTS INFO   print the Markdown report from the measurements (RESULTS, one
                        `run tool step seconds peak_kb` per line) and INFO (key=value lines)
"""
import csv
import io
import os
import statistics
import sys

# Python codecs used to read a header (TCVN3 has none: Latin-1 keeps the ASCII delimiters,
# which is all that counting fields needs).
CODECS = {
    "UTF-8": "utf-8",
    "UTF-8-BOM": "utf-8-sig",
    "UTF-16LE": "utf-16-le",
    "UTF-16BE": "utf-16-be",
    "CP1258": "cp1258",
    "TCVN3": "latin-1",
}
DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


def open_text(path, encoding):
    if encoding not in CODECS:
        sys.exit(f"{path}: unknown encoding {encoding!r} (expected one of {', '.join(CODECS)})")
    return io.open(path, encoding=CODECS[encoding], errors="replace", newline="")


def reader(handle, delimiter):
    if delimiter not in DELIMITERS:
        sys.exit(f"unknown delimiter {delimiter!r} (expected comma, semicolon or tab)")
    return csv.reader(handle, delimiter=DELIMITERS[delimiter])


def header_fields(path, encoding, delimiter):
    with open_text(path, encoding) as handle:
        return len(next(reader(handle, delimiter), []))


def plan(directory, jobs_path):
    manifest = os.path.join(directory, "manifest.csv")
    with open(manifest, newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = {"path", "kind", "commune_code", "period", "encoding", "delimiter", "header_style", "lines"}
    if not rows or not expected <= set(rows[0]):
        sys.exit(f"{manifest}: expected the columns {', '.join(sorted(expected))}")
    jobs = []
    for row in rows:
        path = os.path.abspath(os.path.join(directory, row["path"]))
        parts = row["path"].split("/")
        if row["kind"] == "a0":
            month = "a0"
        elif row["kind"] == "changes" and len(parts) >= 3 and parts[0] == "changes":
            month = parts[1]
        else:
            sys.exit(f"{manifest}: unexpected kind/path {row['kind']} {row['path']}")
        if not os.path.isfile(path):
            sys.exit(f"{manifest}: {row['path']} is missing")
        columns = header_fields(path, row["encoding"], row["delimiter"])
        jobs.append((row["kind"], month, path, row["encoding"], row["delimiter"], columns,
                     int(row["lines"] or 0), row["period"]))
    # registers first, then the months in order; inside a group, the manifest's order
    jobs.sort(key=lambda j: (j[0] != "a0", j[1]))
    with open(jobs_path, "w", encoding="utf-8") as out:
        for number, job in enumerate(jobs, 1):
            out.write("\t".join(str(v) for v in (number,) + job) + "\n")


def count(path, encoding, delimiter):
    with open_text(path, encoding) as handle:
        rows = reader(handle, delimiter)
        header = next(rows, [])
        records = sum(1 for row in rows if row)
    print(records, len(header))


# ---------------------------------------------------------------- report

TOOLS = [("danso", "danso"), ("psql", "psql \\copy"), ("psql2", "psql \\copy ×2"), ("pgloader", "pgloader")]


def median(values):
    return statistics.median(values) if values else None


def fmt_s(v):
    return "—" if v is None else (f"{v:.2f} s" if v < 100 else f"{v:.0f} s")


def fmt_mb(kb):
    return "—" if kb is None else f"{kb / 1024:.0f} MB"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "—"
    r = a / b
    return f"{r:.1f}×" if r < 100 else f"{r:.0f}×"


def report(results_path, info_path):
    info = {}
    with open(info_path, encoding="utf-8") as handle:
        for line in handle:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                info.setdefault(key, []).append(value)
    one = lambda key, default="": info.get(key, [default])[0]

    # data[tool][step][run] = (seconds, kb)
    data = {}
    with open(results_path, encoding="utf-8") as handle:
        for line in handle:
            run, tool, step, secs, kb = line.split()
            data.setdefault(tool, {}).setdefault(step, {})[int(run)] = (float(secs), int(kb))

    def step_runs(tool, step):
        return data.get(tool, {}).get(step, {})

    def median_secs(tool, step):
        return median([s for s, _ in step_runs(tool, step).values()])

    months = sorted({s[len("month:"):] for t in data.values() for s in t if s.startswith("month:")})

    def month_stats(tool):
        """Median over runs for each month, then (median month, worst month, its name)."""
        per_month = {m: median_secs(tool, "month:" + m) for m in months}
        per_month = {m: v for m, v in per_month.items() if v is not None}
        if not per_month:
            return None, None, None
        worst = max(per_month, key=per_month.get)
        return median(list(per_month.values())), per_month[worst], worst

    def peak(tool, prefix):
        """Median over runs of the run's peak RSS among steps starting with prefix."""
        runs = {}
        for step, by_run in data.get(tool, {}).items():
            if step == prefix or (prefix.endswith(":") and step.startswith(prefix)):
                for run, (_, kb) in by_run.items():
                    runs[run] = max(runs.get(run, 0), kb)
        return median(list(runs.values())) if runs else None

    a0 = {t: median_secs(t, "a0") for t, _ in TOOLS}
    mstats = {t: month_stats(t) for t, _ in TOOLS}
    rss_a0 = {t: peak(t, "a0") for t, _ in TOOLS}
    rss_month = {t: peak(t, "month:") for t, _ in TOOLS}

    out = []
    w = out.append
    w(f"# Province benchmark — {one('date')}")
    w("")
    w(f"Data: {one('data')} — {one('a0_files')} register files, {one('a0_lines')} register lines; "
      f"{len(months)} month(s) of change files ({one('change_files')} files, {one('change_lines')} slips). "
      f"Medians of {one('runs')} run(s); each run on a fresh database.")
    w("")
    header = "| | " + " | ".join(name for _, name in TOOLS) + " | danso / psql \\copy | danso / psql \\copy ×2 | danso / pgloader |"
    w(header)
    w("|---" * (len(TOOLS) + 4) + "|")

    def row(label, values, fmt):
        d = values.get("danso")
        cells = [fmt(values.get(t)) for t, _ in TOOLS]
        ratios = [ratio(d, values.get(t)) for t in ("psql", "psql2", "pgloader")]
        w(f"| {label} | " + " | ".join(cells + ratios) + " |")

    row("A0 step (registers in, figures out)", a0, fmt_s)
    if months:
        row("changes month, median", {t: mstats[t][0] for t, _ in TOOLS}, fmt_s)
        row("changes month, worst", {t: mstats[t][1] for t, _ in TOOLS}, fmt_s)
    row("peak RSS, A0 step", rss_a0, fmt_mb)
    if months:
        row("peak RSS, changes months", rss_month, fmt_mb)
    w("")

    # details
    w("Details:")
    w("")
    ingest = median_secs("danso", "a0-ingest")
    figures = median_secs("danso", "a0-indicators")
    lines = int(one("a0_lines", "0") or 0)
    if ingest is not None:
        w(f"- danso A0 step = `ingest a0` {fmt_s(ingest)} ({lines / ingest:,.0f} lines/s) + "
          f"`indicators` province and commune {fmt_s(figures)}; jobs: {one('jobs')}.")
    for tool, name in TOOLS:
        runs = step_runs(tool, "a0")
        if runs:
            values = ", ".join(f"{runs[r][0]:.2f}" for r in sorted(runs))
            w(f"- {name} A0 step, each run: {values} s" +
              (f" ({lines / a0[tool]:,.0f} lines/s)" if a0[tool] else ""))
    if months:
        slips = dict(v.split(" ", 1) for v in info.get("month_lines", []))
        w(f"- slips per month (manifest): " + ", ".join(f"{m} {slips.get(m, '?')}" for m in months))
        for tool, name in TOOLS:
            med, worst, worst_month = mstats[tool]
            if med is not None:
                per = ", ".join(f"{m} {median_secs(tool, 'month:' + m):.2f}" for m in months
                                if median_secs(tool, 'month:' + m) is not None)
                w(f"- {name} per month (median of runs, s): {per}; worst {worst_month}")
        if mstats["danso"][0]:
            med_slips = statistics.median(int(slips[m]) for m in months if m in slips) if slips else 0
            w(f"- danso changes month: ≈ {med_slips / mstats['danso'][0]:,.0f} slips/s end to end "
              f"(ingest + indicator refresh) in the median month.")
    if "danso10x" in data:
        t10 = median_secs("danso10x", "a0")
        i10 = median_secs("danso10x", "a0-ingest")
        r10 = peak("danso10x", "a0")
        lines10 = int(one("a0_lines_10x", "0") or 0)
        w(f"- 10× set ({one('data_10x')}: {lines10:,} register lines, {one('runs_10x')} run(s)): "
          f"A0 step {fmt_s(t10)} (ingest {fmt_s(i10)}, {lines10 / i10:,.0f} lines/s), "
          f"time ratio 10×/1× {ratio(t10, a0['danso'])}, peak RSS {fmt_mb(r10)} "
          f"(1×: {fmt_mb(rss_a0['danso'])}, ratio {ratio(r10, rss_a0['danso'])}).")
    for warning in info.get("warning", []):
        w(f"- **warning**: {warning}")
    w("")
    w("Notes:")
    w("")
    for note in info.get("note", []):
        w(f"- {note}")
    w("")
    w("Machine:")
    w("")
    for key in ("cpu", "nproc", "memory", "postgresql", "swift", "pgloader", "os"):
        if key in info:
            w(f"- {key}: {one(key)}")
    w("")
    w("Commands (DIR = the data directory, DB = the benchmark database on the embedded cluster's socket):")
    w("")
    w("```")
    for command in info.get("command", []):
        w(command)
    w("```")
    print("\n".join(out))


def main(argv):
    if len(argv) == 3 and argv[0] == "plan":
        plan(argv[1], argv[2])
    elif len(argv) == 4 and argv[0] == "count":
        count(argv[1], argv[2], argv[3])
    elif len(argv) == 3 and argv[0] == "report":
        report(argv[1], argv[2])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv[1:])
