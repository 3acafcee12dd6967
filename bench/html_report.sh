#!/usr/bin/env bash
# The HTML report of a fleet: its size, and how long headless Chromium takes to open it, to open
# the device list and to draw one device's timeline (real time, not virtual). See bench/README.md.
#
# Usage: bench/html_report.sh [--size 200M] [--devices 10000] [--runs 3] [--keep]
#   --size     size of the generated AMTOPMGR.LOG (K/M/G suffixes, binary); 200M with
#              --devices 10000 names about 10,100 devices
#   --devices  devices the generator draws from
#   --runs     Chromium runs (each with a fresh profile); every run is printed
#   --keep     keep bench/data/fleet/ (the log, the JSON and the HTML report)
# Environment: AMTDIAG_BIN (default build/release/cli/amtdiag, else build/ci/cli/amtdiag),
#              GEN_BIN (the same folders' bench/amtdiag_gen_logs), CHROMIUM (default chromium).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly DATA_DIR="${REPO_ROOT}/bench/data/fleet"
readonly HARNESS="${REPO_ROOT}/tests/report/browser/harness.html"

size_arg=200M
devices=10000
runs=3
keep=0
while (($# > 0)); do
    case "$1" in
        --size) size_arg="${2:?--size needs a value}"; shift 2 ;;
        --devices) devices="${2:?--devices needs a value}"; shift 2 ;;
        --runs) runs="${2:?--runs needs a value}"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
        *) echo "html_report.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

log() { printf '[html-bench] %s\n' "$*" >&2; }
die() { printf '[html-bench] error: %s\n' "$*" >&2; exit 1; }

to_bytes() {
    local v="$1" mult=1
    case "$v" in
        *[kK]) mult=1024; v="${v%?}" ;;
        *[mM]) mult=$((1024 * 1024)); v="${v%?}" ;;
        *[gG]) mult=$((1024 * 1024 * 1024)); v="${v%?}" ;;
    esac
    [[ "$v" =~ ^[0-9]+$ ]] || die "bad --size '$1'"
    echo $((v * mult))
}

first_built() {
    local f
    for f in "$@"; do [ -x "$f" ] && { echo "$f"; return; }; done
    return 1
}
amtdiag="${AMTDIAG_BIN:-$(first_built "${REPO_ROOT}/build/release/cli/amtdiag" \
    "${REPO_ROOT}/build/ci/cli/amtdiag" "${REPO_ROOT}/build/default/cli/amtdiag")}" ||
    die "no amtdiag binary: build a preset first (cmake --preset release && cmake --build --preset release)"
gen="${GEN_BIN:-$(first_built "${REPO_ROOT}/build/release/bench/amtdiag_gen_logs" \
    "${REPO_ROOT}/build/ci/bench/amtdiag_gen_logs" "${REPO_ROOT}/build/default/bench/amtdiag_gen_logs")}" ||
    die "no amtdiag_gen_logs binary: build a preset with AMTDIAG_BUILD_BENCH=ON"
chromium="${CHROMIUM:-chromium}"
command -v "$chromium" >/dev/null || die "no chromium: run scripts/install-deps.sh"

mkdir -p "$DATA_DIR"
[ "$keep" = 1 ] || trap 'rm -rf "$DATA_DIR"' EXIT
logfile="$DATA_DIR/AMTOPMGR.LOG"
log "generating $size_arg for $devices devices"
"$gen" bulk --out "$logfile" --size "$(to_bytes "$size_arg")" --devices "$devices" --seed 20090114 2>/dev/null

timed() {  # timed OUT CMD...: runs CMD, prints "wall_s rss_mib"; exit 1 (findings) is fine
    local start end rc=0
    start=$(date +%s.%N)
    "$@" || rc=$?
    end=$(date +%s.%N)
    [ "$rc" -le 1 ] || die "$* exited with $rc"
    echo "$start $end" | awk '{printf "%.2f", $2 - $1}'
}
log "amtdiag check --format json"
json_s=$(timed "$amtdiag" check "$logfile" --format json -o "$DATA_DIR/report.json")
log "amtdiag check --format html"
html_s=$(timed "$amtdiag" check "$logfile" --format html -o "$DATA_DIR/report.html")
log "amtdiag report --from report.json --format html"
from_s=$(timed "$amtdiag" report --from "$DATA_DIR/report.json" --format html -o "$DATA_DIR/from-json.html")

counts=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d["devices"]), len(d["findings"]))' \
    "$DATA_DIR/report.json")
read -r n_devices n_findings <<<"$counts"
mib() { awk -v b="$(stat -c %s "$1")" 'BEGIN{printf "%.1f", b / 1048576}'; }

# One Chromium run of the harness's fleet scenario, in real time: the harness logs its result to
# the console, read from stderr; Chromium is stopped once it is there (or after 120 s).
url_encode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
harness_url="file://${HARNESS}?scenario=fleet&report=$(url_encode "file://$DATA_DIR/report.html")"
measure() {
    local profile err pid result=""
    profile=$(mktemp -d)
    err="$profile.stderr"
    "$chromium" --headless --no-sandbox --disable-gpu --disable-background-networking \
        --disable-component-update --disable-sync --no-first-run --disable-extensions \
        --allow-file-access-from-files --enable-logging=stderr --v=0 \
        --user-data-dir="$profile" "$harness_url" 2>"$err" &
    pid=$!
    for _ in $(seq 1 240); do
        result=$(grep -o 'HARNESS-RESULT {[^}]*}' "$err" || true)
        [ -n "$result" ] && break
        sleep 0.5
    done
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$profile" "$err"
    [ -n "$result" ] || die "the harness reported nothing within 120 s"
    echo "${result#HARNESS-RESULT }"
}

printf '\nfleet: %s devices, %s findings, log %s MiB\n' "$n_devices" "$n_findings" "$(mib "$logfile")"
printf 'report.json %s MiB (%ss)   report.html %s MiB (%ss)   report --from json -> html %s MiB (%ss)\n' \
    "$(mib "$DATA_DIR/report.json")" "$json_s" "$(mib "$DATA_DIR/report.html")" "$html_s" \
    "$(mib "$DATA_DIR/from-json.html")" "$from_s"
printf '\n%-4s %10s %10s %10s %14s %12s %9s\n' run "ready ms" "load ms" elements "device list ms" "timeline ms" packed
for i in $(seq 1 "$runs"); do
    r=$(measure)
    python3 - "$i" "$r" <<'EOF'
import json, sys
r = json.loads(sys.argv[2])
print("%-4s %10s %10s %10s %14s %12s %9s" % (sys.argv[1], r.get("ready"), r.get("loadMs"), r.get("elements"),
      r.get("deviceListMs"), r.get("timelineMs"), r.get("packed")))
EOF
done
cat <<'EOF'

ready ms: the page's own clock when its script finished (data-ready): the verdict, stages, devices
  summary and first failing stage are drawn and the page answers clicks.
load ms: from the harness setting the frame's address to the frame's load event: the data blocks
  after the script parsed too.
device list ms: opening "All devices" (unpacking and parsing the devices block, drawing 50 rows).
timeline ms: opening one device and choosing "Timeline" (unpacking the timelines on first use).
Run it on a quiet machine: a build next door multiplies every figure.
EOF
