// Builtin functions, amtdiag extensions, regexes and host functions.
#include "tests/analyzer/engine/expression/test_support.h"

namespace amtdiag::engine::expr {
namespace {

using testing::compile_error;
using testing::eval_error;
using testing::eval_ok;

TEST(Size, StringsListsMaps) {
    EXPECT_EQ(eval_ok("size('abc')"), Value(3));
    EXPECT_EQ(eval_ok("'abc'.size()"), Value(3));
    EXPECT_EQ(eval_ok("size('h\u00e9llo')"), Value(5));  // code points, not bytes
    EXPECT_EQ(eval_ok("size('')"), Value(0));
    EXPECT_EQ(eval_ok("[1, 2].size()"), Value(2));
    EXPECT_EQ(eval_ok("size({'a': 1})"), Value(1));
    EXPECT_EQ(eval_error("size(1)"), "no such overload: size(int) (at 1:1)");
}

TEST(StringFunctions, ContainsStartsEndsLower) {
    EXPECT_EQ(eval_ok("'provisioning'.contains('vision')"), Value(true));
    EXPECT_EQ(eval_ok("'abc'.contains('')"), Value(true));
    EXPECT_EQ(eval_ok("'abc'.contains('x')"), Value(false));
    EXPECT_EQ(eval_ok("'abc'.startsWith('ab')"), Value(true));
    EXPECT_EQ(eval_ok("'abc'.startsWith('bc')"), Value(false));
    EXPECT_EQ(eval_ok("'abc'.endsWith('bc')"), Value(true));
    EXPECT_EQ(eval_ok("'a'.endsWith('abc')"), Value(false));
    EXPECT_EQ(eval_ok("'HeLLo-1\u00c9'.lowerAscii()"), Value("hello-1\u00c9"));
    EXPECT_EQ(eval_ok("'abc'.upperAscii()"), Value("ABC"));
    EXPECT_EQ(eval_error("'abc'.contains(1)"), "no such overload: contains(string, int) (at 1:7)");
    EXPECT_EQ(eval_error("[1].startsWith('a')"),
              "no such overload: startsWith(list, string) (at 1:5)");
}

TEST(Matches, UnanchoredRe2) {
    EXPECT_EQ(eval_ok("'Error 0x80070005 seen'.matches('0x[0-9A-F]{8}')"), Value(true));
    EXPECT_EQ(eval_ok("'abc'.matches('^b')"), Value(false));
    EXPECT_EQ(eval_ok("'abc'.matches('^abc$')"), Value(true));
    EXPECT_EQ(eval_ok("matches('abc', 'b')"), Value(true));  // CEL's global form
    EXPECT_EQ(eval_ok(R"('AMT-01'.matches(r'^[A-Z]+-\d+$'))"), Value(true));
    EXPECT_EQ(eval_ok("'ABC'.matches('(?i)abc')"), Value(true));
}

TEST(Matches, DynamicPatternsWorkAndReportBadPatternsAtEvaluation) {
    Environment env;
    env.set("pat", "b+");
    env.set("bad", "(");
    EXPECT_EQ(eval_ok("'abbc'.matches(pat)", env), Value(true));
    EXPECT_EQ(eval_error("'abc'.matches(bad)", env).substr(0, 32),
              "invalid regular expression '(': ");
}

TEST(Matches, BadLiteralPatternIsCompileErrorNamingIt) {
    const auto e = compile_error("msg.matches('a(b')");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->reason.substr(0, 34), "invalid regular expression 'a(b': ");
    EXPECT_EQ(e->column, 13);  // points at the pattern
}

TEST(Matches, LiteralPatternCompiledOnceAndReused) {
    // The compiled regex lives in the expression: copies share it, and evaluating many times
    // gives consistent results without any per-evaluation compile (a bad pattern would have
    // thrown at compile time above, so evaluation never sees a literal pattern string).
    const Expression e = Expression::compile("s.matches('^dev-[0-9]+$')");
    for (int i = 0; i < 1000; ++i) {
        Environment env;
        env.set("s", i % 2 == 0 ? "dev-" + std::to_string(i) : "x");
        EXPECT_EQ(e.evaluate(env).value(), Value(i % 2 == 0));
    }
}

TEST(Conversions, Int) {
    EXPECT_EQ(eval_ok("int('42')"), Value(42));
    EXPECT_EQ(eval_ok("int('-42')"), Value(-42));
    EXPECT_EQ(eval_ok("int('0x10')"), Value(16));
    EXPECT_EQ(eval_ok("int('-0X1f')"), Value(-31));
    EXPECT_EQ(eval_ok("int(2.9)"), Value(2));
    EXPECT_EQ(eval_ok("int(-2.9)"), Value(-2));
    EXPECT_EQ(eval_ok("int(true)"), Value(1));
    EXPECT_EQ(eval_ok("int(7)"), Value(7));
    EXPECT_EQ(eval_ok("int(timestamp('2009-01-14T13:43:12Z'))"), Value(1231940592));
    EXPECT_EQ(eval_ok("int('-9223372036854775808')"), Value(INT64_MIN));
    EXPECT_EQ(eval_error("int('12a')"), "cannot convert string '12a' to int (at 1:1)");
    EXPECT_EQ(eval_error("int('')"), "cannot convert string '' to int (at 1:1)");
    EXPECT_EQ(eval_error("int('0x')"), "cannot convert string '0x' to int (at 1:1)");
    EXPECT_EQ(eval_error("int('9223372036854775808')"),
              "cannot convert string '9223372036854775808' to int (at 1:1)");
    EXPECT_EQ(eval_error("int(1e19)"), "double value out of int range (at 1:1)");
    EXPECT_EQ(eval_error("int([1])"), "no such overload: int(list) (at 1:1)");
}

TEST(Conversions, DoubleStringBool) {
    EXPECT_EQ(eval_ok("double(2)"), Value(2.0));
    EXPECT_EQ(eval_ok("double('1.25')"), Value(1.25));
    EXPECT_EQ(eval_ok("double(1.5)"), Value(1.5));
    EXPECT_EQ(eval_error("double('x')"), "cannot convert string 'x' to double (at 1:1)");
    EXPECT_EQ(eval_ok("string(42)"), Value("42"));
    EXPECT_EQ(eval_ok("string(1.5)"), Value("1.5"));
    EXPECT_EQ(eval_ok("string(true)"), Value("true"));
    EXPECT_EQ(eval_ok("string('s')"), Value("s"));
    EXPECT_EQ(eval_ok("string(duration('1h30m'))"), Value("5400s"));
    EXPECT_EQ(eval_ok("string(timestamp('2009-01-14T14:43:12+01:00'))"),
              Value("2009-01-14T13:43:12Z"));
    EXPECT_EQ(eval_error("string(null)"), "no such overload: string(null) (at 1:1)");
    EXPECT_EQ(eval_ok("bool('true')"), Value(true));
    EXPECT_EQ(eval_ok("bool('f')"), Value(false));
    EXPECT_EQ(eval_error("bool('yes')"), "cannot convert string 'yes' to bool (at 1:1)");
}

TEST(Conversions, DurationAndTimestamp) {
    EXPECT_EQ(eval_ok("duration('1h30m')"), Value(Duration{5400000}));
    EXPECT_EQ(eval_ok("duration('1.5s')"), Value(Duration{1500}));
    EXPECT_EQ(eval_ok("duration('250ms')"), Value(Duration{250}));
    EXPECT_EQ(eval_error("duration('1d')"), "invalid duration '1d' (at 1:1)");
    EXPECT_EQ(eval_ok("timestamp('2009-01-14T13:43:12Z')"), Value(Timestamp{1231940592000}));
    EXPECT_EQ(eval_ok("timestamp(0)"), Value(Timestamp{0}));
    EXPECT_EQ(eval_error("timestamp('yesterday')"), "invalid timestamp 'yesterday' (at 1:1)");
}

TEST(Extensions, FirstLast) {
    EXPECT_EQ(eval_ok("first([3, 4])"), Value(3));
    EXPECT_EQ(eval_ok("last([3, 4])"), Value(4));
    EXPECT_EQ(eval_ok("[3, 4].last()"), Value(4));
    EXPECT_EQ(eval_ok("first([])"), Value::null());
    EXPECT_EQ(eval_ok("last([])"), Value::null());
    EXPECT_EQ(eval_error("first('ab')"), "no such overload: first(string) (at 1:1)");
}

TEST(Extensions, Distinct) {
    EXPECT_EQ(eval_ok("distinct([3, 4, 3, 1, 4])"), eval_ok("[3, 4, 1]"));
    EXPECT_EQ(eval_ok("['a', 'b', 'a'].distinct()"), eval_ok("['a', 'b']"));
    EXPECT_EQ(eval_ok("distinct([1, 1.0, '1'])"), eval_ok("[1, '1']"));  // 1 == 1.0 in CEL
    EXPECT_EQ(eval_ok("distinct([])"), eval_ok("[]"));
    EXPECT_EQ(eval_error("distinct('ab')"), "no such overload: distinct(string) (at 1:1)");
}

TEST(Extensions, MaxMin) {
    EXPECT_EQ(eval_ok("max([3, 9, 4])"), Value(9));
    EXPECT_EQ(eval_ok("min([3, 9, 4])"), Value(3));
    EXPECT_EQ(eval_ok("max([1, 2.5])"), Value(2.5));
    EXPECT_EQ(eval_ok("max(1, 7, 3)"), Value(7));  // variadic form
    EXPECT_EQ(eval_ok("[2, 1].min()"), Value(1));
    EXPECT_EQ(
        eval_ok("max([timestamp('2009-01-14T13:43:12Z'), timestamp('2010-01-01T00:00:00Z')])"),
        Value(Timestamp{1262304000000}));
    EXPECT_EQ(eval_ok("min([duration('1m'), duration('1s')])"), Value(Duration{1000}));
    EXPECT_EQ(eval_error("max([])"), "max() of an empty list (at 1:1)");
    EXPECT_EQ(eval_error("min(['a'])"), "min() does not apply to string (at 1:1)");
    EXPECT_EQ(eval_error("max([1, duration('1s')])").substr(0, 16), "no such overload");
}

TEST(HostFunctions, GlobalAndReceiverStyle) {
    Environment env;
    env.define_function("twice", [](std::span<const Value> args) {
        if (args.size() != 1 || args[0].type() != ValueType::integer) {
            return Value::error("twice() wants one int");
        }
        return Value(args[0].as_int() * 2);
    });
    env.define_function("glue", [](std::span<const Value> args) {
        return Value(args[0].as_string() + "/" + args[1].as_string());
    });
    EXPECT_EQ(eval_ok("twice(21)", env), Value(42));
    EXPECT_EQ(eval_ok("'a'.glue('b')", env), Value("a/b"));  // receiver is the first argument
    EXPECT_EQ(eval_error("twice('x')", env), "twice() wants one int (at 1:1)");
    EXPECT_EQ(eval_error("nope(1)", env), "undeclared function 'nope' (at 1:1)");
}

TEST(HostFunctions, ArgumentErrorsPropagateWithoutCalling) {
    Environment env;
    int calls = 0;
    env.define_function("count", [&calls](std::span<const Value>) {
        ++calls;
        return Value(true);
    });
    EXPECT_EQ(eval_error("count(1 / 0)", env), "division by zero (at 1:9)");
    EXPECT_EQ(calls, 0);
}

TEST(HostFunctions, BuiltinsCannotBeShadowed) {
    Environment env;
    env.define_function("size", [](std::span<const Value>) { return Value(-1); });
    EXPECT_EQ(eval_ok("size('ab')", env), Value(2));
}

}  // namespace
}  // namespace amtdiag::engine::expr
