#include "parsers/hosttext/text.h"

#include <algorithm>
#include <cctype>

namespace amtdiag::parsers::hosttext {

namespace {

bool looks_utf16le(std::string_view b) {
    if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFF &&
        static_cast<unsigned char>(b[1]) == 0xFE)
        return true;
    // ASCII text in UTF-16LE: most odd bytes are NUL, even bytes are not.
    const size_t n = std::min<size_t>(b.size() & ~size_t{1}, 512);
    if (n < 8) return false;
    size_t odd_nul = 0, even_nul = 0;
    for (size_t i = 0; i < n; i += 2) {
        even_nul += b[i] == '\0';
        odd_nul += b[i + 1] == '\0';
    }
    return odd_nul * 10 >= (n / 2) * 8 && even_nul * 10 <= (n / 2);
}

void append_utf8(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

std::string from_utf16le(std::string_view b) {
    std::string out;
    out.reserve(b.size() / 2);
    size_t i = 0;
    if (b.size() >= 2 && static_cast<unsigned char>(b[0]) == 0xFF &&
        static_cast<unsigned char>(b[1]) == 0xFE)
        i = 2;
    constexpr uint32_t kReplacement = 0xFFFD;
    for (; i + 1 < b.size(); i += 2) {
        const uint32_t u = static_cast<unsigned char>(b[i]) |
                           (static_cast<uint32_t>(static_cast<unsigned char>(b[i + 1])) << 8);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (i + 3 < b.size()) {
                const uint32_t lo =
                    static_cast<unsigned char>(b[i + 2]) |
                    (static_cast<uint32_t>(static_cast<unsigned char>(b[i + 3])) << 8);
                if (lo >= 0xDC00 && lo <= 0xDFFF) {
                    append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
                    i += 2;
                    continue;
                }
            }
            append_utf8(out, kReplacement);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            append_utf8(out, kReplacement);
        } else {
            append_utf8(out, u);
        }
    }
    return out;
}

// Drops CSI sequences (ESC [ params letter) and lone ESCs: a pasted coloured terminal.
std::string strip_escapes(std::string text) {
    if (text.find('\x1B') == std::string::npos) return text;
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\x1B') {
            out.push_back(text[i]);
            continue;
        }
        if (i + 1 < text.size() && text[i + 1] == '[') {
            size_t j = i + 2;
            while (j < text.size() && !std::isalpha(static_cast<unsigned char>(text[j]))) ++j;
            i = j;  // the final letter is skipped by the loop
        }
    }
    return out;
}

}  // namespace

std::string to_utf8(std::string_view bytes) {
    std::string text;
    if (looks_utf16le(bytes)) {
        text = from_utf16le(bytes);
    } else {
        if (bytes.substr(0, 3) == "\xEF\xBB\xBF") bytes.remove_prefix(3);
        text.assign(bytes);
    }
    // NULs never belong in these texts (a UTF-16 file cut at an odd byte, padding).
    text.erase(std::remove(text.begin(), text.end(), '\0'), text.end());
    return strip_escapes(std::move(text));
}

std::vector<Line> split_lines(std::string_view text) {
    std::vector<Line> lines;
    uint64_t number = 1;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r') continue;
        lines.push_back({text.substr(start, i - start), number++});
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        start = i + 1;
    }
    if (start < text.size()) lines.push_back({text.substr(start), number});
    return lines;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

std::string lower(std::string_view s) {
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
    if (s.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    return true;
}

bool contains_nocase(std::string_view s, std::string_view needle) {
    if (needle.empty()) return true;
    for (size_t i = 0; i + needle.size() <= s.size(); ++i)
        if (starts_with_nocase(s.substr(i), needle)) return true;
    return false;
}

bool is_ipv4(std::string_view s) {
    int parts = 0;
    size_t i = 0;
    while (i <= s.size()) {
        size_t digits = 0;
        unsigned value = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i])) && digits < 4) {
            value = value * 10 + static_cast<unsigned>(s[i] - '0');
            ++i;
            ++digits;
        }
        if (digits == 0 || digits > 3 || value > 255) return false;
        ++parts;
        if (i == s.size()) break;
        if (s[i] != '.' || parts == 4) return false;
        ++i;
    }
    return parts == 4;
}

bool is_ipv6(std::string_view s) {
    const size_t zone = s.find('%');
    if (zone != std::string_view::npos) s = s.substr(0, zone);
    if (s.size() < 2 || s.find(':') == std::string_view::npos) return false;
    size_t colons = 0;
    for (char c : s) {
        if (c == ':') {
            ++colons;
        } else if (!std::isxdigit(static_cast<unsigned char>(c)) && c != '.') {
            return false;
        }
    }
    return colons >= 2 && colons <= 7;
}

}  // namespace amtdiag::parsers::hosttext
