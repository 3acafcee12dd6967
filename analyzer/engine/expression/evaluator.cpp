#include "analyzer/engine/expression/evaluator.h"

#include <array>
#include <string>
#include <vector>

#include "analyzer/engine/expression/functions.h"
#include "analyzer/engine/expression/operators.h"

namespace amtdiag::engine::expr::detail {
namespace {

// Stamps an error that has no position yet with the node that produced it; errors coming up
// from children keep their own (more precise) position.
Value at(const Node& n, Value v) {
    if (v.is_error() && v.as_error().offset < 0)
        return Value::error(v.as_error().message, n.offset);
    return v;
}

Value error_at(const Node& n, std::string message) {
    return Value::error(std::move(message), n.offset);
}

class Evaluator {
  public:
    // Most expressions nest macros at most a few deep: their iteration variables stay on the
    // stack (an evaluation per rule and device, millions on a fleet, each allocated them).
    Evaluator(const Environment& env, int slots) : env_(env) {
        const auto count = static_cast<size_t>(slots);
        if (count > inline_locals_.size()) {
            heap_locals_.resize(count);
            locals_ = heap_locals_.data();
        }
    }
    // locals_ may point into this object.
    Evaluator(const Evaluator&) = delete;
    Evaluator& operator=(const Evaluator&) = delete;

    Value eval(const Node& n) {
        switch (n.kind) {
            case NodeKind::literal:
                return n.value;
            case NodeKind::ident: {
                if (const Value* v = env_.find_variable(n.name)) return *v;
                return error_at(n, "undeclared reference to '" + n.name + "'");
            }
            case NodeKind::local:
                return locals_[static_cast<size_t>(n.slot)];
            case NodeKind::list:
                return eval_list(n);
            case NodeKind::map:
                return eval_map(n);
            case NodeKind::select:
                return eval_select(n);
            case NodeKind::has:
                return eval_has(n);
            case NodeKind::index:
                return eval_index(n);
            case NodeKind::unary: {
                Value v = eval(*n.children[0]);
                if (v.is_error()) return v;
                return at(n, apply_unary(n.op, v));
            }
            case NodeKind::binary: {
                Value a = eval(*n.children[0]);
                if (a.is_error()) return a;
                Value b = eval(*n.children[1]);
                if (b.is_error()) return b;
                return at(n, apply_binary(n.op, a, b));
            }
            case NodeKind::logical_and:
                return eval_logic(n, /*is_and=*/true);
            case NodeKind::logical_or:
                return eval_logic(n, /*is_and=*/false);
            case NodeKind::conditional: {
                Value c = eval(*n.children[0]);
                if (c.is_error()) return c;
                if (c.type() != ValueType::boolean) {
                    return error_at(
                        n, "condition of '?:' must be bool, got " + std::string(c.type_name()));
                }
                return eval(*n.children[c.as_bool() ? 1 : 2]);
            }
            case NodeKind::call:
                return eval_call(n);
            case NodeKind::comprehension:
                return eval_comprehension(n);
        }
        return error_at(n, "internal error: unknown node");
    }

  private:
    Value eval_list(const Node& n) {
        List out;
        out.reserve(n.children.size());
        for (const auto& child : n.children) {
            Value v = eval(*child);
            if (v.is_error()) return v;
            out.push_back(std::move(v));
        }
        return out;
    }

    Value eval_map(const Node& n) {
        Map out;
        for (size_t i = 0; i + 1 < n.children.size(); i += 2) {
            Value k = eval(*n.children[i]);
            if (k.is_error()) return k;
            if (k.type() != ValueType::string) {
                return Value::error("map keys must be strings, got " + std::string(k.type_name()),
                                    n.children[i]->offset);
            }
            Value v = eval(*n.children[i + 1]);
            if (v.is_error()) return v;
            if (!out.emplace(k.as_string(), std::move(v)).second) {
                return Value::error("duplicate map key '" + k.as_string() + "'",
                                    n.children[i]->offset);
            }
        }
        return out;
    }

    Value eval_select(const Node& n) {
        Value operand = eval(*n.children[0]);
        if (operand.is_error()) return operand;
        if (operand.type() == ValueType::object) {
            if (auto v = operand.as_object().field(n.name)) return at(n, std::move(*v));
            return error_at(n, "no such field '" + n.name + "' on " +
                                   std::string(operand.as_object().type_name()));
        }
        if (operand.type() == ValueType::map) {
            const Map& m = operand.as_map();
            if (const auto it = m.find(n.name); it != m.end()) return it->second;
            return error_at(n, "no such key '" + n.name + "'");
        }
        return error_at(
            n, "cannot select field '" + n.name + "' from " + std::string(operand.type_name()));
    }

    Value eval_has(const Node& n) {
        Value operand = eval(*n.children[0]);
        if (operand.is_error()) return operand;
        if (operand.type() == ValueType::object)
            return operand.as_object().field(n.name).has_value();
        if (operand.type() == ValueType::map) return operand.as_map().contains(n.name);
        return error_at(n, "has() does not apply to " + std::string(operand.type_name()));
    }

    Value eval_index(const Node& n) {
        Value operand = eval(*n.children[0]);
        if (operand.is_error()) return operand;
        Value key = eval(*n.children[1]);
        if (key.is_error()) return key;
        if (operand.type() == ValueType::list && key.type() == ValueType::integer) {
            const List& l = operand.as_list();
            const int64_t i = key.as_int();
            if (i < 0 || static_cast<uint64_t>(i) >= l.size()) {
                return error_at(n, "index " + std::to_string(i) + " out of range (size " +
                                       std::to_string(l.size()) + ")");
            }
            return l[static_cast<size_t>(i)];
        }
        if (operand.type() == ValueType::map && key.type() == ValueType::string) {
            const Map& m = operand.as_map();
            if (const auto it = m.find(key.as_string()); it != m.end()) return it->second;
            return error_at(n, "no such key '" + key.as_string() + "'");
        }
        return error_at(n, "cannot index " + std::string(operand.type_name()) + " with " +
                               std::string(key.type_name()));
    }

    // CEL's commutative && / ||: a decisive operand (false for &&, true for ||) wins even if
    // the other side is an error; the right side is skipped when the left already decides.
    Value eval_logic(const Node& n, bool is_and) {
        const bool decisive = !is_and;
        Value a = eval(*n.children[0]);
        if (a.type() == ValueType::boolean && a.as_bool() == decisive) return a;
        Value b = eval(*n.children[1]);
        if (b.type() == ValueType::boolean && b.as_bool() == decisive) return b;
        if (a.is_error()) return a;
        if (b.is_error()) return b;
        const std::string_view op = is_and ? "&&" : "||";
        if (a.type() != ValueType::boolean) {
            return error_at(n, "no such overload: " + std::string(a.type_name()) + " " +
                                   std::string(op) + " " + std::string(b.type_name()));
        }
        if (b.type() != ValueType::boolean) {
            return error_at(
                n, "no such overload: bool " + std::string(op) + " " + std::string(b.type_name()));
        }
        return a;  // both booleans, both non-decisive
    }

    Value eval_call(const Node& n) {
        // Most calls have few arguments: keep them on the stack.
        constexpr size_t kInline = 4;
        std::array<Value, kInline> inline_args;
        std::vector<Value> heap_args;
        const size_t argc = n.children.size();
        Value* args = inline_args.data();
        if (argc > kInline) {
            heap_args.resize(argc);
            args = heap_args.data();
        }
        for (size_t i = 0; i < argc; ++i) {
            args[i] = eval(*n.children[i]);
            if (args[i].is_error()) return args[i];  // calls are strict
        }
        const std::span<const Value> span(args, argc);
        if (n.builtin != Builtin::none) return at(n, call_builtin(n.builtin, span, n.regex.get()));
        const Environment::Function* fn = env_.find_function(n.name);
        if (fn == nullptr) return error_at(n, "undeclared function '" + n.name + "'");
        return at(n, (*fn)(span));
    }

    Value eval_comprehension(const Node& n) {
        Value range = eval(*n.children[0]);
        if (range.is_error()) return range;
        if (range.type() == ValueType::list) return iterate(n, range.as_list());
        if (range.type() == ValueType::map) {
            // CEL macros over a map iterate its keys.
            List keys;
            keys.reserve(range.as_map().size());
            for (const auto& [k, v] : range.as_map()) keys.emplace_back(k);
            return iterate(n, keys);
        }
        return error_at(n, "cannot iterate over " + std::string(range.type_name()));
    }

    Value expect_bool(const Node& n, const Node& pred, Value v) {
        if (v.is_error() || v.type() == ValueType::boolean) return v;
        static constexpr std::array<std::string_view, 5> kNames = {"exists", "all", "exists_one",
                                                                   "filter", "map"};
        return Value::error("predicate of " + std::string(kNames[static_cast<size_t>(n.macro)]) +
                                "() must be bool, got " + std::string(v.type_name()),
                            pred.offset);
    }

    Value iterate(const Node& n, const List& items) {
        Value& var = locals_[static_cast<size_t>(n.slot)];
        const Node& body = *n.children[1];
        switch (n.macro) {
            case Macro::exists:
            case Macro::all: {
                // exists: any true wins over errors; all: any false wins over errors.
                const bool decisive = n.macro == Macro::exists;
                Value first_error;
                for (const Value& item : items) {
                    var = item;
                    Value r = expect_bool(n, body, eval(body));
                    if (r.is_error()) {
                        if (!first_error.is_error()) first_error = std::move(r);
                    } else if (r.as_bool() == decisive) {
                        return decisive;
                    }
                }
                if (first_error.is_error()) return first_error;
                return !decisive;
            }
            case Macro::exists_one: {
                int64_t count = 0;
                for (const Value& item : items) {
                    var = item;
                    Value r = expect_bool(n, body, eval(body));
                    if (r.is_error()) return r;
                    if (r.as_bool()) ++count;
                }
                return count == 1;
            }
            case Macro::filter: {
                List out;
                for (const Value& item : items) {
                    var = item;
                    Value r = expect_bool(n, body, eval(body));
                    if (r.is_error()) return r;
                    if (r.as_bool()) out.push_back(item);
                }
                return out;
            }
            case Macro::map: {
                const bool has_filter = n.children.size() == 3;
                const Node& transform = *n.children[has_filter ? 2 : 1];
                List out;
                out.reserve(items.size());
                for (const Value& item : items) {
                    var = item;
                    if (has_filter) {
                        Value keep = expect_bool(n, body, eval(body));
                        if (keep.is_error()) return keep;
                        if (!keep.as_bool()) continue;
                    }
                    Value r = eval(transform);
                    if (r.is_error()) return r;
                    out.push_back(std::move(r));
                }
                return out;
            }
        }
        return error_at(n, "internal error: unknown macro");
    }

    const Environment& env_;
    std::array<Value, 4> inline_locals_;
    std::vector<Value> heap_locals_;
    Value* locals_ = inline_locals_.data();
};

}  // namespace

Value evaluate(const Program& program, const Environment& env) {
    return Evaluator(env, program.local_slots).eval(*program.root);
}

}  // namespace amtdiag::engine::expr::detail
