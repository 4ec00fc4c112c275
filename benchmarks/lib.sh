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

# ensure_province DIR HOUSEHOLDS MONTHS [PROVINCES]: DIR holds a generated province (`danso
# generate`) for these parameters; PROVINCES (former province codes, comma-separated) asks for
# `--provinces`. Uses the caller's danso (binary), seed, work and warn.
# A stamp file records the parameters of what `danso generate` wrote (the provinces only when
# given, so a one-province DIR stamped before they existed is still reused, and a DIR made for
# other provinces is generated again); a manifest without a stamp was made by hand and is used
# as it is.
ensure_province() {
    local dir=$1 hh=$2 mm=$3 pp=${4:-}
    local stamp="households=$hh months=$mm seed=$seed${pp:+ provinces=$pp}"
    if [ -f "$dir/manifest.csv" ]; then
        if [ ! -f "$dir/.province-params" ]; then
            warn "$dir/manifest.csv has no parameter stamp (hand-made?): used as it is, --households/--months/--seed (and the provinces) do not apply"
            return
        fi
        if [ "$(cat "$dir/.province-params")" = "$stamp" ]; then
            echo "reusing $dir ($stamp)"
            return
        fi
        echo "$dir holds another set ($(cat "$dir/.province-params")): generating again"
        rm -rf "$dir/a0" "$dir/changes" "$dir/manifest.csv" "$dir/.province-params"
    fi
    grep -qE '^ +generate( |$)' <<<"$("$danso" --help)" ||
        die "'danso generate' is not available in this build; pass --keep DIR with a prepared DIR/manifest.csv (benchmarks/province-fixture.sh makes a small one)"
    mkdir -p "$dir"
    echo "generating $stamp into $dir"
    [ -z "$pp" ] || [[ $("$danso" generate --help 2>&1) == *--provinces* ]] ||
        die "'danso generate --provinces' is not available in this build; pass --keep DIR with a prepared manifest"
    "$danso" generate --households "$hh" --months "$mm" --seed "$seed" ${pp:+--provinces "$pp"} --out "$dir" \
        >"$work/generate.log" 2>&1 ||
        { show_log "$work/generate.log"; die "danso generate failed"; }
    [ -f "$dir/manifest.csv" ] || die "danso generate wrote no $dir/manifest.csv"
    echo "$stamp" >"$dir/.province-params"
}

# start_cluster: starts the embedded cluster of $DANSO_HOME with the caller's danso, unless it
# runs already; sets socket and port (from the conninfo and the socket file's name,
# .s.PGSQL.<port>) and started_cluster=1 when this call started it (stop it at the end).
start_cluster() {
    [[ $("$danso" db status) == *$'\nrunning: yes'* ]] || started_cluster=1
    "$danso" db start >"$work/db-start.txt" 2>&1 || { show_log "$work/db-start.txt"; die "danso db start failed"; }
    socket=$(sed -n "s/^conninfo: .*host='\([^']*\)'.*/\1/p" "$work/db-start.txt")
    [ -d "$socket" ] || die "no socket directory in the conninfo of danso db start"
    port=$(find "$socket" -maxdepth 1 -name '.s.PGSQL.*' ! -name '*.lock' -printf '%f\n' | head -n 1)
    port=${port#.s.PGSQL.}
    [[ $port =~ ^[0-9]+$ ]] || die "no .s.PGSQL.<port> socket in $socket"
}

# checkpoint: before every timed step, for every tool, the cluster is made quiet (uses the
# caller's admin psql command array and warn): no
# autovacuum worker still busy with an earlier step's tables (waited for, at most 300 s;
# measured on this machine: a worker vacuuming a just-loaded register during the next load
# moved that load's time by 1-4 s), then a CHECKPOINT.
checkpoint() {
    local busy waited=0
    while :; do
        busy=$("${admin[@]}" -tA -c "select count(*) from pg_stat_activity where backend_type = 'autovacuum worker' and state <> 'idle'")
        [ "$busy" = 0 ] || [ "$waited" -ge 300 ] && break
        sleep 1
        waited=$((waited + 1))
    done
    [ "$busy" = 0 ] || warn "an autovacuum worker was still busy after 300 s"
    "${admin[@]}" -c checkpoint
}
