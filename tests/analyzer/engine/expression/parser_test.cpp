// Literals, precedence/associativity and compile errors.
#include "tests/analyzer/engine/expression/test_support.h"

namespace amtdiag::engine::expr {
namespace {

using testing::compile_error;
using testing::eval_ok;

TEST(Literals, Numbers) {
    EXPECT_EQ(eval_ok("42"), Value(42));
    EXPECT_EQ(eval_ok("-1"), Value(-1));
    EXPECT_EQ(eval_ok("0x10"), Value(16));
    EXPECT_EQ(eval_ok("0XfF"), Value(255));
    EXPECT_EQ(eval_ok("-0x10"), Value(-16));
    EXPECT_EQ(eval_ok("1.5"), Value(1.5));
    EXPECT_EQ(eval_ok("-1.5"), Value(-1.5));
    EXPECT_EQ(eval_ok("1e3"), Value(1000.0));
    EXPECT_EQ(eval_ok("2.5e-1"), Value(0.25));
    EXPECT_EQ(eval_ok("9223372036854775807"), Value(INT64_MAX));
    EXPECT_EQ(eval_ok("-9223372036854775808"), Value(INT64_MIN));
}

TEST(Literals, Strings) {
    EXPECT_EQ(eval_ok("'x'"), Value("x"));
    EXPECT_EQ(eval_ok("\"x\""), Value("x"));
    EXPECT_EQ(eval_ok(R"('a\\b\'c\"d\ne\tf')"), Value("a\\b'c\"d\ne\tf"));
    EXPECT_EQ(eval_ok(R"("it's")"), Value("it's"));
    EXPECT_EQ(eval_ok(R"(r'C:\temp\n')"), Value(R"(C:\temp\n)"));
    EXPECT_EQ(eval_ok(R"(R"\d+")"), Value(R"(\d+)"));
    EXPECT_EQ(eval_ok(R"('\x41\u00e9')"), Value("A\xC3\xA9"));
    EXPECT_EQ(eval_ok("'''multi\nline'''"), Value("multi\nline"));
    EXPECT_EQ(eval_ok("''"), Value(""));
}

TEST(Literals, KeywordsListsMaps) {
    EXPECT_EQ(eval_ok("true"), Value(true));
    EXPECT_EQ(eval_ok("false"), Value(false));
    EXPECT_EQ(eval_ok("null"), Value::null());
    EXPECT_EQ(eval_ok("[1, 'a']"), Value(List{1, "a"}));
    EXPECT_EQ(eval_ok("[]"), Value(List{}));
    EXPECT_EQ(eval_ok("[1, 2,]"), Value(List{1, 2}));  // trailing comma, as in CEL
    EXPECT_EQ(eval_ok("[[1], []]"), Value(List{Value(List{1}), Value(List{})}));
    EXPECT_EQ(eval_ok("{'a': 1, 'b': [true]}"), Value(Map{{"a", 1}, {"b", Value(List{true})}}));
    EXPECT_EQ(eval_ok("{}"), Value(Map{}));
}

TEST(Literals, CommentsAndWhitespace) {
    EXPECT_EQ(eval_ok("1 + // one\n 2"), Value(3));
    EXPECT_EQ(eval_ok("\n\t 1 \r\n"), Value(1));
}

TEST(Precedence, MultiplicationBeforeAddition) {
    EXPECT_EQ(eval_ok("1 + 2 * 3"), Value(7));
    EXPECT_EQ(eval_ok("(1 + 2) * 3"), Value(9));
    EXPECT_EQ(eval_ok("7 - 6 % 4"), Value(5));
}

TEST(Precedence, LeftAssociativity) {
    EXPECT_EQ(eval_ok("10 - 3 - 2"), Value(5));
    EXPECT_EQ(eval_ok("100 / 10 / 5"), Value(2));
    EXPECT_EQ(eval_ok("17 % 10 % 4"), Value(3));
}

TEST(Precedence, UnaryBindsTighterThanBinary) {
    EXPECT_EQ(eval_ok("-2 * 3"), Value(-6));
    EXPECT_EQ(eval_ok("- 2 - 3"), Value(-5));
    EXPECT_EQ(eval_ok("!true || true"), Value(true));  // (!true) || true
    EXPECT_EQ(eval_ok("!(true || true)"), Value(false));
    EXPECT_EQ(eval_ok("!!true"), Value(true));
    EXPECT_EQ(eval_ok("--2"), Value(2));
}

TEST(Precedence, MemberBindsTighterThanUnary) {
    EXPECT_EQ(eval_ok("-[1, 2][1]"), Value(-2));
    EXPECT_EQ(eval_ok("!'abc'.startsWith('x')"), Value(true));
}

TEST(Precedence, RelationsBelowArithmetic) {
    EXPECT_EQ(eval_ok("1 + 1 == 2"), Value(true));
    EXPECT_EQ(eval_ok("2 * 2 > 3"), Value(true));
    EXPECT_EQ(eval_ok("1 + 1 in [2]"), Value(true));
}

TEST(Precedence, AndBeforeOr) {
    EXPECT_EQ(eval_ok("true || false && false"), Value(true));  // true || (false && false)
    EXPECT_EQ(eval_ok("(true || false) && false"), Value(false));
    EXPECT_EQ(eval_ok("false && true || true"), Value(true));
}

TEST(Precedence, ConditionalIsLowestAndRightAssociative) {
    EXPECT_EQ(eval_ok("true || false ? 1 : 2"), Value(1));
    EXPECT_EQ(eval_ok("false ? 1 : true ? 2 : 3"), Value(2));  // false ? 1 : (true ? 2 : 3)
    // As in CEL's grammar the middle operand is a conditional-or, so nesting there needs
    // parentheses.
    EXPECT_EQ(eval_ok("true ? (false ? 1 : 2) : 3"), Value(2));
    EXPECT_EQ(compile_error("true ? false ? 1 : 2 : 3")->reason, "unexpected '?', expected ':'");
    EXPECT_EQ(eval_ok("1 < 2 ? 'y' : 'n'"), Value("y"));
}

TEST(CompileErrors, UnterminatedString) {
    const auto e = compile_error("a == 'abc");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->line, 1);
    EXPECT_EQ(e->column, 6);
    EXPECT_EQ(e->reason, "unterminated string literal");
    EXPECT_STREQ(e->what(), "1:6: unterminated string literal\n | a == 'abc\n | .....^");
}

TEST(CompileErrors, UnexpectedToken) {
    const auto e = compile_error("a && )");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->column, 6);
    EXPECT_EQ(e->reason, "unexpected ')', expected expression");

    const auto trailing = compile_error("1 2");
    ASSERT_TRUE(trailing);
    EXPECT_EQ(trailing->reason, "unexpected '2', expected end of expression");

    const auto eof = compile_error("(1 + 2");
    ASSERT_TRUE(eof);
    EXPECT_EQ(eof->reason, "unexpected end of expression, expected ')'");
    EXPECT_EQ(eof->column, 7);
}

TEST(CompileErrors, PositionOnLaterLine) {
    const auto e = compile_error("a &&\n  b ==");
    ASSERT_TRUE(e);
    EXPECT_EQ(e->line, 2);
    EXPECT_EQ(e->column, 7);
    EXPECT_STREQ(e->what(),
                 "2:7: unexpected end of expression, expected expression\n |   b ==\n | ......^");
}

TEST(CompileErrors, LexicalMistakes) {
    EXPECT_EQ(compile_error("a = b")->reason, "unexpected '=': use '==' to compare");
    EXPECT_EQ(compile_error("a & b")->reason, "unexpected '&': use '&&'");
    EXPECT_EQ(compile_error("'\\q'")->reason, "invalid escape sequence '\\q'");
    EXPECT_EQ(compile_error("1u")->reason, "unsigned integers are not supported");
    EXPECT_EQ(compile_error("b'x'")->reason, "bytes literals are not supported");
    EXPECT_EQ(compile_error("9223372036854775808")->reason, "integer literal out of range");
    EXPECT_EQ(compile_error("if")->reason, "'if' is a reserved word");
    EXPECT_EQ(compile_error("a # b")->reason, "unexpected character '#'");
    EXPECT_EQ(compile_error("")->reason, "unexpected end of expression, expected expression");
    EXPECT_EQ(compile_error("'a\nb'")->reason, "unterminated string literal");
}

TEST(CompileErrors, UnknownIdentifierWithDeclaredNames) {
    const std::set<std::string> declared = {"device", "ev"};
    EXPECT_NO_THROW(Expression::compile("device.fqdn == 'x' && ev('a').size() > 0", &declared));
    const auto e = compile_error("devce.fqdn == 'x'", &declared);
    ASSERT_TRUE(e);
    EXPECT_EQ(e->reason, "undeclared reference to 'devce' (did you mean 'device'?)");
    EXPECT_EQ(e->column, 1);
    const auto f = compile_error("true && evidence('x')", &declared);
    ASSERT_TRUE(f);
    EXPECT_EQ(f->reason, "undeclared function 'evidence'");
    EXPECT_EQ(f->column, 9);
    // Receiver-style host calls are checked too; builtins and macro variables never need
    // declaring.
    EXPECT_EQ(compile_error("'a'.frob()", &declared)->reason, "undeclared function 'frob'");
    EXPECT_NO_THROW(Expression::compile("[1].exists(x, x == size('a'))", &declared));
    // Without declared names the same typo is only an evaluation error.
    EXPECT_NO_THROW(Expression::compile("devce.fqdn"));
}

TEST(CompileErrors, MacroAndHasShape) {
    EXPECT_EQ(compile_error("[1].exists(1, true)")->reason,
              "exists() needs an iteration variable name as its first argument");
    EXPECT_EQ(compile_error("has(a)")->reason,
              "has() takes a single field selection, e.g. has(e.fqdn)");
    EXPECT_EQ(compile_error("size(1, 2)")->reason, "wrong number of arguments to 'size'");
    EXPECT_EQ(compile_error("'a'.startsWith()")->reason,
              "wrong number of arguments to 'startsWith'");
}

TEST(CompileErrors, NestingIsBounded) {
    EXPECT_EQ(compile_error(std::string(500, '(') + "1" + std::string(500, ')'))->reason,
              "expression nested too deeply");
    std::string chain = "1";
    for (int i = 0; i < 2000; ++i) chain += " + 1";
    EXPECT_EQ(compile_error(chain)->reason, "expression nested too deeply");
    EXPECT_NO_THROW(Expression::compile(std::string(100, '(') + "1" + std::string(100, ')')));
}

TEST(Expression, KeepsSourceAndIsReusable) {
    const Expression e = Expression::compile("x * 2");
    EXPECT_EQ(e.source(), "x * 2");
    const Expression copy = e;
    for (int i = 0; i < 100; ++i) {
        Environment env;
        env.set("x", i);
        EXPECT_EQ(copy.evaluate(env).value(), Value(i * 2));
    }
}

}  // namespace
}  // namespace amtdiag::engine::expr
