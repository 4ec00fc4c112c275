# Helpers the benchmark scripts share; sourced after `set -euo pipefail`. A script sets
# `work` (its temporary directory) before calling `measure`.

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; }
need_value() { [ $# -ge 2 ] || { echo "$1 needs a value" >&2; exit 2; }; }
log() { echo "== $*" >&2; }
die() { echo "error: $*" >&2; exit 1; }
# show_log FILE: the end of a log, after a failure (the temporary directory is removed at exit)
show_log() { echo "--- last lines of $(basename "$1"):" >&2; tail -n 30 "$1" >&2; }

# apt_install PACKAGE…: installs Debian packages (apt-get update first), as root or with sudo.
apt_install() {
    [ $# -gt 0 ] || return 0
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || die "root is needed to install: $*"
        sudo=sudo
    fi
    echo "installing $*"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# measure LOG CMD…: run CMD under GNU time, its output appended to LOG; sets secs, kb, rc.
# (GNU time writes "Command exited with non-zero status N" before the figures: last line.)
measure() {
    local logf=$1
    shift
    rc=0
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >>"$logf" 2>&1 || rc=$?
    read -r secs kb < <(tail -n 1 "$work/time")
}
