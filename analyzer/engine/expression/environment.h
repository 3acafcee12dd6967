#pragma once
// What the embedding program exposes to expressions: variables and host functions.
#include <functional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "analyzer/engine/expression/value.h"

namespace amtdiag::engine::expr {

// Heterogeneous lookup so evaluation can look names up without building std::strings.
struct StringHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

class Environment {
  public:
    // Host functions receive already-evaluated arguments (never error values: an argument
    // error propagates without calling the function) and may return Value::error(...).
    // Receiver-style calls x.f(y) pass x as the first argument.
    using Function = std::function<Value(std::span<const Value>)>;

    // An environment that sees everything of this one, plus what is set on it (a rule's
    // `let` values over the shared scope). This one must outlive it.
    Environment layer() const {
        Environment child;
        child.parent_ = this;
        return child;
    }

    void set(std::string name, Value v);
    // Like set(), for a name that outlives this environment (a rule's `let` name, owned by the
    // rule set): kept as a view in a short list, without a copy of the name or a hash node. A
    // rule's lets are set once per rule and device, millions of times on a fleet. Looked up
    // before the names set(), the latest first.
    void set_borrowed(std::string_view name, Value v);
    void define_function(std::string name, Function fn);

    const Value* find_variable(std::string_view name) const;
    const Function* find_function(std::string_view name) const;

    // All variable and function names: pass to Expression::compile to reject typos up front.
    std::set<std::string> declared_names() const;

  private:
    std::unordered_map<std::string, Value, StringHash, std::equal_to<>> variables_;
    std::unordered_map<std::string, Function, StringHash, std::equal_to<>> functions_;
    std::vector<std::pair<std::string_view, Value>> borrowed_;
    const Environment* parent_ = nullptr;
};

}  // namespace amtdiag::engine::expr
