#!/usr/bin/env bash
# Screenshots of every wizard page and of the log viewer, for the README: runs amtdiag-gui
# under Xvfb on a failing sample (a real X server, real fonts) and saves PNGs in docs/images/.
#
# Usage: scripts/gui-screenshots.sh [SAMPLE] [--build DIR]
#   SAMPLE  evidence to analyse (default samples/soap-failure: a failing stage, suspects,
#           and warning and error lines for the viewer's colours)
#   --build build folder holding gui/amtdiag-gui (default build/ci)
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sample="samples/soap-failure"
build="${REPO_ROOT}/build/ci"
while (($# > 0)); do
    case "$1" in
        --build) build="${2:?}"; shift 2 ;;
        -h | --help) sed -n '2,7p' "$0"; exit 0 ;;
        *) sample="$1"; shift ;;
    esac
done
gui="${build}/gui/amtdiag-gui"
[[ -x "$gui" ]] || { echo "gui-screenshots: $gui missing (cmake --build --preset ci --target amtdiag-gui)" >&2; exit 1; }
command -v xvfb-run >/dev/null || { echo "gui-screenshots: xvfb-run missing (apt-get install xvfb xauth)" >&2; exit 1; }
out="${REPO_ROOT}/docs/images"
mkdir -p "$out"
cd "$REPO_ROOT"
# A settings folder of its own: no saved window size or recent files of the user's.
config="$(mktemp -d)"
trap 'rm -rf "$config"' EXIT
XDG_CONFIG_HOME="$config" QT_QPA_PLATFORM=xcb \
    xvfb-run -a -s "-screen 0 1600x1000x24" "$gui" --screenshots "$out" "$sample"
ls -1 "$out"/gui-*.png
