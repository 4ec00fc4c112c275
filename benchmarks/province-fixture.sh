#!/usr/bin/env bash
# A small data directory in the layout of `danso generate`, built from the committed sample
# files, to try benchmarks/province.sh without the generator:
#
#   benchmarks/province-fixture.sh /tmp/bench-fixture
#   benchmarks/province.sh --keep /tmp/bench-fixture --runs 1
#
# Layout: DIR/a0/<commune>.csv, DIR/changes/<yyyy-mm>/<commune>.csv, DIR/manifest.csv.
# Every encoding the generator may write appears at least once:
#   a0        25489 UTF-16LE (the UTF-8 2023-12-31 register re-encoded, BOM, comma)
#             25519 CP1258 (semicolon), 25555 TCVN3 (tab)          — as committed otherwise
#   changes   25489 UTF-8 (comma), 2024-03 re-encoded UTF-16LE, 2024-04 UTF-16BE (with BOM)
#             25519 CP1258 (semicolon), 25555 UTF-8-BOM (comma)      — as committed otherwise
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:?usage: benchmarks/province-fixture.sh DIR}
samples=$root/sample-feeds
helper=$root/benchmarks/province_helper.py

rm -rf "$dir/a0" "$dir/changes" "$dir/manifest.csv" "$dir/.province-params"
mkdir -p "$dir/a0"
manifest=$dir/manifest.csv
echo "path,kind,commune_code,period,encoding,delimiter,header_style,lines" >"$manifest"

# add PATH KIND COMMUNE PERIOD ENCODING DELIMITER HEADER_STYLE: one manifest line, the data
# lines counted from the file itself.
add() {
    local lines
    lines=$(python3 "$helper" count "$dir/$1" "$5" "$6" | cut -d' ' -f1)
    echo "$1,$2,$3,$4,$5,$6,$7,$lines" >>"$manifest"
}

# UTF-16 with a byte order mark, from a UTF-8 file.
to_utf16() { # ENDIAN(LE|BE) SRC DEST
    if [ "$1" = LE ]; then printf '\xff\xfe' >"$3"; else printf '\xfe\xff' >"$3"; fi
    iconv -f UTF-8 -t "UTF-16$1" "$2" >>"$3"
}

to_utf16 LE "$samples/a0_25489_tan_lap_2023-12-31.csv" "$dir/a0/25489.csv"
cp "$samples/a0_25519_tan_ha_2023-12-31.csv" "$dir/a0/25519.csv"
cp "$samples/a0_25555_suoi_da_2023-12-31.csv" "$dir/a0/25555.csv"
add a0/25489.csv a0 25489 2023-12-31 UTF-16LE comma machine
add a0/25519.csv a0 25519 2023-12-31 CP1258 semicolon vietnamese
add a0/25555.csv a0 25555 2023-12-31 TCVN3 tab uppercase

for src in "$samples"/changes/p0_*_2024-*.csv; do
    name=$(basename "$src" .csv)          # p0_25489_2024-03
    commune=${name:3:5}
    month=${name:9:7}
    mkdir -p "$dir/changes/$month"
    dest=changes/$month/$commune.csv
    case "$commune:$month" in
        25489:2024-03) to_utf16 LE "$src" "$dir/$dest"; enc=UTF-16LE; delim=comma ;;
        25489:2024-04) to_utf16 BE "$src" "$dir/$dest"; enc=UTF-16BE; delim=comma ;;
        25489:*) cp "$src" "$dir/$dest"; enc=UTF-8; delim=comma ;;
        25519:*) cp "$src" "$dir/$dest"; enc=CP1258; delim=semicolon ;;
        25555:*) cp "$src" "$dir/$dest"; enc=UTF-8-BOM; delim=comma ;;
    esac
    add "$dest" changes "$commune" "$month" "$enc" "$delim" machine
done
echo "fixture: $dir ($(($(wc -l <"$manifest") - 1)) files)"
