#!/usr/bin/env bash
# The network rules' tests (rules/checks/network.yaml) run inside the amtdiag binary, so the
# captures, records and pasted text they name are embedded from rules/fixtures/net/. They are
# copies of the reader tests' fixtures listed in tests/analyzer/engine/net_rule_fixtures.txt:
# run this after regenerating those (tests/parsers/pcap/make_fixtures.cpp and friends); the
# test NetworkRules.RuleFixturesAreCopiesOfTheReaderFixtures fails when the copies drift.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=rules/fixtures/net
mkdir -p "$dest"
while read -r path; do
  [ -n "$path" ] && cp "$path" "$dest/$(basename "$path")"
done < tests/analyzer/engine/net_rule_fixtures.txt
