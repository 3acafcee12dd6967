#pragma once
// Walks a compiled Program against an Environment. Internal.
#include "analyzer/engine/expression/ast.h"
#include "analyzer/engine/expression/environment.h"

namespace amtdiag::engine::expr::detail {

// Returns the result, which may be an error value (with the offset where it arose).
Value evaluate(const Program& program, const Environment& env);

}  // namespace amtdiag::engine::expr::detail
