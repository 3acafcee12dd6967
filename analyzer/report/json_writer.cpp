#include "analyzer/report/json_writer.h"

#include <charconv>
#include <cstring>

#include <nlohmann/json.hpp>

namespace amtdiag::report {

namespace {

// Well-formed UTF-8 as Unicode's table 3-7 defines it (what nlohmann's decoder accepts).
bool valid_utf8(const unsigned char* p, size_t n) {
    size_t i = 0;
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;
            if (c == 0xED) hi = 0x9F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        if (n - i < len) return false;
        if (p[i + 1] < lo || p[i + 1] > hi) return false;
        for (size_t k = 2; k < len; ++k)
            if (p[i + k] < 0x80 || p[i + k] > 0xBF) return false;
        i += len;
    }
    return true;
}

// Bytes a JSON string may carry as they are: everything but quote, backslash and controls.
inline bool plain(unsigned char c) {
    return c >= 0x20 && c != '"' && c != '\\';
}

// Eight bytes at a time: true when none needs escaping and none is non-ASCII (SWAR: a byte
// below 0x20, equal to '"' or '\\', or with its high bit set sets its lane's high bit).
inline bool eight_plain_ascii(const unsigned char* p) {
    uint64_t v;
    std::memcpy(&v, p, sizeof v);
    constexpr uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const uint64_t below_space = (v - ones * 0x20) & ~v;
    const uint64_t q = v ^ (ones * '"');
    const uint64_t quote = (q - ones) & ~q;
    const uint64_t b = v ^ (ones * '\\');
    const uint64_t backslash = (b - ones) & ~b;
    return ((below_space | quote | backslash | v) & highs) == 0;
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const size_t n = text.size();
    out.push_back('"');
    size_t i = 0;
    bool non_ascii = false;
    while (i < n) {
        if (n - i >= 8 && eight_plain_ascii(p + i)) {
            i += 8;
            continue;
        }
        const unsigned char c = p[i];
        if (c >= 0x80) non_ascii = true;
        if (!plain(c)) break;
        ++i;
    }
    if (i == n && !non_ascii) {  // the common case: nothing to escape, plain ASCII
        out.append(text);
        out.push_back('"');
        return;
    }
    if (!valid_utf8(p, n)) {
        // Rare: leave the replacement rules to the library that defines the output.
        out.pop_back();
        out += nlohmann::ordered_json(std::string(text))
                   .dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        return;
    }
    out.append(text.data(), i);
    for (; i < n; ++i) {
        const unsigned char c = p[i];
        if (plain(c)) {
            out.push_back(static_cast<char>(c));
            continue;
        }
        switch (c) {
            case '"':
                out += "\\\"";
                break;
            case '\\':
                out += "\\\\";
                break;
            case '\b':
                out += "\\b";
                break;
            case '\f':
                out += "\\f";
                break;
            case '\n':
                out += "\\n";
                break;
            case '\r':
                out += "\\r";
                break;
            case '\t':
                out += "\\t";
                break;
            default: {
                static constexpr char hex[] = "0123456789abcdef";
                out += "\\u00";
                out.push_back(hex[c >> 4]);
                out.push_back(hex[c & 0xF]);
            }
        }
    }
    out.push_back('"');
}

void JsonWriter::newline_indent(int depth) {
    out_.push_back('\n');
    out_.append(static_cast<size_t>(depth) * 2, ' ');
}

// Before a member or an array element: the comma after the one before, then the indentation.
void JsonWriter::separate() {
    if (!empty_.back()) out_.push_back(',');
    empty_.back() = false;
    if (!compact_) newline_indent(depth_);
}

void JsonWriter::element() {
    if (after_key_) {
        after_key_ = false;
        return;
    }
    if (!empty_.empty()) separate();  // else the top-level value
}

void JsonWriter::key(std::string_view name) {
    separate();
    append_json_string(out_, name);
    out_ += compact_ ? ":" : ": ";
    after_key_ = true;
}

void JsonWriter::open(char bracket) {
    element();
    out_.push_back(bracket);
    empty_.push_back(true);
    ++depth_;
}

void JsonWriter::close(char bracket) {
    const bool empty = empty_.back();
    empty_.pop_back();
    --depth_;
    if (!empty && !compact_) newline_indent(depth_);
    out_.push_back(bracket);
}

void JsonWriter::signed_number(int64_t number) {
    element();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, number).ptr;
    out_.append(buf, end);
}

void JsonWriter::unsigned_number(uint64_t number) {
    element();
    char buf[24];
    const auto end = std::to_chars(buf, buf + sizeof buf, number).ptr;
    out_.append(buf, end);
}

void JsonWriter::value(const std::vector<std::string>& items) {
    begin_array();
    for (const auto& item : items) value(std::string_view(item));
    end_array();
}

}  // namespace amtdiag::report
