#pragma once
// Public entry point of the rule expression language (a subset of CEL, see
// docs/expression-language.md): compile once, evaluate many times.
#include <memory>
#include <set>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "analyzer/engine/expression/environment.h"
#include "analyzer/engine/expression/value.h"

namespace amtdiag::engine::expr {

namespace detail {
struct Program;
}

// what() is the full message with a caret line, e.g.
//   1:9: unexpected ')', expected expression
//     a && b )
//             ^
struct CompileError : std::runtime_error {
    CompileError(const std::string& full_message, std::string reason, int line, int column);
    int line;            // 1-based
    int column;          // 1-based, in characters (UTF-8 code points)
    std::string reason;  // the message alone, without position or snippet
};

// The outcome of one evaluation: a Value, or an error message.
class EvalResult {
  public:
    static EvalResult success(Value v);
    static EvalResult failure(std::string message, int line = 0, int column = 0);

    bool ok() const { return ok_; }
    explicit operator bool() const { return ok_; }
    const Value& value() const { return value_; }  // null when !ok()
    // e.g. "no such field 'x' on log.retry (at 1:3)"; empty when ok().
    const std::string& error() const { return error_; }
    int error_line() const { return line_; }  // 0 when unknown
    int error_column() const { return column_; }

  private:
    bool ok_ = false;
    Value value_;
    std::string error_;
    int line_ = 0;
    int column_ = 0;
};

class Expression {
  public:
    // Throws CompileError. With declared_names, unknown identifiers and host function names
    // are compile errors (for `amtdiag rules lint`); without, they fail at evaluation.
    static Expression compile(std::string_view source,
                              const std::set<std::string>* declared_names = nullptr);

    // Thread-safe: evaluation keeps its state on the stack; the compiled tree is immutable.
    EvalResult evaluate(const Environment& env) const;
    // Convenience for rule conditions: true only for a bool true result; a non-bool result is
    // reported as an error.
    EvalResult evaluate_bool(const Environment& env) const;

    const std::string& source() const { return *source_; }

    // The literal string first arguments of every call to the host function `function`:
    // for `ev('log.a') + ev('log.b')` and "ev", {"log.a", "log.b"}. Read off the compiled
    // tree, so comments, strings that merely look like calls and spacing never mislead it.
    std::vector<std::string> literal_arguments_of(std::string_view function) const;
    // Every environment name the expression reads: identifiers and host functions (not
    // builtins, not a macro's iteration variables).
    std::set<std::string> free_names() const;
    // The same for every copy of one compiled expression: a key for caching its value.
    const void* identity() const { return program_.get(); }

  private:
    Expression() = default;
    // Shared so copying a compiled expression (e.g. into several rule objects) is cheap.
    std::shared_ptr<const std::string> source_;
    std::shared_ptr<const detail::Program> program_;
};

}  // namespace amtdiag::engine::expr
