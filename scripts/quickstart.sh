#!/usr/bin/env bash
# Quick start, command 1: install what is missing, build, and run amtdiag on every sample
# deployment in samples/. Prints each stage table and writes a JSON report per sample to
# out/reports/. The failure samples are meant to fail: their exit code 1 is expected here.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake --preset default >/dev/null
cmake --build --preset default --target amtdiag

bin=build/default/cli/amtdiag
mkdir -p out/reports
for sample in samples/*/; do
  name=$(basename "$sample")
  echo
  echo "================ samples/$name ================"
  code=0
  "$bin" check "$sample" || code=$?
  "$bin" check "$sample" --format json -o "out/reports/$name.json" || true
  echo "(exit code $code; JSON report: out/reports/$name.json)"
done
