#pragma once
// Small inline scanners shared by the record grammars. Hand-written because they run for
// every record of every log (no sscanf/regex in the hot path).
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#include "analyzer/model/severity.h"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace amtdiag::parsers::cmlog::detail {

inline constexpr std::size_t npos = std::string_view::npos;

inline bool is_digit(char c) {
    return c >= '0' && c <= '9';
}
inline bool is_space(char c) {
    // NUL counts: logs cut by a crash are padded with zeros.
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0';
}

inline std::string_view trim_right(std::string_view s) {
    std::size_t n = s.size();
    while (n > 0 && is_space(s[n - 1])) --n;
    return s.substr(0, n);
}

inline bool is_blank(std::string_view s) {
    return trim_right(s).empty();
}

// Display form of a message: trailing whitespace, then the '~' line-break markers of the
// SMS trace writer (§1.2), then whitespace again.
inline std::string_view finish_message(std::string_view s) {
    s = trim_right(s);
    std::size_t n = s.size();
    while (n > 0 && s[n - 1] == '~') --n;
    return trim_right(s.substr(0, n));
}

// Reads between 1 and `max_digits` decimal digits at s[i]; returns the index after them, or
// npos when there is no digit.
inline std::size_t read_uint(std::string_view s, std::size_t i, std::size_t max_digits,
                             uint32_t& value) {
    value = 0;
    std::size_t k = i;
    while (k < s.size() && k - i < max_digits && is_digit(s[k])) {
        value = value * 10 + static_cast<uint32_t>(s[k] - '0');
        ++k;
    }
    return k == i ? npos : k;
}

inline bool expect(std::string_view s, std::size_t i, char c) {
    return i < s.size() && s[i] == c;
}

inline bool starts_with_at(std::string_view s, std::size_t i, std::string_view lit) {
    return i <= s.size() && s.size() - i >= lit.size() &&
           std::memcmp(s.data() + i, lit.data(), lit.size()) == 0;
}

// Case-insensitive match of a lowercase ASCII word at s[i] (`word` has letters only, so
// OR-ing 0x20 folds exactly the two cases of each letter).
inline bool iword_at(std::string_view s, std::size_t i, std::string_view word) {
    if (i > s.size() || s.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k) {
        if ((s[i + k] | 0x20) != word[k]) return false;
    }
    return true;
}

// Position of the first `a` or `b` in s[from, limit), or `limit`. Inline SSE2 scan for short
// fields (an SMS trace component), where a per-byte loop was the hottest spot of the reader.
inline std::size_t find_either(std::string_view s, std::size_t from, std::size_t limit, char a,
                               char b) {
    const char* p = s.data();
    std::size_t i = from;
#if defined(__SSE2__)
    const __m128i va = _mm_set1_epi8(a);
    const __m128i vb = _mm_set1_epi8(b);
    for (; i + 16 <= limit; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const auto mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(x, va), _mm_cmpeq_epi8(x, vb))));
        if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
#endif
    while (i < limit && p[i] != a && p[i] != b) ++i;
    return i;
}

// Position of the first "$$" at or after `from`, or npos. Inline SSE2 pair scan: called once or
// twice per SMS trace line, where a libc call per short search costs more than the scan.
inline std::size_t find_double_dollar(std::string_view s, std::size_t from) {
    const char* p = s.data();
    const std::size_t n = s.size();
    std::size_t i = from;
#if defined(__SSE2__)
    const __m128i dollar = _mm_set1_epi8('$');
    for (; i + 17 <= n; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
        const auto mask = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, dollar), _mm_cmpeq_epi8(b, dollar))));
        if (mask != 0) return i + static_cast<std::size_t>(__builtin_ctz(mask));
    }
#endif
    for (; i + 1 < n; ++i) {
        if (p[i] == '$' && p[i + 1] == '$') return i;
    }
    return npos;
}

// CMTrace's rule for logs without a type field (§4): "error" anywhere -> error, else "warn"
// -> warning. Runs on every record, so candidates are found 16 bytes at a time: every "error"
// contains the pair "rr" and every "warn" the pair "rn" (case-folded), both rare in log text
// (a lone 'r' is not: it would make the exact check run several times per message).
inline model::Severity keyword_severity(std::string_view s) {
    const char* p = s.data();
    const std::size_t n = s.size();
    bool warn = false;
    // `k` is the position of an "rr" or "rn" pair.
    const auto is_error_at = [&](std::size_t k) {
        if (k >= 1 && iword_at(s, k - 1, "error")) return true;
        if (k >= 2 && iword_at(s, k - 2, "warn")) warn = true;
        return false;
    };
    std::size_t i = 0;
#if defined(__SSE2__)
    const __m128i fold = _mm_set1_epi8(0x20);
    const __m128i r = _mm_set1_epi8('r');
    const __m128i nn = _mm_set1_epi8('n');
    for (; i + 17 <= n; i += 16) {
        const __m128i a =
            _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), fold);
        const __m128i b =
            _mm_or_si128(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1)), fold);
        const __m128i hit = _mm_and_si128(
            _mm_cmpeq_epi8(a, r), _mm_or_si128(_mm_cmpeq_epi8(b, r), _mm_cmpeq_epi8(b, nn)));
        auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit));
        while (mask != 0) {
            const auto bit = static_cast<std::size_t>(__builtin_ctz(mask));
            mask &= mask - 1;
            if (is_error_at(i + bit)) return model::Severity::error;
        }
    }
#endif
    for (; i + 1 < n; ++i) {
        const int next = p[i + 1] | 0x20;
        if ((p[i] | 0x20) == 'r' && (next == 'r' || next == 'n') && is_error_at(i)) {
            return model::Severity::error;
        }
    }
    return warn ? model::Severity::warning : model::Severity::none;
}

// One pass over a line segment for the SMS trace hot path: the first "$$" at or after `from`
// (where a trailer may start) and the keyword severity of the text before it. Fusing the two
// scans saves a pass over every message. A keyword window never matches across "$$" or
// before `from` (which follows a trailer's '>'), so the result equals keyword_severity() of
// the message.
struct MessageScan {
    std::size_t dollars = npos;
    model::Severity severity = model::Severity::none;
};

inline MessageScan scan_message(std::string_view s, std::size_t from) {
    const char* p = s.data();
    const std::size_t n = s.size();
    bool error = false, warn = false;
    const auto check = [&](std::size_t k) {
        if (error) return;
        if (k >= from + 1 && iword_at(s, k - 1, "error")) {
            error = true;
        } else if (!warn && k >= from + 2 && iword_at(s, k - 2, "warn")) {
            warn = true;
        }
    };
    const auto result = [&](std::size_t at) {
        return MessageScan{at, error  ? model::Severity::error
                               : warn ? model::Severity::warning
                                      : model::Severity::none};
    };
    std::size_t i = from;
#if defined(__SSE2__)
    const __m128i dollar = _mm_set1_epi8('$');
    const __m128i fold = _mm_set1_epi8(0x20);
    const __m128i r = _mm_set1_epi8('r');
    const __m128i nn = _mm_set1_epi8('n');
    for (; i + 17 <= n; i += 16) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i + 1));
        const auto dollars = static_cast<unsigned>(
            _mm_movemask_epi8(_mm_and_si128(_mm_cmpeq_epi8(a, dollar), _mm_cmpeq_epi8(b, dollar))));
        const __m128i af = _mm_or_si128(a, fold);
        const __m128i bf = _mm_or_si128(b, fold);
        auto pairs = static_cast<unsigned>(_mm_movemask_epi8(_mm_and_si128(
            _mm_cmpeq_epi8(af, r), _mm_or_si128(_mm_cmpeq_epi8(bf, r), _mm_cmpeq_epi8(bf, nn)))));
        if (dollars != 0) pairs &= (1u << __builtin_ctz(dollars)) - 1;
        while (pairs != 0) {
            check(i + static_cast<std::size_t>(__builtin_ctz(pairs)));
            pairs &= pairs - 1;
        }
        if (dollars != 0) return result(i + static_cast<std::size_t>(__builtin_ctz(dollars)));
    }
#endif
    for (; i + 1 < n; ++i) {
        if (p[i] == '$' && p[i + 1] == '$') return result(i);
        const int next = p[i + 1] | 0x20;
        if ((p[i] | 0x20) == 'r' && (next == 'r' || next == 'n')) check(i);
    }
    return result(npos);
}

}  // namespace amtdiag::parsers::cmlog::detail
