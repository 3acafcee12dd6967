// Host objects (evidence records) and a rule-shaped end-to-end expression.
#include "tests/analyzer/engine/expression/test_support.h"

namespace amtdiag::engine::expr {
namespace {

using testing::eval_error;
using testing::eval_ok;
using testing::object;

TEST(Objects, FieldsAndMissingFields) {
    Environment env;
    env.set("e", object("log.retry", {{"attempt", 3},
                                      {"fqdn", "pc1.corp.example"},
                                      {"inner", object("log.detail", {{"code", "0x5"}})}}));
    EXPECT_EQ(eval_ok("e.attempt", env), Value(3));
    EXPECT_EQ(eval_ok("e.fqdn.endsWith('.example')", env), Value(true));
    EXPECT_EQ(eval_ok("int(e.inner.code)", env), Value(5));
    EXPECT_EQ(eval_error("e.x", env), "no such field 'x' on log.retry (at 1:3)");
    EXPECT_EQ(eval_error("e.inner.y == 1", env), "no such field 'y' on log.detail (at 1:9)");
    EXPECT_EQ(eval_ok("has(e.x)", env), Value(false));
    EXPECT_EQ(eval_ok("has(e.inner)", env), Value(true));
    EXPECT_EQ(eval_error("e['attempt']", env), "cannot index log.retry with string (at 1:2)");
}

TEST(Objects, EqualityIsIdentity) {
    Environment env;
    const Value a = object("t", {});
    env.set("a", a);
    env.set("a2", a);
    env.set("b", object("t", {}));
    EXPECT_EQ(eval_ok("a == a2", env), Value(true));
    EXPECT_EQ(eval_ok("a == b", env), Value(false));
    EXPECT_EQ(eval_ok("a in [b, a2]", env), Value(true));
}

// The shape real rules take: a host function returns evidence lists per kind.
class RuleLike : public ::testing::Test {
  protected:
    void SetUp() override {
        env_.set("device", object("device", {{"fqdn", "pc7.corp.example"}}));
        env_.define_function("ev", [this](std::span<const Value> args) -> Value {
            if (args.size() != 1 || args[0].type() != ValueType::string) {
                return Value::error("ev() takes one evidence kind");
            }
            const auto it = evidence_.find(args[0].as_string());
            return it == evidence_.end() ? Value(List{}) : it->second;
        });
    }

    void add(const std::string& kind, Value item) {
        auto& slot = evidence_[kind];
        List items = slot.type() == ValueType::list ? slot.as_list() : List{};
        items.push_back(std::move(item));
        slot = Value(std::move(items));
    }

    Environment env_;
    std::map<std::string, Value> evidence_;
};

constexpr std::string_view kRule =
    "ev('log.cert_retry').size() >= 3 && "
    "!ev('log.cert_found').exists(e, e.fqdn == device.fqdn)";

TEST_F(RuleLike, FiresWhenRetriesAndNoMatchingCertificate) {
    const std::set<std::string> declared = env_.declared_names();
    const Expression rule = Expression::compile(kRule, &declared);
    for (int i = 0; i < 3; ++i) {
        add("log.cert_retry", object("log.cert_retry", {{"attempt", i}}));
    }
    add("log.cert_found", object("log.cert_found", {{"fqdn", "other.corp.example"}}));
    EXPECT_EQ(rule.evaluate(env_).value(), Value(true));

    add("log.cert_found", object("log.cert_found", {{"fqdn", "pc7.corp.example"}}));
    EXPECT_EQ(rule.evaluate(env_).value(), Value(false));
}

TEST_F(RuleLike, DoesNotFireWithFewRetries) {
    const Expression rule = Expression::compile(kRule);
    add("log.cert_retry", object("log.cert_retry", {}));
    EXPECT_EQ(rule.evaluate(env_).value(), Value(false));
}

TEST_F(RuleLike, RecordWithoutFieldIsAnErrorUnlessGuarded) {
    for (int i = 0; i < 3; ++i) add("log.cert_retry", object("log.cert_retry", {}));
    add("log.cert_found", object("log.cert_found", {}));  // no fqdn
    const EvalResult r = Expression::compile(kRule).evaluate(env_);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error(), "no such field 'fqdn' on log.cert_found (at 1:71)");

    const Expression guarded = Expression::compile(
        "ev('log.cert_retry').size() >= 3 && "
        "!ev('log.cert_found').exists(e, has(e.fqdn) && e.fqdn == device.fqdn)");
    EXPECT_EQ(guarded.evaluate(env_).value(), Value(true));
}

TEST_F(RuleLike, LintCatchesTypos) {
    const std::set<std::string> declared = env_.declared_names();
    try {
        Expression::compile("ev('x').size() > 0 && devise.fqdn == ''", &declared);
        FAIL() << "expected a compile error";
    } catch (const CompileError& e) {
        EXPECT_EQ(e.reason, "undeclared reference to 'devise' (did you mean 'device'?)");
        EXPECT_EQ(e.column, 23);
    }
}

}  // namespace
}  // namespace amtdiag::engine::expr

namespace amtdiag::engine::expr {
namespace {

// A rule's lets are set as borrowed names on a layer of the scope's environment: they shadow
// the scope, the latest of a name wins, and they count as declared for the linter.
TEST(Environment, BorrowedNamesShadowTheParentAndTheLatestWins) {
    Environment scope;
    scope.set("retries", Value(int64_t{1}));
    scope.set("host", Value("hp7800"));
    const std::string retries = "retries";  // owned elsewhere, as a rule owns its let names
    const std::string limit = "limit";
    Environment lets = scope.layer();
    lets.set_borrowed(retries, Value(int64_t{5}));
    lets.set_borrowed(limit, Value(int64_t{3}));
    lets.set_borrowed(limit, Value(int64_t{4}));
    EXPECT_EQ(testing::eval_ok("retries > limit && host == 'hp7800'", lets), Value(true));
    EXPECT_EQ(testing::eval_ok("limit", lets), Value(int64_t{4}));
    EXPECT_EQ(testing::eval_ok("retries", scope), Value(int64_t{1}));  // the scope is untouched
    const std::set<std::string> names = lets.declared_names();
    EXPECT_TRUE(names.count("limit") && names.count("retries") && names.count("host"));
}

}  // namespace
}  // namespace amtdiag::engine::expr

namespace amtdiag::engine::expr {
namespace {

// A scope's names can be set again: the latest value and the latest function stand, and the
// name is declared once.
TEST(Environment, SettingANameAgainReplacesIt) {
    Environment env;
    env.set("x", Value(int64_t{1}));
    env.set("y", Value(int64_t{2}));
    env.set("x", Value(int64_t{3}));
    env.define_function("f", [](std::span<const Value>) { return Value(int64_t{10}); });
    env.define_function("f", [](std::span<const Value>) { return Value(int64_t{20}); });
    EXPECT_EQ(testing::eval_ok("x * 100 + y", env), Value(int64_t{302}));
    EXPECT_EQ(testing::eval_ok("f()", env), Value(int64_t{20}));
    EXPECT_EQ(env.declared_names(), (std::set<std::string>{"f", "x", "y"}));
}

// A rule's per-device lets are deferred: each is computed when first read, at most once, in
// the environment as it stood when it was set, and an error stays an error value.
class DeferredNames : public ::testing::Test {
  protected:
    void SetUp() override {
        scope.set("x", Value(int64_t{1}));
        // tick(v): counts its calls and returns v, so a test sees what was computed.
        scope.define_function("tick", [this](std::span<const Value> args) {
            ++ticks;
            return args.empty() ? Value() : args[0];
        });
    }
    Expression compile(std::string_view source) { return Expression::compile(source); }

    Environment scope;
    int ticks = 0;
};

TEST_F(DeferredNames, AreComputedOnFirstReadAndOnlyOnce) {
    const Expression a = compile("tick(x + 1)");
    const Expression b = compile("tick(a * 10)");
    const Expression unread = compile("tick(0)");
    Environment lets = scope.layer();
    lets.set_deferred("a", a);
    lets.set_deferred("b", b);
    lets.set_deferred("unread", unread);
    EXPECT_EQ(ticks, 0);
    EXPECT_EQ(testing::eval_ok("b + a + b", lets), Value(int64_t{42}));
    EXPECT_EQ(ticks, 2);  // b, and a through b; never `unread`
    EXPECT_EQ(testing::eval_ok("a", lets), Value(int64_t{2}));
    EXPECT_EQ(ticks, 2);
    EXPECT_EQ(testing::eval_ok("true || unread == 0", lets), Value(true));
    EXPECT_EQ(ticks, 2);
}

TEST_F(DeferredNames, SeeOnlyTheNamesSetBeforeThem) {
    // Computed when read, after `x` was set again on the layer: it still sees the scope's x,
    // as it would have had it been computed when it was set.
    const Expression a = compile("x + 1");
    const Expression later = compile("x");
    Environment lets = scope.layer();
    lets.set_deferred("a", a);
    lets.set_borrowed("x", Value(int64_t{10}));
    lets.set_deferred("later", later);
    EXPECT_EQ(testing::eval_ok("a", lets), Value(int64_t{2}));
    EXPECT_EQ(testing::eval_ok("later", lets), Value(int64_t{10}));
    EXPECT_EQ(testing::eval_ok("x", lets), Value(int64_t{10}));
    // A deferred name cannot see itself or what follows it.
    const Expression self = compile("b + 1");
    Environment more = scope.layer();
    more.set_deferred("b", self);
    EXPECT_EQ(testing::eval_error("b", more), "undeclared reference to 'b' (at 1:1)");
}

TEST_F(DeferredNames, KeepAnErrorAsAnErrorValue) {
    const Expression broken = compile("x.size()");
    Environment lets = scope.layer();
    lets.set_deferred("broken", broken);
    const std::string first = testing::eval_error("broken + 1", lets);
    EXPECT_NE(first.find("size"), std::string::npos) << first;
    EXPECT_EQ(testing::eval_error("broken", lets), first);  // kept, not computed again
    EXPECT_EQ(testing::eval_ok("false && broken", lets), Value(false));
}

}  // namespace
}  // namespace amtdiag::engine::expr
