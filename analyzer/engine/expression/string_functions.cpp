#include "analyzer/engine/expression/string_functions.h"

#include <charconv>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace amtdiag::engine::expr::detail {

namespace {

bool all_strings(std::span<const Value> a) {
    for (const Value& v : a)
        if (v.type() != ValueType::string) return false;
    return true;
}

// Byte offset of code point `index` in `s` (s.size() for index == count); npos beyond.
size_t byte_of(std::string_view s, int64_t index) {
    if (index < 0) return std::string_view::npos;
    size_t pos = 0;
    for (int64_t n = 0; n < index; ++n) {
        if (pos >= s.size()) return std::string_view::npos;
        ++pos;
        while (pos < s.size() && (static_cast<unsigned char>(s[pos]) & 0xC0) == 0x80) ++pos;
    }
    return pos;
}

int64_t code_point_of(std::string_view s, size_t byte) {
    int64_t n = 0;
    for (size_t i = 0; i < byte && i < s.size(); ++i)
        n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80 ? 1 : 0;
    return n;
}

Value split(std::span<const Value> a) {
    if (!all_strings(a)) return no_overload("split", a);
    const std::string& s = a[0].as_string();
    const std::string& sep = a[1].as_string();
    List out;
    if (sep.empty()) {  // CEL: every code point on its own
        for (size_t i = 0; i < s.size();) {
            size_t j = i + 1;
            while (j < s.size() && (static_cast<unsigned char>(s[j]) & 0xC0) == 0x80) ++j;
            out.emplace_back(s.substr(i, j - i));
            i = j;
        }
        return Value(std::move(out));
    }
    size_t from = 0;
    for (;;) {
        const size_t at = s.find(sep, from);
        out.emplace_back(s.substr(from, at == std::string::npos ? std::string::npos : at - from));
        if (at == std::string::npos) break;
        from = at + sep.size();
    }
    return Value(std::move(out));
}

Value join(std::span<const Value> a) {
    if (a[0].type() != ValueType::list || (a.size() == 2 && a[1].type() != ValueType::string))
        return no_overload("join", a);
    const std::string sep = a.size() == 2 ? a[1].as_string() : std::string();
    std::string out;
    bool first = true;
    for (const Value& item : a[0].as_list()) {
        if (item.type() != ValueType::string)
            return Value::error("join: the list holds a " + std::string(item.type_name()) +
                                ", not only strings");
        if (!first) out += sep;
        out += item.as_string();
        first = false;
    }
    return Value(std::move(out));
}

Value replace(std::span<const Value> a) {
    if (!all_strings(a)) return no_overload("replace", a);
    const std::string& s = a[0].as_string();
    const std::string& from = a[1].as_string();
    const std::string& to = a[2].as_string();
    if (from.empty()) return a[0];
    std::string out;
    size_t pos = 0;
    for (size_t at; (at = s.find(from, pos)) != std::string::npos; pos = at + from.size())
        out.append(s, pos, at - pos).append(to);
    out.append(s, pos);
    return Value(std::move(out));
}

bool is_space(unsigned char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
}

Value trim(std::span<const Value> a) {
    if (!all_strings(a)) return no_overload("trim", a);
    std::string_view s = a[0].as_string();
    while (!s.empty() && is_space(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && is_space(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return Value(std::string(s));
}

Value substring(std::span<const Value> a) {
    if (a[0].type() != ValueType::string || a[1].type() != ValueType::integer ||
        (a.size() == 3 && a[2].type() != ValueType::integer))
        return no_overload("substring", a);
    const std::string& s = a[0].as_string();
    const size_t begin = byte_of(s, a[1].as_int());
    const size_t end = a.size() == 3 ? byte_of(s, a[2].as_int()) : s.size();
    if (begin == std::string_view::npos || end == std::string_view::npos || end < begin)
        return Value::error("substring: index out of range");
    return Value(s.substr(begin, end - begin));
}

Value index_of(Builtin id, std::span<const Value> a) {
    if (!all_strings(a)) return no_overload(id == Builtin::index_of ? "indexOf" : "lastIndexOf", a);
    const std::string& s = a[0].as_string();
    const size_t at =
        id == Builtin::index_of ? s.find(a[1].as_string()) : s.rfind(a[1].as_string());
    return at == std::string::npos ? int64_t{-1} : code_point_of(s, at);
}

Value compare_versions(std::span<const Value> a) {
    if (!all_strings(a)) return no_overload("compareVersions", a);
    return int64_t{expr::compare_versions(a[0].as_string(), a[1].as_string())};
}

std::string hex_byte(unsigned char c) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02X", c);
    return buf;
}

std::string shown(unsigned char c) {
    if (c >= 0x20 && c < 0x7f) return std::string(" '") + static_cast<char>(c) + "'";
    return {};
}

// Where two byte strings first differ, for people comparing a certificate field with the
// text AMT demands: "byte 23: 0x63 'c' where 0x43 'C' is expected".
Value byte_diff(std::span<const Value> a) {
    if (!all_strings(a)) return no_overload("byteDiff", a);
    const std::string& got = a[0].as_string();
    const std::string& want = a[1].as_string();
    if (got == want) return Value(std::string());
    size_t i = 0;
    while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
    const auto g = [&](size_t k) { return static_cast<unsigned char>(got[k]); };
    const auto w = [&](size_t k) { return static_cast<unsigned char>(want[k]); };
    std::string out = "byte " + std::to_string(i + 1) + ": ";
    if (i < got.size() && i < want.size())
        out += hex_byte(g(i)) + shown(g(i)) + " where " + hex_byte(w(i)) + shown(w(i)) +
               " is expected";
    else if (i < got.size())
        out += hex_byte(g(i)) + shown(g(i)) + " after the expected text ends";
    else
        out += "the text ends where " + hex_byte(w(i)) + shown(w(i)) + " is expected";
    if (got.size() != want.size())
        out += " (" + std::to_string(got.size()) + " bytes, " + std::to_string(want.size()) +
               " expected)";
    return Value(std::move(out));
}

Value hex_bytes(std::span<const Value> a) {
    if (!all_strings(a)) return no_overload("hexBytes", a);
    std::string out;
    for (unsigned char c : a[0].as_string()) {
        if (!out.empty()) out += ' ';
        out += hex_byte(c).substr(2);
    }
    return Value(std::move(out));
}

// The text with the differences people do not see folded away: ASCII case, runs of spaces
// (and spaces at the ends), the registered sign written as "(R)" or U+00AE. Two texts with
// equal looseText() but unequal bytes are near misses.
Value loose_text(std::span<const Value> a) {
    if (!all_strings(a)) return no_overload("looseText", a);
    const std::string& s = a[0].as_string();
    std::string out;
    bool space = false;
    for (size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (is_space(c) || (c == 0xC2 && i + 1 < s.size() &&
                            static_cast<unsigned char>(s[i + 1]) == 0xA0)) {  // NBSP
            if (c == 0xC2) ++i;
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xAE) {
            out += "(r)";  // U+00AE REGISTERED SIGN
            ++i;
            continue;
        }
        out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
    }
    return Value(std::move(out));
}

}  // namespace

Value call_string_builtin(Builtin id, std::span<const Value> args) {
    switch (id) {
        case Builtin::split:
            return split(args);
        case Builtin::join:
            return join(args);
        case Builtin::replace:
            return replace(args);
        case Builtin::trim:
            return trim(args);
        case Builtin::substring:
            return substring(args);
        case Builtin::index_of:
        case Builtin::last_index_of:
            return index_of(id, args);
        case Builtin::compare_versions:
            return compare_versions(args);
        case Builtin::byte_diff:
            return byte_diff(args);
        case Builtin::hex_bytes:
            return hex_bytes(args);
        case Builtin::loose_text:
            return loose_text(args);
        default:
            break;
    }
    return Value::error("internal error: not a string builtin");
}

}  // namespace amtdiag::engine::expr::detail

namespace amtdiag::engine::expr {

int compare_versions(std::string_view x, std::string_view y) {
    auto next = [](std::string_view& v) {
        const size_t dot = v.find('.');
        const std::string_view part = v.substr(0, dot);
        v = dot == std::string_view::npos ? std::string_view() : v.substr(dot + 1);
        return part;
    };
    while (!x.empty() || !y.empty()) {
        const std::string_view px = next(x), py = next(y);
        int64_t nx = 0, ny = 0;
        const auto rx = std::from_chars(px.data(), px.data() + px.size(), nx);
        const auto ry = std::from_chars(py.data(), py.data() + py.size(), ny);
        const bool numeric = (px.empty() || rx.ptr == px.data() + px.size()) &&
                             (py.empty() || ry.ptr == py.data() + py.size());
        if (numeric) {
            if (nx != ny) return nx < ny ? -1 : 1;
        } else if (px != py) {
            return px < py ? -1 : 1;
        }
    }
    return 0;
}

}  // namespace amtdiag::engine::expr
