#pragma once
// Recursive-descent parser for the CEL subset; produces a Program. Internal.
#include <set>
#include <string>
#include <string_view>

#include "analyzer/engine/expression/ast.h"

namespace amtdiag::engine::expr::detail {

// Throws SyntaxError. When declared_names is given, identifiers and host function names not
// in it (and not builtins or macro variables) are rejected here instead of at evaluation.
Program parse(std::string_view source, const std::set<std::string>* declared_names);

}  // namespace amtdiag::engine::expr::detail
