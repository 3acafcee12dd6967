#!/usr/bin/env bash
# Throughput / memory benchmark for `amtdiag check` on large generated AMTOPMGR logs,
# with ripgrep over the same signature regexes as a baseline. See bench/README.md.
#
# Usage: bench/run.sh [--size 1G] [--keep]
#   --size  size of the SMS-trace log (K/M/G suffixes, binary); the CCM log is half of it
#   --keep  keep bench/data/*.log after the run (and reuse them next time if present)
# Environment overrides (optional):
#   AMTDIAG_BIN   amtdiag binary        (default build/release/cli/amtdiag)
#   RULES_DIR     signature YAML folder (default rules/signatures)
#   BENCH_SEED    generator seed        (default 20090114)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readonly REPO_ROOT
readonly DATA_DIR="${REPO_ROOT}/bench/data"
readonly BUILD_DIR="${REPO_ROOT}/build/release"
readonly AMTDIAG_BIN="${AMTDIAG_BIN:-${BUILD_DIR}/cli/amtdiag}"
readonly RULES_DIR="${RULES_DIR:-${REPO_ROOT}/rules/signatures}"
readonly SEED="${BENCH_SEED:-20090114}"
readonly DEVICES=2000

# Targets (see README): throughput per CPU core and peak resident memory.
readonly TARGET_MB_PER_CORE=500
readonly TARGET_RSS_MB=150  # MB = 10^6 bytes

size_arg="1G"
keep=0
while (($# > 0)); do
    case "$1" in
        --size) size_arg="${2:?--size needs a value}"; shift 2 ;;
        --size=*) size_arg="${1#--size=}"; shift ;;
        --keep) keep=1; shift ;;
        -h | --help) sed -n '2,12p' "$0"; exit 0 ;;
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
readonly CCM_BYTES=$((SMS_BYTES / 2))
((CCM_BYTES > 0)) || die "--size too small"

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
GEN=""
build() {
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
generate() {  # generate FILE FORMAT BYTES
    local file="$1" format="$2" bytes="$3"
    if ((keep)) && [[ -f "$file" ]] && (($(stat -c %s "$file") >= bytes)) &&
        [[ -f "${file}.args" && "$(cat "${file}.args")" == "$format $bytes $DEVICES $SEED" ]]; then
        log "reusing $(basename "$file")"
        return
    fi
    log "generating $(basename "$file") ($format, $bytes bytes, $DEVICES devices, seed $SEED)"
    "$GEN" bulk --out "$file" --size "$bytes" --devices "$DEVICES" --seed "$SEED" \
        --format "$format" --encoding utf8
    echo "$format $bytes $DEVICES $SEED" >"${file}.args"
}

# Signature regexes from rules/signatures/*.yaml, one per line, for `rg -f`.
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
    ROWS+=("${label}|$(basename "$file")|$(stat -c %s "$file")|${wall}|$(awk -v u="$user" -v s="$sys" 'BEGIN{print u+s}')|${rss}|${status}")
    rm -f "$tfile" "${tfile}.err"
}

print_table() {
    printf '\n%-22s %-24s %9s %8s %9s %11s %9s  %-18s %s\n' \
        tool file "size MiB" "wall s" "MB/s" "MB/s/core" "RSS MiB" "status" \
        "targets: >=${TARGET_MB_PER_CORE} MB/s/core, <=${TARGET_RSS_MB} MB RSS"
    local row
    for row in "${ROWS[@]}"; do
        IFS='|' read -r label file bytes wall cpu rss status <<<"$row"
        awk -v label="$label" -v file="$file" -v bytes="$bytes" -v wall="$wall" -v cpu="$cpu" \
            -v rss="$rss" -v status="$status" -v tmb="$TARGET_MB_PER_CORE" -v trss="$TARGET_RSS_MB" 'BEGIN {
            mb = bytes / 1e6
            mbs = wall > 0 ? mb / wall : 0
            # Per core: divide by the larger of wall time and CPU time (user+sys), so a
            # multi-threaded run is charged for every core it keeps busy and a run that
            # waits is charged for the wall time.
            core = (cpu > wall ? (cpu > 0 ? mb / cpu : 0) : mbs)
            rss_mib = rss / 1024
            rss_mb = rss * 1024 / 1e6
            verdict = (core >= tmb ? "speed MET" : "speed MISSED") ", " (rss_mb <= trss ? "RSS MET" : "RSS MISSED")
            printf "%-22s %-24s %9.0f %8.2f %9.0f %11.0f %9.1f  %-18s %s\n", label, file, bytes / 1048576, wall, mbs, core, rss_mib, status, verdict
        }'
    done
    echo
}

# --- main -----------------------------------------------------------------------------
mkdir -p "$DATA_DIR"
ensure_gnu_time
build

readonly SMS_LOG="${DATA_DIR}/amtopmgr-sms-trace.log"
readonly CCM_LOG="${DATA_DIR}/amtopmgr-ccm.log"
generate "$SMS_LOG" sms-trace "$SMS_BYTES"
generate "$CCM_LOG" ccm "$CCM_BYTES"

cleanup() {
    if ((keep == 0)); then rm -f "$SMS_LOG" "$CCM_LOG" "${SMS_LOG}.args" "${CCM_LOG}.args"; fi
}
trap cleanup EXIT

# Warm the page cache so that every tool reads from memory, not from the disk.
cat "$SMS_LOG" "$CCM_LOG" >/dev/null

if [[ -x "$AMTDIAG_BIN" ]]; then
    for f in "$SMS_LOG" "$CCM_LOG"; do
        log "amtdiag check $(basename "$f")"
        measure "amtdiag check" "$f" "$AMTDIAG_BIN" check "$f" --format json -o /dev/null
    done
else
    log "amtdiag binary not found at $AMTDIAG_BIN (not built yet?); skipping the amtdiag rows"
fi

if command -v rg >/dev/null 2>&1; then
    patterns="${DATA_DIR}/signature-patterns.txt"
    if [[ -d "$RULES_DIR" ]] && extract_patterns "$patterns"; then
        # rg's default engine accepts RE2's (?P<name>...); convert only if it refuses.
        rg_rc=0
        rg -c -f "$patterns" /dev/null >/dev/null 2>&1 || rg_rc=$?
        if ((rg_rc == 2)); then
            log "rg rejected the patterns (one alternation cannot repeat a group name); converting (?P<name> groups to plain groups"
            sed -i -E 's/\(\?P<[A-Za-z_][A-Za-z0-9_]*>/(/g' "$patterns"
            rg_rc=0
            rg -c -f "$patterns" /dev/null >/dev/null 2>&1 || rg_rc=$?
        fi
        if ((rg_rc == 2)); then
            log "rg still rejects the patterns:"
            rg -c -f "$patterns" /dev/null 2>&1 | head -n 5 >&2 || true
        else
            for f in "$SMS_LOG" "$CCM_LOG"; do
                # --no-mmap: otherwise the mapped file counts as resident memory.
                log "rg --no-mmap -c -f signature-patterns.txt $(basename "$f")"
                measure "rg -c -f (baseline)" "$f" rg --no-mmap -c -f "$patterns" "$f"
            done
        fi
    else
        log "no signature patterns under $RULES_DIR; skipping ripgrep"
    fi
else
    log "rg (ripgrep) not installed; skipping the baseline"
fi

if ((${#ROWS[@]} == 0)); then
    log "nothing was measured"
    exit 1
fi
print_table
