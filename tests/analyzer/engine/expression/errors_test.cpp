// CEL error semantics: commutative && / ||, propagation, positions in messages.
#include "tests/analyzer/engine/expression/test_support.h"

namespace amtdiag::engine::expr {
namespace {

using testing::eval_error;
using testing::eval_ok;

TEST(ErrorAbsorption, AndIsCommutative) {
    EXPECT_EQ(eval_ok("false && 1 / 0 == 1"), Value(false));
    EXPECT_EQ(eval_ok("1 / 0 == 1 && false"), Value(false));
    EXPECT_EQ(eval_error("true && 1 / 0 == 1"), "division by zero (at 1:11)");
    EXPECT_EQ(eval_error("1 / 0 == 1 && true"), "division by zero (at 1:3)");
    EXPECT_EQ(eval_error("1 / 0 == 1 && [][0]"), "division by zero (at 1:3)");  // left first
}

TEST(ErrorAbsorption, OrIsCommutative) {
    EXPECT_EQ(eval_ok("true || 1 / 0 == 1"), Value(true));
    EXPECT_EQ(eval_ok("1 / 0 == 1 || true"), Value(true));
    EXPECT_EQ(eval_error("false || 1 / 0 == 1"), "division by zero (at 1:12)");
    EXPECT_EQ(eval_error("1 / 0 == 1 || false"), "division by zero (at 1:3)");
}

TEST(ErrorAbsorption, UnknownVariableAndMissingFieldAreAbsorbedToo) {
    Environment env;
    env.set("e", testing::object("log.retry", {}));
    EXPECT_EQ(eval_ok("nope || true"), Value(true));
    EXPECT_EQ(eval_ok("e.fqdn == 'x' && false", env), Value(false));
    EXPECT_EQ(eval_ok("!has(e.fqdn) || e.fqdn == 'x'", env), Value(true));
}

TEST(ErrorAbsorption, RightSideSkippedWhenLeftDecides) {
    Environment env;
    int calls = 0;
    env.define_function("side_effect", [&calls](std::span<const Value>) {
        ++calls;
        return Value(true);
    });
    EXPECT_EQ(eval_ok("false && side_effect()", env), Value(false));
    EXPECT_EQ(eval_ok("true || side_effect()", env), Value(true));
    EXPECT_EQ(eval_ok("true ? 1 : side_effect()", env), Value(1));
    EXPECT_EQ(calls, 0);
}

TEST(ErrorPropagation, ThroughOperatorsCallsAndLiterals) {
    EXPECT_EQ(eval_error("(1 / 0) + 1"), "division by zero (at 1:4)");
    EXPECT_EQ(eval_error("[1, 1 / 0]"), "division by zero (at 1:7)");
    EXPECT_EQ(eval_error("size([1 / 0])"), "division by zero (at 1:9)");
    EXPECT_EQ(eval_error("!(1 / 0 == 0)"), "division by zero (at 1:5)");
    EXPECT_EQ(eval_error("1 / 0 == 0 ? 1 : 2"), "division by zero (at 1:3)");
    EXPECT_EQ(eval_error("(1 / 0) in [1]"), "division by zero (at 1:4)");
    EXPECT_EQ(eval_error("{'a': 1 / 0}"), "division by zero (at 1:9)");
}

TEST(ErrorPropagation, UndeclaredVariableAtEvaluation) {
    EXPECT_EQ(eval_error("x + 1"), "undeclared reference to 'x' (at 1:1)");
}

TEST(EvalResult, ReportsPosition) {
    const EvalResult r = Expression::compile("1 +\n  [][0]").evaluate(Environment{});
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "index 0 out of range (size 0) (at 2:5)");
    EXPECT_EQ(r.error_line(), 2);
    EXPECT_EQ(r.error_column(), 5);
    EXPECT_TRUE(r.value().is_null());
}

TEST(EvalResult, HostErrorsWithoutPositionGetTheCallPosition) {
    Environment env;
    env.define_function("boom", [](std::span<const Value>) { return Value::error("kaboom"); });
    EXPECT_EQ(eval_error("true && boom()", env), "kaboom (at 1:9)");
}

TEST(EvalResult, EvaluateBool) {
    const Environment env;
    EXPECT_TRUE(Expression::compile("1 < 2").evaluate_bool(env).ok());
    const EvalResult r = Expression::compile("1 + 2").evaluate_bool(env);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "expected a bool result, got int");
}

}  // namespace
}  // namespace amtdiag::engine::expr
