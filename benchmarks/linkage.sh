#!/usr/bin/env bash
# Record-linkage benchmark in one command: danso's matcher and Splink (DuckDB backend) find
# the duplicates of the same synthetic people, generated with known duplicates by
# `danso generate-linkage`, and are scored against the truth. Prints a Markdown table (pairs
# compared, pairs linked, pairwise precision, recall and F1, wall time, peak memory) with
# the recall by kind of duplicate and the kinds of wrong links, and writes the same to
# benchmarks/results/linkage-<date>.md.
#
# usage: benchmarks/linkage.sh [--sizes 100000,1200000] [--seed 1] [--runs 1] [--keep DIR]
#
#   --sizes LIST   people of each generated set, comma-separated (default 100000,1200000)
#   --seed S       seed of the generator (default 1)
#   --runs R       runs of each tool on each set: the median wall time and the largest peak
#                  memory are reported, the scores of the last run (default 1)
#   --keep DIR     generate the sets into DIR/people-<size>/ and keep them, with the pairs
#                  each tool linked; a set generated with the same parameters and generator
#                  sources is reused
#
# Environment: TMPDIR where the temporary files (and the data, without --keep) go.
#
# What runs, per set and run, under GNU time (`/usr/bin/time -f "%e %M"`: wall seconds, peak
# RSS of the largest process):
#   Splink   benchmarks/.venv/bin/python benchmarks/linkage/splink_run.py --in RECORDS --out PAIRS
#            (reading the CSV and the name forms, training, blocking, scoring, writing; the
#            model and its training are described in splink_run.py)
#   danso    danso link-records --in RECORDS --out PAIRS, when `danso --help` lists it; until
#            then its rows say "danso: not available in this build"
# and benchmarks/linkage/score.py RECORDS PAIRS (not timed) scores the pairs. Python packages
# (splink and duckdb at the versions pinned below) go into the virtual environment
# benchmarks/.venv (ignored by git), made on the first run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
invocation="benchmarks/linkage.sh${*:+ $*}"

splink_version=5.0.0
duckdb_version=2.0.0

# ------------------------------------------------------------------------------- options
sizes=100000,1200000
seed=1
runs=1
keep=""

while [ $# -gt 0 ]; do
    case $1 in
        --sizes) need_value "$@"; sizes=$2; shift 2 ;;
        --seed) need_value "$@"; seed=$2; shift 2 ;;
        --runs) need_value "$@"; runs=$2; shift 2 ;;
        --keep) need_value "$@"; keep=${2%/}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
IFS=, read -r -a size_list <<<"$sizes"
[ ${#size_list[@]} -ge 1 ] || { echo "--sizes is empty" >&2; exit 2; }
for n in "${size_list[@]}" "$seed" "$runs"; do
    [[ $n =~ ^[0-9]+$ ]] || { echo "not a number: $n" >&2; exit 2; }
done
[ "$runs" -ge 1 ] || { echo "--runs must be at least 1" >&2; exit 2; }

# -------------------------------------------------------------- temporary files, cleanup
work=$(mktemp -d "${TMPDIR:-/tmp}/linkage-bench.XXXXXX")
danso=$root/.build-rel/release/danso
venv=$root/benchmarks/.venv

cleanup() {
    local rc=$?
    set +e
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


info=$work/info.txt               # key=value lines for the report
results=$work/results.txt         # "size tool run seconds peak_kb" lines
: >"$info"
: >"$results"
mkdir -p "$work/logs" "$work/scores"

# ----------------------------------------------------------------------- 1. dependencies
log "dependencies"
[ -x /usr/bin/time ] || apt_install time
command -v python3 >/dev/null || die "python3 is missing"
venv_ready() {
    [ -x "$venv/bin/python" ] && "$venv/bin/python" - "$splink_version" "$duckdb_version" 2>/dev/null <<'EOF'
import sys, duckdb, pyarrow, splink
sys.exit(0 if (splink.__version__, duckdb.__version__) == (sys.argv[1], sys.argv[2]) else 1)
EOF
}
if ! venv_ready; then
    echo "installing splink $splink_version and duckdb $duckdb_version into $venv"
    python3 -m venv "$venv" >"$work/venv.log" 2>&1 || { show_log "$work/venv.log"; die "python3 -m venv failed (Debian: apt-get install python3-venv)"; }
    "$venv/bin/python" -m pip install -q --disable-pip-version-check "splink==$splink_version" "duckdb==$duckdb_version" \
        >"$work/pip.log" 2>&1 || { show_log "$work/pip.log"; die "pip install failed"; }
    venv_ready || die "$venv does not import splink $splink_version with duckdb $duckdb_version"
fi

# ----------------------------------------------------------------------- 2. release build
log "release build (.build-rel)"
swift build -c release --scratch-path .build-rel >"$work/build.log" 2>&1 || { show_log "$work/build.log"; die "swift build failed"; }
[ -x "$danso" ] || die "$danso was not built"
help=$("$danso" --help)
grep -qE '^ +generate-linkage( |$)' <<<"$help" || die "'danso generate-linkage' is not available in this build"
danso_links=0
grep -qE '^ +link-records( |$)' <<<"$help" && danso_links=1

# ------------------------------------------------------------------------------- 3. data
# ensure_data DIR PEOPLE: DIR/records.csv for these parameters. A stamp records the
# parameters and a digest of the generator's sources; a set with the same stamp is reused.
generator_digest=$(cat Sources/DansoGenerator/*.swift | sha256sum | cut -c1-16)
ensure_data() {
    local dir=$1 people=$2
    local stamp="people=$people seed=$seed generator=$generator_digest"
    if [ -f "$dir/records.csv" ] && [ -f "$dir/.linkage-params" ] && [ "$(cat "$dir/.linkage-params")" = "$stamp" ]; then
        echo "reusing $dir ($stamp)"
        echo "generated=$people reused" >>"$info"
        return
    fi
    mkdir -p "$dir"
    rm -f "$dir/.linkage-params"
    echo "generating $stamp into $dir"
    /usr/bin/time -f "%e %M" -o "$work/time" "$danso" generate-linkage --people "$people" --seed "$seed" --out "$dir" \
        >"$work/logs/generate-$people.log" 2>&1 || { show_log "$work/logs/generate-$people.log"; die "danso generate-linkage failed"; }
    [ -f "$dir/records.csv" ] || die "danso generate-linkage wrote no $dir/records.csv"
    echo "$stamp" >"$dir/.linkage-params"
    echo "generated=$people $(tail -n 1 "$work/time")" >>"$info"
}

# --------------------------------------------------------------------- measuring helpers
record() { echo "$1 $2 $3 $4 $5" >>"$results"; }   # SIZE TOOL RUN SECONDS KB

# --------------------------------------------------------------------------- 4. the runs
data_root=${keep:-$work/data}
for size in "${size_list[@]}"; do
    log "$size people"
    dir=$data_root/people-$size
    ensure_data "$dir" "$size"
    dir=$(cd "$dir" && pwd)
    cp "$dir/summary.json" "$work/scores/data-$size.json"
    pairs_dir=${keep:+$dir}
    pairs_dir=${pairs_dir:-$work/pairs-$size}
    mkdir -p "$pairs_dir"
    for run in $(seq "$runs"); do
        logf=$work/logs/splink-$size-run$run.log
        : >"$logf"
        measure "$logf" "$venv/bin/python" benchmarks/linkage/splink_run.py --in "$dir/records.csv" --out "$pairs_dir/pairs-splink.csv"
        [ "$rc" = 0 ] || { show_log "$logf"; die "splink_run.py failed on $size people (exit $rc)"; }
        record "$size" splink "$run" "$secs" "$kb"
        grep '^{"tool": "splink"' "$logf" | tail -n 1 >"$work/scores/run-splink-$size.json"
        echo "  splink run $run: $secs s, peak $kb KB"
        if [ "$danso_links" = 1 ]; then
            logf=$work/logs/danso-$size-run$run.log
            : >"$logf"
            measure "$logf" "$danso" link-records --in "$dir/records.csv" --out "$pairs_dir/pairs-danso.csv"
            [ "$rc" = 0 ] || { show_log "$logf"; die "danso link-records failed on $size people (exit $rc)"; }
            record "$size" danso "$run" "$secs" "$kb"
            cp "$logf" "$work/scores/run-danso-$size.log"
            echo "  danso run $run: $secs s, peak $kb KB"
        fi
    done
    python3 benchmarks/linkage/score.py "$dir/records.csv" "$pairs_dir/pairs-splink.csv" --tool splink >"$work/scores/score-splink-$size.json"
    if [ "$danso_links" = 1 ]; then
        python3 benchmarks/linkage/score.py "$dir/records.csv" "$pairs_dir/pairs-danso.csv" --tool danso >"$work/scores/score-danso-$size.json"
    fi
done

# ------------------------------------------------------------------------------ 5. report
{
    echo "date=$(date +%F)"
    echo "command=$invocation"
    echo "seed=$seed"
    echo "runs=$runs"
    echo "danso_links=$danso_links"
    echo "cpu=$(grep -m 1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "nproc=$(nproc)"
    echo "memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "swift=$(swift --version 2>&1 | head -n 1)"
    echo "python=$("$venv/bin/python" --version 2>&1)"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -r)"
} >>"$info"

mkdir -p benchmarks/results
out=benchmarks/results/linkage-$(date +%F).md
python3 - "$results" "$info" "$work/scores" >"$out" <<'EOF'
import json, os, statistics, sys
from collections import defaultdict

results, info_path, scores = sys.argv[1:4]
info = defaultdict(list)
for line in open(info_path, encoding="utf-8"):
    k, _, v = line.rstrip("\n").partition("=")
    info[k].append(v)
one = lambda k: info[k][0] if info[k] else ""
runs = defaultdict(list)
for line in open(results):
    size, tool, _, secs, kb = line.split()
    runs[(int(size), tool)].append((float(secs), int(kb)))
sizes = []
for line in info["generated"]:
    size = int(line.split()[0])
    if size not in sizes:
        sizes.append(size)

def load(name):
    path = os.path.join(scores, name)
    return json.load(open(path, encoding="utf-8")) if os.path.exists(path) and os.path.getsize(path) else None

def danso_compared(size):
    """danso's pairs compared, from its output: a JSON "pairs_compared", "N … pairs compared" or "compared: N"."""
    path = os.path.join(scores, f"run-danso-{size}.log")
    if not os.path.exists(path):
        return None
    import re
    found = None
    for line in open(path, encoding="utf-8", errors="replace"):
        m = re.search(r'"pairs_compared"\s*:\s*(\d+)', line) \
            or re.search(r'(\d[\d,]*)[^\d,]*\bpairs? compared', line, re.I) \
            or re.search(r'compared\s*[:=]\s*(\d[\d,]*)', line, re.I)
        if m:
            found = int(m.group(1).replace(",", ""))
    return found

num = lambda n: f"{n:,}" if isinstance(n, int) else "—"
tools = [("splink", "Splink " + ((load(f"run-splink-{sizes[0]}.json") or {}).get("version", "?") if sizes else "?")), ("danso", "danso")]
kinds = ["name_typo", "day_month_swapped", "pn_missing", "pn_mistyped", "two_households", "birth_twice", "moved", "year_only"]

print(f"# Record linkage: danso and Splink — {one('date')}\n")
print(f"`{one('command')}` (seed {one('seed')}, {one('runs')} run(s) of each tool on each set)\n")
print("| size (people) | tool | pairs compared | pairs linked | precision | recall | F1 | wall time | peak RSS |")
print("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
rows = []
for size in sizes:
    for tool, label in tools:
        if tool == "danso" and one("danso_links") != "1":
            print(f"| {size:,} | danso | danso: not available in this build | | | | | | |")
            continue
        score = load(f"score-{tool}-{size}.json")
        times = runs.get((size, tool), [])
        compared = (load(f"run-splink-{size}.json") or {}).get("pairs_compared") if tool == "splink" else danso_compared(size)
        wall = f"{statistics.median(t for t, _ in times):.1f} s" if times else "—"
        rss = f"{max(k for _, k in times) / 1024:.0f} MB" if times else "—"
        print(f"| {size:,} | {label} | {num(compared)} | {num(score['pairs_linked'])} | {score['precision']:.4f} | "
              f"{score['recall']:.4f} | {score['f1']:.4f} | {wall} | {rss} |")
        rows.append((size, label, score))

if rows:
    print("\n## Recall by kind of duplicate\n")
    print("True pairs in which one record's `dup_kind` lists the kind (a record can list two), found / all.\n")
    print("| size | tool | " + " | ".join(kinds) + " |")
    print("|---:|---|" + "---:|" * len(kinds))
    for size, label, score in rows:
        by = score["recall_by_dup_kind"]
        cells = [f"{by[k]['recall']:.3f} ({by[k]['found']}/{by[k]['pairs']})" if k in by else "—" for k in kinds]
        print(f"| {size:,} | {label} | " + " | ".join(cells) + " |")
    print("\n## Wrong links\n")
    print("Links between two different people: twins (same mother and birth date), siblings (same mother), "
          "the same folded name, other.\n")
    print("| size | tool | twins | siblings | same name | other |")
    print("|---:|---|---:|---:|---:|---:|")
    for size, label, score in rows:
        fp = score["false_positives_by_kind"]
        print(f"| {size:,} | {label} | " + " | ".join(str(fp.get(k, 0)) for k in ("twins", "siblings", "same_name", "other")) + " |")

print("\n## Data sets\n")
print("`danso generate-linkage --people N --seed S`: one `register` record per person, duplicates of about 4% of "
      "them; the true pairs are the pairs of records sharing `true_id`.\n")
print("| size | people | records | duplicate records | true pairs | twin pairs | people sharing a full name | generated in |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
gen = {int(l.split()[0]): l.split()[1:] for l in info["generated"]}
for size in sizes:
    d = load(f"data-{size}.json") or {}
    g = gen.get(size, [])
    took = "reused" if g == ["reused"] else (f"{float(g[0]):.1f} s, {int(g[1]) / 1024:.0f} MB" if len(g) == 2 else "—")
    print(f"| {size:,} | {num(d.get('people'))} | {num(d.get('records'))} | {num(d.get('duplicate_records'))} | "
          f"{num(d.get('true_pairs'))} | {num(d.get('twin_pairs'))} | {num(d.get('people_sharing_full_name'))} | {took} |")
if sizes:
    d = load(f"data-{sizes[-1]}.json") or {}
    print("\nDuplicate records by kind (largest set): " + ", ".join(f"{k} {v:,}" for k, v in d.get("dup_kind", {}).items()) + ".")

s = load(f"run-splink-{sizes[0]}.json") if sizes else None
print("\n## Setup\n")
print(f"- Machine: {one('cpu')}, {one('nproc')} cores, {one('memory')}; {one('os')}")
print(f"- {one('swift')}; {one('python')}" + (f"; Splink {s['version']}, DuckDB {s['duckdb']}" if s else ""))
print("- Splink: `benchmarks/.venv/bin/python benchmarks/linkage/splink_run.py --in RECORDS --out PAIRS` "
      "(DuckDB backend, dedupe_only; the comparisons and blocking rules of danso's matcher; u by random sampling "
      "of 5e6 pairs, m by EM on the personal-number and birth-date-and-commune blocks, λ from deterministic rules "
      "with an assumed recall of 0.8; linked at match probability ≥ 0.9"
      + (f"; λ = {s['probability_two_random_records_match']:.3g}" if s else "") + "). "
      "Pairs compared: the blocked pairs Splink scored.")
print("- danso: `danso link-records --in RECORDS --out PAIRS`" +
      ("; pairs compared as danso prints them (`N … pairs compared`, `compared: N` or a `pairs_compared` JSON field)."
       if one("danso_links") == "1" else ": not available in this build."))
print("- Scores: `benchmarks/linkage/score.py RECORDS PAIRS`: pairwise precision, recall and F1 over the unordered "
      "pairs linked (a pair listed in both directions counts once).")
print("- Wall time and peak RSS: GNU time `%e %M` around the whole command (reading the CSV, training, blocking, "
      "scoring, writing the pairs), median wall time over the runs, the largest peak RSS.")
EOF
echo
cat "$out"
echo
echo "written: $out"
