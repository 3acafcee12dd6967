#include "analyzer/engine/expression/functions.h"

#include <re2/re2.h>

#include <array>
#include <charconv>
#include <cmath>
#include <string>

#include "analyzer/engine/expression/operators.h"
#include "analyzer/engine/expression/string_functions.h"
#include "analyzer/engine/expression/time_format.h"

namespace amtdiag::engine::expr::detail {
namespace {

constexpr auto kBuiltins = std::to_array<BuiltinInfo>({
    {"size", Builtin::size, 1, 1, true, true},
    {"contains", Builtin::contains, 2, 2, false, true},
    {"startsWith", Builtin::starts_with, 2, 2, false, true},
    {"endsWith", Builtin::ends_with, 2, 2, false, true},
    {"matches", Builtin::matches, 2, 2, true, true},
    {"int", Builtin::to_int, 1, 1, true, false},
    {"double", Builtin::to_double, 1, 1, true, false},
    {"string", Builtin::to_string, 1, 1, true, false},
    {"bool", Builtin::to_bool, 1, 1, true, false},
    {"duration", Builtin::to_duration, 1, 1, true, false},
    {"timestamp", Builtin::to_timestamp, 1, 1, true, false},
    {"lowerAscii", Builtin::lower_ascii, 1, 1, false, true},
    {"upperAscii", Builtin::upper_ascii, 1, 1, false, true},
    // amtdiag extensions, usable in both styles: first(l) and l.first().
    {"first", Builtin::first, 1, 1, true, true},
    {"last", Builtin::last, 1, 1, true, true},
    {"distinct", Builtin::distinct, 1, 1, true, true},
    {"max", Builtin::max, 1, -1, true, true},
    {"min", Builtin::min, 1, -1, true, true},
    {"split", Builtin::split, 2, 2, false, true},
    {"join", Builtin::join, 1, 2, false, true},
    {"replace", Builtin::replace, 3, 3, false, true},
    {"trim", Builtin::trim, 1, 1, false, true},
    {"substring", Builtin::substring, 2, 3, false, true},
    {"indexOf", Builtin::index_of, 2, 2, false, true},
    {"lastIndexOf", Builtin::last_index_of, 2, 2, false, true},
    {"compareVersions", Builtin::compare_versions, 2, 2, true, false},
    {"byteDiff", Builtin::byte_diff, 2, 2, true, false},
    {"hexBytes", Builtin::hex_bytes, 1, 1, true, true},
    {"looseText", Builtin::loose_text, 1, 1, true, true},
});

// CEL measures strings in Unicode code points, not bytes.
int64_t code_points(const std::string& s) {
    int64_t n = 0;
    for (const char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

Value size(std::span<const Value> a) {
    switch (a[0].type()) {
        case ValueType::string:
            return code_points(a[0].as_string());
        case ValueType::list:
            return static_cast<int64_t>(a[0].as_list().size());
        case ValueType::map:
            return static_cast<int64_t>(a[0].as_map().size());
        default:
            return no_overload("size", a);
    }
}

Value string_test(Builtin id, std::span<const Value> a) {
    if (a[0].type() != ValueType::string || a[1].type() != ValueType::string) {
        return no_overload(id == Builtin::contains      ? "contains"
                           : id == Builtin::starts_with ? "startsWith"
                                                        : "endsWith",
                           a);
    }
    const std::string& s = a[0].as_string();
    const std::string& t = a[1].as_string();
    if (id == Builtin::contains) return s.find(t) != std::string::npos;
    if (id == Builtin::starts_with) return s.starts_with(t);
    return s.ends_with(t);
}

Value matches(std::span<const Value> a, const RE2* literal) {
    if (a[0].type() != ValueType::string || a[1].type() != ValueType::string) {
        return no_overload("matches", a);
    }
    if (literal != nullptr) return RE2::PartialMatch(a[0].as_string(), *literal);
    // A computed pattern has to be compiled here; rules should prefer literal patterns.
    RE2::Options options;
    options.set_log_errors(false);
    const RE2 re(a[1].as_string(), options);
    if (!re.ok()) {
        return Value::error("invalid regular expression '" + a[1].as_string() + "': " + re.error());
    }
    return RE2::PartialMatch(a[0].as_string(), re);
}

Value string_to_int(const std::string& s) {
    std::string_view text = s;
    bool negative = false;
    if (!text.empty() && (text[0] == '-' || text[0] == '+')) {
        negative = text[0] == '-';
        text.remove_prefix(1);
    }
    int base = 10;
    // amtdiag extension: CEL's int() is decimal only, but AMT logs print ids in hex.
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        base = 16;
        text.remove_prefix(2);
    }
    uint64_t magnitude = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), magnitude, base);
    constexpr auto kMax = static_cast<uint64_t>(INT64_MAX);
    if (text.empty() || res.ec != std::errc() || res.ptr != text.data() + text.size() ||
        magnitude > kMax + (negative ? 1 : 0)) {
        return Value::error("cannot convert string '" + s + "' to int");
    }
    return static_cast<int64_t>(negative ? 0 - magnitude : magnitude);
}

Value to_int(std::span<const Value> a) {
    const Value& v = a[0];
    switch (v.type()) {
        case ValueType::integer:
            return v;
        case ValueType::boolean:
            return int64_t{v.as_bool() ? 1 : 0};
        case ValueType::floating: {
            const double d = v.as_double();
            // Truncates toward zero like CEL; out-of-range values are an error, not UB.
            if (std::isnan(d) || d >= 9223372036854775808.0 || d < -9223372036854775808.0) {
                return Value::error("double value out of int range");
            }
            return static_cast<int64_t>(d);
        }
        case ValueType::string:
            return string_to_int(v.as_string());
        case ValueType::timestamp: {  // CEL: seconds since the epoch
            const int64_t ms = v.as_timestamp().ms;
            return ms / 1000 - (ms % 1000 < 0 ? 1 : 0);
        }
        default:
            return no_overload("int", a);
    }
}

Value to_double(std::span<const Value> a) {
    const Value& v = a[0];
    switch (v.type()) {
        case ValueType::floating:
            return v;
        case ValueType::integer:
            return static_cast<double>(v.as_int());
        case ValueType::string: {
            const std::string& s = v.as_string();
            double d = 0;
            const auto res = std::from_chars(s.data(), s.data() + s.size(), d);
            if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) {
                return Value::error("cannot convert string '" + s + "' to double");
            }
            return d;
        }
        default:
            return no_overload("double", a);
    }
}

Value to_string(std::span<const Value> a) {
    const Value& v = a[0];
    switch (v.type()) {
        case ValueType::string:
            return v;
        case ValueType::integer:
            return std::to_string(v.as_int());
        case ValueType::boolean:
            return v.as_bool() ? "true" : "false";
        case ValueType::floating: {
            const double d = v.as_double();
            if (std::isnan(d)) return "NaN";
            if (std::isinf(d)) return d > 0 ? "+Inf" : "-Inf";
            std::array<char, 32> buf{};
            const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), d);
            return std::string(buf.data(), res.ptr);
        }
        case ValueType::timestamp:
            return format_timestamp(v.as_timestamp());
        case ValueType::duration:
            return format_duration(v.as_duration());
        default:
            return no_overload("string", a);
    }
}

Value to_bool(std::span<const Value> a) {
    const Value& v = a[0];
    if (v.type() == ValueType::boolean) return v;
    if (v.type() != ValueType::string) return no_overload("bool", a);
    // The spellings CEL accepts.
    static constexpr std::array<std::string_view, 5> kTrue = {"1", "t", "true", "TRUE", "True"};
    static constexpr std::array<std::string_view, 5> kFalse = {"0", "f", "false", "FALSE", "False"};
    for (const auto t : kTrue) {
        if (v.as_string() == t) return true;
    }
    for (const auto f : kFalse) {
        if (v.as_string() == f) return false;
    }
    return Value::error("cannot convert string '" + v.as_string() + "' to bool");
}

Value to_duration(std::span<const Value> a) {
    const Value& v = a[0];
    if (v.type() == ValueType::duration) return v;
    if (v.type() != ValueType::string) return no_overload("duration", a);
    if (const auto d = parse_duration(v.as_string())) return *d;
    return Value::error("invalid duration '" + v.as_string() + "'");
}

Value to_timestamp(std::span<const Value> a) {
    const Value& v = a[0];
    if (v.type() == ValueType::timestamp) return v;
    if (v.type() == ValueType::integer) {  // seconds since the epoch, like cel-go
        int64_t ms = 0;
        if (__builtin_mul_overflow(v.as_int(), 1000, &ms))
            return Value::error("timestamp overflow");
        return Timestamp{ms};
    }
    if (v.type() != ValueType::string) return no_overload("timestamp", a);
    if (const auto t = parse_timestamp(v.as_string())) return *t;
    return Value::error("invalid timestamp '" + v.as_string() + "'");
}

Value change_case(Builtin id, std::span<const Value> a) {
    if (a[0].type() != ValueType::string) {
        return no_overload(id == Builtin::lower_ascii ? "lowerAscii" : "upperAscii", a);
    }
    std::string s = a[0].as_string();
    for (char& c : s) {
        if (id == Builtin::lower_ascii && c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
        if (id == Builtin::upper_ascii && c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
    }
    return s;
}

Value first_last(Builtin id, std::span<const Value> a) {
    if (a[0].type() != ValueType::list)
        return no_overload(id == Builtin::first ? "first" : "last", a);
    const List& l = a[0].as_list();
    if (l.empty()) return Value::null();
    return id == Builtin::first ? l.front() : l.back();
}

// The list without repeats, in the order each value first appears (CEL equality). Quadratic,
// which is fine for what messages list; a long list is cut to its first 1,000 distinct values.
Value distinct(std::span<const Value> a) {
    if (a[0].type() != ValueType::list) return no_overload("distinct", a);
    constexpr size_t kMaxDistinct = 1000;
    List out;
    for (const Value& v : a[0].as_list()) {
        bool seen = false;
        for (const Value& o : out)
            if (values_equal(o, v)) {
                seen = true;
                break;
            }
        if (!seen) out.push_back(v);
        if (out.size() >= kMaxDistinct) break;
    }
    return Value(std::move(out));
}

Value extreme(Builtin id, std::span<const Value> a) {
    const std::string_view name = id == Builtin::max ? "max" : "min";
    // max(list) or max(a, b, ...).
    std::span<const Value> items = a;
    if (a.size() == 1 && a[0].type() == ValueType::list) items = a[0].as_list();
    if (items.empty()) return Value::error(std::string(name) + "() of an empty list");
    const Value* best = &items[0];
    for (const Value& v : items) {
        const ValueType t = v.type();
        if (t != ValueType::integer && t != ValueType::floating && t != ValueType::timestamp &&
            t != ValueType::duration) {
            return Value::error(std::string(name) + "() does not apply to " +
                                std::string(v.type_name()));
        }
        Value better = apply_binary(id == Builtin::max ? Op::gt : Op::lt, v, *best);
        if (better.is_error()) return better;  // mixed timestamps and numbers, say
        if (better.as_bool()) best = &v;
    }
    return *best;
}

}  // namespace

Value no_overload(std::string_view fn, std::span<const Value> args) {
    std::string msg = "no such overload: " + std::string(fn) + "(";
    for (size_t i = 0; i < args.size(); ++i) {
        if (i > 0) msg += ", ";
        msg += args[i].type_name();
    }
    return Value::error(msg + ")");
}

const BuiltinInfo* find_builtin(std::string_view name, bool receiver_style) {
    for (const BuiltinInfo& b : kBuiltins) {
        if (b.name == name && (receiver_style ? b.receiver : b.global)) {
            return &b;
        }
    }
    return nullptr;
}

Value call_builtin(Builtin id, std::span<const Value> args, const RE2* literal_regex) {
    switch (id) {
        case Builtin::size:
            return size(args);
        case Builtin::contains:
        case Builtin::starts_with:
        case Builtin::ends_with:
            return string_test(id, args);
        case Builtin::matches:
            return matches(args, literal_regex);
        case Builtin::to_int:
            return to_int(args);
        case Builtin::to_double:
            return to_double(args);
        case Builtin::to_string:
            return to_string(args);
        case Builtin::to_bool:
            return to_bool(args);
        case Builtin::to_duration:
            return to_duration(args);
        case Builtin::to_timestamp:
            return to_timestamp(args);
        case Builtin::lower_ascii:
        case Builtin::upper_ascii:
            return change_case(id, args);
        case Builtin::first:
        case Builtin::last:
            return first_last(id, args);
        case Builtin::distinct:
            return distinct(args);
        case Builtin::max:
        case Builtin::min:
            return extreme(id, args);
        case Builtin::split:
        case Builtin::join:
        case Builtin::replace:
        case Builtin::trim:
        case Builtin::substring:
        case Builtin::index_of:
        case Builtin::last_index_of:
        case Builtin::compare_versions:
        case Builtin::byte_diff:
        case Builtin::hex_bytes:
        case Builtin::loose_text:
            return call_string_builtin(id, args);
        case Builtin::none:
            break;
    }
    return Value::error("internal error: unresolved builtin");
}

}  // namespace amtdiag::engine::expr::detail
