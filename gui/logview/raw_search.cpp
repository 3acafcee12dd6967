#include "gui/logview/raw_search.h"

#include <cstdint>
#include <cstring>

namespace amtdiag::gui::logview {

namespace {

inline char fold(char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c;
}

std::string widen(std::string_view ascii) {
    std::string out;
    out.reserve(ascii.size() * 2);
    for (const char c : ascii) {
        out += c;
        out += '\0';
    }
    return out;
}

// The last occurrence of a marker: trailers end a record, so searching from the end finds
// them after a few dozen bytes instead of after the whole message.
// (string_view::rfind calls memcmp at every position: most of a filter pass's time.)
size_t last_marker(std::string_view raw, std::string_view marker) {
    if (raw.size() < marker.size()) return std::string_view::npos;
    size_t limit = raw.size() - marker.size() + 1;  // candidates start before this
    while (limit > 0) {
        const void* hit = memrchr(raw.data(), marker[0], limit);
        if (hit == nullptr) return std::string_view::npos;
        const auto at = static_cast<size_t>(static_cast<const char*>(hit) - raw.data());
        size_t i = 1;  // short markers: a loop, not a memcmp call per candidate
        while (i < marker.size() && raw[at + i] == marker[i]) ++i;
        if (i == marker.size()) return at;
        limit = at;
    }
    return std::string_view::npos;
}

bool starts_with(std::string_view raw, std::string_view prefix) {
    if (raw.size() < prefix.size()) return false;
    for (size_t i = 0; i < prefix.size(); ++i)
        if (raw[i] != prefix[i]) return false;
    return true;
}

}  // namespace

RawNeedle::RawNeedle(std::string_view utf8, bool wide) : wide_(wide) {
    std::string folded;
    folded.reserve(utf8.size());
    for (const char c : utf8) folded += fold(c);
    // UTF-16LE: ASCII characters are the byte then a zero; other characters are looked for in
    // the UTF-16 form of their UTF-8 bytes only when they are ASCII, so non-ASCII needles in
    // UTF-16 logs match through the decoded text instead (LogModel::find falls back to it).
    folded_ = wide ? widen(folded) : folded;
}

bool RawNeedle::found_in(std::string_view haystack) const {
    const size_t n = folded_.size();
    if (n == 0) return true;
    if (haystack.size() < n) return false;
    // Candidates for the first character come from memchr (vectorised in the C library), one
    // search per case, each resumed only when its candidate is used up: linear in the record.
    const char lower = folded_[0];
    const char upper = lower >= 'a' && lower <= 'z' ? static_cast<char>(lower - 32) : lower;
    const char* const p = haystack.data();
    const size_t last = haystack.size() - n;  // the last possible start
    auto next = [&](char c, size_t from) -> size_t {
        if (from > last) return SIZE_MAX;
        const void* hit = std::memchr(p + from, c, last - from + 1);
        return hit == nullptr ? SIZE_MAX : static_cast<size_t>(static_cast<const char*>(hit) - p);
    };
    size_t at_lower = next(lower, 0);
    size_t at_upper = upper == lower ? SIZE_MAX : next(upper, 0);
    while (at_lower != SIZE_MAX || at_upper != SIZE_MAX) {
        const bool use_lower = at_lower <= at_upper;
        const size_t at = use_lower ? at_lower : at_upper;
        // UTF-16LE: a match starts on a code unit boundary.
        if (!wide_ || (at & 1) == 0) {
            size_t i = 1;
            while (i < n && fold(p[at + i]) == folded_[i]) ++i;
            if (i == n) return true;
        }
        if (use_lower)
            at_lower = next(lower, at + 1);
        else
            at_upper = next(upper, at + 1);
    }
    return false;
}

std::string_view message_part(std::string_view raw, bool wide) {
    static const std::string ccm_open = "<![LOG[", ccm = "]LOG]!><", sms = "$$<", tab = "\t";
    static const std::string ccm_open_w = widen(ccm_open), ccm_w = widen(ccm), sms_w = widen(sms),
                             tab_w = widen(tab);
    size_t end = std::string_view::npos;
    if (starts_with(raw, wide ? ccm_open_w : ccm_open)) end = last_marker(raw, wide ? ccm_w : ccm);
    if (end == std::string_view::npos) end = last_marker(raw, wide ? sms_w : sms);
    // A CMTrace copy: the message is the first of the tab-separated fields.
    if (end == std::string_view::npos) end = raw.find(wide ? tab_w : tab);
    return end == std::string_view::npos ? raw : raw.substr(0, end);
}

}  // namespace amtdiag::gui::logview
