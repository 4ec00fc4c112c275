#!/usr/bin/env bash
# Load speed of one large household register file: danso (parse, check, load, register)
# against `psql \copy` of the same file into a plain text table (no checks), on the
# embedded cluster. Prints each run and the medians.
#
# usage: benchmarks/a0-load.sh [PEOPLE] [RUNS]     (defaults 500000 people, 3 runs)
set -euo pipefail
cd "$(dirname "$0")/.."
people=${1:-500000}
runs=${2:-3}
export DANSO_HOME=${DANSO_HOME:-$PWD/.danso}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
file="$work/a0_${people}.csv"

scripts/install-deps.sh
swift build -c release --scratch-path .build-rel >/dev/null
danso=.build-rel/release/danso
python3 scripts/make_large_register.py "$people" "$file"
echo "file: $people lines, $(du -h "$file" | cut -f1)"
conninfo=$($danso db start | sed -n 's/^conninfo: //p')
socket=$(echo "$conninfo" | sed -n "s/.*host='\([^']*\)'.*/\1/p")
admin=(psql -h "$socket" -U danso -v ON_ERROR_STOP=1 -qX)

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }

: >"$work/danso.txt"; : >"$work/psql.txt"
for i in $(seq "$runs"); do
    "${admin[@]}" -d postgres -c "drop database if exists danso_bench" -c "create database danso_bench"
    export DANSO_DATABASE_URL="host=$socket user=danso dbname=danso_bench"
    $danso migrate >/dev/null
    /usr/bin/time -f "%e %M" -o "$work/t" $danso ingest a0 "$file" >/dev/null
    read -r secs kb <"$work/t"
    echo "danso run $i: ${secs} s, peak ${kb} KB"
    echo "$secs" >>"$work/danso.txt"
    unset DANSO_DATABASE_URL
    "${admin[@]}" -d danso_bench -c "create table plain (ngay_chot text, ma_xa text, dia_ban text, ma_ho text, dia_chi text, stt text, so_dinh_danh text, ho_ten text, quan_he_chu_ho text, gioi_tinh text, ngay_sinh text, dan_toc text, trinh_do_hoc_van text, tinh_trang_hon_nhan text, tinh_trang_cu_tru text, bptt text)"
    /usr/bin/time -f "%e" -o "$work/t" "${admin[@]}" -d danso_bench -c "\copy plain from '$file' with (format csv, header true)"
    echo "psql \\copy run $i: $(cat "$work/t") s"
    cat "$work/t" >>"$work/psql.txt"
done
d=$(median <"$work/danso.txt"); p=$(median <"$work/psql.txt")
echo "median: danso ${d} s ($(awk -v n="$people" -v t="$d" 'BEGIN{printf "%.0f", n/t}') lines/s), psql \\copy ${p} s ($(awk -v n="$people" -v t="$p" 'BEGIN{printf "%.0f", n/t}') lines/s), ratio $(awk -v a="$d" -v b="$p" 'BEGIN{printf "%.1f", a/b}')x"
"${admin[@]}" -d postgres -c "drop database if exists danso_bench"
