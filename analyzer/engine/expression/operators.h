#pragma once
// Semantics of the operators: CEL equality (numeric across int/double, false across other
// types), ordering, arithmetic with overflow detection, and `in`. Internal.
#include "analyzer/engine/expression/ast.h"
#include "analyzer/engine/expression/value.h"

namespace amtdiag::engine::expr::detail {

// CEL `==` on two non-error values.
bool values_equal(const Value& a, const Value& b);

// `<`, `<=`, `>`, `>=`, `==`, `!=`, `+`, `-`, `*`, `/`, `%`, `in` on two non-error values.
// Returns an error value (without position) for a type mismatch, overflow or division by zero.
Value apply_binary(Op op, const Value& a, const Value& b);

// `!` and unary `-` on a non-error value.
Value apply_unary(Op op, const Value& v);

}  // namespace amtdiag::engine::expr::detail
