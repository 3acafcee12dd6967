#!/usr/bin/env bash
# Log viewer benchmark: time to the first rows, the whole index and whole-file filters on a
# large generated AMTOPMGR log (SMS trace format, UTF-8). Prints the figures of
# amtdiag_viewer_bench; see bench/README.md.
#
# Usage: bench/viewer.sh [--size 1G] [--keep] [--build DIR]
#   --size   size of the generated log (K/M/G suffixes, binary; default 1G)
#   --keep   keep bench/data/viewer-*.log (and reuse it next time)
#   --build  build folder holding bench/ (default build/release, else build/ci)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
size="1G"
keep=0
build=""
while (($# > 0)); do
    case "$1" in
        --size) size="${2:?}"; shift 2 ;;
        --keep) keep=1; shift ;;
        --build) build="${2:?}"; shift 2 ;;
        -h | --help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "viewer.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done
if [[ -z "$build" ]]; then
    build="${REPO_ROOT}/build/release"
    [[ -x "${build}/bench/amtdiag_viewer_bench" ]] || build="${REPO_ROOT}/build/ci"
fi
gen="${build}/bench/amtdiag_gen_logs"
bench="${build}/bench/amtdiag_viewer_bench"
for tool in "$gen" "$bench"; do
    [[ -x "$tool" ]] || { echo "viewer.sh: $tool missing: build amtdiag_gen_logs and amtdiag_viewer_bench" >&2; exit 1; }
done
mkdir -p "${REPO_ROOT}/bench/data"
log="${REPO_ROOT}/bench/data/viewer-${size}.log"
if [[ ! -s "$log" ]]; then
    echo "[viewer] generating ${size} log: ${log}" >&2
    "$gen" bulk --out "$log" --size "$size" --devices 2000 --seed 20090114
fi
# Drop the file from the page cache where we may (root), so "first rows" is a cold start too.
if [[ -w /proc/sys/vm/drop_caches ]]; then sync; echo 1 > /proc/sys/vm/drop_caches; fi
"$bench" --text "${VIEWER_FILTER:-0x80}" "$log"
[[ $keep -eq 1 ]] || rm -f "$log"
