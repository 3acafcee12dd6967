#include "analyzer/engine/expression/operators.h"

#include <cmath>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>

namespace amtdiag::engine::expr::detail {
namespace {

// Exact int64-vs-double ordering: converting a large int64 to double would round.
std::partial_ordering compare_int_double(int64_t i, double d) {
    if (std::isnan(d)) return std::partial_ordering::unordered;
    if (d >= 9223372036854775808.0) return std::partial_ordering::less;
    if (d < -9223372036854775808.0) return std::partial_ordering::greater;
    const double whole = std::trunc(d);
    const auto w = static_cast<int64_t>(whole);
    if (i != w) return i <=> w;
    return 0.0 <=> (d - whole);
}

bool is_number(ValueType t) {
    return t == ValueType::integer || t == ValueType::floating;
}

// nullopt when the two types have no ordering.
std::optional<std::partial_ordering> compare(const Value& a, const Value& b) {
    const ValueType ta = a.type();
    const ValueType tb = b.type();
    if (is_number(ta) && is_number(tb)) {
        if (ta == ValueType::integer && tb == ValueType::integer) return a.as_int() <=> b.as_int();
        if (ta == ValueType::floating && tb == ValueType::floating) {
            return a.as_double() <=> b.as_double();
        }
        if (ta == ValueType::integer) return compare_int_double(a.as_int(), b.as_double());
        return 0 <=> compare_int_double(b.as_int(), a.as_double());
    }
    if (ta != tb) return std::nullopt;
    switch (ta) {
        case ValueType::boolean:
            return a.as_bool() <=> b.as_bool();
        case ValueType::string:
            return a.as_string().compare(b.as_string()) <=> 0;
        case ValueType::timestamp:
            return a.as_timestamp() <=> b.as_timestamp();
        case ValueType::duration:
            return a.as_duration() <=> b.as_duration();
        default:
            return std::nullopt;
    }
}

Value no_overload(std::string_view op, const Value& a, const Value& b) {
    return Value::error("no such overload: " + std::string(a.type_name()) + " " + std::string(op) +
                        " " + std::string(b.type_name()));
}

Value overflow() {
    return Value::error("integer overflow");
}

std::string_view op_text(Op op) {
    switch (op) {
        case Op::logical_not:
            return "!";
        case Op::negate:
            return "-";
        case Op::add:
            return "+";
        case Op::sub:
            return "-";
        case Op::mul:
            return "*";
        case Op::div:
            return "/";
        case Op::mod:
            return "%";
        case Op::eq:
            return "==";
        case Op::ne:
            return "!=";
        case Op::lt:
            return "<";
        case Op::le:
            return "<=";
        case Op::gt:
            return ">";
        case Op::ge:
            return ">=";
        case Op::in:
            return "in";
    }
    return "?";
}

Value add(const Value& a, const Value& b) {
    const ValueType ta = a.type();
    const ValueType tb = b.type();
    int64_t r = 0;
    if (ta == ValueType::integer && tb == ValueType::integer) {
        if (__builtin_add_overflow(a.as_int(), b.as_int(), &r)) return overflow();
        return r;
    }
    if (ta == ValueType::floating && tb == ValueType::floating)
        return a.as_double() + b.as_double();
    if (ta == ValueType::string && tb == ValueType::string) return a.as_string() + b.as_string();
    if (ta == ValueType::list && tb == ValueType::list) {
        if (b.as_list().empty()) return a;  // shares the payload, no copy
        if (a.as_list().empty()) return b;
        List out = a.as_list();
        out.insert(out.end(), b.as_list().begin(), b.as_list().end());
        return out;
    }
    if (ta == ValueType::duration && tb == ValueType::duration) {
        if (__builtin_add_overflow(a.as_duration().ms, b.as_duration().ms, &r)) return overflow();
        return Duration{r};
    }
    if (ta == ValueType::timestamp && tb == ValueType::duration) {
        if (__builtin_add_overflow(a.as_timestamp().ms, b.as_duration().ms, &r)) return overflow();
        return Timestamp{r};
    }
    if (ta == ValueType::duration && tb == ValueType::timestamp) {
        if (__builtin_add_overflow(a.as_duration().ms, b.as_timestamp().ms, &r)) return overflow();
        return Timestamp{r};
    }
    return no_overload("+", a, b);
}

Value sub(const Value& a, const Value& b) {
    const ValueType ta = a.type();
    const ValueType tb = b.type();
    int64_t r = 0;
    if (ta == ValueType::integer && tb == ValueType::integer) {
        if (__builtin_sub_overflow(a.as_int(), b.as_int(), &r)) return overflow();
        return r;
    }
    if (ta == ValueType::floating && tb == ValueType::floating)
        return a.as_double() - b.as_double();
    if (ta == ValueType::timestamp && tb == ValueType::timestamp) {
        if (__builtin_sub_overflow(a.as_timestamp().ms, b.as_timestamp().ms, &r)) return overflow();
        return Duration{r};
    }
    if (ta == ValueType::timestamp && tb == ValueType::duration) {
        if (__builtin_sub_overflow(a.as_timestamp().ms, b.as_duration().ms, &r)) return overflow();
        return Timestamp{r};
    }
    if (ta == ValueType::duration && tb == ValueType::duration) {
        if (__builtin_sub_overflow(a.as_duration().ms, b.as_duration().ms, &r)) return overflow();
        return Duration{r};
    }
    return no_overload("-", a, b);
}

Value mul_div_mod(Op op, const Value& a, const Value& b) {
    const ValueType ta = a.type();
    const ValueType tb = b.type();
    if (ta == ValueType::integer && tb == ValueType::integer) {
        const int64_t x = a.as_int();
        const int64_t y = b.as_int();
        int64_t r = 0;
        if (op == Op::mul) {
            if (__builtin_mul_overflow(x, y, &r)) return overflow();
            return r;
        }
        if (y == 0) return Value::error(op == Op::div ? "division by zero" : "modulus by zero");
        if (x == INT64_MIN && y == -1) return overflow();
        return op == Op::div ? x / y : x % y;
    }
    // Like CEL, doubles follow IEEE 754 (1.0 / 0.0 is +infinity) and have no `%`.
    if (ta == ValueType::floating && tb == ValueType::floating && op != Op::mod) {
        return op == Op::mul ? a.as_double() * b.as_double() : a.as_double() / b.as_double();
    }
    return no_overload(op_text(op), a, b);
}

Value in(const Value& a, const Value& b) {
    if (b.type() == ValueType::list) {
        for (const Value& v : b.as_list()) {
            if (values_equal(a, v)) return true;
        }
        return false;
    }
    if (b.type() == ValueType::map) {
        return a.type() == ValueType::string && b.as_map().contains(a.as_string());
    }
    return no_overload("in", a, b);
}

}  // namespace

bool values_equal(const Value& a, const Value& b) {
    const ValueType ta = a.type();
    if (is_number(ta) && is_number(b.type())) {
        const auto c = compare(a, b);
        return c && *c == 0;
    }
    if (ta != b.type()) return false;  // CEL heterogeneous equality: different types differ
    switch (ta) {
        case ValueType::list: {
            const List& x = a.as_list();
            const List& y = b.as_list();
            if (x.size() != y.size()) return false;
            for (size_t i = 0; i < x.size(); ++i) {
                if (!values_equal(x[i], y[i])) return false;
            }
            return true;
        }
        case ValueType::map: {
            const Map& x = a.as_map();
            const Map& y = b.as_map();
            if (x.size() != y.size()) return false;
            for (auto ix = x.begin(), iy = y.begin(); ix != x.end(); ++ix, ++iy) {
                if (ix->first != iy->first || !values_equal(ix->second, iy->second)) return false;
            }
            return true;
        }
        default:
            return a == b;  // same type: structural identity is CEL equality
    }
}

Value apply_binary(Op op, const Value& a, const Value& b) {
    switch (op) {
        case Op::eq:
            return values_equal(a, b);
        case Op::ne:
            return !values_equal(a, b);
        case Op::lt:
        case Op::le:
        case Op::gt:
        case Op::ge: {
            const auto c = compare(a, b);
            if (!c) return no_overload(op_text(op), a, b);
            switch (op) {
                case Op::lt:
                    return *c < 0;
                case Op::le:
                    return *c <= 0;
                case Op::gt:
                    return *c > 0;
                default:
                    return *c >= 0;
            }
        }
        case Op::add:
            return add(a, b);
        case Op::sub:
            return sub(a, b);
        case Op::mul:
        case Op::div:
        case Op::mod:
            return mul_div_mod(op, a, b);
        case Op::in:
            return in(a, b);
        default:
            break;
    }
    return no_overload(op_text(op), a, b);
}

Value apply_unary(Op op, const Value& v) {
    if (op == Op::logical_not) {
        if (v.type() == ValueType::boolean) return !v.as_bool();
        return Value::error("no such overload: !" + std::string(v.type_name()));
    }
    switch (v.type()) {
        case ValueType::integer:
            if (v.as_int() == INT64_MIN) return overflow();
            return -v.as_int();
        case ValueType::floating:
            return -v.as_double();
        default:
            return Value::error("no such overload: -" + std::string(v.type_name()));
    }
}

}  // namespace amtdiag::engine::expr::detail
