#pragma once
// What the embedding program exposes to expressions: variables and host functions.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analyzer/engine/expression/value.h"

namespace amtdiag::engine::expr {

class Expression;

// Heterogeneous lookup for maps keyed by name (the host's caches, bindings.h), so a lookup by
// string_view builds no std::string.
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
    // rule set): kept as a view, without a copy of the name. A rule's lets are set once per
    // rule and device, millions of times on a fleet. Looked up before the names set(), the
    // latest first.
    void set_borrowed(std::string_view name, Value v);
    // Like set_borrowed(), for the value of `source`, computed when the name is first read,
    // in this environment as it stood when the name was set (the names set after it stay
    // unseen), and kept; an evaluation error becomes an error value. A rule's lets: a device
    // that a rule's `when` rules out reads a few of them, and most devices are ruled out.
    // `source` must outlive this environment. Reading a deferred name changes the
    // environment, so one that holds deferred names is read by one thread at a time.
    void set_deferred(std::string_view name, const Expression& source);
    // Room for `count` borrowed or deferred names, so setting a rule's lets grows nothing.
    void reserve_borrowed(size_t count) { borrowed_.reserve(count); }
    void define_function(std::string name, Function fn);

    const Value* find_variable(std::string_view name) const;
    const Function* find_function(std::string_view name) const;

    // All variable and function names: pass to Expression::compile to reject typos up front.
    std::set<std::string> declared_names() const;

  private:
    // Flat lists searched from the end: a scope holds about a dozen names and functions, and
    // every identifier and host call of every rule on every device looks one up. Comparing
    // a dozen short names (unequal sizes differ at once) costs less than hashing the name.
    struct Borrowed {
        std::string_view first;  // the name
        Value second;
        const Expression* deferred = nullptr;  // until the value is computed
    };
    // The value of borrowed_[index], computed first if it is deferred.
    const Value* value_of(size_t index) const;

    std::vector<std::pair<std::string, Value>> variables_;
    std::vector<std::pair<std::string, Function>> functions_;
    // Mutable: a deferred value is computed by a lookup.
    mutable std::vector<Borrowed> borrowed_;
    // While a deferred value is computed, only the borrowed names set before it are seen.
    mutable size_t visible_borrowed_ = SIZE_MAX;
    const Environment* parent_ = nullptr;
};

}  // namespace amtdiag::engine::expr
