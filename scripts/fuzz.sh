#!/usr/bin/env bash
# Runs one libFuzzer target for a while:  scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]
#   TARGET   a name from tests/fuzz/CMakeLists.txt (e.g. cmlog, cert); `scripts/fuzz.sh list`
#   SECONDS  how long to fuzz (the issues ask for minutes before a reader is called done)
# New inputs go to build/fuzz/corpus/TARGET (the checked-in seeds in tests/fuzz/corpus/TARGET
# are read, never written); crashes land in build/fuzz/crashes/TARGET. To keep an interesting
# input as a seed, minimise it (-minimize_crash=1 or -merge=1) and copy it by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "list" ]; then
  grep -oE '^amtdiag_fuzz_target\(([a-z0-9_]+)' tests/fuzz/CMakeLists.txt | sed 's/.*(//'
  exit 0
fi
if [ $# -lt 2 ]; then
  echo "usage: scripts/fuzz.sh TARGET SECONDS [libFuzzer flags...]   (scripts/fuzz.sh list)" >&2
  exit 2
fi
target=$1
seconds=$2
shift 2

scripts/install-deps.sh
need=()
for p in clang-14 libclang-rt-14-dev; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  echo "fuzz: installing ${need[*]}"
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

cmake --preset fuzz >/dev/null
cmake --build --preset fuzz --target "${target}_fuzzer" -j "$(nproc)"

work=build/fuzz/corpus/$target
crashes=build/fuzz/crashes/$target
mkdir -p "$work" "$crashes"
dict=tests/fuzz/${target}.dict
dict_flag=()
[ -f "$dict" ] && dict_flag=("-dict=$dict")
# -print_final_stats gives the exec count the issue notes ask for.
build/fuzz/tests/fuzz/"${target}_fuzzer" "$work" "tests/fuzz/corpus/$target" \
  -max_total_time="$seconds" -print_final_stats=1 -artifact_prefix="$crashes/" \
  -rss_limit_mb=2048 "${dict_flag[@]}" "$@"
