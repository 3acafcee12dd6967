#include "parsers/cmlog/encoding.h"

#include <array>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace amtdiag::parsers::cmlog::detail {
namespace {

// Windows-1252 0x80..0x9F; the five unassigned bytes map to the C1 control of the same
// value, as MultiByteToWideChar does.
constexpr std::array<char16_t, 32> kCp1252High = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

inline unsigned char byte_at(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]);
}

// Writes `cp` as UTF-8 at `out`, returns the number of bytes written.
inline std::size_t put_utf8(char32_t cp, char* out) {
    if (cp < 0x80) {
        out[0] = static_cast<char>(cp);
        return 1;
    }
    if (cp < 0x800) {
        out[0] = static_cast<char>(0xC0 | (cp >> 6));
        out[1] = static_cast<char>(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        out[0] = static_cast<char>(0xE0 | (cp >> 12));
        out[1] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out[2] = static_cast<char>(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = static_cast<char>(0xF0 | (cp >> 18));
    out[1] = static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out[2] = static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out[3] = static_cast<char>(0x80 | (cp & 0x3F));
    return 4;
}

// Length of the valid UTF-8 sequence starting at s[i], 0 when invalid or cut short.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    const unsigned char c = byte_at(s, i);
    std::size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        need = 1;
    } else if (c >= 0xE0 && c <= 0xEF) {
        need = 2;
        if (c == 0xE0) lo = 0xA0;  // overlong
        if (c == 0xED) hi = 0x9F;  // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        need = 3;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + need >= s.size()) return 0;
    const unsigned char c1 = byte_at(s, i + 1);
    if (c1 < lo || c1 > hi) return 0;
    for (std::size_t k = 2; k <= need; ++k) {
        if ((byte_at(s, i + k) & 0xC0) != 0x80) return 0;
    }
    return need + 1;
}

}  // namespace

bool is_ascii(const char* data, std::size_t size) {
    // Runs over every buffer of the hot path: 64 bytes per step, one branch per step.
    std::size_t i = 0;
#if defined(__SSE2__)
    __m128i acc = _mm_setzero_si128();
    for (; i + 64 <= size; i += 64) {
        const auto* v = reinterpret_cast<const __m128i*>(data + i);
        acc = _mm_or_si128(
            acc, _mm_or_si128(_mm_or_si128(_mm_loadu_si128(v), _mm_loadu_si128(v + 1)),
                              _mm_or_si128(_mm_loadu_si128(v + 2), _mm_loadu_si128(v + 3))));
        if ((i & 4095) == 0 && _mm_movemask_epi8(acc) != 0) return false;
    }
    if (_mm_movemask_epi8(acc) != 0) return false;
#endif
    uint64_t word_acc = 0;
    for (; i + 8 <= size; i += 8) {
        uint64_t w;
        std::memcpy(&w, data + i, sizeof w);
        word_acc |= w;
    }
    unsigned char tail = 0;
    for (; i < size; ++i)
        tail = static_cast<unsigned char>(tail | static_cast<unsigned char>(data[i]));
    return (word_acc & 0x8080808080808080ULL) == 0 && tail < 0x80;
}

bool is_valid_utf8(std::string_view bytes) {
    std::size_t i = 0;
    while (i < bytes.size()) {
        if (byte_at(bytes, i) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t n = utf8_sequence(bytes, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

namespace {

// Units of a UTF-16 reading of `s` (from its first byte) by which byte is zero; zero units
// (NUL padding) are left out so that a padded log is judged by its text.
struct UnitZeros {
    std::size_t units = 0, high_zero = 0, low_zero = 0;
};

UnitZeros unit_zeros(std::string_view s) {
    UnitZeros z;
    for (std::size_t i = 0; i + 1 < s.size(); i += 2) {
        const bool lo = s[i] == '\0', hi = s[i + 1] == '\0';
        if (lo && hi) continue;
        ++z.units;
        z.high_zero += hi ? 1 : 0;
        z.low_zero += lo ? 1 : 0;
    }
    return z;
}

bool looks_utf16le(const UnitZeros& z) {
    return z.units > 0 && z.high_zero * 10 >= z.units * 3 && z.low_zero * 10 < z.units;
}
bool looks_utf16be(const UnitZeros& z) {
    return z.units > 0 && z.low_zero * 10 >= z.units * 3 && z.high_zero * 10 < z.units;
}

// How the text at the start of the file is encoded. That is what matters: a change later on
// is followed by the reader. Leading NUL padding is skipped; the statistics stop at the next
// padding and at 256 bytes. UTF-16 text of a Latin script has a zero byte in its first 16
// bytes; UTF-8 text followed by UTF-16 does not, however much UTF-16 follows.
enum class StartKind : uint8_t { narrow, utf16le, utf16be };

StartKind start_kind(std::string_view text) {
    std::size_t i = 0;
    while (i + 1 < text.size() && text[i] == '\0' && text[i + 1] == '\0') i += 2;
    std::string_view window = text.substr(i, 256);
    const std::size_t first_zero = window.find('\0');
    if (first_zero == std::string_view::npos || first_zero >= 16) return StartKind::narrow;
    if (const std::size_t pad = window.find(std::string_view("\0\0\0\0\0\0\0\0", 8), 1);
        pad != std::string_view::npos) {
        window = window.substr(0, pad);
    }
    const UnitZeros z = unit_zeros(window);
    if (looks_utf16le(z)) return StartKind::utf16le;
    if (looks_utf16be(z)) return StartKind::utf16be;
    return StartKind::narrow;
}

// The head may end inside a multi-byte sequence (a full head, a file cut short): judge a full
// head up to its last line end, and never count a sequence cut at the very end.
bool valid_utf8_head(std::string_view head) {
    if (head.size() >= kSniffBytes) {
        if (const auto nl = head.rfind('\n'); nl != std::string_view::npos) {
            head = head.substr(0, nl);
        }
    }
    // The last sequence is shorter than its lead byte announces: cut, not invalid.
    std::size_t k = head.size();
    while (k > 0 && head.size() - k < 3 && (byte_at(head, k - 1) & 0xC0) == 0x80) --k;
    if (k > 0 && byte_at(head, k - 1) >= 0xC0) {
        const unsigned lead = byte_at(head, k - 1);
        const std::size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (head.size() - (k - 1) < need) head = head.substr(0, k - 1);
    }
    return is_valid_utf8(head);
}

Encoding narrow_encoding(std::string_view text) {
    if (is_ascii(text.data(), text.size())) return Encoding::utf8;
    return valid_utf8_head(text) ? Encoding::utf8 : Encoding::windows1252;
}

// Mostly printable ASCII with hardly any zero bytes: what UTF-8 text looks like through a
// UTF-16 byte order mark that lies.
bool looks_narrow(std::string_view s) {
    if (s.empty()) return false;
    std::size_t plain = 0, zero = 0;
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        zero += c == 0 ? 1 : 0;
        plain += (c >= 0x20 && c < 0x7F) || c == '\t' || c == '\n' || c == '\r' ? 1 : 0;
    }
    return zero * 100 < s.size() && plain * 10 >= s.size() * 9;
}

}  // namespace

EncodingGuess detect_encoding(std::string_view head) {
    EncodingGuess g;
    const auto starts = [&](std::string_view bom) { return head.substr(0, bom.size()) == bom; };
    if (starts("\xEF\xBB\xBF")) {
        const std::string_view rest = head.substr(3);
        if (start_kind(rest) == StartKind::utf16le) return {Encoding::utf16le, 3, "UTF-8", nullptr};
        return {Encoding::utf8_bom, 3, nullptr, nullptr};
    }
    if (starts(std::string_view("\xFF\xFE\0\0", 4)) && head.size() >= 8 && head[4] != '\0' &&
        head[5] == '\0' && head[6] == '\0' && head[7] == '\0') {
        g.unsupported =
            "UTF-32LE text (byte order mark FF FE 00 00), which ConfigMgr does not write";
        return g;
    }
    if (starts(std::string_view("\0\0\xFE\xFF", 4))) {
        g.unsupported =
            "UTF-32BE text (byte order mark 00 00 FE FF), which ConfigMgr does not write";
        return g;
    }
    if (starts("\xFF\xFE")) {
        const std::string_view rest = head.substr(2);
        // Half a character after the BOM (a .lo_ cut there) proves nothing: 16 bytes do.
        if (rest.size() >= 16 && start_kind(rest) == StartKind::narrow &&
            looks_narrow(rest.substr(0, 256))) {
            return {narrow_encoding(rest), 2, "UTF-16LE", nullptr};
        }
        return {Encoding::utf16le_bom, 2, nullptr, nullptr};
    }
    if (starts("\xFE\xFF")) {
        g.unsupported = "UTF-16BE text (byte order mark FE FF), which ConfigMgr does not write";
        return g;
    }
    const StartKind kind = start_kind(head);
    if (kind == StartKind::utf16le) return {Encoding::utf16le, 0, nullptr, nullptr};
    if (kind == StartKind::utf16be) {
        g.unsupported = "UTF-16BE text, which ConfigMgr does not write";
        return g;
    }
    g.encoding = narrow_encoding(head);
    return g;
}

void append_cp1252_as_utf8(std::string_view bytes, std::string& out) {
    const std::size_t base = out.size();
    out.resize(base + bytes.size() * 3);
    char* w = out.data() + base;
    for (const char ch : bytes) {
        const auto c = static_cast<unsigned char>(ch);
        const char32_t cp = c >= 0x80 && c <= 0x9F ? kCp1252High[c - 0x80] : c;
        w += put_utf8(cp, w);
    }
    out.resize(static_cast<std::size_t>(w - out.data()));
}

void append_utf16le_as_utf8(std::string_view bytes, std::string& out) {
    const std::size_t units = bytes.size() / 2;
    const std::size_t base = out.size();
    out.resize(base + units * 3 + 3);
    char* w = out.data() + base;
    for (std::size_t i = 0; i < units; ++i) {
        const char32_t u = byte_at(bytes, 2 * i) | (char32_t{byte_at(bytes, 2 * i + 1)} << 8);
        if (u < 0x80) {
            *w++ = static_cast<char>(u);
            continue;
        }
        char32_t cp = u;
        if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units) {
            const char32_t low =
                byte_at(bytes, 2 * i + 2) | (char32_t{byte_at(bytes, 2 * i + 3)} << 8);
            if (low >= 0xDC00 && low <= 0xDFFF) {
                cp = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
                ++i;
            } else {
                cp = 0xFFFD;
            }
        } else if (u >= 0xD800 && u <= 0xDFFF) {
            cp = 0xFFFD;
        }
        w += put_utf8(cp, w);
    }
    if (bytes.size() % 2 != 0) w += put_utf8(0xFFFD, w);
    out.resize(static_cast<std::size_t>(w - out.data()));
}

uint64_t source_bytes(std::string_view utf8_prefix, LineSource source) {
    if (source == LineSource::utf8) return utf8_prefix.size();
    uint64_t n = 0;
    for (std::size_t i = 0; i < utf8_prefix.size(); ++i) {
        const unsigned char c = byte_at(utf8_prefix, i);
        if ((c & 0xC0) == 0x80) continue;  // continuation byte: counted with its lead
        if (source == LineSource::cp1252) {
            n += 1;
        } else {
            n += c >= 0xF0 ? 4 : 2;  // supplementary planes need a surrogate pair
        }
    }
    return n;
}

}  // namespace amtdiag::parsers::cmlog::detail
