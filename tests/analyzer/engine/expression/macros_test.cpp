// exists / all / exists_one / filter / map and has(), including scoping and error rules.
#include "tests/analyzer/engine/expression/test_support.h"

namespace amtdiag::engine::expr {
namespace {

using testing::eval_error;
using testing::eval_ok;

TEST(Macros, Exists) {
    EXPECT_EQ(eval_ok("[1, 2, 3].exists(x, x > 2)"), Value(true));
    EXPECT_EQ(eval_ok("[1, 2, 3].exists(x, x > 3)"), Value(false));
    EXPECT_EQ(eval_ok("[].exists(x, true)"), Value(false));
}

TEST(Macros, All) {
    EXPECT_EQ(eval_ok("[1, 2, 3].all(x, x > 0)"), Value(true));
    EXPECT_EQ(eval_ok("[1, 2, 3].all(x, x > 1)"), Value(false));
    EXPECT_EQ(eval_ok("[].all(x, false)"), Value(true));
}

TEST(Macros, ExistsOne) {
    EXPECT_EQ(eval_ok("[1, 2, 3].exists_one(x, x == 2)"), Value(true));
    EXPECT_EQ(eval_ok("[1, 2, 2].exists_one(x, x == 2)"), Value(false));
    EXPECT_EQ(eval_ok("[].exists_one(x, true)"), Value(false));
}

TEST(Macros, FilterAndMap) {
    EXPECT_EQ(eval_ok("[1, 2, 3, 4].filter(x, x % 2 == 0)"), Value(List{2, 4}));
    EXPECT_EQ(eval_ok("[1, 2, 3].map(x, x * 10)"), Value(List{10, 20, 30}));
    EXPECT_EQ(eval_ok("[1, 2, 3].map(x, x > 1, x * 10)"), Value(List{20, 30}));  // CEL 3-arg
    EXPECT_EQ(eval_ok("[].map(x, x)"), Value(List{}));
    EXPECT_EQ(eval_ok("[1, 2, 3].filter(x, x > 1).map(y, string(y)).size()"), Value(2));
}

TEST(Macros, MapsIterateKeys) {
    EXPECT_EQ(eval_ok("{'a': 1, 'b': 2}.exists(k, k == 'b')"), Value(true));
    EXPECT_EQ(eval_ok("{'b': 1, 'a': 2}.map(k, k)"), Value(List{"a", "b"}));
    EXPECT_EQ(eval_error("1.exists(x, true)").substr(0, 25), "cannot iterate over int (");
}

TEST(Macros, NestedScopesAndShadowing) {
    Environment env;
    env.set("x", 100);
    // The inner x shadows the outer one, which shadows the variable.
    EXPECT_EQ(eval_ok("[1, 2].exists(x, [3, 4].exists(x, x == 4))", env), Value(true));
    EXPECT_EQ(eval_ok("[1, 2].all(x, [3, 4].all(x, x > 2))", env), Value(true));
    EXPECT_EQ(eval_ok("[1, 2].map(x, [10].map(y, x + y))", env),
              Value(List{Value(List{11}), Value(List{12})}));
    // After the macro the outer binding is visible again.
    EXPECT_EQ(eval_ok("[1].map(x, x)[0] + x", env), Value(101));
    EXPECT_EQ(eval_ok("[1, 2].map(x, [x].map(x, x * 2))", env),
              Value(List{Value(List{2}), Value(List{4})}));
    // .x (root scope) always means the variable.
    EXPECT_EQ(eval_ok("[1].map(x, .x)", env), Value(List{100}));
    // Sibling macros reuse slots without interfering.
    EXPECT_EQ(eval_ok("[1, 2].map(a, a).size() + [3].map(b, b).size()"), Value(3));
}

TEST(Macros, ExistsAndAllAbsorbErrors) {
    // Like &&/||: a decisive element wins over an error in another element.
    EXPECT_EQ(eval_ok("[0, 1].exists(x, 1 / x == 1)"), Value(true));
    EXPECT_EQ(eval_ok("[1, 0].exists(x, 1 / x == 1)"), Value(true));
    EXPECT_EQ(eval_error("[0, 2].exists(x, 1 / x == 1)"), "division by zero (at 1:20)");
    EXPECT_EQ(eval_ok("[0, 1].all(x, 1 / x == 5)"), Value(false));
    EXPECT_EQ(eval_error("[0, 1].all(x, 1 / x == 1)"), "division by zero (at 1:17)");
    EXPECT_EQ(eval_error("[0, 1].exists_one(x, 1 / x == 1)"), "division by zero (at 1:24)");
    EXPECT_EQ(eval_error("[1].filter(x, x)"),
              "predicate of filter() must be bool, got int (at 1:15)");
    EXPECT_EQ(eval_error("[1].exists(x, 'y')"),
              "predicate of exists() must be bool, got string (at 1:15)");
}

TEST(Has, MapsAndObjects) {
    Environment env;
    env.set("m", Map{{"a", 1}});
    env.set("e", testing::object("log.retry", {{"fqdn", "pc1.corp"}}));
    EXPECT_EQ(eval_ok("has(m.a)", env), Value(true));
    EXPECT_EQ(eval_ok("has(m.b)", env), Value(false));
    EXPECT_EQ(eval_ok("has(e.fqdn)", env), Value(true));
    EXPECT_EQ(eval_ok("has(e.x)", env), Value(false));
    EXPECT_EQ(eval_ok("has(e.x) && e.x == 1 || !has(e.x)", env), Value(true));
    EXPECT_EQ(eval_error("has(e.fqdn.x)", env), "has() does not apply to string (at 1:12)");
    EXPECT_EQ(eval_error("has(m.b.c)", env), "no such key 'b' (at 1:7)");
}

}  // namespace
}  // namespace amtdiag::engine::expr
