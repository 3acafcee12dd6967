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

EncodingGuess detect_encoding(std::string_view head) {
    if (head.size() >= 3 && byte_at(head, 0) == 0xEF && byte_at(head, 1) == 0xBB &&
        byte_at(head, 2) == 0xBF) {
        return {Encoding::utf8_bom, 3};
    }
    if (head.size() >= 2 && byte_at(head, 0) == 0xFF && byte_at(head, 1) == 0xFE) {
        return {Encoding::utf16le_bom, 2};
    }
    std::size_t odd_zero = 0, even_zero = 0;
    for (std::size_t i = 0; i + 1 < head.size(); i += 2) {
        even_zero += head[i] == '\0' ? 1 : 0;
        odd_zero += head[i + 1] == '\0' ? 1 : 0;
    }
    const std::size_t pairs = head.size() / 2;
    if (pairs > 0 && odd_zero * 10 >= pairs * 3 && even_zero * 10 < pairs) {
        return {Encoding::utf16le, 0};
    }
    if (is_ascii(head.data(), head.size())) return {Encoding::utf8, 0};
    // The head may end inside a multi-byte sequence: only judge up to the last line end.
    std::string_view judged = head;
    if (const auto nl = head.rfind('\n');
        nl != std::string_view::npos && head.size() >= kSniffBytes) {
        judged = head.substr(0, nl);
    }
    return {is_valid_utf8(judged) ? Encoding::utf8 : Encoding::windows1252, 0};
}

std::size_t binary_offset(std::string_view text, Encoding encoding) {
    // NUL is what separates binary files from text: a text log has none (except zero padding
    // after a crash, which is at the end, not in the head); 1 % is the tolerance.
    const bool wide = encoding == Encoding::utf16le || encoding == Encoding::utf16le_bom;
    const std::size_t unit = wide ? 2 : 1;
    std::size_t units = 0, nul = 0, control = 0;
    std::size_t first_bad = std::string_view::npos;
    for (std::size_t i = 0; i + unit <= text.size(); i += unit) {
        ++units;
        const unsigned c = byte_at(text, i);
        const unsigned hi = wide ? byte_at(text, i + 1) : 0;
        if (hi != 0) continue;
        const bool is_nul = c == 0;
        const bool is_control = c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' &&
                                c != '\v' && c != 0x1A && c != 0x1B;
        if (is_nul || is_control) {
            if (first_bad == std::string_view::npos) first_bad = i;
            nul += is_nul ? 1 : 0;
            control += is_control && !is_nul ? 1 : 0;
        }
    }
    if (units == 0) return std::string_view::npos;
    if (nul * 100 >= units || control * 10 >= units) return first_bad;
    return std::string_view::npos;
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
