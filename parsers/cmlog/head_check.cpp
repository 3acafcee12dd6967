#include "parsers/cmlog/head_check.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "parsers/cmlog/damage.h"
#include "parsers/cmlog/reader.h"
#include "parsers/detect/magic.h"

namespace amtdiag::parsers::cmlog::detail {
namespace {

unsigned char byte_at(std::string_view s, std::size_t i) {
    return static_cast<unsigned char>(s[i]);
}

// Control characters that never occur in a text log. TAB, LF, CR, FF, VT, SUB (a DOS end of
// file mark) and ESC (terminal colours) do; NUL is judged by run length instead.
bool is_binary_control(unsigned c) {
    return (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' && c != '\v' &&
            c != 0x1A && c != 0x1B) ||
           c == 0x7F;
}

bool is_blank_unit(unsigned c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// Byte (or unit) statistics of the head, NUL padding excluded.
struct TextStats {
    uint64_t units = 0;      // all units
    uint64_t padding = 0;    // units in NUL runs of padding length
    uint64_t control = 0;    // binary control units, short NUL runs, broken surrogates
    uint64_t undefined = 0;  // bytes Windows-1252 leaves undefined (narrow only)
    uint64_t high = 0;       // bytes above 0x7F (narrow only)
    uint64_t spaces = 0;     // 0x20 (narrow only)
    bool has_non_blank = false;
    uint64_t content() const { return units - padding; }
};

// `whole`: the head is the whole file, so a NUL run reaching its end is trailing padding.
TextStats narrow_stats(std::string_view text, bool whole) {
    TextStats st;
    st.units = text.size();
    for (std::size_t i = 0; i < text.size();) {
        const unsigned c = byte_at(text, i);
        if (c == 0) {
            std::size_t k = i;
            while (k < text.size() && text[k] == '\0') ++k;
            // A run reaching the end of the head may go on: padding if long enough so far.
            // A lone NUL between characters, with another two bytes on, is UTF-16 text
            // appended to the log (the reader follows it): not a control byte either.
            const bool utf16 = k - i == 1 && i > 0 && k + 1 < text.size() && text[k] != '\0' &&
                               text[k + 1] == '\0';
            const bool padding = k - i >= kNulPaddingUnits || (whole && k == text.size());
            if (!utf16) (padding ? st.padding : st.control) += k - i;
            i = k;
            continue;
        }
        if (is_binary_control(c)) ++st.control;
        if (c >= 0x80) ++st.high;
        if (c == ' ') ++st.spaces;
        if (c == 0x81 || c == 0x8D || c == 0x8F || c == 0x90 || c == 0x9D) ++st.undefined;
        if (!is_blank_unit(c)) st.has_non_blank = true;
        ++i;
    }
    return st;
}

unsigned unit_at(std::string_view s, std::size_t i) {
    return byte_at(s, i) | (unsigned{byte_at(s, i + 1)} << 8);
}

TextStats wide_stats(std::string_view text, bool whole) {
    TextStats st;
    const std::size_t n = text.size() / 2;
    st.units = n;
    for (std::size_t i = 0; i < n;) {
        const unsigned u = unit_at(text, 2 * i);
        if (u == 0) {
            std::size_t k = i;
            while (k < n && unit_at(text, 2 * k) == 0) ++k;
            const bool padding = k - i >= kNulPaddingUnitsWide || (whole && k == n);
            (padding ? st.padding : st.control) += k - i;
            i = k;
            continue;
        }
        if (u >= 0xD800 && u <= 0xDBFF) {  // a high surrogate needs a low one
            const bool paired = i + 1 < n && unit_at(text, 2 * i + 2) >= 0xDC00 &&
                                unit_at(text, 2 * i + 2) <= 0xDFFF;
            if (!paired && i + 1 < n) ++st.control;
            st.has_non_blank = true;
            i += paired ? 2 : 1;
            continue;
        }
        if ((u >= 0xDC00 && u <= 0xDFFF) || u == 0xFFFE || u == 0xFFFF || is_binary_control(u)) {
            ++st.control;
        }
        if (!is_blank_unit(u)) st.has_non_blank = true;
        ++i;
    }
    return st;
}

std::string percent(uint64_t part, uint64_t whole) {
    return std::to_string((part * 100 + whole / 2) / whole) + "%";
}

std::string where(std::string_view head) {
    return head.size() >= kSniffBytes ? "in the first 64 KiB"
                                      : "in its " + with_commas(head.size()) + " bytes";
}

}  // namespace

std::string_view binary_signature(std::string_view head) {
    const auto type = detect::identify(head);
    return type ? type->description : std::string_view();
}

HeadCheck check_head(std::string_view head) {
    HeadCheck check;
    if (head.empty()) {
        check.verdict = HeadVerdict::empty;
        check.reason = "empty file";
        return check;
    }
    if (const std::string_view magic = binary_signature(head); !magic.empty()) {
        check.verdict = HeadVerdict::binary;
        check.reason = magic;
        return check;
    }
    check.guess = detect_encoding(head);
    if (check.guess.unsupported != nullptr) {
        check.verdict = HeadVerdict::binary;
        check.reason = check.guess.unsupported;
        return check;
    }
    const std::string_view text = head.substr(std::min(check.guess.bom_size, head.size()));
    if (text.empty()) {
        check.verdict = HeadVerdict::empty;
        check.reason = "empty file (byte order mark only)";
        return check;
    }
    const bool wide = is_wide(check.guess.encoding);
    const bool whole = head.size() < kSniffBytes;
    const TextStats st = wide ? wide_stats(text, whole) : narrow_stats(text, whole);
    if (st.content() == 0) {
        check.verdict = HeadVerdict::empty;
        check.reason = "only NUL bytes (a log whose text was never written)";
        return check;
    }
    // A few stray control bytes are damage inside a log; binary data is full of them (random
    // and compressed bytes: about 10 %).
    if (st.control * 100 >= st.content() * 5) {
        check.verdict = HeadVerdict::binary;
        check.reason = "binary data (" + percent(st.control, st.content()) + " control " +
                       (wide ? "characters " : "bytes ") + where(head) + ")";
        return check;
    }
    // Not UTF-8 and full of the five bytes Windows-1252 leaves undefined: not 1252 text
    // either (random bytes have 2 %, real ANSI text none).
    if (check.guess.encoding == Encoding::windows1252 && st.undefined * 200 > st.content()) {
        check.verdict = HeadVerdict::binary;
        check.reason = "binary data (" + percent(st.undefined, st.content()) +
                       " bytes that are neither UTF-8 nor Windows-1252 text " + where(head) + ")";
        return check;
    }
    // Small heads give weak statistics. Text in a legacy code page (even Cyrillic or CJK, and
    // always the ASCII trailers of a log) has spaces and neither control nor undefined bytes;
    // a short run of random bytes is mostly above 0x7F and has hardly a space.
    if (check.guess.encoding == Encoding::windows1252 && st.high * 10 >= st.content() * 3 &&
        (st.control + st.undefined > 0 || st.spaces * 100 < st.content() * 3)) {
        check.verdict = HeadVerdict::binary;
        check.reason = "binary data (not UTF-8: " + percent(st.high, st.content()) +
                       " bytes above 0x7F and hardly a space " + where(head) + ")";
        return check;
    }
    if (!st.has_non_blank) {
        check.verdict = HeadVerdict::empty;
        check.reason = "only blank lines";
        return check;
    }
    return check;
}

}  // namespace amtdiag::parsers::cmlog::detail
