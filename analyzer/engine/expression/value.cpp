#include "analyzer/engine/expression/value.h"

#include <array>
#include <charconv>
#include <cmath>
#include <ostream>

#include "analyzer/engine/expression/time_format.h"

namespace amtdiag::engine::expr {

std::string_view type_name(ValueType type) {
    switch (type) {
        case ValueType::null:
            return "null";
        case ValueType::boolean:
            return "bool";
        case ValueType::integer:
            return "int";
        case ValueType::floating:
            return "double";
        case ValueType::string:
            return "string";
        case ValueType::list:
            return "list";
        case ValueType::map:
            return "map";
        case ValueType::object:
            return "object";
        case ValueType::timestamp:
            return "timestamp";
        case ValueType::duration:
            return "duration";
        case ValueType::error:
            return "error";
    }
    return "unknown";
}

Value::Value(std::string s) : data_(std::make_shared<const std::string>(std::move(s))) {}
Value::Value(List list) : data_(std::make_shared<const List>(std::move(list))) {}
Value::Value(Map map) : data_(std::make_shared<const Map>(std::move(map))) {}

Value Value::error(std::string message, int offset) {
    return Value(std::make_shared<const ErrorInfo>(ErrorInfo{std::move(message), offset}));
}

std::string_view Value::type_name() const {
    if (type() == ValueType::object) return as_object().type_name();
    return expr::type_name(type());
}

namespace {

std::string quote(const std::string& s) {
    std::string out = "\"";
    for (const char c : s) {
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\t':
                out += "\\t";
                break;
            case '\r':
                out += "\\r";
                break;
            default:
                out += c;
        }
    }
    out += '"';
    return out;
}

std::string double_text(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "+infinity" : "-infinity";
    std::array<char, 32> buf{};
    const auto res = std::to_chars(buf.data(), buf.data() + buf.size(), d);
    std::string out(buf.data(), res.ptr);
    // Keep doubles visibly distinct from ints in messages: 2.0, not 2.
    if (out.find_first_of(".e") == std::string::npos) out += ".0";
    return out;
}

}  // namespace

std::string Value::to_debug_string() const {
    switch (type()) {
        case ValueType::null:
            return "null";
        case ValueType::boolean:
            return as_bool() ? "true" : "false";
        case ValueType::integer:
            return std::to_string(as_int());
        case ValueType::floating:
            return double_text(as_double());
        case ValueType::string:
            return quote(as_string());
        case ValueType::list: {
            std::string out = "[";
            for (const Value& v : as_list()) {
                if (out.size() > 1) out += ", ";
                out += v.to_debug_string();
            }
            return out + "]";
        }
        case ValueType::map: {
            std::string out = "{";
            for (const auto& [k, v] : as_map()) {
                if (out.size() > 1) out += ", ";
                out += quote(k) + ": " + v.to_debug_string();
            }
            return out + "}";
        }
        case ValueType::object:
            return std::string(1, '<').append(as_object().type_name()).append(1, '>');
        case ValueType::timestamp:
            return "timestamp(\"" + format_timestamp(as_timestamp()) + "\")";
        case ValueType::duration:
            return "duration(\"" + format_duration(as_duration()) + "\")";
        case ValueType::error:
            return "error(" + quote(as_error().message) + ")";
    }
    return "?";
}

bool operator==(const Value& a, const Value& b) {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
        case ValueType::null:
            return true;
        case ValueType::boolean:
            return a.as_bool() == b.as_bool();
        case ValueType::integer:
            return a.as_int() == b.as_int();
        case ValueType::floating:
            return a.as_double() == b.as_double();
        case ValueType::string:
            return a.as_string() == b.as_string();
        case ValueType::list:
            return a.as_list() == b.as_list();
        case ValueType::map:
            return a.as_map() == b.as_map();
        case ValueType::object:
            return a.object_ptr() == b.object_ptr();
        case ValueType::timestamp:
            return a.as_timestamp() == b.as_timestamp();
        case ValueType::duration:
            return a.as_duration() == b.as_duration();
        case ValueType::error:
            return a.as_error().message == b.as_error().message;
    }
    return false;
}

std::ostream& operator<<(std::ostream& os, const Value& v) {
    return os << v.to_debug_string();
}

}  // namespace amtdiag::engine::expr
