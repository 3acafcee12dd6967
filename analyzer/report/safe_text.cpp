#include "analyzer/report/safe_text.h"

#include <cstdint>
#include <cstdio>

namespace amtdiag::report {

namespace {

void hex_escape(std::string& out, unsigned char byte) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02X", byte);
    out += buf;
}

// Length of the UTF-8 sequence starting at text[i] and its code point; 0 when invalid.
size_t utf8_sequence(std::string_view text, size_t i, uint32_t& cp) {
    const auto b0 = static_cast<unsigned char>(text[i]);
    size_t len = 0;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        len = 2;
        cp = b0 & 0x1Fu;
    } else if (b0 >= 0xE0 && b0 <= 0xEF) {
        len = 3;
        cp = b0 & 0x0Fu;
    } else if (b0 >= 0xF0 && b0 <= 0xF4) {
        len = 4;
        cp = b0 & 0x07u;
    } else {
        return 0;
    }
    if (i + len > text.size()) return 0;
    for (size_t k = 1; k < len; ++k) {
        const auto b = static_cast<unsigned char>(text[i + k]);
        if ((b & 0xC0) != 0x80) return 0;
        cp = (cp << 6) | (b & 0x3Fu);
    }
    // Overlong forms, surrogates and values beyond Unicode are not text.
    if ((len == 3 && cp < 0x800) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF)) ||
        (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}

bool is_bidi_control(uint32_t cp) {
    return (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200E ||
           cp == 0x200F || cp == 0x061C;
}

}  // namespace

std::string safe_text(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            if (c == '\t' || (c >= 0x20 && c != 0x7F)) {
                out.push_back(static_cast<char>(c));
            } else if (c == '\n') {
                out += "\\n";
            } else if (c == '\r') {
                out += "\\r";
            } else if (c == 0x1B) {
                out += "\\e";
            } else {
                hex_escape(out, c);
            }
            ++i;
            continue;
        }
        uint32_t cp = 0;
        const size_t len = utf8_sequence(text, i, cp);
        if (len == 0) {
            hex_escape(out, c);
            ++i;
            continue;
        }
        if ((cp >= 0x80 && cp <= 0x9F) || is_bidi_control(cp)) {
            char buf[12];
            std::snprintf(buf, sizeof buf, "\\u%04X", cp);
            out += buf;
        } else {
            out.append(text, i, len);
        }
        i += len;
    }
    return out;
}

}  // namespace amtdiag::report
