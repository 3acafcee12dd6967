#!/usr/bin/env bash
# Quick start, command 2 (and what CI runs): install what is missing, build with warnings as
# errors, run every test; then the same under AddressSanitizer + UndefinedBehaviorSanitizer.
# --fast skips the sanitizer pass.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

jobs=$(nproc)
run_preset() {
  local preset=$1
  echo "==> preset $preset"
  cmake --preset "$preset" >/dev/null
  cmake --build --preset "$preset" -j "$jobs"
  ctest --preset "$preset" -j "$jobs"
}

# Formatting first: it takes seconds and names the files, before a half-hour build.
echo "==> clang-format"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z '*.cpp' '*.h'
else  # an unpacked archive: the source folders
  find analyzer bench/gen cli gui parsers rules tests \( -name '*.cpp' -o -name '*.h' \) -print0
fi | xargs -0 clang-format-14 --dry-run --Werror

run_preset ci
if [ "${1:-}" != "--fast" ]; then
  run_preset asan
fi
