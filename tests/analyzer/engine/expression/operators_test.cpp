// Arithmetic, comparison, equality, `in`, index/member access, durations and timestamps.
#include "tests/analyzer/engine/expression/test_support.h"

namespace amtdiag::engine::expr {
namespace {

using testing::eval_error;
using testing::eval_ok;

TEST(Arithmetic, Integers) {
    EXPECT_EQ(eval_ok("2 + 3"), Value(5));
    EXPECT_EQ(eval_ok("2 - 3"), Value(-1));
    EXPECT_EQ(eval_ok("4 * -3"), Value(-12));
    EXPECT_EQ(eval_ok("7 / 2"), Value(3));
    EXPECT_EQ(eval_ok("-7 / 2"), Value(-3));  // truncates toward zero
    EXPECT_EQ(eval_ok("-7 % 3"), Value(-1));
    EXPECT_EQ(eval_ok("-(3)"), Value(-3));
}

TEST(Arithmetic, IntegerErrors) {
    EXPECT_EQ(eval_error("1 / 0"), "division by zero (at 1:3)");
    EXPECT_EQ(eval_error("1 % 0"), "modulus by zero (at 1:3)");
    EXPECT_EQ(eval_error("9223372036854775807 + 1"), "integer overflow (at 1:21)");
    EXPECT_EQ(eval_error("-9223372036854775808 - 1").substr(0, 16), "integer overflow");
    EXPECT_EQ(eval_error("-9223372036854775808 / -1").substr(0, 16), "integer overflow");
    EXPECT_EQ(eval_error("4611686018427387904 * 2").substr(0, 16), "integer overflow");
    EXPECT_EQ(eval_error("-(-9223372036854775808)").substr(0, 16), "integer overflow");
}

TEST(Arithmetic, Doubles) {
    EXPECT_EQ(eval_ok("1.5 + 2.25"), Value(3.75));
    EXPECT_EQ(eval_ok("1.5 - 2.0"), Value(-0.5));
    EXPECT_EQ(eval_ok("1.5 * 2.0"), Value(3.0));
    EXPECT_EQ(eval_ok("1.0 / 4.0"), Value(0.25));
    EXPECT_EQ(eval_ok("-1.5"), Value(-1.5));
    EXPECT_EQ(eval_ok("1.0 / 0.0 > 1e308"), Value(true));  // IEEE, like CEL
}

TEST(Arithmetic, MixedIntDoubleNeedsConversion) {
    // CEL has no implicit numeric conversion in arithmetic, only in comparisons.
    EXPECT_EQ(eval_error("1 + 1.5"), "no such overload: int + double (at 1:3)");
    EXPECT_EQ(eval_ok("double(1) + 1.5"), Value(2.5));
    EXPECT_EQ(eval_error("1.5 % 1.0"), "no such overload: double % double (at 1:5)");
}

TEST(Arithmetic, Concatenation) {
    EXPECT_EQ(eval_ok("'ab' + 'cd'"), Value("abcd"));
    EXPECT_EQ(eval_ok("[1] + [2, 3]"), Value(List{1, 2, 3}));
    EXPECT_EQ(eval_ok("[] + [1]"), Value(List{1}));
    EXPECT_EQ(eval_error("'a' + 1"), "no such overload: string + int (at 1:5)");
    EXPECT_EQ(eval_error("[1] - [1]"), "no such overload: list - list (at 1:5)");
}

TEST(Comparison, NumbersIncludingMixed) {
    EXPECT_EQ(eval_ok("1 < 2"), Value(true));
    EXPECT_EQ(eval_ok("2 <= 2"), Value(true));
    EXPECT_EQ(eval_ok("3 > 2"), Value(true));
    EXPECT_EQ(eval_ok("2 >= 3"), Value(false));
    EXPECT_EQ(eval_ok("1 < 1.5"), Value(true));
    EXPECT_EQ(eval_ok("2.5 > 2"), Value(true));
    EXPECT_EQ(eval_ok("2 >= 2.0"), Value(true));
    EXPECT_EQ(eval_ok("1 == 1.0"), Value(true));
    EXPECT_EQ(eval_ok("1 != 1.5"), Value(true));
    // Exact even where converting the int to double would round.
    EXPECT_EQ(eval_ok("9223372036854775807 < 9223372036854775808.0"), Value(true));
    EXPECT_EQ(eval_ok("9007199254740993 > 9007199254740992.0"), Value(true));
}

TEST(Comparison, StringsAndBools) {
    EXPECT_EQ(eval_ok("'abc' < 'abd'"), Value(true));
    EXPECT_EQ(eval_ok("'b' > 'abc'"), Value(true));
    EXPECT_EQ(eval_ok("'a' <= 'a'"), Value(true));
    EXPECT_EQ(eval_ok("false < true"), Value(true));
    EXPECT_EQ(eval_error("'a' < 1"), "no such overload: string < int (at 1:5)");
    EXPECT_EQ(eval_error("null < 1"), "no such overload: null < int (at 1:6)");
    EXPECT_EQ(eval_error("[1] < [2]"), "no such overload: list < list (at 1:5)");
}

TEST(Equality, HeterogeneousIsFalseNotError) {
    EXPECT_EQ(eval_ok("'1' == 1"), Value(false));
    EXPECT_EQ(eval_ok("null == null"), Value(true));
    EXPECT_EQ(eval_ok("null == 0"), Value(false));
    EXPECT_EQ(eval_ok("null != 'x'"), Value(true));
    EXPECT_EQ(eval_ok("[1, 'a'] == [1.0, 'a']"), Value(true));
    EXPECT_EQ(eval_ok("[1] == [1, 2]"), Value(false));
    EXPECT_EQ(eval_ok("{'a': 1} == {'a': 1.0}"), Value(true));
    EXPECT_EQ(eval_ok("{'a': 1} == {'b': 1}"), Value(false));
    EXPECT_EQ(eval_ok("true == true"), Value(true));
}

TEST(In, ListsAndMaps) {
    EXPECT_EQ(eval_ok("2 in [1, 2, 3]"), Value(true));
    EXPECT_EQ(eval_ok("2.0 in [1, 2]"), Value(true));
    EXPECT_EQ(eval_ok("'x' in ['a']"), Value(false));
    EXPECT_EQ(eval_ok("1 in []"), Value(false));
    EXPECT_EQ(eval_ok("'a' in {'a': 1}"), Value(true));
    EXPECT_EQ(eval_ok("'b' in {'a': 1}"), Value(false));
    EXPECT_EQ(eval_ok("1 in {'a': 1}"), Value(false));
    EXPECT_EQ(eval_error("'a' in 'abc'"), "no such overload: string in string (at 1:5)");
}

TEST(Access, IndexAndMember) {
    EXPECT_EQ(eval_ok("[10, 20, 30][1]"), Value(20));
    EXPECT_EQ(eval_ok("{'k': 'v'}['k']"), Value("v"));
    EXPECT_EQ(eval_ok("{'k': {'n': 5}}.k.n"), Value(5));
    EXPECT_EQ(eval_ok("[[1, 2]][0][1]"), Value(2));
    EXPECT_EQ(eval_error("[1][1]"), "index 1 out of range (size 1) (at 1:4)");
    EXPECT_EQ(eval_error("[1][-1]"), "index -1 out of range (size 1) (at 1:4)");
    EXPECT_EQ(eval_error("{'k': 1}['x']"), "no such key 'x' (at 1:9)");
    EXPECT_EQ(eval_error("{'k': 1}.x"), "no such key 'x' (at 1:10)");
    EXPECT_EQ(eval_error("[1]['a']"), "cannot index list with string (at 1:4)");
    EXPECT_EQ(eval_error("'abc'.x"), "cannot select field 'x' from string (at 1:7)");
    EXPECT_EQ(eval_error("{1: 'a'}"), "map keys must be strings, got int (at 1:2)");
    EXPECT_EQ(eval_error("{'a': 1, 'a': 2}"), "duplicate map key 'a' (at 1:10)");
}

TEST(Logic, TruthTablesAndTypeErrors) {
    EXPECT_EQ(eval_ok("true && true"), Value(true));
    EXPECT_EQ(eval_ok("true && false"), Value(false));
    EXPECT_EQ(eval_ok("false || false"), Value(false));
    EXPECT_EQ(eval_ok("false || true"), Value(true));
    EXPECT_EQ(eval_ok("!false"), Value(true));
    EXPECT_EQ(eval_error("!1"), "no such overload: !int (at 1:1)");
    EXPECT_EQ(eval_error("-'a'"), "no such overload: -string (at 1:1)");
    EXPECT_EQ(eval_error("1 && true"), "no such overload: int && bool (at 1:3)");
    EXPECT_EQ(eval_error("true && 1"), "no such overload: bool && int (at 1:6)");
    EXPECT_EQ(eval_ok("false && 1"), Value(false));
    EXPECT_EQ(eval_ok("1 || true"), Value(true));
    EXPECT_EQ(eval_error("1 ? 2 : 3"), "condition of '?:' must be bool, got int (at 1:3)");
}

TEST(TimeArithmetic, TimestampsAndDurations) {
    Environment env;
    env.set("t0", Timestamp{1231940592000});
    EXPECT_EQ(eval_ok("timestamp('2009-01-14T14:43:12Z') - timestamp('2009-01-14T13:43:12Z')"),
              Value(Duration{3600000}));
    EXPECT_EQ(eval_ok("timestamp('2009-01-14T13:43:12Z') + duration('1h30m')"),
              Value(Timestamp{1231940592000 + 5400000}));
    EXPECT_EQ(eval_ok("duration('1h') + timestamp('2009-01-14T13:43:12Z')"),
              Value(Timestamp{1231940592000 + 3600000}));
    EXPECT_EQ(eval_ok("timestamp('2009-01-14T13:43:12Z') - duration('12s')"),
              Value(Timestamp{1231940580000}));
    EXPECT_EQ(eval_ok("duration('1h') - duration('30m')"), Value(Duration{1800000}));
    EXPECT_EQ(eval_ok("duration('1h') + duration('30m') == duration('90m')"), Value(true));
    EXPECT_EQ(eval_ok("duration('90s') > duration('1m')"), Value(true));
    EXPECT_EQ(eval_ok("duration('-1s') < duration('0')"), Value(true));
    EXPECT_EQ(eval_ok("t0 - timestamp('2009-01-14T13:40:00Z') <= duration('5m')", env),
              Value(true));
    EXPECT_EQ(eval_ok("t0 < t0 + duration('1ms')", env), Value(true));
    EXPECT_EQ(eval_ok("t0 == timestamp('2009-01-14T14:43:12+01:00')", env), Value(true));
    EXPECT_EQ(eval_error("t0 + t0", env), "no such overload: timestamp + timestamp (at 1:4)");
    EXPECT_EQ(eval_error("duration('1s') < 1", env), "no such overload: duration < int (at 1:16)");
    EXPECT_EQ(eval_error("duration('1s') - t0", env),
              "no such overload: duration - timestamp (at 1:16)");
}

}  // namespace
}  // namespace amtdiag::engine::expr
