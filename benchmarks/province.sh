#!/usr/bin/env bash
# Province benchmark in one command: a whole province's household registers (A0) and its
# monthly change files, loaded by danso (parse, check, load, register, indicators) and, for a
# floor, by `psql \copy` (one file at a time, and two at a time) and by pgloader into plain
# all-text tables, on the embedded PostgreSQL cluster. Prints a table of medians and ratios
# and writes the same as Markdown to benchmarks/results/province-<date>.md.
#
# usage: benchmarks/province.sh [--households N] [--months M] [--runs R] [--seed S]
#                               [--scale-10x] [--runs-10x R] [--keep DIR]
#                               [--register-date YYYY-MM-DD]
#
#   --households N   households of the generated province (default 292000)
#   --months M       months of change files (default 12)
#   --runs R         runs; each on a fresh database; medians are reported (default 3)
#   --seed S         seed of the generator (default 1)
#   --scale-10x      also run the danso A0 step on a 10× set and report the time ratio 10×/1×
#                    and its peak memory. The 10× set is ten times the households (2,920,000
#                    by default, ≈ 12 million people, 1 month) spread over ten former provinces,
#                    each in a different province after the 1 July 2025 reform: 72 Tây Ninh,
#                    74 Bình Dương, 70 Bình Phước, 82 Tiền Giang, 86 Vĩnh Long, 89 An Giang,
#                    92 Cần Thơ, 96 Cà Mau, 68 Lâm Đồng, 66 Đắk Lắk (1,214 communes;
#                    `danso generate --provinces 72,74,70,82,86,89,92,96,68,66`); the 1× set is
#                    the former Tây Ninh alone (94 communes)
#   --runs-10x R     runs of the 10× A0 step (default 1: one run takes long)
#   --keep DIR       generate the data into DIR and keep it; reused when DIR already holds a
#                    manifest generated with the same parameters (the 10× set goes to DIR-10x;
#                    its stamp names the provinces too, so a one-province 10× set made before
#                    is generated again).
#                    A hand-made DIR/manifest.csv (no parameter stamp) is used as it is, e.g.
#                    one written by benchmarks/province-fixture.sh.
#   --register-date  the date of the register figures, when the manifest's a0 `period` is not
#                    a date (default: the latest a0 period of the manifest)
#
# Environment: DANSO_HOME selects the embedded cluster (default ./.danso); TMPDIR where the
# temporary files (and the data, without --keep) go. DANSO_DATABASE_URL is ignored: the
# benchmark always uses the embedded cluster. PROVINCE_PGLOADER_UTF16=iconv (for testing)
# makes pgloader read UTF-16 files through iconv even when it knows UTF-16.
#
# What is measured, per run, with GNU time (`/usr/bin/time -f "%e %M"`: wall seconds, peak
# RSS of the largest process of the command — PostgreSQL's own memory is not included):
#   danso A0      `danso ingest a0 [--jobs 2] DIR/a0/*.csv`, then `danso indicators --period
#                 <yyyy-mm of D> --level province` and `--level commune` (the values the
#                 ingest's indicator refresh computed, as for a month): seconds summed, peak
#                 RSS the max.
#   danso month   for each month in order: `danso ingest changes [--jobs 2] DIR/changes/<month>/*.csv` then
#                 `danso indicators --period <yyyy-mm> --level commune` (the month's commune
#                 values the ingest's indicator refresh computed), summed.
#   psql \copy    one `psql -c "\copy …"` per file, one after the other (UTF-16 files through
#                 `iconv | psql … from pstdin`), into plain text tables made before timing.
#   psql \copy ×2 the same per-file commands two at a time (`xargs -P 2`).
#   pgloader      one pgloader run per step whose command file holds one LOAD CSV per file.
# psql and pgloader load the same A0 files (the A0 step) and each month's change files (the
# month). Every timed step starts on a quiet cluster: no autovacuum worker busy, then a CHECKPOINT.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
invocation="benchmarks/province.sh${*:+ $*}"

# ------------------------------------------------------------------------------- options
households=292000
months=12
runs=3
seed=1
scale10=0
runs10=1
keep=""
register_date=""

while [ $# -gt 0 ]; do
    case $1 in
        --households) need_value "$@"; households=$2; shift 2 ;;
        --months) need_value "$@"; months=$2; shift 2 ;;
        --runs) need_value "$@"; runs=$2; shift 2 ;;
        --seed) need_value "$@"; seed=$2; shift 2 ;;
        --scale-10x) scale10=1; shift ;;
        --runs-10x) need_value "$@"; runs10=$2; shift 2 ;;
        --keep) need_value "$@"; keep=${2%/}; shift 2 ;;
        --register-date) need_value "$@"; register_date=$2; shift 2 ;;
        -h | --help) usage; exit 0 ;;
        *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    esac
done
for n in "$households" "$months" "$runs" "$seed" "$runs10"; do
    [[ $n =~ ^[0-9]+$ ]] || { echo "not a number: $n" >&2; exit 2; }
done
[ "$runs" -ge 1 ] && [ "$runs10" -ge 1 ] || { echo "--runs and --runs-10x must be at least 1" >&2; exit 2; }

unset DANSO_DATABASE_URL           # always the embedded cluster (danso db start refuses otherwise)
export DANSO_HOME=${DANSO_HOME:-$root/.danso}
bench_db=danso_bench

# -------------------------------------------------------------- temporary files, cleanup
work=$(mktemp -d "${TMPDIR:-/tmp}/province-bench.XXXXXX")
danso=$root/.build-rel/release/danso
socket="" port=""                  # the cluster's socket directory and port, once known
started_cluster=0                  # stop the cluster at the end only when we started it

cleanup() {
    local rc=$?
    set +e
    unset DANSO_DATABASE_URL
    if [ -n "$socket" ] && [ -n "$port" ]; then
        psql -h "$socket" -p "$port" -U danso -d postgres -qX -c "drop database if exists $bench_db" >/dev/null 2>&1
    fi
    if [ "$started_cluster" = 1 ]; then
        "$danso" db stop >/dev/null 2>&1
    fi
    rm -rf "$work"
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM


info=$work/info.txt               # key=value lines for the report
results=$work/results.txt         # "run tool step seconds peak_kb" lines
: >"$info"
: >"$results"
note() { echo "note=$*" >>"$info"; }
warn() { echo "warning: $*" >&2; echo "warning=$*" >>"$info"; }

# ----------------------------------------------------------------------- 1. dependencies
log "dependencies"
scripts/install-deps.sh
apt_missing=()
command -v pgloader >/dev/null || apt_missing+=(pgloader)
[ -x /usr/bin/time ] || apt_missing+=(time)
apt_install ${apt_missing[@]+"${apt_missing[@]}"}
command -v iconv >/dev/null || die "iconv is missing"

# ----------------------------------------------------------------------- 2. release build
log "release build (.build-rel)"
swift build -c release --scratch-path .build-rel >"$work/build.log" 2>&1 || { show_log "$work/build.log"; die "swift build failed"; }
[ -x "$danso" ] || die "$danso was not built"

# ------------------------------------------------------------------------------- 3. data
log "data"
data=${keep:-$work/data}
data10=${keep:+$keep-10x}
data10=${data10:-$work/data-10x}
# The 10× set: ten former provinces, each in a different province after the 1 July 2025
# reform (Tây Ninh, Bình Dương, Bình Phước, Tiền Giang, Vĩnh Long, An Giang, Cần Thơ, Cà Mau,
# Lâm Đồng, Đắk Lắk), 1,214 communes: several provinces' worth, not one ten times denser.
provinces10=72,74,70,82,86,89,92,96,68,66
communes10=1214

ensure_province "$data" "$households" "$months"
data=$(cd "$data" && pwd)

# plan DIR PREFIX: the jobs of a data set (one line per file, see province_helper.py) split by
# step: PREFIX/a0.tsv and PREFIX/<yyyy-mm>.tsv, and the register date.
plan() {
    local dir=$1 prefix=$2
    mkdir -p "$prefix"
    python3 benchmarks/province_helper.py plan "$dir" "$prefix/all.tsv"
    awk -F'\t' -v p="$prefix" '{ print > (p "/" $3 ".tsv") }' "$prefix/all.tsv"
    [ -s "$prefix/a0.tsv" ] || die "$dir/manifest.csv lists no a0 file"
}
plan "$data" "$work/jobs"
jobs_dir=$work/jobs
month_list=$(awk -F'\t' '$2 == "changes" { print $3 }' "$jobs_dir/all.tsv" | sort -u)

# to_date TEXT: a manifest period as YYYY-MM-DD (YYYY-MM-DD, DD/MM/YYYY, or a month: its last day)
to_date() {
    case $1 in
        [0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]) echo "$1" ;;
        [0-9][0-9]/[0-9][0-9]/[0-9][0-9][0-9][0-9]) echo "${1:6:4}-${1:3:2}-${1:0:2}" ;;
        [0-9][0-9][0-9][0-9]-[0-9][0-9]) date -d "$1-01 +1 month -1 day" +%F ;;
        [0-9][0-9]/[0-9][0-9][0-9][0-9]) date -d "${1:3:4}-${1:0:2}-01 +1 month -1 day" +%F ;;
        *) return 1 ;;
    esac
}
# register_date_of JOBS: the latest a0 period, as a date
register_date_of() {
    local p d latest=""
    while read -r p; do
        d=$(to_date "$p") || die "a0 period «$p» is not a date: pass --register-date YYYY-MM-DD"
        if [[ $d > $latest ]]; then latest=$d; fi
    done < <(cut -f9 "$1" | sort -u)
    echo "$latest"
}
reg_date=${register_date:-$(register_date_of "$jobs_dir/a0.tsv")}

a0_files=$(wc -l <"$jobs_dir/a0.tsv")
a0_lines=$(awk -F'\t' '{ s += $8 } END { print s + 0 }' "$jobs_dir/a0.tsv")
change_files=$(awk -F'\t' '$2 == "changes"' "$jobs_dir/all.tsv" | wc -l)
change_lines=$(awk -F'\t' '$2 == "changes" { s += $8 } END { print s + 0 }' "$jobs_dir/all.tsv")
echo "data: $data — $a0_files register files ($a0_lines lines, register date $reg_date), $(echo $month_list | wc -w) months, $change_files change files ($change_lines slips)"
{
    echo "date=$(date +%F)"
    echo "data=$data"
    echo "a0_files=$a0_files"
    echo "a0_lines=$a0_lines"
    echo "change_files=$change_files"
    echo "change_lines=$change_lines"
    echo "runs=$runs"
    for m in $month_list; do echo "month_lines=$m $(awk -F'\t' '{ s += $8 } END { print s + 0 }' "$jobs_dir/$m.tsv")"; done
} >>"$info"

# the 10× set: ten times the households over ten former provinces (see provinces10), registers
# only (one month of changes is generated, not used)
if [ "$scale10" = 1 ]; then
    ensure_province "$data10" $((households * 10)) 1 "$provinces10"
    data10=$(cd "$data10" && pwd)
    plan "$data10" "$work/jobs-10x"
    reg_date10=${register_date:-$(register_date_of "$work/jobs-10x/a0.tsv")}
    {
        echo "data_10x=$data10"
        echo "a0_lines_10x=$(awk -F'\t' '{ s += $8 } END { print s + 0 }' "$work/jobs-10x/a0.tsv")"
        echo "runs_10x=$runs10"
        echo "provinces_10x=$provinces10"
    } >>"$info"
    a0_files10=$(wc -l <"$work/jobs-10x/a0.tsv")
    [ "$a0_files10" = "$communes10" ] ||
        warn "the 10× set has $a0_files10 register files, not the $communes10 communes of provinces $provinces10 (a hand-made manifest?)"
fi

# -------------------------------------------------------------------- embedded cluster
log "embedded cluster ($DANSO_HOME)"
start_cluster
quiet=(env PGOPTIONS="-c client_min_messages=warning")     # no NOTICEs of drop … cascade
admin=("${quiet[@]}" psql -h "$socket" -p "$port" -U danso -d postgres -qX -v ON_ERROR_STOP=1)
bench=("${quiet[@]}" psql -h "$socket" -p "$port" -U danso -d "$bench_db" -qX -v ON_ERROR_STOP=1)
export BENCH_CONN="host=$socket port=$port user=danso dbname=$bench_db"
# pgloader's form of a Unix socket: unix:<directory>:<port>, colons in the directory doubled
pgloader_url="postgresql://danso@unix:${socket//:/::}:$port/$bench_db"

fresh_database() {
    "${admin[@]}" -c "drop database if exists $bench_db" -c "create database $bench_db"
}

# --------------------------------------------------------------------- measuring helpers
record() { echo "$run $1 $2 $3 $4" >>"$results"; }   # TOOL STEP SECONDS KB
add() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a + b }'; }
max() { echo $(($1 > $2 ? $1 : $2)); }

# danso_status WHAT LOG: accept danso's exit status 0, warn on 1 (some lines rejected) and
# 2 (a file rejected whole), stop on anything else (3: danso could not run).
danso_status() {
    case $rc in
        0) ;;
        1) warn "run $run, $1: some lines were rejected (exit 1); they are in the quarantine" ;;
        2) warn "run $run, $1: a file was rejected whole (exit 2): the time does not cover it" ;;
        *) show_log "$2"; die "run $run, $1: danso exited with $rc" ;;
    esac
}

# rows_in SCHEMA: rows of all the tables of a schema
rows_in() {
    "${bench[@]}" -tA -c "select coalesce(sum((xpath('/row/n/text()', query_to_xml(format('select count(*) as n from %s', c.oid::regclass), false, true, '')))[1]::text::bigint), 0)
        from pg_class c where c.relnamespace = '$1'::regnamespace and c.relkind = 'r'"
}
# check_rows TOOL SCHEMA JOBS: the rows loaded against the manifest's lines
check_rows() {
    local loaded expected
    loaded=$(rows_in "$2")
    expected=$(awk -F'\t' '{ s += $8 } END { print s + 0 }' "$3")
    [ "$loaded" = "$expected" ] || warn "run $run, $1: $loaded rows loaded, the manifest says $expected lines"
}

# plain_tables SCHEMA JOBS: one table per file, all columns text, as many as its header's fields
plain_tables() {
    awk -F'\t' -v s="$1" 'BEGIN { print "drop schema if exists " s " cascade; create schema " s ";" }
        { printf "create table %s.t%s (", s, $1
          for (i = 1; i <= $7; i++) printf "%sc%d text", (i > 1 ? ", " : ""), i
          print ");" }' "$2" | "${bench[@]}"
}

# ------------------------------------------------------------------ psql \copy of one file
# copy_one JOB: load one file (one jobs line) with one psql into $BENCH_SCHEMA.t<id>.
# PostgreSQL has no TCVN3 (read as LATIN1: mojibake) and cannot read UTF-16 (iconv first).
copy_one() {
    set -eo pipefail
    local id kind month path enc delim cols lines period d pgenc options table
    IFS=$'\t' read -r id kind month path enc delim cols lines period <<<"$1"
    case $delim in
        comma) d="','" ;;
        semicolon) d="';'" ;;
        tab) d="E'\\t'" ;;
    esac
    case $enc in
        UTF-8 | UTF-8-BOM | UTF-16LE | UTF-16BE) pgenc=UTF8 ;;
        CP1258) pgenc=WIN1258 ;;
        TCVN3) pgenc=LATIN1 ;;
        *) echo "unknown encoding $enc" >&2; return 1 ;;
    esac
    options="format csv, header true, delimiter $d, encoding '$pgenc'"
    table=$BENCH_SCHEMA.t$id
    case $enc in
        UTF-16*) iconv -f "$enc" -t UTF-8 "$path" |
            psql -d "$BENCH_CONN" -qX -v ON_ERROR_STOP=1 -c "\\copy $table from pstdin with ($options)" ;;
        *) psql -d "$BENCH_CONN" -qX -v ON_ERROR_STOP=1 -c "\\copy $table from '${path//\'/\'\'}' with ($options)" ;;
    esac
}
export -f copy_one


# ------------------------------------------------------------------------------ pgloader
# Encodings pgloader (SBCL) knows; otherwise Latin-1 (mojibake) or iconv beforehand.
pgloader --root-dir "$work/pgloader" --list-encodings >"$work/pgloader-encodings.txt" 2>&1 || true
if grep -qiE '(^| )(CP1258|WINDOWS-1258)( |,|$)' "$work/pgloader-encodings.txt"; then
    pgl_cp1258=cp1258
    note "pgloader reads CP1258 natively (WITH ENCODING cp1258)."
else
    pgl_cp1258=latin-1
    note "pgloader does not know CP1258 here: CP1258 files loaded as latin-1 (mojibake)."
fi
if [ "${PROVINCE_PGLOADER_UTF16:-}" != iconv ] && grep -qi 'UTF-16LE' "$work/pgloader-encodings.txt" &&
    grep -qi 'UTF-16BE' "$work/pgloader-encodings.txt"; then
    pgl_utf16=native
    note "pgloader reads UTF-16 natively (WITH ENCODING utf-16le / utf-16be; the BOM lands in the skipped header)."
else
    pgl_utf16=iconv
    note "pgloader cannot read UTF-16 here: UTF-16 files are converted to UTF-8 temporary files with iconv before timing (not timed)."
fi
note "pgloader: TCVN3 has no encoding in pgloader either: loaded as latin-1 (bytes in, mojibake)."

pgloader_limit=$((600 + a0_lines / 500))   # seconds, far above pgloader's normal pace

# pgloader_commands JOBS SCHEMA OUT: one LOAD CSV command per file into SCHEMA.t<id>
pgloader_commands() {
    local id kind month path enc delim cols lines period e d
    : >"$3"
    while IFS=$'\t' read -r id kind month path enc delim cols lines period; do
        case $enc in
            UTF-8 | UTF-8-BOM) e=utf-8 ;;
            CP1258) e=$pgl_cp1258 ;;
            TCVN3) e=latin-1 ;;
            UTF-16LE | UTF-16BE)
                if [ "$pgl_utf16" = native ]; then
                    e=$(echo "$enc" | tr '[:upper:]' '[:lower:]')
                else
                    mkdir -p "$work/pgloader-utf8"
                    iconv -f "$enc" -t UTF-8 "$path" >"$work/pgloader-utf8/$id.csv"
                    path=$work/pgloader-utf8/$id.csv
                    e=utf-8
                fi ;;
        esac
        case $delim in
            comma) d="," ;;
            semicolon) d=";" ;;
            tab) d='\t' ;;
        esac
        cat >>"$3" <<EOF
LOAD CSV
     FROM '$path' WITH ENCODING $e
     INTO $pgloader_url
     TARGET TABLE $2.t$id
     WITH skip header = 1, fields optionally enclosed by '"', fields terminated by '$d';

EOF
    done <"$1"
}

# pgloader_check LOG: pgloader goes on past bad rows; its summary has an errors column.
pgloader_check() {
    local bad
    bad=$(awk '$1 ~ /^"[^"]+"\."t[0-9]+"$/ && $2 != "0" { printf "%s %s errors; ", $1, $2 }' "$1")
    [ -z "$bad" ] || warn "run $run, pgloader $2: rows rejected: $bad"
    if grep -aqE ' (ERROR|FATAL) ' "$1"; then
        warn "run $run, pgloader $2: errors in its log: $(grep -a -m 3 -E ' (ERROR|FATAL) ' "$1" | cut -c1-200 | tr '\n' ' ')"
    fi
}

# -------------------------------------------------------------------------- the steps
# danso_a0 TOOL DIR DATE: the A0 step (ingest DIR/a0, then province and commune figures at
# DATE); --jobs 2 (one per core) for both ingests once danso has the option
jobs_option=()
if [[ $("$danso" ingest a0 --help) == *--jobs* ]]; then
    jobs_option=(--jobs 2)
    echo "jobs=2 (danso ingest a0 --jobs 2)" >>"$info"
else
    echo "jobs=none (danso ingest a0 has no --jobs yet: one file at a time)" >>"$info"
fi
change_jobs_option=()
if [[ $("$danso" ingest changes --help) == *--jobs* ]]; then
    change_jobs_option=(--jobs 2)
    echo "change_jobs=2 (danso ingest changes --jobs 2)" >>"$info"
fi
danso_a0() {
    local tool=$1 dir=$2 date=$3 step_s step_k ind_s=0 ind_k=0 level
    local logf=$work/logs/$tool-run$run-a0.log
    checkpoint
    measure "$logf" "$danso" ingest a0 "${jobs_option[@]}" "$dir"/a0/*.csv
    danso_status "$tool ingest a0" "$logf"
    record "$tool" a0-ingest "$secs" "$kb"
    local ingest_s=$secs
    step_s=$secs step_k=$kb
    # The values of the register's month the ingest's refresh computed (`--period`, as for
    # a month; `--date` would recount the day from the register).
    for level in province commune; do
        measure "$logf" "$danso" indicators --period "${date:0:7}" --level "$level"
        [ "$rc" = 0 ] || { show_log "$logf"; die "danso indicators --level $level failed"; }
        grep -q "No values for ${date:0:7}" "$logf" &&
            warn "run $run, danso indicators --period ${date:0:7} --level $level: no values (the refresh did not produce the month)"
        ind_s=$(add "$ind_s" "$secs") ind_k=$(max "$ind_k" "$kb")
    done
    record "$tool" a0-indicators "$ind_s" "$ind_k"
    step_s=$(add "$step_s" "$ind_s") step_k=$(max "$step_k" "$ind_k")
    record "$tool" a0 "$step_s" "$step_k"
    echo "  $tool A0 step: $step_s s (ingest $ingest_s s), peak $step_k KB"
}

# danso_months: each month, its change files then the month's commune values (those the
# ingest's indicator refresh computed: `indicators --period`, not `--date`, which recomputes
# the population of a day from the register)
danso_months() {
    local m end period logf step_s
    for m in $month_list; do
        end=$(to_date "$m")
        period=${end:0:7}
        logf=$work/logs/danso-run$run-$m.log
        checkpoint
        measure "$logf" "$danso" ingest changes "${change_jobs_option[@]}" "$data/changes/$m"/*.csv
        danso_status "danso ingest changes $m" "$logf"
        step_s=$secs step_k=$kb
        measure "$logf" "$danso" indicators --period "$period" --level commune
        [ "$rc" = 0 ] || { show_log "$logf"; die "danso indicators --period $period failed"; }
        # An empty answer: the refresh did not produce the month (it was not measured either).
        grep -q "No values for $period" "$logf" &&
            warn "run $run, danso indicators --period $period --level commune: no values (the refresh did not produce the month)"
        step_s=$(add "$step_s" "$secs") step_k=$(max "$step_k" "$kb")
        record danso "month:$m" "$step_s" "$step_k"
        echo "  danso $m: $step_s s, peak $step_k KB"
    done
}

# plain_load TOOL: the A0 files then each month's files into fresh plain tables (schema
# plain_TOOL, made before timing, dropped after), with psql \copy (psql, psql2) or pgloader.
plain_load() {
    local tool=$1 schema=plain_$1 step jobs logf
    export BENCH_SCHEMA=$schema
    plain_tables "$schema" "$jobs_dir/all.tsv"
    for step in a0 $month_list; do
        jobs=$jobs_dir/$step.tsv
        logf=$work/logs/$tool-run$run-$step.log
        if [ "$tool" = pgloader ]; then
            pgloader_commands "$jobs" "$schema" "$work/$step.load"   # not timed (nor any iconv)
            checkpoint
            # pgloader hangs after a FATAL error (e.g. a byte its decoder refuses): a time limit
            measure "$logf" timeout -k 10 "$pgloader_limit" pgloader --root-dir "$work/pgloader" "$work/$step.load"
            pgloader_check "$logf" "$step"
            if [ "$rc" != 0 ]; then
                warn "run $run, pgloader $step: exit $rc$([ "$rc" = 124 ] && echo " (stopped after $pgloader_limit s)"), not counted: $(grep -a -m 2 -A 2 FATAL "$logf" | cut -c1-200 | tr '\n' ' ')"
                continue
            fi
        elif [ "$tool" = psql ]; then     # one file after the other
            checkpoint
            measure "$logf" bash -c 'while IFS= read -r job; do copy_one "$job" || exit 1; done <"$1"' _ "$jobs"
        else                               # psql2: two files at a time
            checkpoint
            measure "$logf" xargs -d '\n' -P 2 -n 1 -a "$jobs" bash -c 'copy_one "$1"' _
        fi
        [ "$rc" = 0 ] || { show_log "$logf"; die "run $run, $tool $step failed (exit $rc)"; }
        if [ "$step" = a0 ]; then
            record "$tool" a0 "$secs" "$kb"
            echo "  $tool A0 step: $secs s, peak $kb KB"
        else
            record "$tool" "month:$step" "$secs" "$kb"
        fi
    done
    [ -z "$month_list" ] || echo "  $tool months: $(awk -v t="$tool" '$1 == '"$run"' && $2 == t && $3 ~ /^month:/ { printf "%s ", $4 }' "$results")s"
    check_rows "$tool" "$schema" "$jobs_dir/all.tsv"
    "${bench[@]}" -c "drop schema $schema cascade"
    rm -rf "$work/pgloader-utf8"
}

# ------------------------------------------------------------------------------ 4. runs
# migrated_database LOG: a fresh benchmark database, migrated by danso (not timed), and
# DANSO_DATABASE_URL pointing at it.
migrated_database() {
    fresh_database
    export DANSO_DATABASE_URL=$BENCH_CONN
    "$danso" migrate >"$1" 2>&1 || { show_log "$1"; die "danso migrate failed"; }
}

mkdir -p "$work/logs"
for run in $(seq "$runs"); do
    log "run $run of $runs"
    migrated_database "$work/logs/migrate-run$run.log"
    danso_a0 danso "$data" "$reg_date"
    danso_months
    unset DANSO_DATABASE_URL
    for tool in psql psql2 pgloader; do
        plain_load "$tool"
    done
    "${admin[@]}" -c "drop database $bench_db"     # the cluster's disk back between runs
done

# ------------------------------------------------------------------------- the 10× set
if [ "$scale10" = 1 ]; then
    log "10× set: danso A0 step"
    for run in $(seq "$runs10"); do
        log "10× run $run of $runs10"
        migrated_database "$work/logs/migrate-10x-run$run.log"
        danso_a0 danso10x "$data10" "$reg_date10"
        unset DANSO_DATABASE_URL
        "${admin[@]}" -c "drop database $bench_db"
    done
fi

# ------------------------------------------------------------------------------ 5. report
{
    echo "cpu=$(grep -m 1 '^model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
    echo "nproc=$(nproc)"
    echo "memory=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo)"
    echo "postgresql=$("${admin[@]}" -tA -c 'select version()')"
    echo "swift=$(swift --version 2>&1 | head -n 1)"
    echo "pgloader=$(pgloader --root-dir "$work/pgloader" --version 2>&1 | tr '\n' ' ')"
    echo "os=$(. /etc/os-release && echo "$PRETTY_NAME"), $(uname -r)"
} >>"$info"

note "psql \\copy and pgloader copy text into all-text tables and nothing else: no parsing of dates or codes, no checks, no NFC, no quarantine, no register history, no indicators. They are the floor, not a like-for-like."
note "TCVN3: PostgreSQL has no such encoding; psql loads TCVN3 files as LATIN1 (bytes in, mojibake). It is the floor."
note "UTF-16: PostgreSQL cannot read UTF-16 at all; psql's timing includes \`iconv -f UTF-16LE|BE -t UTF-8 FILE | psql -c \"\\copy … from pstdin …\"\`."
note "CP1258 is read by PostgreSQL as WIN1258. UTF-8 with a BOM is read as UTF8: the BOM lands in the first header cell, which is skipped (the same for the U+FEFF of UTF-16 files)."
note "pgloader: one pgloader process per step (A0, each month) with one LOAD CSV command per file in one command file, run one after the other; one process per file would add pgloader's start-up (≈ 0.65 s and 200 MB for a 5-line file, measured) to every file, about a minute per month of 94 files. pgloader's defaults otherwise (workers 8, concurrency 2)."
note "Peak RSS is GNU time's %M: the largest single process of the command (danso; psql or iconv; pgloader). PostgreSQL's server processes are not counted for any tool; for ×2 it is not the sum of the two psql."
note "Each run: a fresh database (danso migrate, not timed); plain tables made before timing; no autovacuum worker busy and a CHECKPOINT before every timed step. The danso month is \`ingest changes\` (which refreshes the month's indicators) plus \`indicators --period <yyyy-mm> --level commune\`, the month's commune values that refresh computed; the psql and pgloader month is the copy of that month's files."
if [ "$scale10" = 1 ]; then
    note "The 10× set is ten times the households ($((households * 10))) over ten former provinces, each in a different province after the 1 July 2025 reform: $provinces10 (Tây Ninh, Bình Dương, Bình Phước, Tiền Giang, Vĩnh Long, An Giang, Cần Thơ, Cà Mau, Lâm Đồng, Đắk Lắk), $communes10 communes; the 1× set is the former Tây Ninh (72) alone, 94 communes. Only its A0 step is run."
fi

jobs_text=$(sed -n 's/^jobs=//p' "$info")
{
    echo "command=$invocation"
    echo "command=danso ingest a0 ${jobs_option[*]}${jobs_option[*]:+ }DIR/a0/*.csv    # --jobs: $jobs_text"
    echo "command=danso indicators --period ${reg_date:0:7} --level province; danso indicators --period ${reg_date:0:7} --level commune"
    echo "command=danso ingest changes ${change_jobs_option[*]}${change_jobs_option[*]:+ }DIR/changes/<yyyy-mm>/*.csv; danso indicators --period <yyyy-mm> --level commune    # each month in order"
    if [ "$scale10" = 1 ]; then
        echo "command=danso generate --households $((households * 10)) --months 1 --seed $seed --provinces $provinces10 --out DIR-10x    # the 10× set ($communes10 communes; not timed), then the A0 step's commands on it"
    fi
    echo "command=psql -d \"DB\" -qX -v ON_ERROR_STOP=1 -c \"\\copy plain.tN from 'FILE' with (format csv, header true, delimiter ',' | ';' | E'\\t', encoding 'UTF8' | 'WIN1258' | 'LATIN1')\"    # one per file"
    echo "command=iconv -f UTF-16LE|UTF-16BE -t UTF-8 FILE | psql -d \"DB\" -qX -v ON_ERROR_STOP=1 -c \"\\copy plain.tN from pstdin with (…, encoding 'UTF8')\"    # UTF-16 files"
    echo "command=xargs -d '\\n' -P 2 -n 1 -a JOBS bash -c 'copy_one \"\$1\"' _    # psql \\copy ×2: the same per-file commands, two at a time"
    echo "command=pgloader --root-dir TMP STEP.load    # STEP.load: one command per file of the step, e.g."
    pgloader_commands <(head -n 1 "$jobs_dir/a0.tsv") plain "$work/example.load" 2>/dev/null || true
    sed -e '/^$/d' -e 's/^/command=    /' "$work/example.load"
    echo "command=/usr/bin/time -f \"%e %M\" around each of these (wall seconds, peak RSS KB)"
} >>"$info"

mkdir -p benchmarks/results
out=benchmarks/results/province-$(date +%F).md
python3 benchmarks/province_helper.py report "$results" "$info" >"$out"
echo
cat "$out"
echo
echo "written: $out"
