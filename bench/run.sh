#!/usr/bin/env bash
# Throughput / memory benchmark for `amtdiag check` on large generated AMTOPMGR logs,
# with ripgrep over the same signature regexes as a baseline. See bench/README.md.
#
# Usage: bench/run.sh [--size 1G] [--devices "10000 100000"] [--keep]
#   --size     size of each generated log (K/M/G suffixes, binary)
#   --devices  device counts to generate logs for (space-separated; default 10000)
#   --keep     keep bench/data/*.log after the run (and reuse them next time if present)
# For every device count two SMS-trace logs: "dense" (nearly every line a milestone: the worst
# case) and "realistic" (eight routine lines per task line, as a real site's log is), then the
# realistic mix as a bundle of 12 MiB logs (several files in parallel). Each is
# read by amtdiag with one thread and with two, and by `rg -j1 -c -f` over the same patterns in
# the same run; the table gives the ratio to rg (this machine is noisy), then the shipped
# samples end to end, rule loading included.
# Environment overrides (optional):
#   AMTDIAG_BIN   amtdiag binary        (default build/release/cli/amtdiag)
#   RULES_DIR     signature YAML folder (default rules/signatures)
#   BENCH_SEED    generator seed        (default 20090114)
#   BENCH_NO_BUILD=1  measure AMTDIAG_BIN as it is (the generator of its build tree)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly DATA_DIR="${REPO_ROOT}/bench/data"
readonly BUILD_DIR="${REPO_ROOT}/build/release"
readonly AMTDIAG_BIN="${AMTDIAG_BIN:-${BUILD_DIR}/cli/amtdiag}"
readonly RULES_DIR="${RULES_DIR:-${REPO_ROOT}/rules/signatures}"
readonly SEED="${BENCH_SEED:-20090114}"
DEVICE_COUNTS="10000"
readonly NOISE_LINES=8  # the realistic mix: routine lines per task line

# Targets (see README): throughput per CPU core and peak resident memory.
readonly TARGET_MB_REALISTIC=500
readonly TARGET_MB_DENSE=250
readonly TARGET_TWO_THREADS=1.7
readonly TARGET_SAMPLE_MS=100

size_arg="1G"
keep=0
while (($# > 0)); do
    case "$1" in
        --size) size_arg="${2:?--size needs a value}"; shift 2 ;;
        --size=*) size_arg="${1#--size=}"; shift ;;
        --devices) DEVICE_COUNTS="${2:?--devices needs a value}"; shift 2 ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,18p' "$0"; exit 0 ;;
        *) echo "run.sh: unknown argument: $1" >&2; exit 2 ;;
    esac
done

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] error: %s\n' "$*" >&2; exit 1; }

to_bytes() {
    local v="${1%iB}" mult=1
    case "$v" in
        *[kK]) mult=1024; v="${v%?}" ;;
        *[mM]) mult=$((1024 * 1024)); v="${v%?}" ;;
        *[gG]) mult=$((1024 * 1024 * 1024)); v="${v%?}" ;;
    esac
    [[ "$v" =~ ^[0-9]+$ ]] || die "bad --size '$1' (examples: 1G, 512M, 100000)"
    echo $((v * mult))
}

SMS_BYTES="$(to_bytes "$size_arg")"
readonly SMS_BYTES
((SMS_BYTES > 0)) || die "--size too small"

# --- tools ----------------------------------------------------------------------------
ensure_gnu_time() {
    if [[ -x /usr/bin/time ]]; then return; fi
    log "/usr/bin/time missing; installing Debian package 'time'"
    local sudo=""
    if ((EUID != 0)); then sudo="sudo"; fi
    $sudo apt-get install -y --no-install-recommends time >/dev/null ||
        { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends time >/dev/null; } ||
        die "could not install the 'time' package"
}

# --- build ----------------------------------------------------------------------------
ensure_ripgrep() {  # the baseline; the bench is a comparison, so it installs what it needs
    if command -v rg >/dev/null 2>&1; then return; fi
    log "rg missing; installing Debian package 'ripgrep'"
    local sudo=""
    if ((EUID != 0)); then sudo="sudo"; fi
    $sudo apt-get install -y --no-install-recommends ripgrep >/dev/null ||
        { $sudo apt-get update >/dev/null && $sudo apt-get install -y --no-install-recommends ripgrep >/dev/null; } ||
        log "could not install ripgrep: no baseline"
}

GEN=""
build() {
    # BENCH_NO_BUILD=1 with AMTDIAG_BIN: measure that binary, with the generator beside it.
    if [[ "${BENCH_NO_BUILD:-0}" == 1 ]]; then
        GEN="$(dirname "$AMTDIAG_BIN")/../bench/amtdiag_gen_logs"
        [[ -x "$GEN" ]] || die "BENCH_NO_BUILD: no generator at $GEN"
        return
    fi
    log "building the release preset"
    if (cd "$REPO_ROOT" && cmake --preset release >"${DATA_DIR}/build.log" 2>&1 &&
        cmake --build --preset release >>"${DATA_DIR}/build.log" 2>&1); then
        GEN="${BUILD_DIR}/bench/amtdiag_gen_logs"
        return
    fi
    log "release build failed (last lines of bench/data/build.log follow)"
    tail -n 15 "${DATA_DIR}/build.log" >&2 || true
    # The generator only needs the standard library: if the preset configured, build just
    # it; otherwise build it alone so the generator and ripgrep parts can still run.
    if (cd "$REPO_ROOT" && cmake --build --preset release --target amtdiag_gen_logs \
        >>"${DATA_DIR}/build.log" 2>&1); then
        GEN="${BUILD_DIR}/bench/amtdiag_gen_logs"
        log "built amtdiag_gen_logs from the release tree"
        return
    fi
    log "building amtdiag_gen_logs standalone in bench/data/gen-build"
    local src="${DATA_DIR}/gen-src"
    mkdir -p "$src"
    cat >"${src}/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.25)
project(amtdiag_bench_gen LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 20)
set(CMAKE_CXX_STANDARD_REQUIRED ON)
add_library(amtdiag_warnings INTERFACE)
add_subdirectory("${REPO_ROOT}/bench" bench)
EOF
    if ! cmake -S "$src" -B "${DATA_DIR}/gen-build" -G Ninja -DCMAKE_BUILD_TYPE=Release \
        >>"${DATA_DIR}/build.log" 2>&1 ||
        ! cmake --build "${DATA_DIR}/gen-build" --target amtdiag_gen_logs \
            >>"${DATA_DIR}/build.log" 2>&1; then
        die "could not build amtdiag_gen_logs (see bench/data/build.log)"
    fi
    GEN="${DATA_DIR}/gen-build/bench/amtdiag_gen_logs"
}

# --- data -----------------------------------------------------------------------------
generate() {  # generate FILE BYTES DEVICES NOISE [SEED]
    local file="$1" bytes="$2" devices="$3" noise="$4" seed="${5:-$SEED}"
    local args="sms-trace $bytes $devices $noise $seed"
    if ((keep)) && [[ -f "$file" ]] && [[ -f "${file}.args" && "$(cat "${file}.args")" == "$args" ]]; then
        log "reusing $(basename "$file")"
        return
    fi
    log "generating $(basename "$file") ($bytes bytes, $devices devices, $noise routine lines per task line, seed $seed)"
    "$GEN" bulk --out "$file" --size "$bytes" --devices "$devices" --seed "$seed" \
        --format sms-trace --encoding utf8 --noise "$noise"
    echo "$args" >"${file}.args"
}

extract_patterns() {  # extract_patterns OUT -> 0 if at least one pattern
    python3 - "$RULES_DIR" "$1" <<'PY'
import glob, os, sys
import yaml

rules_dir, out_path = sys.argv[1], sys.argv[2]
patterns, skipped = [], 0
for path in sorted(glob.glob(os.path.join(rules_dir, "*.yaml")) + glob.glob(os.path.join(rules_dir, "*.yml"))):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f) or {}
    for item in (doc.get("signatures") or []) if isinstance(doc, dict) else []:
        pattern = item.get("pattern") if isinstance(item, dict) else None
        if not isinstance(pattern, str) or not pattern:
            continue
        if "\n" in pattern:  # rg -f reads one pattern per line
            skipped += 1
            continue
        patterns.append(pattern)
with open(out_path, "w", encoding="utf-8") as f:
    f.write("".join(p + "\n" for p in patterns))
print(f"[bench] {len(patterns)} signature patterns from {rules_dir}"
      + (f" ({skipped} multi-line patterns skipped)" if skipped else ""), file=sys.stderr)
sys.exit(0 if patterns else 1)
PY
}

# --- measurement ----------------------------------------------------------------------
# Appends one row to ROWS: label|file|bytes|wall|user+sys|maxrss_kib|status
ROWS=()
measure() {  # measure LABEL FILE CMD...
    local label="$1" file="$2"
    shift 2
    local tfile rc=0
    tfile="$(mktemp)"
    /usr/bin/time -o "$tfile" -f '%e %M %U %S' "$@" >/dev/null 2>"${tfile}.err" || rc=$?
    local wall rss user sys
    read -r wall rss user sys < <(tail -n 1 "$tfile")
    local status="ok"
    case "$rc" in
        0) ;;
        1) status="exit 1 (findings)" ;;  # amtdiag: failed checks; rg: no match
        *) status="exit $rc"; log "$label: exit status $rc; stderr:"; tail -n 5 "${tfile}.err" >&2 || true ;;
    esac
    local bytes
    bytes="$(du -sb "$file" | cut -f1)"
    ROWS+=("${label}|$(basename "$file")|${bytes}|${wall}|$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')|${rss}|${status}")
    rm -f "$tfile" "${tfile}.err"
}

# amtdiag with one thread and with two, then rg, on one log or a folder of logs.
measure_input() {  # measure_input FILE_OR_FOLDER
    local input="$1" jobs
    for jobs in 1 2; do
        log "amtdiag check --jobs $jobs $(basename "$input")"
        measure "amtdiag -j$jobs" "$input" "$AMTDIAG_BIN" check "$input" --format json \
            -o /dev/null --jobs "$jobs" --no-progress
    done
    if ((have_rg)); then
        log "rg -j1 --no-mmap -c -f patterns $(basename "$input")"
        measure "rg -j1 -c -f" "$input" rg -j1 --no-mmap -c -f "$patterns" "$input"
    fi
}

print_table() {
    printf '\n%-16s %-34s %8s %8s %8s %9s %8s %9s  %s\n' \
        tool input "MiB" "wall s" "MB/s" "vs rg" "RSS MB" "x 1 thr" status
    local row
    for row in "${ROWS[@]}"; do
        IFS='|' read -r label file bytes wall cpu rss status <<<"$row"
        local rg_wall one_wall
        rg_wall="$(printf '%s\n' "${ROWS[@]}" | awk -F'|' -v f="$file" '$2 == f && $1 ~ /^rg/ {print $4}')"
        one_wall="$(printf '%s\n' "${ROWS[@]}" | awk -F'|' -v f="$file" '$2 == f && $1 ~ /-j1$/ {print $4}')"
        awk -v label="$label" -v file="$file" -v bytes="$bytes" -v wall="$wall" -v rss="$rss" \
            -v status="$status" -v rg="$rg_wall" -v one="$one_wall" 'BEGIN {
            mbs = wall > 0 ? bytes / 1e6 / wall : 0
            ratio = (rg > 0 && label !~ /^rg/) ? sprintf("%.2fx", wall / rg) : "-"
            speedup = (one > 0 && label ~ /-j2$/) ? sprintf("%.2fx", one / wall) : "-"
            printf "%-16s %-34s %8.1f %8.2f %8.0f %9s %8.1f %9s  %s\n", label, file, bytes / 1048576, wall, mbs, ratio, rss * 1024 / 1e6, speedup, status
        }'
    done
    cat <<EOF

Targets (issue 12): one thread wall <= 1.0x rg on both mixes; >= ${TARGET_MB_REALISTIC} MB/s realistic,
>= ${TARGET_MB_DENSE} MB/s dense; two threads >= ${TARGET_TWO_THREADS}x one thread; RSS <= 150 MB at
10,000 devices and <= 500 MB at 100,000; every sample <= ${TARGET_SAMPLE_MS} ms end to end.
EOF
}

# --- main -----------------------------------------------------------------------------
mkdir -p "$DATA_DIR"
ensure_gnu_time
ensure_ripgrep
build

patterns="${DATA_DIR}/signature-patterns.txt"
have_rg=0
if command -v rg >/dev/null 2>&1 && [[ -d "$RULES_DIR" ]] && extract_patterns "$patterns"; then
    # The issue's baseline: named groups removed (rg refuses a name used twice in one set).
    sed -i -E 's/\(\?P<[A-Za-z_][A-Za-z0-9_]*>/(/g' "$patterns"
    rg_rc=0
    rg -c -f "$patterns" /dev/null >/dev/null 2>&1 || rg_rc=$?
    ((rg_rc <= 1)) && have_rg=1
fi
((have_rg)) || log "rg (ripgrep) not installed or it refuses the patterns: no baseline"
[[ -x "$AMTDIAG_BIN" ]] || die "amtdiag binary not found at $AMTDIAG_BIN"

GENERATED=()
cleanup() {
    if ((keep == 0)); then
        local f
        for f in "${GENERATED[@]}"; do rm -f "$f" "${f}.args"; done
    fi
}
trap cleanup EXIT

# The samples first, before large logs fill memory. A sample takes tens of milliseconds, near
# the 10 ms resolution of `time`, and on this shared VM the same sample took 0.07 s or 0.11 s
# from one minute to the next: each runs five times and its median row is kept.
for sample in "$REPO_ROOT"/samples/*/; do
    before=${#ROWS[@]}
    for _ in 1 2 3 4 5; do
        measure "amtdiag sample" "${sample%/}" "$AMTDIAG_BIN" check "${sample%/}" --format json -o /dev/null
    done
    median="$(printf '%s\n' "${ROWS[@]:before}" | sort -t'|' -k4,4g | sed -n 3p)"
    ROWS=("${ROWS[@]:0:before}" "$median")
done

for devices in $DEVICE_COUNTS; do
    for mix in dense realistic; do
        file="${DATA_DIR}/amtopmgr-${mix}-${devices}.log"
        noise=0
        [[ "$mix" == realistic ]] && noise=$NOISE_LINES
        GENERATED+=("$file")
        if ! generate "$file" "$SMS_BYTES" "$devices" "$noise"; then
            log "could not generate $(basename "$file"): skipped"
            continue
        fi
        cat "$file" >/dev/null  # page cache: parsing speed, not disk speed
        measure_input "$file"
        ((keep)) || rm -f "$file" "${file}.args"
    done
done

# Several files in parallel: the realistic mix as a bundle of 12 MiB logs (below the 16 MiB a
# log needs to be read in pieces), --size in all, the first device count over all of them, as
# a site's rolled-over logs are. Each file has a seed of its own (equal files are read once).
bundle_devices="${DEVICE_COUNTS%% *}"
bundle="${DATA_DIR}/bundle-realistic-${bundle_devices}"
readonly BUNDLE_FILE_BYTES=$((12 * 1024 * 1024))
bundle_files=$((SMS_BYTES / BUNDLE_FILE_BYTES))
((bundle_files >= 4)) || bundle_files=4
mkdir -p "$bundle"
for ((i = 1; i <= bundle_files; i++)); do
    file="${bundle}/AMTOPMGR-$(printf '%03d' "$i").log"
    GENERATED+=("$file")
    generate "$file" "$BUNDLE_FILE_BYTES" "$bundle_devices" "$NOISE_LINES" $((SEED + i)) >/dev/null ||
        die "could not generate $(basename "$file")"
done
cat "$bundle"/*.log >/dev/null
log "a bundle of $bundle_files logs"
measure_input "$bundle"
if ((keep == 0)); then rm -rf "$bundle"; fi

print_table
