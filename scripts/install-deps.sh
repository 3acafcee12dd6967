#!/usr/bin/env bash
# Installs the Debian 12 packages amtdiag needs, only those that are missing (idempotent).
# Run as root. Why each library: see README.md, "Dependencies".
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git
  libre2-dev libssl-dev libyaml-cpp-dev libyaml-dev nlohmann-json3-dev libboost-program-options-dev zlib1g-dev
  libgtest-dev
  libpcap-dev libldns-dev dnsmasq-base iproute2 tcpdump
  # Tests of the reports: the HTML report in a real headless browser (with a font to render
  # it), JUnit XML against its XSD, SARIF against the official JSON schema.
  chromium fonts-dejavu-core libxml2-utils python3-jsonschema
  # amtdiag-gui (Qt 6 Widgets, Concurrent; Qt Test for its tests on the offscreen platform),
  # and Xvfb with xauth for scripts/gui-screenshots.sh (xvfb-run needs xauth).
  qt6-base-dev xvfb xauth
  # The format check in scripts/test.sh (.clang-format at the root).
  clang-format-14
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: missing packages: ${missing[*]}; run this script as root" >&2
  exit 1
fi
echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
