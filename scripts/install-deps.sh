#!/usr/bin/env bash
# Installs the Debian packages danso needs, when they are missing:
# PostgreSQL (server, for the embedded cluster and tests), libpq and libcsv headers.
# Safe to run again: it does nothing when everything is there.
set -euo pipefail

packages=(postgresql postgresql-contrib libpq-dev libcsv-dev python3)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
    exit 0
fi
echo "Cài gói còn thiếu / installing missing packages: ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "Cần quyền root để cài / root is needed to install: ${missing[*]}" >&2; exit 1; }
    sudo="sudo"
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
