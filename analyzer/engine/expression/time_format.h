#pragma once
// Parsing and printing of timestamps (RFC 3339) and durations (Go/CEL "1h30m" syntax).
// Kept separate from the evaluator so the host can reuse the exact same syntax, e.g. for
// rule thresholds written in YAML.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "analyzer/engine/expression/value.h"

namespace amtdiag::engine::expr {

// "2009-01-14T13:43:12Z", "2009-01-14T13:43:12.250+01:00" (fraction truncated to ms).
// nullopt when malformed or out of range (years 0001-9999, like CEL).
std::optional<Timestamp> parse_timestamp(std::string_view text);
// "2009-01-14T13:43:12Z", with ".mmm" only when the milliseconds are not zero.
std::string format_timestamp(Timestamp t);

// Go syntax: optional sign, then one or more <decimal><unit> with units h, m, s, ms, us, ns
// ("1h30m", "1.5s", "-90s", "0"). Sub-millisecond parts are truncated toward zero.
std::optional<Duration> parse_duration(std::string_view text);
// CEL's string(duration): seconds with an "s" suffix, e.g. "5400s", "1.500s", "-0.250s".
std::string format_duration(Duration d);

}  // namespace amtdiag::engine::expr
