#pragma once
// String builtins: CEL's strings extension (split, join, replace, trim, substring, indexOf,
// lastIndexOf) and the amtdiag extensions certificate and firmware rules need
// (compareVersions, byteDiff, hexBytes, looseText). Internal; see docs/expression-language.md.
#include <span>

#include "analyzer/engine/expression/functions.h"
#include "analyzer/engine/expression/value.h"

namespace amtdiag::engine::expr::detail {

Value call_string_builtin(Builtin id, std::span<const Value> args);

}  // namespace amtdiag::engine::expr::detail
