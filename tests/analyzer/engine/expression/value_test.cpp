#include "analyzer/engine/expression/value.h"

#include "tests/analyzer/engine/expression/test_support.h"

namespace amtdiag::engine::expr {
namespace {

TEST(Value, ConstructorsPickTheRightType) {
    EXPECT_EQ(Value().type(), ValueType::null);
    EXPECT_EQ(Value::null().type(), ValueType::null);
    EXPECT_EQ(Value(true).type(), ValueType::boolean);
    EXPECT_EQ(Value(42).type(), ValueType::integer);
    EXPECT_EQ(Value(int64_t{42}).type(), ValueType::integer);
    EXPECT_EQ(Value(42u).type(), ValueType::integer);
    EXPECT_EQ(Value(1.5).type(), ValueType::floating);
    EXPECT_EQ(Value("x").type(), ValueType::string);  // not bool
    EXPECT_EQ(Value(std::string_view("x")).type(), ValueType::string);
    EXPECT_EQ(Value(List{1, "a"}).type(), ValueType::list);
    EXPECT_EQ(Value(Map{{"k", 1}}).type(), ValueType::map);
    EXPECT_EQ(Value(Timestamp{5}).type(), ValueType::timestamp);
    EXPECT_EQ(Value(Duration{5}).type(), ValueType::duration);
    EXPECT_EQ(Value::error("boom").type(), ValueType::error);
    EXPECT_EQ(testing::object("log.retry", {}).type(), ValueType::object);
}

TEST(Value, CopiesShareListPayload) {
    const Value a(List{1, 2, 3});
    const Value b = a;  // NOLINT(performance-unnecessary-copy-initialization): the point
    EXPECT_EQ(&a.as_list(), &b.as_list());
}

TEST(Value, StructuralEqualityIsStrictAboutTypes) {
    EXPECT_EQ(Value(1), Value(1));
    EXPECT_NE(Value(1), Value(1.0));
    EXPECT_EQ(Value(List{1, "a"}), Value(List{1, "a"}));
    EXPECT_NE(Value(List{1}), Value(List{1, 2}));
}

TEST(Value, DebugString) {
    EXPECT_EQ(Value(List{1, 2.0, "a\"b", true, nullptr}).to_debug_string(),
              R"([1, 2.0, "a\"b", true, null])");
    EXPECT_EQ(Value(Map{{"k", 1}}).to_debug_string(), R"({"k": 1})");
    EXPECT_EQ(Value(Timestamp{1231940592000}).to_debug_string(),
              R"(timestamp("2009-01-14T13:43:12Z"))");
    EXPECT_EQ(Value(Duration{5400000}).to_debug_string(), R"(duration("5400s"))");
    EXPECT_EQ(testing::object("log.retry", {}).to_debug_string(), "<log.retry>");
    EXPECT_EQ(Value::error("x").to_debug_string(), R"(error("x"))");
}

TEST(Value, TypeNames) {
    EXPECT_EQ(Value(1).type_name(), "int");
    EXPECT_EQ(Value(1.0).type_name(), "double");
    EXPECT_EQ(testing::object("log.retry", {}).type_name(), "log.retry");
}

TEST(Environment, VariablesFunctionsAndDeclaredNames) {
    Environment env;
    env.set("a", 1);
    env.set("a", 2);  // overwrite
    env.define_function("f", [](std::span<const Value>) { return Value(3); });
    ASSERT_NE(env.find_variable("a"), nullptr);
    EXPECT_EQ(*env.find_variable("a"), Value(2));
    EXPECT_EQ(env.find_variable("b"), nullptr);
    ASSERT_NE(env.find_function("f"), nullptr);
    EXPECT_EQ(env.declared_names(), (std::set<std::string>{"a", "f"}));
}

}  // namespace
}  // namespace amtdiag::engine::expr
