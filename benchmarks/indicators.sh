#!/usr/bin/env bash
# Indicator benchmark in one command: the star schema and the indicator mart of a whole
# generated province (292,000 households, about 1.2 million people, twelve months of change
# files). Measures the incremental refresh after each month of changes, the full rebuild, and
# the latency of an indicator lookup made as danso_analyst; checks that the full rebuild
# finds exactly the values the incremental refreshes left. Prints a Markdown table and writes
# it to benchmarks/results/indicators-<date>.md.
#
# usage: benchmarks/indicators.sh [--households N] [--months M] [--seed S] [--runs R]
#                                 [--lookups L] [--keep DIR]
#
#   --households N   households of the generated province (default 292000)
#   --months M       months of change files (default 12)
#   --seed S         seed of the generator (default 1)
#   --runs R         full rebuilds timed (default 3; the median is reported)
#   --lookups L      indicator lookups timed (default 2000)
#   --keep DIR       generate the province into DIR and keep it (reused when DIR holds a set
#                    of the same parameters; shared with benchmarks/province.sh --keep)
#
# Environment: DANSO_HOME selects the embedded cluster (default ./.danso); the benchmark
# works in a database of its own (danso_indicators_bench), dropped at the end.
#
# What is measured (wall seconds, medians; `date +%s.%N` around each command):
#   month refresh  for each month in order: `danso ingest changes --jobs 2 --defer-refresh`
#                  of the month's files (not timed), then `danso refresh` (timed): the refresh
#                  of the star facts, month ends and indicator values the month touched.
#   full rebuild   `danso refresh --full`, R times, after the last month.
#   lookup         L queries of one indicator value (code, level, unit, period drawn at
#                  random from those computed) on mart.v_chi_tieu, as danso_analyst, in one
#                  psql session with \timing: the server's time plus the round trip.
# Every timed step starts on a quiet cluster (no autovacuum worker busy with the tables the
# untimed ingest wrote, then a CHECKPOINT: checkpoint in lib.sh, as in province.sh).
# The register is loaded once (`danso ingest a0 --jobs 2 --no-linking`: the matcher is
# benchmarked by benchmarks/linkage.sh).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
invocation="benchmarks/indicators.sh${*:+ $*}"

households=292000
months=12
seed=1
runs=3
lookups=2000
keep=""
while [ $# -gt 0 ]; do
    case $1 in
        --households) need_value "$@"; households=$2; shift 2 ;;
        --months) need_value "$@"; months=$2; shift 2 ;;
        --seed) need_value "$@"; seed=$2; shift 2 ;;
        --runs) need_value "$@"; runs=$2; shift 2 ;;
        --lookups) need_value "$@"; lookups=$2; shift 2 ;;
        --keep) need_value "$@"; keep=${2%/}; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for n in "$households" "$months" "$seed" "$runs" "$lookups"; do
    [[ $n =~ ^[0-9]+$ ]] || { echo "not a number: $n" >&2; exit 2; }
done

unset DANSO_DATABASE_URL
export DANSO_HOME=${DANSO_HOME:-$root/.danso}
bench_db=danso_indicators_bench
work=$(mktemp -d "${TMPDIR:-/tmp}/indicators-bench.XXXXXX")
danso=$root/.build-rel/release/danso
socket="" port="" started_cluster=0
cleanup() {
    local rc=$?
    set +e
    unset DANSO_DATABASE_URL
    [ -n "$port" ] && psql -h "$socket" -p "$port" -U danso -d postgres -qX -c "drop database if exists $bench_db" >/dev/null 2>&1
    [ "$started_cluster" = 1 ] && "$danso" db stop >/dev/null 2>&1
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
warn() { echo "warning: $*" >&2; warnings+=("$*"); }
warnings=()

log "dependencies"
scripts/install-deps.sh
log "release build (.build-rel)"
swift build -c release --scratch-path .build-rel >"$work/build.log" 2>&1 || { show_log "$work/build.log"; die "swift build failed"; }

log "data"
data=${keep:-$work/data}
ensure_province "$data" "$households" "$months"
data=$(cd "$data" && pwd)
month_list=$(ls "$data/changes" | sort)

log "embedded cluster ($DANSO_HOME)"
start_cluster
admin=(env PGOPTIONS="-c client_min_messages=warning" psql -h "$socket" -p "$port" -U danso -d postgres -qX -v ON_ERROR_STOP=1)
bench=(env PGOPTIONS="-c client_min_messages=warning" psql -h "$socket" -p "$port" -U danso -d "$bench_db" -qX -v ON_ERROR_STOP=1)
"${admin[@]}" -c "drop database if exists $bench_db" -c "create database $bench_db"
export DANSO_DATABASE_URL="host=$socket port=$port user=danso dbname=$bench_db"

now() { date +%s.%N; }
since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.3f", b - a }'; }
median() { sort -g | awk '{ v[NR] = $1 } END { if (NR == 0) print "-"; else if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# ingest_status LOG: 0 and 1 (some lines rejected, as the generator injects none: warn) go on
ingest_status() { case $rc in 0) ;; 1) warn "$1: some lines were rejected" ;; *) show_log "$2"; die "$1: danso exited with $rc" ;; esac; }

log "register (not timed)"
"$danso" migrate >"$work/migrate.log" 2>&1 || { show_log "$work/migrate.log"; die "danso migrate failed"; }
rc=0; "$danso" ingest a0 --jobs 2 --no-linking --defer-refresh "$data"/a0/*.csv >"$work/a0.log" 2>&1 || rc=$?
ingest_status "a0" "$work/a0.log"
start=$(now); "$danso" refresh >"$work/refresh-a0.log" 2>&1 || { show_log "$work/refresh-a0.log"; die "danso refresh failed"; }
a0_refresh=$(since "$start")
log "register refresh $a0_refresh s"

: >"$work/month-refresh.txt"
for m in $month_list; do
    log "month $m: ingest (not timed), refresh (timed)"
    rc=0; "$danso" ingest changes --jobs 2 --defer-refresh "$data/changes/$m"/*.csv >"$work/ingest-$m.log" 2>&1 || rc=$?
    ingest_status "changes $m" "$work/ingest-$m.log"
    checkpoint
    start=$(now); "$danso" refresh >"$work/refresh-$m.log" 2>&1 || { show_log "$work/refresh-$m.log"; die "danso refresh failed"; }
    took=$(since "$start")
    echo "$m $took" >>"$work/month-refresh.txt"
    log "month $m: refresh $took s"
done

values_digest() {
    "${bench[@]}" -tA -c "select count(*) || ' ' || md5(string_agg(format('%s|%s|%s|%s|%s', indicator_code, unit_key, period, value, numerator || '/' || denominator), ',' order by indicator_code, unit_key, period)) from mart.indicator_value"
}
snapshot_digest() {
    "${bench[@]}" -tA -c "select count(*) || ' ' || md5(string_agg(f::text, ',' order by f::text)) from (select * from dw.fact_population_month_end union all select month_end_date_key, register_commune_key, commune_key, households, residents, null, null, null, null, null from dw.fact_household_month_end) f"
}
incremental=$(values_digest)
incremental_snapshot=$(snapshot_digest)
: >"$work/full.txt"
for r in $(seq "$runs"); do
    log "full rebuild $r/$runs"
    checkpoint
    start=$(now); "$danso" refresh --full >"$work/full-$r.log" 2>&1 || { show_log "$work/full-$r.log"; die "danso refresh --full failed"; }
    took=$(since "$start")
    echo "$took" >>"$work/full.txt"
    log "full rebuild $r: $took s"
done
rebuilt=$(values_digest)
revisions=$("${bench[@]}" -tA -c "select count(*) from mart.indicator_value_revision")
[ "$incremental" = "$rebuilt" ] && same=yes || { same=no; warn "the full rebuild changed values: $incremental vs $rebuilt"; }
rebuilt_snapshot=$(snapshot_digest)
[ "$incremental_snapshot" = "$rebuilt_snapshot" ] && same_snapshot=yes || { same_snapshot=no; warn "the full rebuild changed the month-end snapshot: $incremental_snapshot vs $rebuilt_snapshot"; }

log "lookups ($lookups as danso_analyst)"
"${bench[@]}" -tA -F $'\t' -c "select ma_chi_tieu, cap, ma_don_vi, ky from mart.v_chi_tieu order by random() limit $lookups" >"$work/keys.tsv"
{
    echo "set role danso_analyst;"
    echo "\\timing on"
    while IFS=$'\t' read -r code level unit period; do
        echo "select gia_tri, tu_so, mau_so from mart.v_chi_tieu where ma_chi_tieu = '$code' and cap = '$level' and ma_don_vi = '$unit' and ky = '$period';"
    done <"$work/keys.tsv"
} >"$work/lookups.sql"
"${bench[@]}" -f "$work/lookups.sql" | sed -n 's/^Time: \([0-9.]*\) ms.*/\1/p' >"$work/lookup-ms.txt"
looked=$(wc -l <"$work/lookup-ms.txt")
lookup_median=$(median <"$work/lookup-ms.txt")
lookup_p95=$(sort -g "$work/lookup-ms.txt" | awk '{ v[NR] = $1 } END { i = int(NR * 0.95 + 0.999); if (i < 1) i = 1; print v[i] }')

month_median=$(cut -d' ' -f2 "$work/month-refresh.txt" | median)
month_max=$(cut -d' ' -f2 "$work/month-refresh.txt" | sort -g | tail -n 1)
full_median=$(median <"$work/full.txt")
counts=$("${bench[@]}" -tA -F ' ' -c "select (select count(*) from mart.indicator_value), (select count(distinct period) from mart.indicator_value), (select count(*) from dw.fact_population_month_end), (select count(*) from registry.person)")
read -r n_values n_periods n_snapshot n_people <<<"$counts"
pass() { awk -v v="$1" -v t="$2" 'BEGIN { print (v + 0 <= t + 0) ? "yes" : "**no**" }'; }

out=benchmarks/results/indicators-$(date +%F).md
mkdir -p benchmarks/results
{
    echo "# Indicator benchmark, $(date +%F)"
    echo
    echo "Command: \`$invocation\`. Machine: $(nproc) cores, $(free -g | awk '/^Mem:/ { print $2 }') GiB, $(psql --version | head -n 1)."
    echo "Province: $households households, $n_people register identities, months $(echo $month_list | tr ' ' ','); $n_values indicator values over $n_periods periods; $n_snapshot month-end snapshot rows."
    echo
    echo "| step | median | worst | target | met |"
    echo "|---|---:|---:|---:|---|"
    echo "| refresh after one month of changes (${months} months) | ${month_median} s | ${month_max} s | < 2 s | $(pass "$month_median" 2) |"
    echo "| full rebuild (\`danso refresh --full\`, $runs runs) | ${full_median} s | $(sort -g "$work/full.txt" | tail -n 1) s | < 30 s | $(pass "$full_median" 30) |"
    echo "| indicator lookup as danso_analyst ($looked queries) | ${lookup_median} ms | p95 ${lookup_p95} ms | p95 < 20 ms | $(pass "$lookup_p95" 20) |"
    echo
    echo "- Full rebuild equals the incremental refreshes, value for value: **$same** ($incremental); revisions kept: $revisions."
    echo "- The month-end snapshot the refreshes kept by differences equals the rebuild's recount, row for row: **$same_snapshot** ($incremental_snapshot)."
    echo "- The register's own refresh after the A0 load (one month end): ${a0_refresh} s."
    echo "- Per month (s): $(tr '\n' ' ' <"$work/month-refresh.txt")"
    [ ${#warnings[@]} -eq 0 ] || printf -- '- warning: %s\n' "${warnings[@]}"
} | tee "$out"
echo "written to $out" >&2
