#pragma once
// Shared helpers for the expression tests: one-line evaluation and a record-like Object.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "analyzer/engine/expression/expression.h"

namespace amtdiag::engine::expr::testing {

// Evaluates and expects success; returns null on failure (after recording it).
inline Value eval_ok(std::string_view source, const Environment& env = Environment{}) {
    const EvalResult r = Expression::compile(source).evaluate(env);
    if (!r.ok()) ADD_FAILURE() << "evaluating `" << source << "` failed: " << r.error();
    return r.value();
}

// Evaluates and expects an evaluation error; returns its message.
inline std::string eval_error(std::string_view source, const Environment& env = Environment{}) {
    const EvalResult r = Expression::compile(source).evaluate(env);
    if (r.ok()) {
        ADD_FAILURE() << "`" << source << "` unexpectedly gave " << r.value();
        return "";
    }
    return r.error();
}

// Compiles and expects a CompileError.
inline std::optional<CompileError> compile_error(std::string_view source,
                                                 const std::set<std::string>* declared = nullptr) {
    try {
        Expression::compile(source, declared);
    } catch (const CompileError& e) {
        return e;
    }
    ADD_FAILURE() << "`" << source << "` compiled although an error was expected";
    return std::nullopt;
}

// A record with a fixed type name and fields, like an evidence item.
class TestObject : public Object {
  public:
    TestObject(std::string type, std::map<std::string, Value> fields)
        : type_(std::move(type)), fields_(std::move(fields)) {}
    std::optional<Value> field(std::string_view name) const override {
        const auto it = fields_.find(std::string(name));
        if (it == fields_.end()) return std::nullopt;
        return it->second;
    }
    std::string_view type_name() const override { return type_; }

  private:
    std::string type_;
    std::map<std::string, Value> fields_;
};

inline Value object(std::string type, std::map<std::string, Value> fields) {
    return Value(std::shared_ptr<const Object>(
        std::make_shared<TestObject>(std::move(type), std::move(fields))));
}

}  // namespace amtdiag::engine::expr::testing
