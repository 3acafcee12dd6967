#pragma once
// String builtins: CEL's strings extension (split, join, replace, trim, substring, indexOf,
// lastIndexOf) and the amtdiag extensions certificate and firmware rules need
// (compareVersions, byteDiff, hexBytes, looseText). Internal; see docs/expression-language.md.
#include <span>
#include <string_view>

#include "analyzer/engine/expression/functions.h"
#include "analyzer/engine/expression/value.h"

namespace amtdiag::engine::expr {

// "11.8.65.3580" against "11.8": numeric parts compare as numbers, missing parts count as
// zero, anything else compares as text. Returns -1, 0 or 1 (compareVersions in rules; rule
// applicability ranges).
int compare_versions(std::string_view x, std::string_view y);

}  // namespace amtdiag::engine::expr

namespace amtdiag::engine::expr::detail {

Value call_string_builtin(Builtin id, std::span<const Value> args);

}  // namespace amtdiag::engine::expr::detail
